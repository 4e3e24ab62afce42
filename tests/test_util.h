/* A minimal test harness: CHECK* macros count passes and failures; each
 * test program ends with test_report(), which prints one summary line
 * "RESULT <passed> <failed> <program>" that tests/run_tests.sh adds up. */
#ifndef LR_TEST_UTIL_H
#define LR_TEST_UTIL_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int test_passed, test_failed;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (cond) {                                                                                \
            test_passed++;                                                                         \
        } else {                                                                                   \
            test_failed++;                                                                         \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                                            \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

/* Relative agreement |a - b| <= tol * max(|b|, tiny); NaN equals NaN only when both are NaN. */
static inline int test_close(double a, double b, double tol)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    if (isinf(a) || isinf(b))
        return a == b;
    double scale = fabs(b) > 1e-300 ? fabs(b) : 1e-300;
    return fabs(a - b) <= tol * scale;
}

#define CHECK_REL(a, b, tol, what)                                                                 \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        CHECK(test_close(a_, b_, tol), "%s: got %.17g, expected %.17g (rel err %.3g, tol %.1g)",   \
              what, a_, b_, fabs(a_ - b_) / (fabs(b_) > 0 ? fabs(b_) : 1), (double)(tol));        \
    } while (0)

/* Log relative error as NIST's StRD papers define it (McCullough 1998):
 * -log10(|est - cert| / |cert|), or -log10(|est|) when cert is 0; capped at 15. */
static inline double test_lre(double est, double cert)
{
    double err = cert == 0.0 ? fabs(est) : fabs(est - cert) / fabs(cert);
    if (isnan(est))
        return 0.0;
    if (err == 0.0)
        return 15.0;
    double l = -log10(err);
    return l > 15.0 ? 15.0 : l;
}

static inline int test_report(const char *name)
{
    printf("RESULT %d %d %s\n", test_passed, test_failed, name);
    return test_failed ? 1 : 0;
}

#endif
