/* The API contracts of the fit: any memory layout through the strided
 * views gives the same answer; the streaming accumulator (split and
 * merged) agrees with the in-memory fit; a model that copied its data
 * survives the caller's arrays; two threads fit at once; the JSON results
 * read back bit-identical to the getters. */
#include "fixture.h"
#include "linreg.h"
#include "test_util.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct {
    size_t n, k;
    double *x; /* row-major */
    double *y;
} dataset;

static dataset load(const char *name, const char *const *cols, size_t k)
{
    char path[256];
    fixture f;
    snprintf(path, sizeof path, "tests/fixtures/data/%s.csv", name);
    CHECK(fixture_load(path, &f) == 0, "cannot read %s", path);
    dataset d = {f.nrows, k, calloc(f.nrows * k, sizeof(double)), fixture_column(&f, "y")};
    for (size_t j = 0; j < k; j++) {
        int c = fixture_col(&f, cols[j]);
        for (size_t i = 0; i < d.n; i++)
            d.x[i * k + j] = fixture_num(&f, i, c);
    }
    fixture_free(&f);
    return d;
}

static void coefs(const lr_model *m, double *out)
{
    lr_model_coef_column(m, LR_COEF_ESTIMATE, 0.95, out, lr_model_ncoef(m));
}

static void layouts(const dataset *d)
{
    const size_t n = d->n, k = d->k;
    lr_options o;
    lr_options_init(&o);
    lr_vector y = lr_vector_of(d->y, n);
    lr_matrix row = lr_matrix_row_major(d->x, n, k);
    lr_model *m0 = NULL, *m1 = NULL, *m2 = NULL, *m3 = NULL;
    CHECK(lr_fit(&row, &y, NULL, &o, &m0) == LR_OK, "row-major fit");

    double *col = malloc(n * k * sizeof(double));
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++)
            col[j * n + i] = d->x[i * k + j];
    lr_matrix cm = lr_matrix_col_major(col, n, k);
    CHECK(lr_fit(&cm, &y, NULL, &o, &m1) == LR_OK, "column-major fit");

    /* every other row of a twice-as-long interleaved buffer, with y strided too */
    double *wide = calloc(2 * n * k, sizeof(double)), *ywide = calloc(2 * n, sizeof(double));
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < k; j++)
            wide[2 * i * k + j] = d->x[i * k + j];
        ywide[2 * i] = d->y[i];
    }
    lr_matrix sv = {wide, n, k, (ptrdiff_t)(2 * k), 1};
    lr_vector ys = {ywide, n, 2};
    CHECK(lr_fit(&sv, &ys, NULL, &o, &m2) == LR_OK, "strided fit");

    /* rows in reverse through negative strides */
    lr_matrix rv = {d->x + (n - 1) * k, n, k, -(ptrdiff_t)k, 1};
    lr_vector yr = {d->y + n - 1, n, -1};
    CHECK(lr_fit(&rv, &yr, NULL, &o, &m3) == LR_OK, "reversed fit");

    double b0[8], b1[8], b2[8], b3[8];
    coefs(m0, b0);
    coefs(m1, b1);
    coefs(m2, b2);
    coefs(m3, b3);
    for (size_t j = 0; j <= k; j++) {
        CHECK(b0[j] == b1[j], "column-major differs in coefficient %zu", j);
        CHECK(b0[j] == b2[j], "strided differs in coefficient %zu", j);
        CHECK_REL(b3[j], b0[j], 1e-13, "reversed rows");
    }
    const double *r0 = lr_model_residuals(m0), *r3 = lr_model_residuals(m3);
    CHECK(fabs(r3[0] - r0[n - 1]) < 1e-12 * (1 + fabs(r0[n - 1])), "residuals follow the row order");
    lr_model_free(m0);
    lr_model_free(m1);
    lr_model_free(m2);
    lr_model_free(m3);
    free(col);
    free(wide);
    free(ywide);
}

static void streaming(const dataset *d)
{
    const size_t n = d->n, k = d->k, cut1 = n / 3, cut2 = 2 * n / 3;
    lr_options o;
    lr_options_init(&o);
    lr_accumulator *a = NULL, *b = NULL;
    CHECK(lr_accumulator_create(k, &o, &a) == LR_OK, "create");
    CHECK(lr_accumulator_create(k, &o, &b) == LR_OK, "create");
    lr_matrix X1 = lr_matrix_row_major(d->x, cut1, k);
    lr_vector y1 = lr_vector_of(d->y, cut1);
    lr_matrix X2 = lr_matrix_row_major(d->x + cut1 * k, cut2 - cut1, k);
    lr_vector y2 = lr_vector_of(d->y + cut1, cut2 - cut1);
    lr_matrix X3 = lr_matrix_row_major(d->x + cut2 * k, n - cut2, k);
    lr_vector y3 = lr_vector_of(d->y + cut2, n - cut2);
    CHECK(lr_accumulator_add(a, &X1, &y1, NULL) == LR_OK, "add 1");
    CHECK(lr_accumulator_add(b, &X2, &y2, NULL) == LR_OK, "add 2");
    CHECK(lr_accumulator_add(b, &X3, &y3, NULL) == LR_OK, "add 3");
    CHECK(lr_accumulator_merge(a, b) == LR_OK, "merge");
    lr_model *ms = NULL, *mf = NULL;
    CHECK(lr_accumulator_finish(a, NULL, &ms) == LR_OK, "finish: %s", lr_last_error());
    lr_matrix X = lr_matrix_row_major(d->x, n, k);
    lr_vector y = lr_vector_of(d->y, n);
    CHECK(lr_fit(&X, &y, NULL, &o, &mf) == LR_OK, "fit");
    double bs[8], bf[8], ss[8], sf[8];
    coefs(ms, bs);
    coefs(mf, bf);
    lr_model_coef_column(ms, LR_COEF_STD_ERROR, 0.95, ss, k + 1);
    lr_model_coef_column(mf, LR_COEF_STD_ERROR, 0.95, sf, k + 1);
    for (size_t j = 0; j <= k; j++) {
        CHECK_REL(bs[j], bf[j], 1e-12, "streamed estimate");
        CHECK_REL(ss[j], sf[j], 1e-12, "streamed std error");
    }
    static const lr_stat st[] = {LR_STAT_SIGMA, LR_STAT_R_SQUARED, LR_STAT_F, LR_STAT_AIC,
                                 LR_STAT_N};
    for (size_t i = 0; i < sizeof st / sizeof st[0]; i++)
        CHECK_REL(lr_model_stat(ms, st[i]), lr_model_stat(mf, st[i]), 1e-12, lr_stat_name(st[i]));
    CHECK(lr_model_fitted(ms) == NULL && lr_model_nobs(ms) == 0, "streamed model has no rows");
    char *text = NULL;
    CHECK(lr_model_summary(ms, &text) == LR_OK && !strstr(text, "Residuals:"),
          "streamed summary without residual quantiles");
    lr_free(text);
    lr_accumulator *c = NULL;
    lr_accumulator_create(k + 1, &o, &c);
    CHECK(lr_accumulator_merge(a, c) == LR_ERR_DIMENSION, "merging different widths is refused");
    lr_vector yshort = lr_vector_of(d->y, cut1 - 1);
    CHECK(lr_accumulator_add(a, &X1, &yshort, NULL) == LR_ERR_DIMENSION, "mismatched block refused");
    lr_accumulator_free(a);
    lr_accumulator_free(b);
    lr_accumulator_free(c);
    lr_model_free(ms);
    lr_model_free(mf);
}

static void copied_data(const dataset *d)
{
    const size_t n = d->n, k = d->k;
    double *x = malloc(n * k * sizeof(double)), *yy = malloc(n * sizeof(double));
    memcpy(x, d->x, n * k * sizeof(double));
    memcpy(yy, d->y, n * sizeof(double));
    lr_options o;
    lr_options_init(&o);
    o.copy_data = 1;
    lr_matrix X = lr_matrix_row_major(x, n, k);
    lr_vector y = lr_vector_of(yy, n);
    lr_model *m = NULL;
    CHECK(lr_fit(&X, &y, NULL, &o, &m) == LR_OK, "fit with copy");
    char *before = NULL, *after = NULL;
    lr_model_summary(m, &before);
    memset(x, 0xff, n * k * sizeof(double)); /* NaN patterns: the model must not look */
    memset(yy, 0xff, n * sizeof(double));
    free(x);
    free(yy);
    lr_model_summary(m, &after);
    CHECK(before && after && strcmp(before, after) == 0, "summary unchanged after the caller frees");
    lr_free(before);
    lr_free(after);
    lr_model_free(m);
}

typedef struct {
    const dataset *d;
    double coef[8];
    int ok;
} job;

static void *fit_many(void *arg)
{
    job *j = arg;
    j->ok = 1;
    for (int it = 0; it < 200; it++) {
        lr_matrix X = lr_matrix_row_major(j->d->x, j->d->n, j->d->k);
        lr_vector y = lr_vector_of(j->d->y, j->d->n);
        lr_model *m = NULL;
        if (lr_fit(&X, &y, NULL, NULL, &m) != LR_OK) {
            j->ok = 0;
            break;
        }
        double b[8];
        coefs(m, b);
        if (it == 0)
            memcpy(j->coef, b, sizeof b);
        else if (memcmp(j->coef, b, (j->d->k + 1) * sizeof(double)) != 0)
            j->ok = 0;
        /* an error on this thread must not leak into the other one */
        lr_fit(&X, &y, NULL, NULL, NULL);
        lr_model_free(m);
    }
    return NULL;
}

static void threads(const dataset *a, const dataset *b)
{
    job ja = {a, {0}, 0}, jb = {b, {0}, 0};
    pthread_t ta, tb;
    pthread_create(&ta, NULL, fit_many, &ja);
    pthread_create(&tb, NULL, fit_many, &jb);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    CHECK(ja.ok && jb.ok, "concurrent fits are repeatable");
    lr_matrix X = lr_matrix_row_major(a->x, a->n, a->k);
    lr_vector y = lr_vector_of(a->y, a->n);
    lr_model *m = NULL;
    lr_fit(&X, &y, NULL, NULL, &m);
    double c[8];
    coefs(m, c);
    CHECK(memcmp(c, ja.coef, (a->k + 1) * sizeof(double)) == 0, "same as a single-thread fit");
    lr_model_free(m);
}

static void json_results(const dataset *d)
{
    lr_matrix X = lr_matrix_row_major(d->x, d->n, d->k);
    lr_vector y = lr_vector_of(d->y, d->n);
    lr_model *m = NULL;
    lr_fit(&X, &y, NULL, NULL, &m);
    char *text = NULL;
    CHECK(lr_model_results_json(m, 0.9, &text) == LR_OK, "json");
    cJSON *doc = cJSON_Parse(text);
    CHECK(doc != NULL, "json parses");
    cJSON *coef = cJSON_GetObjectItem(doc, "coefficients");
    size_t p = lr_model_ncoef(m);
    CHECK(cJSON_GetArraySize(coef) == (int)p, "one entry per coefficient");
    static const struct { lr_coef_column c; const char *key; } keys[] = {
        {LR_COEF_ESTIMATE, "estimate"}, {LR_COEF_STD_ERROR, "std_error"},
        {LR_COEF_T_VALUE, "t_value"},   {LR_COEF_P_VALUE, "p_value"},
        {LR_COEF_CI_LOW, "ci_low"},     {LR_COEF_CI_HIGH, "ci_high"},
    };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        double v[8];
        lr_model_coef_column(m, keys[k].c, 0.9, v, p);
        for (size_t j = 0; j < p; j++) {
            cJSON *e = cJSON_GetArrayItem(coef, (int)j);
            CHECK(cJSON_GetObjectItem(e, keys[k].key)->valuedouble == v[j],
                  "%s[%zu] reads back bit-identical", keys[k].key, j);
        }
    }
    cJSON *fit = cJSON_GetObjectItem(doc, "fit");
    static const lr_stat st[] = {LR_STAT_N, LR_STAT_RANK, LR_STAT_DF_MODEL, LR_STAT_DF_RESID,
                                 LR_STAT_SIGMA, LR_STAT_R_SQUARED, LR_STAT_ADJ_R_SQUARED,
                                 LR_STAT_F, LR_STAT_F_P_VALUE, LR_STAT_LOG_LIKELIHOOD,
                                 LR_STAT_AIC, LR_STAT_BIC, LR_STAT_CONDITION_NUMBER};
    for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
        cJSON *e = cJSON_GetObjectItem(fit, lr_stat_name(st[i]));
        CHECK(e && e->valuedouble == lr_model_stat(m, st[i]), "fit.%s reads back bit-identical",
              lr_stat_name(st[i]));
    }
    cJSON_Delete(doc);
    lr_free(text);
    lr_model_free(m);
}

/* Above 2^18 rows the fit is accumulated in chunks (on threads when
 * OpenBLAS runs single-threaded): the answer must agree with the refined
 * fit, and a bad value far down must still be reported by its own row. */
static void many_rows(void)
{
    const size_t n = 300000, k = 3;
    double *x = malloc(n * k * sizeof(double)), *y = malloc(n * sizeof(double));
    uint64_t s = 42;
    for (size_t i = 0; i < n; i++) {
        double sum = 0.5;
        for (size_t j = 0; j < k; j++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            x[i * k + j] = (double)(s >> 11) * 0x1p-53 - 0.5;
            sum += (double)(j + 1) * x[i * k + j];
        }
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        y[i] = sum + ((double)(s >> 11) * 0x1p-53 - 0.5);
    }
    lr_matrix X = lr_matrix_row_major(x, n, k);
    lr_vector yv = lr_vector_of(y, n);
    lr_options o;
    lr_options_init(&o);
    lr_model *fast = NULL, *exact = NULL;
    CHECK(lr_fit(&X, &yv, NULL, &o, &fast) == LR_OK, "chunked fit: %s", lr_last_error());
    o.refine = LR_REFINE_ALWAYS;
    CHECK(lr_fit(&X, &yv, NULL, &o, &exact) == LR_OK, "refined fit: %s", lr_last_error());
    double a[4], b[4], sa[4], sb[4];
    coefs(fast, a);
    coefs(exact, b);
    lr_model_coef_column(fast, LR_COEF_STD_ERROR, 0.95, sa, 4);
    lr_model_coef_column(exact, LR_COEF_STD_ERROR, 0.95, sb, 4);
    for (size_t j = 0; j <= k; j++) {
        CHECK_REL(a[j], b[j], 1e-13, "chunked estimate vs refined");
        CHECK_REL(sa[j], sb[j], 1e-12, "chunked std error vs refined");
    }
    CHECK(lr_model_stat(fast, LR_STAT_N) == (double)n, "n");
    lr_model_free(fast);
    lr_model_free(exact);
    x[(n - 7) * k + 2] = NAN;
    lr_model *m = NULL;
    lr_options_init(&o);
    CHECK(lr_fit(&X, &yv, NULL, &o, &m) == LR_ERR_NONFINITE, "NaN far down is found");
    CHECK(strstr(lr_last_error(), "column 'x3' has NaN at row 299994") != NULL, "message: %s",
          lr_last_error());
    free(x);
    free(y);
}

/* Large problems take the cheaper refinements: the covariance alone when
 * the condition number is moderate (kappa > 100), the residuals alone when
 * the fit is nearly exact. Either must agree with the full refinement. */
static void cheap_refinements(void)
{
    const size_t n = 300000, k = 2;
    double *x = malloc(n * k * sizeof(double)), *y = malloc(n * sizeof(double));
    uint64_t s = 7;
    for (int scenario = 0; scenario < 2; scenario++) {
        for (size_t i = 0; i < n; i++) {
            double u[3];
            for (int q = 0; q < 3; q++) {
                s = s * 6364136223846793005ULL + 1442695040888963407ULL;
                u[q] = (double)(s >> 11) * 0x1p-53 - 0.5;
            }
            if (scenario == 0) { /* x1 = 30 + U: kappa about 200 */
                x[i * k] = 30.0 + u[0];
                x[i * k + 1] = u[1];
                y[i] = 2.0 + 3.0 * x[i * k] - x[i * k + 1] + u[2];
            } else { /* y = 1e4 + small signal + tiny noise: ||r|| / ||y|| ~ 3e-6 */
                x[i * k] = u[0];
                x[i * k + 1] = u[1];
                y[i] = 1e4 + x[i * k] + 0.5 * x[i * k + 1] + 0.1 * u[2];
            }
        }
        lr_matrix X = lr_matrix_row_major(x, n, k);
        lr_vector yv = lr_vector_of(y, n);
        lr_options o;
        lr_options_init(&o);
        lr_model *cheap = NULL, *full = NULL;
        CHECK(lr_fit(&X, &yv, NULL, &o, &cheap) == LR_OK, "fit: %s", lr_last_error());
        o.refine = LR_REFINE_ALWAYS;
        CHECK(lr_fit(&X, &yv, NULL, &o, &full) == LR_OK, "refined fit: %s", lr_last_error());
        CHECK(lr_model_stat(cheap, LR_STAT_REFINED) == 2, "scenario %d: partial refinement (%g)",
              scenario, lr_model_stat(cheap, LR_STAT_REFINED));
        double a[3], b[3];
        lr_model_coef_column(cheap, LR_COEF_STD_ERROR, 0.95, a, 3);
        lr_model_coef_column(full, LR_COEF_STD_ERROR, 0.95, b, 3);
        for (size_t j = 0; j < 3; j++)
            CHECK_REL(a[j], b[j], 1e-13, "std error, partial vs full refinement");
        CHECK_REL(lr_model_stat(cheap, LR_STAT_SIGMA), lr_model_stat(full, LR_STAT_SIGMA), 1e-13,
                  "sigma, partial vs full refinement");
        CHECK_REL(lr_model_stat(cheap, LR_STAT_R_SQUARED), lr_model_stat(full, LR_STAT_R_SQUARED),
                  1e-13, "R-squared, partial vs full refinement");
        lr_model_free(cheap);
        lr_model_free(full);
    }
    free(x);
    free(y);
}

int main(void)
{
    const char *c3[] = {"x1", "x2", "x3"}, *c2[] = {"x1", "x2"};
    dataset clean = load("clean", c3, 3), hetero = load("hetero", c2, 2);
    layouts(&clean);
    layouts(&hetero);
    streaming(&clean);
    copied_data(&hetero);
    threads(&clean, &hetero);
    json_results(&clean);
    many_rows();
    cheap_refinements();
    free(clean.x);
    free(clean.y);
    free(hetero.x);
    free(hetero.y);
    return test_report("test_fit_api");
}
