/* lr_fit: validate, accumulate the factor of [X | y], solve, compute
 * residuals, refine in extended precision when the problem asks for it,
 * and fill the model. */
#include "ddouble.h"
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *col_name(const char *const *names, size_t j, char *buf, size_t size)
{
    if (names && names[j])
        return names[j];
    lr__snprintf_c(buf, size, "x%zu", j + 1);
    return buf;
}

static lr_status validate(const lr_matrix *X, const lr_vector *y, const char *const *names,
                          const lr_options *o)
{
    char buf[32];
    const size_t n = X->rows, k = X->cols;
    if (n == 0)
        return lr__fail(LR_ERR_EMPTY, "X has no rows");
    if (k > 0 && !X->data)
        return lr__fail(LR_ERR_INVALID_ARG, "X->data is NULL");
    if (!y->data)
        return lr__fail(LR_ERR_INVALID_ARG, "y->data is NULL");
    if (y->len != n)
        return lr__fail(LR_ERR_DIMENSION, "y has %zu elements but X has %zu rows", y->len, n);
    if (k == 0 && !o->intercept)
        return lr__fail(LR_ERR_INVALID_ARG, "no predictor columns and no intercept: nothing to fit");
    if (!(o->level > 0 && o->level < 1))
        return lr__fail(LR_ERR_INVALID_ARG, "confidence level %g is not inside (0, 1)", o->level);
    if (!(o->rank_tol >= 0 && o->rank_tol < 1))
        return lr__fail(LR_ERR_INVALID_ARG, "rank tolerance %g is not inside [0, 1)", o->rank_tol);
    if ((int)o->refine < 0 || o->refine > LR_REFINE_NEVER)
        return lr__fail(LR_ERR_INVALID_ARG, "unknown refinement policy %d", (int)o->refine);
    if (o->weights.data && o->weights.len != n)
        return lr__fail(LR_ERR_DIMENSION, "weights have %zu elements but X has %zu rows",
                        o->weights.len, n);
    if (o->x_lo.data && (o->x_lo.rows != n || o->x_lo.cols != k))
        return lr__fail(LR_ERR_DIMENSION, "x_lo is %zu x %zu but X is %zu x %zu", o->x_lo.rows,
                        o->x_lo.cols, n, k);
    for (size_t i = 0; i < n; i++) {
        double v = lr__vec(y, i);
        if (!isfinite(v))
            return lr__fail(LR_ERR_NONFINITE, "y has %s at row %zu", isnan(v) ? "NaN" : "Inf", i + 1);
        if (o->weights.data) {
            double w = lr__vec(&o->weights, i);
            if (!isfinite(w))
                return lr__fail(LR_ERR_NONFINITE, "weight at row %zu is %s", i + 1,
                                isnan(w) ? "NaN" : "Inf");
            if (w < 0)
                return lr__fail(LR_ERR_NEGATIVE_WEIGHT, "weight at row %zu is negative (%g)",
                                i + 1, w);
        }
        for (size_t j = 0; j < k; j++) {
            double x = lr__mat(X, i, j);
            if (!isfinite(x))
                return lr__fail(LR_ERR_NONFINITE, "column '%s' has %s at row %zu",
                                col_name(names, j, buf, sizeof buf), isnan(x) ? "NaN" : "Inf",
                                i + 1);
            if (o->x_lo.data && !isfinite(lr__mat(&o->x_lo, i, j)))
                return lr__fail(LR_ERR_NONFINITE, "x_lo of column '%s' is not finite at row %zu",
                                col_name(names, j, buf, sizeof buf), i + 1);
        }
    }
    return LR_OK;
}

/* Fitted values, residuals and the sums of squares of R's summary.lm,
 * accumulated in double-double so a million rows lose nothing. */
static void residual_pass(lr_model *m)
{
    for (size_t i = 0; i < m->nobs; i++) {
        lr_dd f = lr_dd_from(0.0);
        for (size_t a = 0; a < m->rank; a++) {
            size_t j = m->keep[a];
            f = lr_dd_fma(f, lr__design(m, i, j), lr__design_lo(m, i, j), m->coef[j]);
        }
        m->fitted[i] = f.hi;
        m->resid[i] = lr_dd_add_d(lr_dd_neg(f), lr__vec(&m->y, i)).hi;
    }
}

/* Weighted RSS and MSS (centered about the weighted mean of the fitted
 * values when there is an intercept, as R's summary.lm). */
static void sums_of_squares(lr_model *m)
{
    lr_dd rss = lr_dd_from(0.0), sw = lr_dd_from(0.0), swf = lr_dd_from(0.0);
    for (size_t i = 0; i < m->nobs; i++) {
        double w = lr__weight(m, i);
        if (w == 0.0)
            continue;
        rss = lr_dd_add(rss, lr_dd_mul_d(lr_dd_two_prod(m->resid[i], m->resid[i]), w));
        sw = lr_dd_add_d(sw, w);
        swf = lr_dd_add(swf, lr_dd_two_prod(w, m->fitted[i]));
    }
    double mean = m->intercept ? swf.hi / sw.hi : 0.0;
    lr_dd mss = lr_dd_from(0.0);
    for (size_t i = 0; i < m->nobs; i++) {
        double w = lr__weight(m, i);
        if (w == 0.0)
            continue;
        double d = m->fitted[i] - mean;
        mss = lr_dd_add(mss, lr_dd_mul_d(lr_dd_two_prod(d, d), w));
    }
    m->rss = rss.hi;
    m->mss = mss.hi;
}

/* Whether the double-precision QR answer may be short of ~14 correct
 * digits: the forward error of least squares is about
 * u (kappa + kappa^2 ||r|| / ||y||) (Golub & Van Loan, 5.3.8), and the
 * residuals themselves lose u ||y|| / ||r|| to cancellation in y - Xb. */
static int needs_refinement(const lr_model *m, double ynorm2)
{
    const double u = 0x1p-53, kappa = m->cond;
    if (!(ynorm2 > 0) || m->rank == 0)
        return 0;
    double rho = sqrt(m->rss / ynorm2);
    double est = u * (kappa + kappa * kappa * rho);
    if (rho < 1e-2)
        return 1;
    return est > 1e-14;
}

static lr_status keep_data(lr_model *m, const lr_matrix *X, const lr_vector *y,
                           const lr_options *o)
{
    m->has_data = 1;
    m->X = *X;
    m->y = *y;
    m->w = o->weights;
    m->X_lo = o->x_lo;
    if (!o->copy_data)
        return LR_OK;
    const size_t n = X->rows, k = X->cols;
    const size_t total = n * k + n + (o->weights.data ? n : 0) + (o->x_lo.data ? n * k : 0);
    double *buf = lr__calloc(total, sizeof(double));
    if (!buf)
        return lr__fail(LR_ERR_NOMEM, "cannot copy %zu x %zu data into the model", n, k);
    m->owned_data = buf;
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < n; i++)
            buf[i + j * n] = lr__mat(X, i, j);
    m->X = lr_matrix_col_major(buf, n, k);
    buf += n * k;
    for (size_t i = 0; i < n; i++)
        buf[i] = lr__vec(y, i);
    m->y = lr_vector_of(buf, n);
    buf += n;
    if (o->weights.data) {
        for (size_t i = 0; i < n; i++)
            buf[i] = lr__vec(&o->weights, i);
        m->w = lr_vector_of(buf, n);
        buf += n;
    }
    if (o->x_lo.data) {
        for (size_t j = 0; j < k; j++)
            for (size_t i = 0; i < n; i++)
                buf[i + j * n] = lr__mat(&o->x_lo, i, j);
        m->X_lo = lr_matrix_col_major(buf, n, k);
    }
    return LR_OK;
}

lr_status lr_fit(const lr_matrix *X, const lr_vector *y, const char *const *names,
                 const lr_options *opts, lr_model **out)
{
    lr__clear_error();
    lr__gsl_init();
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "the model output pointer is NULL");
    *out = NULL;
    if (!X || !y)
        return lr__fail(LR_ERR_INVALID_ARG, "X and y must not be NULL");
    lr_options o;
    if (opts)
        o = *opts;
    else
        lr_options_init(&o);
    lr_status st = validate(X, y, names, &o);
    if (st != LR_OK)
        return st;

    lr_model *m = lr__model_alloc(X->cols, o.intercept, names);
    if (!m)
        return LR_ERR_NOMEM;
    double *cov = NULL;
    lr_acc_core acc;
    memset(&acc, 0, sizeof acc);
    m->level = o.level;
    m->nobs = X->rows;
    if (o.call && !(m->call = lr__strdup(o.call))) {
        st = lr__fail(LR_ERR_NOMEM, "cannot copy the call text");
        goto fail;
    }
    if ((st = keep_data(m, X, y, &o)) != LR_OK)
        goto fail;
    if ((st = lr__fingerprint_attach(m, X, y, &o.weights)) != LR_OK)
        goto fail;
    if ((st = lr__acc_init(&acc, m->p + 1)) != LR_OK)
        goto fail;
    if ((st = lr__acc_add_rows(&acc, m->intercept, X, y, &o.weights)) != LR_OK)
        goto fail;
    if ((st = lr__acc_flush(&acc)) != LR_OK)
        goto fail;
    m->n_used = acc.n_used;
    m->sum_log_w = acc.sum_log_w;
    if (m->n_used < (double)m->p) {
        st = lr__fail(LR_ERR_TOO_FEW_ROWS,
                      "%.0f rows with non-zero weight but %zu coefficients to estimate",
                      m->n_used, m->p);
        goto fail;
    }
    cov = lr__calloc(m->p * m->p, sizeof(double));
    m->fitted = lr__calloc(m->nobs, sizeof(double));
    m->resid = lr__calloc(m->nobs, sizeof(double));
    if (!cov || !m->fitted || !m->resid) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate residuals for %zu rows", m->nobs);
        goto fail;
    }
    double rss_qr, mss_qr;
    if ((st = lr__solve_from_r(m, acc.r, acc.m, o.rank_tol, cov, &rss_qr, &mss_qr)) != LR_OK)
        goto fail;
    /* ||W^1/2 y||^2 is the squared norm of the factor's last column. */
    double ynorm2 = 0.0;
    for (size_t i = 0; i < acc.m; i++)
        ynorm2 += acc.r[i + (acc.m - 1) * acc.m] * acc.r[i + (acc.m - 1) * acc.m];
    lr__acc_destroy(&acc);

    residual_pass(m);
    sums_of_squares(m);
    if (o.refine == LR_REFINE_ALWAYS || (o.refine == LR_REFINE_AUTO && needs_refinement(m, ynorm2))) {
        if ((st = lr__refine(m, cov)) != LR_OK)
            goto fail;
        sums_of_squares(m);
    }
    lr__model_set_vcov(m, cov);
    free(cov);
    *out = m;
    return LR_OK;
fail:
    lr__acc_destroy(&acc);
    free(cov);
    lr_model_free(m);
    return st;
}
