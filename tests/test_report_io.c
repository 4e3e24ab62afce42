/* The assumption report's outputs and edge cases: the JSON shape (keys of
 * lr_model_results_json for the robust tables, numbers that read back
 * exactly), the text (column names, one block per assumption), the
 * getters, bad arguments, a streamed model (only multicollinearity can be
 * checked; the rest says "cannot be tested" and the call succeeds), exact
 * and tiny fits, aliased columns, labels of dummy columns in sentences,
 * the fixed-features check with reliabilities, and the large-n path
 * (Shapiro-Wilk and White skipped with their reasons). */
#include "test_report_util.h"
#include "test_util.h"

#include <stdint.h>

/* splitmix64 + Box-Muller: the same numbers on every machine */
static uint64_t rng = 20261126;
static double unif(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) * 0x1p-53;
}
static double gauss(void)
{
    return sqrt(-2.0 * log(unif())) * cos(6.283185307179586 * unif());
}

static const char *const verdict_names[] = {"holds", "doubtful", "violated", "cannot_be_tested"};

/* ---------------------------------------------------------------- JSON */

static void test_json_shape(void)
{
    ds_t d;
    if (ds_load("hetero", &d) != 0) {
        test_failed++;
        return;
    }
    lr_report *r = run_report(&d, 0);
    cJSON *j = r ? report_json(r) : NULL;
    CHECK(j != NULL, "hetero JSON");
    if (!j) {
        lr_report_free(r);
        ds_free(&d);
        return;
    }
    CHECK(jnum(j, "alpha") == 0.05 && jnum(j, "level") == 0.95 && jnum(j, "n") == 80,
          "json alpha/level/n");
    CHECK(cJSON_IsString(jget(j, "response")) && !strcmp(jget(j, "response")->valuestring, "y"),
          "json response");
    CHECK(cJSON_IsString(jget(j, "model")) && !strcmp(jget(j, "model")->valuestring, "y ~ x1 + x2"),
          "json model");
    for (int a = 0; a < LR_ASSUMPTION_COUNT_; a++) {
        const char *an = lr_assumption_name((lr_assumption)a);
        const cJSON *o = jget(j, an);
        CHECK(cJSON_IsObject(o), "json %s missing", an);
        if (!o)
            continue;
        const cJSON *v = jget(o, "verdict");
        CHECK(cJSON_IsString(v) &&
                  !strcmp(v->valuestring, lr_verdict_name(lr_report_verdict(r, (lr_assumption)a))),
              "json %s verdict", an);
        int known = 0;
        for (int k = 0; k < 4 && cJSON_IsString(v); k++)
            known |= !strcmp(v->valuestring, verdict_names[k]);
        CHECK(known, "json %s verdict value", an);
        static const char *const strings[] = {"reason", "explanation", "consequence"};
        for (int k = 0; k < 3; k++)
            CHECK(cJSON_IsString(jget(o, strings[k])) && jget(o, strings[k])->valuestring[0],
                  "json %s.%s", an, strings[k]);
        const cJSON *tests = jget(o, "tests");
        CHECK(cJSON_IsArray(tests) &&
                  (size_t)cJSON_GetArraySize(tests) == lr_report_ntests(r, (lr_assumption)a),
              "json %s tests", an);
        size_t i = 0;
        const cJSON *t = NULL;
        cJSON_ArrayForEach(t, tests)
        {
            CHECK(cJSON_IsString(jget(t, "name")) && cJSON_IsString(jget(t, "label")),
                  "json %s test %zu name", an, i);
            lr_test_result res;
            const char *sk = NULL;
            lr_report_test(r, (lr_assumption)a, i, NULL, NULL, &res, &sk);
            if (sk) {
                CHECK(cJSON_IsString(jget(t, "skipped")), "json %s test %zu skipped", an, i);
            } else {
                CHECK(jnum(t, "statistic") == res.statistic, "json %s test %zu statistic exact", an,
                      i);
                CHECK(jnum(t, "p_value") == res.p_value, "json %s test %zu p exact", an, i);
                CHECK(cJSON_IsString(jget(t, "method")) && cJSON_IsNumber(jget(t, "n")),
                      "json %s test %zu method/n", an, i);
                const cJSON *df = jget(t, "df");
                CHECK(cJSON_IsNumber(df) || cJSON_IsArray(df) || cJSON_IsNull(df),
                      "json %s test %zu df", an, i);
            }
            i++;
        }
        const cJSON *eff = jget(o, "effect");
        CHECK(cJSON_IsObject(eff) &&
                  (size_t)cJSON_GetArraySize(eff) == lr_report_neffects(r, (lr_assumption)a),
              "json %s effect", an);
        for (size_t e = 0; e < lr_report_neffects(r, (lr_assumption)a); e++) {
            double val;
            const char *en = lr_report_effect_name(r, (lr_assumption)a, e, &val);
            CHECK(en && (isnan(val) ? cJSON_IsNull(jget(eff, en)) : jnum(eff, en) == val),
                  "json %s effect %s", an, en ? en : "?");
            CHECK(en && ((isnan(val) && isnan(lr_report_effect(r, (lr_assumption)a, en))) ||
                         lr_report_effect(r, (lr_assumption)a, en) == val),
                  "effect getter %s", en ? en : "?");
        }
        const cJSON *rem = jget(o, "remedy");
        CHECK(cJSON_IsObject(rem) && cJSON_IsBool(jget(rem, "needed")) &&
                  cJSON_IsString(jget(rem, "text")) &&
                  !strcmp(jget(rem, "text")->valuestring, lr_report_remedy(r, (lr_assumption)a)),
              "json %s remedy", an);
    }
    CHECK(cJSON_IsTrue(jget(jget(jget(j, "homoscedasticity"), "remedy"), "needed")),
          "hetero: remedy needed");
    /* the HC3 table has the coefficient keys of lr_model_results_json */
    char *res_text = NULL;
    CHECK(lr_model_results_json(d.model, 0.95, &res_text) == LR_OK, "results json");
    cJSON *res = cJSON_Parse(res_text);
    lr_free(res_text);
    const cJSON *table = jget(jget(jget(j, "homoscedasticity"), "remedy"), "table");
    CHECK(cJSON_IsString(jget(table, "type")) && !strcmp(jget(table, "type")->valuestring, "HC3"),
          "HC3 table type");
    const cJSON *rc = jget(table, "coefficients"), *cc = jget(res, "coefficients");
    CHECK(cJSON_IsArray(rc) && cJSON_IsArray(cc) &&
              cJSON_GetArraySize(rc) == cJSON_GetArraySize(cc),
          "HC3 table rows");
    for (int i = 0; rc && cc && i < cJSON_GetArraySize(cc); i++) {
        const cJSON *a = cJSON_GetArrayItem(rc, i), *b = cJSON_GetArrayItem(cc, i);
        CHECK(!strcmp(jget(a, "name")->valuestring, jget(b, "name")->valuestring), "row %d name",
              i);
        const cJSON *key = NULL;
        cJSON_ArrayForEach(key, b)
            CHECK(jget(a, key->string) != NULL, "HC3 row %d lacks %s", i, key->string);
        CHECK(jnum(a, "estimate") == jnum(b, "estimate"), "row %d estimate", i);
    }
    cJSON_Delete(res);
    /* the internal entry adds the same object */
    cJSON_Delete(j);
    lr_report_free(r);
    ds_free(&d);
}

/* ---------------------------------------------------------------- text */

static void test_text(void)
{
    ds_t d;
    if (ds_load("hetero", &d) != 0) {
        test_failed++;
        return;
    }
    lr_report *r = run_report(&d, 0);
    char *t = NULL;
    CHECK(r && lr_report_text(r, &t) == LR_OK && t, "hetero text");
    if (t) {
        CHECK(strstr(t, "y ~ x1 + x2") != NULL, "text: model");
        CHECK(strstr(t, "== Constant variance (homoscedasticity): VIOLATED ==") != NULL,
              "text: homoscedasticity block");
        CHECK(strstr(t, "The spread of y grows with x1") != NULL, "text: sentence");
        CHECK(strstr(t, "SE HC3") != NULL, "text: HC3 table");
        static const char *const blocks[] = {"== Linearity:",
                                             "== Normality of the errors:",
                                             "== Independence of the errors:",
                                             "== Fixed features (no measurement error):",
                                             "== No multicollinearity:",
                                             "== No influential observations:"};
        for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
            CHECK(strstr(t, blocks[i]) != NULL, "text: block %s", blocks[i]);
        for (const char *line = t; *line;) {
            const char *e = strchr(line, '\n');
            size_t len = e ? (size_t)(e - line) : strlen(line);
            /* wrapped prose stays within 92 columns; only tables may be wider */
            if (len > 92)
                CHECK(line[0] == ' ' && line[1] == ' ' && line[2] == ' ' && line[3] == ' ',
                      "text: long line is not a table line: %.*s", (int)len, line);
            line += len + (e ? 1 : 0);
        }
        lr_free(t);
    }
    lr_report_free(r);
    ds_free(&d);

    if (ds_load_house(&d) != 0) {
        test_failed++;
        return;
    }
    r = run_report(&d, 0);
    t = NULL;
    CHECK(r && lr_report_text(r, &t) == LR_OK && t, "house text");
    if (t) {
        CHECK(strstr(t, "price ~ lotsize + bedrooms") != NULL, "house text: model");
        CHECK(strstr(t, "The spread of price grows with garage") != NULL,
              "house text: the driver sentence");
        CHECK(strstr(lr_report_remedy(r, LR_ASSUMPTION_NORMALITY), "model log(price)") != NULL,
              "house: Box-Cox suggests the log");
        lr_free(t);
    }
    /* the Box-Cox numbers are lr_boxcox_profile's */
    cJSON *j = r ? report_json(r) : NULL;
    const cJSON *bc = jget(jget(jget(j, "normality"), "remedy"), "box_cox");
    lr_boxcox *b = NULL;
    CHECK(lr_boxcox_profile(d.model, -2, 2, 0, 0.95, &b) == LR_OK, "boxcox");
    CHECK(bc && b && jnum(bc, "lambda_hat") == lr_boxcox_lambda_hat(b) &&
              jnum(bc, "ci_low") == lr_boxcox_ci_low(b) &&
              jnum(bc, "ci_high") == lr_boxcox_ci_high(b),
          "house: Box-Cox as lr_boxcox_profile");
    lr_boxcox_free(b);
    cJSON_Delete(j);
    lr_report_free(r);
    ds_free(&d);
}

/* ------------------------------------------------------------- getters */

static void test_getters(void)
{
    for (int a = 0; a < LR_ASSUMPTION_COUNT_; a++)
        CHECK(lr_assumption_name((lr_assumption)a) != NULL, "assumption name %d", a);
    CHECK(lr_assumption_name(LR_ASSUMPTION_COUNT_) == NULL, "unknown assumption name");
    CHECK(!strcmp(lr_assumption_name(LR_ASSUMPTION_MULTICOLLINEARITY), "no_multicollinearity"),
          "multicollinearity name");
    for (int v = 0; v < LR_VERDICT_COUNT_; v++)
        CHECK(!strcmp(lr_verdict_name((lr_verdict)v), verdict_names[v]), "verdict name %d", v);
    CHECK(lr_verdict_name(LR_VERDICT_COUNT_) == NULL, "unknown verdict name");
    lr_report_free(NULL);
    CHECK(lr_report_verdict(NULL, LR_ASSUMPTION_LINEARITY) == LR_VERDICT_COUNT_, "NULL verdict");
    CHECK(lr_report_ntests(NULL, LR_ASSUMPTION_LINEARITY) == 0, "NULL ntests");
    CHECK(isnan(lr_report_effect(NULL, LR_ASSUMPTION_LINEARITY, "x")), "NULL effect");
    CHECK(!strcmp(lr_report_explanation(NULL, LR_ASSUMPTION_LINEARITY), ""), "NULL explanation");
    size_t cnt = 7;
    CHECK(lr_report_flagged_rows(NULL, &cnt) == NULL && cnt == 0, "NULL flagged");
    CHECK(lr_report_robust(NULL, LR_ASSUMPTION_HOMOSCEDASTICITY) == NULL, "NULL robust");
    CHECK(lr_report_test(NULL, LR_ASSUMPTION_LINEARITY, 0, NULL, NULL, NULL, NULL) ==
              LR_ERR_INVALID_ARG,
          "NULL test");
    char *s = (char *)1;
    CHECK(lr_report_text(NULL, &s) == LR_ERR_INVALID_ARG && s == NULL, "NULL text");
    s = (char *)1;
    CHECK(lr_report_json(NULL, &s) == LR_ERR_INVALID_ARG && s == NULL, "NULL json");
    ds_t d;
    if (ds_load("clean", &d) != 0) {
        test_failed++;
        return;
    }
    lr_report *r = run_report(&d, 0);
    CHECK(lr_report_test(r, LR_ASSUMPTION_NORMALITY, 99, NULL, NULL, NULL, NULL) ==
              LR_ERR_INVALID_ARG,
          "test index out of range");
    CHECK(lr_report_verdict(r, LR_ASSUMPTION_COUNT_) == LR_VERDICT_COUNT_, "unknown assumption");
    CHECK(isnan(lr_report_effect(r, LR_ASSUMPTION_NORMALITY, "no such effect")), "unknown effect");
    CHECK(lr_report_effect_name(r, LR_ASSUMPTION_NORMALITY, 99, NULL) == NULL, "effect index");
    CHECK(lr_report_named(r, LR_ASSUMPTION_LINEARITY, 0) == NULL, "clean: nothing named");
    CHECK(lr_report_text(r, NULL) == LR_ERR_INVALID_ARG, "text out NULL");
    lr_report_free(r);
    ds_free(&d);
}

/* ------------------------------------------------------------ bad input */

static void test_bad_input(void)
{
    ds_t d;
    if (ds_load("clean", &d) != 0) {
        test_failed++;
        return;
    }
    lr_report *r = (lr_report *)1;
    lr_check_options o;
    CHECK(lr_check_assumptions(NULL, NULL, &r) == LR_ERR_INVALID_ARG && r == NULL, "NULL model");
    CHECK(lr_check_assumptions(d.model, NULL, NULL) == LR_ERR_INVALID_ARG, "NULL out");
    static const double alphas[] = {0.0, 1.0, -0.1, NAN};
    for (size_t i = 0; i < 4; i++) {
        lr_check_options_init(&o);
        o.alpha = alphas[i];
        CHECK(lr_check_assumptions(d.model, &o, &r) == LR_ERR_INVALID_ARG && !r, "alpha %g",
              alphas[i]);
    }
    lr_check_options_init(&o);
    o.level = 1.0;
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_ERR_INVALID_ARG, "level 1");
    double rel[3] = {0.9, 1.0, 1.0}, ev[3] = {0, 0, 0};
    lr_check_options_init(&o);
    o.reliability = rel;
    o.error_var = ev;
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_ERR_INVALID_ARG, "both reliability kinds");
    rel[1] = 0.0;
    o.error_var = NULL;
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_ERR_INVALID_ARG &&
              strstr(lr_last_error(), "x2"),
          "reliability 0 names x2: %s", lr_last_error());
    rel[1] = 1.2;
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_ERR_INVALID_ARG, "reliability 1.2");
    ev[2] = -1.0;
    o.reliability = NULL;
    o.error_var = ev;
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_ERR_INVALID_ARG &&
              strstr(lr_last_error(), "x3"),
          "negative error variance names x3: %s", lr_last_error());
    lr_check_options_init(&o);
    o.clusters = lr_cluster_doubles(d.c1, d.n - 1);
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_ERR_DIMENSION, "cluster ids too short");
    double saved = d.c1[4];
    d.c1[4] = NAN;
    o.clusters = lr_cluster_doubles(d.c1, d.n);
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_ERR_NONFINITE &&
              strstr(lr_last_error(), "row 5"),
          "NaN cluster id names row 5: %s", lr_last_error());
    d.c1[4] = saved;
    o.clusters = lr_cluster_column(3);
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_ERR_INVALID_ARG, "cluster column 4 of 3");
    o.clusters = lr_cluster_doubles(NULL, d.n);
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_ERR_INVALID_ARG, "NULL cluster ids");
    o.clusters.kind = (lr_cluster_kind)42;
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_ERR_INVALID_ARG, "unknown cluster kind");
    /* a single cluster: the cluster test is skipped, the report works */
    double one[60];
    for (size_t i = 0; i < d.n; i++)
        one[i] = 1.0;
    o.clusters = lr_cluster_doubles(one, d.n);
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_OK, "single cluster: %s", lr_last_error());
    long i = find_test(r, LR_ASSUMPTION_INDEPENDENCE, "cluster_anova", NULL);
    const char *sk = NULL;
    if (i >= 0)
        lr_report_test(r, LR_ASSUMPTION_INDEPENDENCE, (size_t)i, NULL, NULL, NULL, &sk);
    CHECK(i >= 0 && sk && strstr(sk, "two clusters"), "single cluster: skipped with reason");
    CHECK(lr_report_verdict(r, LR_ASSUMPTION_INDEPENDENCE) == LR_VERDICT_HOLDS,
          "single cluster: serial tests still decide");
    lr_report_free(r);
    /* int64 ids and a predictor column as ids give the cluster check too */
    int64_t ids[60];
    for (size_t k = 0; k < d.n; k++)
        ids[k] = (int64_t)(k / 5);
    o.clusters = lr_cluster_ints(ids, d.n);
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_OK, "int64 ids");
    lr_report *r2 = NULL;
    o.clusters = lr_cluster_doubles(d.c1, d.n);
    CHECK(lr_check_assumptions(d.model, &o, &r2) == LR_OK, "double ids");
    CHECK(r && r2 &&
              lr_report_effect(r, LR_ASSUMPTION_INDEPENDENCE, "icc") ==
                  lr_report_effect(r2, LR_ASSUMPTION_INDEPENDENCE, "icc"),
          "int64 and double ids agree");
    lr_report_free(r);
    lr_report_free(r2);
    ds_free(&d);
}

/* ------------------------------------------- streamed, exact, tiny fits */

static void test_streamed(void)
{
    ds_t d;
    if (ds_load("collinear", &d) != 0) {
        test_failed++;
        return;
    }
    lr_accumulator *acc = NULL;
    lr_model *sm = NULL;
    lr_matrix X = lr_matrix_col_major(d.X, d.n, d.k);
    lr_vector y = lr_vector_of(d.y, d.n);
    CHECK(lr_accumulator_create(d.k, NULL, &acc) == LR_OK &&
              lr_accumulator_add(acc, &X, &y, NULL) == LR_OK &&
              lr_accumulator_finish(acc, (const char *const *)d.names, &sm) == LR_OK,
          "stream fit: %s", lr_last_error());
    lr_report *r = NULL, *full = run_report(&d, 0);
    double rel[3] = {0.9, 1.0, 1.0};
    lr_check_options o;
    lr_check_options_init(&o);
    o.reliability = rel;
    o.clusters = lr_cluster_doubles(d.c1, d.n);
    CHECK(lr_check_assumptions(sm, &o, &r) == LR_OK, "streamed report: %s", lr_last_error());
    for (int a = 0; r && a < LR_ASSUMPTION_COUNT_; a++) {
        lr_verdict v = lr_report_verdict(r, (lr_assumption)a);
        if (a == LR_ASSUMPTION_MULTICOLLINEARITY) {
            CHECK(v == lr_report_verdict(full, (lr_assumption)a) && v == LR_VERDICT_VIOLATED,
                  "streamed: multicollinearity %s", lr_verdict_name(v));
            CHECK(lr_report_effect(r, (lr_assumption)a, "max_vif") ==
                      lr_report_effect(r, (lr_assumption)a, "max_vif"),
                  "streamed: VIF");
            continue;
        }
        CHECK(v == LR_VERDICT_NOT_TESTABLE, "streamed: %s is %s",
              lr_assumption_name((lr_assumption)a), lr_verdict_name(v));
        CHECK(lr_report_explanation(r, (lr_assumption)a)[0] != '\0', "streamed: %s explained",
              lr_assumption_name((lr_assumption)a));
        for (size_t i = 0; i < lr_report_ntests(r, (lr_assumption)a); i++) {
            const char *sk = NULL;
            lr_report_test(r, (lr_assumption)a, i, NULL, NULL, NULL, &sk);
            CHECK(sk && *sk, "streamed: %s test %zu has a reason",
                  lr_assumption_name((lr_assumption)a), i);
        }
    }
    CHECK(r && strstr(lr_report_reason(r, LR_ASSUMPTION_FIXED_FEATURES), "cannot be computed"),
          "streamed: fixed features reason");
    char *t = NULL, *js = NULL;
    CHECK(r && lr_report_text(r, &t) == LR_OK && lr_report_json(r, &js) == LR_OK,
          "streamed text/json");
    lr_free(t);
    lr_free(js);
    lr_report_free(r);
    lr_report_free(full);
    lr_model_free(sm);
    lr_accumulator_free(acc);
    ds_free(&d);
}

static void test_exact_and_tiny(void)
{
    double x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, y[8];
    for (int i = 0; i < 8; i++)
        y[i] = 1.0 + 2.0 * x[i];
    lr_matrix X = lr_matrix_col_major(x, 8, 1);
    lr_vector yv = lr_vector_of(y, 8);
    lr_model *m = NULL;
    lr_report *r = NULL;
    CHECK(lr_fit(&X, &yv, NULL, NULL, &m) == LR_OK, "exact fit");
    CHECK(lr_check_assumptions(m, NULL, &r) == LR_OK, "exact fit report: %s", lr_last_error());
    static const lr_assumption resid_based[] = {
        LR_ASSUMPTION_LINEARITY, LR_ASSUMPTION_NORMALITY, LR_ASSUMPTION_HOMOSCEDASTICITY,
        LR_ASSUMPTION_INDEPENDENCE, LR_ASSUMPTION_INFLUENCE};
    for (size_t a = 0; r && a < 5; a++)
        CHECK(lr_report_verdict(r, resid_based[a]) == LR_VERDICT_NOT_TESTABLE &&
                  strstr(lr_report_reason(r, resid_based[a]), "fits the data exactly"),
              "exact fit: %s cannot be tested", lr_assumption_name(resid_based[a]));
    CHECK(r && lr_report_verdict(r, LR_ASSUMPTION_MULTICOLLINEARITY) == LR_VERDICT_HOLDS,
          "exact fit: one predictor, no multicollinearity");
    char *t = NULL;
    CHECK(r && lr_report_text(r, &t) == LR_OK, "exact fit text");
    lr_free(t);
    lr_report_free(r);
    lr_model_free(m);

    double y3[3] = {1.0, 2.5, 2.9}, x3[3] = {0.0, 1.0, 2.0};
    X = lr_matrix_col_major(x3, 3, 1);
    yv = lr_vector_of(y3, 3);
    CHECK(lr_fit(&X, &yv, NULL, NULL, &m) == LR_OK, "tiny fit");
    r = NULL;
    CHECK(lr_check_assumptions(m, NULL, &r) == LR_OK, "tiny report: %s", lr_last_error());
    t = NULL;
    CHECK(r && lr_report_text(r, &t) == LR_OK && t && strstr(t, "the response"),
          "tiny text uses 'the response'");
    lr_free(t);
    lr_report_free(r);
    lr_model_free(m);

    /* intercept only */
    double yi[6] = {1, 3, 2, 5, 4, 6};
    yv = lr_vector_of(yi, 6);
    X = lr_matrix_col_major(yi, 6, 0);
    CHECK(lr_fit(&X, &yv, NULL, NULL, &m) == LR_OK, "intercept-only fit: %s", lr_last_error());
    r = NULL;
    CHECK(m && lr_check_assumptions(m, NULL, &r) == LR_OK, "intercept-only report: %s",
          lr_last_error());
    CHECK(r && lr_report_verdict(r, LR_ASSUMPTION_MULTICOLLINEARITY) == LR_VERDICT_HOLDS,
          "intercept only: no multicollinearity");
    lr_report_free(r);
    lr_model_free(m);
}

static void test_aliased(void)
{
    ds_t d;
    if (ds_load("aliased", &d) != 0) {
        test_failed++;
        return;
    }
    lr_report *r = run_report(&d, 0);
    CHECK(r && lr_report_verdict(r, LR_ASSUMPTION_MULTICOLLINEARITY) == LR_VERDICT_VIOLATED,
          "aliased: multicollinearity violated");
    CHECK(r && lr_report_nnamed(r, LR_ASSUMPTION_MULTICOLLINEARITY) >= 1 &&
              !strcmp(lr_report_named(r, LR_ASSUMPTION_MULTICOLLINEARITY, 0), "x4"),
          "aliased: x4 named");
    CHECK(r && lr_report_effect(r, LR_ASSUMPTION_MULTICOLLINEARITY, "aliased") == 1.0,
          "aliased count");
    CHECK(r && strstr(lr_report_explanation(r, LR_ASSUMPTION_MULTICOLLINEARITY), "x4 is an exact"),
          "aliased sentence: %s",
          r ? lr_report_explanation(r, LR_ASSUMPTION_MULTICOLLINEARITY) : "");
    lr_report_free(r);
    ds_free(&d);
}

/* A dummy with larger spread in one group: the sentence uses its label. */
static void test_labels(void)
{
    enum { N = 400 };
    static double X[2 * N], y[N];
    for (size_t i = 0; i < N; i++) {
        X[i] = gauss();
        X[N + i] = (double)(i % 2);
        y[i] = 1.0 + X[i] + 0.5 * X[N + i] + (1.0 + 3.0 * X[N + i]) * gauss();
    }
    const char *names[2] = {"dose", "treated"};
    lr_matrix Xm = lr_matrix_col_major(X, N, 2);
    lr_vector yv = lr_vector_of(y, N);
    lr_model *m = NULL;
    CHECK(lr_fit(&Xm, &yv, names, NULL, &m) == LR_OK, "label fit");
    lr_coef_label lab[3];
    memset(lab, 0, sizeof lab);
    lab[2].level = "treated";
    lab[2].reference = "untreated";
    lr_check_options o;
    lr_check_options_init(&o);
    o.response = "blood pressure";
    o.labels = lab;
    lr_report *r = NULL;
    CHECK(lr_check_assumptions(m, &o, &r) == LR_OK, "label report");
    CHECK(r && lr_report_verdict(r, LR_ASSUMPTION_HOMOSCEDASTICITY) == LR_VERDICT_VIOLATED,
          "labels: homoscedasticity violated");
    CHECK(r && strstr(lr_report_explanation(r, LR_ASSUMPTION_HOMOSCEDASTICITY),
                      "The spread of blood pressure around the fitted values is larger for "
                      "treated than for untreated."),
          "labels sentence: %s", r ? lr_report_explanation(r, LR_ASSUMPTION_HOMOSCEDASTICITY) : "");
    const char *sk = NULL;
    long i = r ? find_test(r, LR_ASSUMPTION_LINEARITY, "curvature", "treated") : -1;
    if (i >= 0)
        lr_report_test(r, LR_ASSUMPTION_LINEARITY, (size_t)i, NULL, NULL, NULL, &sk);
    CHECK(i >= 0 && sk && strstr(sk, "0/1"), "labels: no curvature test for a 0/1 column");
    lr_report_free(r);
    lr_model_free(m);
}

/* ------------------------------------------------------ fixed features */

static void test_fixed_features(void)
{
    ds_t d;
    if (ds_load("clean", &d) != 0) {
        test_failed++;
        return;
    }
    double rel[3] = {0.7, 1.0, 1.0}, corr[4];
    lr_check_options o;
    lr_check_options_init(&o);
    o.reliability = rel;
    lr_report *r = NULL;
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_OK, "reliability report");
    CHECK(lr_fixed_features_correct(d.model, rel, NULL, corr, 4) == LR_OK, "correct");
    cJSON *j = r ? report_json(r) : NULL;
    const cJSON *arr = jget(jget(jget(j, "fixed_features"), "remedy"), "corrected");
    CHECK(cJSON_GetArraySize(arr) == 4, "corrected rows");
    for (int i = 0; arr && i < 4; i++)
        CHECK(jnum(cJSON_GetArrayItem(arr, i), "corrected") == corr[i], "corrected %d", i);
    /* x1's weight moves from 2.14 to about 3.1, many standard errors: violated */
    double se[4], b[4];
    lr_model_coef_column(d.model, LR_COEF_STD_ERROR, 0.95, se, 4);
    lr_model_coef_column(d.model, LR_COEF_ESTIMATE, 0.95, b, 4);
    double shift = fabs(corr[1] - b[1]) / se[1];
    CHECK_REL(lr_report_effect(r, LR_ASSUMPTION_FIXED_FEATURES, "max_change_in_se"), shift, 1e-15,
              "max change in SE");
    CHECK(lr_report_verdict(r, LR_ASSUMPTION_FIXED_FEATURES) ==
              (shift >= LR_CHECK_SHIFT_SE ? LR_VERDICT_VIOLATED : LR_VERDICT_DOUBTFUL),
          "reliability verdict");
    CHECK(strstr(lr_report_explanation(r, LR_ASSUMPTION_FIXED_FEATURES), "the weight of x1"),
          "fixed features sentence: %s", lr_report_explanation(r, LR_ASSUMPTION_FIXED_FEATURES));
    cJSON_Delete(j);
    lr_report_free(r);
    /* all reliabilities 1, or zero error variances: holds */
    rel[0] = 1.0;
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_OK &&
              lr_report_verdict(r, LR_ASSUMPTION_FIXED_FEATURES) == LR_VERDICT_HOLDS,
          "reliability 1: holds");
    lr_report_free(r);
    double ev[3] = {0, 0, 0};
    o.reliability = NULL;
    o.error_var = ev;
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_OK &&
              lr_report_verdict(r, LR_ASSUMPTION_FIXED_FEATURES) == LR_VERDICT_HOLDS,
          "error variance 0: holds");
    lr_report_free(r);
    /* without reliabilities: cannot be tested, sensitivity table as the library's */
    r = run_report(&d, 0);
    j = r ? report_json(r) : NULL;
    const cJSON *sens = jget(jget(jget(j, "fixed_features"), "remedy"), "sensitivity");
    double tab[3 * 4 * 4];
    static const double lv[] = {1.0, 0.9, 0.8, 0.7};
    CHECK(lr_fixed_features_sensitivity(d.model, lv, 4, tab, 48) == LR_OK, "sensitivity");
    CHECK(cJSON_GetArraySize(sens) == 12, "sensitivity rows");
    for (int i = 0; sens && i < 12; i++) {
        const cJSON *co = jget(cJSON_GetArrayItem(sens, i), "coefficients");
        CHECK(jnum(co, "x1") == tab[i * 4 + 1] && jnum(co, "(Intercept)") == tab[i * 4],
              "sensitivity row %d", i);
    }
    CHECK(r && lr_report_verdict(r, LR_ASSUMPTION_FIXED_FEATURES) == LR_VERDICT_NOT_TESTABLE,
          "no reliabilities: cannot be tested");
    cJSON_Delete(j);
    lr_report_free(r);
    ds_free(&d);
    /* a reliability impossible for these data: cannot be tested, with the reason */
    if (ds_load("collinear", &d) != 0) {
        test_failed++;
        return;
    }
    double rc[3] = {0.9, 0.9, 1.0};
    lr_check_options_init(&o);
    o.reliability = rc;
    CHECK(lr_check_assumptions(d.model, &o, &r) == LR_OK, "impossible reliability report");
    CHECK(lr_report_verdict(r, LR_ASSUMPTION_FIXED_FEATURES) == LR_VERDICT_NOT_TESTABLE &&
              strstr(lr_report_reason(r, LR_ASSUMPTION_FIXED_FEATURES), "cannot be computed"),
          "impossible reliability: %s", lr_report_reason(r, LR_ASSUMPTION_FIXED_FEATURES));
    lr_report_free(r);
    ds_free(&d);
}

/* ------------------------------------------------------------- large n */

static void test_large_n(void)
{
    const size_t n = LR_CHECK_WHITE_MAX_N + 1;
    double *X = malloc(2 * n * sizeof(double)), *y = malloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        X[i] = gauss();
        X[n + i] = unif();
        y[i] = 1.0 + X[i] - 2.0 * X[n + i] + gauss();
    }
    lr_matrix Xm = lr_matrix_col_major(X, n, 2);
    lr_vector yv = lr_vector_of(y, n);
    lr_model *m = NULL;
    CHECK(lr_fit(&Xm, &yv, NULL, NULL, &m) == LR_OK, "large fit");
    lr_report *r = NULL;
    CHECK(lr_check_assumptions(m, NULL, &r) == LR_OK, "large report: %s", lr_last_error());
    const char *sk = NULL;
    long i = find_test(r, LR_ASSUMPTION_NORMALITY, "shapiro_wilk", NULL);
    if (i >= 0)
        lr_report_test(r, LR_ASSUMPTION_NORMALITY, (size_t)i, NULL, NULL, NULL, &sk);
    CHECK(i >= 0 && sk && strstr(sk, "5000 rows"), "large n: Shapiro-Wilk skipped with reason");
    lr_test_result lib, got;
    CHECK(lr_jarque_bera(m, &lib) == LR_OK, "JB");
    i = find_test(r, LR_ASSUMPTION_NORMALITY, "jarque_bera", NULL);
    CHECK(i >= 0 &&
              lr_report_test(r, LR_ASSUMPTION_NORMALITY, (size_t)i, NULL, NULL, &got, NULL) ==
                  LR_OK &&
              got.statistic == lib.statistic && got.p_value == lib.p_value,
          "large n: Jarque-Bera as the library");
    CHECK(lr_anderson_darling(m, &lib) == LR_OK, "AD");
    i = find_test(r, LR_ASSUMPTION_NORMALITY, "anderson_darling", NULL);
    CHECK(i >= 0 &&
              lr_report_test(r, LR_ASSUMPTION_NORMALITY, (size_t)i, NULL, NULL, &got, NULL) ==
                  LR_OK &&
              got.statistic == lib.statistic && got.p_value == lib.p_value,
          "large n: Anderson-Darling as the library");
    sk = NULL;
    i = find_test(r, LR_ASSUMPTION_HOMOSCEDASTICITY, "white", NULL);
    if (i >= 0)
        lr_report_test(r, LR_ASSUMPTION_HOMOSCEDASTICITY, (size_t)i, NULL, NULL, NULL, &sk);
    CHECK(i >= 0 && sk && strstr(sk, "100000 rows"), "large n: White skipped with reason");
    /* normal errors, linear mean, independent rows: the effect sizes are tiny */
    CHECK(fabs(lr_report_effect(r, LR_ASSUMPTION_NORMALITY, "skewness")) < LR_CHECK_SKEWNESS,
          "large n: skewness small");
    lr_verdict v = lr_report_verdict(r, LR_ASSUMPTION_HOMOSCEDASTICITY);
    CHECK(v == LR_VERDICT_HOLDS || v == LR_VERDICT_DOUBTFUL, "large n: homoscedasticity %s",
          lr_verdict_name(v));
    lr_report_free(r);
    lr_model_free(m);
    free(X);
    free(y);
}

int main(void)
{
    test_json_shape();
    test_text();
    test_getters();
    test_bad_input();
    test_streamed();
    test_exact_and_tiny();
    test_aliased();
    test_labels();
    test_fixed_features();
    test_large_n();
    return test_report("test_report_io");
}
