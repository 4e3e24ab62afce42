/* Linearity / specification tests against R on every dataset of
 * tests/fixtures/influence (tests/reference/diag_influence.R): RESET
 * (lmtest::resettest, power 2:3, type "fitted"; for weighted fits the F
 * test of the weighted augmented regression), rainbow (lmtest::raintest,
 * fraction 0.5) and Harvey-Collier (lmtest::harvtest), statistic, df and
 * p-value to 1e-8 relative. Where R's reference is NA (the central rows or
 * the first k rows cannot determine the coefficients) the test must report
 * LR_ERR_UNDEFINED. Error paths: streamed models, too few rows, bad
 * arguments, intercept-only model. */
#include "diag_fixture.h"
#include "test_util.h"

#define TOL 1e-8

static void check_one(const char *set, const char *prefix, lr_status st, const lr_test_result *r,
                      const fx_values *kv, int two_df)
{
    char key[64], what[128];
    snprintf(key, sizeof key, "%s_stat", prefix);
    double want = fx_get(kv, key, NULL);
    if (isnan(want)) {
        CHECK(st == LR_ERR_UNDEFINED, "%s %s: R gives NA, expected LR_ERR_UNDEFINED, got %d (%s)",
              set, prefix, (int)st, lr_last_error());
        return;
    }
    CHECK(st == LR_OK, "%s %s: status %d: %s", set, prefix, (int)st, lr_last_error());
    if (st != LR_OK)
        return;
    snprintf(what, sizeof what, "%s %s statistic", set, prefix);
    CHECK_REL(r->statistic, want, TOL, what);
    snprintf(key, sizeof key, "%s_p", prefix);
    CHECK(fx_close_p(r->p_value, fx_get(kv, key, NULL), TOL), "%s %s p-value %.17g vs %.17g", set,
          prefix, r->p_value, fx_get(kv, key, NULL));
    if (two_df) {
        snprintf(key, sizeof key, "%s_df1", prefix);
        CHECK(r->df[0] == fx_get(kv, key, NULL), "%s %s df1 %g", set, prefix, r->df[0]);
        snprintf(key, sizeof key, "%s_df2", prefix);
        CHECK(r->df[1] == fx_get(kv, key, NULL), "%s %s df2 %g", set, prefix, r->df[1]);
    } else {
        snprintf(key, sizeof key, "%s_df", prefix);
        CHECK(r->df[0] == fx_get(kv, key, NULL) && isnan(r->df[1]), "%s %s df %g", set, prefix,
              r->df[0]);
    }
    CHECK(r->n == (size_t)fx_get(kv, "n", NULL), "%s %s n %zu", set, prefix, r->n);
    CHECK(r->method[0] != '\0', "%s %s method", set, prefix);
}

static const fx_spec *find(const fx_spec *specs, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(specs[i].name, name))
            return &specs[i];
    return NULL;
}

static void check_errors(const fx_spec *specs, size_t nsets)
{
    const fx_spec *clean = find(specs, nsets, "clean");
    CHECK(clean != NULL, "clean dataset listed");
    if (!clean)
        return;
    lr_test_result r;
    fx_fit f;
    /* streamed: no rows */
    CHECK(fx_fit_spec(clean, 0, 1, &f) == LR_OK, "streamed fit");
    CHECK(lr_reset_test(f.model, 3, &r) == LR_ERR_NO_DATA, "streamed RESET");
    CHECK(lr_rainbow_test(f.model, 0.5, 0.5, &r) == LR_ERR_NO_DATA, "streamed rainbow");
    CHECK(lr_harvey_collier_test(f.model, &r) == LR_ERR_NO_DATA, "streamed Harvey-Collier");
    fx_fit_free(&f);

    /* too few rows (clean: 4 coefficients) */
    CHECK(fx_fit_spec(clean, 6, 0, &f) == LR_OK, "6-row fit");
    CHECK(lr_reset_test(f.model, 3, &r) == LR_ERR_TOO_FEW_ROWS, "RESET, 6 rows: df2 0");
    CHECK(lr_rainbow_test(f.model, 0.5, 0.5, &r) == LR_ERR_TOO_FEW_ROWS,
          "rainbow, 6 rows: subset of 3 <= 4 coefficients");
    CHECK(lr_harvey_collier_test(f.model, &r) == LR_OK, "Harvey-Collier runs at rank + 2 rows");
    CHECK(lr_reset_test(f.model, 2, &r) == LR_OK, "RESET with one power fits in 6 rows");
    fx_fit_free(&f);
    CHECK(fx_fit_spec(clean, 5, 0, &f) == LR_OK, "5-row fit");
    CHECK(lr_harvey_collier_test(f.model, &r) == LR_ERR_TOO_FEW_ROWS,
          "Harvey-Collier needs rank + 2 rows");
    CHECK(strstr(lr_last_error(), "rank + 2") != NULL, "message: %s", lr_last_error());
    fx_fit_free(&f);

    /* bad arguments */
    CHECK(fx_fit_spec(clean, 0, 0, &f) == LR_OK, "clean fit");
    CHECK(lr_reset_test(f.model, 1, &r) == LR_ERR_INVALID_ARG, "RESET max_power 1");
    CHECK(lr_reset_test(f.model, 3, NULL) == LR_ERR_INVALID_ARG, "RESET NULL result");
    CHECK(lr_rainbow_test(f.model, 0.0, 0.5, &r) == LR_ERR_INVALID_ARG, "rainbow fraction 0");
    CHECK(lr_rainbow_test(f.model, 1.0, 0.5, &r) == LR_ERR_INVALID_ARG, "rainbow fraction 1");
    CHECK(lr_rainbow_test(f.model, 0.5, 0.2, &r) == LR_ERR_INVALID_ARG,
          "rainbow subset before the first row");
    CHECK(lr_rainbow_test(f.model, 0.5, 0.8, &r) == LR_ERR_INVALID_ARG,
          "rainbow subset past the last row");
    CHECK(lr_harvey_collier_test(NULL, &r) == LR_ERR_INVALID_ARG, "Harvey-Collier NULL");
    /* default max_power (0) is 3 */
    lr_test_result a, b;
    CHECK(lr_reset_test(f.model, 0, &a) == LR_OK && lr_reset_test(f.model, 3, &b) == LR_OK &&
              a.statistic == b.statistic && a.df[0] == 2,
          "RESET default powers 2..3");
    /* rainbow center <= 0 means the default 0.5 */
    CHECK(lr_rainbow_test(f.model, 0.5, 0, &a) == LR_OK &&
              lr_rainbow_test(f.model, 0.5, 0.5, &b) == LR_OK && a.statistic == b.statistic,
          "rainbow default center");
    fx_fit_free(&f);

    /* intercept-only model: constant fitted values, RESET undefined */
    double y[6] = {1, 2, 4, 3, 5, 7};
    lr_matrix X = {y, 6, 0, 0, 1};
    lr_vector yv = lr_vector_of(y, 6);
    lr_model *m = NULL;
    CHECK(lr_fit(&X, &yv, NULL, NULL, &m) == LR_OK, "intercept-only fit: %s", lr_last_error());
    CHECK(lr_reset_test(m, 3, &r) == LR_ERR_UNDEFINED, "RESET of an intercept-only model");
    lr_model_free(m);

    /* an exact straight line: nothing to test */
    double xs[8] = {1, 2, 3, 4, 5, 6, 7, 8}, ys[8];
    for (int i = 0; i < 8; i++)
        ys[i] = 2.0 + 0.5 * xs[i];
    lr_matrix X1 = lr_matrix_col_major(xs, 8, 1);
    lr_vector y1 = lr_vector_of(ys, 8);
    CHECK(lr_fit(&X1, &y1, NULL, NULL, &m) == LR_OK, "exact fit");
    CHECK(lr_reset_test(m, 3, &r) == LR_ERR_UNDEFINED, "RESET of an exact fit: %s",
          lr_last_error());
    CHECK(lr_rainbow_test(m, 0.5, 0.5, &r) == LR_ERR_UNDEFINED, "rainbow of an exact fit: %s",
          lr_last_error());
    CHECK(lr_harvey_collier_test(m, &r) == LR_ERR_UNDEFINED, "Harvey-Collier of an exact fit: %s",
          lr_last_error());
    lr_model_free(m);
}

int main(void)
{
    fx_spec specs[FX_MAX_SETS];
    size_t nsets = fx_specs(specs, FX_MAX_SETS);
    CHECK(nsets >= 15, "fixture list has %zu datasets", nsets);
    int undefined = 0;
    for (size_t d = 0; d < nsets; d++) {
        const fx_spec *s = &specs[d];
        fx_fit f;
        fx_values kv;
        lr_status st = fx_fit_spec(s, 0, 0, &f);
        CHECK(st == LR_OK, "%s: fit: %s", s->name, lr_last_error());
        CHECK(fx_values_read(s->name, &kv) == 0, "%s: values fixture", s->name);
        if (st == LR_OK) {
            lr_test_result r;
            st = lr_reset_test(f.model, 3, &r);
            check_one(s->name, "reset", st, &r, &kv, 1);
            st = lr_rainbow_test(f.model, 0.5, 0.5, &r);
            undefined += st == LR_ERR_UNDEFINED;
            check_one(s->name, "rainbow", st, &r, &kv, 1);
            st = lr_harvey_collier_test(f.model, &r);
            undefined += st == LR_ERR_UNDEFINED;
            check_one(s->name, "hc", st, &r, &kv, 0);
        }
        fx_values_free(&kv);
        fx_fit_free(&f);
    }
    CHECK(undefined == 2, "the hat1 dataset exercises both undefined cases (%d)", undefined);
    check_errors(specs, nsets);
    return test_report("test_diag_specification");
}
