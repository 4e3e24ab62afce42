/* Standardized coefficients (beta weights) and the weight table ordered
 * by |t| (Molnar, Interpretable Machine Learning, 5.1 "weight plot"). */
#include "../fit/model.h"

#include <math.h>
#include <stdlib.h>

/* Weighted standard deviation of f(i) over the rows of non-zero weight;
 * divided by the sum of weights (the divisor cancels in the ratios). */
static double wsd(const lr_model *m, size_t col, int is_y)
{
    double sw = 0.0, s = 0.0, ss = 0.0;
    for (size_t i = 0; i < m->nobs; i++) {
        double w = lr__weight(m, i);
        if (w == 0.0)
            continue;
        sw += w;
        s += w * (is_y ? lr__vec(&m->y, i) : lr__design(m, i, col));
    }
    double mean = s / sw;
    for (size_t i = 0; i < m->nobs; i++) {
        double w = lr__weight(m, i);
        if (w == 0.0)
            continue;
        double d = (is_y ? lr__vec(&m->y, i) : lr__design(m, i, col)) - mean;
        ss += w * d * d;
    }
    return sqrt(ss / sw);
}

lr_status lr_standardized_coef(const lr_model *m, double *out, size_t len)
{
    lr__clear_error();
    if (!m || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "model and out must not be NULL");
    if (len < m->p)
        return lr__fail(LR_ERR_DIMENSION, "out holds %zu values but the model has %zu coefficients",
                        len, m->p);
    if (!m->has_data)
        return lr__fail(LR_ERR_NO_DATA, "the model holds no per-row data (a streamed fit); "
                                        "standardized coefficients need the standard deviations");
    const double sdy = wsd(m, 0, 1);
    for (size_t j = 0; j < m->p; j++)
        out[j] = m->aliased[j] || (m->intercept && j == 0) ? NAN : m->coef[j] * wsd(m, j, 0) / sdy;
    return LR_OK;
}

lr_status lr_coef_order_by_t(const lr_model *m, size_t *order, size_t len)
{
    lr__clear_error();
    if (!m || !order)
        return lr__fail(LR_ERR_INVALID_ARG, "model and order must not be NULL");
    if (len < m->p)
        return lr__fail(LR_ERR_DIMENSION, "order holds %zu values but the model has %zu "
                                          "coefficients",
                        len, m->p);
    double *key = lr__calloc(m->p, sizeof(double));
    if (!key)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu doubles", m->p);
    for (size_t j = 0; j < m->p; j++) {
        double t = fabs(m->coef[j] / sqrt(m->vcov[j * m->p + j]));
        key[j] = m->aliased[j] ? -2.0 : isnan(t) ? -1.0 : t;
        order[j] = j;
    }
    /* stable insertion sort, descending key (p is small) */
    for (size_t i = 1; i < m->p; i++) {
        size_t v = order[i], q = i;
        while (q > 0 && key[order[q - 1]] < key[v]) {
            order[q] = order[q - 1];
            q--;
        }
        order[q] = v;
    }
    free(key);
    return LR_OK;
}

lr_status lr_weight_table_text(const lr_model *m, double level, char **text)
{
    lr__clear_error();
    if (!m || !text)
        return lr__fail(LR_ERR_INVALID_ARG, "model and text must not be NULL");
    *text = NULL;
    if (!(level > 0 && level < 1))
        return lr__fail(LR_ERR_INVALID_ARG, "confidence level %g is not inside (0, 1)", level);
    const size_t p = m->p;
    double *col = lr__calloc(7 * p, sizeof(double));
    size_t *order = lr__calloc(p, sizeof(size_t));
    if (!col || !order) {
        free(col);
        free(order);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the weight table");
    }
    lr_status st = LR_OK;
    for (int c = 0; c < LR_COEF_COLUMN_COUNT_ && st == LR_OK; c++)
        st = lr_model_coef_column(m, (lr_coef_column)c, level, col + (size_t)c * p, p);
    if (st == LR_OK && m->has_data)
        st = lr_standardized_coef(m, col + 6 * p, p);
    else
        for (size_t j = 0; j < p; j++)
            col[6 * p + j] = NAN;
    if (st == LR_OK)
        st = lr_coef_order_by_t(m, order, p);
    if (st != LR_OK) {
        free(col);
        free(order);
        return st;
    }
    lr_strbuf sb = {0};
    size_t width = 11;
    for (size_t j = 0; j < p; j++) {
        size_t l = 0;
        while (m->names[j][l])
            l++;
        if (l > width)
            width = l;
    }
    lr__sb_append(&sb, "Weights ordered by |t| (%.10g%% confidence intervals)\n", 100.0 * level);
    lr__sb_append(&sb, "%-*s %12s %12s %8s %12s %12s %9s\n", (int)width, "", "Estimate",
                  "Std. Error", "t value", "CI low", "CI high", "Std. beta");
    for (size_t r = 0; r < p; r++) {
        size_t j = order[r];
        if (m->aliased[j]) {
            lr__sb_append(&sb, "%-*s %12s (aliased)\n", (int)width, m->names[j], "NA");
            continue;
        }
        lr__sb_append(&sb, "%-*s %12.5g %12.5g %8.3f %12.5g %12.5g", (int)width, m->names[j],
                      col[j], col[p + j], col[2 * p + j], col[4 * p + j], col[5 * p + j]);
        if (isnan(col[6 * p + j]))
            lr__sb_append(&sb, " %9s\n", "");
        else
            lr__sb_append(&sb, " %9.4f\n", col[6 * p + j]);
    }
    free(col);
    free(order);
    if (sb.failed) {
        lr__sb_free(&sb);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the weight table");
    }
    *text = sb.data;
    return LR_OK;
}
