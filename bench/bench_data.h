/* The data and the peer shared by bench_fit and bench_diag: n x p
 * column-major x_ij ~ N(0,1), y = 1 + sum_j x_j / (j+1) + N(0,1)
 * (deterministic), and LAPACK's least-squares driver on it. */
#ifndef LR_BENCH_DATA_H
#define LR_BENCH_DATA_H

#include "bench_util.h"

#include <lapacke.h>

static inline void bench_make_data(size_t n, size_t p, double *x, double *y)
{
    bench_rng r = {12345, 0, 0};
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < n; i++)
            x[i + j * n] = bench_normal(&r);
    for (size_t i = 0; i < n; i++) {
        double s = 1.0;
        for (size_t j = 0; j < p; j++)
            s += x[i + j * n] / (double)(j + 1);
        y[i] = s + bench_normal(&r);
    }
}

/* LAPACKE_dgels with an explicit intercept column, as the fit has one;
 * a (n x (p+1)) and b (n) are its scratch copies, written before the
 * clock starts. Seconds of the dgels call. */
static inline double bench_run_dgels(size_t n, size_t p, const double *x, const double *y,
                                     double *a, double *b)
{
    for (size_t i = 0; i < n; i++)
        a[i] = 1.0;
    memcpy(a + n, x, n * p * sizeof(double));
    memcpy(b, y, n * sizeof(double));
    double t0 = bench_now();
    lapack_int info = LAPACKE_dgels(LAPACK_COL_MAJOR, 'N', (lapack_int)n, (lapack_int)(p + 1), 1,
                                    a, (lapack_int)n, b, (lapack_int)n);
    double t = bench_now() - t0;
    if (info != 0) {
        fprintf(stderr, "dgels failed: %d\n", (int)info);
        exit(1);
    }
    return t;
}

#endif
