/* The fit as JSON: the "coefficients" and "fit" sections shared by the
 * CLI's --format json and the persisted model document. */
#include "../fit/model.h"
#include "json_util.h"
#include "../design/design_json.h"

#include <math.h>
#include <stdlib.h>

static const lr_stat fit_stats[] = {
    LR_STAT_N, LR_STAT_RANK, LR_STAT_DF_MODEL, LR_STAT_DF_RESID, LR_STAT_SIGMA,
    LR_STAT_R_SQUARED, LR_STAT_ADJ_R_SQUARED, LR_STAT_F, LR_STAT_F_P_VALUE,
    LR_STAT_LOG_LIKELIHOOD, LR_STAT_AIC, LR_STAT_BIC, LR_STAT_CONDITION_NUMBER,
};

lr_status lr__results_to_json(const lr_model *m, double level, cJSON *obj)
{
    const size_t p = m->p;
    double *col = lr__calloc(LR_COEF_COLUMN_COUNT_ * p, sizeof(double));
    if (!col)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the coefficient table");
    lr_status st = LR_OK;
    for (int c = 0; c < LR_COEF_COLUMN_COUNT_ && st == LR_OK; c++)
        st = lr_model_coef_column(m, (lr_coef_column)c, level, col + (size_t)c * p, p);
    if (st != LR_OK) {
        free(col);
        return st;
    }
    st = lr__json_coef_array(obj, "coefficients", m->names, m->aliased, col, p);
    free(col);
    if (st != LR_OK)
        return st;
    int bad = 0;
    cJSON *fit = cJSON_AddObjectToObject(obj, "fit");
    bad |= !fit;
    for (size_t i = 0; i < sizeof fit_stats / sizeof fit_stats[0] && !bad; i++)
        bad |= lr__json_add_number(fit, lr_stat_name(fit_stats[i]),
                                   lr_model_stat(m, fit_stats[i])) != 0;
    return bad ? lr__fail(LR_ERR_NOMEM, "cannot build the JSON results") : LR_OK;
}

lr_status lr_model_results_json(const lr_model *m, double level, char **json)
{
    lr__clear_error();
    if (!m || !json)
        return lr__fail(LR_ERR_INVALID_ARG, "model and json must not be NULL");
    *json = NULL;
    if (!(level > 0 && level < 1))
        return lr__fail(LR_ERR_INVALID_ARG, "confidence level %g is not inside (0, 1)", level);
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return lr__fail(LR_ERR_NOMEM, "cannot build the JSON results");
    lr_status st = lr__results_to_json(m, level, obj);
    /* a formula fit adds its "formula" and "data" sections (a model loaded
     * from a document keeps its formula but not its data) */
    if (st == LR_OK && m->design && lr_design_nrows_data(m->design) > 0)
        st = lr__design_results_json(m->design, obj);
    if (st == LR_OK)
        st = lr__json_print(obj, 0, json);
    cJSON_Delete(obj);
    return st;
}
