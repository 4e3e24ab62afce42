/* The fit as a mergeable accumulator of the triangular factor of the
 * weighted design [1 | X | y]. Rows are packed into a block of a few
 * thousand rows (cache-sized) and folded into R with LAPACK dtpqrt, the
 * triangular-pentagonal QR: R_new = qr([R; B]). This is both faster than
 * one dgeqrf over the whole matrix (the block stays in cache) and the basis
 * for streaming and distributed fits: two factors merge with one dtpqrt of
 * [R_a; R_b]. Never form X'X: its rounding loses twice the digits. */
#include "model.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* About 256 KiB of block, which stays in L2 while dtpqrt sweeps it, with
 * an inner block of 32 columns. Measured with bench/bench_fit (n = 1e6):
 * the fastest of 156 to 8192 rows and inner blocks 12 to 51, for both
 * p = 10 and p = 50. */
static size_t block_rows_for(size_t m)
{
    size_t rows = (32768 + m - 1) / m;
    if (rows < 256)
        rows = 256;
    if (rows > 4096)
        rows = 4096;
    return rows;
}

lr_status lr__acc_init(lr_acc_core *acc, size_t m)
{
    memset(acc, 0, sizeof *acc);
    acc->m = m;
    acc->block_rows = block_rows_for(m);
    acc->nb = m < 32 ? m : 32;
    acc->r = lr__calloc(m * m, sizeof(double));
    acc->block = lr__calloc(acc->block_rows * m, sizeof(double));
    acc->t = lr__calloc(acc->nb * m, sizeof(double));
    acc->work = lr__calloc(acc->nb * m, sizeof(double));
    if (!acc->r || !acc->block || !acc->t || !acc->work) {
        lr__acc_destroy(acc);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the accumulator for %zu columns", m);
    }
    return LR_OK;
}

void lr__acc_destroy(lr_acc_core *acc)
{
    if (!acc)
        return;
    free(acc->r);
    free(acc->block);
    free(acc->t);
    free(acc->work);
    memset(acc, 0, sizeof *acc);
}

/* Folds rows rows of b (leading dimension ldb) into acc->r. */
static lr_status fold(lr_acc_core *acc, size_t rows, double *b, size_t ldb)
{
    if (rows == 0)
        return LR_OK;
    lapack_int info = LAPACKE_dtpqrt_work(LAPACK_COL_MAJOR, (lapack_int)rows, (lapack_int)acc->m, 0,
                                          (lapack_int)acc->nb, acc->r, (lapack_int)acc->m, b,
                                          (lapack_int)ldb, acc->t, (lapack_int)acc->nb, acc->work);
    if (info != 0)
        return lr__fail(LR_ERR_NUMERIC, "LAPACK dtpqrt failed (info %d)", (int)info);
    return LR_OK;
}

lr_status lr__acc_flush(lr_acc_core *acc)
{
    lr_status st = fold(acc, acc->filled, acc->block, acc->block_rows);
    acc->filled = 0;
    return st;
}

/* Finds the first non-finite value of X among rows [from, to) and
 * reports it by row and column name. */
static lr_status report_nonfinite(const lr_matrix *X, const char *const *names, size_t from,
                                  size_t to, size_t row_base)
{
    for (size_t i = from; i < to; i++)
        for (size_t j = 0; j < X->cols; j++) {
            double v = lr__mat(X, i, j);
            if (isfinite(v))
                continue;
            if (names && names[j])
                return lr__fail(LR_ERR_NONFINITE, "column '%s' has %s at row %zu", names[j],
                                isnan(v) ? "NaN" : "Inf", row_base + i + 1);
            return lr__fail(LR_ERR_NONFINITE, "column 'x%zu' has %s at row %zu", j + 1,
                            isnan(v) ? "NaN" : "Inf", row_base + i + 1);
        }
    return lr__fail(LR_ERR_NONFINITE,
                    "a weighted value overflows between rows %zu and %zu (weight times value "
                    "is not finite)", row_base + from + 1, row_base + to);
}

lr_status lr__acc_add_rows(lr_acc_core *acc, int intercept, const lr_matrix *X,
                           const lr_vector *y, const lr_vector *w, const char *const *names)
{
    const size_t k = X->cols, ldb = acc->block_rows, m = acc->m;
    const int weighted = w && w->data;
    const size_t row_base = acc->rows_seen;
    size_t block_first = 0; /* first source row of the pending block */
    for (size_t i = 0; i < X->rows; i++) {
        acc->rows_seen++;
        double sw = 1.0;
        if (weighted) {
            double wi = lr__vec(w, i);
            if (wi == 0.0)
                goto next;
            sw = sqrt(wi);
            acc->sum_log_w += log(wi);
        }
        acc->n_used += 1.0;
        {
            double *row = acc->block + acc->filled;
            size_t c = 0;
            if (intercept)
                row[(c++) * ldb] = sw;
            const double *xi = X->data + (ptrdiff_t)i * X->row_stride;
            if (weighted) {
                for (size_t j = 0; j < k; j++)
                    row[(c++) * ldb] = sw * xi[(ptrdiff_t)j * X->col_stride];
            } else {
                for (size_t j = 0; j < k; j++)
                    row[(c++) * ldb] = xi[(ptrdiff_t)j * X->col_stride];
            }
            row[c * ldb] = sw * lr__vec(y, i);
            acc->filled++;
        }
    next:
        if (acc->filled == ldb || (i + 1 == X->rows && acc->filled)) {
            /* Non-finite values propagate through v * 0: one cheap sweep
             * of the cached block replaces a separate validation pass. */
            double probe = 0.0;
            for (size_t j = 0; j + 1 < m; j++) {
                const double *col = acc->block + j * ldb;
                for (size_t r = 0; r < acc->filled; r++)
                    probe += col[r] * 0.0;
            }
            if (probe != 0.0 || isnan(probe)) {
                acc->filled = 0;
                return report_nonfinite(X, names, block_first, i + 1, row_base);
            }
            lr_status st = lr__acc_flush(acc);
            if (st != LR_OK)
                return st;
            block_first = i + 1;
        }
    }
    return LR_OK;
}

lr_status lr__acc_merge(lr_acc_core *dst, const lr_acc_core *src)
{
    const size_t m = dst->m;
    lr_status st = lr__acc_flush(dst);
    if (st != LR_OK)
        return st;
    /* src's pending rows and its triangle both go into dst. */
    if (src->filled) {
        double *copy = lr__calloc(src->filled * m, sizeof(double));
        if (!copy)
            return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu rows to merge", src->filled);
        for (size_t j = 0; j < m; j++)
            memcpy(copy + j * src->filled, src->block + j * src->block_rows,
                   src->filled * sizeof(double));
        st = fold(dst, src->filled, copy, src->filled);
        free(copy);
        if (st != LR_OK)
            return st;
    }
    double *tri = lr__calloc(m * m, sizeof(double));
    if (!tri)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the factor to merge");
    memcpy(tri, src->r, m * m * sizeof(double));
    st = fold(dst, m, tri, m);
    free(tri);
    if (st != LR_OK)
        return st;
    dst->n_used += src->n_used;
    dst->sum_log_w += src->sum_log_w;
    dst->rows_seen += src->rows_seen;
    return LR_OK;
}
