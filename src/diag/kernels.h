/* Internal numerical kernels of the diagnostics. Not installed. */
#ifndef LR_DIAG_KERNELS_H
#define LR_DIAG_KERNELS_H

#include "../core/internal.h"

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

#endif
