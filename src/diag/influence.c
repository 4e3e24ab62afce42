/* Public influence functions: the per-row measures into caller arrays and
 * the streaming summary (largest leverage and Cook's distance, rows flagged
 * by influence.measures' cut-offs). The work is done by the pass in
 * influence_pass.c. */
#include "influence_pass.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

lr_status lr_influence_measures(const lr_model *model, double *const *out, unsigned char *flags,
                                size_t nobs)
{
    lr__clear_error();
    if (!model)
        return lr__fail(LR_ERR_INVALID_ARG, "model must not be NULL");
    lr_status st = lr__influence_check(model);
    if (st != LR_OK)
        return st;
    if (nobs != model->nobs)
        return lr__fail(LR_ERR_DIMENSION,
                        "the output arrays are for %zu rows but the model has %zu rows", nobs,
                        model->nobs);
    lr__infl_request req;
    memset(&req, 0, sizeof req);
    req.out = out;
    req.flags = flags;
    return lr__influence_pass(model, &req);
}

lr_status lr_influence_measure_values(const lr_model *model, lr_influence_measure which,
                                      double *out, size_t len)
{
    lr__clear_error();
    if (!model || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "model and out must not be NULL");
    if ((int)which < 0 || which >= LR_INFL_COUNT_)
        return lr__fail(LR_ERR_INVALID_ARG, "unknown influence measure %d", (int)which);
    lr_status st = lr__influence_check(model);
    if (st != LR_OK)
        return st;
    const size_t need = which == LR_INFL_DFBETA || which == LR_INFL_DFBETAS
                            ? model->nobs * model->p : model->nobs;
    if (len < need)
        return lr__fail(LR_ERR_DIMENSION, "out holds %zu values but the measure has %zu", len,
                        need);
    double *arrays[LR_INFL_COUNT_] = {0};
    arrays[which] = out;
    lr__infl_request req;
    memset(&req, 0, sizeof req);
    req.out = arrays;
    return lr__influence_pass(model, &req);
}

void lr__summary_init(lr_influence_summary *s)
{
    memset(s, 0, sizeof *s);
    s->max_hat = NAN;
    s->max_cooks_d = NAN;
    s->max_hat_row = SIZE_MAX;
    s->max_cooks_d_row = SIZE_MAX;
}

lr_status lr__summary_visit(void *vctx, const lr__infl_block *blk)
{
    lr_influence_summary *s = vctx;
    for (size_t b = 0; b < blk->count; b++) {
        if (blk->sw[b] == 0.0)
            continue;
        const size_t i = blk->first + b;
        const double h = blk->v[LR_INFL_HAT][b], cd = blk->v[LR_INFL_COOKS_D][b];
        if (!isnan(h) && (s->max_hat_row == SIZE_MAX || h > s->max_hat)) {
            s->max_hat = h;
            s->max_hat_row = i;
        }
        if (!isnan(cd) && (s->max_cooks_d_row == SIZE_MAX || cd > s->max_cooks_d)) {
            s->max_cooks_d = cd;
            s->max_cooks_d_row = i;
        }
        const unsigned char f = blk->flags[b];
        if (f)
            s->n_flagged++;
        for (int bit = 0; bit < 5; bit++)
            if (f & (1u << bit))
                s->n_flagged_by[bit]++;
    }
    return LR_OK;
}

void lr__summary_merge(lr_influence_summary *d, const lr_influence_summary *s)
{
    if (s->max_hat_row != SIZE_MAX && (d->max_hat_row == SIZE_MAX || s->max_hat > d->max_hat)) {
        d->max_hat = s->max_hat;
        d->max_hat_row = s->max_hat_row;
    }
    if (s->max_cooks_d_row != SIZE_MAX &&
        (d->max_cooks_d_row == SIZE_MAX || s->max_cooks_d > d->max_cooks_d)) {
        d->max_cooks_d = s->max_cooks_d;
        d->max_cooks_d_row = s->max_cooks_d_row;
    }
    d->n_flagged += s->n_flagged;
    for (int bit = 0; bit < 5; bit++)
        d->n_flagged_by[bit] += s->n_flagged_by[bit];
}

lr_status lr_influence_summarize(const lr_model *model, lr_influence_summary *out)
{
    lr__clear_error();
    if (!model || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "model and out must not be NULL");
    lr__summary_init(out);
    lr__infl_request req;
    memset(&req, 0, sizeof req);
    req.want_flags = 1;
    req.visit = lr__summary_visit;
    req.ctx = out;
    lr_status st = lr__influence_pass(model, &req);
    if (st == LR_OK)
        out->n = (size_t)model->n_used;
    return st;
}
