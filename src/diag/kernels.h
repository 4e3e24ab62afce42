/* Internal numerical kernels of the diagnostics. Not installed. */
#ifndef LR_DIAG_KERNELS_H
#define LR_DIAG_KERNELS_H

#include "../core/internal.h"

#include <math.h>

/* Shapiro-Wilk W and p-value of the n sorted values x (3 <= n <= 5000,
 * checked by the caller): AS R94 as R's swilk.c. LR_ERR_UNDEFINED when the
 * range is below 1e-19 (the caller rescales tiny ranges as shapiro.test). */
lr_status lr__swilk(const double *x, size_t n, double *w, double *pw);

/* Pan's algorithm (Farebrother, AS 153 as amended, Applied Statistics
 * 33, 1984): P(sum a_i u_i^2 < x sum u_i^2 + c) for independent standard
 * normal u_i, with a[0] = x and the m weights a[1..m] sorted (either
 * direction), using nterms terms of the series. For the Durbin-Watson
 * statistic x = DW, c = 0 and a the non-zero eigenvalues of M A. */
double lr__pan(const double *a, int m, double c, int nterms);

/* Imhof's (1961) formula for the same probability with c = 0: a[0] = x,
 * a[1..m] the weights (any order). Absolute accuracy about 1e-14;
 * LR_ERR_NUMERIC when the quadrature fails. */
lr_status lr__imhof(const double *a, int m, double *prob);

/* Sorts x[0..n-1] ascending in place (no NaN): a radix sort of the bit
 * patterns for large n, gsl_sort for small n (src/diag/sort.c).
 * LR_ERR_NOMEM when the work space (2n 64-bit keys) cannot be allocated. */
lr_status lr__sort_doubles(double *x, size_t n);

/* Adds the row (x, y) to the factor kept in Gentleman's square-root-free
 * form (Gentleman 1973, 1974; AS 75; also Miller's AS 274 as in biglm):
 * R = D^1/2 U with U unit upper triangular (off-diagonal part stored by
 * rows in U) and theta = D^-1/2 Q'y, so b = U^-1 theta. Each plane
 * rotation costs one division and no square root, which keeps the
 * row-by-row chain short. Returns the recursive residual of the row,
 * (y - x'b) / sqrt(1 + x'(R'R)^-1 x) with b from the rows before it (the
 * row's remaining y times the square root of its remaining weight); while
 * the factor is still incomplete the row is absorbed and 0 returned.
 * x is overwritten. */
static inline double lr__gentleman_add(double *D, double *U, double *theta, size_t r,
                                       double *restrict x, double y)
{
    double w = 1.0;
    for (size_t a = 0; a < r; a++) {
        const double xa = x[a];
        if (xa == 0.0)
            continue;
        const double d = D[a], dn = d + w * xa * xa, inv = 1.0 / dn;
        const double cbar = d * inv, sbar = w * xa * inv;
        w *= cbar;
        D[a] = dn;
        double *restrict row = U + a * r;
        for (size_t j = a + 1; j < r; j++) {
            const double xj = x[j];
            x[j] = xj - xa * row[j];
            row[j] = cbar * row[j] + sbar * xj;
        }
        const double yj = y;
        y = yj - xa * theta[a];
        theta[a] = cbar * theta[a] + sbar * yj;
        if (w == 0.0)
            return 0.0;
    }
    return y * sqrt(w);
}

#endif
