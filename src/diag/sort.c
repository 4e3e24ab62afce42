/* Sorting doubles for the order-statistic diagnostics (Anderson-Darling,
 * Shapiro-Wilk, Q-Q data).
 *
 * Why not gsl_sort: GSL sorts by heapsort, whose random access pattern
 * costs about 0.3 s for 10^6 residuals on the machine of
 * docs/performance.md (glibc's qsort, a merge sort through a comparison
 * callback, about 0.1 s). Neither GSL nor the other dependencies offer a
 * radix sort, so this file has one: the least-significant-digit radix sort
 * of the IEEE-754 bit patterns (Knuth, TAOCP vol. 3, 5.2.5), mapped so that
 * unsigned order is numeric order (flip every bit of a negative number,
 * only the sign bit of a non-negative one). Eleven-bit digits; counting
 * passes are made on the top three digits only (sign, exponent and the
 * first 19 bits of the significand: their histograms come from one pass,
 * and a pass whose digit is the same for every value is skipped), which
 * leaves runs of values agreeing in those bits, short for real data
 * (relative differences below 2^-19), each then ordered by its full key:
 * about 10 ms for 10^6 residuals. The order is numeric except that -0
 * sorts before +0 (numerically equal). Small arrays go to gsl_sort. */
#include "kernels.h"

#include <gsl/gsl_sort.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RADIX_BITS 11
#define RADIX_SIZE ((size_t)1 << RADIX_BITS)
#define RADIX_PASSES 6 /* 6 * 11 = 66 >= 64 bits */
#define RADIX_FIRST 3  /* counting passes on digits 3..5 (the top 31 bits) only */
#define RADIX_MIN_N 512

static inline uint64_t key_of(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return (u & 0x8000000000000000ULL) ? ~u : u | 0x8000000000000000ULL;
}

static inline double value_of(uint64_t k)
{
    uint64_t u = (k & 0x8000000000000000ULL) ? k & ~0x8000000000000000ULL : ~k;
    double v;
    memcpy(&v, &u, sizeof v);
    return v;
}

/* Orders a run of keys that agree in their top bits by their full value:
 * insertion sort (runs are short for real data), qsort for long runs. */
static int cmp_key(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void sort_run(uint64_t *k, size_t len)
{
    size_t i = 1;
    while (i < len && k[i] == k[0])
        i++;
    if (i == len)
        return; /* ties */
    if (len > 32) {
        qsort(k, len, sizeof *k, cmp_key);
        return;
    }
    for (i = 1; i < len; i++) {
        const uint64_t v = k[i];
        size_t j = i;
        for (; j > 0 && k[j - 1] > v; j--)
            k[j] = k[j - 1];
        k[j] = v;
    }
}

lr_status lr__sort_doubles(double *x, size_t n)
{
    if (n < RADIX_MIN_N) {
        gsl_sort(x, 1, n);
        return LR_OK;
    }
    uint64_t *a = malloc(n * sizeof(uint64_t)), *b = malloc(n * sizeof(uint64_t));
    size_t *count = lr__calloc(RADIX_PASSES * RADIX_SIZE, sizeof(size_t));
    if (!a || !b || !count) {
        free(a);
        free(b);
        free(count);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the sort of %zu values", n);
    }
    for (size_t i = 0; i < n; i++) {
        const uint64_t k = key_of(x[i]);
        a[i] = k;
        for (int d = RADIX_FIRST; d < RADIX_PASSES; d++)
            count[(size_t)d * RADIX_SIZE + ((k >> (d * RADIX_BITS)) & (RADIX_SIZE - 1))]++;
    }
    for (int d = RADIX_FIRST; d < RADIX_PASSES; d++) {
        size_t *c = count + (size_t)d * RADIX_SIZE;
        const unsigned shift = (unsigned)(d * RADIX_BITS);
        if (c[(a[0] >> shift) & (RADIX_SIZE - 1)] == n)
            continue; /* every value has this digit: the pass would not move anything */
        size_t sum = 0;
        for (size_t v = 0; v < RADIX_SIZE; v++) {
            const size_t t = c[v];
            c[v] = sum;
            sum += t;
        }
        for (size_t i = 0; i < n; i++) {
            const uint64_t k = a[i];
            b[c[(k >> shift) & (RADIX_SIZE - 1)]++] = k;
        }
        uint64_t *t = a;
        a = b;
        b = t;
    }
    /* sorted by the top bits: order each run of equal top bits */
    const unsigned top = (unsigned)(RADIX_FIRST * RADIX_BITS);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && (a[j] >> top) == (a[i] >> top))
            j++;
        if (j - i > 1)
            sort_run(a + i, j - i);
        i = j;
    }
    for (size_t i = 0; i < n; i++)
        x[i] = value_of(a[i]);
    free(a);
    free(b);
    free(count);
    return LR_OK;
}
