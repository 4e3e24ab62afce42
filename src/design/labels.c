/* Labels of the coefficients of a formula design for plain-language
 * output: a dummy column of a treatment-coded factor is "level rather than
 * reference" (R's default contrasts: levels[0] is the reference). */
#include "design_internal.h"

#include <string.h>

lr_status lr_design_coef_labels(const lr_design *d, lr_coef_label *out, size_t len)
{
    lr__clear_error();
    if (!d || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "design and out must not be NULL");
    const size_t icpt = d->intercept ? 1 : 0, p = d->k + icpt;
    if (len < p)
        return lr__fail(LR_ERR_DIMENSION, "out holds %zu labels but the design has %zu coefficients",
                        len, p);
    memset(out, 0, p * sizeof *out);
    for (size_t c = 0; c < d->k; c++) {
        lr_coef_label *l = &out[c + icpt];
        const dterm *T = &d->terms[d->colterm[c]];
        l->term = T->label;
        if (T->nvars != 1)
            continue;
        const dvar *v = &d->vars[T->vars[0]];
        if (v->kind != VAR_FACTOR)
            continue;
        size_t level = c - T->first_col + (T->full[0] ? 0 : 1);
        if (level >= v->nlevels)
            continue;
        l->level = v->levels[level];
        if (!T->full[0])
            l->reference = v->levels[0];
    }
    return LR_OK;
}
