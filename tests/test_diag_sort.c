/* The radix sort of the order-statistic diagnostics (src/diag/sort.c)
 * against gsl_sort: random values over many magnitudes with zeros of both
 * signs, infinities, extremes and subnormals; clustered values (long runs
 * agreeing in their top bits); ties; every small size. */
#include "../src/diag/kernels.h"
#include "test_util.h"

#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static uint64_t state = 42;
static uint64_t next(void)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static double unif(void) { return ((double)(next() >> 11) + 0.5) * 0x1p-53; }

/* Sorts a copy both ways; equal as numbers (-0 == +0). */
static void check(const char *what, const double *v, size_t n)
{
    double *a = malloc((n ? n : 1) * sizeof(double)), *b = malloc((n ? n : 1) * sizeof(double));
    memcpy(a, v, n * sizeof(double));
    memcpy(b, v, n * sizeof(double));
    lr_status st = lr__sort_doubles(a, n);
    gsl_sort(b, 1, n);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += !(a[i] == b[i]);
    CHECK(st == LR_OK && bad == 0, "%s (n = %zu): %zu positions differ", what, n, bad);
    free(a);
    free(b);
}

int main(void)
{
    const size_t n = 200000;
    double *v = malloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++)
        v[i] = (unif() - 0.5) * pow(10.0, (double)(i % 9) - 4.0);
    v[1] = 0.0;
    v[2] = -0.0;
    v[3] = INFINITY;
    v[4] = -INFINITY;
    v[5] = -1.7e308;
    v[6] = 4.9e-324;
    v[7] = -4.9e-324;
    v[8] = 2.2e-308;
    check("random", v, n);
    for (size_t i = 0; i < n; i++) /* long runs sharing the top 31 bits */
        v[i] = (i % 10 ? 1.0 : -1.0) * (1.0 + (double)(next() >> 40) * 1e-12);
    check("clustered", v, n);
    for (size_t i = 0; i < n; i++)
        v[i] = (double)(next() % 5) - 2.0;
    check("ties", v, n);
    for (size_t i = 0; i < n; i++)
        v[i] = (double)i;
    check("sorted", v, n);
    for (size_t i = 0; i < n; i++)
        v[i] = -(double)i;
    check("reversed", v, n);
    for (size_t m = 0; m < 1100; m += 7) {
        for (size_t i = 0; i < m; i++)
            v[i] = unif() - 0.5;
        check("small", v, m);
    }
    free(v);
    return test_report("test_diag_sort");
}
