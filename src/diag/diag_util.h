/* Helpers shared by the diagnostics in src/diag/. Not installed. */
#ifndef LR_DIAG_UTIL_H
#define LR_DIAG_UTIL_H

#include "../fit/model.h"

#include <math.h>

/* Scale-invariant rank tolerance of the auxiliary least-squares problems:
 * a column whose part outside the span of the columns before it is below
 * this fraction of its norm is dropped (the same rule as the fit's). */
#define LR_DIAG_RANK_TOL 1e-11

/* Common entry checks: model and out not NULL, the model keeps residuals
 * (else LR_ERR_NO_DATA naming the test). Clears the error, initialises GSL
 * and, when out is not NULL, fills *out with NaNs and the method name. */
lr_status lr__diag_begin(const lr_model *m, const char *test, lr_test_result *out,
                         const char *method);

/* Writes the method's name into out->method (truncated to fit). */
void lr__diag_set_method(lr_test_result *out, const char *fmt, ...) LR_PRINTF(2, 3);

/* The rows the tests use: those with non-zero weight, in row order.
 * idx is NULL when that is every row (unweighted fits, no zero weights). */
typedef struct lr_diag_rows {
    size_t n;
    size_t *idx;
} lr_diag_rows;

lr_status lr__diag_rows(const lr_model *m, lr_diag_rows *rows);
void lr__diag_rows_free(lr_diag_rows *rows);
static inline size_t lr__diag_row(const lr_diag_rows *rows, size_t t)
{
    return rows->idx ? rows->idx[t] : t;
}

/* The (weighted) residuals sqrt(w_i) e_i of the used rows, in row order.
 * Returns a borrowed pointer to the model's residuals when no copy is
 * needed (unweighted), else a new array stored in *owned (caller frees).
 * NULL on allocation failure (error set). *n receives the count. */
const double *lr__diag_wresid(const lr_model *m, double **owned, size_t *n);

/* Row i of the design's non-aliased columns (rank values), multiplied by
 * sqrt(w_i) when whiten is set. */
static inline void lr__diag_xrow(const lr_model *m, size_t i, int whiten, double *out)
{
    double s = whiten && m->w.data ? sqrt(lr__vec(&m->w, i)) : 1.0;
    for (size_t a = 0; a < m->rank; a++)
        out[a] = s * lr__design(m, i, m->keep[a]);
}

/* From g = X~' v (X~ the whitened non-aliased design, rank values) to
 * Q' v, where X~ = Q R is the model's factor: out = R^-T (rscale .* g),
 * the coordinates of the projection of v on the column space. */
void lr__diag_qt(const lr_model *m, const double *g, double *out);

/* b' S^+ b for a k x k symmetric positive semi-definite S (column-major,
 * only the upper triangle is read; destroyed) and b (destroyed): columns
 * are scaled to unit diagonal, zero columns dropped, and a pivoted Cholesky
 * factorisation keeps the columns whose squared sine to the span of those
 * kept before exceeds tol2. *rank receives the number kept. */
lr_status lr__diag_psd_quad(double *s, size_t k, double *b, double tol2, double *value,
                            size_t *rank);

/* Residual sum of squares of the last column of an accumulated m x m upper
 * triangular factor (column-major) on the columns before it, dropping
 * (in order) columns that are linear combinations of earlier ones with the
 * scale-invariant rule of LR_DIAG_RANK_TOL. *rank receives the rank of the
 * regressors. */
lr_status lr__diag_tri_rss(const double *r, size_t m, double *rss, size_t *rank);

/* Appends one row of m values to an accumulator's pending block and folds
 * the block into R when it is full. */
lr_status lr__diag_acc_push(lr_acc_core *acc, const double *row);

/* Stable order of v[0..n-1]: idx receives the permutation that sorts v
 * ascending, ties in their original order (as R's order()). */
lr_status lr__diag_order(const double *v, size_t n, size_t *idx);

/* A sum that keeps its rounding error (Neumaier), for sums over n rows. */
typedef struct lr_ksum {
    double s, c;
} lr_ksum;
static inline void lr__ksum_add(lr_ksum *k, double x)
{
    double t = k->s + x;
    if (fabs(k->s) >= fabs(x))
        k->c += (k->s - t) + x;
    else
        k->c += (x - t) + k->s;
    k->s = t;
}
static inline double lr__ksum_value(const lr_ksum *k) { return k->s + k->c; }

#endif
