/* One plain sentence per coefficient, in the user's words:
 * "Holding the other features fixed, one more bathroom is associated with
 * a price higher by 14,336 (95% CI 11,409 to 17,262)." */
#include "../fit/model.h"

#include <math.h>
#include <stdlib.h>

lr_status lr_coef_sentences(const lr_model *m, const char *response, const lr_coef_label *labels,
                            double level, char **text)
{
    lr__clear_error();
    if (!m || !text)
        return lr__fail(LR_ERR_INVALID_ARG, "model and text must not be NULL");
    *text = NULL;
    if (!(level > 0 && level < 1))
        return lr__fail(LR_ERR_INVALID_ARG, "confidence level %g is not inside (0, 1)", level);
    const size_t p = m->p;
    double *col = lr__calloc(3 * p, sizeof(double));
    if (!col)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu doubles", 3 * p);
    lr_status st = lr_model_coef_column(m, LR_COEF_ESTIMATE, level, col, p);
    if (st == LR_OK)
        st = lr_model_coef_column(m, LR_COEF_CI_LOW, level, col + p, p);
    if (st == LR_OK)
        st = lr_model_coef_column(m, LR_COEF_CI_HIGH, level, col + 2 * p, p);
    if (st != LR_OK) {
        free(col);
        return st;
    }
    lr_strbuf sb = {0};
    for (size_t j = 0; j < p; j++) {
        if (m->aliased[j] || (m->intercept && j == 0))
            continue;
        const lr_coef_label *lb = labels ? &labels[j] : NULL;
        double b = col[j], lo = col[p + j], hi = col[2 * p + j];
        int dec = b == 0.0 ? 4 : 4 - (int)floor(log10(fabs(b)));
        if (dec < 0)
            dec = 0;
        int neg = b < 0;
        char sb_b[64], sb_lo[64], sb_hi[64];
        lr_format_grouped(sb_b, sizeof sb_b, fabs(b), 5, dec);
        lr_format_grouped(sb_lo, sizeof sb_lo, neg ? -hi : lo, 5, dec);
        lr_format_grouped(sb_hi, sizeof sb_hi, neg ? -lo : hi, 5, dec);
        lr__sb_puts(&sb, "Holding the other features fixed, ");
        if (lb && lb->level) {
            if (lb->term)
                lr__sb_append(&sb, "%s ", lb->term);
            lr__sb_append(&sb, "%s rather than %s", lb->level,
                          lb->reference ? lb->reference : "the reference level");
        } else if (lb && lb->unit) {
            lr__sb_append(&sb, "one more %s", lb->unit);
        } else {
            lr__sb_append(&sb, "one unit more of %s", m->names[j]);
        }
        lr__sb_append(&sb, " is associated with a %s %s by %s (%.10g%% CI %s to %s).",
                      response ? response : "response", neg ? "lower" : "higher", sb_b,
                      100.0 * level, sb_lo, sb_hi);
        if (lo < 0 && hi > 0)
            lr__sb_puts(&sb, " The interval includes zero, so even the direction of this "
                             "association is uncertain.");
        lr__sb_puts(&sb, "\n");
    }
    free(col);
    if (sb.failed) {
        lr__sb_free(&sb);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the sentences");
    }
    if (!sb.data && !(sb.data = lr__strdup("")))
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the sentences");
    *text = sb.data;
    return LR_OK;
}
