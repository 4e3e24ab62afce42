/* Prediction with confidence and prediction intervals, as R's predict.lm:
 * se.fit^2 = x' V x with V the covariance of the estimates, and a new
 * observation adds sigma^2 (weight 1). The quadratic form uses only the
 * persisted covariance, so a model loaded from its JSON document predicts
 * the same intervals bit for bit; it is accumulated in double-double. */
#include "ddouble.h"
#include "model.h"

#include <math.h>

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
    const size_t p = m->p;
    for (size_t i = 0; i < Xnew->rows; i++) {
        lr_dd f = lr_dd_from(0.0), var = lr_dd_from(0.0);
        for (size_t a = 0; a < m->rank; a++) {
            size_t ja = m->keep[a];
            double xa = m->intercept && ja == 0 ? 1.0 : lr__mat(Xnew, i, ja - (size_t)m->intercept);
            f = lr_dd_add(f, lr_dd_two_prod(xa, m->coef[ja]));
            for (size_t b = 0; b < m->rank; b++) {
                size_t jb = m->keep[b];
                double xb =
                    m->intercept && jb == 0 ? 1.0 : lr__mat(Xnew, i, jb - (size_t)m->intercept);
                var = lr_dd_add(var, lr_dd_mul_d(lr_dd_two_prod(xa, m->vcov[ja * p + jb]), xb));
            }
        }
        double se = sqrt(var.hi);
        fit[i] = f.hi;
        if (se_fit)
            se_fit[i] = se;
        if (interval == LR_INTERVAL_CONFIDENCE) {
            lower[i] = f.hi - q * se;
            upper[i] = f.hi + q * se;
        } else if (interval == LR_INTERVAL_PREDICTION) {
            double half = q * sqrt(var.hi + sigma2);
            lower[i] = f.hi - half;
            upper[i] = f.hi + half;
        }
    }
    return LR_OK;
}
