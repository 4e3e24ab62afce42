/* Homoscedasticity diagnostics against lmtest (bptest studentized and
 * original, gqtest with order.by / fraction / point / alternative) and
 * statsmodels (het_white LM and F forms, including a design whose dummy
 * duplicates its own square) on every reference dataset, plus the error
 * paths. References: tests/reference/diag_normality_etc.R and .py. */
#include "diag_fixtures.h"

static fix_row r_rows[1024], sm_rows[256];
static size_t n_r, n_sm;

static void check_one(const char *ds, const char *test, const fix_row *rows, size_t nrows,
                      lr_status st, const lr_test_result *r)
{
    const fix_row *ref = fix_find(rows, nrows, ds, test);
    char what[96];
    snprintf(what, sizeof what, "%s %s", ds, test);
    CHECK(ref != NULL, "%s: no reference", what);
    if (!ref)
        return;
    if (isnan(ref->statistic)) { /* the reference cannot run this test */
        CHECK(st == LR_ERR_UNDEFINED, "%s: expected LR_ERR_UNDEFINED, got %d", what, (int)st);
        return;
    }
    CHECK(st == LR_OK, "%s: %s", what, lr_last_error());
    if (st == LR_OK)
        fix_check_result(r, ref, what);
}

static void check_set(const fix_set *s)
{
    double *x1 = NULL;
    lr_model *m = fix_fit(s, 0, &x1);
    if (!m) {
        free(x1);
        return;
    }
    lr_test_result r;
    lr_status st;
    st = lr_breusch_pagan(m, 1, &r);
    check_one(s->name, "bp_studentized", r_rows, n_r, st, &r);
    CHECK(strcmp(r.method, "studentized Breusch-Pagan test") == 0, "method %s", r.method);
    st = lr_breusch_pagan(m, 0, &r);
    check_one(s->name, "bp_original", r_rows, n_r, st, &r);

    st = lr_white(m, 0, &r);
    check_one(s->name, "white_lm", sm_rows, n_sm, st, &r);
    st = lr_white(m, 1, &r);
    check_one(s->name, "white_f", sm_rows, n_sm, st, &r);

    st = lr_goldfeld_quandt(m, NULL, &r);
    check_one(s->name, "gq_default", r_rows, n_r, st, &r);
    lr_gq_options o;
    lr_gq_options_init(&o);
    o.order_by = 0; /* x1 is the first predictor in every dataset */
    o.fraction = 0.2;
    static const char *const alt_names[] = {"greater", "two.sided", "less"};
    for (int a = 0; a < 3; a++) {
        char test[48];
        o.alternative = (lr_alternative)a;
        snprintf(test, sizeof test, "gq_x1_0.2_%s", alt_names[a]);
        st = lr_goldfeld_quandt(m, &o, &r);
        check_one(s->name, test, r_rows, n_r, st, &r);
    }
    /* The same ordering given as values; point as a fraction, fraction as a count. */
    lr_gq_options_init(&o);
    o.order_values = lr_vector_of(x1, lr_model_nobs(m));
    o.point = 0.4;
    o.fraction = 4;
    st = lr_goldfeld_quandt(m, &o, &r);
    check_one(s->name, "gq_x1_point0.4_frac4", r_rows, n_r, st, &r);
    free(x1);
    lr_model_free(m);

    if (strcmp(s->name, "clean") == 0) {
        m = fix_fit(s, 1, NULL);
        if (m) {
            st = lr_white(m, 0, &r);
            check_one(s->name, "white_lm_dummy", sm_rows, n_sm, st, &r);
            st = lr_white(m, 1, &r);
            check_one(s->name, "white_f_dummy", sm_rows, n_sm, st, &r);
            lr_model_free(m);
        }
    }
}

static void error_paths(void)
{
    lr_test_result r;
    double xv[40], yv[40];
    for (int i = 0; i < 40; i++) {
        xv[i] = i;
        yv[i] = 1 + 0.5 * i + sin(1.3 * i);
    }
    lr_matrix X = lr_matrix_row_major(xv, 40, 1);
    lr_vector y = lr_vector_of(yv, 40);
    lr_model *m = NULL;

    /* Intercept only: no regressor for the auxiliary regressions. */
    lr_matrix X0 = lr_matrix_row_major(NULL, 40, 0);
    CHECK(lr_fit(&X0, &y, NULL, NULL, &m) == LR_OK, "intercept-only fit");
    CHECK(lr_breusch_pagan(m, 1, &r) == LR_ERR_UNDEFINED, "BP without a regressor");
    CHECK(isnan(r.statistic), "BP wrote a number");
    CHECK(lr_white(m, 0, &r) == LR_ERR_UNDEFINED, "White without a regressor");
    lr_model_free(m);

    /* Without an intercept White is undefined (statsmodels needs a constant). */
    lr_options o;
    lr_options_init(&o);
    o.intercept = 0;
    CHECK(lr_fit(&X, &y, NULL, &o, &m) == LR_OK, "no-intercept fit");
    CHECK(lr_white(m, 0, &r) == LR_ERR_UNDEFINED, "White without intercept");
    CHECK(strstr(lr_last_error(), "intercept") != NULL, "message: %s", lr_last_error());
    lr_model_free(m);

    CHECK(lr_fit(&X, &y, NULL, NULL, &m) == LR_OK, "fit");
    lr_gq_options g;
    lr_gq_options_init(&g);
    g.fraction = 0.99;
    CHECK(lr_goldfeld_quandt(m, &g, &r) == LR_ERR_UNDEFINED, "GQ dropping 99%%");
    CHECK(isnan(r.p_value), "GQ wrote a p-value");
    lr_gq_options_init(&g);
    g.order_by = 1;
    CHECK(lr_goldfeld_quandt(m, &g, &r) == LR_ERR_INVALID_ARG, "GQ order_by out of range");
    lr_gq_options_init(&g);
    g.order_values = lr_vector_of(xv, 39);
    CHECK(lr_goldfeld_quandt(m, &g, &r) == LR_ERR_DIMENSION, "GQ short order_values");
    lr_gq_options_init(&g);
    g.point = 10.5;
    CHECK(lr_goldfeld_quandt(m, &g, &r) == LR_ERR_INVALID_ARG, "GQ fractional point > 1");
    lr_gq_options_init(&g);
    g.alternative = (lr_alternative)7;
    CHECK(lr_goldfeld_quandt(m, &g, &r) == LR_ERR_INVALID_ARG, "GQ unknown alternative");
    /* Reversing the order by a decreasing key flips the statistic. */
    double rev[40];
    for (int i = 0; i < 40; i++)
        rev[i] = -xv[i];
    lr_test_result a, b;
    lr_gq_options_init(&g);
    CHECK(lr_goldfeld_quandt(m, &g, &a) == LR_OK, "GQ row order");
    g.order_values = lr_vector_of(rev, 40);
    CHECK(lr_goldfeld_quandt(m, &g, &b) == LR_OK, "GQ reversed");
    CHECK_REL(a.statistic * b.statistic, 1.0, 1e-12, "GQ(reversed) = 1 / GQ");
    CHECK_REL(a.p_value + b.p_value, 1.0, 1e-12, "GQ p-values of reversed orders add to 1");
    lr_model_free(m);

    /* Streamed model: no residuals. */
    lr_accumulator *acc = NULL;
    lr_status st = lr_accumulator_create(1, NULL, &acc);
    if (st == LR_OK)
        st = lr_accumulator_add(acc, &X, &y, NULL);
    if (st == LR_OK)
        st = lr_accumulator_finish(acc, NULL, &m);
    lr_accumulator_free(acc);
    CHECK(st == LR_OK, "streamed fit: %s", lr_last_error());
    CHECK(lr_breusch_pagan(m, 1, &r) == LR_ERR_NO_DATA, "BP on a streamed model");
    CHECK(lr_white(m, 0, &r) == LR_ERR_NO_DATA, "White on a streamed model");
    CHECK(lr_goldfeld_quandt(m, NULL, &r) == LR_ERR_NO_DATA, "GQ on a streamed model");
    lr_model_free(m);
}

int main(void)
{
    n_r = fix_read("tests/fixtures/diag/r_tests.csv", r_rows, 1024);
    n_sm = fix_read("tests/fixtures/diag/statsmodels.csv", sm_rows, 256);
    CHECK(n_r > 0 && n_sm > 0, "cannot read the fixtures (run from the repository root)");
    fix_set sets[FIX_MAX_SETS];
    int ns = fix_manifest(sets);
    CHECK(ns >= 10, "manifest lists %d datasets", ns);
    for (int i = 0; i < ns; i++)
        check_set(&sets[i]);
    error_paths();
    return test_report("test_diag_homoscedasticity");
}
