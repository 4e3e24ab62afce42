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
        /* X itself is checked while it is packed (lr__acc_add_rows). */
        if (o->x_lo.data)
            for (size_t j = 0; j < k; j++)
                if (!isfinite(lr__mat(&o->x_lo, i, j)))
                    return lr__fail(LR_ERR_NONFINITE,
                                    "x_lo of column '%s' is not finite at row %zu",
                                    col_name(names, j, buf, sizeof buf), i + 1);
    }
    return LR_OK;
}

/* Fitted values and residuals of the double-precision solution, a block
 * of rows at a time so each column of X streams through once per block
 * (contiguous and vectorizable for column-major X), with the weighted sums
 * the statistics need accumulated on the way: per block in double, across
 * blocks in double-double, across chunks of LR_CHUNK_ROWS rows (run on
 * worker threads) in chunk order. The refinement recomputes all of it in
 * double-double when the problem asks for accuracy beyond this. */
#define RESID_BLOCK 512

typedef struct {
    lr_dd rss, sw, swy, swr;
} resid_sums;

static void residual_rows(lr_model *m, size_t from, size_t to, resid_sums *sums)
{
    const int has_lo = m->X_lo.data != NULL;
    double f[RESID_BLOCK];
    memset(sums, 0, sizeof *sums);
    for (size_t i0 = from; i0 < to; i0 += RESID_BLOCK) {
        const size_t len = to - i0 < RESID_BLOCK ? to - i0 : RESID_BLOCK;
        for (size_t i = 0; i < len; i++)
            f[i] = 0.0;
        for (size_t a = 0; a < m->rank; a++) {
            const size_t j = m->keep[a];
            const double b = m->coef[j];
            if (m->intercept && j == 0) {
                for (size_t i = 0; i < len; i++)
                    f[i] += b;
                continue;
            }
            const lr_matrix *X = &m->X;
            const double *col = X->data + (ptrdiff_t)i0 * X->row_stride +
                                (ptrdiff_t)(j - (size_t)m->intercept) * X->col_stride;
            if (X->row_stride == 1) {
                for (size_t i = 0; i < len; i++)
                    f[i] += b * col[i];
            } else {
                for (size_t i = 0; i < len; i++)
                    f[i] += b * col[(ptrdiff_t)i * X->row_stride];
            }
            if (has_lo)
                for (size_t i = 0; i < len; i++)
                    f[i] += b * lr__design_lo(m, i0 + i, j);
        }
        double rss = 0, sw = 0, swy = 0, swr = 0;
        for (size_t i = 0; i < len; i++) {
            const double yi = lr__vec(&m->y, i0 + i), w = lr__weight(m, i0 + i);
            const double r = yi - f[i];
            m->fitted[i0 + i] = f[i];
            m->resid[i0 + i] = r;
            if (w == 0.0)
                continue;
            rss += w * r * r;
            sw += w;
            swy += w * yi;
            swr += w * r;
        }
        sums->rss = lr_dd_add_d(sums->rss, rss);
        sums->sw = lr_dd_add_d(sums->sw, sw);
        sums->swy = lr_dd_add_d(sums->swy, swy);
        sums->swr = lr_dd_add_d(sums->swr, swr);
    }
}

typedef struct {
    lr_model *m;
    resid_sums *sums;
} resid_job;

static void residual_chunk(void *ctx, size_t c)
{
    resid_job *jb = ctx;
    size_t from = c * LR_CHUNK_ROWS, to = from + LR_CHUNK_ROWS;
    if (to > jb->m->nobs)
        to = jb->m->nobs;
    residual_rows(jb->m, from, to, &jb->sums[c]);
}

static lr_status residual_pass(lr_model *m, resid_sums *total)
{
    const size_t nchunks = (m->nobs + LR_CHUNK_ROWS - 1) / LR_CHUNK_ROWS;
    resid_sums *sums = lr__calloc(nchunks, sizeof(resid_sums));
    if (!sums)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu partial sums", nchunks);
    resid_job jb = {m, sums};
    lr__parallel_chunks(nchunks, 0, residual_chunk, &jb);
    memset(total, 0, sizeof *total);
    for (size_t c = 0; c < nchunks; c++) {
        total->rss = lr_dd_add(total->rss, sums[c].rss);
        total->sw = lr_dd_add(total->sw, sums[c].sw);
        total->swy = lr_dd_add(total->swy, sums[c].swy);
        total->swr = lr_dd_add(total->swr, sums[c].swr);
    }
    free(sums);
    return LR_OK;
}

/* The same sums from the model's residuals, in double-double throughout
 * (after refinement, when accuracy is the point). */
static void exact_sums(const lr_model *m, resid_sums *sums)
{
    memset(sums, 0, sizeof *sums);
    for (size_t i = 0; i < m->nobs; i++) {
        double w = lr__weight(m, i);
        if (w == 0.0)
            continue;
        const double r = m->resid[i];
        sums->rss = lr_dd_add(sums->rss, lr_dd_mul_d(lr_dd_two_prod(r, r), w));
        sums->sw = lr_dd_add_d(sums->sw, w);
        sums->swy = lr_dd_add(sums->swy, lr_dd_two_prod(w, lr__vec(&m->y, i)));
        sums->swr = lr_dd_add(sums->swr, lr_dd_two_prod(w, r));
    }
}

/* RSS and MSS as R's summary.lm defines them (MSS centred about the
 * weighted mean of the fitted values when there is an intercept). The
 * fitted values enter as f = y - r, and their deviations as
 * (y - ybar) - (r - rbar): forming f first would round away the digits of
 * f - fbar when y is large and varies little. Per block in double, across
 * blocks and chunks in double-double, chunks in order. */
typedef struct {
    const lr_model *m;
    double ybar_hi, ybar_lo, rbar;
    lr_dd *mss;
} mss_job;

static void mss_chunk(void *ctx, size_t c)
{
    const mss_job *jb = ctx;
    const lr_model *m = jb->m;
    const size_t from = c * LR_CHUNK_ROWS, to = from + LR_CHUNK_ROWS < m->nobs ? from + LR_CHUNK_ROWS
                                                                              : m->nobs;
    lr_dd mss = lr_dd_from(0.0);
    for (size_t i0 = from; i0 < to; i0 += RESID_BLOCK) {
        const size_t end = to - i0 < RESID_BLOCK ? to : i0 + RESID_BLOCK;
        double acc = 0.0;
        for (size_t i = i0; i < end; i++) {
            const double w = lr__weight(m, i);
            const double d =
                ((lr__vec(&m->y, i) - jb->ybar_hi) - jb->ybar_lo) - (m->resid[i] - jb->rbar);
            acc += w * d * d;
        }
        mss = lr_dd_add_d(mss, acc);
    }
    jb->mss[c] = mss;
}

static lr_status sums_of_squares(lr_model *m, const resid_sums *s)
{
    mss_job jb = {m, 0, 0, 0, NULL};
    if (m->intercept) {
        lr_dd ybar = lr_dd_mul_d(s->swy, 1.0 / s->sw.hi);
        /* one Newton step: ybar += (swy - ybar * sw) / sw */
        ybar = lr_dd_add(ybar, lr_dd_mul_d(lr_dd_add(s->swy, lr_dd_neg(lr_dd_mul(ybar, s->sw))),
                                           1.0 / s->sw.hi));
        jb.ybar_hi = ybar.hi;
        jb.ybar_lo = ybar.lo;
        jb.rbar = s->swr.hi / s->sw.hi;
    }
    const size_t nchunks = (m->nobs + LR_CHUNK_ROWS - 1) / LR_CHUNK_ROWS;
    if (!(jb.mss = lr__calloc(nchunks, sizeof(lr_dd))))
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu partial sums", nchunks);
    lr__parallel_chunks(nchunks, 0, mss_chunk, &jb);
    lr_dd mss = lr_dd_from(0.0);
    for (size_t c = 0; c < nchunks; c++)
        mss = lr_dd_add(mss, jb.mss[c]);
    free(jb.mss);
    m->rss = s->rss.hi;
    /* The intercept-only model fits a constant: MSS is 0 by definition,
     * not the rounding noise of y - ybar - r. */
    m->mss = m->intercept && m->rank == 1 ? 0.0 : mss.hi;
    return LR_OK;
}

/* Which refinements to run (docs/numerics.md, "When"):
 * - small problems (n x rank <= 2^18 values: milliseconds) always get the
 *   full refinement, which also fixes componentwise accuracy that the
 *   normwise error bound does not see (Norris: 12.6 digits from QR alone);
 * - otherwise the full refinement when the forward-error estimate of
 *   Householder least squares, u (kappa + kappa^2 ||r|| / ||y||) (Golub &
 *   Van Loan, 5.3.8), exceeds 1e-12;
 * - else the covariance alone when kappa > 100 (its error from the double
 *   factor is about 100 kappa u), and the residuals alone in double-double
 *   when ||r|| < 1e-3 ||y|| (y - Xb then loses u ||y|| / ||r|| to
 *   cancellation). */
enum { REFINE_FULL = 1, REFINE_COVARIANCE = 2, REFINE_RESIDUALS = 4 };

static unsigned refinement_plan(const lr_model *m, double ynorm2, lr_refine policy)
{
    const double u = 0x1p-53, kappa = m->cond;
    if (policy == LR_REFINE_NEVER || m->rank == 0)
        return 0;
    if (policy == LR_REFINE_ALWAYS || m->n_used * (double)m->rank <= 262144.0)
        return REFINE_FULL;
    const double rho = ynorm2 > 0 ? sqrt(m->rss / ynorm2) : 1.0;
    if (u * (kappa + kappa * kappa * rho) > 1e-12)
        return REFINE_FULL;
    unsigned plan = 0;
    if (kappa > 100)
        plan |= REFINE_COVARIANCE;
    if (rho < 1e-3)
        plan |= REFINE_RESIDUALS;
    return plan;
}

/* A constant response with an intercept is fitted exactly by the
 * intercept alone: residuals 0, R-squared and F undefined (0/0). Iterative
 * refinement would leave rounding noise of 1e-31 that R-squared turns into
 * a random number, as R's lm does ("essentially perfect fit"). Returns 1
 * when the exact answer was filled in. */
static int constant_response(lr_model *m)
{
    double y0 = NAN;
    for (size_t i = 0; i < m->nobs; i++) {
        if (lr__weight(m, i) == 0.0)
            continue;
        double yi = lr__vec(&m->y, i);
        if (isnan(y0))
            y0 = yi;
        else if (yi != y0)
            return 0;
    }
    if (!m->intercept || m->aliased[0])
        return 0;
    for (size_t a = 0; a < m->rank; a++)
        m->coef[m->keep[a]] = m->keep[a] == 0 ? y0 : 0.0;
    for (size_t i = 0; i < m->nobs; i++) {
        m->fitted[i] = y0;
        m->resid[i] = lr__vec(&m->y, i) - y0;
    }
    m->rss = m->mss = 0.0;
    return 1;
}

static lr_status keep_data(lr_model *m, const lr_matrix *X, const lr_vector *y,
                           const lr_options *o)
{
    m->has_data = 1;
    m->X = *X;
    m->y = *y;
    m->w = o->weights;
    m->X_lo = o->x_lo;
    /* The weights are always the model's own: the summary (weighted
     * residuals) and the statistics must not depend on borrowed data. */
    if (o->weights.data && !o->copy_data) {
        const size_t n = X->rows;
        if (!(m->owned_weights = lr__calloc(n, sizeof(double))))
            return lr__fail(LR_ERR_NOMEM, "cannot copy %zu weights into the model", n);
        for (size_t i = 0; i < n; i++)
            m->owned_weights[i] = lr__vec(&o->weights, i);
        m->w = lr_vector_of(m->owned_weights, n);
    }
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
    if ((st = lr__acc_init(&acc, m->p + 1)) != LR_OK)
        goto fail;
    if ((st = lr__acc_add_parallel(&acc, m->intercept, X, y, &o.weights, names)) != LR_OK)
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

    if (constant_response(m)) {
        lr__model_set_vcov(m, cov);
        free(cov);
        *out = m;
        return LR_OK;
    }
    resid_sums sums;
    if ((st = residual_pass(m, &sums)) != LR_OK)
        goto fail;
    if ((st = sums_of_squares(m, &sums)) != LR_OK)
        goto fail;
    const unsigned plan = refinement_plan(m, ynorm2, o.refine);
    if (plan & REFINE_FULL) {
        if ((st = lr__refine(m, cov)) != LR_OK)
            goto fail;
    } else if (plan & REFINE_COVARIANCE) {
        if ((st = lr__refine_covariance(m, cov)) != LR_OK)
            goto fail;
    }
    if (plan & REFINE_RESIDUALS)
        lr__exact_residuals(m);
    if (plan) {
        m->refined = (plan & REFINE_FULL) ? 1 : 2;
        exact_sums(m, &sums);
        if ((st = sums_of_squares(m, &sums)) != LR_OK)
            goto fail;
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
