/* Per-predictor curvature tests: the t statistic of x_j^2 added to the
 * model, for every predictor at once, without refitting.
 *
 * In the whitened model (rows scaled by sqrt(w)), with e the residuals of
 * the fit and z_j = x_j^2, the added-variable identities give
 *   z_perp = M z (M the residual maker of the design),
 *   coefficient of z = z_perp'e / ||z_perp||^2,
 *   RSS_1 = RSS - (z_perp'e)^2 / ||z_perp||^2,
 *   t = (z_perp'e / ||z_perp||) / sqrt(RSS_1 / (n - rank - 1)),
 * which is summary(lm(y ~ X + I(x_j^2)))'s t value. z_perp is formed
 * explicitly in a second pass (z - X B with B from the model's R factor)
 * and then orthogonalised once more against X in closed form (projecting
 * twice is enough, as in classical Gram-Schmidt with reorthogonalisation),
 * so a square that is nearly in the span of the design keeps its digits.
 * Two passes over the rows in blocks, O(n rank q) with level-3 BLAS. */
#include "report_internal.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CURV_BLOCK 256

/* Where the block's columns come from: for each kept column a, its column
 * in the user's X (-1: the intercept) and scale; for each candidate, its
 * column in X. */
typedef struct curv_map {
    const long *xcol;
    const long *ccol;
} curv_map;

static inline double xval(const lr_model *m, const double *row, const double *lo, long col)
{
    if (col < 0)
        return 1.0;
    double v = row[col * m->X.col_stride];
    return lo ? v + lo[col * m->X_lo.col_stride] : v;
}

/* Fills the block: X (nb x r, scaled kept columns), Z (nb x q squares),
 * e (nb), all multiplied by sqrt(w); returns the rows filled and advances
 * *next past the rows read. */
static size_t fill_block(const lr_model *m, const curv_map *map, size_t q, size_t *next, double *X,
                         double *Z, double *e, int *positive)
{
    const size_t r = m->rank;
    size_t nb = 0, i = *next;
    for (; i < m->nobs && nb < CURV_BLOCK; i++) {
        double w = lr__weight(m, i);
        if (w == 0.0)
            continue;
        double sw = m->w.data ? sqrt(w) : 1.0;
        const double *row = m->X.data + (ptrdiff_t)i * m->X.row_stride;
        const double *lo = m->X_lo.data ? m->X_lo.data + (ptrdiff_t)i * m->X_lo.row_stride : NULL;
        for (size_t a = 0; a < r; a++)
            X[nb + a * CURV_BLOCK] = sw * xval(m, row, lo, map->xcol[a]) * m->rscale[a];
        for (size_t c = 0; c < q; c++) {
            double x = xval(m, row, lo, map->ccol[c]);
            Z[nb + c * CURV_BLOCK] = sw * x * x;
            if (positive && !(x > 0.0))
                positive[c] = 0;
        }
        e[nb] = sw * m->resid[i];
        nb++;
    }
    *next = i;
    return nb;
}

lr_status rep_curvature_tests(const lr_model *m, const size_t *cand, size_t q, double *t,
                              double *df, int *positive)
{
    const size_t r = m->rank;
    const double dfr = m->n_used - (double)r - 1.0;
    for (size_t c = 0; c < q; c++) {
        t[c] = NAN;
        df[c] = dfr;
        positive[c] = 1;
    }
    if (q == 0)
        return LR_OK;
    if (!m->has_data || !m->resid)
        return lr__fail(LR_ERR_NO_DATA, "the model holds no per-row data (a streamed fit)");
    if (r == 0 || !(dfr >= 1.0))
        return lr__fail(LR_ERR_TOO_FEW_ROWS,
                        "the curvature tests need n > rank + 1 rows (n = %g, rank %zu)", m->n_used,
                        r);
    const size_t B = CURV_BLOCK;
    double *work = lr__calloc(B * (r + q + 1) + 3 * r * q + r + 3 * q, sizeof(double));
    if (!work)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the curvature-test workspace");
    long *cols = lr__calloc(r + q + 1, sizeof(long));
    if (!cols) {
        free(work);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the curvature-test workspace");
    }
    for (size_t a = 0; a < r; a++)
        cols[a] = m->intercept && m->keep[a] == 0 ? -1 : (long)m->keep[a] - m->intercept;
    for (size_t c = 0; c < q; c++)
        cols[r + c] = (long)cand[c] - m->intercept;
    curv_map map = {cols, cols + r};
    double *X = work, *Z = X + B * r, *e = Z + B * q;
    double *G = e + B, *H = G + r * q, *RC = H + r * q, *Xe = RC + r * q;
    double *S = Xe + r, *T = S + q, *zz = T + q;
    /* pass 1: G = X'Z */
    size_t next = 0, nb;
    while ((nb = fill_block(m, &map, q, &next, X, Z, e, positive)) > 0) {
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)r, (int)q, (int)nb, 1.0, X,
                    (int)B, Z, (int)B, 1.0, G, (int)r);
        for (size_t c = 0; c < q; c++)
            for (size_t s = 0; s < nb; s++)
                zz[c] += Z[s + c * B] * Z[s + c * B];
    }
    rep_solve_gram(m, G, q, r); /* G now holds B = (X'X)^-1 X'Z */
    /* pass 2: Zp = Z - X B; S = ||Zp||^2, T = Zp'e, H = X'Zp, Xe = X'e */
    next = 0;
    while ((nb = fill_block(m, &map, q, &next, X, Z, e, NULL)) > 0) {
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)nb, (int)q, (int)r, -1.0, X,
                    (int)B, G, (int)r, 1.0, Z, (int)B);
        for (size_t c = 0; c < q; c++) {
            double s2 = 0.0, te = 0.0;
            const double *zc = Z + c * B;
            for (size_t s = 0; s < nb; s++) {
                s2 += zc[s] * zc[s];
                te += zc[s] * e[s];
            }
            S[c] += s2;
            T[c] += te;
        }
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)r, (int)q, (int)nb, 1.0, X,
                    (int)B, Z, (int)B, 1.0, H, (int)r);
        cblas_dgemv(CblasColMajor, CblasTrans, (int)nb, (int)r, 1.0, X, (int)B, e, 1, 1.0, Xe, 1);
    }
    /* reorthogonalise: C = (X'X)^-1 H; ||Zp - X C||^2 = S - ||R C||^2; (Zp - X C)'e = T - C'X'e */
    memcpy(RC, H, r * q * sizeof(double));
    rep_solve_gram(m, RC, q, r); /* RC = C */
    for (size_t c = 0; c < q; c++)
        T[c] -= cblas_ddot((int)r, RC + c * r, 1, Xe, 1);
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, (int)r, (int)q,
                1.0, m->rfac, (int)r, RC, (int)r);
    for (size_t c = 0; c < q; c++) {
        double rc2 = cblas_ddot((int)r, RC + c * r, 1, RC + c * r, 1);
        double s2 = S[c] - rc2;
        if (!(s2 > 1e-18 * zz[c]))
            continue; /* x_j^2 lies in the span of the design: no test */
        double num = T[c] / sqrt(s2);
        double rss1 = m->rss - num * num;
        if (!(rss1 > 0.0))
            continue;
        t[c] = num / sqrt(rss1 / dfr);
    }
    free(cols);
    free(work);
    return LR_OK;
}
