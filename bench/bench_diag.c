/* The fit plus every default diagnostic against LAPACK's least-squares
 * driver, in the same run (issue 3, "Speed").
 *
 * usage: bench_diag N P [REPS] [MODE]
 *   MODE "time" (default): median and best seconds over REPS repetitions of
 *     - LAPACKE_dgels on the same column-major data (with an intercept
 *       column, given a fresh copy each time, copied before the clock);
 *     - lr_fit (full inference, as bench_fit);
 *     - lr_fit + lr_diagnose with the default options: every default test
 *       (Shapiro-Wilk reports n > 5000; White is skipped above its n q^2
 *       limit), VIFs, condition number and every influence measure of every
 *       row (summary, is.inf flags, Bonferroni outlier test);
 *     - the same with the per-row scalar measures kept (keep_influence);
 *   and the ratios to dgels. Each tool runs in its own phase after a
 *   warm-up (OpenBLAS's threads keep spinning after a threaded call).
 *   MODE "tests": one fit, then each single-test function timed on its own
 *     (the cost of the diagnostics called one by one) and lr_diagnose.
 *   MODE "dump FILE": writes the data as raw little-endian doubles (X
 *     column-major, then y) for bench/peers_diag.py and bench/peers_diag.R,
 *     so the peers are timed on exactly this data.
 * Data as bench_fit: x_ij ~ N(0,1), y = 1 + sum_j x_j / (j+1) + N(0,1). */
#include "bench_data.h"
#include "linreg.h"



static void die(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, lr_last_error());
    exit(1);
}

/* 0: fit only; 1: fit + diagnose; 2: fit + diagnose keeping per-row values.
 * *tdiag receives the time of lr_diagnose alone. */
static double run_linreg(size_t n, size_t p, const double *x, const double *y, int mode,
                         double *tdiag)
{
    lr_matrix X = lr_matrix_col_major(x, n, p);
    lr_vector yv = lr_vector_of(y, n);
    lr_model *m = NULL;
    double t0 = bench_now();
    if (lr_fit(&X, &yv, NULL, NULL, &m) != LR_OK)
        die("lr_fit");
    double t1 = bench_now();
    if (mode) {
        lr_diag_options o;
        lr_diag_options_init(&o);
        o.keep_influence = mode == 2;
        lr_diagnostics *d = NULL;
        if (lr_diagnose(m, &o, &d) != LR_OK)
            die("lr_diagnose");
        lr_influence_summary s;
        if (lr_diagnostics_influence(d, &s) != LR_OK)
            die("influence");
        lr_diagnostics_free(d);
    }
    double t = bench_now() - t0;
    if (tdiag)
        *tdiag = t - (t1 - t0);
    lr_model_free(m);
    return t;
}

static void report(const char *what, double *v, int reps, double dg_med, double dg_best)
{
    double med = bench_median(v, reps); /* sorts v */
    printf("  %-38s median %.4f s (%.2fx dgels)  best %.4f s (%.2fx)  worst %.4f s\n", what, med,
           med / dg_med, v[0], v[0] / dg_best, v[reps - 1]);
}

static void time_tests(size_t n, size_t p, const double *x, const double *y)
{
    lr_matrix X = lr_matrix_col_major(x, n, p);
    lr_vector yv = lr_vector_of(y, n);
    lr_model *m = NULL;
    if (lr_fit(&X, &yv, NULL, NULL, &m) != LR_OK)
        die("lr_fit");
    lr_test_result r;
    lr_dw_result d;
    lr_influence_summary s;
    double t0, t, total = 0.0, vif[256];
#define STEP(name, call)                                                                         \
    do {                                                                                         \
        t0 = bench_now();                                                                        \
        lr_status st_ = (call);                                                                  \
        t = bench_now() - t0;                                                                    \
        total += t;                                                                              \
        printf("  %-28s %8.4f s  %s\n", name, t, st_ == LR_OK ? "" : lr_last_error());           \
    } while (0)
    STEP("jarque_bera", lr_jarque_bera(m, &r));
    STEP("omnibus", lr_omnibus_normality(m, &r));
    STEP("anderson_darling", lr_anderson_darling(m, &r));
    STEP("breusch_pagan", lr_breusch_pagan(m, 1, &r));
    STEP("white", lr_white(m, 0, &r));
    STEP("goldfeld_quandt", lr_goldfeld_quandt(m, NULL, &r));
    STEP("durbin_watson", lr_durbin_watson(m, LR_DW_AUTO, &d));
    STEP("breusch_godfrey", lr_breusch_godfrey(m, NULL, &r));
    STEP("ljung_box", lr_ljung_box(m, 0, 0, &r));
    STEP("reset", lr_reset_test(m, 3, &r));
    STEP("rainbow", lr_rainbow_test(m, 0.5, 0.5, &r));
    STEP("harvey_collier", lr_harvey_collier_test(m, &r));
    STEP("vif", lr_vif(m, vif, 256));
    STEP("influence summary", lr_influence_summarize(m, &s));
    STEP("outlier test", lr_outlier_test(m, 0.05, 10, &r, NULL, NULL, NULL, NULL, NULL));
    printf("  %-28s %8.4f s\n", "sum of the single tests", total);
    lr_diag_options o;
    lr_diag_options_init(&o);
    lr_diagnostics *dg = NULL;
    t0 = bench_now();
    if (lr_diagnose(m, &o, &dg) != LR_OK)
        die("lr_diagnose");
    printf("  %-28s %8.4f s  (the same, White skipped above its limit)\n", "lr_diagnose",
           bench_now() - t0);
    lr_diagnostics_free(dg);
    lr_model_free(m);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_diag N P [REPS] [time|tests|dump FILE]\n");
        return 2;
    }
    size_t n = strtoul(argv[1], NULL, 10), p = strtoul(argv[2], NULL, 10);
    int reps = argc > 3 ? atoi(argv[3]) : 5;
    const char *mode = argc > 4 ? argv[4] : "time";
    if (reps < 1)
        reps = 1;
    if (reps > 64)
        reps = 64;
    double *x = malloc(n * p * sizeof(double)), *y = malloc(n * sizeof(double));
    double *a = malloc(n * (p + 1) * sizeof(double)), *b = malloc(n * sizeof(double));
    if (!x || !y || !a || !b)
        return 1;
    bench_make_data(n, p, x, y);
    memset(a, 0, n * (p + 1) * sizeof(double));
    memset(b, 0, n * sizeof(double));
    if (!strcmp(mode, "dump")) {
        FILE *f = argc > 5 ? fopen(argv[5], "wb") : NULL;
        if (!f || fwrite(x, sizeof(double), n * p, f) != n * p ||
            fwrite(y, sizeof(double), n, f) != n || fclose(f) != 0) {
            fprintf(stderr, "cannot write the data file\n");
            return 1;
        }
        return 0;
    }
    if (!strcmp(mode, "tests")) {
        printf("diag n=%zu p=%zu: single-test functions, one call each\n", n, p);
        time_tests(n, p, x, y);
        return 0;
    }
    double td[64], tf[64], tfd[64], tfk[64], tdo[64];
    bench_run_dgels(n, p, x, y, a, b);
    for (int r = 0; r < reps; r++)
        td[r] = bench_run_dgels(n, p, x, y, a, b);
    run_linreg(n, p, x, y, 0, NULL);
    for (int r = 0; r < reps; r++)
        tf[r] = run_linreg(n, p, x, y, 0, NULL);
    run_linreg(n, p, x, y, 1, NULL);
    for (int r = 0; r < reps; r++)
        tfd[r] = run_linreg(n, p, x, y, 1, &tdo[r]);
    for (int r = 0; r < reps; r++)
        tfk[r] = run_linreg(n, p, x, y, 2, NULL);
    double dmed = bench_median(td, reps), dbest = td[0];
    printf("diag n=%zu p=%zu reps=%d (same data, same run)\n", n, p, reps);
    printf("  %-38s median %.4f s  best %.4f s  worst %.4f s\n", "LAPACKE_dgels", dmed, dbest,
           td[reps - 1]);
    report("lr_fit", tf, reps, dmed, dbest);
    report("lr_fit + lr_diagnose (defaults)", tfd, reps, dmed, dbest);
    report("  of which lr_diagnose", tdo, reps, dmed, dbest);
    report("lr_fit + lr_diagnose, per-row kept", tfk, reps, dmed, dbest);
    free(x);
    free(y);
    free(a);
    free(b);
    return 0;
}
