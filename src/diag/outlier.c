/* Bonferroni outlier test, as car::outlierTest for an lm: externally
 * studentized residuals t_i, p_i = 2 P(T > |t_i|) with T ~ t(n - k - 1),
 * Bonferroni p = n p_i over the n rows with a defined t_i, the rows with
 * Bonferroni p <= cutoff ordered by it (ties by row, as R's order), at most
 * n_max; when none qualifies, the row with the largest |t_i| alone.
 *
 * One streaming pass: since p_i falls as |t_i| grows, the rows car reports
 * are among those with the largest |t_i|; a small heap keeps n_max + 32 of
 * them (the margin covers rows whose p-values tie after rounding) and the
 * p-values are computed for those only. */
#include "influence_pass.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef lr__outlier_cand cand;

/* a is weaker than b: smaller |t|, or equal |t| and a later row */
static int weaker(const cand *a, const cand *b)
{
    return a->at < b->at || (a->at == b->at && a->row > b->row);
}

static void sift_down(cand *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, rr = l + 1, m = i;
        if (l < n && weaker(&h[l], &h[m]))
            m = l;
        if (rr < n && weaker(&h[rr], &h[m]))
            m = rr;
        if (m == i)
            return;
        cand tmp = h[i];
        h[i] = h[m];
        h[m] = tmp;
        i = m;
    }
}

static void sift_up(cand *h, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!weaker(&h[i], &h[parent]))
            return;
        cand tmp = h[i];
        h[i] = h[parent];
        h[parent] = tmp;
        i = parent;
    }
}

lr_status lr__outliers_init(lr__outliers *c, size_t n_max)
{
    memset(c, 0, sizeof *c);
    c->best_row = SIZE_MAX;
    c->cap = n_max + 32;
    if (c->cap < n_max || !(c->heap = lr__calloc(c->cap, sizeof(cand))))
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the outlier candidates");
    return LR_OK;
}

void lr__outliers_free(lr__outliers *c)
{
    if (c) {
        free(c->heap);
        c->heap = NULL;
    }
}

static void offer(lr__outliers *c, const cand *x)
{
    if (c->size < c->cap) {
        c->heap[c->size] = *x;
        sift_up(c->heap, c->size++);
    } else if (weaker(&c->heap[0], x)) {
        c->heap[0] = *x;
        sift_down(c->heap, c->size, 0);
    }
}

void lr__outliers_add(lr__outliers *c, double t, size_t row)
{
    if (isnan(t))
        return;
    cand x = {fabs(t), t, row, 0.0, 0.0};
    c->n_defined++;
    if (c->best_row == SIZE_MAX || x.at > c->best_at) {
        c->best_at = x.at;
        c->best_t = x.t;
        c->best_row = x.row;
    }
    offer(c, &x);
}

void lr__outliers_merge(lr__outliers *dst, const lr__outliers *src)
{
    dst->n_defined += src->n_defined;
    if (src->best_row != SIZE_MAX && (dst->best_row == SIZE_MAX || src->best_at > dst->best_at)) {
        dst->best_at = src->best_at;
        dst->best_t = src->best_t;
        dst->best_row = src->best_row;
    }
    for (size_t a = 0; a < src->size; a++)
        offer(dst, &src->heap[a]);
}

static lr_status outlier_visit(void *vctx, const lr__infl_block *blk)
{
    lr__outliers *c = vctx;
    const double *t = blk->v[LR_INFL_RSTUDENT];
    for (size_t b = 0; b < blk->count; b++)
        lr__outliers_add(c, t[b], blk->first + b);
    return LR_OK;
}

static int by_bonferroni(const void *va, const void *vb)
{
    const cand *a = va, *b = vb;
    if (a->bp != b->bp)
        return a->bp < b->bp ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* Both visitors over one pass. */
typedef struct {
    lr__outliers *outliers;
    lr_influence_summary *summary;
} report_ctx;

static lr_status report_visit(void *vctx, const lr__infl_block *blk)
{
    report_ctx *c = vctx;
    lr_status st = LR_OK;
    if (c->summary)
        st = lr__summary_visit(c->summary, blk);
    if (st == LR_OK && c->outliers)
        st = outlier_visit(c->outliers, blk);
    return st;
}

lr_status lr__outliers_finish(lr__outliers *c, const lr_model *model, double cutoff, size_t n_max,
                              lr_test_result *result, size_t *rows, double *rstudent,
                              double *p_unadjusted, double *p_bonferroni, size_t *count)
{
    if (c->n_defined == 0)
        return lr__fail(LR_ERR_UNDEFINED, "no row has a defined studentized residual");
    lr__gsl_init();
    const double df = model->n_used - (double)model->rank - 1.0, n = (double)c->n_defined;
    for (size_t a = 0; a < c->size; a++) {
        c->heap[a].p = 2.0 * gsl_cdf_tdist_Q(c->heap[a].at, df);
        c->heap[a].bp = n * c->heap[a].p;
    }
    qsort(c->heap, c->size, sizeof(cand), by_bonferroni);
    size_t k = 0;
    while (k < c->size && k < n_max && c->heap[k].bp <= cutoff)
        k++;
    if (k == 0) {
        /* car: the row with the largest |t| (first such row) alone */
        cand x = {c->best_at, c->best_t, c->best_row, 2.0 * gsl_cdf_tdist_Q(c->best_at, df), 0.0};
        x.bp = n * x.p;
        c->heap[0] = x;
        k = 1;
    }
    for (size_t a = 0; a < k; a++) {
        if (rows)
            rows[a] = c->heap[a].row;
        if (rstudent)
            rstudent[a] = c->heap[a].t;
        if (p_unadjusted)
            p_unadjusted[a] = c->heap[a].p;
        if (p_bonferroni)
            p_bonferroni[a] = fmin(1.0, c->heap[a].bp);
    }
    if (count)
        *count = k;
    if (result) {
        memset(result, 0, sizeof *result);
        result->statistic = c->heap[0].t;
        result->df[0] = df;
        result->df[1] = NAN;
        result->p_value = fmin(1.0, c->heap[0].bp);
        result->n = c->n_defined;
        strcpy(result->method, "Bonferroni outlier test");
    }
    return LR_OK;
}

lr_status lr__influence_report(const lr_model *model, lr_influence_summary *summary, double cutoff,
                               size_t n_max, lr_test_result *result, size_t *rows,
                               double *rstudent, double *p_unadjusted, double *p_bonferroni,
                               size_t *count)
{
    if (!(cutoff > 0 && cutoff <= 1))
        return lr__fail(LR_ERR_INVALID_ARG, "cutoff %g is not inside (0, 1]", cutoff);
    if (n_max == 0)
        return lr__fail(LR_ERR_INVALID_ARG, "n_max must be at least 1");
    if (count)
        *count = 0;
    lr__outliers c;
    lr_status st = lr__outliers_init(&c, n_max);
    if (st != LR_OK)
        return st;
    if (summary)
        lr__summary_init(summary);
    report_ctx rc = {&c, summary};
    lr__infl_request req;
    memset(&req, 0, sizeof req);
    req.want_flags = summary != NULL;
    req.visit = report_visit;
    req.ctx = &rc;
    st = lr__influence_pass(model, &req);
    if (st == LR_OK)
        st = lr__outliers_finish(&c, model, cutoff, n_max, result, rows, rstudent, p_unadjusted,
                                 p_bonferroni, count);
    if (st == LR_OK && summary)
        summary->n = (size_t)model->n_used;
    lr__outliers_free(&c);
    return st;
}

lr_status lr_outlier_test(const lr_model *model, double cutoff, size_t n_max,
                          lr_test_result *result, size_t *rows, double *rstudent,
                          double *p_unadjusted, double *p_bonferroni, size_t *count)
{
    lr__clear_error();
    if (!model)
        return lr__fail(LR_ERR_INVALID_ARG, "model must not be NULL");
    return lr__influence_report(model, NULL, cutoff, n_max, result, rows, rstudent, p_unadjusted,
                                p_bonferroni, count);
}
