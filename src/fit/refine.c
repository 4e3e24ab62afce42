/* Iterative refinement in double-double.
 *
 * Solution: Björck's refinement of the augmented system
 *     [ I   A ] [r]   [b]
 *     [ A'  0 ] [x] = [0]
 * (Björck 1967, "Iterative refinement of linear least squares solutions I",
 * BIT 7; Björck, Numerical Methods for Least Squares Problems, 1996, 2.9).
 * Each step computes f = b - r - A x and g = -A' r in double-double and
 * solves for the corrections with the double Householder QR of A:
 *     Q'f = [f1; f2],  R' h = g,  R dx = f1 - h,  dr = Q [h; f2].
 * Refining r and x together converges to the exact least-squares solution
 * of the (extended-precision) data in about two steps where refining x
 * alone stalls (Longley, Wampler 3-5).
 *
 * Covariance: column j of Z = (A'A)^-1 solves the same augmented system
 * with right-hand side (0, e_j) (then r = A z_j, x = -z_j), so it is
 * refined the same way. The residual of that system carries errors of
 * order |A||z_j|, where the tempting Z <- Z + (R'R)^-1 (I - A'A Z) carries
 * |A'A||Z| and stalls near 7 digits on Filip.
 *
 * A is the weighted design restricted to the non-aliased columns, scaled by
 * the model's power-of-two column scales, and formed from X + x_lo when the
 * caller supplied extended-precision columns. */
#include "ddouble.h"
#include "model.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t n, r;          /* rows used (non-zero weight), columns */
    double *ahi, *alo;    /* n x r column-major: A = ahi + alo */
    double *yhi, *ylo;    /* weighted response */
    double *qr, *tau;     /* dgeqrf of ahi */
    size_t *row;          /* original row index of each used row */
    double *sw;           /* sqrt(w) per used row (double) */
} refine_work;

static void work_free(refine_work *w)
{
    free(w->ahi);
    free(w->alo);
    free(w->yhi);
    free(w->ylo);
    free(w->qr);
    free(w->tau);
    free(w->row);
    free(w->sw);
}

static lr_status build(const lr_model *m, refine_work *w)
{
    const size_t r = m->rank;
    size_t n = 0;
    for (size_t i = 0; i < m->nobs; i++)
        if (lr__weight(m, i) != 0.0)
            n++;
    w->n = n;
    w->r = r;
    w->ahi = lr__calloc(n * r, sizeof(double));
    w->alo = lr__calloc(n * r, sizeof(double));
    w->qr = lr__calloc(n * r, sizeof(double));
    w->yhi = lr__calloc(n, sizeof(double));
    w->ylo = lr__calloc(n, sizeof(double));
    w->tau = lr__calloc(r, sizeof(double));
    w->row = lr__calloc(n, sizeof(size_t));
    w->sw = lr__calloc(n, sizeof(double));
    if (!w->ahi || !w->alo || !w->qr || !w->yhi || !w->ylo || !w->tau || !w->row || !w->sw)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the refinement workspace (%zu x %zu)", n, r);
    size_t u = 0;
    for (size_t i = 0; i < m->nobs; i++) {
        double wi = lr__weight(m, i);
        if (wi == 0.0)
            continue;
        lr_dd sw = lr_dd_sqrt(lr_dd_from(wi));
        w->row[u] = i;
        w->sw[u] = sw.hi;
        for (size_t a = 0; a < r; a++) {
            size_t j = m->keep[a];
            lr_dd x = lr_dd_quick_two_sum(lr__design(m, i, j), lr__design_lo(m, i, j));
            lr_dd v = lr_dd_mul_d(lr_dd_mul(x, sw), m->rscale[a]);
            w->ahi[u + a * n] = v.hi;
            w->alo[u + a * n] = v.lo;
        }
        lr_dd yv = lr_dd_mul_d(sw, lr__vec(&m->y, i));
        w->yhi[u] = yv.hi;
        w->ylo[u] = yv.lo;
        u++;
    }
    memcpy(w->qr, w->ahi, n * r * sizeof(double));
    lapack_int info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)r, w->qr,
                                     (lapack_int)n, w->tau);
    if (info != 0)
        return lr__fail(LR_ERR_NUMERIC, "LAPACK dgeqrf failed (info %d)", (int)info);
    return LR_OK;
}

/* The residual of the augmented system for right-hand side (b, c):
 * f = b - res - A x and g = c - A' res, each element accumulated in
 * double-double and rounded. b is (bhi + blo) or zero when bhi is NULL;
 * c is the unit vector e_cj when cj < r, else zero. */
static void augmented_residual(const refine_work *w, const double *bhi, const double *blo,
                               size_t cj, const double *x, const double *res, double *f,
                               double *g)
{
    const size_t n = w->n, r = w->r;
    for (size_t i = 0; i < n; i++) {
        lr_dd acc = bhi ? (lr_dd){bhi[i], blo[i]} : lr_dd_from(0.0);
        acc = lr_dd_add_d(acc, -res[i]);
        for (size_t a = 0; a < r; a++)
            acc = lr_dd_fma(acc, -w->ahi[i + a * n], -w->alo[i + a * n], x[a]);
        f[i] = acc.hi;
    }
    for (size_t a = 0; a < r; a++) {
        lr_dd acc = lr_dd_from(a == cj ? 1.0 : 0.0);
        for (size_t i = 0; i < n; i++)
            acc = lr_dd_fma(acc, -w->ahi[i + a * n], -w->alo[i + a * n], res[i]);
        g[a] = acc.hi;
    }
}

/* Solves the augmented system for the corrections (dr, dx) given (f, g).
 * f (n) is overwritten by dr, g (r) by dx. */
static lr_status correction(const refine_work *w, double *f, double *g)
{
    const size_t n = w->n, r = w->r;
    lapack_int info = LAPACKE_dormqr(LAPACK_COL_MAJOR, 'L', 'T', (lapack_int)n, 1, (lapack_int)r,
                                     w->qr, (lapack_int)n, w->tau, f, (lapack_int)n);
    if (info != 0)
        return lr__fail(LR_ERR_NUMERIC, "LAPACK dormqr failed (info %d)", (int)info);
    /* h = R^-T g */
    cblas_dtrsv(CblasColMajor, CblasUpper, CblasTrans, CblasNonUnit, (int)r, w->qr, (int)n, g, 1);
    for (size_t a = 0; a < r; a++) {
        double h = g[a];
        g[a] = f[a] - h;
        f[a] = h;
    }
    cblas_dtrsv(CblasColMajor, CblasUpper, CblasNoTrans, CblasNonUnit, (int)r, w->qr, (int)n, g,
                1);
    info = LAPACKE_dormqr(LAPACK_COL_MAJOR, 'L', 'N', (lapack_int)n, 1, (lapack_int)r, w->qr,
                          (lapack_int)n, w->tau, f, (lapack_int)n);
    if (info != 0)
        return lr__fail(LR_ERR_NUMERIC, "LAPACK dormqr failed (info %d)", (int)info);
    return LR_OK;
}

static double max_abs(const double *v, size_t len)
{
    double m = 0.0;
    for (size_t i = 0; i < len; i++)
        if (fabs(v[i]) > m)
            m = fabs(v[i]);
    return m;
}

/* Solves the augmented system for (b, e_cj) from x = 0, res = 0: the first
 * step is the plain double QR solution, the next ones refine it until the
 * correction is below half an ulp or stops shrinking. f (n) and g (r) are
 * scratch. */
static lr_status solve_augmented(const refine_work *w, const double *bhi, const double *blo,
                                 size_t cj, double *x, double *res, double *f, double *g)
{
    const size_t n = w->n, r = w->r;
    memset(x, 0, r * sizeof(double));
    memset(res, 0, n * sizeof(double));
    double prev = INFINITY;
    for (int iter = 0; iter < 12; iter++) {
        augmented_residual(w, bhi, blo, cj, x, res, f, g);
        lr_status st = correction(w, f, g);
        if (st != LR_OK)
            return st;
        double dx = max_abs(g, r);
        for (size_t a = 0; a < r; a++)
            x[a] += g[a];
        for (size_t i = 0; i < n; i++)
            res[i] += f[i];
        if (iter > 0 && (dx <= 0x1p-54 * max_abs(x, r) || dx >= prev))
            break;
        if (iter > 0)
            prev = dx;
    }
    return LR_OK;
}

lr_status lr__refine(lr_model *m, double *cov_unscaled)
{
    const size_t r = m->rank;
    if (r == 0)
        return LR_OK;
    refine_work w;
    memset(&w, 0, sizeof w);
    double *x = NULL, *res = NULL, *z = NULL, *zcol = NULL, *rcol = NULL, *f = NULL, *g = NULL;
    lr_status st = build(m, &w);
    if (st != LR_OK)
        goto done;
    const size_t n = w.n;
    x = lr__calloc(r, sizeof(double));
    res = lr__calloc(n, sizeof(double));
    z = lr__calloc(r * r, sizeof(double));
    zcol = lr__calloc(r, sizeof(double));
    rcol = lr__calloc(n, sizeof(double));
    f = lr__calloc(n, sizeof(double));
    g = lr__calloc(r, sizeof(double));
    if (!x || !res || !z || !zcol || !rcol || !f || !g) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the refinement solution");
        goto done;
    }
    if ((st = solve_augmented(&w, w.yhi, w.ylo, r, x, res, f, g)) != LR_OK)
        goto done;
    if (m->cond >= 1e4) {
        /* Column j of (A'A)^-1 is -x of the augmented system with
         * right-hand side (0, e_j); refining it there keeps the error
         * relative to kappa(A), where Z <- Z + (R'R)^-1 (I - A'A Z) meets
         * kappa(A)^4 u_dd in its residual and stalls at 7 digits on Filip. */
        for (size_t j = 0; j < r; j++) {
            if ((st = solve_augmented(&w, NULL, NULL, j, zcol, rcol, f, g)) != LR_OK)
                goto done;
            for (size_t a = 0; a < r; a++)
                z[a + j * r] = -zcol[a];
        }
        for (size_t a = 0; a < r; a++)
            for (size_t b = a + 1; b < r; b++)
                z[a + b * r] = z[b + a * r] = 0.5 * (z[a + b * r] + z[b + a * r]);
    } else {
        if ((st = lr__inverse_gram(w.qr, n, r, z)) != LR_OK ||
            (st = lr__gram_refine(m, w.qr, n, z)) != LR_OK)
            goto done;
    }
    for (size_t a = 0; a < r; a++)
        m->coef[m->keep[a]] = x[a] * m->rscale[a];
    lr__store_cov(m, z, cov_unscaled);
    /* Residuals: the refined residual of the exact solution, unweighted,
     * and fitted = y - residual (x b with b rounded to double would carry
     * the cancellation of the ill-conditioned columns). Rows of zero weight
     * get x b and y - x b in double-double. */
    size_t u = 0;
    for (size_t i = 0; i < m->nobs; i++) {
        double yi = lr__vec(&m->y, i);
        if (u < n && w.row[u] == i) {
            m->resid[i] = res[u] / w.sw[u];
            m->fitted[i] = yi - m->resid[i];
            u++;
            continue;
        }
        lr_dd fit = lr_dd_from(0.0);
        for (size_t a = 0; a < r; a++) {
            size_t j = m->keep[a];
            fit = lr_dd_fma(fit, lr__design(m, i, j), lr__design_lo(m, i, j), m->coef[j]);
        }
        m->fitted[i] = fit.hi;
        m->resid[i] = lr_dd_add_d(lr_dd_neg(fit), yi).hi;
    }
    m->refined = 1;
done:
    work_free(&w);
    free(x);
    free(res);
    free(z);
    free(zcol);
    free(rcol);
    free(f);
    free(g);
    return st;
}
