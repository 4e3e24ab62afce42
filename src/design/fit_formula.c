/* Fits from a frame and a formula (R's lm(formula, data)), the design
 * kept by the model, padding to the data's rows (na.exclude) and
 * prediction for new data frames. */
#include "../fit/model.h"
#include "design_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void free_design(struct lr_design *d) { lr_design_free(d); }

/* "  (3 observations deleted due to missingness; missing: a 2, b 1)" */
static char *na_note(const lr_design *d)
{
    size_t dropped = d->n_data - d->n;
    if (!dropped)
        return NULL;
    lr_strbuf sb = {0};
    lr__sb_append(&sb, "  (%zu observation%s deleted due to missingness; missing:", dropped,
                  dropped == 1 ? "" : "s");
    for (size_t i = 0; i < d->nna; i++)
        lr__sb_append(&sb, "%s %s %zu", i ? "," : "", d->na[i].name, d->na[i].count);
    lr__sb_puts(&sb, ")");
    if (sb.failed) {
        lr__sb_free(&sb);
        return NULL;
    }
    return sb.data;
}

lr_status lr_fit_formula(const lr_frame *frame, const char *formula,
                         const lr_formula_options *fopts, const lr_options *opts, lr_model **model)
{
    lr__clear_error();
    if (!model)
        return lr__fail(LR_ERR_INVALID_ARG, "the model output pointer is NULL");
    *model = NULL;
    if (!frame || !formula)
        return lr__fail(LR_ERR_INVALID_ARG, "frame and formula must not be NULL");
    lr_options o;
    if (opts)
        o = *opts;
    else
        lr_options_init(&o);
    if (o.x_lo.data)
        return lr__fail(LR_ERR_INVALID_ARG,
                        "x_lo cannot be given to a formula fit (the design forms derived columns "
                        "in extended precision itself)");
    if (o.weights.data && fopts && fopts->weights)
        return lr__fail(LR_ERR_INVALID_ARG, "weights given twice: as a vector and as column '%s'",
                        fopts->weights);
    const size_t N = lr_frame_nrows(frame);
    double *w = NULL;
    if (o.weights.data) {
        if (o.weights.len != N)
            return lr__fail(LR_ERR_DIMENSION, "weights have %zu elements but the data has %zu rows",
                            o.weights.len, N);
        if (!(w = malloc((N ? N : 1) * sizeof *w)))
            return lr__fail(LR_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < N; i++)
            w[i] = lr__vec(&o.weights, i);
    }
    lr_design *d = NULL;
    lr_status st = lr__design_build_w(frame, formula, fopts, w, !o.intercept, &d);
    free(w);
    if (st != LR_OK)
        return st;
    char *call = NULL;
    if (!o.call) {
        size_t len = strlen(formula) + 32;
        if ((call = malloc(len)))
            lr__snprintf_c(call, len, "lm(formula = %s)", formula);
        o.call = call;
    }
    lr_matrix X = lr_design_x(d);
    lr_vector y = lr_design_y(d);
    o.x_lo = lr_design_x_lo(d);
    o.weights = lr_design_weights(d);
    o.intercept = d->intercept;
    lr_model *m = NULL;
    st = lr_fit(&X, &y, (const char *const *)d->colnames, &o, &m);
    free(call);
    if (st != LR_OK) {
        lr_design_free(d);
        return st;
    }
    m->design = d;
    m->design_free = free_design;
    if (d->n < d->n_data && !(m->na_note = na_note(d))) {
        lr_model_free(m);
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    }
    *model = m;
    return LR_OK;
}

const lr_design *lr_model_design(const lr_model *m) { return m ? m->design : NULL; }

lr_status lr_model_pad(const lr_model *m, const double *values, double *out, size_t len)
{
    lr__clear_error();
    if (!m || !values || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "model, values and out must not be NULL");
    if (m->design)
        return lr_design_pad(m->design, values, out, len);
    if (len != m->nobs)
        return lr__fail(LR_ERR_DIMENSION, "padding needs room for %zu rows, got %zu", m->nobs, len);
    memmove(out, values, len * sizeof *out);
    return LR_OK;
}

lr_status lr_predict_frame(const lr_model *m, const lr_frame *newdata, lr_interval interval,
                           double level, double *fit, double *se_fit, double *lower, double *upper)
{
    lr__clear_error();
    if (!m || !newdata || !fit)
        return lr__fail(LR_ERR_INVALID_ARG, "model, new data and fit must not be NULL");
    if (!m->design)
        return lr__fail(LR_ERR_INVALID_ARG,
                        "the model was not fitted from a formula: predict with lr_predict");
    if (interval != LR_INTERVAL_NONE && (!lower || !upper))
        return lr__fail(LR_ERR_INVALID_ARG, "lower and upper must not be NULL for an interval");
    lr_design *nd = NULL;
    lr_status st = lr_design_apply(m->design, newdata, &nd);
    if (st != LR_OK)
        return st;
    const size_t n = nd->n, N = nd->n_data;
    double *buf = malloc((n > 0 ? 4 * n : 1) * sizeof *buf);
    if (!buf) {
        lr_design_free(nd);
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    }
    double *f = buf, *se = buf + n, *lo = buf + 2 * n, *up = buf + 3 * n;
    lr_matrix X = lr_design_x(nd);
    st = lr_predict(m, &X, interval, level, f, se, interval ? lo : NULL, interval ? up : NULL);
    if (st == LR_OK) {
        double *outs[4] = {fit, se_fit, interval ? lower : NULL, interval ? upper : NULL};
        for (int k = 0; k < 4; k++) {
            if (!outs[k])
                continue;
            for (size_t i = 0; i < N; i++)
                outs[k][i] = NAN;
            for (size_t i = 0; i < n; i++)
                outs[k][nd->rows[i]] = buf[(size_t)k * n + i];
        }
    }
    free(buf);
    lr_design_free(nd);
    return st;
}
