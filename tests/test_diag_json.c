/* The "diagnostics" JSON (lr_model_diagnostics_json, as `linreg fit
 * --format json` writes it): every entry of the normality, variance and
 * independence tests present with statistic/df/p_value/method/n, the
 * numbers equal to the reference fixtures, df as number / array / null,
 * and a test that cannot run reported with null numbers and "error". */
#include "diag_fixtures.h"

#include <cjson/cJSON.h>

static fix_row r_rows[1024], sm_rows[256];
static size_t n_r, n_sm;

static const char *const names[] = {
    "shapiro_wilk", "jarque_bera", "omnibus", "anderson_darling", "breusch_pagan",
    "white", "goldfeld_quandt", "durbin_watson", "breusch_godfrey", "ljung_box",
};

/* The diagnostics of m as a consumer of the CLI reads them. */
static cJSON *diagnostics_json(const lr_model *m, const char *what)
{
    char *text = NULL;
    lr_status st = lr_model_diagnostics_json(m, NULL, &text);
    CHECK(st == LR_OK, "%s: %s", what, lr_last_error());
    cJSON *back = text ? cJSON_Parse(text) : NULL;
    CHECK(back != NULL, "%s: the diagnostics JSON does not parse: %s", what, text ? text : "");
    lr_free(text);
    return back;
}

static double num(const cJSON *e, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static void expect(const cJSON *d, const char *entry, const fix_row *ref, int df_kind)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(d, entry);
    CHECK(cJSON_IsObject(e), "%s missing", entry);
    CHECK(ref != NULL, "%s: no reference", entry);
    if (!e || !ref)
        return;
    char what[64];
    snprintf(what, sizeof what, "json %s statistic", entry);
    CHECK_REL(num(e, "statistic"), ref->statistic, FIX_TOL, what);
    snprintf(what, sizeof what, "json %s p_value", entry);
    fix_check_p(num(e, "p_value"), ref->p_value, what);
    CHECK(num(e, "n") == (double)ref->n, "json %s n", entry);
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(e, "method");
    CHECK(cJSON_IsString(method) && method->valuestring[0], "json %s method", entry);
    const cJSON *df = cJSON_GetObjectItemCaseSensitive(e, "df");
    if (df_kind == 0)
        CHECK(cJSON_IsNull(df), "json %s df should be null", entry);
    else if (df_kind == 1)
        CHECK(cJSON_IsNumber(df) && df->valuedouble == ref->df1, "json %s df", entry);
    else
        CHECK(cJSON_IsArray(df) && cJSON_GetArraySize(df) == 2 &&
                  cJSON_GetArrayItem(df, 0)->valuedouble == ref->df1 &&
                  cJSON_GetArrayItem(df, 1)->valuedouble == ref->df2,
              "json %s df array", entry);
}

int main(void)
{
    n_r = fix_read("tests/fixtures/diag/r_tests.csv", r_rows, 1024);
    n_sm = fix_read("tests/fixtures/diag/statsmodels.csv", sm_rows, 256);
    fix_set sets[FIX_MAX_SETS];
    int ns = fix_manifest(sets);
    CHECK(n_r > 0 && n_sm > 0 && ns > 0, "cannot read the fixtures");
    for (int i = 0; i < ns; i++) {
        const char *ds = sets[i].name;
        lr_model *m = fix_fit(&sets[i], 0, NULL);
        if (!m)
            continue;
        cJSON *d = diagnostics_json(m, ds);
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            CHECK(cJSON_GetObjectItemCaseSensitive(d, names[k]) != NULL, "%s: %s missing", ds,
                  names[k]);
        expect(d, "shapiro_wilk", fix_find(r_rows, n_r, ds, "shapiro_wilk"), 0);
        expect(d, "jarque_bera", fix_find(sm_rows, n_sm, ds, "jarque_bera"), 1);
        expect(d, "omnibus", fix_find(sm_rows, n_sm, ds, "omnibus"), 1);
        expect(d, "anderson_darling", fix_find(r_rows, n_r, ds, "anderson_darling"), 0);
        expect(d, "breusch_pagan", fix_find(r_rows, n_r, ds, "bp_studentized"), 1);
        if (sets[i].intercept) {
            expect(d, "white", fix_find(sm_rows, n_sm, ds, "white_lm"), 1);
        } else {
            const cJSON *w = cJSON_GetObjectItemCaseSensitive(d, "white");
            const cJSON *err = cJSON_GetObjectItemCaseSensitive(w, "error");
            CHECK(cJSON_IsString(err) && strstr(err->valuestring, "intercept"),
                  "%s: white should be an error entry", ds);
            CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(w, "statistic")),
                  "%s: white has a number", ds);
        }
        expect(d, "goldfeld_quandt", fix_find(r_rows, n_r, ds, "gq_default"), 2);
        const fix_row *dwp = fix_find(r_rows, n_r, ds, "dw_auto_greater");
        const fix_row *dwn = fix_find(r_rows, n_r, ds, "dw_auto_less");
        expect(d, "durbin_watson", dwp, 0);
        const cJSON *dw = cJSON_GetObjectItemCaseSensitive(d, "durbin_watson");
        if (dwn)
            fix_check_p(num(dw, "p_value_negative"), dwn->p_value, "json DW p_value_negative");
        CHECK(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(dw, "exact")), "%s: DW exact flag", ds);
        expect(d, "breusch_godfrey", fix_find(r_rows, n_r, ds, "bg_1_chisq"), 1);
        expect(d, "ljung_box", fix_find(r_rows, n_r, ds, "lb_default"), 1);
        cJSON_Delete(d);
        lr_model_free(m);
    }

    /* n = 6000: Shapiro-Wilk becomes an error entry, the rest run. */
    size_t n = 6000;
    double *xv = calloc(n, sizeof(double)), *yv = calloc(n, sizeof(double));
    for (size_t i = 0; i < n; i++) {
        xv[i] = (double)i / (double)n;
        yv[i] = 2.0 - xv[i] + sin(0.37 * (double)i);
    }
    lr_matrix X = lr_matrix_row_major(xv, n, 1);
    lr_vector y = lr_vector_of(yv, n);
    lr_model *m = NULL;
    CHECK(lr_fit(&X, &y, NULL, NULL, &m) == LR_OK, "fit n = 6000");
    cJSON *obj = diagnostics_json(m, "n = 6000");
    const cJSON *sw = cJSON_GetObjectItemCaseSensitive(obj, "shapiro_wilk");
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(sw, "error");
    CHECK(cJSON_IsString(err) && strstr(err->valuestring, "5000"), "SW error entry at n = 6000");
    for (size_t k = 1; k < sizeof names / sizeof names[0]; k++) {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(obj, names[k]);
        CHECK(e && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(e, "statistic")),
              "%s should run at n = 6000", names[k]);
    }
    CHECK(!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
              cJSON_GetObjectItemCaseSensitive(obj, "durbin_watson"), "exact")),
          "DW at n = 6000 uses the normal approximation");
    cJSON_Delete(obj);
    lr_model_free(m);

    /* A streamed model: every entry is an error naming the reason. */
    lr_accumulator *acc = NULL;
    lr_status st = lr_accumulator_create(1, NULL, &acc);
    if (st == LR_OK)
        st = lr_accumulator_add(acc, &X, &y, NULL);
    if (st == LR_OK)
        st = lr_accumulator_finish(acc, NULL, &m);
    lr_accumulator_free(acc);
    CHECK(st == LR_OK, "streamed fit: %s", lr_last_error());
    obj = diagnostics_json(m, "streamed model");
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(obj, names[k]);
        const cJSON *msg = cJSON_GetObjectItemCaseSensitive(e, "error");
        CHECK(cJSON_IsString(msg) && strstr(msg->valuestring, "residuals"),
              "streamed: %s should be an error entry", names[k]);
    }
    cJSON_Delete(obj);
    lr_model_free(m);
    char *none = NULL;
    CHECK(lr_model_diagnostics_json(NULL, NULL, &none) == LR_ERR_INVALID_ARG, "NULL model");
    free(xv);
    free(yv);
    return test_report("test_diag_json");
}
