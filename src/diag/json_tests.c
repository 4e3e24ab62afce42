/* The default normality, homoscedasticity and independence tests as JSON
 * entries (see diag_json.h). */
#include "diag_json.h"
#include "../io/json_util.h"

#include <math.h>
#include <string.h>

/* Adds {"error": message} under name; -1 on no memory. */
static int add_error(cJSON *obj, const char *name)
{
    cJSON *e = cJSON_AddObjectToObject(obj, name);
    if (!e)
        return -1;
    const char *msg = lr_last_error();
    return cJSON_AddStringToObject(e, "error", msg && *msg ? msg : "the test failed") ? 0 : -1;
}

static int add_df(cJSON *e, const double df[2])
{
    if (isnan(df[0]))
        return cJSON_AddNullToObject(e, "df") ? 0 : -1;
    if (isnan(df[1]))
        return lr__json_add_number(e, "df", df[0]);
    cJSON *a = cJSON_AddArrayToObject(e, "df");
    if (!a)
        return -1;
    return lr__json_append_number(a, df[0]) || lr__json_append_number(a, df[1]) ? -1 : 0;
}

/* Adds the entry for one test result, or its error; -1 on no memory. */
static int add_result(cJSON *obj, const char *name, lr_status st, const lr_test_result *r)
{
    if (st == LR_ERR_NOMEM)
        return -1;
    if (st != LR_OK)
        return add_error(obj, name);
    cJSON *e = cJSON_AddObjectToObject(obj, name);
    if (!e)
        return -1;
    int bad = lr__json_add_number(e, "statistic", r->statistic);
    bad |= add_df(e, r->df);
    bad |= lr__json_add_number(e, "p_value", r->p_value);
    bad |= !cJSON_AddStringToObject(e, "method", r->method);
    bad |= lr__json_add_number(e, "n", (double)r->n);
    return bad ? -1 : 0;
}

static int add_dw(cJSON *obj, lr_status st, const lr_dw_result *r)
{
    const char *name = "durbin_watson";
    if (st == LR_ERR_NOMEM)
        return -1;
    if (st != LR_OK)
        return add_error(obj, name);
    cJSON *e = cJSON_AddObjectToObject(obj, name);
    if (!e)
        return -1;
    int bad = lr__json_add_number(e, "statistic", r->statistic);
    bad |= !cJSON_AddNullToObject(e, "df");
    bad |= lr__json_add_number(e, "p_value", r->p_positive);
    bad |= lr__json_add_number(e, "p_value_negative", r->p_negative);
    bad |= !cJSON_AddStringToObject(e, "method", r->method);
    bad |= lr__json_add_number(e, "n", (double)r->n);
    bad |= !cJSON_AddBoolToObject(e, "exact", r->exact);
    return bad ? -1 : 0;
}

lr_status lr__diag_json_tests(const lr_model *m, cJSON *diagnostics)
{
    if (!m || !diagnostics)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics JSON: the model and object must not be NULL");
    lr_test_result r;
    lr_dw_result dw;
    int bad = 0;
    bad |= add_result(diagnostics, "shapiro_wilk", lr_shapiro_wilk(m, &r), &r);
    bad |= add_result(diagnostics, "jarque_bera", lr_jarque_bera(m, &r), &r);
    bad |= add_result(diagnostics, "omnibus", lr_omnibus_normality(m, &r), &r);
    bad |= add_result(diagnostics, "anderson_darling", lr_anderson_darling(m, &r), &r);
    bad |= add_result(diagnostics, "breusch_pagan", lr_breusch_pagan(m, 1, &r), &r);
    bad |= add_result(diagnostics, "white", lr_white(m, 0, &r), &r);
    bad |= add_result(diagnostics, "goldfeld_quandt", lr_goldfeld_quandt(m, NULL, &r), &r);
    bad |= add_dw(diagnostics, lr_durbin_watson(m, LR_DW_AUTO, &dw), &dw);
    bad |= add_result(diagnostics, "breusch_godfrey", lr_breusch_godfrey(m, NULL, &r), &r);
    bad |= add_result(diagnostics, "ljung_box", lr_ljung_box(m, 0, 0, &r), &r);
    lr__clear_error();
    if (bad)
        return lr__fail(LR_ERR_NOMEM, "cannot build the diagnostics JSON");
    return LR_OK;
}
