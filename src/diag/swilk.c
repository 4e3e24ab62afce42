/* The Shapiro-Wilk W statistic and its p-value: Royston's algorithm AS R94
 * (Applied Statistics 44(4), 1995, 547-551), computed step for step as R's
 * swilk.c does (uncensored case), so shapiro.test's numbers come back to
 * rounding. The coefficients a_i approximate the normalised expected normal
 * order statistics (Royston's polynomial corrections for the two extreme
 * ones); W is the squared correlation between them and the sorted sample,
 * evaluated as 1 - W to keep digits when W is near 1. The p-value comes
 * from Royston's normalising transformation of log(1 - W): exact for
 * n = 3, a log-log transform with polynomial mean and sd for n <= 11, a
 * lognormal fit in log(n) above. */
#include "kernels.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

/* c[0] + c[1] x + ... + c[nord-1] x^(nord-1), evaluated as AS 181.2 does. */
static double poly(const double *c, int nord, double x)
{
    double r = c[0];
    if (nord > 1) {
        double p = x * c[nord - 1];
        for (int j = nord - 2; j > 0; j--)
            p = (p + c[j]) * x;
        r += p;
    }
    return r;
}

static double sgn(long v) { return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0; }

lr_status lr__swilk(const double *x, size_t n_, double *w_out, double *pw_out)
{
    static const double small = 1e-19;
    static const double g[2] = {-2.273, .459};
    static const double c1[6] = {0., .221157, -.147981, -2.07119, 4.434685, -2.706056};
    static const double c2[6] = {0., .042981, -.293762, -1.752461, 5.682633, -3.582633};
    static const double c3[4] = {.544, -.39978, .025054, -6.714e-4};
    static const double c4[4] = {1.3822, -.77857, .062767, -.0020322};
    static const double c5[4] = {-1.5861, -.31082, -.083751, .0038915};
    static const double c6[3] = {-.4803, -.082676, .0030302};

    const long n = (long)n_;
    const long nn2 = n / 2;
    const double an = (double)n;
    double *a = lr__calloc((size_t)nn2 + 1, sizeof(double)); /* 1-based */
    if (!a)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %ld Shapiro-Wilk coefficients", nn2);

    if (n == 3) {
        a[1] = 0.70710678; /* the constant of AS R94 (sqrt(1/2) to 8 digits) */
    } else {
        const double an25 = an + .25;
        double summ2 = 0.0;
        for (long i = 1; i <= nn2; i++) {
            a[i] = gsl_cdf_ugaussian_Pinv(((double)i - .375) / an25);
            summ2 += a[i] * a[i];
        }
        summ2 *= 2.0;
        const double ssumm2 = sqrt(summ2), rsn = 1.0 / sqrt(an);
        const double a1 = poly(c1, 6, rsn) - a[1] / ssumm2;
        long i1;
        double fac;
        if (n > 5) {
            i1 = 3;
            double a2 = -a[2] / ssumm2 + poly(c2, 6, rsn);
            fac = sqrt((summ2 - 2. * (a[1] * a[1]) - 2. * (a[2] * a[2])) /
                       (1. - 2. * (a1 * a1) - 2. * (a2 * a2)));
            a[2] = a2;
        } else {
            i1 = 2;
            fac = sqrt((summ2 - 2. * (a[1] * a[1])) / (1. - 2. * (a1 * a1)));
        }
        a[1] = a1;
        for (long i = i1; i <= nn2; i++)
            a[i] /= -fac;
    }

    const double range = x[n - 1] - x[0];
    if (range < small) {
        free(a);
        return lr__fail(LR_ERR_UNDEFINED, "Shapiro-Wilk: the residuals are all (nearly) equal");
    }
    /* Means of the scaled sample and of the antisymmetric coefficient vector. */
    double sx = x[0] / range, sa = -a[1];
    for (long i = 1, j = n - 1; i < n; j--) {
        sx += x[i] / range;
        ++i;
        if (i != j)
            sa += sgn(i - j) * a[i < j ? i : j];
    }
    sa /= an;
    sx /= an;
    double ssa = 0.0, ssx = 0.0, sax = 0.0;
    for (long i = 0, j = n - 1; i < n; i++, j--) {
        double asa = i != j ? sgn(i - j) * a[1 + (i < j ? i : j)] - sa : -sa;
        double xsx = x[i] / range - sx;
        ssa += asa * asa;
        ssx += xsx * xsx;
        sax += asa * xsx;
    }
    free(a);
    const double ssassx = sqrt(ssa * ssx);
    const double w1 = (ssassx - sax) * (ssassx + sax) / (ssa * ssx);
    const double w = 1.0 - w1;
    *w_out = w;

    if (n == 3) {
        const double pi6 = 1.90985931710274, stqr = 1.04719755119660;
        double pw = pi6 * (asin(sqrt(w)) - stqr);
        *pw_out = pw < 0.0 ? 0.0 : pw;
        return LR_OK;
    }
    double y = log(w1), m, s;
    const double xx = log(an);
    if (n <= 11) {
        const double gamma = poly(g, 2, an);
        if (y >= gamma) {
            *pw_out = 1e-99; /* beyond the transformation's range: R's value */
            return LR_OK;
        }
        y = -log(gamma - y);
        m = poly(c3, 4, an);
        s = exp(poly(c4, 4, an));
    } else {
        m = poly(c5, 4, xx);
        s = exp(poly(c6, 3, xx));
    }
    *pw_out = gsl_cdf_ugaussian_Q((y - m) / s);
    return LR_OK;
}
