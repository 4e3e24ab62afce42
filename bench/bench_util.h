/* Shared helpers of the benchmarks: a monotonic clock, a deterministic
 * normal generator, peak-memory reading and result printing. */
#ifndef LR_BENCH_UTIL_H
#define LR_BENCH_UTIL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* splitmix64 + Box-Muller: reproducible across runs and machines. */
typedef struct { uint64_t s; int have; double spare; } bench_rng;

static inline uint64_t bench_next(bench_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline double bench_uniform(bench_rng *r)
{
    return ((double)(bench_next(r) >> 11) + 0.5) * 0x1p-53;
}

static inline double bench_normal(bench_rng *r)
{
    if (r->have) {
        r->have = 0;
        return r->spare;
    }
    double u = bench_uniform(r), v = bench_uniform(r);
    double m = sqrt(-2.0 * log(u));
    r->spare = m * sin(2.0 * M_PI * v);
    r->have = 1;
    return m * cos(2.0 * M_PI * v);
}

/* Peak resident set size of this process in bytes. */
static inline double bench_peak_rss(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss * 1024.0;
}

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static inline double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

#endif
