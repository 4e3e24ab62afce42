/* Box-Cox profile log-likelihood as MASS::boxcox (MASS 7.3) for an lm:
 * y is divided by its geometric mean, so the Jacobian term vanishes;
 * y(l) = (y^l - 1)/l for |l| > 1/50, otherwise MASS's series
 * log y (1 + (l log y)/2 (1 + (l log y)/3 (1 + (l log y)/4)));
 * L(l) = -n/2 log(RSS of y(l) regressed on the model's columns).
 * The regression uses a Householder QR of the kept columns (computed once;
 * each lambda then costs one application of Q'), not the normal equations.
 * MASS finds the maximum and the 95% interval by interpolating a spline
 * through the grid for its plot; linreg instead maximises L with Brent's
 * method and finds the interval limits, where L = max - qchisq(level,1)/2,
 * by Brent root-finding (both GSL), so they do not depend on the grid. */
#include "robust_internal.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_roots.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct lr_boxcox {
    size_t ngrid;
    double *lambda, *loglik;
    double lhat, lmax, lo, hi;
};

typedef struct bc_work {
    size_t n, k;
    double *qr, *tau, *logy, *yn, *yt;
    lr_status st;
} bc_work;

static void work_free(bc_work *w)
{
    free(w->qr);
    free(w->tau);
    free(w->logy);
    free(w->yn);
    free(w->yt);
}

static lr_status work_init(const lr_model *m, bc_work *w)
{
    memset(w, 0, sizeof *w);
    if (!m->has_data || !m->resid)
        return lr__fail(LR_ERR_NO_DATA, "the model holds no per-row data (a streamed fit); "
                                        "Box-Cox needs the response and the design");
    if (m->w.data)
        return lr__fail(LR_ERR_UNSUPPORTED, "Box-Cox (MASS::boxcox) is defined here for "
                                            "unweighted fits only; this model is weighted");
    const size_t n = m->nobs, k = m->rank;
    for (size_t i = 0; i < n; i++) {
        double y = lr__vec(&m->y, i);
        if (!(y > 0))
            return lr__fail(LR_ERR_INVALID_ARG,
                            "the response at row %zu is %g; Box-Cox needs every response to be "
                            "positive (shift or use another transformation)",
                            i + 1, y);
    }
    w->n = n;
    w->k = k;
    w->qr = lr__calloc(n * (k ? k : 1), sizeof(double));
    w->tau = lr__calloc(k ? k : 1, sizeof(double));
    w->logy = lr__calloc(n, sizeof(double));
    w->yn = lr__calloc(n, sizeof(double));
    w->yt = lr__calloc(n, sizeof(double));
    if (!w->qr || !w->tau || !w->logy || !w->yn || !w->yt) {
        work_free(w);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the Box-Cox workspace for %zu rows", n);
    }
    double slog = 0.0;
    for (size_t i = 0; i < n; i++)
        slog += log(lr__vec(&m->y, i));
    const double gm = exp(slog / (double)n);
    for (size_t i = 0; i < n; i++) {
        w->yn[i] = lr__vec(&m->y, i) / gm;
        w->logy[i] = log(w->yn[i]);
    }
    for (size_t a = 0; a < k; a++) {
        size_t j = m->keep[a];
        for (size_t i = 0; i < n; i++)
            w->qr[i + a * n] = lr__design(m, i, j) + lr__design_lo(m, i, j);
    }
    if (k) {
        lapack_int info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)k, w->qr,
                                         (lapack_int)n, w->tau);
        if (info != 0) {
            work_free(w);
            return lr__fail(LR_ERR_NUMERIC, "LAPACK dgeqrf failed (info %d)", (int)info);
        }
    }
    return LR_OK;
}

static double loglik(bc_work *w, double la)
{
    const size_t n = w->n, k = w->k;
    for (size_t i = 0; i < n; i++) {
        double ly = w->logy[i];
        if (fabs(la) > 1.0 / 50.0) {
            w->yt[i] = (pow(w->yn[i], la) - 1.0) / la;
        } else {
            double t = la * ly;
            w->yt[i] = ly * (1.0 + t / 2.0 * (1.0 + t / 3.0 * (1.0 + t / 4.0)));
        }
    }
    if (k) {
        lapack_int info = LAPACKE_dormqr(LAPACK_COL_MAJOR, 'L', 'T', (lapack_int)n, 1,
                                         (lapack_int)k, w->qr, (lapack_int)n, w->tau, w->yt,
                                         (lapack_int)n);
        if (info != 0) {
            w->st = lr__fail(LR_ERR_NUMERIC, "LAPACK dormqr failed (info %d)", (int)info);
            return NAN;
        }
    }
    double rss = 0.0;
    for (size_t i = k; i < n; i++)
        rss += w->yt[i] * w->yt[i];
    return -0.5 * (double)n * log(rss);
}

static double neg_loglik(double la, void *p) { return -loglik(p, la); }

typedef struct { bc_work *w; double cut; } root_ctx;
static double above_cut(double la, void *p)
{
    root_ctx *c = p;
    return loglik(c->w, la) - c->cut;
}

static double find_root(root_ctx *c, double a, double b)
{
    gsl_function f = {above_cut, c};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return NAN;
    double r = NAN;
    if (gsl_root_fsolver_set(s, &f, a, b) == GSL_SUCCESS) {
        for (int it = 0; it < 200; it++) {
            if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
                break;
            r = gsl_root_fsolver_root(s);
            double lo = gsl_root_fsolver_x_lower(s), hi = gsl_root_fsolver_x_upper(s);
            if (gsl_root_test_interval(lo, hi, 1e-14, 1e-14) == GSL_SUCCESS)
                break;
        }
    }
    gsl_root_fsolver_free(s);
    return r;
}

/* Maximises L on [a, b] starting from the best grid point g. */
static void maximise(bc_work *w, double a, double b, double g, double *lhat, double *lmax)
{
    double fg = -loglik(w, g), fa = -loglik(w, a), fb = -loglik(w, b);
    *lhat = g;
    *lmax = -fg;
    if (!(fg < fa && fg < fb))
        return; /* the maximum is at an end of the range */
    gsl_function f = {neg_loglik, w};
    gsl_min_fminimizer *s = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    if (!s)
        return;
    if (gsl_min_fminimizer_set_with_values(s, &f, g, fg, a, fa, b, fb) == GSL_SUCCESS) {
        for (int it = 0; it < 500; it++) {
            if (gsl_min_fminimizer_iterate(s) != GSL_SUCCESS)
                break;
            double lo = gsl_min_fminimizer_x_lower(s), hi = gsl_min_fminimizer_x_upper(s);
            if (gsl_min_test_interval(lo, hi, 1e-12, 0.0) == GSL_SUCCESS)
                break;
        }
        *lhat = gsl_min_fminimizer_x_minimum(s);
        *lmax = -gsl_min_fminimizer_f_minimum(s);
    }
    gsl_min_fminimizer_free(s);
}

void lr_boxcox_free(lr_boxcox *bc)
{
    if (!bc)
        return;
    free(bc->lambda);
    free(bc->loglik);
    free(bc);
}

lr_status lr_boxcox_loglik_at(const lr_model *m, double lambda, double *out)
{
    lr__clear_error();
    if (!m || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "model and loglik must not be NULL");
    if (!isfinite(lambda))
        return lr__fail(LR_ERR_INVALID_ARG, "lambda is not finite");
    bc_work w;
    lr_status st = work_init(m, &w);
    if (st != LR_OK)
        return st;
    *out = loglik(&w, lambda);
    st = w.st;
    work_free(&w);
    return st;
}

lr_status lr_boxcox_profile(const lr_model *m, double lmin, double lmax, double step,
                            double level, lr_boxcox **out)
{
    lr__clear_error();
    lr__gsl_init();
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "the result pointer is NULL");
    *out = NULL;
    if (!m)
        return lr__fail(LR_ERR_INVALID_ARG, "model must not be NULL");
    if (!(step > 0)) {
        lmin = -2.0;
        lmax = 2.0;
        step = 0.1;
    }
    if (!(isfinite(lmin) && isfinite(lmax) && lmin < lmax))
        return lr__fail(LR_ERR_INVALID_ARG, "the lambda range [%g, %g] is empty or not finite",
                        lmin, lmax);
    if (!(level > 0 && level < 1))
        return lr__fail(LR_ERR_INVALID_ARG, "confidence level %g is not inside (0, 1)", level);
    double cnt = floor((lmax - lmin) / step + 1e-10);
    if (!(cnt >= 1 && cnt <= 1e6))
        return lr__fail(LR_ERR_INVALID_ARG, "the lambda grid from %g to %g by %g has %g points",
                        lmin, lmax, step, cnt + 1);
    bc_work w;
    lr_status st = work_init(m, &w);
    if (st != LR_OK)
        return st;
    lr_boxcox *bc = calloc(1, sizeof *bc);
    const size_t ng = (size_t)cnt + 1;
    if (bc) {
        bc->lambda = lr__calloc(ng, sizeof(double));
        bc->loglik = lr__calloc(ng, sizeof(double));
    }
    if (!bc || !bc->lambda || !bc->loglik) {
        lr_boxcox_free(bc);
        work_free(&w);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the Box-Cox grid");
    }
    bc->ngrid = ng;
    size_t best = 0;
    for (size_t i = 0; i < ng; i++) {
        /* as R's seq(from, to, by): from + i * by */
        bc->lambda[i] = lmin + (double)i * step;
        bc->loglik[i] = loglik(&w, bc->lambda[i]);
        if (bc->loglik[i] > bc->loglik[best])
            best = i;
    }
    const double a = bc->lambda[0], b = bc->lambda[ng - 1];
    maximise(&w, a, b, bc->lambda[best], &bc->lhat, &bc->lmax);
    root_ctx rc = {&w, bc->lmax - 0.5 * gsl_cdf_chisq_Pinv(level, 1.0)};
    bc->lo = above_cut(a, &rc) < 0 && bc->lhat > a ? find_root(&rc, a, bc->lhat) : NAN;
    bc->hi = above_cut(b, &rc) < 0 && bc->lhat < b ? find_root(&rc, bc->lhat, b) : NAN;
    st = w.st;
    work_free(&w);
    if (st != LR_OK) {
        lr_boxcox_free(bc);
        return st;
    }
    *out = bc;
    return LR_OK;
}

size_t lr_boxcox_grid_size(const lr_boxcox *bc) { return bc ? bc->ngrid : 0; }
const double *lr_boxcox_grid_lambda(const lr_boxcox *bc) { return bc ? bc->lambda : NULL; }
const double *lr_boxcox_grid_loglik(const lr_boxcox *bc) { return bc ? bc->loglik : NULL; }
double lr_boxcox_lambda_hat(const lr_boxcox *bc) { return bc ? bc->lhat : NAN; }
double lr_boxcox_loglik_max(const lr_boxcox *bc) { return bc ? bc->lmax : NAN; }
double lr_boxcox_ci_low(const lr_boxcox *bc) { return bc ? bc->lo : NAN; }
double lr_boxcox_ci_high(const lr_boxcox *bc) { return bc ? bc->hi : NAN; }
