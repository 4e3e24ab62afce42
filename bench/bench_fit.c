/* The full-inference fit against LAPACK's own least-squares driver.
 *
 * usage: bench_fit N P [REPS] [MODE]
 *   MODE "time" (default): median and best seconds of LAPACKE_dgels and of lr_fit
 *   (estimates, standard errors, t, p, intervals, R^2, F, AIC/BIC,
 *   residuals) on the same column-major n x p data, in the same run, and
 *   their ratio.
 *   MODE "mem-linreg" / "mem-dgels": one fit only, then the peak RSS of the
 *   process divided by the bytes of X (X itself included), so each tool's
 *   memory is measured in a process of its own.
 * Data: x_ij ~ N(0,1), y = X b + N(0,1), b_j = 1/(j+1); deterministic.
 * dgels overwrites its input, so it gets a fresh copy each repetition,
 * written before the clock starts (first-touch page faults excluded). */
#include "bench_data.h"
#include "linreg.h"



static double run_linreg(size_t n, size_t p, const double *x, const double *y, double *check)
{
    lr_matrix X = lr_matrix_col_major(x, n, p);
    lr_vector yv = lr_vector_of(y, n);
    lr_model *m = NULL;
    double t0 = bench_now();
    lr_status st = lr_fit(&X, &yv, NULL, NULL, &m);
    double ci[64];
    if (st == LR_OK)
        st = lr_model_coef_column(m, LR_COEF_CI_LOW, 0.95, ci, p + 1);
    double t = bench_now() - t0;
    if (st != LR_OK) {
        fprintf(stderr, "lr_fit failed: %s\n", lr_last_error());
        exit(1);
    }
    if (check)
        lr_model_coef_column(m, LR_COEF_ESTIMATE, 0.95, check, p + 1);
    lr_model_free(m);
    return t;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_fit N P [REPS] [time|mem-linreg|mem-dgels]\n");
        return 2;
    }
    size_t n = strtoul(argv[1], NULL, 10), p = strtoul(argv[2], NULL, 10);
    int reps = argc > 3 ? atoi(argv[3]) : 5;
    const char *mode = argc > 4 ? argv[4] : "time";
    double *x = malloc(n * p * sizeof(double)), *y = malloc(n * sizeof(double));
    bench_make_data(n, p, x, y);
    const double xbytes = (double)n * (double)p * 8.0;

    if (!strcmp(mode, "mem-linreg")) {
        run_linreg(n, p, x, y, NULL);
        printf("peak_rss_over_X linreg n=%zu p=%zu %.3f\n", n, p, bench_peak_rss() / xbytes);
        return 0;
    }
    double *a = malloc(n * (p + 1) * sizeof(double)), *b = malloc(n * sizeof(double));
    memset(a, 0, n * (p + 1) * sizeof(double));
    memset(b, 0, n * sizeof(double));
    if (!strcmp(mode, "mem-dgels")) {
        bench_run_dgels(n, p, x, y, a, b);
        printf("peak_rss_over_X dgels n=%zu p=%zu %.3f\n", n, p, bench_peak_rss() / xbytes);
        return 0;
    }
    /* Each tool in its own phase, after a warm-up run: OpenBLAS's worker
     * threads keep spinning for a while after a threaded call, and would
     * otherwise slow whichever tool runs next. */
    double td[32], tl[32], coef[64];
    if (reps > 32)
        reps = 32;
    run_linreg(n, p, x, y, coef);
    for (int r = 0; r < reps; r++)
        tl[r] = run_linreg(n, p, x, y, coef);
    bench_run_dgels(n, p, x, y, a, b);
    for (int r = 0; r < reps; r++)
        td[r] = bench_run_dgels(n, p, x, y, a, b);
    double maxdiff = 0;
    for (size_t j = 0; j <= p; j++)
        maxdiff = fmax(maxdiff, fabs(coef[j] - b[j]) / fmax(fabs(b[j]), 1e-300));
    double md = bench_median(td, reps), ml = bench_median(tl, reps);
    double mind = td[0], minl = tl[0]; /* sorted by bench_median */
    printf("fit n=%zu p=%zu median: dgels %.4f s linreg %.4f s ratio %.2f | best: dgels %.4f s "
           "linreg %.4f s ratio %.2f | max rel coef diff %.1e\n",
           n, p, md, ml, ml / md, mind, minl, minl / mind, maxdiff);
    return 0;
}
