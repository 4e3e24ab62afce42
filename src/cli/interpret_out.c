/* The interpretation pack in the CLI's check output: the weight table
 * ordered by |t| with standardized coefficients, the effect table, one
 * sentence per coefficient, and one prediction explained feature by
 * feature; as text and as the "interpretation" JSON object. */
#include "../io/json_util.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t p, k, icpt;
    double *std, *effects, *contrib;
    double mean_pred, pred;
    size_t row; /* 1-based data row explained, 0 when none */
    char *weights, *sentences;
} interp;

static void interp_free(interp *it)
{
    free(it->std);
    free(it->effects);
    free(it->contrib);
    lr_free(it->weights);
    lr_free(it->sentences);
}

/* Model row of 1-based data row `row`, or (size_t)-1 when it was dropped. */
static size_t model_row(const lr_model *m, size_t row)
{
    const lr_design *d = lr_model_design(m);
    const size_t *rows = d ? lr_design_rows(d) : NULL;
    const size_t n = lr_model_nobs(m);
    if (!rows)
        return row - 1 < n ? row - 1 : (size_t)-1;
    for (size_t i = 0; i < n; i++)
        if (rows[i] == row - 1)
            return i;
    return (size_t)-1;
}

static int interp_build(const lr_model *m, const lr_coef_label *labels, const char *response,
                        double level, size_t explain_row, interp *it)
{
    memset(it, 0, sizeof *it);
    it->p = lr_model_ncoef(m);
    it->icpt = (size_t)lr_model_stat(m, LR_STAT_INTERCEPT);
    it->k = it->p - it->icpt;
    it->std = calloc(it->p + 1, sizeof *it->std);
    it->effects = calloc(5 * it->k + 1, sizeof *it->effects);
    it->contrib = calloc(it->k + 1, sizeof *it->contrib);
    if (!it->std || !it->effects || !it->contrib)
        return cli_usage_error("out of memory");
    lr_status st = lr_standardized_coef(m, it->std, it->p);
    if (st == LR_OK)
        st = lr_effect_table(m, it->effects, 5 * it->k);
    if (st == LR_OK)
        st = lr_weight_table_text(m, level, &it->weights);
    if (st == LR_OK)
        st = lr_coef_sentences(m, response, labels, level, &it->sentences);
    if (st != LR_OK)
        return cli_fail(st, "interpretation");
    if (explain_row) {
        const lr_design *d = lr_model_design(m);
        size_t i = model_row(m, explain_row);
        if (i == (size_t)-1)
            return cli_usage_error("--explain-row %zu: that row is not in the data the model "
                                   "used (dropped for a missing value, or beyond the last row)",
                                   explain_row);
        double *x = calloc(it->k + 1, sizeof *x);
        if (!x)
            return cli_usage_error("out of memory");
        lr_matrix X = d ? lr_design_x(d) : (lr_matrix){NULL, 0, 0, 0, 0};
        for (size_t j = 0; j < it->k && X.data; j++)
            x[j] = X.data[(ptrdiff_t)i * X.row_stride + (ptrdiff_t)j * X.col_stride];
        st = X.data ? lr_explain_prediction(m, x, it->k, it->contrib, &it->mean_pred, &it->pred)
                    : LR_ERR_NO_DATA;
        free(x);
        if (st != LR_OK)
            return cli_fail(st, "--explain-row");
        it->row = explain_row;
    }
    return CLI_OK;
}

int cli_print_interpretation(const lr_model *m, const lr_coef_label *labels, const char *response,
                             double level, size_t explain_row)
{
    interp it;
    int rc = interp_build(m, labels, response, level, explain_row, &it);
    if (rc == CLI_OK) {
        printf("\n== Interpretation ==\n%s\n", it.weights);
        printf("Effect of each feature over the data (weight x value; min, quartiles, max):\n");
        printf("%-22s %12s %12s %12s %12s %12s\n", "", "min", "Q1", "median", "Q3", "max");
        for (size_t j = 0; j < it.k; j++) {
            printf("%-22s", lr_model_coef_name(m, j + it.icpt));
            for (int q = 0; q < 5; q++)
                printf(" %12.5g", it.effects[j * 5 + (size_t)q]);
            printf("\n");
        }
        printf("\nIn words:\n%s", it.sentences);
        if (it.row) {
            printf("\nExplaining row %zu: prediction = prediction at the means + contributions\n",
                   it.row);
            printf("  %-22s %14.6g\n", "at the means", it.mean_pred);
            for (size_t j = 0; j < it.k; j++)
                printf("  %-22s %+14.6g\n", lr_model_coef_name(m, j + it.icpt), it.contrib[j]);
            printf("  %-22s %14.6g\n", "prediction", it.pred);
        }
    }
    interp_free(&it);
    return rc;
}

int cli_add_interpretation(cJSON *root, const lr_model *m, const lr_coef_label *labels,
                           const char *response, double level, size_t explain_row)
{
    interp it;
    int rc = interp_build(m, labels, response, level, explain_row, &it);
    cJSON *o = rc == CLI_OK ? cJSON_AddObjectToObject(root, "interpretation") : NULL;
    int bad = rc == CLI_OK && !o;
    static const char *const qk[5] = {"min", "q1", "median", "q3", "max"};
    cJSON *std = o ? cJSON_AddObjectToObject(o, "standardized") : NULL;
    cJSON *ord = o ? cJSON_AddArrayToObject(o, "order_by_t") : NULL;
    cJSON *eff = o ? cJSON_AddObjectToObject(o, "effects") : NULL;
    cJSON *sen = o ? cJSON_AddArrayToObject(o, "sentences") : NULL;
    bad |= o && (!std || !ord || !eff || !sen);
    size_t *order = o ? calloc(it.p + 1, sizeof *order) : NULL;
    if (o && !bad && order && lr_coef_order_by_t(m, order, it.p) == LR_OK) {
        for (size_t j = 0; j < it.p && !bad; j++)
            bad |= !cJSON_AddItemToArray(ord, cJSON_CreateString(lr_model_coef_name(m, order[j])));
    }
    for (size_t j = 0; o && !bad && j < it.p; j++)
        bad |= lr__json_add_number(std, lr_model_coef_name(m, j), it.std[j]) != 0;
    for (size_t j = 0; o && !bad && j < it.k; j++) {
        cJSON *e = cJSON_AddObjectToObject(eff, lr_model_coef_name(m, j + it.icpt));
        bad |= !e;
        for (int q = 0; q < 5 && !bad; q++)
            bad |= lr__json_add_number(e, qk[q], it.effects[j * 5 + (size_t)q]) != 0;
    }
    for (char *line = o && !bad ? it.sentences : NULL; line && *line && !bad;) {
        char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char *s = malloc(len + 1);
        bad |= !s;
        if (s) {
            memcpy(s, line, len);
            s[len] = '\0';
            bad |= !cJSON_AddItemToArray(sen, cJSON_CreateString(s));
            free(s);
        }
        line = nl ? nl + 1 : NULL;
    }
    if (o && !bad && it.row) {
        cJSON *ex = cJSON_AddObjectToObject(o, "explain");
        cJSON *ct = ex ? cJSON_AddObjectToObject(ex, "contributions") : NULL;
        bad |= !ex || !ct;
        bad |= !bad && lr__json_add_number(ex, "row", (double)it.row) != 0;
        bad |= !bad && lr__json_add_number(ex, "mean_prediction", it.mean_pred) != 0;
        bad |= !bad && lr__json_add_number(ex, "prediction", it.pred) != 0;
        for (size_t j = 0; !bad && j < it.k; j++)
            bad |= lr__json_add_number(ct, lr_model_coef_name(m, j + it.icpt), it.contrib[j]) != 0;
    }
    free(order);
    interp_free(&it);
    if (rc == CLI_OK && bad)
        rc = cli_usage_error("out of memory building the interpretation");
    return rc;
}
