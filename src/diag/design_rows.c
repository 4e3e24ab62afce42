/* Packing row blocks of the weighted, non-aliased design (see design_rows.h). */
#include "design_rows.h"

#include <math.h>

void lr__pack_rows(const lr_model *m, size_t first, size_t count, int scaled, double *out,
                   double *sw)
{
    const size_t r = m->rank;
    const int icpt = m->intercept;
    for (size_t b = 0; b < count; b++) {
        const size_t i = first + b;
        double *col = out + b * r;
        const double w = lr__weight(m, i);
        if (w == 0.0) {
            sw[b] = 0.0;
            for (size_t a = 0; a < r; a++)
                col[a] = 0.0;
            continue;
        }
        const double s = m->w.data ? sqrt(w) : 1.0;
        sw[b] = s;
        const double *xi = m->X.data ? m->X.data + (ptrdiff_t)i * m->X.row_stride : NULL;
        for (size_t a = 0; a < r; a++) {
            const size_t j = m->keep[a];
            double v = icpt && j == 0 ? 1.0 : xi[(ptrdiff_t)(j - (size_t)icpt) * m->X.col_stride];
            col[a] = scaled ? s * v * m->rscale[a] : s * v;
        }
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
