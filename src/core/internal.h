/* Internal declarations shared by the library's source files. Not installed. */
#ifndef LR_INTERNAL_H
#define LR_INTERNAL_H

#include "linreg.h"

#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__)
#define LR_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define LR_PRINTF(a, b)
#endif

/* Records a formatted message as the calling thread's last error and
 * returns status, so callers can write `return lr__fail(...)`. */
lr_status lr__fail(lr_status status, const char *fmt, ...) LR_PRINTF(2, 3);
/* Clears the calling thread's last error. */
void lr__clear_error(void);
/* Prefixes the current last-error message with a formatted context. */
void lr__error_context(const char *fmt, ...) LR_PRINTF(1, 2);

/* Turns GSL's default abort-on-error handler off once per process (a
 * handler installed by the host program is left alone). Called by every
 * entry point that reaches GSL. */
void lr__gsl_init(void);

#define LR_PI 3.14159265358979323846264338327950288

/* Distributions (src/core/dist.c), accurate in the tails:
 * two-sided p-value P(|T| > |t|) and upper tail P(T > t) of Student's t,
 * the t quantile for a two-sided interval at level, and the F upper tail. */
double lr__t_two_sided_p(double t, double df);
double lr__t_upper(double t, double df);
double lr__t_quantile(double level, double df);
double lr__f_upper(double f, double df1, double df2);

/* Writes one coefficient-table column for p coefficients with covariance
 * vcov (p x p row-major), Student t with df degrees of freedom; NaN for
 * aliased entries (src/core/coef_table.c). */
lr_status lr__coef_table_column(const double *coef, const double *vcov,
                                const unsigned char *aliased, size_t p, double df,
                                lr_coef_column column, double level, double *out, size_t len);

/* Allocation helpers: zeroed arrays, with overflow check; NULL on failure. */
void *lr__calloc(size_t count, size_t size);
char *lr__strdup(const char *s);

/* Element access of borrowed views. */
static inline double lr__mat(const lr_matrix *m, size_t i, size_t j)
{
    return m->data[(ptrdiff_t)i * m->row_stride + (ptrdiff_t)j * m->col_stride];
}
static inline double lr__vec(const lr_vector *v, size_t i)
{
    return v->data[(ptrdiff_t)i * v->stride];
}

/* Locale-independent number formatting: shortest "%.{15,16,17}g" text that
 * reads back as the same double; "NaN", "Inf", "-Inf" for non-finite values.
 * Writes at most size bytes (always terminated); returns the length. */
int lr__format_double(char *buf, size_t size, double value);
int lr__vsnprintf_c(char *buf, size_t size, const char *fmt, va_list ap);
/* Locale-independent snprintf for "%g"-style formats of the caller. */
int lr__snprintf_c(char *buf, size_t size, const char *fmt, ...) LR_PRINTF(3, 4);
/* Locale-independent strtod. */
double lr__strtod_c(const char *s, char **end);

/* A growable text buffer used by the summary and other text outputs. */
typedef struct lr_strbuf {
    char *data;
    size_t len, cap;
    int failed; /* set when an allocation failed; further appends are ignored */
} lr_strbuf;
void lr__sb_append(lr_strbuf *sb, const char *fmt, ...) LR_PRINTF(2, 3);
void lr__sb_puts(lr_strbuf *sb, const char *s);
void lr__sb_free(lr_strbuf *sb);

#endif
