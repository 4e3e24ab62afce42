/* Times lr_check_assumptions (the whole report card) against the fit on a
 * synthetic n x k problem with independent normal errors, row-major X.
 * Build from the repository root after `make`:
 *   cc -O2 -std=c11 -D_DEFAULT_SOURCE -Iinclude -o build/bench_report bench/bench_report.c \
 *      lib/liblinreg.a -llapacke -lopenblas -lgsl -lcjson -lm -lpthread
 *   build/bench_report [n] [k] [reps]     (defaults 1000000 10 3)
 * Prints the median seconds of the fit, the report, the report with
 * cluster ids (n / 10 clusters of 10 rows), the report of a streamed fit,
 * and lr_report_text + lr_report_json. */
#include "bench_util.h"
#include "linreg.h"

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 1000000,
           k = argc > 2 ? (size_t)atol(argv[2]) : 10;
    int reps = argc > 3 ? atoi(argv[3]) : 3;
    if (reps < 1 || reps > 50)
        reps = 3;
    double *X = malloc(n * k * sizeof(double)), *y = malloc(n * sizeof(double));
    double *g = malloc(n * sizeof(double));
    if (!X || !y || !g)
        return 1;
    bench_rng rng = {20261126, 0, 0};
    for (size_t i = 0; i < n; i++) {
        double s = 1.0;
        for (size_t j = 0; j < k; j++) {
            X[i * k + j] = bench_normal(&rng);
            s += 0.5 * X[i * k + j];
        }
        y[i] = s + bench_normal(&rng);
        g[i] = (double)(i / 10);
    }
    lr_matrix Xm = lr_matrix_row_major(X, n, k);
    lr_vector yv = lr_vector_of(y, n);
    double tf[50], tr[50], tc[50], ts[50], tt[50];
    for (int r = 0; r < reps; r++) {
        lr_model *m = NULL;
        lr_report *rep = NULL;
        double t0 = bench_now();
        if (lr_fit(&Xm, &yv, NULL, NULL, &m) != LR_OK)
            return 1;
        double t1 = bench_now();
        if (lr_check_assumptions(m, NULL, &rep) != LR_OK) {
            fprintf(stderr, "%s\n", lr_last_error());
            return 1;
        }
        double t2 = bench_now();
        char *text = NULL, *json = NULL;
        lr_report_text(rep, &text);
        lr_report_json(rep, &json);
        double t3 = bench_now();
        lr_free(text);
        lr_free(json);
        lr_report_free(rep);
        lr_check_options o;
        lr_check_options_init(&o);
        o.clusters = lr_cluster_doubles(g, n);
        double t4 = bench_now();
        if (lr_check_assumptions(m, &o, &rep) != LR_OK)
            return 1;
        double t5 = bench_now();
        lr_report_free(rep);
        lr_model_free(m);
        lr_accumulator *acc = NULL;
        lr_accumulator_create(k, NULL, &acc);
        lr_accumulator_add(acc, &Xm, &yv, NULL);
        lr_accumulator_finish(acc, NULL, &m);
        double t6 = bench_now();
        lr_check_assumptions(m, NULL, &rep);
        double t7 = bench_now();
        lr_report_free(rep);
        lr_model_free(m);
        lr_accumulator_free(acc);
        tf[r] = t1 - t0;
        tr[r] = t2 - t1;
        tt[r] = t3 - t2;
        tc[r] = t5 - t4;
        ts[r] = t7 - t6;
    }
    printf("n = %zu, k = %zu, median of %d runs\n", n, k, reps);
    printf("  fit                          %8.3f s\n", bench_median(tf, reps));
    printf("  lr_check_assumptions         %8.3f s\n", bench_median(tr, reps));
    printf("  ... with cluster ids         %8.3f s\n", bench_median(tc, reps));
    printf("  ... of a streamed fit        %8.3f s\n", bench_median(ts, reps));
    printf("  lr_report_text + json        %8.3f s\n", bench_median(tt, reps));
    free(X);
    free(y);
    free(g);
    return 0;
}
