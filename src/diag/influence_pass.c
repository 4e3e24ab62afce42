/* Influence measures in closed form, as R's lm.influence / influence.measures,
 * in one pass over the rows.
 *
 * With Rs the model's factor of the scaled weighted design (X~ D = Q Rs,
 * X~ = W^1/2 X over the non-aliased columns, D = diag(rscale)), a row
 * x~_i D gives z_i = Rs^-T D x~_i and h_i = ||z_i||^2 (the leverage), and
 * u_i = Rs^-1 z_i = D^-1 (X~'X~)^-1 x~_i, so
 *   dfbeta_i  = D u_i e_i / (1 - h_i)                  (b - b_(i))
 *   dfbetas_i = u_i e_i / (1 - h_i) / (s_(i) sqrt(diag((Rs'Rs)^-1)))
 * Rows are taken LR_DIAG_BLOCK at a time and solved with two level-3
 * triangular solves, so the pass costs O(n k^2) and its memory O(k * block);
 * nothing n x k is formed besides the caller's own DFBETA(S) arrays. */
#include "influence_pass.h"
#include "design_rows.h"

#include <cblas.h>
#include <float.h>
#include <gsl/gsl_cdf.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

lr_status lr__influence_check(const lr_model *m)
{
    lr_status st = lr__require_rows(m, "influence measures");
    if (st != LR_OK)
        return st;
    if (m->rank == 0)
        return lr__fail(LR_ERR_UNDEFINED, "influence measures are undefined for a model of rank 0");
    if (m->n_used < (double)m->rank + 2.0)
        return lr__fail(LR_ERR_TOO_FEW_ROWS,
                        "influence measures need at least rank + 2 = %zu rows with non-zero "
                        "weight, the model has %.0f",
                        m->rank + 2, m->n_used);
    return lr__require_residuals(m, "influence measures");
}

double lr__rows_with_leverage(const lr_model *m)
{
    if (m->intercept)
        return m->n_used;
    double count = 0;
    for (size_t i = 0; i < m->nobs; i++) {
        if (lr__weight(m, i) == 0.0)
            continue;
        for (size_t a = 0; a < m->rank; a++)
            if (lr__design(m, i, m->keep[a]) != 0.0) {
                count += 1.0;
                break;
            }
    }
    return count;
}

lr_status lr__infl_consts_init(const lr_model *m, int flags, double n_pos, lr__infl_consts *c)
{
    memset(c, 0, sizeof *c);
    c->k = (double)m->rank;
    c->n = m->n_used;
    c->rss = m->rss;
    c->s = sqrt(c->rss / (c->n - c->k));
    c->denom = c->n - c->k - 1.0;
    c->inv_s = 1.0 / c->s;
    c->inv_denom = 1.0 / c->denom;
    c->inv_k = 1.0 / c->k;
    c->n_pos = c->n;
    if (flags) {
        c->n_pos = n_pos;
        if (c->n_pos <= c->k)
            return lr__fail(LR_ERR_TOO_FEW_ROWS,
                            "influence flags need more rows with leverage > 0 (%.0f) than "
                            "coefficients (%zu)",
                            c->n_pos, m->rank);
        c->cut_dffits = 3.0 * sqrt(c->k / (c->n_pos - c->k));
        c->cut_covratio = 3.0 * c->k / (c->n_pos - c->k);
        c->cut_hat = 3.0 * c->k / c->n_pos;
        c->cook_median = gsl_cdf_fdist_Pinv(0.5, c->k, c->n_pos - c->k);
    }
    return LR_OK;
}

unsigned char lr__infl_cook_flag(const lr__infl_consts *c, double cook)
{
    return isfinite(cook) && gsl_cdf_fdist_P(cook, c->k, c->n_pos - c->k) > 0.5
               ? LR_INFL_FLAG_COOKS_D
               : 0;
}

lr_status lr__influence_pass(const lr_model *m, const lr__infl_request *req)
{
    lr_status st = lr__influence_check(m);
    if (st != LR_OK)
        return st;
    lr__gsl_init();
    const size_t r = m->rank, p = m->p, nobs = m->nobs, B = LR_DIAG_BLOCK;
    double *const *out = req->out;
    const int out_dfb = out && out[LR_INFL_DFBETA], out_dfbs = out && out[LR_INFL_DFBETAS];
    const int need_flags = req->flags || req->want_flags;
    const int need_dfb = out_dfb || req->want_dfbeta;
    const int need_dfbs = out_dfbs || req->want_dfbetas || need_flags;

    lr__infl_consts c;
    if ((st = lr__infl_consts_init(m, need_flags, need_flags ? lr__rows_with_leverage(m) : 0.0,
                                   &c)) != LR_OK)
        return st;

    /* workspace: block of rows, sqrt(w), scalar measures, dfbeta(s), flags,
     * and 1 / sqrt(diag((Rs'Rs)^-1)) */
    const size_t nd = r * B + B + LR_INFL_SCALARS * B + 2 * B * p + r + r * r;
    double *ws = lr__calloc(nd, sizeof(double));
    unsigned char *fl = lr__calloc(B, 1);
    if (!ws || !fl) {
        free(ws);
        free(fl);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the influence workspace");
    }
    double *xb = ws, *sw = xb + r * B, *vb = sw + B, *dfb = vb + LR_INFL_SCALARS * B;
    double *dfbs = dfb + B * p, *inv_sd = dfbs + B * p, *rinv = inv_sd + r;

    /* diag((Rs'Rs)^-1)_a = squared norm of row a of Rs^-1 */
    memcpy(rinv, m->rfac, r * r * sizeof(double));
    lapack_int info = LAPACKE_dtrtri(LAPACK_COL_MAJOR, 'U', 'N', (lapack_int)r, rinv,
                                     (lapack_int)r);
    if (info != 0) {
        st = lr__fail(LR_ERR_NUMERIC, "LAPACK dtrtri failed (info %d)", (int)info);
        goto done;
    }
    for (size_t a = 0; a < r; a++) {
        double ss = 0.0;
        for (size_t b = a; b < r; b++)
            ss += rinv[a + b * r] * rinv[a + b * r];
        inv_sd[a] = 1.0 / sqrt(ss);
    }

    for (size_t first = 0; first < nobs; first += B) {
        const size_t cnt = nobs - first < B ? nobs - first : B;
        double *v[LR_INFL_SCALARS];
        for (int q = 0; q < LR_INFL_SCALARS; q++)
            v[q] = out && out[q] ? out[q] + first : vb + (size_t)q * B;
        double *db = out_dfb ? out[LR_INFL_DFBETA] + first * p : dfb;
        double *dbs = out_dfbs ? out[LR_INFL_DFBETAS] + first * p : dfbs;
        unsigned char *fb = req->flags ? req->flags + first : fl;

        lr__pack_rows(m, first, cnt, 1, xb, sw);
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasTrans, CblasNonUnit, (int)r,
                    (int)cnt, 1.0, m->rfac, (int)r, xb, (int)r);
        double *hraw = vb + (size_t)LR_INFL_HAT * B; /* scratch when out[HAT] is the caller's */
        for (size_t b = 0; b < cnt; b++) {
            const double *z = xb + b * r;
            double h = 0.0;
            for (size_t a = 0; a < r; a++)
                h += z[a] * z[a];
            hraw[b] = h;
        }
        if (need_dfb || need_dfbs)
            cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, (int)r,
                        (int)cnt, 1.0, m->rfac, (int)r, xb, (int)r);

        for (size_t b = 0; b < cnt; b++) {
            const size_t i = first + b;
            if (sw[b] == 0.0) {
                for (int q = 0; q < LR_INFL_SCALARS; q++)
                    v[q][b] = NAN;
                if (need_dfb)
                    for (size_t j = 0; j < p; j++)
                        db[b * p + j] = NAN;
                if (need_dfbs)
                    for (size_t j = 0; j < p; j++)
                        dbs[b * p + j] = NAN;
                fb[b] = 0;
                continue;
            }
            double row[LR_INFL_SCALARS];
            const double e = sw[b] * m->resid[i];
            const double fs = lr__infl_row(&c, hraw[b], e, row);
            for (int q = 0; q < LR_INFL_SCALARS; q++)
                v[q][b] = row[q];
            const double h = row[LR_INFL_HAT];

            int over = 0;
            if (need_dfb || need_dfbs) {
                const double *u = xb + b * r;
                const double fac = h == 1.0 ? 0.0 : e / (1.0 - h);
                if (need_dfb) {
                    double *d = db + b * p;
                    if (r < p)
                        for (size_t j = 0; j < p; j++)
                            d[j] = NAN;
                    for (size_t a = 0; a < r; a++)
                        d[m->keep[a]] = u[a] * m->rscale[a] * fac;
                }
                if (need_dfbs) {
                    double *d = dbs + b * p;
                    if (r < p)
                        for (size_t j = 0; j < p; j++)
                            d[j] = NAN;
                    for (size_t a = 0; a < r; a++) {
                        const double x = u[a] * inv_sd[a] * fs;
                        d[m->keep[a]] = x;
                        over |= fabs(x) > 1.0;
                    }
                    if (!isfinite(fs)) { /* s_(i) = 0: NaN, as influence.measures */
                        over = 0;
                        for (size_t a = 0; a < r; a++)
                            d[m->keep[a]] = lr__finite_or_nan(d[m->keep[a]]);
                    }
                }
            }
            fb[b] = need_flags ? lr__infl_flags(&c, row, over) : 0;
        }
        if (req->visit) {
            lr__infl_block blk;
            blk.first = first;
            blk.count = cnt;
            for (int q = 0; q < LR_INFL_SCALARS; q++)
                blk.v[q] = v[q];
            blk.sw = sw;
            blk.dfbeta = req->want_dfbeta ? db : NULL;
            blk.dfbetas = req->want_dfbetas ? dbs : NULL;
            blk.flags = req->want_flags ? fb : NULL;
            if ((st = req->visit(req->ctx, &blk)) != LR_OK)
                goto done;
        }
    }
done:
    free(ws);
    free(fl);
    return st;
}
