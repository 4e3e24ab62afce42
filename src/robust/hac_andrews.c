/* HAC covariance with R's sandwich::vcovHAC defaults (sandwich 3.0):
 * weights = weightsAndrews (Quadratic Spectral kernel, bandwidth by
 * bwAndrews with the AR(1) approximation, Andrews 1991), prewhite = FALSE,
 * adjust = TRUE.
 *   bwAndrews: for each column a of u (estimating functions w_i e_i x_i),
 *   an AR(1) with intercept by least squares gives rho_a and the residual
 *   variance sigma_a^2 (divided by n - 1, as ar.ols); with column weights
 *   c_a (0 for the intercept),
 *     alpha2 = sum c 4 rho^2 sigma^4 / (1-rho)^8 / sum c sigma^4 / (1-rho)^4,
 *     bandwidth = 1.3221 (n alpha2)^(1/5);
 *   weights w_l = QS(l / bandwidth), l = 0..n-1, QS(x) = 3/y^2 (sin y / y -
 *   cos y) with y = 6 pi x / 5 (QS(0) = 1), cut after the last |w_l| > 1e-7;
 *   meat = n/(n-k) sum_l w_l (C_l + C_l') with C_0 halved,
 *   V = (X'WX)^-1 meat (X'WX)^-1. */
#include "robust_internal.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>

static double qs_kernel(double x)
{
    if (fabs(x) < 0.001) {
        /* sandwich's kweights: exp(cf x^2), cf = 1e6 log(QS(0.001)) */
        double y = 6.0 * LR_PI * 0.001 / 5.0;
        double q = 3.0 / (y * y) * (sin(y) / y - cos(y));
        return exp(1e6 * log(q) * x * x);
    }
    double y = 6.0 * LR_PI * x / 5.0;
    return 3.0 / (y * y) * (sin(y) / y - cos(y));
}

lr_status lr__robust_hac_andrews(const lr_model *m, double *vcov, int *nlags, double *bw_out)
{
    const size_t k = m->rank;
    size_t n = 0;
    for (size_t i = 0; i < m->nobs; i++)
        n += lr__weight(m, i) != 0.0;
    if (n < 3)
        return lr__fail(LR_ERR_UNDEFINED, "%zu rows are too few for a HAC covariance", n);
    lr_status st = LR_OK;
    double *u = lr__calloc(n * k, sizeof(double));
    double *res = lr__calloc(n, sizeof(double));
    double *s = lr__calloc(k * k, sizeof(double));
    double *ms = lr__calloc(k * k, sizeof(double));
    if (!u || !res || !s || !ms) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the HAC workspace (%zu x %zu)", n, k);
        goto done;
    }
    lr__robust_estfun(m, n, u, res);
    /* column weights as bwAndrews */
    double num = 0.0, den = 0.0;
    int any = 0;
    for (int pass = 0; pass < 2 && !any; pass++) {
        for (size_t a = 0; a < k; a++) {
            const double c = pass == 0 ? lr__robust_bw_weight(m, a, u, res, n) : 1.0;
            if (c == 0.0)
                continue;
            any = 1;
            /* AR(1) with intercept: x_t on x_{t-1}, t = 2..n */
            const double *x = u + a * n;
            double m0 = 0.0, m1 = 0.0;
            for (size_t t = 1; t < n; t++) {
                m0 += x[t - 1];
                m1 += x[t];
            }
            m0 /= (double)(n - 1);
            m1 /= (double)(n - 1);
            double sxx = 0.0, sxy = 0.0;
            for (size_t t = 1; t < n; t++) {
                sxx += (x[t - 1] - m0) * (x[t - 1] - m0);
                sxy += (x[t - 1] - m0) * (x[t] - m1);
            }
            double rho = sxy / sxx, ve = 0.0;
            for (size_t t = 1; t < n; t++) {
                double e = (x[t] - m1) - rho * (x[t - 1] - m0);
                ve += e * e;
            }
            ve /= (double)(n - 1);
            double s4 = ve * ve, om = 1.0 - rho;
            num += c * 4.0 * rho * rho * s4 / pow(om, 8.0);
            den += c * s4 / pow(om, 4.0);
        }
    }
    double bw = 1.3221 * pow((double)n * (num / den), 0.2);
    if (!isfinite(bw) || !(bw > 0)) {
        st = lr__fail(LR_ERR_UNDEFINED, "the Andrews bandwidth is %g (an estimating function "
                                        "is constant or has a unit root)",
                      bw);
        goto done;
    }
    *bw_out = bw;
    size_t last = 0;
    for (size_t l = 0; l < n; l++)
        if (fabs(qs_kernel((double)l / bw)) > 1e-7)
            last = l;
    *nlags = (int)last;
    for (size_t l = 0; l <= last; l++) {
        double wl = qs_kernel((double)l / bw);
        if (l == 0)
            wl *= 0.5;
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)k, (int)k, (int)(n - l), wl, u,
                    (int)n, u + l, (int)n, 1.0, s, (int)k);
    }
    const double adj = (double)n / ((double)n - (double)k);
    for (size_t c = 0; c < k; c++)
        for (size_t r = 0; r < k; r++)
            ms[r + c * k] = adj * (s[r + c * k] + s[c + r * k]) * m->rscale[r] * m->rscale[c];
    st = lr__robust_sandwich_scaled(m, ms, 1.0, vcov);
done:
    free(u);
    free(res);
    free(s);
    free(ms);
    return st;
}
