/* Normality of the errors, judged from the (weighted) residuals:
 * Shapiro-Wilk (R shapiro.test), Jarque-Bera (statsmodels jarque_bera),
 * the D'Agostino-Pearson omnibus K^2 (statsmodels omni_normtest = scipy
 * normaltest), Anderson-Darling (R nortest::ad.test), the residual
 * skewness and kurtosis, and the data of a normal Q-Q plot. */
#include "diag_util.h"
#include "kernels.h"
#include "diagnose_internal.h"

#include <float.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_erf.h>
#include <stdlib.h>
#include <string.h>

/* Central moments m2, m3, m4 (divided by n) about the mean, two passes. */
typedef struct {
    double mean, m2, m3, m4;
} moments;

static moments central_moments(const double *x, size_t n)
{
    moments mo = {0, 0, 0, 0};
    lr_ksum s = {0, 0}, s2 = {0, 0}, s3 = {0, 0}, s4 = {0, 0};
    for (size_t i = 0; i < n; i++)
        lr__ksum_add(&s, x[i]);
    mo.mean = lr__ksum_value(&s) / (double)n;
    for (size_t i = 0; i < n; i++) {
        double d = x[i] - mo.mean, d2 = d * d;
        lr__ksum_add(&s2, d2);
        lr__ksum_add(&s3, d2 * d);
        lr__ksum_add(&s4, d2 * d2);
    }
    mo.m2 = lr__ksum_value(&s2) / (double)n;
    mo.m3 = lr__ksum_value(&s3) / (double)n;
    mo.m4 = lr__ksum_value(&s4) / (double)n;
    return mo;
}

/* Skewness and kurtosis of the weighted residuals (n >= min_n). */
static lr_status residual_shape(const lr_model *m, const char *test, size_t min_n,
                                double *skew, double *kurt, size_t *n_out)
{
    double *owned;
    size_t n;
    const double *r = lr__diag_wresid(m, &owned, &n);
    if (!r)
        return LR_ERR_NOMEM;
    *n_out = n;
    if (n < min_n) {
        free(owned);
        return lr__fail(LR_ERR_TOO_FEW_ROWS, "%s needs at least %zu residuals; the model has %zu",
                        test, min_n, n);
    }
    moments mo = central_moments(r, n);
    free(owned);
    if (!(mo.m2 > 0))
        return lr__fail(LR_ERR_UNDEFINED,
                        "%s: the residuals are all equal (an exact fit), so their skewness and "
                        "kurtosis are undefined", test);
    *skew = mo.m3 / pow(mo.m2, 1.5);
    *kurt = mo.m4 / (mo.m2 * mo.m2);
    return LR_OK;
}

lr_status lr_residual_moments(const lr_model *m, double *skewness, double *kurtosis)
{
    lr_status st = lr__diag_begin(m, "residual moments", NULL, NULL);
    if (st != LR_OK)
        return st;
    if (!skewness || !kurtosis)
        return lr__fail(LR_ERR_INVALID_ARG, "residual moments: the outputs must not be NULL");
    size_t n;
    return residual_shape(m, "residual skewness and kurtosis", 2, skewness, kurtosis, &n);
}

lr_status lr_jarque_bera(const lr_model *m, lr_test_result *out)
{
    lr_status st = lr__diag_begin(m, "Jarque-Bera", out, "Jarque-Bera test");
    if (st != LR_OK)
        return st;
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "Jarque-Bera: out is NULL");
    double s, k;
    size_t n;
    if ((st = residual_shape(m, "Jarque-Bera", 2, &s, &k, &n)) != LR_OK)
        return st;
    lr__jb_finish(n, s, k, out);
    return LR_OK;
}

void lr__jb_finish(size_t n, double s, double k, lr_test_result *out)
{
    double jb = (double)n / 6.0 * (s * s + 0.25 * (k - 3.0) * (k - 3.0));
    out->statistic = jb;
    out->df[0] = 2;
    out->p_value = gsl_cdf_chisq_Q(jb, 2.0);
    out->n = n;
}

/* D'Agostino's (1970) transformation of the sample skewness to a normal
 * deviate, as scipy.stats.skewtest. */
static double skew_z(double b2, double n)
{
    double y = b2 * sqrt(((n + 1) * (n + 3)) / (6.0 * (n - 2)));
    double beta2 = 3.0 * (n * n + 27 * n - 70) * (n + 1) * (n + 3) /
                   ((n - 2.0) * (n + 5) * (n + 7) * (n + 9));
    double w2 = -1 + sqrt(2 * (beta2 - 1));
    double delta = 1 / sqrt(0.5 * log(w2));
    double alpha = sqrt(2.0 / (w2 - 1));
    if (y == 0)
        y = 1; /* scipy's guard, kept so the numbers agree */
    return delta * log(y / alpha + sqrt((y / alpha) * (y / alpha) + 1));
}

/* Anscombe and Glynn's (1983) transformation of the sample kurtosis, as
 * scipy.stats.kurtosistest. NaN when the cube-root term is undefined. */
static double kurtosis_z(double b2, double n)
{
    double e = 3.0 * (n - 1) / (n + 1);
    double varb2 = 24.0 * n * (n - 2) * (n - 3) / ((n + 1) * (n + 1.) * (n + 3) * (n + 5));
    double x = (b2 - e) / sqrt(varb2);
    double sqrtbeta1 = 6.0 * (n * n - 5 * n + 2) / ((n + 7) * (n + 9)) *
                       sqrt((6.0 * (n + 3) * (n + 5)) / (n * (n - 2) * (n - 3)));
    double a = 6.0 + 8.0 / sqrtbeta1 * (2.0 / sqrtbeta1 + sqrt(1 + 4.0 / (sqrtbeta1 * sqrtbeta1)));
    double term1 = 1 - 2 / (9.0 * a);
    double denom = 1 + x * sqrt(2 / (a - 4.0));
    if (denom == 0.0)
        return NAN;
    double term2 = (denom > 0 ? 1.0 : -1.0) * pow((1 - 2.0 / a) / fabs(denom), 1 / 3.0);
    return (term1 - term2) / sqrt(2 / (9.0 * a));
}

lr_status lr_omnibus_normality(const lr_model *m, lr_test_result *out)
{
    lr_status st = lr__diag_begin(m, "omnibus normality test", out,
                                  "D'Agostino-Pearson omnibus normality test (K^2)");
    if (st != LR_OK)
        return st;
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "omnibus test: out is NULL");
    double s, k;
    size_t n;
    if ((st = residual_shape(m, "the omnibus (D'Agostino-Pearson) test", 8, &s, &k, &n)) != LR_OK)
        return st;
    return lr__omnibus_finish(n, s, k, out);
}

lr_status lr__omnibus_finish(size_t n, double s, double k, lr_test_result *out)
{
    double zs = skew_z(s, (double)n), zk = kurtosis_z(k, (double)n);
    if (isnan(zk))
        return lr__fail(LR_ERR_UNDEFINED,
                        "omnibus test: the kurtosis transformation is undefined for this sample");
    double k2 = zs * zs + zk * zk;
    out->statistic = k2;
    out->df[0] = 2;
    out->p_value = gsl_cdf_chisq_Q(k2, 2.0);
    out->n = n;
    return LR_OK;
}

/* The (weighted) residuals sorted ascending, in a new array. */
static double *sorted_wresid(const lr_model *m, size_t *n)
{
    double *owned;
    const double *r = lr__diag_wresid(m, &owned, n);
    if (!r)
        return NULL;
    if (!owned) {
        owned = lr__calloc(*n ? *n : 1, sizeof(double));
        if (!owned) {
            lr__fail(LR_ERR_NOMEM, "cannot copy %zu residuals", *n);
            return NULL;
        }
        memcpy(owned, r, *n * sizeof(double));
    }
    if (lr__sort_doubles(owned, *n) != LR_OK) {
        free(owned);
        return NULL;
    }
    return owned;
}

double lr__ad_partial(const double *x, size_t first, size_t count, size_t n, double mean, double sd)
{
    /* sum_i (2i - 1) (log Phi(z_(i)) + log(1 - Phi(z_(n+1-i)))), regrouped by
     * observation: z_(j) enters with weight 2j - 1 in log Phi and with
     * 2(n - j) + 1 in log(1 - Phi). The smaller tail P = Phi(-|z|) is
     * evaluated once; the larger is 1 - P. */
    static const double ln2 = 0.69314718055994530942;
    lr_ksum h = {0, 0};
    for (size_t i = first; i < first + count; i++) {
        const double z = (x[i] - mean) / sd, az = fabs(z);
        const double tail = gsl_cdf_ugaussian_P(-az);
        const double lsmall = az < 37.0 ? log(tail) : gsl_sf_log_erfc(az * 0.70710678118654752440) - ln2;
        const double lbig = log1p(-tail);
        const double j = (double)(i + 1);
        const double wlo = 2.0 * j - 1.0, whi = 2.0 * ((double)n - j) + 1.0;
        lr__ksum_add(&h, z < 0 ? wlo * lsmall + whi * lbig : wlo * lbig + whi * lsmall);
    }
    return lr__ksum_value(&h);
}

void lr__ad_finish(double h, size_t n, lr_test_result *out)
{
    const double dn = (double)n;
    double a = -dn - h / dn;
    double aa = (1 + 0.75 / dn + 2.25 / (dn * dn)) * a;
    double p;
    if (aa < 0.2)
        p = 1 - exp(-13.436 + 101.14 * aa - 223.73 * aa * aa);
    else if (aa < 0.34)
        p = 1 - exp(-8.318 + 42.796 * aa - 59.938 * aa * aa);
    else if (aa < 0.6)
        p = exp(0.9177 - 4.279 * aa - 1.38 * aa * aa);
    else if (aa < 10)
        p = exp(1.2937 - 5.709 * aa + 0.0186 * aa * aa);
    else
        p = 3.7e-24; /* the table's floor, as nortest */
    out->statistic = a;
    out->p_value = p;
    out->n = n;
}

lr_status lr_anderson_darling(const lr_model *m, lr_test_result *out)
{
    lr_status st = lr__diag_begin(m, "Anderson-Darling", out, "Anderson-Darling normality test");
    if (st != LR_OK)
        return st;
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "Anderson-Darling: out is NULL");
    size_t n;
    double *x = sorted_wresid(m, &n);
    if (!x)
        return LR_ERR_NOMEM;
    if (n < 8) {
        free(x);
        return lr__fail(LR_ERR_TOO_FEW_ROWS,
                        "the Anderson-Darling test needs at least 8 residuals (as nortest::ad.test); "
                        "the model has %zu", n);
    }
    moments mo = central_moments(x, n);
    double sd = sqrt(mo.m2 * (double)n / (double)(n - 1));
    if (!(sd > 0)) {
        free(x);
        return lr__fail(LR_ERR_UNDEFINED,
                        "Anderson-Darling: the residuals are all equal (an exact fit)");
    }
    const double h = lr__ad_partial(x, 0, n, n, mo.mean, sd);
    free(x);
    lr__ad_finish(h, n, out);
    return LR_OK;
}

lr_status lr_shapiro_wilk(const lr_model *m, lr_test_result *out)
{
    lr_status st = lr__diag_begin(m, "Shapiro-Wilk", out, "Shapiro-Wilk normality test");
    if (st != LR_OK)
        return st;
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "Shapiro-Wilk: out is NULL");
    size_t n;
    lr_diag_rows rows;
    if ((st = lr__diag_rows(m, &rows)) != LR_OK)
        return st;
    n = rows.n;
    lr__diag_rows_free(&rows);
    if (n < 3)
        return lr__fail(LR_ERR_TOO_FEW_ROWS,
                        "the Shapiro-Wilk test needs at least 3 residuals; the model has %zu", n);
    if (n > 5000)
        return lr__fail(LR_ERR_UNDEFINED,
                        "the Shapiro-Wilk test is defined for 3 to 5000 residuals (Royston's "
                        "approximation, R's shapiro.test); the model has %zu: use the "
                        "Anderson-Darling, Jarque-Bera or omnibus test", n);
    double *x = sorted_wresid(m, &n);
    if (!x)
        return LR_ERR_NOMEM;
    double range = x[n - 1] - x[0];
    if (range == 0.0) {
        free(x);
        return lr__fail(LR_ERR_UNDEFINED,
                        "Shapiro-Wilk: the residuals are all identical (an exact fit)");
    }
    if (range < 1e-10) /* as shapiro.test: rescale a tiny range */
        for (size_t i = 0; i < n; i++)
            x[i] /= range;
    double w, pw;
    st = lr__swilk(x, n, &w, &pw);
    free(x);
    if (st != LR_OK)
        return st;
    out->statistic = w;
    out->p_value = pw;
    out->n = n;
    return LR_OK;
}

lr_status lr_qq_data(const lr_model *m, double *theoretical, double *sample, size_t len,
                     size_t *count)
{
    lr_status st = lr__diag_begin(m, "Q-Q data", NULL, NULL);
    if (st != LR_OK)
        return st;
    if (!theoretical || !sample || !count)
        return lr__fail(LR_ERR_INVALID_ARG, "Q-Q data: the output arrays must not be NULL");
    *count = 0;
    if (len < m->nobs)
        return lr__fail(LR_ERR_DIMENSION, "Q-Q data: the arrays hold %zu values but the model has "
                        "%zu rows", len, m->nobs);
    const double df = m->n_used - (double)m->rank;
    if (!(df > 0) || !(m->rss > 0))
        return lr__fail(LR_ERR_UNDEFINED, "Q-Q data: standardized residuals need a positive "
                        "residual variance (%g residual degrees of freedom)", df);
    const double sigma = sqrt(m->rss / df);
    double *xr = lr__calloc(2 * (m->rank ? m->rank : 1), sizeof(double));
    if (!xr)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate a row of %zu values", m->rank);
    double *qx = xr + (m->rank ? m->rank : 1);
    size_t c = 0;
    for (size_t i = 0; i < m->nobs; i++) {
        double w = lr__weight(m, i);
        if (w == 0.0)
            continue;
        lr__diag_xrow(m, i, 1, xr);
        lr__diag_qt(m, xr, qx);
        double h = 0.0;
        for (size_t a = 0; a < m->rank; a++)
            h += qx[a] * qx[a];
        if (h > 1.0 - 10.0 * DBL_EPSILON)
            continue; /* leverage 1: no standardized residual (R's dropInf) */
        sample[c++] = sqrt(w) * m->resid[i] / (sigma * sqrt(1.0 - h));
    }
    free(xr);
    if ((st = lr__sort_doubles(sample, c)) != LR_OK)
        return st;
    /* ppoints(c): (i - a) / (c + 1 - 2a), a = 3/8 for c <= 10, else 1/2 */
    const double a = c <= 10 ? 3.0 / 8.0 : 0.5;
    for (size_t i = 0; i < c; i++)
        theoretical[i] = gsl_cdf_ugaussian_Pinv(((double)(i + 1) - a) / ((double)c + 1 - 2 * a));
    *count = c;
    return LR_OK;
}
