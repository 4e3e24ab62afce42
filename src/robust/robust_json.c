/* The robust coefficient table as JSON, with the key names of
 * lr__results_to_json so the CLI, the report and the persisted model can
 * put it beside the classical table. */
#include "../io/json_util.h"
#include "robust_internal.h"

#include <stdlib.h>

lr_status lr__robust_json(const lr_model *m, const lr_robust *r, double level, cJSON *obj)
{
    if (!m || !r || !obj)
        return lr__fail(LR_ERR_INVALID_ARG, "model, robust and obj must not be NULL");
    if (r->p != m->p)
        return lr__fail(LR_ERR_DIMENSION,
                        "the robust result has %zu coefficients but the model has %zu", r->p,
                        m->p);
    if (!(level > 0 && level < 1))
        return lr__fail(LR_ERR_INVALID_ARG, "confidence level %g is not inside (0, 1)", level);
    const size_t p = m->p;
    double *col = lr__calloc(LR_COEF_COLUMN_COUNT_ * p, sizeof(double));
    if (!col)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the coefficient table");
    lr_status st = LR_OK;
    for (int c = 0; c < LR_COEF_COLUMN_COUNT_ && st == LR_OK; c++)
        st = lr_robust_coef_column(r, (lr_coef_column)c, level, col + (size_t)c * p, p);
    if (st != LR_OK) {
        free(col);
        return st;
    }
    int bad = !cJSON_AddStringToObject(obj, "type", lr_vcov_type_name(r->type));
    bad |= !cJSON_AddStringToObject(obj, "distribution", "t");
    bad |= lr__json_add_number(obj, "df", r->df) != 0;
    bad |= lr__json_add_number(obj, "level", level) != 0;
    if (r->type == LR_VCOV_NEWEY_WEST || r->type == LR_VCOV_HAC) {
        bad |= lr__json_add_number(obj, "lag", (double)r->lag) != 0;
        bad |= lr__json_add_number(obj, "bandwidth", r->bandwidth) != 0;
    }
    if (r->type == LR_VCOV_CLUSTER) {
        cJSON *cl = cJSON_AddArrayToObject(obj, "clusters");
        bad |= !cl;
        for (int d = 0; d < 3 && !bad; d++)
            if (r->nclusters[d])
                bad |= lr__json_append_number(cl, (double)r->nclusters[d]) != 0;
    }
    if (bad) {
        free(col);
        return lr__fail(LR_ERR_NOMEM, "cannot build the robust JSON table");
    }
    st = lr__json_coef_array(obj, "coefficients", m->names, m->aliased, col, p);
    free(col);
    return st;
}

lr_status lr_robust_json(const lr_model *m, const lr_robust *r, double level, char **json)
{
    lr__clear_error();
    if (!json)
        return lr__fail(LR_ERR_INVALID_ARG, "json must not be NULL");
    *json = NULL;
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return lr__fail(LR_ERR_NOMEM, "cannot build the robust JSON table");
    lr_status st = lr__robust_json(m, r, level, obj);
    if (st == LR_OK)
        st = lr__json_print(obj, 0, json);
    cJSON_Delete(obj);
    return st;
}
