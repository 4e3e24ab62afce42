/* JSON entries of the collinearity, specification and influence
 * diagnostics (see influence_json.h). */
#include "influence_json.h"
#include "influence_pass.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* A test entry; st != LR_OK gives null numbers and the error message. */
static int add_test(cJSON *obj, const char *key, lr_status st, const lr_test_result *t,
                    const char *method, double n)
{
    cJSON *e = cJSON_AddObjectToObject(obj, key);
    if (!e)
        return -1;
    int bad = 0;
    if (st == LR_OK) {
        bad |= lr__json_add_number(e, "statistic", t->statistic);
        if (isnan(t->df[1])) {
            bad |= lr__json_add_number(e, "df", t->df[0]);
        } else {
            cJSON *df = cJSON_AddArrayToObject(e, "df");
            bad |= !df || lr__json_append_number(df, t->df[0]) || lr__json_append_number(df, t->df[1]);
        }
        bad |= lr__json_add_number(e, "p_value", t->p_value);
        bad |= !cJSON_AddStringToObject(e, "method", t->method);
        bad |= lr__json_add_number(e, "n", (double)t->n);
    } else {
        bad |= !cJSON_AddNullToObject(e, "statistic");
        bad |= !cJSON_AddNullToObject(e, "df");
        bad |= !cJSON_AddNullToObject(e, "p_value");
        bad |= !cJSON_AddStringToObject(e, "method", method);
        bad |= lr__json_add_number(e, "n", n);
        bad |= !cJSON_AddStringToObject(e, "error", lr_last_error());
    }
    return bad ? -1 : 0;
}

/* Statuses a diagnostic may legitimately return for this model. */
static int reportable(lr_status st)
{
    return st == LR_ERR_NO_DATA || st == LR_ERR_TOO_FEW_ROWS || st == LR_ERR_UNDEFINED;
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

#define OUTLIER_MAX 10

static lr_status add_influence(const lr_model *m, cJSON *diag, int *bad)
{
    cJSON *inf = cJSON_AddObjectToObject(diag, "influence");
    if (!inf)
        return LR_ERR_NOMEM;
    lr_influence_summary s;
    lr_test_result t;
    size_t rows[OUTLIER_MAX], count = 0;
    double rs[OUTLIER_MAX], pu[OUTLIER_MAX], pb[OUTLIER_MAX];
    const double cutoff = 0.05;
    lr_status st = lr__influence_report(m, &s, cutoff, OUTLIER_MAX, &t, rows, rs, pu, pb, &count);
    if (st != LR_OK) {
        if (!reportable(st))
            return st;
        *bad |= !cJSON_AddStringToObject(inf, "error", lr_last_error());
        return LR_OK;
    }
    *bad |= lr__json_add_number(inf, "n", (double)s.n);
    *bad |= add_row_value(inf, "max_leverage", s.max_hat, s.max_hat_row);
    *bad |= add_row_value(inf, "max_cooks_distance", s.max_cooks_d, s.max_cooks_d_row);
    *bad |= lr__json_add_number(inf, "n_flagged", (double)s.n_flagged);
    cJSON *ot = cJSON_AddObjectToObject(inf, "outlier_test");
    if (!ot)
        return LR_ERR_NOMEM;
    *bad |= !cJSON_AddStringToObject(ot, "method", t.method);
    *bad |= lr__json_add_number(ot, "statistic", t.statistic);
    *bad |= lr__json_add_number(ot, "df", t.df[0]);
    *bad |= lr__json_add_number(ot, "p_value", t.p_value);
    *bad |= lr__json_add_number(ot, "n", (double)t.n);
    *bad |= lr__json_add_number(ot, "cutoff", cutoff);
    *bad |= !cJSON_AddBoolToObject(ot, "significant", t.p_value <= cutoff);
    cJSON *arr = cJSON_AddArrayToObject(ot, "outliers");
    if (!arr)
        return LR_ERR_NOMEM;
    for (size_t a = 0; a < count; a++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            return LR_ERR_NOMEM;
        }
        *bad |= lr__json_add_number(o, "row", (double)rows[a] + 1.0);
        *bad |= lr__json_add_number(o, "rstudent", rs[a]);
        *bad |= lr__json_add_number(o, "p_unadjusted", pu[a]);
        *bad |= lr__json_add_number(o, "p_bonferroni", pb[a]);
    }
    return LR_OK;
}

lr_status lr__diag_json_influence(const lr_model *m, cJSON *diag)
{
    if (!m || !diag)
        return lr__fail(LR_ERR_INVALID_ARG, "model and diagnostics must not be NULL");
    int bad = 0;
    lr_test_result t;
    lr_status st;
    const double n = m->n_used;

    st = lr_reset_test(m, 3, &t);
    if (st != LR_OK && !reportable(st))
        return st;
    bad |= add_test(diag, "reset", st, &t, "RESET test", n);
    st = lr_rainbow_test(m, 0.5, 0.5, &t);
    if (st != LR_OK && !reportable(st))
        return st;
    bad |= add_test(diag, "rainbow", st, &t, "Rainbow test", n);
    st = lr_harvey_collier_test(m, &t);
    if (st != LR_OK && !reportable(st))
        return st;
    bad |= add_test(diag, "harvey_collier", st, &t, "Harvey-Collier test", n);

    double *v = lr__calloc(m->p, sizeof(double));
    if (!v)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the VIFs");
    if ((st = lr_vif(m, v, m->p)) != LR_OK) {
        free(v);
        return st;
    }
    cJSON *vif = cJSON_AddObjectToObject(diag, "vif");
    bad |= !vif;
    for (size_t j = 0; j < m->p && vif; j++)
        if (!(m->intercept && j == 0))
            bad |= lr__json_add_number(vif, m->names[j], v[j]);
    if ((st = lr_collinearity_diagnostics(m, v, NULL, m->p)) != LR_OK) {
        free(v);
        return st;
    }
    bad |= lr__json_add_number(diag, "condition_number", m->rank ? v[m->rank - 1] : NAN);
    free(v);

    st = add_influence(m, diag, &bad);
    if (st == LR_ERR_NOMEM || bad)
        return lr__fail(LR_ERR_NOMEM, "cannot build the diagnostics JSON");
    return st;
}
