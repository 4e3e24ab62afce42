/* Influence measures and the Bonferroni outlier test against R
 * (influence.measures, hatvalues, rstandard, rstudent, cooks.distance,
 * dffits, covratio, dfbeta, dfbetas, lm.influence()$sigma, is.inf,
 * car::outlierTest) on every dataset of tests/fixtures/influence
 * (tests/reference/diag_influence.R), to 1e-8 relative; the CSV writer,
 * the JSON entries and the error paths. */
#include "diag_fixture.h"

#include <cjson/cJSON.h>
#include "test_util.h"
#include "../src/fit/model.h"

#include <stdint.h>

#define TOL 1e-8

static const char *const measure_cols[(LR_INFL_SIGMA + 1)] = {
    "hat", "rstandard", "rstudent", "cooks_d", "dffits", "covratio", "sigma",
};

static void check_rows(const fx_spec *s, const fx_fit *f)
{
    char path[512], what[160];
    fx_table t;
    snprintf(path, sizeof path, FX_DIR "/%s_rows.csv", s->name);
    CHECK(fx_table_read(path, &t) == 0, "%s: cannot read %s", s->name, path);
    const lr_model *m = f->model;
    const size_t n = lr_model_nobs(m), p = lr_model_ncoef(m);
    CHECK(t.nrows == n, "%s: fixture has %zu rows, model %zu", s->name, t.nrows, n);
    double *arr[LR_INFL_COUNT_];
    for (int q = 0; q < LR_INFL_COUNT_; q++)
        arr[q] = calloc(q >= LR_INFL_DFBETA ? n * p : n, sizeof(double));
    unsigned char *flags = calloc(n, 1);
    lr_status st = lr_influence_measures(m, arr, flags, n);
    CHECK(st == LR_OK, "%s: lr_influence_measures: %s", s->name, lr_last_error());

    for (int q = 0; q < (LR_INFL_SIGMA + 1); q++) {
        int col = fx_col(&t, measure_cols[q]);
        CHECK(col >= 0, "%s: no column %s", s->name, measure_cols[q]);
        for (size_t i = 0; i < n && col >= 0; i++) {
            snprintf(what, sizeof what, "%s %s row %zu", s->name, measure_cols[q], i + 1);
            CHECK_REL(arr[q][i], fx_at(&t, i, col), TOL, what);
        }
    }
    for (size_t j = 0; j < p; j++) {
        char name[32];
        for (int scaled = 0; scaled < 2; scaled++) {
            snprintf(name, sizeof name, "%s_%zu", scaled ? "dfbetas" : "dfbeta", j + 1);
            int col = fx_col(&t, name);
            CHECK(col >= 0, "%s: no column %s", s->name, name);
            const double *a = arr[scaled ? LR_INFL_DFBETAS : LR_INFL_DFBETA];
            for (size_t i = 0; i < n && col >= 0; i++) {
                snprintf(what, sizeof what, "%s %s row %zu", s->name, name, i + 1);
                CHECK_REL(a[i * p + j], fx_at(&t, i, col), TOL, what);
            }
        }
    }
    static const char *const flag_cols[5] = {"inf_dfb", "inf_dffit", "inf_covr", "inf_cook",
                                             "inf_hat"};
    for (int b = 0; b < 5; b++) {
        int col = fx_col(&t, flag_cols[b]);
        for (size_t i = 0; i < n; i++) {
            double want = fx_at(&t, i, col);
            int got = (flags[i] >> b) & 1;
            CHECK(isnan(want) ? got == 0 : got == (int)want, "%s %s row %zu: got %d want %g",
                  s->name, flag_cols[b], i + 1, got, want);
        }
    }

    /* one measure at a time gives the same numbers */
    double *one = calloc(n * p, sizeof(double));
    st = lr_influence_measure_values(m, LR_INFL_COOKS_D, one, n);
    CHECK(st == LR_OK, "%s: lr_influence_measure_values", s->name);
    for (size_t i = 0; i < n; i++)
        CHECK(one[i] == arr[LR_INFL_COOKS_D][i] || (isnan(one[i]) && isnan(arr[LR_INFL_COOKS_D][i])),
              "%s: single-measure Cook's distance row %zu", s->name, i + 1);
    st = lr_influence_measure_values(m, LR_INFL_DFBETAS, one, n * p);
    CHECK(st == LR_OK, "%s: lr_influence_measure_values dfbetas", s->name);
    for (size_t i = 0; i < n * p; i++)
        CHECK(one[i] == arr[LR_INFL_DFBETAS][i] || (isnan(one[i]) && isnan(arr[LR_INFL_DFBETAS][i])),
              "%s: single-measure dfbetas %zu", s->name, i);
    CHECK(lr_influence_measure_values(m, LR_INFL_DFBETAS, one, n * p - 1) == LR_ERR_DIMENSION,
          "%s: short dfbetas buffer", s->name);
    free(one);
    for (int q = 0; q < LR_INFL_COUNT_; q++)
        free(arr[q]);
    free(flags);
    fx_table_free(&t);
}

static void check_summary(const fx_spec *s, const fx_fit *f, const fx_values *kv)
{
    char what[160];
    lr_influence_summary sm;
    lr_status st = lr_influence_summarize(f->model, &sm);
    CHECK(st == LR_OK, "%s: summarize: %s", s->name, lr_last_error());
    CHECK(sm.n == (size_t)fx_get(kv, "n", NULL), "%s: summary n %zu", s->name, sm.n);
    CHECK(sm.n_flagged == (size_t)fx_get(kv, "n_flagged", NULL), "%s: n_flagged %zu vs %g",
          s->name, sm.n_flagged, fx_get(kv, "n_flagged", NULL));
    snprintf(what, sizeof what, "%s max hat", s->name);
    CHECK_REL(sm.max_hat, fx_get(kv, "max_hat", NULL), TOL, what);
    CHECK(sm.max_hat_row + 1 == (size_t)fx_get(kv, "max_hat_row", NULL), "%s: max hat row %zu",
          s->name, sm.max_hat_row + 1);
    snprintf(what, sizeof what, "%s max Cook", s->name);
    CHECK_REL(sm.max_cooks_d, fx_get(kv, "max_cook", NULL), TOL, what);
    CHECK(sm.max_cooks_d_row + 1 == (size_t)fx_get(kv, "max_cook_row", NULL),
          "%s: max Cook row %zu", s->name, sm.max_cooks_d_row + 1);
}

static void check_outliers(const fx_spec *s, const fx_fit *f, const fx_values *kv)
{
    char key[64], what[160];
    size_t rows[10], count = 99;
    double t[10], pu[10], pb[10];
    lr_test_result r;
    lr_status st = lr_outlier_test(f->model, 0.05, 10, &r, rows, t, pu, pb, &count);
    CHECK(st == LR_OK, "%s: outlier test: %s", s->name, lr_last_error());
    CHECK(count == (size_t)fx_get(kv, "outlier_count", NULL), "%s: outlier count %zu", s->name,
          count);
    CHECK(r.n == (size_t)fx_get(kv, "outlier_n", NULL), "%s: outlier n %zu", s->name, r.n);
    CHECK(r.df[0] == fx_get(kv, "outlier_df", NULL), "%s: outlier df %g", s->name, r.df[0]);
    CHECK((r.p_value <= 0.05) == (fx_get(kv, "outlier_signif", NULL) == 1.0),
          "%s: outlier significance", s->name);
    for (size_t i = 0; i < count && i < 10; i++) {
        snprintf(key, sizeof key, "outlier_%zu_row", i + 1);
        CHECK(rows[i] + 1 == (size_t)fx_get(kv, key, NULL), "%s: %s = %zu", s->name, key,
              rows[i] + 1);
        snprintf(key, sizeof key, "outlier_%zu_rstudent", i + 1);
        snprintf(what, sizeof what, "%s %s", s->name, key);
        CHECK_REL(t[i], fx_get(kv, key, NULL), TOL, what);
        snprintf(key, sizeof key, "outlier_%zu_p", i + 1);
        CHECK(fx_close_p(pu[i], fx_get(kv, key, NULL), TOL), "%s %s: %.17g vs %.17g", s->name,
              key, pu[i], fx_get(kv, key, NULL));
        snprintf(key, sizeof key, "outlier_%zu_bonf", i + 1);
        CHECK(fx_close_p(pb[i], fx_get(kv, key, NULL), TOL), "%s %s: %.17g vs %.17g", s->name,
              key, pb[i], fx_get(kv, key, NULL));
    }
    CHECK(r.statistic == t[0] && r.p_value == pb[0], "%s: outlier result is the first row",
          s->name);
    /* n_max 1 keeps the most significant row only */
    size_t c1 = 0, row1 = 0;
    st = lr_outlier_test(f->model, 0.05, 1, NULL, &row1, NULL, NULL, NULL, &c1);
    CHECK(st == LR_OK && c1 == 1 && row1 == rows[0], "%s: outlier test with n_max 1", s->name);
}

/* The CSV writer: header and values read back equal to the arrays. */
static void check_csv(const fx_spec *s, const fx_fit *f)
{
    FILE *tmp = tmpfile();
    CHECK(tmp != NULL, "tmpfile");
    if (!tmp)
        return;
    lr_status st = lr_influence_write_csv(f->model, tmp);
    CHECK(st == LR_OK, "%s: write_csv: %s", s->name, lr_last_error());
    long len = ftell(tmp);
    rewind(tmp);
    char *text = calloc((size_t)len + 1, 1);
    CHECK(fread(text, 1, (size_t)len, tmp) == (size_t)len, "read back");
    fclose(tmp);
    fx_table t, ref;
    fx_table_parse(text, &t);
    char rpath[512];
    snprintf(rpath, sizeof rpath, FX_DIR "/%s_rows.csv", s->name);
    fx_table_read(rpath, &ref);
    const size_t n = lr_model_nobs(f->model), p = lr_model_ncoef(f->model);
    CHECK(t.nrows == n && t.ncols == 7 + 2 * p + 1, "%s: CSV shape %zu x %zu", s->name, t.nrows,
          t.ncols);
    CHECK(!strcmp(t.names[0], "row") && !strcmp(t.names[1], "hat") &&
              !strcmp(t.names[6], "covratio") && !strcmp(t.names[t.ncols - 1], "flagged"),
          "%s: CSV header", s->name);
    char name[80];
    snprintf(name, sizeof name, "dfbetas_%s", lr_model_coef_name(f->model, p - 1));
    CHECK(fx_col(&t, name) == (int)(6 + 2 * p), "%s: CSV column %s", s->name, name);
    for (size_t i = 0; i < n && i < t.nrows; i++) {
        CHECK(fx_at(&t, i, 0) == (double)(i + 1), "%s: CSV row number", s->name);
        double h = fx_at(&t, i, 1), want = fx_at(&ref, i, fx_col(&ref, "hat"));
        CHECK(test_close(h, want, TOL), "%s: CSV hat row %zu", s->name, i + 1);
        double d = fx_at(&t, i, (int)(7 + p + p - 1));
        snprintf(name, sizeof name, "dfbetas_%zu", p);
        want = fx_at(&ref, i, fx_col(&ref, name));
        CHECK(test_close(d, want, TOL), "%s: CSV dfbetas row %zu: %g vs %g", s->name, i + 1, d,
              want);
        double any = 0;
        int w0 = isnan(fx_at(&ref, i, fx_col(&ref, "hat")));
        for (int b = 0; b < 5; b++) {
            static const char *const fc[5] = {"inf_dfb", "inf_dffit", "inf_covr", "inf_cook",
                                              "inf_hat"};
            double v = fx_at(&ref, i, fx_col(&ref, fc[b]));
            if (v == 1.0)
                any = 1;
        }
        double fl = fx_at(&t, i, (int)t.ncols - 1);
        CHECK(w0 ? isnan(fl) : fl == any, "%s: CSV flagged row %zu", s->name, i + 1);
    }
    free(text);
    fx_table_free(&t);
    fx_table_free(&ref);
}

/* The JSON entries on the outliers dataset against its fixture. */
static void check_json(const fx_spec *s, const fx_fit *f, const fx_values *kv)
{
    char *text = NULL;
    lr_status st = lr_model_diagnostics_json(f->model, NULL, &text);
    CHECK(st == LR_OK, "json: %s", lr_last_error());
    cJSON *doc = text ? cJSON_Parse(text) : NULL;
    CHECK(doc != NULL, "json parses back");
    if (!doc) {
        lr_free(text);
        return;
    }
    static const char *const tests[3][2] = {
        {"reset", "reset"}, {"rainbow", "rainbow"}, {"harvey_collier", "hc"}};
    char key[64], what[128];
    for (int i = 0; i < 3; i++) {
        cJSON *e = cJSON_GetObjectItem(doc, tests[i][0]);
        CHECK(e && cJSON_IsObject(e), "json has %s", tests[i][0]);
        if (!e)
            continue;
        snprintf(key, sizeof key, "%s_stat", tests[i][1]);
        snprintf(what, sizeof what, "json %s statistic", tests[i][0]);
        CHECK_REL(cJSON_GetNumberValue(cJSON_GetObjectItem(e, "statistic")), fx_get(kv, key, NULL),
                  TOL, what);
        snprintf(key, sizeof key, "%s_p", tests[i][1]);
        snprintf(what, sizeof what, "json %s p_value", tests[i][0]);
        CHECK_REL(cJSON_GetNumberValue(cJSON_GetObjectItem(e, "p_value")), fx_get(kv, key, NULL),
                  TOL, what);
        cJSON *df = cJSON_GetObjectItem(e, "df");
        CHECK(i == 2 ? cJSON_IsNumber(df) : cJSON_IsArray(df) && cJSON_GetArraySize(df) == 2,
              "json %s df shape", tests[i][0]);
        CHECK(cJSON_IsString(cJSON_GetObjectItem(e, "method")), "json %s method", tests[i][0]);
        CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(e, "n")) == fx_get(kv, "n", NULL),
              "json %s n", tests[i][0]);
    }
    cJSON *vif = cJSON_GetObjectItem(doc, "vif");
    CHECK(vif && cJSON_GetArraySize(vif) == (int)f->k, "json vif entries");
    CHECK(!cJSON_GetObjectItem(vif, "(Intercept)"), "json vif has no intercept");
    CHECK_REL(cJSON_GetNumberValue(cJSON_GetObjectItem(vif, "x1")), fx_get(kv, "vif_2", NULL), TOL,
              "json vif x1");
    CHECK_REL(cJSON_GetNumberValue(cJSON_GetObjectItem(doc, "condition_number")),
              fx_get(kv, "cond_number", NULL), TOL, "json condition_number");
    cJSON *inf = cJSON_GetObjectItem(doc, "influence");
    cJSON *ml = cJSON_GetObjectItem(inf, "max_leverage");
    CHECK_REL(cJSON_GetNumberValue(cJSON_GetObjectItem(ml, "value")), fx_get(kv, "max_hat", NULL),
              TOL, "json max leverage");
    CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(ml, "row")) == fx_get(kv, "max_hat_row", NULL),
          "json max leverage row (1-based)");
    cJSON *mc = cJSON_GetObjectItem(inf, "max_cooks_distance");
    CHECK_REL(cJSON_GetNumberValue(cJSON_GetObjectItem(mc, "value")), fx_get(kv, "max_cook", NULL),
              TOL, "json max Cook");
    CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(mc, "row")) == fx_get(kv, "max_cook_row", NULL),
          "json max Cook row");
    CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(inf, "n_flagged")) ==
              fx_get(kv, "n_flagged", NULL),
          "json n_flagged");
    cJSON *ot = cJSON_GetObjectItem(inf, "outlier_test");
    cJSON *list = cJSON_GetObjectItem(ot, "outliers");
    CHECK(cJSON_GetArraySize(list) == (int)fx_get(kv, "outlier_count", NULL), "json outliers");
    CHECK(cJSON_IsTrue(cJSON_GetObjectItem(ot, "significant")) ==
              (fx_get(kv, "outlier_signif", NULL) == 1.0),
          "json outlier significance");
    cJSON *first = cJSON_GetArrayItem(list, 0);
    CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(first, "row")) ==
              fx_get(kv, "outlier_1_row", NULL),
          "json first outlier row");
    CHECK_REL(cJSON_GetNumberValue(cJSON_GetObjectItem(first, "p_bonferroni")),
              fx_get(kv, "outlier_1_bonf", NULL), TOL, "json first outlier Bonferroni p");
    (void)s;
    cJSON_Delete(doc);
    lr_free(text);
}

static void check_errors(const fx_spec *specs, size_t nsets)
{
    const fx_spec *clean = NULL;
    for (size_t i = 0; i < nsets; i++)
        if (!strcmp(specs[i].name, "clean"))
            clean = &specs[i];
    CHECK(clean != NULL, "clean dataset listed");
    if (!clean)
        return;
    fx_fit f;
    /* streamed model: no rows */
    lr_status st = fx_fit_spec(clean, 0, 1, &f);
    CHECK(st == LR_OK, "streamed fit: %s", lr_last_error());
    double buf[8];
    double *arr[LR_INFL_COUNT_] = {buf};
    lr_influence_summary sm;
    CHECK(lr_influence_measures(f.model, arr, NULL, 0) == LR_ERR_NO_DATA, "streamed measures");
    CHECK(lr_influence_measure_values(f.model, LR_INFL_HAT, buf, 8) == LR_ERR_NO_DATA,
          "streamed one measure");
    CHECK(lr_influence_summarize(f.model, &sm) == LR_ERR_NO_DATA, "streamed summary");
    CHECK(lr_outlier_test(f.model, 0.05, 10, NULL, NULL, NULL, NULL, NULL, NULL) ==
              LR_ERR_NO_DATA,
          "streamed outlier test");
    FILE *tmp = tmpfile();
    CHECK(lr_influence_write_csv(f.model, tmp) == LR_ERR_NO_DATA, "streamed CSV");
    if (tmp)
        fclose(tmp);
    CHECK(strstr(lr_last_error(), "no rows") != NULL, "NO_DATA message: %s", lr_last_error());
    /* the JSON keeps the collinearity entries and reports why the rest is missing */
    char *text = NULL;
    CHECK(lr_model_diagnostics_json(f.model, NULL, &text) == LR_OK, "streamed JSON: %s",
          lr_last_error());
    cJSON *diag = text ? cJSON_Parse(text) : NULL;
    lr_free(text);
    cJSON *reset = cJSON_GetObjectItem(diag, "reset");
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(reset, "statistic")) &&
              cJSON_IsString(cJSON_GetObjectItem(reset, "error")),
          "streamed JSON reset has an error");
    CHECK(cJSON_IsString(cJSON_GetObjectItem(cJSON_GetObjectItem(diag, "influence"), "error")),
          "streamed JSON influence has an error");
    CHECK(cJSON_IsNumber(cJSON_GetObjectItem(cJSON_GetObjectItem(diag, "vif"), "x1")),
          "streamed JSON still has VIFs");
    CHECK(cJSON_IsNumber(cJSON_GetObjectItem(diag, "condition_number")),
          "streamed JSON still has the condition number");
    cJSON_Delete(diag);
    fx_fit_free(&f);

    /* too few rows: n = rank + 1 (clean has 4 coefficients) */
    st = fx_fit_spec(clean, 5, 0, &f);
    CHECK(st == LR_OK, "5-row fit");
    CHECK(lr_influence_measure_values(f.model, LR_INFL_HAT, buf, 8) == LR_ERR_TOO_FEW_ROWS,
          "too few rows for influence: %s", lr_last_error());
    CHECK(lr_outlier_test(f.model, 0.05, 10, NULL, NULL, NULL, NULL, NULL, NULL) ==
              LR_ERR_TOO_FEW_ROWS,
          "too few rows for the outlier test");
    fx_fit_free(&f);

    st = fx_fit_spec(clean, 0, 0, &f);
    CHECK(lr_influence_measures(f.model, arr, NULL, 7) == LR_ERR_DIMENSION, "nobs mismatch");
    CHECK(lr_influence_measures(NULL, arr, NULL, 7) == LR_ERR_INVALID_ARG, "NULL model");
    CHECK(lr_influence_measure_values(f.model, LR_INFL_COUNT_, buf, 8) == LR_ERR_INVALID_ARG,
          "unknown measure");
    CHECK(lr_influence_measure_values(f.model, LR_INFL_HAT, buf, 8) == LR_ERR_DIMENSION,
          "short buffer");
    CHECK(lr_outlier_test(f.model, 0.0, 10, NULL, NULL, NULL, NULL, NULL, NULL) ==
              LR_ERR_INVALID_ARG,
          "cutoff 0");
    CHECK(lr_outlier_test(f.model, 0.05, 0, NULL, NULL, NULL, NULL, NULL, NULL) ==
              LR_ERR_INVALID_ARG,
          "n_max 0");
    CHECK(lr_influence_write_csv(f.model, NULL) == LR_ERR_INVALID_ARG, "NULL stream");
    fx_fit_free(&f);

    /* an exact fit: studentized residuals would be rounding noise */
    {
        double xs[8] = {1, 2, 3, 4, 5, 6, 7, 8}, ys[8], h[8];
        for (int i = 0; i < 8; i++)
            ys[i] = 2.0 + 0.5 * xs[i];
        lr_matrix X1 = lr_matrix_col_major(xs, 8, 1);
        lr_vector y1 = lr_vector_of(ys, 8);
        lr_model *m = NULL;
        CHECK(lr_fit(&X1, &y1, NULL, NULL, &m) == LR_OK, "exact fit");
        CHECK(lr_influence_measure_values(m, LR_INFL_HAT, h, 8) == LR_ERR_UNDEFINED,
              "influence of an exact fit: %s", lr_last_error());
        lr_model_free(m);
    }
    st = fx_fit_spec(clean, 0, 0, &f);
    /* all arrays NULL: a valid no-op pass */
    double *none[LR_INFL_COUNT_] = {0};
    CHECK(lr_influence_measures(f.model, none, NULL, f.n) == LR_OK, "no outputs asked");
    fx_fit_free(&f);
}

int main(void)
{
    fx_spec specs[FX_MAX_SETS];
    size_t nsets = fx_specs(specs, FX_MAX_SETS);
    CHECK(nsets >= 15, "fixture list has %zu datasets", nsets);
    for (size_t d = 0; d < nsets; d++) {
        fx_fit f;
        fx_values kv;
        lr_status st = fx_fit_spec(&specs[d], 0, 0, &f);
        CHECK(st == LR_OK, "%s: fit: %s", specs[d].name, lr_last_error());
        CHECK(fx_values_read(specs[d].name, &kv) == 0, "%s: values fixture", specs[d].name);
        if (st == LR_OK) {
            check_rows(&specs[d], &f);
            check_summary(&specs[d], &f, &kv);
            check_outliers(&specs[d], &f, &kv);
            check_csv(&specs[d], &f);
            if (!strcmp(specs[d].name, "outliers"))
                check_json(&specs[d], &f, &kv);
        }
        fx_values_free(&kv);
        fx_fit_free(&f);
    }
    check_errors(specs, nsets);
    return test_report("test_diag_influence");
}
