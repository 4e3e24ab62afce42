/* Pan's (1968) formula for the distribution of a ratio of quadratic forms
 * in normal variables, in the form of Farebrother's algorithm AS 153
 * (Applied Statistics 33, 1984, 363-366) with Cummins' 1996 corrections,
 * which is what lmtest's dwtest evaluates. The probability is a sum of
 * contour integrals, each approximated by an nterms-point Gauss-Chebyshev
 * rule; evaluating it the same way as lmtest keeps the p-values identical
 * to rounding (the quadrature error itself is part of the definition).
 * Indices follow the published algorithm: a[0] = x, a[1..m] the weights. */
#include "kernels.h"

#include <math.h>

double lr__pan(const double *a, int m, double c, int nterms)
{
    const double x = a[0];
    int h, k, last, nu;
    if (a[1] > a[m]) { /* weights in decreasing order */
        h = m;
        k = -1;
        last = 1;
    } else {
        h = 1;
        k = 1;
        last = m;
    }
    /* nu: the first weight >= x, walking from the smallest weight up. */
    int found = 0;
    for (nu = h; k > 0 ? nu <= last : nu >= last; nu += k) {
        if (a[nu] >= x) {
            found = 1;
            break;
        }
    }
    if (!found && c >= 0.0)
        return 1.0; /* every weight below x */
    if (nu == h && c <= 0.0)
        return 0.0; /* every weight at or above x */
    if (k == 1)
        nu -= 1;
    h = m - nu;
    const double y0 = c == 0.0 ? (double)(h - nu) : c * (a[1] - a[m]);

    int d, j1, j2, j3, j4;
    if (y0 >= 0.0) {
        d = 2;
        h = nu;
        k = -k;
        j1 = 0;
        j2 = 2;
        j3 = 3;
        j4 = 1;
    } else {
        d = -2;
        nu += 1;
        j1 = m - 2;
        j2 = m - 1;
        j3 = m + 1;
        j4 = m;
    }
    const double pin = 2.0 * atan(1.0) / nterms;
    double sum = 0.5 * (k + 1);
    double sgn = k / (double)nterms;
    const int n2 = nterms + nterms - 1;

    /* The first integrals pair up weights; the second (l1 = 0 pass when h
     * is odd) takes the remaining one against x. */
    for (int l1 = h - 2 * (h / 2); l1 >= 0; l1--) {
        for (int l2 = j2; d > 0 ? l2 <= nu : l2 >= nu; l2 += d) {
            const double hi = a[j4], lo = a[l2];
            const double u = 0.5 * (hi + lo), v = 0.5 * (hi - lo);
            double s1 = 0.0;
            for (int i = 1; i <= n2; i += 2) {
                const double y = u - v * cos((double)i * pin);
                const double num = y - x;
                double prod = exp(-c / num);
                for (int t = 1; t <= j1; t++)
                    prod = prod * num / (y - a[t]);
                for (int t = j3; t <= m; t++)
                    prod = prod * num / (y - a[t]);
                s1 += sqrt(fabs(prod));
            }
            sgn = -sgn;
            sum += sgn * s1;
            j1 += d;
            j3 += d;
            j4 += d;
        }
        if (d == 2)
            j3 -= 1;
        else
            j1 += 1;
        j2 = 0;
        nu = 0;
    }
    return sum;
}
