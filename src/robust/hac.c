/* Newey-West heteroscedasticity- and autocorrelation-consistent covariance
 * as R's sandwich::NeweyWest (sandwich 3.0) with its defaults:
 * prewhite = TRUE, adjust = FALSE, lag = floor(bwNeweyWest(...)).
 *
 * Estimating functions u_t = w_t e_t x_t (rows of non-zero weight, in row
 * order). Prewhitening fits a VAR(1) u_t = A u_{t-1} + v_t by least
 * squares without intercept (ar.ols with demean = FALSE) and works with the
 * n - 1 residuals v_t, recolouring at the end with D = (I - A)^-1.
 * Bartlett weights w_l = 1 - l/(L+1), l = 0..L+1 (seq(1, 0, by = -1/(L+1))),
 *   S = sum_l w_l (C_l + C_l'), C_0 halved, C_l = sum_t v_t v_{t+l}',
 *   meat = D S D' [* n/(n-k) if adjust],  V = (X'WX)^-1 meat (X'WX)^-1.
 * bwNeweyWest (Bartlett kernel, Newey & West 1994): with f_t the sum of
 * the non-intercept columns of v, m = floor(3 (n/100)^(2/9)) (4 without
 * prewhitening), sigma_j = sum_t f_t f_{t+j} / n', s0 = sigma_0 + 2 sum
 * sigma_j, s1 = 2 sum j sigma_j, bandwidth = 1.1447 ((s1/s0)^2)^(1/3) n^(1/3). */
#include "robust_internal.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* bwNeweyWest on the (prewhitened) n2 x k matrix v; n is the original
 * number of rows, wt the column weights (0 for the intercept). */

void lr__robust_estfun(const lr_model *m, size_t n, double *u, double *res)
{
    const size_t k = m->rank;
    for (size_t i = 0, t = 0; i < m->nobs && t < n; i++) {
        const double w = lr__weight(m, i);
        if (w == 0.0)
            continue;
        res[t] = w * m->resid[i];
        for (size_t a = 0; a < k; a++) {
            const size_t j = m->keep[a];
            u[t + a * n] = res[t] * (lr__design(m, i, j) + lr__design_lo(m, i, j));
        }
        t++;
    }
}

double lr__robust_bw_weight(const lr_model *m, size_t a, const double *u, const double *res,
                            size_t n)
{
    if (m->intercept)
        return m->keep[a] == 0 ? 0.0 : 1.0;
    double ss = 0.0;
    for (size_t t = 0; t < n; t++)
        ss += (u[t + a * n] - res[t]) * (u[t + a * n] - res[t]);
    return ss < 1e-16 ? 0.0 : 1.0;
}
static double bandwidth(const double *v, size_t n2, size_t k, size_t n, const double *wt,
                        int prewhite, lr_status *st)
{
    double *f = lr__calloc(n2, sizeof(double));
    if (!f) {
        *st = lr__fail(LR_ERR_NOMEM, "cannot allocate %zu doubles", n2);
        return NAN;
    }
    for (size_t a = 0; a < k; a++)
        if (wt[a] != 0.0)
            for (size_t t = 0; t < n2; t++)
                f[t] += wt[a] * v[t + a * n2];
    const size_t mlag = (size_t)floor((prewhite ? 3.0 : 4.0) * pow((double)n / 100.0, 2.0 / 9.0));
    double s0 = 0.0, s1 = 0.0;
    for (size_t j = 0; j <= mlag && j < n2; j++) {
        double s = 0.0;
        for (size_t t = 0; t + j < n2; t++)
            s += f[t] * f[t + j];
        s /= (double)n2;
        if (j == 0) {
            s0 += s;
        } else {
            s0 += 2.0 * s;
            s1 += 2.0 * (double)j * s;
        }
    }
    free(f);
    double ratio = s1 / s0;
    return 1.1447 * pow(ratio * ratio, 1.0 / 3.0) * pow((double)n, 1.0 / 3.0);
}

/* VAR(1) without intercept by least squares: b (k x k) solves
 * u[1:] ~ u[:-1] b, so A = b'; v receives the n-1 residuals; d = (I - A)^-1
 * (column-major). */
static lr_status prewhiten(const double *u, size_t n, size_t k, double *v, double *d)
{
    const size_t n1 = n - 1;
    lr_status st = LR_OK;
    double *lagm = lr__calloc(n1 * k, sizeof(double));
    double *rhs = lr__calloc(n1 * k, sizeof(double));
    lapack_int *ipiv = lr__calloc(k, sizeof(lapack_int));
    if (!lagm || !rhs || !ipiv) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the prewhitening workspace");
        goto done;
    }
    for (size_t a = 0; a < k; a++)
        for (size_t t = 0; t < n1; t++) {
            lagm[t + a * n1] = u[t + a * n];
            rhs[t + a * n1] = u[t + 1 + a * n];
        }
    lapack_int info = LAPACKE_dgels(LAPACK_COL_MAJOR, 'N', (lapack_int)n1, (lapack_int)k,
                                    (lapack_int)k, lagm, (lapack_int)n1, rhs, (lapack_int)n1);
    if (info != 0) {
        st = lr__fail(LR_ERR_UNDEFINED,
                      "the VAR(1) prewhitening of the estimating functions is singular "
                      "(LAPACK dgels info %d); use prewhite = 0",
                      (int)info);
        goto done;
    }
    /* b(a, c) = rhs[a + c * n1]; residuals v = u[1:] - u[:-1] b */
    for (size_t c = 0; c < k; c++)
        memcpy(v + c * n1, u + 1 + c * n, n1 * sizeof(double));
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n1, (int)k, (int)k, -1.0, u,
                (int)n, rhs, (int)n1, 1.0, v, (int)n1);
    /* I - A with A = b': (I - A)(r, c) = delta - b(c, r) */
    for (size_t c = 0; c < k; c++)
        for (size_t r = 0; r < k; r++)
            d[r + c * k] = (r == c ? 1.0 : 0.0) - rhs[c + r * n1];
    double *eye = lagm; /* reuse: k x k identity as the right-hand side */
    for (size_t c = 0; c < k; c++)
        for (size_t r = 0; r < k; r++)
            eye[r + c * k] = r == c ? 1.0 : 0.0;
    info = LAPACKE_dgesv(LAPACK_COL_MAJOR, (lapack_int)k, (lapack_int)k, d, (lapack_int)k, ipiv,
                         eye, (lapack_int)k);
    if (info != 0) {
        st = lr__fail(LR_ERR_UNDEFINED,
                      "the prewhitening VAR(1) has a unit root (I - A is singular); use "
                      "prewhite = 0");
        goto done;
    }
    memcpy(d, eye, k * k * sizeof(double));
done:
    free(lagm);
    free(rhs);
    free(ipiv);
    return st;
}

lr_status lr__robust_newey_west(const lr_model *m, const lr_robust_options *o, double *vcov,
                                int *lag_out, double *bw_out)
{
    const size_t k = m->rank;
    size_t n = 0;
    for (size_t i = 0; i < m->nobs; i++)
        n += lr__weight(m, i) != 0.0;
    if (o->prewhite != 0 && o->prewhite != 1)
        return lr__fail(LR_ERR_INVALID_ARG, "prewhite must be 0 or 1 (VAR order), not %d",
                        o->prewhite);
    if (o->lag < -1)
        return lr__fail(LR_ERR_INVALID_ARG, "lag must be -1 (automatic) or >= 0, not %d", o->lag);
    const int pw = o->prewhite;
    if (n < (size_t)pw + 2 || (pw && n - 1 < k))
        return lr__fail(LR_ERR_UNDEFINED, "%zu rows are too few for a Newey-West covariance", n);
    lr_status st = LR_OK;
    const size_t n2 = n - (size_t)pw;
    double *u = lr__calloc(n * k, sizeof(double));
    double *v = pw ? lr__calloc(n2 * k, sizeof(double)) : u;
    double *d = lr__calloc(k * k, sizeof(double));
    double *s = lr__calloc(k * k, sizeof(double));
    double *ms = lr__calloc(k * k, sizeof(double));
    double *wt = lr__calloc(k, sizeof(double));
    double *res = lr__calloc(n, sizeof(double));
    if (!u || !v || !d || !s || !ms || !wt || !res) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the Newey-West workspace (%zu x %zu)", n, k);
        goto done;
    }
    lr__robust_estfun(m, n, u, res);
    if (pw && (st = prewhiten(u, n, k, v, d)) != LR_OK)
        goto done;

    int lag = o->lag;
    if (lag < 0) {
        /* bwNeweyWest's column weights: 0 for the intercept; without one, 0
         * for any column equal to the residuals (a column of ones). */
        int any = 0;
        for (size_t a = 0; a < k; a++) {
            wt[a] = lr__robust_bw_weight(m, a, u, res, n);
            any |= wt[a] > 0.0;
        }
        if (!any)
            for (size_t a = 0; a < k; a++)
                wt[a] = 1.0;
        double bw = bandwidth(v, n2, k, n, wt, pw, &st);
        if (st != LR_OK)
            goto done;
        if (!isfinite(bw) || bw > (double)n) {
            st = lr__fail(LR_ERR_UNDEFINED,
                          "the automatic Newey-West bandwidth is %g for %zu rows; give a lag", bw,
                          n);
            goto done;
        }
        *bw_out = bw;
        lag = (int)floor(bw);
    }
    *lag_out = lag;

    /* S = sum_l w_l (C_l + C_l'), with C_0 halved, over the available lags. */
    const double by = -(1.0 / ((double)lag + 1.0));
    for (size_t l = 0; l <= (size_t)lag + 1 && l < n2; l++) {
        double wl = fmax(1.0 + (double)l * by, 0.0);
        if (l == 0)
            wl *= 0.5;
        if (wl == 0.0)
            continue;
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)k, (int)k, (int)(n2 - l), wl, v,
                    (int)n2, v + l, (int)n2, 1.0, s, (int)k);
    }
    for (size_t c = 0; c < k; c++)
        for (size_t r = 0; r <= c; r++) {
            double t = s[r + c * k] + s[c + r * k];
            s[r + c * k] = s[c + r * k] = t;
        }
    if (o->adjust)
        for (size_t i = 0; i < k * k; i++)
            s[i] *= (double)n / ((double)n - (double)k);
    if (pw) {
        /* S <- D S D' */
        double *tmp = ms;
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)k, (int)k, (int)k, 1.0, d,
                    (int)k, s, (int)k, 0.0, tmp, (int)k);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, (int)k, (int)k, (int)k, 1.0, tmp,
                    (int)k, d, (int)k, 0.0, s, (int)k);
    }
    /* to the scaled columns: Ms = diag(rscale) S diag(rscale) */
    for (size_t c = 0; c < k; c++)
        for (size_t r = 0; r < k; r++)
            ms[r + c * k] = s[r + c * k] * m->rscale[r] * m->rscale[c];
    st = lr__robust_sandwich_scaled(m, ms, 1.0, vcov);
done:
    if (v != u)
        free(v);
    free(u);
    free(d);
    free(s);
    free(ms);
    free(wt);
    free(res);
    return st;
}
