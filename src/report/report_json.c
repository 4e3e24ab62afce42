/* The report as the JSON "report" object (lr_report_json) and the
 * internal entry that adds it to an existing object (CLI, persisted model). */
#include "../io/json_util.h"
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>

static int add_test(cJSON *arr, const rep_test *t)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        return 1;
    }
    int bad = !cJSON_AddStringToObject(o, "name", t->name);
    bad |= !cJSON_AddStringToObject(o, "label", t->label);
    if (t->predictor)
        bad |= !cJSON_AddStringToObject(o, "predictor", t->predictor);
    if (t->skipped)
        return bad | !cJSON_AddStringToObject(o, "skipped", t->skipped);
    bad |= lr__json_add_number(o, "statistic", t->res.statistic) != 0;
    if (!isnan(t->res.df[1])) {
        cJSON *df = cJSON_AddArrayToObject(o, "df");
        bad |= !df || lr__json_append_number(df, t->res.df[0]) != 0 ||
               lr__json_append_number(df, t->res.df[1]) != 0;
    } else if (!isnan(t->res.df[0])) {
        bad |= lr__json_add_number(o, "df", t->res.df[0]) != 0;
    } else {
        bad |= !cJSON_AddNullToObject(o, "df");
    }
    bad |= lr__json_add_number(o, "p_value", t->res.p_value) != 0;
    if (!isnan(t->p_adjusted))
        bad |= lr__json_add_number(o, "p_adjusted", t->p_adjusted) != 0;
    bad |= !cJSON_AddStringToObject(o, "method", t->res.method);
    bad |= lr__json_add_number(o, "n", (double)t->res.n) != 0;
    return bad;
}

lr_status lr__report_json(const lr_report *r, cJSON *obj)
{
    if (!r || !obj)
        return lr__fail(LR_ERR_INVALID_ARG, "report and obj must not be NULL");
    int bad = lr__json_add_number(obj, "alpha", r->alpha) != 0;
    bad |= lr__json_add_number(obj, "level", r->level) != 0;
    bad |= lr__json_add_number(obj, "n", r->n) != 0;
    bad |= !cJSON_AddStringToObject(obj, "response", r->response);
    bad |= !cJSON_AddStringToObject(obj, "model", r->formula);
    for (int a = 0; a < LR_ASSUMPTION_COUNT_ && !bad; a++) {
        const rep_block *b = &r->b[a];
        cJSON *o = cJSON_AddObjectToObject(obj, lr_assumption_name((lr_assumption)a));
        bad |= !o;
        if (bad)
            break;
        bad |= !cJSON_AddStringToObject(o, "verdict", lr_verdict_name(b->verdict));
        bad |= !cJSON_AddStringToObject(o, "reason", b->reason);
        cJSON *tests = cJSON_AddArrayToObject(o, "tests");
        bad |= !tests;
        for (size_t i = 0; i < b->ntests && !bad; i++)
            bad |= add_test(tests, &b->tests[i]);
        cJSON *eff = bad ? NULL : cJSON_AddObjectToObject(o, "effect");
        bad |= !eff;
        for (size_t i = 0; i < b->neffects && !bad; i++)
            bad |= lr__json_add_number(eff, b->effects[i].name, b->effects[i].value) != 0;
        bad |= !bad && !cJSON_AddStringToObject(o, "explanation", b->explanation);
        bad |= !bad && !cJSON_AddStringToObject(o, "consequence", b->consequence);
        cJSON *rem = bad ? NULL : cJSON_Duplicate(b->remedy_json, 1);
        if (!bad && (!rem || !cJSON_AddItemToObject(o, "remedy", rem))) {
            cJSON_Delete(rem);
            bad = 1;
        }
        bad |= !bad && !cJSON_AddStringToObject(rem, "text", b->remedy);
    }
    return bad ? lr__fail(LR_ERR_NOMEM, "cannot build the report JSON") : LR_OK;
}

lr_status lr_report_json(const lr_report *r, char **json)
{
    lr__clear_error();
    if (!json)
        return lr__fail(LR_ERR_INVALID_ARG, "json must not be NULL");
    *json = NULL;
    if (!r)
        return lr__fail(LR_ERR_INVALID_ARG, "report must not be NULL");
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return lr__fail(LR_ERR_NOMEM, "cannot build the report JSON");
    lr_status st = lr__report_json(r, obj);
    if (st == LR_OK)
        st = lr__json_print(obj, 0, json);
    cJSON_Delete(obj);
    return st;
}
