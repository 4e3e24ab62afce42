/* Feasible weighted least squares for a variance of the form
 * Var(e_i) = sigma^2 exp(x_i' g) (Wooldridge, Introductory Econometrics,
 * section 8.4): regress log(e_i^2) on the model's predictors, weight each
 * row by 1 / exp(fitted value), refit by weighted least squares. Both new
 * models keep their own copy of the data. */
#include "robust_internal.h"

#include <math.h>
#include <stdlib.h>

lr_status lr_fwls(const lr_model *m, lr_model **wls, lr_model **aux)
{
    lr__clear_error();
    if (wls)
        *wls = NULL;
    if (aux)
        *aux = NULL;
    if (!m || !wls)
        return lr__fail(LR_ERR_INVALID_ARG, "model and wls must not be NULL");
    if (!m->has_data || !m->resid)
        return lr__fail(LR_ERR_NO_DATA, "the model holds no per-row data (a streamed fit); "
                                        "feasible WLS refits the data");
    if (m->w.data)
        return lr__fail(LR_ERR_UNSUPPORTED,
                        "feasible WLS starts from an unweighted fit; this model is weighted");
    const size_t n = m->nobs;
    for (size_t i = 0; i < n; i++)
        if (m->resid[i] == 0.0)
            return lr__fail(LR_ERR_UNDEFINED,
                            "the residual at row %zu is exactly zero, so log(e^2) is undefined",
                            i + 1);
    double *le2 = lr__calloc(n, sizeof(double));
    double *wt = lr__calloc(n, sizeof(double));
    lr_model *a = NULL, *w = NULL;
    lr_status st = LR_OK;
    if (!le2 || !wt) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate %zu rows", n);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        le2[i] = log(m->resid[i] * m->resid[i]);
    const char *const *names = (const char *const *)m->names + m->intercept;
    lr_options o;
    lr_options_init(&o);
    o.intercept = m->intercept;
    o.level = m->level;
    o.x_lo = m->X_lo;
    o.copy_data = 1;
    o.call = "lm(log(e^2) ~ X): variance function of feasible WLS";
    lr_vector lv = lr_vector_of(le2, n);
    if ((st = lr_fit(&m->X, &lv, names, &o, &a)) != LR_OK) {
        lr__error_context("feasible WLS, regression of log(e^2): ");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        wt[i] = 1.0 / exp(a->fitted[i]);
        if (!isfinite(wt[i]) || wt[i] == 0.0) {
            st = lr__fail(LR_ERR_UNDEFINED,
                          "the feasible WLS weight of row %zu is %g (fitted log variance %g)",
                          i + 1, wt[i], a->fitted[i]);
            goto done;
        }
    }
    o.weights = lr_vector_of(wt, n);
    o.call = "lm(y ~ X, weights = 1 / exp(fitted(lm(log(e^2) ~ X)))): feasible WLS";
    if ((st = lr_fit(&m->X, &m->y, names, &o, &w)) != LR_OK) {
        lr__error_context("feasible WLS, weighted refit: ");
        goto done;
    }
    *wls = w;
    w = NULL;
    if (aux) {
        *aux = a;
        a = NULL;
    }
done:
    lr_model_free(a);
    lr_model_free(w);
    free(le2);
    free(wt);
    return st;
}
