/* The influence kernel: one pass over the rows computing every measure of
 * influence.measures in closed form from the model's R factor. The public
 * functions (influence.c), the summary, the outlier test and the CSV
 * writer are visitors of this pass. Not installed. */
#ifndef LR_DIAG_INFLUENCE_PASS_H
#define LR_DIAG_INFLUENCE_PASS_H

#include "../fit/model.h"

#include <float.h>
#include <math.h>

/* Number of scalar per-row measures (LR_INFL_HAT .. LR_INFL_SIGMA). */
#define LR_INFL_SCALARS (LR_INFL_SIGMA + 1)

/* Constants of the per-row formulas and of the is.inf cut-offs. */
typedef struct lr__infl_consts {
    double k, n, rss, s, denom;     /* rank, rows, RSS, sigma, n - k - 1 */
    double inv_s, inv_denom, inv_k; /* their reciprocals */
    double cut_dffits, cut_covratio, cut_hat, cook_median, n_pos;
} lr__infl_consts;

/* Fills c for model m; with flags, n_pos (rows with h_i > 0; see
 * lr__rows_with_leverage) sets the cut-offs. LR_ERR_TOO_FEW_ROWS when
 * flags are asked for and n_pos <= rank. */
lr_status lr__infl_consts_init(const lr_model *m, int flags, double n_pos, lr__infl_consts *c);

/* Rows that take part in the cut-offs of is.inf: h_i > 0, i.e. a non-zero
 * weighted row of the design (with an intercept, every used row). */
double lr__rows_with_leverage(const lr_model *m);

/* x^k for a positive integer k by repeated squaring. */
static inline double lr__int_pow(double x, unsigned k)
{
    double r = 1.0;
    while (k) {
        if (k & 1u)
            r *= x;
        x *= x;
        k >>= 1;
    }
    return r;
}

static inline double lr__finite_or_nan(double v) { return isinf(v) ? NAN : v; }

/* The scalar measures of one row with weight > 0 from its raw leverage
 * ||z_i||^2 and weighted residual e: v[LR_INFL_HAT .. LR_INFL_SIGMA];
 * returns e / (1 - h) / s_(i), the factor of the DFBETAS (0 where h = 1,
 * NaN or Inf where s_(i) = 0). */
static inline double lr__infl_row(const lr__infl_consts *c, double h, double e, double *v)
{
    /* two divisions per row: 1 / (1 - h) and 1 / s_(i); 1 / sqrt(1 - h) is
     * sqrt(1 - h) / (1 - h). h = 1 or s_(i) = 0 give infinities, which
     * become NaN as in R (NA). */
    if (h > 1.0 - 10.0 * DBL_EPSILON)
        h = 1.0;
    const double omh = 1.0 - h, iomh = 1.0 / omh, sq = sqrt(omh), isq = sq * iomh;
    const double si = h < 1.0 ? sqrt((c->rss - e * e * iomh) * c->inv_denom)
                              : sqrt(c->rss * c->inv_denom);
    const double isi = 1.0 / si;
    const double ratio = si * c->inv_s;
    const double es = e * c->inv_s * iomh;
    v[LR_INFL_HAT] = h;
    v[LR_INFL_SIGMA] = si;
    v[LR_INFL_RSTANDARD] = lr__finite_or_nan(e * c->inv_s * isq);
    v[LR_INFL_RSTUDENT] = lr__finite_or_nan(e * isi * isq);
    v[LR_INFL_COOKS_D] = lr__finite_or_nan(es * es * h * c->inv_k);
    v[LR_INFL_DFFITS] = lr__finite_or_nan(e * sqrt(h) * isi * iomh);
    v[LR_INFL_COVRATIO] = lr__finite_or_nan(lr__int_pow(ratio * ratio, (unsigned)c->k) * iomh);
    return (h == 1.0 ? 0.0 : e * iomh) * isi;
}

/* The is.inf flags of one row (dfb_over: some |dfbetas_ij| > 1). */
unsigned char lr__infl_cook_flag(const lr__infl_consts *c, double cook);
static inline unsigned char lr__infl_flags(const lr__infl_consts *c, const double *v, int dfb_over)
{
    unsigned char f = 0;
    if (dfb_over)
        f |= LR_INFL_FLAG_DFBETAS;
    if (fabs(v[LR_INFL_DFFITS]) > c->cut_dffits)
        f |= LR_INFL_FLAG_DFFITS;
    if (fabs(1.0 - v[LR_INFL_COVRATIO]) > c->cut_covratio)
        f |= LR_INFL_FLAG_COVRATIO;
    /* pf(cook, k, n - k) > 0.5: the CDF itself only near the median */
    const double cook = v[LR_INFL_COOKS_D];
    if (cook > c->cook_median ? cook - c->cook_median > 1e-9 * c->cook_median
                              : 0)
        f |= LR_INFL_FLAG_COOKS_D;
    else if (fabs(cook - c->cook_median) <= 1e-9 * c->cook_median)
        f |= lr__infl_cook_flag(c, cook);
    if (v[LR_INFL_HAT] > c->cut_hat)
        f |= LR_INFL_FLAG_HAT;
    return f;
}

/* One block of consecutive rows as the pass hands it to a visitor.
 * Pointers are valid during the call only. */
typedef struct lr__infl_block {
    size_t first, count;                /* rows first .. first + count - 1 (0-based) */
    const double *v[LR_INFL_SCALARS];   /* count values each; NaN for weight-0 rows */
    const double *sw;                   /* sqrt(w_i), 0 for rows with weight 0 */
    const double *dfbeta, *dfbetas;     /* count x ncoef row-major, or NULL */
    const unsigned char *flags;         /* count LR_INFL_FLAG_* masks, or NULL */
} lr__infl_block;

typedef lr_status (*lr__infl_visit)(void *ctx, const lr__infl_block *block);

typedef struct lr__infl_request {
    double *const *out;     /* NULL, or LR_INFL_COUNT_ caller arrays (each NULL or whole) */
    unsigned char *flags;   /* NULL or nobs caller bytes */
    int want_dfbeta;        /* hand dfbeta to the visitor */
    int want_dfbetas;       /* hand dfbetas to the visitor */
    int want_flags;         /* hand flags to the visitor */
    lr__infl_visit visit;   /* may be NULL */
    void *ctx;
} lr__infl_request;

/* Checks that influence measures are defined for the model: it holds its
 * rows (LR_ERR_NO_DATA), rank >= 1 (LR_ERR_UNDEFINED) and n >= rank + 2
 * (LR_ERR_TOO_FEW_ROWS). */
lr_status lr__influence_check(const lr_model *m);

/* Runs the pass. Errors: those of lr__influence_check; LR_ERR_TOO_FEW_ROWS
 * when flags are asked for and no more rows than coefficients have
 * h_i > 0 (R: "too few cases"); LR_ERR_NOMEM. */
lr_status lr__influence_pass(const lr_model *m, const lr__infl_request *req);

/* Visitor of the streaming summary (lr_influence_summarize): ctx is the
 * lr_influence_summary, prepared by lr__summary_init; needs want_flags. */
void lr__summary_init(lr_influence_summary *s);
lr_status lr__summary_visit(void *ctx, const lr__infl_block *block);

/* Merges the summary of later rows src into dst (rows of src after
 * those of dst: ties keep dst's row). */
void lr__summary_merge(lr_influence_summary *dst, const lr_influence_summary *src);

/* Candidates of the Bonferroni outlier test: the n_max + 32 rows with the
 * largest |t_i| (ties: earlier row first), the count of rows with a
 * defined t_i and the first row with the largest |t_i|. */
typedef struct lr__outlier_cand {
    double at, t; /* |t|, t */
    size_t row;
    double p, bp;
} lr__outlier_cand;

typedef struct lr__outliers {
    lr__outlier_cand *heap; /* min-heap on (|t| ascending, row descending) */
    size_t size, cap;
    size_t n_defined;
    double best_at, best_t;
    size_t best_row;
} lr__outliers;

lr_status lr__outliers_init(lr__outliers *c, size_t n_max);
void lr__outliers_free(lr__outliers *c);
/* Offers row `row` with studentized residual t (NaN: skipped). */
void lr__outliers_add(lr__outliers *c, double t, size_t row);
/* Merges src (later rows) into dst. */
void lr__outliers_merge(lr__outliers *dst, const lr__outliers *src);
/* Computes the p-values of the kept candidates and writes the reported rows
 * (arguments as lr_outlier_test; df = n - rank - 1). */
lr_status lr__outliers_finish(lr__outliers *c, const lr_model *model, double cutoff, size_t n_max,
                              lr_test_result *result, size_t *rows, double *rstudent,
                              double *p_unadjusted, double *p_bonferroni, size_t *count);

/* The summary and the Bonferroni outlier test (arguments as
 * lr_influence_summarize and lr_outlier_test) from a single pass. */
lr_status lr__influence_report(const lr_model *m, lr_influence_summary *summary, double cutoff,
                               size_t n_max, lr_test_result *result, size_t *rows,
                               double *rstudent, double *p_unadjusted, double *p_bonferroni,
                               size_t *count);

#endif
