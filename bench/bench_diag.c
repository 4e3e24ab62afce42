/* Times each normality / homoscedasticity / independence diagnostic on a
 * synthetic n x k problem next to LAPACK dgels on the same data.
 * Build from the repository root after `make`:
 *   cc -O2 -Iinclude -o build/bench_diag bench/bench_diag.c lib/liblinreg.a \
 *      -llapacke -lopenblas -lgsl -lcjson -lm -lpthread
 *   build/bench_diag [n] [k]        (defaults 1000000 10)
 * Prints one line per step: name, seconds, multiple of the dgels time. */
#include "linreg.h"

#include <lapacke.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* xorshift64* uniform in (0, 1), and a cheap normal by summing 4 of them */
static unsigned long long rng_state = 88172645463325252ULL;
static double unif(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return ((double)((rng_state * 2685821657736338717ULL) >> 11) + 0.5) / 9007199254740992.0;
}
static double gauss(void) { return (unif() + unif() + unif() + unif() - 2.0) * 1.7320508075688772; }

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 1000000, k = argc > 2 ? (size_t)atol(argv[2]) : 10;
    size_t p = k + 1;
    double *X = malloc(n * k * sizeof(double)), *y = malloc(n * sizeof(double));
    double *A = malloc(n * p * sizeof(double)), *b = malloc(n * sizeof(double));
    if (!X || !y || !A || !b)
        return 1;
    for (size_t i = 0; i < n; i++) {
        double s = 1.0;
        for (size_t j = 0; j < k; j++) {
            X[i * k + j] = gauss();
            s += 0.5 * X[i * k + j];
        }
        y[i] = s + gauss();
    }
    for (size_t i = 0; i < n; i++) {
        A[i] = 1.0;
        for (size_t j = 0; j < k; j++)
            A[i + (j + 1) * n] = X[i * k + j];
        b[i] = y[i];
    }
    double t0 = now();
    LAPACKE_dgels(LAPACK_COL_MAJOR, 'N', (lapack_int)n, (lapack_int)p, 1, A, (lapack_int)n, b,
                  (lapack_int)n);
    double tg = now() - t0;
    printf("%-26s %8.3f s\n", "dgels", tg);

    lr_matrix Xm = lr_matrix_row_major(X, n, k);
    lr_vector yv = lr_vector_of(y, n);
    lr_options o;
    lr_options_init(&o);
    o.refine = LR_REFINE_NEVER;
    lr_model *m = NULL;
    t0 = now();
    if (lr_fit(&Xm, &yv, NULL, &o, &m) != LR_OK) {
        fprintf(stderr, "fit: %s\n", lr_last_error());
        return 1;
    }
    double t = now() - t0, total = 0.0;
    printf("%-26s %8.3f s  %5.2fx\n", "lr_fit (no refinement)", t, t / tg);

    lr_test_result r;
    lr_dw_result d;
#define STEP(name, call)                                                                         \
    do {                                                                                         \
        t0 = now();                                                                              \
        lr_status st_ = (call);                                                                  \
        t = now() - t0;                                                                          \
        total += t;                                                                              \
        printf("%-26s %8.3f s  %5.2fx  %s\n", name, t, t / tg,                                   \
               st_ == LR_OK ? "" : lr_last_error());                                             \
    } while (0)
    STEP("jarque_bera", lr_jarque_bera(m, &r));
    STEP("omnibus", lr_omnibus_normality(m, &r));
    STEP("anderson_darling", lr_anderson_darling(m, &r));
    STEP("breusch_pagan", lr_breusch_pagan(m, 1, &r));
    STEP("white", lr_white(m, 0, &r));
    STEP("goldfeld_quandt", lr_goldfeld_quandt(m, NULL, &r));
    STEP("durbin_watson (normal)", lr_durbin_watson(m, LR_DW_AUTO, &d));
    STEP("breusch_godfrey", lr_breusch_godfrey(m, NULL, &r));
    STEP("ljung_box", lr_ljung_box(m, 0, 0, &r));
    printf("%-26s %8.3f s  %5.2fx\n", "all of the above", total, total / tg);
    lr_model_free(m);
    free(X);
    free(y);
    free(A);
    free(b);
    return 0;
}
