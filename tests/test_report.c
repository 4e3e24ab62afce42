/* The assumption report on the shared datasets (tests/fixtures/data), the
 * weighted set with two zero weights and the Windsor house prices:
 *  - every number the report takes from a library function equals that
 *    function's result exactly (those are matched to R in the diagnostics
 *    and remedies tests);
 *  - every number the report computes itself (curvature t tests, RESET
 *    effect sizes, the Breusch-Pagan auxiliary regression and its driver,
 *    the weighted-residual Breusch-Pagan, standard-error ratios, the
 *    residual ICC and its F test, the lag-1 autocorrelation, the flagged
 *    rows and the refit without them, the Belsley-involved predictors,
 *    the coefficients whose significance changes) agrees with the R
 *    computation in tests/reference/report.R to 1e-8 relative;
 *  - the verdicts call each violation by name and the clean data clean. */
#include "test_report_util.h"
#include "test_util.h"

#define TOL 1e-8

static const char *const sets[] = {"clean",     "hetero", "autocorr",      "collinear",
                                   "outliers",  "noint",  "weighted",      "nonlinear",
                                   "clustered", "skewed", "weighted_zero", "house"};
#define NSETS (sizeof sets / sizeof sets[0])

static void test_equal_result(const char *what, const lr_test_result *a, const lr_test_result *b)
{
    CHECK(a->statistic == b->statistic, "%s: statistic %.17g vs %.17g", what, a->statistic,
          b->statistic);
    CHECK(a->p_value == b->p_value, "%s: p %.17g vs %.17g", what, a->p_value, b->p_value);
    CHECK((isnan(a->df[0]) && isnan(b->df[0])) || a->df[0] == b->df[0], "%s: df1", what);
    CHECK(a->n == b->n, "%s: n", what);
}

/* The report's entry of a test equals the library function's result. */
static void expect_test(const lr_report *r, lr_assumption a, const char *name, lr_status st,
                        const lr_test_result *lib, const char *set)
{
    long i = find_test(r, a, name, NULL);
    CHECK(i >= 0, "%s: test %s missing", set, name);
    if (i < 0)
        return;
    lr_test_result got;
    const char *skipped = NULL;
    lr_report_test(r, a, (size_t)i, NULL, NULL, &got, &skipped);
    char what[96];
    snprintf(what, sizeof what, "%s %s", set, name);
    if (st != LR_OK) {
        CHECK(skipped != NULL, "%s: should be skipped", what);
        return;
    }
    CHECK(!skipped, "%s skipped: %s", what, skipped ? skipped : "");
    if (!skipped)
        test_equal_result(what, &got, lib);
}

/* The robust table of the report equals lr_robust_vcov's. */
static void expect_table(const ds_t *d, const lr_report *r, lr_assumption a,
                         const lr_robust_options *ro)
{
    const lr_robust *got = lr_report_robust(r, a);
    CHECK(got != NULL, "%s: no robust table for assumption %d", d->name, (int)a);
    if (!got)
        return;
    lr_robust *lib = NULL;
    CHECK(lr_robust_vcov(d->model, ro, &lib) == LR_OK, "%s robust: %s", d->name, lr_last_error());
    size_t p = lr_model_ncoef(d->model);
    double x[32], y[32];
    for (int c = 0; c < LR_COEF_COLUMN_COUNT_ && lib; c++) {
        lr_robust_coef_column(got, (lr_coef_column)c, 0.95, x, p);
        lr_robust_coef_column(lib, (lr_coef_column)c, 0.95, y, p);
        for (size_t j = 0; j < p; j++)
            CHECK((isnan(x[j]) && isnan(y[j])) || x[j] == y[j], "%s: robust column %d coef %zu",
                  d->name, c, j);
    }
    lr_robust_free(lib);
}

static void check_ratio_pair(const char *set, const lr_report *r, lr_assumption a, const char *eff,
                             const char *key)
{
    char e1[64], e2[64], k1[64], k2[64];
    snprintf(e1, sizeof e1, "%s_max", eff);
    snprintf(e2, sizeof e2, "%s_min", eff);
    snprintf(k1, sizeof k1, "%s_max", key);
    snprintf(k2, sizeof k2, "%s_min", key);
    char what[96];
    snprintf(what, sizeof what, "%s %s", set, e1);
    CHECK_REL(lr_report_effect(r, a, e1), rep_num(set, k1), TOL, what);
    snprintf(what, sizeof what, "%s %s", set, e2);
    CHECK_REL(lr_report_effect(r, a, e2), rep_num(set, k2), TOL, what);
}

/* ------------------------------------------------------------ linearity */

static void test_linearity(const ds_t *d, const lr_report *r)
{
    const char *set = d->name;
    const lr_model *m = d->model;
    lr_test_result lib;
    lr_status st = lr_reset_test(m, 3, &lib);
    expect_test(r, LR_ASSUMPTION_LINEARITY, "reset", st, &lib, set);
    char what[128];
    snprintf(what, sizeof what, "%s reset_r_squared_increase", set);
    CHECK_REL(lr_report_effect(r, LR_ASSUMPTION_LINEARITY, "reset_r_squared_increase"),
              rep_num(set, "reset_r2_increase"), 1e-7, what);
    snprintf(what, sizeof what, "%s reset_unexplained_share", set);
    CHECK_REL(lr_report_effect(r, LR_ASSUMPTION_LINEARITY, "reset_unexplained_share"),
              rep_num(set, "reset_unexplained_share"), TOL, what);
    size_t seen = 0;
    for (size_t i = 0; i < rep_curv->nrows; i++) {
        if (strcmp(fx_str(rep_curv, i, 0), set))
            continue;
        const char *pred = fx_str(rep_curv, i, 1);
        long t = find_test(r, LR_ASSUMPTION_LINEARITY, "curvature", pred);
        CHECK(t >= 0, "%s: no curvature test for %s", set, pred);
        if (t < 0)
            continue;
        seen++;
        lr_test_result got;
        const char *skipped = NULL;
        lr_report_test(r, LR_ASSUMPTION_LINEARITY, (size_t)t, NULL, NULL, &got, &skipped);
        double tr = fx_num(rep_curv, i, 2);
        if (isnan(tr)) {
            CHECK(skipped != NULL, "%s: curvature of %s should be skipped (R: aliased)", set, pred);
            continue;
        }
        CHECK(!skipped, "%s: curvature of %s skipped: %s", set, pred, skipped ? skipped : "");
        snprintf(what, sizeof what, "%s curvature t %s", set, pred);
        CHECK_REL(got.statistic, tr, TOL, what);
        snprintf(what, sizeof what, "%s curvature df %s", set, pred);
        CHECK_REL(got.df[0], fx_num(rep_curv, i, 3), 0, what);
        snprintf(what, sizeof what, "%s curvature p %s", set, pred);
        CHECK_REL(got.p_value, fx_num(rep_curv, i, 4), TOL, what);
    }
    CHECK(seen == d->k, "%s: %zu curvature tests checked, %zu predictors", set, seen, d->k);
}

/* ------------------------------------------------------------ normality */

static void test_normality(const ds_t *d, const lr_report *r)
{
    const lr_model *m = d->model;
    lr_test_result lib;
    lr_status st = lr_shapiro_wilk(m, &lib);
    expect_test(r, LR_ASSUMPTION_NORMALITY, "shapiro_wilk", st, &lib, d->name);
    double s, k;
    CHECK(lr_residual_moments(m, &s, &k) == LR_OK, "moments");
    CHECK(lr_report_effect(r, LR_ASSUMPTION_NORMALITY, "skewness") == s, "%s skewness", d->name);
    CHECK(lr_report_effect(r, LR_ASSUMPTION_NORMALITY, "excess_kurtosis") == k - 3.0,
          "%s excess kurtosis", d->name);
}

/* ------------------------------------------------------ homoscedasticity */

static void test_homoscedasticity(const ds_t *d, const lr_report *r, const cJSON *j)
{
    const char *set = d->name;
    const lr_model *m = d->model;
    const lr_assumption a = LR_ASSUMPTION_HOMOSCEDASTICITY;
    lr_test_result lib;
    char what[128];
    if (!d->w) {
        lr_status st = lr_breusch_pagan(m, 1, &lib);
        expect_test(r, a, "breusch_pagan", st, &lib, set);
    } else {
        long i = find_test(r, a, "breusch_pagan", NULL);
        CHECK(i >= 0, "%s: no Breusch-Pagan", set);
        lr_test_result got;
        lr_report_test(r, a, (size_t)(i < 0 ? 0 : i), NULL, NULL, &got, NULL);
        snprintf(what, sizeof what, "%s weighted BP statistic", set);
        CHECK_REL(got.statistic, rep_num(set, "bp_weighted_stat"), TOL, what);
        snprintf(what, sizeof what, "%s weighted BP df", set);
        CHECK_REL(got.df[0], rep_num(set, "bp_weighted_df"), 0, what);
        snprintf(what, sizeof what, "%s weighted BP p", set);
        CHECK_REL(got.p_value, rep_num(set, "bp_weighted_p"), TOL, what);
    }
    lr_status st = lr_white(m, 0, &lib);
    expect_test(r, a, "white", st, &lib, set);
    snprintf(what, sizeof what, "%s bp_aux_r_squared", set);
    CHECK_REL(lr_report_effect(r, a, "bp_aux_r_squared"), rep_num(set, "bp_aux_r2"), TOL, what);
    /* the auxiliary regression's t values and the driver */
    const cJSON *rem = jget(jget(j, "homoscedasticity"), "remedy");
    const cJSON *tv = jget(jget(rem, "bp_auxiliary"), "t_values");
    CHECK(cJSON_IsObject(tv), "%s: bp_auxiliary.t_values missing", set);
    for (size_t c = (size_t)d->intercept; c < lr_model_ncoef(m) && tv; c++) {
        const char *nm = lr_model_coef_name(m, c);
        char key[64];
        snprintf(key, sizeof key, "bp_aux_t_%s", nm);
        snprintf(what, sizeof what, "%s %s", set, key);
        CHECK_REL(jnum(tv, nm), rep_num(set, key), TOL, what);
    }
    const cJSON *drv = jget(rem, "driver");
    const cJSON *dn = jget(drv, "name");
    CHECK(cJSON_IsString(dn) && !strcmp(dn->valuestring, rep_str(set, "bp_driver")),
          "%s: driver %s, R %s", set, cJSON_IsString(dn) ? dn->valuestring : "?",
          rep_str(set, "bp_driver"));
    const cJSON *dir = jget(drv, "direction");
    int sign = (int)rep_num(set, "bp_driver_sign");
    CHECK(cJSON_IsString(dir) && !strcmp(dir->valuestring, sign > 0 ? "increases" : "decreases"),
          "%s: driver direction", set);
    /* HC3 */
    lr_robust_options ro;
    lr_robust_options_init(&ro, LR_VCOV_HC3);
    expect_table(d, r, a, &ro);
    check_ratio_pair(set, r, a, "se_ratio", "hc3_ratio");
    char got[256];
    named_list(r, a, got, sizeof got);
    CHECK(!strcmp(got, rep_str(set, "hc3_sig_changes")), "%s: HC3 significance changes %s, R %s",
          set, got, rep_str(set, "hc3_sig_changes"));
}

/* ---------------------------------------------------------- independence */

static void test_independence(const ds_t *d, const lr_report *r, int with_ids)
{
    const char *set = d->name;
    const lr_model *m = d->model;
    const lr_assumption a = LR_ASSUMPTION_INDEPENDENCE;
    char what[128];
    lr_dw_result dw;
    lr_status st = lr_durbin_watson(m, LR_DW_AUTO, &dw);
    lr_test_result lib = {dw.statistic, {NAN, NAN}, dw.p_two_sided, dw.n, ""};
    expect_test(r, a, "durbin_watson", st, &lib, set);
    st = lr_ljung_box(m, 0, 0, &lib);
    expect_test(r, a, "ljung_box", st, &lib, set);
    snprintf(what, sizeof what, "%s lag1", set);
    CHECK_REL(lr_report_effect(r, a, "lag1_autocorrelation"), rep_num(set, "lag1"), TOL, what);
    char got[256];
    if (with_ids) {
        long i = find_test(r, a, "cluster_anova", NULL);
        CHECK(i >= 0, "%s: no cluster test", set);
        lr_test_result t;
        lr_report_test(r, a, (size_t)(i < 0 ? 0 : i), NULL, NULL, &t, NULL);
        snprintf(what, sizeof what, "%s cluster F", set);
        CHECK_REL(t.statistic, rep_num(set, "icc_f"), TOL, what);
        snprintf(what, sizeof what, "%s cluster df1", set);
        CHECK_REL(t.df[0], rep_num(set, "icc_df1"), 0, what);
        snprintf(what, sizeof what, "%s cluster df2", set);
        CHECK_REL(t.df[1], rep_num(set, "icc_df2"), 0, what);
        snprintf(what, sizeof what, "%s cluster p", set);
        CHECK_REL(t.p_value, rep_num(set, "icc_p"), TOL, what);
        snprintf(what, sizeof what, "%s icc", set);
        CHECK_REL(lr_report_effect(r, a, "icc"), rep_num(set, "icc"), TOL, what);
        snprintf(what, sizeof what, "%s clusters", set);
        CHECK_REL(lr_report_effect(r, a, "clusters"), rep_num(set, "icc_clusters"), 0, what);
        lr_robust_options ro;
        lr_robust_options_init(&ro, LR_VCOV_CLUSTER);
        ro.cluster1 = lr_cluster_doubles(d->c1, d->n);
        expect_table(d, r, a, &ro);
        check_ratio_pair(set, r, a, "se_ratio", "cl_ratio");
        check_ratio_pair(set, r, a, "se_ratio_over_hc", "cl_hc1_ratio");
        named_list(r, a, got, sizeof got);
        CHECK(!strcmp(got, rep_str(set, "cl_sig_changes")), "%s: cluster changes %s, R %s", set,
              got, rep_str(set, "cl_sig_changes"));
    } else if (lr_report_robust(r, a)) {
        lr_robust_options ro;
        lr_robust_options_init(&ro, LR_VCOV_NEWEY_WEST);
        expect_table(d, r, a, &ro);
        check_ratio_pair(set, r, a, "se_ratio", "nw_ratio");
        check_ratio_pair(set, r, a, "se_ratio_over_hc", "nw_hc0_ratio");
        named_list(r, a, got, sizeof got);
        CHECK(!strcmp(got, rep_str(set, "nw_sig_changes")), "%s: NW changes %s, R %s", set, got,
              rep_str(set, "nw_sig_changes"));
    }
}

/* -------------------------------------------------- multicollinearity */

static void test_multicollinearity(const ds_t *d, const lr_report *r)
{
    const lr_model *m = d->model;
    const lr_assumption a = LR_ASSUMPTION_MULTICOLLINEARITY;
    size_t p = lr_model_ncoef(m);
    double vif[32], ci[32], pr[32 * 32];
    CHECK(lr_vif(m, vif, p) == LR_OK, "vif");
    CHECK(lr_collinearity_diagnostics(m, ci, pr, p) == LR_OK, "colldiag");
    double vmax = NAN;
    for (size_t j = 0; j < p; j++)
        if (!isnan(vif[j]) && (isnan(vmax) || vif[j] > vmax))
            vmax = vif[j];
    if (d->k >= 2) {
        CHECK(lr_report_effect(r, a, "max_vif") == vmax, "%s max_vif", d->name);
        char what[96];
        snprintf(what, sizeof what, "%s max_vif (R)", d->name);
        CHECK_REL(lr_report_effect(r, a, "max_vif"), rep_num(d->name, "max_vif"), TOL, what);
    }
    CHECK(lr_report_effect(r, a, "condition_number") ==
              ci[(size_t)lr_model_stat(m, LR_STAT_RANK) - 1],
          "%s condition number", d->name);
    if (lr_report_verdict(r, a) != LR_VERDICT_HOLDS) {
        char got[256];
        named_list(r, a, got, sizeof got);
        CHECK(!strcmp(got, rep_str(d->name, "belsley_involved")), "%s: involved %s, R %s", d->name,
              got, rep_str(d->name, "belsley_involved"));
    }
}

/* ------------------------------------------------------------ influence */

static void test_influence(const ds_t *d, const lr_report *r, const cJSON *j)
{
    const char *set = d->name;
    const lr_model *m = d->model;
    const lr_assumption a = LR_ASSUMPTION_INFLUENCE;
    char what[128];
    lr_test_result lib;
    lr_status st = lr_outlier_test(m, 0.05, 10, &lib, NULL, NULL, NULL, NULL, NULL);
    expect_test(r, a, "outlier_bonferroni", st, &lib, set);
    lr_influence_summary sum;
    CHECK(lr_influence_summarize(m, &sum) == LR_OK, "summary");
    CHECK(lr_report_effect(r, a, "max_cooks_distance") == sum.max_cooks_d, "%s max cook", set);
    snprintf(what, sizeof what, "%s max cook (R)", set);
    CHECK_REL(lr_report_effect(r, a, "max_cooks_distance"), rep_num(set, "max_cooks"), TOL, what);
    snprintf(what, sizeof what, "%s max cook row (R)", set);
    CHECK_REL(lr_report_effect(r, a, "max_cooks_distance_row"), rep_num(set, "max_cooks_row"), 0,
              what);
    /* flagged rows (1-based in R) */
    size_t nf = 0;
    const size_t *rows = lr_report_flagged_rows(r, &nf);
    char got[256] = "";
    for (size_t i = 0; i < nf; i++) {
        size_t l = strlen(got);
        snprintf(got + l, sizeof got - l, "%s%zu", i ? ";" : "", rows[i] + 1);
    }
    if (!nf)
        snprintf(got, sizeof got, "none");
    CHECK(!strcmp(got, rep_str(set, "flagged_rows")), "%s: flagged %s, R %s", set, got,
          rep_str(set, "flagged_rows"));
    CHECK_REL(lr_report_effect(r, a, "n_flagged"), (double)nf, 0, "n_flagged");
    if (!nf)
        return;
    snprintf(what, sizeof what, "%s max change in SE", set);
    CHECK_REL(lr_report_effect(r, a, "max_change_in_se"), rep_num(set, "max_change_in_se"), TOL,
              what);
    const cJSON *co =
        jget(jget(jget(jget(j, "no_influential_observations"), "remedy"), "refit_without_flagged"),
             "coefficients");
    CHECK(cJSON_IsArray(co), "%s: refit coefficients missing", set);
    size_t seen = 0;
    for (size_t i = 0; i < rep_refit->nrows && co; i++) {
        if (strcmp(fx_str(rep_refit, i, 0), set))
            continue;
        const char *nm = fx_str(rep_refit, i, 1);
        const cJSON *e = NULL;
        cJSON_ArrayForEach(e, co) if (!strcmp(jget(e, "name")->valuestring, nm)) break;
        CHECK(e != NULL, "%s: refit has no %s", set, nm);
        if (!e)
            continue;
        seen++;
        snprintf(what, sizeof what, "%s refit %s", set, nm);
        CHECK_REL(jnum(e, "without_flagged"), fx_num(rep_refit, i, 2), TOL, what);
        snprintf(what, sizeof what, "%s refit change %s", set, nm);
        CHECK_REL(jnum(e, "change_in_se"), fx_num(rep_refit, i, 3), 1e-7, what);
    }
    CHECK(seen == lr_model_ncoef(m), "%s: %zu refit coefficients checked", set, seen);
}

/* ---------------------------------------------------------- verdicts */

static void test_verdicts(const ds_t *d, const lr_report *r, int with_ids)
{
    const char *set = d->name;
    if (!strcmp(set, "clean")) {
        for (int a = 0; a < LR_ASSUMPTION_COUNT_; a++) {
            lr_verdict v = lr_report_verdict(r, (lr_assumption)a);
            lr_verdict want =
                a == LR_ASSUMPTION_FIXED_FEATURES ? LR_VERDICT_NOT_TESTABLE : LR_VERDICT_HOLDS;
            CHECK(v == want, "clean%s: %s is %s, expected %s", with_ids ? " (with ids)" : "",
                  lr_assumption_name((lr_assumption)a), lr_verdict_name(v), lr_verdict_name(want));
        }
    } else if (!strcmp(set, "hetero")) {
        CHECK(lr_report_verdict(r, LR_ASSUMPTION_HOMOSCEDASTICITY) == LR_VERDICT_VIOLATED,
              "hetero: homoscedasticity %s",
              lr_verdict_name(lr_report_verdict(r, LR_ASSUMPTION_HOMOSCEDASTICITY)));
        CHECK(strstr(lr_report_explanation(r, LR_ASSUMPTION_HOMOSCEDASTICITY),
                     "The spread of y grows with x1") != NULL,
              "hetero sentence: %s", lr_report_explanation(r, LR_ASSUMPTION_HOMOSCEDASTICITY));
    } else if (!strcmp(set, "autocorr")) {
        CHECK(lr_report_verdict(r, LR_ASSUMPTION_INDEPENDENCE) == LR_VERDICT_VIOLATED,
              "autocorr: independence %s",
              lr_verdict_name(lr_report_verdict(r, LR_ASSUMPTION_INDEPENDENCE)));
        const lr_robust *nw = lr_report_robust(r, LR_ASSUMPTION_INDEPENDENCE);
        CHECK(nw && lr_robust_type(nw) == LR_VCOV_NEWEY_WEST, "autocorr: Newey-West applied");
    } else if (!strcmp(set, "collinear")) {
        lr_verdict v = lr_report_verdict(r, LR_ASSUMPTION_MULTICOLLINEARITY);
        CHECK(v == LR_VERDICT_VIOLATED || v == LR_VERDICT_DOUBTFUL, "collinear: %s",
              lr_verdict_name(v));
        CHECK(lr_report_nnamed(r, LR_ASSUMPTION_MULTICOLLINEARITY) == 2 &&
                  !strcmp(lr_report_named(r, LR_ASSUMPTION_MULTICOLLINEARITY, 0), "x1") &&
                  !strcmp(lr_report_named(r, LR_ASSUMPTION_MULTICOLLINEARITY, 1), "x2"),
              "collinear: x1 and x2 named");
    } else if (!strcmp(set, "outliers")) {
        lr_verdict v = lr_report_verdict(r, LR_ASSUMPTION_INFLUENCE);
        CHECK(v == LR_VERDICT_VIOLATED, "outliers: influence %s", lr_verdict_name(v));
        CHECK(strstr(lr_report_explanation(r, LR_ASSUMPTION_INFLUENCE), "Rows 7, 23 and 31") !=
                  NULL,
              "outliers sentence: %s", lr_report_explanation(r, LR_ASSUMPTION_INFLUENCE));
    } else if (!strcmp(set, "nonlinear")) {
        lr_verdict v = lr_report_verdict(r, LR_ASSUMPTION_LINEARITY);
        CHECK(v == LR_VERDICT_VIOLATED, "nonlinear: linearity %s", lr_verdict_name(v));
        CHECK(lr_report_nnamed(r, LR_ASSUMPTION_LINEARITY) == 1 &&
                  !strcmp(lr_report_named(r, LR_ASSUMPTION_LINEARITY, 0), "x1"),
              "nonlinear: x1 named as curved");
        CHECK(strstr(lr_report_remedy(r, LR_ASSUMPTION_LINEARITY), "I(x1^2)") != NULL,
              "nonlinear remedy: %s", lr_report_remedy(r, LR_ASSUMPTION_LINEARITY));
    } else if (!strcmp(set, "clustered") && with_ids) {
        lr_verdict v = lr_report_verdict(r, LR_ASSUMPTION_INDEPENDENCE);
        CHECK(v == LR_VERDICT_VIOLATED, "clustered: independence %s", lr_verdict_name(v));
        long i = find_test(r, LR_ASSUMPTION_INDEPENDENCE, "cluster_anova", NULL);
        lr_test_result t;
        lr_report_test(r, LR_ASSUMPTION_INDEPENDENCE, (size_t)(i < 0 ? 0 : i), NULL, NULL, &t,
                       NULL);
        CHECK(i >= 0 && t.p_value < 0.05 / 3, "clustered: the cluster check rejects");
        const lr_robust *cl = lr_report_robust(r, LR_ASSUMPTION_INDEPENDENCE);
        CHECK(cl && lr_robust_type(cl) == LR_VCOV_CLUSTER, "clustered: cluster table applied");
        CHECK(strstr(lr_report_explanation(r, LR_ASSUMPTION_INDEPENDENCE),
                     "Rows of the same patient resemble each other") != NULL,
              "clustered sentence: %s", lr_report_explanation(r, LR_ASSUMPTION_INDEPENDENCE));
    } else if (!strcmp(set, "skewed")) {
        lr_verdict v = lr_report_verdict(r, LR_ASSUMPTION_NORMALITY);
        CHECK(v == LR_VERDICT_VIOLATED, "skewed: normality %s", lr_verdict_name(v));
        CHECK(strstr(lr_report_explanation(r, LR_ASSUMPTION_NORMALITY), "skewed to the right"),
              "skewed sentence: %s", lr_report_explanation(r, LR_ASSUMPTION_NORMALITY));
    }
}

int main(void)
{
    if (rep_fixtures_load() != 0) {
        printf("FAIL report fixtures missing\n");
        return test_report("test_report");
    }
    for (size_t s = 0; s < NSETS; s++) {
        ds_t d;
        if (ds_load_any(sets[s], &d) != 0) {
            test_failed++;
            continue;
        }
        for (int with_ids = 0; with_ids <= ds_has_ids(sets[s]); with_ids++) {
            lr_report *r = run_report(&d, with_ids);
            CHECK(r != NULL, "%s: no report", sets[s]);
            if (!r)
                continue;
            cJSON *j = report_json(r);
            CHECK(j != NULL, "%s: JSON does not parse", sets[s]);
            test_verdicts(&d, r, with_ids);
            if (!with_ids) {
                test_linearity(&d, r);
                test_normality(&d, r);
                test_homoscedasticity(&d, r, j);
                test_multicollinearity(&d, r);
                test_influence(&d, r, j);
            }
            test_independence(&d, r, with_ids);
            cJSON_Delete(j);
            lr_report_free(r);
        }
        ds_free(&d);
    }
    rep_fixtures_free();
    return test_report("test_report");
}
