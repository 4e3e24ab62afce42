/* Prediction with confidence and prediction intervals, as R's predict.lm:
 * se.fit = sigma ||R^-T x|| with R the triangular factor of the weighted
 * design, and a new observation adds sigma^2 (weight 1). Going through R
 * rather than the quadratic form x' V x matters: with a column far from
 * zero (mean 1e6, sd 1) the rounding of V alone costs five digits of
 * se.fit. The point prediction is accumulated in double-double. */
#include "ddouble.h"
#include "model.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>

/* x' (X'WX)^-1 x for the non-aliased entries of row i of Xnew, through
 * the scaled factor (z = Rs^-T D x, result ||z||^2), or through the stored
 * covariance divided by sigma^2 when the model has no factor. z has rank
 * elements of scratch. */
static double leverage_form(const lr_model *m, const lr_matrix *Xnew, size_t i, double *z)
{
    const size_t r = m->rank;
    for (size_t a = 0; a < r; a++) {
        size_t j = m->keep[a];
        double x = m->intercept && j == 0 ? 1.0 : lr__mat(Xnew, i, j - (size_t)m->intercept);
        z[a] = x * (m->rfac ? m->rscale[a] : 1.0);
    }
    if (m->rfac) {
        cblas_dtrsv(CblasColMajor, CblasUpper, CblasTrans, CblasNonUnit, (int)r, m->rfac, (int)r,
                    z, 1);
        lr_dd s = lr_dd_from(0.0);
        for (size_t a = 0; a < r; a++)
            s = lr_dd_add(s, lr_dd_two_prod(z[a], z[a]));
        return s.hi;
    }
    const double df = m->n_used - (double)r, s2 = m->rss / df;
    lr_dd s = lr_dd_from(0.0);
    for (size_t a = 0; a < r; a++)
        for (size_t b = 0; b < r; b++)
            s = lr_dd_add(s, lr_dd_mul_d(lr_dd_two_prod(z[a], m->vcov[m->keep[a] * m->p + m->keep[b]]),
                                         z[b]));
    return s.hi / s2;
}

lr_status lr_predict(const lr_model *m, const lr_matrix *Xnew, lr_interval interval,
                     double level, double *fit, double *se_fit, double *lower, double *upper)
{
    lr__clear_error();
    if (!m || !Xnew || !fit)
        return lr__fail(LR_ERR_INVALID_ARG, "model, Xnew and fit must not be NULL");
    if (Xnew->cols != m->k)
        return lr__fail(LR_ERR_DIMENSION, "Xnew has %zu columns but the model was fitted on %zu",
                        Xnew->cols, m->k);
    if (Xnew->rows > 0 && m->k > 0 && !Xnew->data)
        return lr__fail(LR_ERR_INVALID_ARG, "Xnew->data is NULL");
    if ((int)interval < 0 || interval > LR_INTERVAL_PREDICTION)
        return lr__fail(LR_ERR_INVALID_ARG, "unknown interval kind %d", (int)interval);
    if (interval != LR_INTERVAL_NONE) {
        if (!lower || !upper)
            return lr__fail(LR_ERR_INVALID_ARG, "lower and upper must not be NULL for an interval");
        if (!(level > 0 && level < 1))
            return lr__fail(LR_ERR_INVALID_ARG, "confidence level %g is not inside (0, 1)", level);
    }
    for (size_t i = 0; i < Xnew->rows; i++)
        for (size_t j = 0; j < m->k; j++) {
            double v = lr__mat(Xnew, i, j);
            if (!isfinite(v) && !m->aliased[j + (size_t)m->intercept])
                return lr__fail(LR_ERR_NONFINITE, "new data column '%s' has %s at row %zu",
                                m->names[j + (size_t)m->intercept], isnan(v) ? "NaN" : "Inf",
                                i + 1);
        }
    const double df = m->n_used - (double)m->rank;
    const double sigma2 = df > 0 ? m->rss / df : NAN;
    const double q = interval != LR_INTERVAL_NONE ? lr__t_quantile(level, df) : NAN;
    double *z = lr__calloc(m->rank, sizeof(double));
    if (!z)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu doubles", m->rank);
    for (size_t i = 0; i < Xnew->rows; i++) {
        lr_dd f = lr_dd_from(0.0);
        for (size_t a = 0; a < m->rank; a++) {
            size_t j = m->keep[a];
            double x = m->intercept && j == 0 ? 1.0 : lr__mat(Xnew, i, j - (size_t)m->intercept);
            f = lr_dd_add(f, lr_dd_two_prod(x, m->coef[j]));
        }
        double h = leverage_form(m, Xnew, i, z);
        double se = sqrt(sigma2 * h);
        fit[i] = f.hi;
        if (se_fit)
            se_fit[i] = se;
        if (interval == LR_INTERVAL_CONFIDENCE) {
            lower[i] = f.hi - q * se;
            upper[i] = f.hi + q * se;
        } else if (interval == LR_INTERVAL_PREDICTION) {
            double half = q * sqrt(sigma2 * (h + 1.0));
            lower[i] = f.hi - half;
            upper[i] = f.hi + half;
        }
    }
    free(z);
    return LR_OK;
}
