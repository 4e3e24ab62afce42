/* Multicollinearity: VIF and GVIF (car::vif) and Belsley-Kuh-Welsch
 * condition indices with variance-decomposition proportions
 * (perturb::colldiag), all from the model's triangular factor in O(p^3).
 *
 * With an intercept, the Schur complement of the intercept in Rs'Rs is
 * S'S, S the trailing block of Rs: the (weighted) centered cross-product
 * matrix A of the slopes (columns scaled by rscale, which cancels below).
 * Its inverse V = S^-1 S^-T is the slopes' block of (X'WX)^-1, whose
 * correlation matrix car::vif works with. Since det(V_-T) / det(V) =
 * det(A_TT) for a set of columns T, car's
 *   GVIF_T = det(Rcor_TT) det(Rcor_-T) / det(Rcor) = det(V_TT) det(A_TT),
 * a single column giving VIF_j = V_jj A_jj = 1 / (1 - R^2_j). Without an
 * intercept S = Rs and the same formulas give car's (uncentered) values.
 * The determinants come from QR factors of column blocks of S and of
 * S^-T, so their accuracy follows cond(S), not cond(S)^2. */
#include "../fit/model.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Slope block of the factor: *off = 1 when the first kept column is the
 * intercept. */
static size_t slope_block(const lr_model *m, size_t *off)
{
    *off = m->intercept && m->rank > 0 && m->keep[0] == 0 ? 1 : 0;
    return m->rank - *off;
}

/* s x s copies of S (upper triangular) and S^-T (lower triangular). */
static lr_status slope_factors(const lr_model *m, size_t off, size_t s, double *S, double *SinvT)
{
    const size_t r = m->rank;
    for (size_t b = 0; b < s; b++)
        for (size_t a = 0; a < s; a++)
            S[a + b * s] = a <= b ? m->rfac[(a + off) + (b + off) * r] : 0.0;
    memcpy(SinvT, S, s * s * sizeof(double));
    lapack_int info = LAPACKE_dtrtri(LAPACK_COL_MAJOR, 'U', 'N', (lapack_int)s, SinvT,
                                     (lapack_int)s);
    if (info != 0)
        return lr__fail(LR_ERR_NUMERIC, "LAPACK dtrtri failed (info %d)", (int)info);
    /* transpose in place: SinvT = (S^-1)' */
    for (size_t b = 0; b < s; b++)
        for (size_t a = b + 1; a < s; a++) {
            SinvT[a + b * s] = SinvT[b + a * s];
            SinvT[b + a * s] = 0.0;
        }
    return LR_OK;
}

lr_status lr_vif(const lr_model *model, double *out, size_t len)
{
    lr__clear_error();
    if (!model || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "model and out must not be NULL");
    if (len < model->p)
        return lr__fail(LR_ERR_DIMENSION, "out holds %zu values but the model has %zu coefficients",
                        len, model->p);
    for (size_t j = 0; j < model->p; j++)
        out[j] = NAN;
    size_t off;
    const size_t s = slope_block(model, &off);
    if (s == 0)
        return LR_OK;
    double *S = lr__calloc(2 * s * s, sizeof(double));
    if (!S)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the VIF workspace");
    double *SinvT = S + s * s;
    lr_status st = slope_factors(model, off, s, S, SinvT);
    for (size_t j = 0; j < s && st == LR_OK; j++) {
        double a = 0.0, v = 0.0;
        for (size_t i = 0; i <= j; i++)
            a += S[i + j * s] * S[i + j * s];
        for (size_t i = j; i < s; i++)
            v += SinvT[i + j * s] * SinvT[i + j * s];
        out[model->keep[j + off]] = a * v;
    }
    free(S);
    return st;
}

/* log det(M_TT) for M = F'F, F s x s (column-major), T the columns listed:
 * QR of F[:, T], twice the log of |diag(R)|. */
static lr_status logdet_gram(const double *F, size_t s, const size_t *cols, size_t nt,
                             double *work, double *tau, double *out)
{
    for (size_t c = 0; c < nt; c++)
        memcpy(work + c * s, F + cols[c] * s, s * sizeof(double));
    lapack_int info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, (lapack_int)s, (lapack_int)nt, work,
                                     (lapack_int)s, tau);
    if (info != 0)
        return lr__fail(LR_ERR_NUMERIC, "LAPACK dgeqrf failed (info %d)", (int)info);
    double ld = 0.0;
    for (size_t c = 0; c < nt; c++)
        ld += 2.0 * log(fabs(work[c + c * s]));
    *out = ld;
    return LR_OK;
}

lr_status lr_gvif(const lr_model *model, const int *assign, size_t nterms, double *gvif,
                  double *gvif_adj, double *df, size_t len)
{
    lr__clear_error();
    if (!model || !assign)
        return lr__fail(LR_ERR_INVALID_ARG, "model and assign must not be NULL");
    if (nterms == 0)
        return lr__fail(LR_ERR_INVALID_ARG, "nterms must be at least 1");
    if (len < nterms)
        return lr__fail(LR_ERR_DIMENSION, "the outputs hold %zu values but there are %zu terms",
                        len, nterms);
    const size_t p = model->p;
    for (size_t j = 0; j < p; j++) {
        const int t = assign[j];
        if (model->intercept && j == 0) {
            if (t != 0)
                return lr__fail(LR_ERR_INVALID_ARG,
                                "assign[0] is %d but the intercept belongs to no term (0)", t);
        } else if (t < 1 || (size_t)t > nterms) {
            return lr__fail(LR_ERR_INVALID_ARG,
                            "assign[%zu] (coefficient '%s') is %d, not a term in 1..%zu", j,
                            model->names[j], t, nterms);
        }
    }
    for (size_t t = 1; t <= nterms; t++) {
        size_t cols = 0;
        for (size_t j = 0; j < p; j++)
            cols += assign[j] == (int)t;
        if (cols == 0)
            return lr__fail(LR_ERR_INVALID_ARG, "term %zu has no coefficient in assign", t);
    }
    for (size_t t = 0; t < nterms; t++) {
        if (gvif)
            gvif[t] = NAN;
        if (gvif_adj)
            gvif_adj[t] = NAN;
        if (df)
            df[t] = NAN;
    }
    size_t off;
    const size_t s = slope_block(model, &off);
    if (s == 0)
        return LR_OK;
    double *S = lr__calloc(4 * s * s + s, sizeof(double));
    size_t *cols = lr__calloc(s, sizeof(size_t));
    if (!S || !cols) {
        free(S);
        free(cols);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the GVIF workspace");
    }
    double *SinvT = S + s * s, *work = SinvT + s * s, *tau = work + 2 * s * s;
    lr_status st = slope_factors(model, off, s, S, SinvT);
    for (size_t t = 1; t <= nterms && st == LR_OK; t++) {
        size_t nt = 0;
        for (size_t a = 0; a < s; a++)
            if (assign[model->keep[a + off]] == (int)t)
                cols[nt++] = a;
        if (nt == 0)
            continue;
        /* det(A_TT): A = S'S; det(V_TT): V = S^-1 S^-T = (S^-T)'(S^-T) */
        double lda, ldv;
        if ((st = logdet_gram(S, s, cols, nt, work, tau, &lda)) != LR_OK ||
            (st = logdet_gram(SinvT, s, cols, nt, work, tau, &ldv)) != LR_OK)
            break;
        const double g = exp(lda + ldv);
        if (gvif)
            gvif[t - 1] = g;
        if (gvif_adj)
            gvif_adj[t - 1] = pow(g, 1.0 / (2.0 * (double)nt));
        if (df)
            df[t - 1] = (double)nt;
    }
    free(S);
    free(cols);
    return st;
}

lr_status lr_collinearity_diagnostics(const lr_model *model, double *cond_index,
                                      double *proportions, size_t len)
{
    lr__clear_error();
    if (!model || !cond_index)
        return lr__fail(LR_ERR_INVALID_ARG, "model and cond_index must not be NULL");
    const size_t p = model->p, r = model->rank;
    if (len < p)
        return lr__fail(LR_ERR_DIMENSION,
                        "cond_index holds %zu values but the model has %zu coefficients", len, p);
    for (size_t k = 0; k < p; k++)
        cond_index[k] = NAN;
    if (proportions)
        for (size_t k = 0; k < p * p; k++)
            proportions[k] = NAN;
    if (r == 0)
        return LR_OK;
    double *a = lr__calloc(2 * r * r + 2 * r, sizeof(double));
    if (!a)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the collinearity workspace");
    double *vt = a + r * r, *sv = vt + r * r, *superb = sv + r;
    /* the weighted design with unit-length columns has the factor Rs with
     * unit-length columns: same singular values and right vectors */
    for (size_t j = 0; j < r; j++) {
        double nrm = 0.0;
        for (size_t i = 0; i <= j; i++)
            nrm += model->rfac[i + j * r] * model->rfac[i + j * r];
        nrm = sqrt(nrm);
        for (size_t i = 0; i <= j; i++)
            a[i + j * r] = model->rfac[i + j * r] / nrm;
    }
    lr_status st = LR_OK;
    lapack_int info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'N', 'A', (lapack_int)r, (lapack_int)r, a,
                                     (lapack_int)r, sv, NULL, 1, vt, (lapack_int)r, superb);
    if (info != 0) {
        st = lr__fail(LR_ERR_NUMERIC, "LAPACK dgesvd failed (info %d)", (int)info);
        goto done;
    }
    for (size_t k = 0; k < r; k++)
        cond_index[k] = sv[0] / sv[k];
    if (proportions) {
        /* v_jk = vt[k + j r]; phi_jk = v_jk^2 / d_k^2; pi_kj = phi_jk / sum_l phi_jl */
        for (size_t jj = 0; jj < r; jj++) {
            double total = 0.0;
            for (size_t k = 0; k < r; k++) {
                double v = vt[k + jj * r] / sv[k];
                total += v * v;
            }
            const size_t j = model->keep[jj];
            for (size_t k = 0; k < r; k++) {
                double v = vt[k + jj * r] / sv[k];
                proportions[k * p + j] = v * v / total;
            }
        }
    }
done:
    free(a);
    return st;
}
