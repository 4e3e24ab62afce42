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
/* Adds the rows of X and y (weighted by sqrt(w) when w is given; rows of
 * weight 0 are skipped), the intercept column first when asked. y and w
 * must be finite (checked by callers); a non-finite value of X is found
 * here, block by block, and reported with its row and column name (names
 * may be NULL) as LR_ERR_NONFINITE. */
lr_status lr__acc_add_rows(lr_acc_core *acc, int intercept, const lr_matrix *X,
                           const lr_vector *y, const lr_vector *w, const char *const *names);
/* Rows per chunk of the fixed-chunk parallel loops (src/fit/parallel.c). */
#define LR_CHUNK_ROWS ((size_t)1 << 17)

/* Runs fn(ctx, c) for c in [0, nchunks), on worker threads when the
 * machine has several cores (and, if fn calls OpenBLAS, only when OpenBLAS
 * runs single-threaded). fn must write only its own chunk's results. */
void lr__parallel_chunks(size_t nchunks, int calls_blas, void (*fn)(void *ctx, size_t chunk),
                         void *ctx);

/* lr__acc_add_rows over fixed chunks of rows, merged in chunk order
 * (bit-identical for any thread count). */
lr_status lr__acc_add_parallel(lr_acc_core *acc, int intercept, const lr_matrix *X,
                               const lr_vector *y, const lr_vector *w, const char *const *names);
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
    double *owned_weights;  /* copy of the weights (weighted fits without copy_data) */
    /* persistence state (src/io/persist.h: fingerprint, design, sections,
       metadata); NULL until set; released with persist_free(persist) */
    void *persist;
    void (*persist_free)(void *);
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
 * double-double (Björck's augmented system; covariance column by column
 * through it when the condition number is 1e4 or more, else by
 * lr__gram_refine). Updates model->coef, fitted, resid and cov_unscaled. */
lr_status lr__refine(lr_model *model, double *cov_unscaled);
/* Refines only the covariance, from the model's factor and a
 * double-double Gram matrix of the data (refine_cov.c). */
lr_status lr__refine_covariance(lr_model *model, double *cov_unscaled);
/* Refines Z ~ (A'A)^-1 (r x r, column-major, in scaled coordinates) given
 * a triangular factor R of A with leading dimension ldr. */
lr_status lr__gram_refine(const lr_model *model, const double *R, size_t ldr, double *Z);
/* Z = (R'R)^-1, full, from the r x r upper triangular R (leading dimension ldr). */
lr_status lr__inverse_gram(const double *R, size_t ldr, size_t r, double *Z);
/* Writes scaled Z into the p x p unscaled covariance at the kept columns. */
void lr__store_cov(const lr_model *model, const double *Z, double *cov_unscaled);
/* Recomputes fitted values and residuals in double-double. */
void lr__exact_residuals(lr_model *model);


#endif
