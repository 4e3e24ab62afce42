/* The training-data fingerprint: SHA-256 of a canonical encoding of the
 * rows (predictors, response, weight) and per-column mean/min/max, computed
 * in one pass while lr_fit holds the data.
 *
 * Canonical encoding, version 1 (docs/persistence.md):
 *   the ASCII header "linreg.fingerprint/1 rows=<n> cols=<k> weighted=<0|1>\n"
 *   then, for each row i = 1..n in order, x_i1 .. x_ik, y_i and (when
 *   weighted) w_i, each as the 8 bytes of its IEEE-754 binary64 value in
 *   little-endian order, with -0.0 written as +0.0.
 * The intercept column, column names and low-order parts (x_lo) are not
 * data and are not hashed. */
#include "../fit/ddouble.h"
#include "persist.h"
#include "sha256.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t put_le(unsigned char *out, double v)
{
    uint64_t u;
    if (v == 0.0)
        v = 0.0; /* -0.0 and +0.0 are the same data */
    memcpy(&u, &v, sizeof u);
    for (int b = 0; b < 8; b++)
        out[b] = (unsigned char)(u >> (8 * b));
    return 8;
}

lr_status lr__fingerprint_compute(const lr_model *m, lr_persist *p)
{
    if (!m->has_data || !m->fitted)
        return lr__fail(LR_ERR_NO_DATA, "the model holds no training rows to fingerprint");
    const lr_matrix *X = &m->X;
    const lr_vector *y = &m->y, *w = &m->w;
    const size_t n = X->rows, k = X->cols, ncols = k + 1;
    const int weighted = w->data != NULL;
    lr_col_summary *cols = lr__calloc(ncols, sizeof *cols);
    lr_dd *sums = lr__calloc(ncols, sizeof *sums);
    const size_t row_bytes = 8 * (ncols + (size_t)weighted);
    const size_t rows_per_chunk = row_bytes < 4096 ? 4096 / row_bytes : 1;
    unsigned char *chunk = lr__calloc(rows_per_chunk, row_bytes);
    if (!cols || !sums || !chunk) {
        free(cols);
        free(sums);
        free(chunk);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the fingerprint of %zu columns", ncols);
    }
    lr_sha256 sha;
    lr__sha256_init(&sha);
    char header[128];
    int hl = lr__snprintf_c(header, sizeof header, "linreg.fingerprint/1 rows=%zu cols=%zu weighted=%d\n",
                            n, k, weighted);
    lr__sha256_update(&sha, header, (size_t)hl);
    for (size_t j = 0; j < ncols; j++) {
        cols[j].min = INFINITY;
        cols[j].max = -INFINITY;
    }
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char *out = chunk + used * row_bytes;
        for (size_t j = 0; j < ncols; j++) {
            double v = j < k ? lr__mat(X, i, j) : lr__vec(y, i);
            out += put_le(out, v);
            sums[j] = lr_dd_add_d(sums[j], v);
            if (v < cols[j].min)
                cols[j].min = v;
            if (v > cols[j].max)
                cols[j].max = v;
        }
        if (weighted)
            put_le(out, lr__vec(w, i));
        if (++used == rows_per_chunk) {
            lr__sha256_update(&sha, chunk, used * row_bytes);
            used = 0;
        }
    }
    lr__sha256_update(&sha, chunk, used * row_bytes);
    unsigned char digest[32];
    lr__sha256_final(&sha, digest);
    for (size_t j = 0; j < ncols; j++)
        cols[j].mean = n ? sums[j].hi / (double)n : NAN;
    free(sums);
    free(chunk);
    free(p->fp_cols);
    p->fp_cols = cols;
    p->fp_ncols = ncols;
    p->fp_rows = (double)n;
    p->fp_weighted = weighted;
    lr__sha256_hex(digest, p->sha256);
    p->has_sha256 = 1;
    p->has_fingerprint = 1;
    return LR_OK;
}

lr_status lr__fingerprint_resolve(const lr_model *m, lr_persist *tmp, const lr_persist **src)
{
    const lr_persist *ps = lr__persist_of(m, 0);
    memset(tmp, 0, sizeof *tmp);
    *src = NULL;
    if (ps && ps->has_fingerprint) {
        *src = ps;
        return LR_OK;
    }
    if (!m->has_data || !m->fitted)
        return LR_OK;
    lr_status st = lr__fingerprint_compute(m, tmp);
    if (st == LR_OK)
        *src = tmp;
    return st;
}
