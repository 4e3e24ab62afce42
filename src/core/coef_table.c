/* One column of a coefficient table (estimate, standard error, t, p,
 * confidence limits) from estimates and their covariance, shared by the
 * classical table of a model and the robust tables. The test is Student's
 * t with df degrees of freedom, as R's summary.lm and lmtest::coeftest. */
#include "internal.h"

#include <math.h>

lr_status lr__coef_table_column(const double *coef, const double *vcov,
                                const unsigned char *aliased, size_t p, double df,
                                lr_coef_column column, double level, double *out, size_t len)
{
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "out must not be NULL");
    if (len < p)
        return lr__fail(LR_ERR_DIMENSION, "out holds %zu values but there are %zu coefficients",
                        len, p);
    if ((int)column < 0 || column >= LR_COEF_COLUMN_COUNT_)
        return lr__fail(LR_ERR_INVALID_ARG, "unknown coefficient column %d", (int)column);
    const int ci = column == LR_COEF_CI_LOW || column == LR_COEF_CI_HIGH;
    if (ci && !(level > 0 && level < 1))
        return lr__fail(LR_ERR_INVALID_ARG, "confidence level %g is not inside (0, 1)", level);
    const double q = ci ? lr__t_quantile(level, df) : NAN;
    for (size_t j = 0; j < p; j++) {
        const double est = coef[j], se = sqrt(vcov[j * p + j]);
        double v = NAN;
        if (aliased[j]) {
            out[j] = NAN;
            continue;
        }
        switch (column) {
        case LR_COEF_ESTIMATE: v = est; break;
        case LR_COEF_STD_ERROR: v = se; break;
        case LR_COEF_T_VALUE: v = est / se; break;
        case LR_COEF_P_VALUE: v = lr__t_two_sided_p(est / se, df); break;
        case LR_COEF_CI_LOW: v = est - q * se; break;
        case LR_COEF_CI_HIGH: v = est + q * se; break;
        default: break;
        }
        out[j] = v;
    }
    return LR_OK;
}
