/* Packing row blocks of the weighted, non-aliased design (see design_rows.h). */
#include "design_rows.h"

#include <math.h>

void lr__pack_rows(const lr_model *m, size_t first, size_t count, int scaled, double *out,
                   double *sw)
{
    const size_t r = m->rank;
    const int icpt = m->intercept;
    if (m->w.data) {
        for (size_t b = 0; b < count; b++) {
            const double w = lr__vec(&m->w, first + b);
            sw[b] = w == 0.0 ? 0.0 : sqrt(w);
        }
    } else {
        for (size_t b = 0; b < count; b++)
            sw[b] = 1.0;
    }
    /* column by column: each column of the block is a short strided read of
     * X and every factor s_i * scale_a is a power-of-two rescaling of
     * sqrt(w_i), so the values equal the fit's sqrt(w_i) * x_ij * scale_a */
    for (size_t a = 0; a < r; a++) {
        const size_t j = m->keep[a];
        const double sc = scaled ? m->rscale[a] : 1.0;
        double *o = out + a;
        if (icpt && j == 0) {
            for (size_t b = 0; b < count; b++)
                o[b * r] = sw[b] * sc;
            continue;
        }
        const ptrdiff_t rs = m->X.row_stride;
        const double *x = m->X.data + (ptrdiff_t)(j - (size_t)icpt) * m->X.col_stride +
                          (ptrdiff_t)first * rs;
        for (size_t b = 0; b < count; b++)
            o[b * r] = sw[b] * sc * x[(ptrdiff_t)b * rs];
    }
}

lr_status lr__require_rows(const lr_model *m, const char *what)
{
    if (!m->has_data || !m->fitted || !m->resid || m->nobs == 0)
        return lr__fail(LR_ERR_NO_DATA,
                        "cannot compute the %s: the model holds no rows "
                        "(a streamed fit keeps only its factor)",
                        what);
    return LR_OK;
}

lr_status lr__require_residuals(const lr_model *m, const char *what)
{
    if (!(m->rss > 1e-26 * (m->mss + m->rss)))
        return lr__fail(LR_ERR_UNDEFINED,
                        "the %s is undefined: the model fits the data exactly (residual sum of "
                        "squares %g is rounding noise)",
                        what, m->rss);
    return LR_OK;
}
