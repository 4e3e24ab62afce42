/* The "diagnostics" JSON object from a batch result (lr_diagnostics_json,
 * lr_model_diagnostics_json; layout in include/linreg/diagnose.h). */
#include "../io/json_util.h"
#include "diagnose_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static const char *const keys[LR_DIAG_TEST_COUNT_] = {
    "shapiro_wilk", "jarque_bera", "omnibus",        "anderson_darling", "breusch_pagan",
    "white",        "goldfeld_quandt", "durbin_watson", "breusch_godfrey", "ljung_box",
    "reset",        "rainbow",     "harvey_collier",
};

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

/* One test's entry; -1 on no memory. */
static int add_test(const lr_diagnostics *d, int t, cJSON *obj)
{
    const dg_test *dt = &d->test[t];
    if (dt->state == DG_NOT_RUN)
        return 0;
    cJSON *e = cJSON_AddObjectToObject(obj, keys[t]);
    if (!e)
        return -1;
    const lr_test_result *r = &dt->r;
    int bad = 0;
    if (dt->state == DG_DONE) {
        bad |= lr__json_add_number(e, "statistic", r->statistic);
        bad |= add_df(e, r->df);
        bad |= lr__json_add_number(e, "p_value", r->p_value);
        if (t == LR_DIAG_DURBIN_WATSON)
            bad |= lr__json_add_number(e, "p_value_negative", d->dw.p_negative);
        bad |= !cJSON_AddStringToObject(e, "method", r->method);
        bad |= lr__json_add_number(e, "n", (double)r->n);
        if (t == LR_DIAG_DURBIN_WATSON)
            bad |= !cJSON_AddBoolToObject(e, "exact", d->dw.exact);
        return bad ? -1 : 0;
    }
    bad |= !cJSON_AddNullToObject(e, "statistic");
    bad |= !cJSON_AddNullToObject(e, "df");
    bad |= !cJSON_AddNullToObject(e, "p_value");
    bad |= !cJSON_AddStringToObject(e, "method", r->method);
    bad |= lr__json_add_number(e, "n", d->n_used);
    if (dt->state == DG_SKIPPED)
        bad |= !cJSON_AddTrueToObject(e, "skipped");
    bad |= !cJSON_AddStringToObject(e, "error", dt->msg);
    return bad ? -1 : 0;
}

static int add_row_value(cJSON *obj, const char *key, double value, size_t row)
{
    cJSON *e = cJSON_AddObjectToObject(obj, key);
    if (!e)
        return -1;
    int bad = lr__json_add_number(e, "value", value);
    if (row == SIZE_MAX)
        bad |= !cJSON_AddNullToObject(e, "row");
    else
        bad |= lr__json_add_number(e, "row", (double)row + 1.0);
    return bad ? -1 : 0;
}

static int add_influence(const lr_diagnostics *d, cJSON *obj)
{
    if (d->influence.state == DG_NOT_RUN)
        return 0;
    cJSON *inf = cJSON_AddObjectToObject(obj, "influence");
    if (!inf)
        return -1;
    if (d->influence.state != DG_DONE)
        return cJSON_AddStringToObject(inf, "error", d->influence.msg) ? 0 : -1;
    const lr_influence_summary *s = &d->summary;
    const lr_test_result *t = &d->influence.r;
    int bad = lr__json_add_number(inf, "n", (double)s->n);
    bad |= add_row_value(inf, "max_leverage", s->max_hat, s->max_hat_row);
    bad |= add_row_value(inf, "max_cooks_distance", s->max_cooks_d, s->max_cooks_d_row);
    bad |= lr__json_add_number(inf, "n_flagged", (double)s->n_flagged);
    cJSON *ot = cJSON_AddObjectToObject(inf, "outlier_test");
    if (!ot)
        return -1;
    bad |= !cJSON_AddStringToObject(ot, "method", t->method);
    bad |= lr__json_add_number(ot, "statistic", t->statistic);
    bad |= lr__json_add_number(ot, "df", t->df[0]);
    bad |= lr__json_add_number(ot, "p_value", t->p_value);
    bad |= lr__json_add_number(ot, "n", (double)t->n);
    bad |= lr__json_add_number(ot, "cutoff", d->outlier_cutoff);
    bad |= !cJSON_AddBoolToObject(ot, "significant", t->p_value <= d->outlier_cutoff);
    cJSON *arr = cJSON_AddArrayToObject(ot, "outliers");
    if (!arr)
        return -1;
    for (size_t a = 0; a < d->outlier_count; a++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            return -1;
        }
        bad |= lr__json_add_number(o, "row", (double)d->outlier_rows[a] + 1.0);
        bad |= lr__json_add_number(o, "rstudent", d->outlier_rstudent[a]);
        bad |= lr__json_add_number(o, "p_unadjusted", d->outlier_p[a]);
        bad |= lr__json_add_number(o, "p_bonferroni", d->outlier_bp[a]);
    }
    return bad ? -1 : 0;
}

lr_status lr__diagnostics_to_json(const lr_diagnostics *d, cJSON *obj)
{
    if (!d || !obj)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics JSON: arguments must not be NULL");
    int bad = 0;
    for (int t = 0; t < LR_DIAG_TEST_COUNT_; t++)
        bad |= add_test(d, t, obj);
    if (d->collinearity.state != DG_NOT_RUN) {
        cJSON *vif = cJSON_AddObjectToObject(obj, "vif");
        bad |= !vif;
        if (vif && d->collinearity.state != DG_DONE) {
            bad |= !cJSON_AddStringToObject(vif, "error", d->collinearity.msg);
        } else {
            for (size_t j = 0; j < d->p && vif; j++)
                if (!(d->intercept && j == 0))
                    bad |= lr__json_add_number(vif, d->names[j], d->vif[j]);
        }
        bad |= lr__json_add_number(obj, "condition_number", d->condition_number);
    }
    bad |= add_influence(d, obj);
    if (bad)
        return lr__fail(LR_ERR_NOMEM, "cannot build the diagnostics JSON");
    return LR_OK;
}

lr_status lr_diagnostics_json(const lr_diagnostics *d, char **json)
{
    lr__clear_error();
    if (!d || !json)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics and json must not be NULL");
    *json = NULL;
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return lr__fail(LR_ERR_NOMEM, "cannot build the diagnostics JSON");
    lr_status st = lr__diagnostics_to_json(d, obj);
    if (st == LR_OK)
        st = lr__json_print(obj, 0, json);
    cJSON_Delete(obj);
    return st;
}

lr_status lr_model_diagnostics_json(const lr_model *m, const lr_diag_options *opts, char **json)
{
    lr__clear_error();
    if (!m || !json)
        return lr__fail(LR_ERR_INVALID_ARG, "model and json must not be NULL");
    *json = NULL;
    lr_diagnostics *d = NULL;
    lr_status st = lr_diagnose(m, opts, &d);
    if (st == LR_OK)
        st = lr_diagnostics_json(d, json);
    lr_diagnostics_free(d);
    return st;
}
