/* The public accumulator: streaming and distributed fits over the same
 * mergeable factor that lr_fit uses. */
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct lr_accumulator {
    lr_acc_core core;
    size_t k;
    int intercept;
    double level, rank_tol;
    char *call;
};

lr_status lr_accumulator_create(size_t k, const lr_options *opts, lr_accumulator **out)
{
    lr__clear_error();
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "the accumulator output pointer is NULL");
    *out = NULL;
    lr_options o;
    if (opts)
        o = *opts;
    else
        lr_options_init(&o);
    if (k == 0 && !o.intercept)
        return lr__fail(LR_ERR_INVALID_ARG, "no predictor columns and no intercept: nothing to fit");
    if (!(o.level > 0 && o.level < 1))
        return lr__fail(LR_ERR_INVALID_ARG, "confidence level %g is not inside (0, 1)", o.level);
    if (!(o.rank_tol >= 0 && o.rank_tol < 1))
        return lr__fail(LR_ERR_INVALID_ARG, "rank tolerance %g is not inside [0, 1)", o.rank_tol);
    lr_accumulator *a = calloc(1, sizeof *a);
    if (!a)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate an accumulator");
    a->k = k;
    a->intercept = o.intercept ? 1 : 0;
    a->level = o.level;
    a->rank_tol = o.rank_tol;
    if (o.call && !(a->call = lr__strdup(o.call))) {
        free(a);
        return lr__fail(LR_ERR_NOMEM, "cannot copy the call text");
    }
    lr_status st = lr__acc_init(&a->core, k + (size_t)a->intercept + 1);
    if (st != LR_OK) {
        free(a->call);
        free(a);
        return st;
    }
    *out = a;
    return LR_OK;
}

lr_status lr_accumulator_add(lr_accumulator *a, const lr_matrix *X, const lr_vector *y,
                             const lr_vector *w)
{
    lr__clear_error();
    if (!a || !X || !y)
        return lr__fail(LR_ERR_INVALID_ARG, "accumulator, X and y must not be NULL");
    if (X->cols != a->k)
        return lr__fail(LR_ERR_DIMENSION, "X has %zu columns but the accumulator expects %zu",
                        X->cols, a->k);
    if (y->len != X->rows)
        return lr__fail(LR_ERR_DIMENSION, "y has %zu elements but X has %zu rows", y->len, X->rows);
    const int weighted = w && w->data;
    if (weighted && w->len != X->rows)
        return lr__fail(LR_ERR_DIMENSION, "weights have %zu elements but X has %zu rows", w->len,
                        X->rows);
    if (X->rows && ((a->k && !X->data) || !y->data))
        return lr__fail(LR_ERR_INVALID_ARG, "X->data or y->data is NULL");
    const size_t base = a->core.rows_seen;
    for (size_t i = 0; i < X->rows; i++) {
        double v = lr__vec(y, i);
        if (!isfinite(v))
            return lr__fail(LR_ERR_NONFINITE, "y is not finite at row %zu", base + i + 1);
        if (weighted) {
            double wi = lr__vec(w, i);
            if (!isfinite(wi))
                return lr__fail(LR_ERR_NONFINITE, "weight is not finite at row %zu", base + i + 1);
            if (wi < 0)
                return lr__fail(LR_ERR_NEGATIVE_WEIGHT, "weight at row %zu is negative (%g)",
                                base + i + 1, wi);
        }
        /* Checked here, before any row is folded, so a refused block
         * leaves the accumulator as it was. */
        for (size_t j = 0; j < a->k; j++)
            if (!isfinite(lr__mat(X, i, j)))
                return lr__fail(LR_ERR_NONFINITE, "column %zu is not finite at row %zu", j + 1,
                                base + i + 1);
    }
    return lr__acc_add_rows(&a->core, a->intercept, X, y, weighted ? w : NULL, NULL);
}

lr_status lr_accumulator_merge(lr_accumulator *dst, const lr_accumulator *src)
{
    lr__clear_error();
    if (!dst || !src)
        return lr__fail(LR_ERR_INVALID_ARG, "accumulators must not be NULL");
    if (dst->k != src->k || dst->intercept != src->intercept)
        return lr__fail(LR_ERR_DIMENSION,
                        "cannot merge an accumulator of %zu columns (intercept %d) into one of "
                        "%zu columns (intercept %d)",
                        src->k, src->intercept, dst->k, dst->intercept);
    return lr__acc_merge(&dst->core, &src->core);
}

lr_status lr_accumulator_finish(const lr_accumulator *a, const char *const *names, lr_model **out)
{
    lr__clear_error();
    lr__gsl_init();
    if (!a || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "accumulator and model pointer must not be NULL");
    *out = NULL;
    lr_acc_core total;
    lr_status st = lr__acc_init(&total, a->core.m);
    if (st != LR_OK)
        return st;
    double *cov = NULL;
    lr_model *m = NULL;
    if ((st = lr__acc_merge(&total, &a->core)) != LR_OK)
        goto fail;
    if (!(m = lr__model_alloc(a->k, a->intercept, names))) {
        st = LR_ERR_NOMEM;
        goto fail;
    }
    m->level = a->level;
    m->n_used = total.n_used;
    m->sum_log_w = total.sum_log_w;
    if (a->call && !(m->call = lr__strdup(a->call))) {
        st = lr__fail(LR_ERR_NOMEM, "cannot copy the call text");
        goto fail;
    }
    if (m->n_used < (double)m->p) {
        st = lr__fail(LR_ERR_TOO_FEW_ROWS,
                      "%.0f rows with non-zero weight but %zu coefficients to estimate",
                      m->n_used, m->p);
        goto fail;
    }
    if (!(cov = lr__calloc(m->p * m->p, sizeof(double)))) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the covariance");
        goto fail;
    }
    if ((st = lr__solve_from_r(m, total.r, total.m, a->rank_tol, cov, &m->rss, &m->mss)) != LR_OK)
        goto fail;
    lr__model_set_vcov(m, cov);
    free(cov);
    lr__acc_destroy(&total);
    *out = m;
    return LR_OK;
fail:
    free(cov);
    lr_model_free(m);
    lr__acc_destroy(&total);
    return st;
}

void lr_accumulator_free(lr_accumulator *a)
{
    if (!a)
        return;
    lr__acc_destroy(&a->core);
    free(a->call);
    free(a);
}
