/* Effect table and the explanation of one prediction (Molnar,
 * Interpretable Machine Learning, 5.1 "effect plot" and "explain individual
 * predictions"). */
#include "../fit/model.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

lr_status lr_effect_table(const lr_model *m, double *out, size_t len)
{
    lr__clear_error();
    if (!m || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "model and out must not be NULL");
    if (len < 5 * m->k)
        return lr__fail(LR_ERR_DIMENSION, "out holds %zu values but the table has %zu", len,
                        5 * m->k);
    if (!m->has_data)
        return lr__fail(LR_ERR_NO_DATA, "the model holds no per-row data (a streamed fit); the "
                                        "effect table needs the data");
    lr__gsl_init();
    size_t n = 0;
    for (size_t i = 0; i < m->nobs; i++)
        n += lr__weight(m, i) != 0.0;
    double *e = lr__calloc(n ? n : 1, sizeof(double));
    if (!e)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu doubles", n);
    for (size_t c = 0; c < m->k; c++) {
        size_t j = c + (size_t)m->intercept;
        double *row = out + 5 * c;
        if (m->aliased[j] || n == 0) {
            for (int q = 0; q < 5; q++)
                row[q] = NAN;
            continue;
        }
        for (size_t i = 0, t = 0; i < m->nobs; i++)
            if (lr__weight(m, i) != 0.0)
                e[t++] = m->coef[j] * lr__design(m, i, j);
        gsl_sort(e, 1, n);
        row[0] = e[0];
        /* GSL's quantile_from_sorted_data is R's type 7 */
        row[1] = gsl_stats_quantile_from_sorted_data(e, 1, n, 0.25);
        row[2] = gsl_stats_quantile_from_sorted_data(e, 1, n, 0.5);
        row[3] = gsl_stats_quantile_from_sorted_data(e, 1, n, 0.75);
        row[4] = e[n - 1];
    }
    free(e);
    return LR_OK;
}

lr_status lr_explain_prediction(const lr_model *m, const double *x, size_t k, double *contrib,
                                double *mean_prediction, double *prediction)
{
    lr__clear_error();
    if (!m || !x || !contrib)
        return lr__fail(LR_ERR_INVALID_ARG, "model, x and contrib must not be NULL");
    if (k != m->k)
        return lr__fail(LR_ERR_DIMENSION, "x has %zu values but the model has %zu predictors", k,
                        m->k);
    if (!m->has_data)
        return lr__fail(LR_ERR_NO_DATA, "the model holds no per-row data (a streamed fit); the "
                                        "explanation needs the feature means");
    for (size_t c = 0; c < k; c++)
        if (!isfinite(x[c]) && !m->aliased[c + (size_t)m->intercept])
            return lr__fail(LR_ERR_NONFINITE, "the value of '%s' is not finite",
                            m->names[c + (size_t)m->intercept]);
    double b0 = m->intercept ? m->coef[0] : 0.0, mp = b0, pr = b0;
    for (size_t c = 0; c < k; c++) {
        size_t j = c + (size_t)m->intercept;
        if (m->aliased[j]) {
            contrib[c] = 0.0;
            continue;
        }
        double sw = 0.0, s = 0.0;
        for (size_t i = 0; i < m->nobs; i++) {
            double w = lr__weight(m, i);
            if (w == 0.0)
                continue;
            sw += w;
            s += w * lr__design(m, i, j);
        }
        double mean = s / sw;
        contrib[c] = m->coef[j] * (x[c] - mean);
        mp += m->coef[j] * mean;
        pr += m->coef[j] * x[c];
    }
    if (mean_prediction)
        *mean_prediction = mp;
    if (prediction)
        *prediction = pr;
    return LR_OK;
}
