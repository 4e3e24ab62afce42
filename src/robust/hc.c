/* Heteroscedasticity-consistent covariances HC0-HC5 as R's
 * sandwich::vcovHC (sandwich 3.0, meatHC with its default omega):
 *   V = (X'WX)^-1 (sum_i omega_i x_i x_i') (X'WX)^-1,
 *   res_i = w_i e_i (estfun.lm divided by x_i), h_i = w_i x_i'(X'WX)^-1 x_i,
 *   HC0 res^2; HC1 res^2 n/(n-k); HC2 res^2/(1-h); HC3 res^2/(1-h)^2;
 *   HC4 res^2/(1-h)^d, d = min(4, n h/k);
 *   HC4m d = min(1, n h/k) + min(1.5, n h/k);
 *   HC5 res^2/sqrt((1-h)^d), d = min(n h/k, max(4, 0.7 n max(h)/k)),
 * with n the rows of non-zero weight and k the rank (sandwich rounds
 * sum(h), which is k). Rows go through in blocks: HC0/HC1 accumulate the
 * meat of the scaled columns with dsyrk; the others whiten each block by
 * the inverse R factor (z_i = Ri' xs_i, so h_i = w_i |z_i|^2) and
 * accumulate sum omega_i z_i z_i'. One pass, O(n p^2); HC5 takes a first
 * pass for max(h). */
#include "robust_internal.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#define HC_BLOCK 256

typedef struct hc_ctx {
    const lr_model *m;
    lr_vcov_type type;
    size_t k;
    double n, hmax;
    const double *ri;
    double *xb;     /* HC_BLOCK x k, column-major */
    double *meat;   /* k x k */
    size_t rows[HC_BLOCK];
} hc_ctx;

/* Fills the block with the scaled rows listed in c->rows, whitened by Ri
 * when needed. */
static void load_block(hc_ctx *c, size_t nb, int whiten)
{
    for (size_t a = 0; a < c->k; a++)
        for (size_t r = 0; r < nb; r++)
            c->xb[r + a * HC_BLOCK] = lr__robust_xs(c->m, c->rows[r], a);
    if (whiten)
        cblas_dtrmm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, (int)nb,
                    (int)c->k, 1.0, c->ri, (int)c->k, c->xb, HC_BLOCK);
}

static double hat_of(const hc_ctx *c, size_t r, double w)
{
    double s = 0.0;
    for (size_t a = 0; a < c->k; a++) {
        double z = c->xb[r + a * HC_BLOCK];
        s += z * z;
    }
    return w * s;
}

static double omega(const hc_ctx *c, double res, double h)
{
    const double n = c->n, k = (double)c->k, r2 = res * res;
    switch (c->type) {
    case LR_VCOV_HC0: return r2;
    case LR_VCOV_HC1: return r2 * n / (n - k);
    case LR_VCOV_HC2: return r2 / (1.0 - h);
    case LR_VCOV_HC3: return r2 / ((1.0 - h) * (1.0 - h));
    case LR_VCOV_HC4: return r2 / pow(1.0 - h, fmin(4.0, n * h / k));
    case LR_VCOV_HC4M: {
        double nh = n * h / k;
        return r2 / pow(1.0 - h, fmin(1.0, nh) + fmin(1.5, nh));
    }
    case LR_VCOV_HC5: {
        double d = fmin(n * h / k, fmax(4.0, n * 0.7 * c->hmax / k));
        return r2 / sqrt(pow(1.0 - h, d));
    }
    default: return NAN;
    }
}

/* One pass over the rows. pass 0: max of h only; pass 1: the meat. */
static lr_status run_pass(hc_ctx *c, int pass)
{
    const lr_model *m = c->m;
    const int need_h = c->type >= LR_VCOV_HC2;
    size_t nb = 0;
    for (size_t i = 0; i <= m->nobs; i++) {
        if (i < m->nobs) {
            if (lr__weight(m, i) == 0.0)
                continue;
            c->rows[nb++] = i;
            if (nb < HC_BLOCK)
                continue;
        }
        if (nb == 0)
            break;
        load_block(c, nb, need_h);
        for (size_t r = 0; r < nb; r++) {
            size_t row = c->rows[r];
            double w = lr__weight(m, row);
            double h = need_h ? hat_of(c, r, w) : 0.0;
            if (need_h && !(h < 1.0 - 10.0 * DBL_EPSILON))
                return lr__fail(LR_ERR_UNDEFINED,
                                "row %zu has hat value 1 (it alone determines a coefficient): "
                                "%s is undefined; use HC0 or HC1",
                                row + 1, lr_vcov_type_name(c->type));
            if (pass == 0) {
                if (h > c->hmax)
                    c->hmax = h;
                continue;
            }
            double s = sqrt(omega(c, w * m->resid[row], h));
            for (size_t a = 0; a < c->k; a++)
                c->xb[r + a * HC_BLOCK] *= s;
        }
        if (pass == 1)
            cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, (int)c->k, (int)nb, 1.0, c->xb,
                        HC_BLOCK, 1.0, c->meat, (int)c->k);
        nb = 0;
    }
    return LR_OK;
}

lr_status lr__robust_hc(const lr_model *m, lr_vcov_type type, double *vcov)
{
    hc_ctx c = {0};
    c.m = m;
    c.type = type;
    c.k = m->rank;
    c.n = m->n_used;
    double *ri = NULL;
    lr_status st = lr__robust_rinv(m, &ri);
    if (st != LR_OK)
        return st;
    c.ri = ri;
    c.xb = lr__calloc(HC_BLOCK * c.k, sizeof(double));
    c.meat = lr__calloc(c.k * c.k, sizeof(double));
    if (!c.xb || !c.meat) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the HC workspace");
        goto done;
    }
    if (type == LR_VCOV_HC5 && (st = run_pass(&c, 0)) != LR_OK)
        goto done;
    if ((st = run_pass(&c, 1)) != LR_OK)
        goto done;
    /* dsyrk filled the upper triangle; the sandwich steps read it symmetrised. */
    for (size_t j = 0; j < c.k; j++)
        for (size_t i = j + 1; i < c.k; i++)
            c.meat[i + j * c.k] = c.meat[j + i * c.k];
    if (type >= LR_VCOV_HC2)
        st = lr__robust_sandwich_z(m, ri, c.meat, 1.0, vcov);
    else
        st = lr__robust_sandwich_scaled(m, c.meat, 1.0, vcov);
done:
    free(ri);
    free(c.xb);
    free(c.meat);
    return st;
}
