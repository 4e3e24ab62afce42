/* The model handle: allocation, release, and the getters of the
 * coefficient table and fit statistics. Every statistic follows R's
 * summary.lm / logLik.lm definitions, so fixtures from R match. */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

lr_model *lr__model_alloc(size_t k, int intercept, const char *const *names)
{
    lr_model *m = calloc(1, sizeof *m);
    if (!m) {
        lr__fail(LR_ERR_NOMEM, "cannot allocate a model");
        return NULL;
    }
    m->k = k;
    m->intercept = intercept ? 1 : 0;
    m->p = k + (size_t)m->intercept;
    m->level = 0.95;
    m->names = lr__calloc(m->p, sizeof(char *));
    m->aliased = lr__calloc(m->p, 1);
    m->coef = lr__calloc(m->p, sizeof(double));
    m->vcov = lr__calloc(m->p * m->p, sizeof(double));
    if (!m->names || !m->aliased || !m->coef || !m->vcov)
        goto fail;
    for (size_t j = 0; j < m->p; j++) {
        char buf[32];
        const char *name;
        if (m->intercept && j == 0) {
            name = "(Intercept)";
        } else {
            size_t c = j - (size_t)m->intercept;
            if (names && names[c]) {
                name = names[c];
            } else {
                snprintf(buf, sizeof buf, "x%zu", c + 1);
                name = buf;
            }
        }
        if (!(m->names[j] = lr__strdup(name)))
            goto fail;
    }
    return m;
fail:
    lr_model_free(m);
    lr__fail(LR_ERR_NOMEM, "cannot allocate a model with %zu coefficients", k);
    return NULL;
}

void lr_model_free(lr_model *m)
{
    if (!m)
        return;
    if (m->names)
        for (size_t j = 0; j < m->p; j++)
            free(m->names[j]);
    free(m->names);
    free(m->aliased);
    free(m->keep);
    free(m->coef);
    free(m->vcov);
    free(m->rfac);
    free(m->rscale);
    free(m->call);
    free(m->fitted);
    free(m->resid);
    free(m->owned_data);
    free(m->owned_weights);
    if (m->persist_free)
        m->persist_free(m->persist);
    if (m->design_free)
        m->design_free(m->design);
    free(m->na_note);
    free(m);
}

void lr__model_set_vcov(lr_model *m, const double *cov_unscaled)
{
    double df = m->n_used - (double)m->rank;
    double s2 = df > 0 ? m->rss / df : NAN;
    for (size_t i = 0; i < m->p * m->p; i++)
        m->vcov[i] = s2 * cov_unscaled[i];
}

size_t lr_model_ncoef(const lr_model *m) { return m ? m->p : 0; }

const char *lr_model_coef_name(const lr_model *m, size_t j)
{
    return m && j < m->p ? m->names[j] : NULL;
}

int lr_model_coef_aliased(const lr_model *m, size_t j)
{
    return m && j < m->p ? m->aliased[j] : 0;
}

lr_status lr_model_coef_column(const lr_model *m, lr_coef_column column, double level,
                               double *out, size_t len)
{
    lr__clear_error();
    if (!m)
        return lr__fail(LR_ERR_INVALID_ARG, "model must not be NULL");
    return lr__coef_table_column(m->coef, m->vcov, m->aliased, m->p,
                                 m->n_used - (double)m->rank, column, level, out, len);
}

static const char *const stat_names[LR_STAT_COUNT_] = {
    [LR_STAT_N] = "n",
    [LR_STAT_RANK] = "rank",
    [LR_STAT_DF_MODEL] = "df_model",
    [LR_STAT_DF_RESID] = "df_resid",
    [LR_STAT_SIGMA] = "sigma",
    [LR_STAT_R_SQUARED] = "r_squared",
    [LR_STAT_ADJ_R_SQUARED] = "adj_r_squared",
    [LR_STAT_F] = "f_statistic",
    [LR_STAT_F_P_VALUE] = "f_p_value",
    [LR_STAT_LOG_LIKELIHOOD] = "log_likelihood",
    [LR_STAT_AIC] = "aic",
    [LR_STAT_BIC] = "bic",
    [LR_STAT_CONDITION_NUMBER] = "condition_number",
    [LR_STAT_RSS] = "rss",
    [LR_STAT_TSS] = "tss",
    [LR_STAT_INTERCEPT] = "intercept",
    [LR_STAT_REFINED] = "refined",
};

const char *lr_stat_name(lr_stat which)
{
    return (int)which >= 0 && which < LR_STAT_COUNT_ ? stat_names[which] : NULL;
}

/* R's logLik.lm: 0.5 * (sum(log w) - N (log(2 pi) + 1 - log N + log(sum(w r^2)))). */
static double log_likelihood(const lr_model *m)
{
    double n = m->n_used;
    return 0.5 * (m->sum_log_w - n * (log(2.0 * LR_PI) + 1.0 - log(n) + log(m->rss)));
}

double lr_model_stat(const lr_model *m, lr_stat which)
{
    if (!m)
        return NAN;
    const double n = m->n_used, rank = (double)m->rank, icpt = m->intercept;
    const double df_resid = n - rank, df_model = rank - icpt;
    switch (which) {
    case LR_STAT_N: return n;
    case LR_STAT_RANK: return rank;
    case LR_STAT_DF_MODEL: return df_model;
    case LR_STAT_DF_RESID: return df_resid;
    case LR_STAT_SIGMA: return df_resid > 0 ? sqrt(m->rss / df_resid) : NAN;
    case LR_STAT_R_SQUARED: return m->mss / (m->mss + m->rss);
    case LR_STAT_ADJ_R_SQUARED: {
        double r2 = m->mss / (m->mss + m->rss);
        return df_resid > 0 ? 1.0 - (1.0 - r2) * ((n - icpt) / df_resid) : NAN;
    }
    case LR_STAT_F:
        return df_model > 0 && df_resid > 0 ? (m->mss / df_model) / (m->rss / df_resid) : NAN;
    case LR_STAT_F_P_VALUE: {
        double f = lr_model_stat(m, LR_STAT_F);
        if (isnan(f))
            return NAN;
        return lr__f_upper(f, df_model, df_resid);
    }
    case LR_STAT_LOG_LIKELIHOOD: return log_likelihood(m);
    case LR_STAT_AIC: return -2.0 * log_likelihood(m) + 2.0 * (rank + 1.0);
    case LR_STAT_BIC: return -2.0 * log_likelihood(m) + log(n) * (rank + 1.0);
    case LR_STAT_CONDITION_NUMBER: return m->cond;
    case LR_STAT_RSS: return m->rss;
    case LR_STAT_TSS: return m->mss + m->rss;
    case LR_STAT_INTERCEPT: return icpt;
    case LR_STAT_REFINED: return m->refined;
    default: return NAN;
    }
}

lr_status lr_model_vcov(const lr_model *m, double *out, size_t len)
{
    lr__clear_error();
    if (!m || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "model and out must not be NULL");
    if (len < m->p * m->p)
        return lr__fail(LR_ERR_DIMENSION, "out holds %zu values but the covariance has %zu",
                        len, m->p * m->p);
    memcpy(out, m->vcov, m->p * m->p * sizeof(double));
    return LR_OK;
}

size_t lr_model_nobs(const lr_model *m) { return m ? m->nobs : 0; }
const double *lr_model_fitted(const lr_model *m) { return m ? m->fitted : NULL; }
const double *lr_model_residuals(const lr_model *m) { return m ? m->resid : NULL; }
