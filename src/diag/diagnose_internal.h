/* Internals of the batch diagnostics (lr_diagnose, src/diag/diagnose*.c).
 * Not installed.
 *
 * lr_diagnose computes the default diagnostics in a few passes over the
 * rows instead of one or two per test:
 *  - pass 0 (diagnose_pass.c): means and ranges the later passes need;
 *  - pass 1 (diagnose_pass.c): every row once, in fixed chunks of
 *    LR_CHUNK_ROWS used rows on the machine's cores: the row's coordinates
 *    in the model's orthonormal basis z_t = Rs^-T D x~_t (one triangular
 *    solve), its leverage ||z_t||^2 and every influence measure, and the
 *    sums of all other tests (residual moments, Durbin-Watson and
 *    Ljung-Box sums, the auxiliary-regression cross products of
 *    Breusch-Pagan, Breusch-Godfrey and RESET, Gram matrices of [z | e]
 *    over row ranges for Goldfeld-Quandt, rainbow and Harvey-Collier, and
 *    of the differenced z for the Durbin-Watson moments); the residuals are
 *    sorted for Anderson-Darling by a job running beside the chunks;
 *  - pass 2: Anderson-Darling's sum over the sorted residuals in chunks
 *    and the Harvey-Collier recursive residuals (diagnose_hc.c) in
 *    segments, in one set of jobs;
 *  - the tests' statistics from those sums (diagnose.c).
 * Each chunk writes only its own results and they are combined in chunk
 * order, so the numbers do not depend on the number of threads. A test
 * whose fused evaluation would lose accuracy (a nearly singular segment,
 * a cancellation) or that needs what the pass does not compute (exact
 * Durbin-Watson p-value, Goldfeld-Quandt ordered by a column, White,
 * Shapiro-Wilk) is computed by its own function instead. */
#ifndef LR_DIAGNOSE_INTERNAL_H
#define LR_DIAGNOSE_INTERNAL_H

#include "diag_util.h"
#include "influence_pass.h"

/* Rows per block inside a chunk (the vector loops run over a block). */
#define LR_DG_BLOCK 256
/* Rows per Harvey-Collier segment (its recursion restarts from the factor
 * of all earlier rows at each segment). */
#define LR_DG_HC_SEGMENT ((size_t)1 << 13)
/* Messages kept per test. */
#define LR_DG_MSG 320

/* Anderson-Darling helpers (normality.c): the sum over sorted residuals
 * x[first .. first + count) (of n) of the statistic's terms, and A^2 with
 * its p-value from the whole sum. */
double lr__ad_partial(const double *x, size_t first, size_t count, size_t n, double mean, double sd);
void lr__ad_finish(double h, size_t n, lr_test_result *out);

/* Jarque-Bera and the omnibus K^2 from the skewness s and kurtosis k of n
 * residuals (normality.c). */
void lr__jb_finish(size_t n, double s, double k, lr_test_result *out);
lr_status lr__omnibus_finish(size_t n, double s, double k, lr_test_result *out);

/* Goldfeld-Quandt's breakpoints (gqtest's point1, point2) and degrees of
 * freedom for n rows and k coefficients (homoscedasticity.c); the errors
 * of lr_goldfeld_quandt. */
lr_status lr__gq_points(const lr_gq_options *o, double n, double k, double *point1,
                        double *point2, double *df1, double *df2);

/* The rainbow test's central rows from..to (1-based among the used rows)
 * and the argument errors of lr_rainbow_test (specification.c). */
lr_status lr__rainbow_rows(const lr_model *m, double fraction, double center, double *from,
                           double *to);

/* Breusch-Godfrey from its sums (independence.c): a = Q'e (r), bm = Q'Z
 * (r x order), the Neumaier sums Z'Z (upper, order x order), Z'e and e'e. */
lr_status lr__bg_finish(const lr_model *m, size_t n, size_t order, int f_form, const double *a,
                        const double *bm, const double *zz, const double *ze, double ee,
                        lr_test_result *out);

/* --------------------------------------------------------------- the pass */

typedef struct dg_pass {
    const lr_model *m;
    size_t r, p, n, nobs, nchunks;
    const size_t *idx;       /* used row t -> row index; NULL: the same */
    const double *e;         /* n weighted residuals sqrt(w) e, in row order */
    double mean_e;
    double *rinv_diag;       /* r: 1 / Rs_aa */
    /* influence */
    int infl;                /* compute the measures, summary and outlier candidates */
    int infl_flags;          /* with the is.inf flags (needs n_pos) */
    lr__infl_consts ic;
    double *inv_sd;          /* r: 1 / sqrt(diag((Rs'Rs)^-1)) */
    size_t outlier_max;
    double *const *keep;     /* NULL or LR_INFL_COUNT_ caller-layout arrays */
    unsigned char *keep_flags;
    /* sums of the tests; 0 / NULL = not wanted */
    int moments;             /* residual moments, DW and Ljung-Box sums */
    size_t lb_lag;
    int bp, bp_studentize;
    double bp_sigma2;
    size_t bg_order;
    double bg_fill;
    int dw_moments;
    size_t reset_q;
    double reset_center, reset_scale;
    size_t npieces;
    size_t *piece_start;     /* npieces + 1 sorted starts, piece_start[npieces] = n */
    double *pieces;          /* npieces x (r+1)^2 Gram matrices of [z | e] (upper) */
    /* pass-0 requests */
    int want_fitted_range;   /* sum, min, max of the fitted values (RESET) */
    int want_n_pos;          /* rows with leverage > 0 (flags without intercept) */
    double *sorted;          /* n doubles: the sort job's output; NULL = no sort */
    int sort_st;
    char sort_msg[LR_DG_MSG];
} dg_pass;

/* Results of one chunk (combined in chunk order). */
typedef struct dg_chunk {
    lr_status st;
    char msg[LR_DG_MSG];
    /* pass 0 */
    lr_ksum sum_e, su2;
    double sum_f, fmin, fmax, n_pos;
    /* pass 1 */
    lr_ksum s2, s3, s4, dw_num, dw_den;
    lr_ksum *lb;             /* lb_lag */
    double *bp_g;            /* r */
    double *qe;              /* r: Q'e (Breusch-Godfrey, RESET) */
    double *bg;              /* r x order: Q'Z of the lagged residuals */
    lr_ksum *bg_k;           /* order^2 + order + 1: Z'Z, Z'e, e'e */
    double *h1;              /* r x r (upper): Gram of differenced z */
    double tr2;
    double *reset;           /* r*q + q*q + q: Q'Zp, Zp'Zp, Zp'e */
    lr_influence_summary summary;
    lr__outliers outliers;
} dg_chunk;

lr_status lr__dg_chunks_alloc(const dg_pass *ps, dg_chunk **out);
void lr__dg_chunks_free(const dg_pass *ps, dg_chunk *ch);

/* Pass 0 over every chunk (threads). */
void lr__dg_pass0(dg_pass *ps, dg_chunk *ch);
/* Pass 1 over every chunk plus the sort job (threads). Errors are left in
 * the chunks (st, msg) and ps->sort_st. */
void lr__dg_pass1(dg_pass *ps, dg_chunk *ch);
/* Used rows of chunk c: [*t0, *t1). */
void lr__dg_chunk_range(const dg_pass *ps, size_t c, size_t *t0, size_t *t1);

/* Coordinates of used row t in the orthonormal basis: z = Rs^-T D x~_t. */
void lr__dg_zrow(const dg_pass *ps, size_t t, double *z);

/* Harvey-Collier from the segment Gram matrices (diagnose_hc.c): the
 * recursive residuals in segments of LR_DG_HC_SEGMENT rows, each segment
 * started from the factor of the rows before it (from the pieces), in
 * jobs for lr__parallel_chunks. prepare: LR_ERR_UNDEFINED when a start
 * factor is not trusted, finish: LR_ERR_UNDEFINED when the first rows do
 * not determine the coefficients or the residuals are constant (in both
 * cases the caller runs lr_harvey_collier_test). */
typedef struct lr__dg_hc lr__dg_hc;
lr_status lr__dg_hc_prepare(const dg_pass *ps, lr__dg_hc **out);
size_t lr__dg_hc_jobs(const lr__dg_hc *h);
void lr__dg_hc_job(lr__dg_hc *h, size_t j);
lr_status lr__dg_hc_finish(const lr__dg_hc *h, lr_test_result *out);
void lr__dg_hc_free(lr__dg_hc *h);

/* Sum of the piece Gram matrices of [z | e] over used rows [from, to)
 * (both piece boundaries) into g ((r+1)^2, upper). */
void lr__dg_gram_range(const dg_pass *ps, size_t from, size_t to, double *g);

/* ------------------------------------------------------------ the result */

typedef struct dg_test {
    int state;               /* DG_NOT_RUN, DG_DONE, DG_FAILED, DG_SKIPPED */
    lr_status st;
    lr_test_result r;
    char msg[LR_DG_MSG];
} dg_test;

enum { DG_NOT_RUN = 0, DG_DONE, DG_FAILED, DG_SKIPPED };

struct lr_diagnostics {
    size_t p, nobs;
    int intercept, has_rows;
    double n_used;
    char **names;            /* p, owned */
    dg_test test[LR_DIAG_TEST_COUNT_];
    lr_dw_result dw;
    double skewness, kurtosis;
    dg_test moments;         /* state and message of the residual moments */
    double *vif;             /* p */
    double condition_number;
    dg_test collinearity;
    lr_influence_summary summary;
    dg_test influence;       /* r: the Bonferroni outlier test */
    double outlier_cutoff;
    size_t outlier_count;
    size_t *outlier_rows;
    double *outlier_rstudent, *outlier_p, *outlier_bp;
    double *values[LR_INFL_COUNT_]; /* kept per-row measures or NULL */
    unsigned char *flags;
};

/* Adds the entries of the "diagnostics" object to obj (for the CLI and
 * the model document; layout as lr_diagnostics_json). */
#include <cjson/cJSON.h>
lr_status lr__diagnostics_to_json(const lr_diagnostics *d, cJSON *obj);

#endif
