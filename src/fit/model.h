/* The model object and the internal steps of a fit. Not installed. */
#ifndef LR_MODEL_H
#define LR_MODEL_H

#include "../core/internal.h"

/* Accumulator of the triangular factor of the weighted design [X | y]:
 * rows are packed into a block and folded into R with LAPACK dtpqrt, so
 * memory stays O(m^2) and merging two accumulators is one more dtpqrt.
 * Running sums give n and sum(log w) for the likelihood. */
typedef struct lr_acc_core {
    size_t m;          /* columns of the factored matrix: intercept + k + 1 (y) */
    double *r;         /* m x m upper triangular, column-major */
    double *block;     /* block_rows x m, column-major, rows waiting to be folded */
    double *t;         /* nb x m workspace of dtpqrt */
    double *work;      /* nb x m workspace of dtpqrt */
    size_t block_rows, filled, nb;
    double n_used;     /* rows with non-zero weight */
    double sum_log_w;  /* sum of log(w) over those rows */
    size_t rows_seen;
} lr_acc_core;

lr_status lr__acc_init(lr_acc_core *acc, size_t m);
void lr__acc_destroy(lr_acc_core *acc);
/* Adds one row (already including the intercept 1 if any, weighted by
 * sqrt(w) inside) given as m-1 predictor values via a callback-free
 * strided view; w may be NULL. Values must be finite (checked by callers). */
lr_status lr__acc_add_rows(lr_acc_core *acc, int intercept, const lr_matrix *X,
                           const lr_vector *y, const lr_vector *w);
/* Folds the pending block into R. */
lr_status lr__acc_flush(lr_acc_core *acc);
/* dst += src (src flushed state is read, not modified). */
lr_status lr__acc_merge(lr_acc_core *dst, const lr_acc_core *src);

struct lr_model {
    size_t k, p;            /* predictors given; coefficients = k + intercept */
    int intercept;
    char **names;           /* p names, owned */
    unsigned char *aliased; /* p flags */
    size_t rank;
    size_t *keep;           /* rank indices of the non-aliased coefficients */
    double *coef;           /* p estimates, NaN where aliased */
    double *vcov;           /* p x p row-major covariance, NaN rows/cols where aliased */
    double *rfac;           /* rank x rank upper triangular R of the weighted design's
                               non-aliased columns scaled by rscale (column-major) */
    double *rscale;         /* rank column scales (powers of two) */
    double level;
    double n_used;          /* rows with non-zero weight */
    double rss, mss;        /* weighted residual and model sums of squares (R's summary.lm) */
    double sum_log_w;
    double cond;            /* condition number of the unit-column-norm design */
    int refined;
    char *call;
    size_t nobs;            /* rows given, zero-weight rows included; 0 for a streamed fit */
    double *fitted, *resid; /* nobs each, NULL for a streamed fit */
    /* per-row data kept for diagnostics (borrowed unless owned_data is set) */
    int has_data;
    lr_matrix X;
    lr_matrix X_lo;         /* data NULL when absent */
    lr_vector y, w;         /* w.data NULL when unweighted */
    double *owned_data;
    /* Formula fits (src/design/): the design that built X, X_lo, y and w
     * (the views above point into it), owned and released through
     * design_free; na_note, when set, is a line the summary prints under
     * the residual standard error (rows dropped for missing values). */
    struct lr_design *design;
    void (*design_free)(struct lr_design *);
    char *na_note;
};

/* Element (i, j) of the model's design, intercept column included
 * (j = 0 is the intercept when the model has one), and its low-order part
 * when the fit was given extended-precision columns (else 0). */
static inline double lr__design(const lr_model *m, size_t i, size_t j)
{
    return m->intercept && j == 0 ? 1.0 : lr__mat(&m->X, i, j - (size_t)m->intercept);
}
static inline double lr__design_lo(const lr_model *m, size_t i, size_t j)
{
    if (!m->X_lo.data || (m->intercept && j == 0))
        return 0.0;
    return lr__mat(&m->X_lo, i, j - (size_t)m->intercept);
}
/* Weight of row i (1 when unweighted). */
static inline double lr__weight(const lr_model *m, size_t i)
{
    return m->w.data ? lr__vec(&m->w, i) : 1.0;
}

/* Allocates a model with p coefficients and its name table (names may be
 * NULL for x1..xk). Returns NULL (with the error set) on failure. */
lr_model *lr__model_alloc(size_t k, int intercept, const char *const *names);

/* From the accumulated factor R (m x m, last column = Q'y), decides the
 * aliased columns, solves for the coefficients and the unscaled covariance
 * (X'WX)^-1, and fills model->coef, rfac, rscale, keep, aliased, rank,
 * cond. rss_qr receives the residual sum of squares seen by the factor and
 * mss_qr the model sum of squares ("effects" of R's lm); cov_unscaled
 * receives p x p (NaN where aliased). */
lr_status lr__solve_from_r(lr_model *model, const double *r, size_t m, double rank_tol,
                           double *cov_unscaled, double *rss_qr, double *mss_qr);

/* Fills model->vcov = sigma^2 * cov_unscaled. */
void lr__model_set_vcov(lr_model *model, const double *cov_unscaled);

/* Iterative refinement of the solution and the covariance in
 * double-double (Björck's augmented system). Updates model->coef,
 * model->fitted, model->resid and cov_unscaled. */
lr_status lr__refine(lr_model *model, double *cov_unscaled);

/* Student t quantile for a two-sided interval at level with df degrees. */
double lr__t_quantile(double level, double df);

#endif
