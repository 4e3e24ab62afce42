/* From the triangular factor of [X | y] to coefficients, aliasing and the
 * unscaled covariance.
 *
 * Rank decisions are scale-invariant: column j is aliased when the part of
 * it orthogonal to the kept columns before it is shorter than rank_tol
 * times its own norm, i.e. |R_jj| / ||x_j|| < rank_tol in the factor of the
 * kept columns (the sine of the angle between x_j and their span). Each
 * aliased column is removed and the factor of the rest re-triangularized
 * before the next column is judged, so a decision never rests on the noise
 * direction of a removed column. Walking the columns in order aliases the
 * later of two collinear columns, as R's lm does. */
#include "model.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Removes column q from the rows x cols column-major matrix a (leading
 * dimension lda) and re-triangularizes it. */
static lr_status drop_column(double *a, size_t lda, size_t rows, size_t cols, size_t q)
{
    for (size_t j = q; j + 1 < cols; j++)
        memcpy(a + j * lda, a + (j + 1) * lda, rows * sizeof(double));
    size_t nc = cols - 1;
    double *tau = lr__calloc(nc, sizeof(double));
    if (!tau)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu doubles", nc);
    lapack_int info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, (lapack_int)rows, (lapack_int)nc, a,
                                     (lapack_int)lda, tau);
    free(tau);
    if (info != 0)
        return lr__fail(LR_ERR_NUMERIC, "LAPACK dgeqrf failed (info %d)", (int)info);
    for (size_t j = 0; j < nc; j++)
        for (size_t i = j + 1; i < rows; i++)
            a[i + j * lda] = 0.0;
    return LR_OK;
}

/* 2-norm condition number of the rank x rank upper triangular rs after
 * scaling its columns to unit norm. */
static lr_status condition_number(const double *rs, size_t rank, double *cond)
{
    *cond = rank ? 1.0 : NAN;
    if (rank < 2)
        return LR_OK;
    double *a = lr__calloc(rank * rank, sizeof(double));
    double *s = lr__calloc(rank, sizeof(double));
    double *superb = lr__calloc(rank, sizeof(double));
    lr_status st = LR_OK;
    if (!a || !s || !superb) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the condition-number workspace");
        goto done;
    }
    for (size_t j = 0; j < rank; j++) {
        double nrm = cblas_dnrm2((int)(j + 1), rs + j * rank, 1);
        for (size_t i = 0; i <= j; i++)
            a[i + j * rank] = rs[i + j * rank] / nrm;
    }
    lapack_int info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'N', 'N', (lapack_int)rank,
                                     (lapack_int)rank, a, (lapack_int)rank, s, NULL, 1, NULL, 1,
                                     superb);
    if (info != 0) {
        st = lr__fail(LR_ERR_NUMERIC, "LAPACK dgesvd failed (info %d)", (int)info);
        goto done;
    }
    *cond = s[rank - 1] > 0 ? s[0] / s[rank - 1] : INFINITY;
done:
    free(a);
    free(s);
    free(superb);
    return st;
}

lr_status lr__solve_from_r(lr_model *model, const double *r, size_t m, double rank_tol,
                           double *cov_unscaled, double *rss_qr, double *mss_qr)
{
    const size_t p = model->p;
    lr_status st = LR_OK;
    double *cur = lr__calloc(m * m, sizeof(double));
    double *norms = lr__calloc(p, sizeof(double));
    size_t *pos = lr__calloc(m, sizeof(size_t)); /* original index of each current column */
    if (!cur || !norms || !pos) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the solver workspace for %zu columns", p);
        goto done;
    }
    memcpy(cur, r, m * m * sizeof(double));
    for (size_t j = 0; j < p; j++)
        norms[j] = cblas_dnrm2((int)(j + 1), r + j * m, 1);
    for (size_t j = 0; j < m; j++)
        pos[j] = j;

    size_t cols = m;
    for (size_t q = 0; q + 1 < cols;) {
        size_t j = pos[q];
        int aliased = norms[j] == 0.0 || !(fabs(cur[q + q * m]) >= rank_tol * norms[j]);
        if (!aliased) {
            q++;
            continue;
        }
        model->aliased[j] = 1;
        st = drop_column(cur, m, m, cols, q);
        if (st != LR_OK)
            goto done;
        memmove(pos + q, pos + q + 1, (cols - q - 1) * sizeof(size_t));
        cols--;
    }
    const size_t rank = cols - 1;
    model->rank = rank;
    free(model->keep);
    free(model->rfac);
    free(model->rscale);
    model->keep = lr__calloc(rank, sizeof(size_t));
    model->rfac = lr__calloc(rank * rank, sizeof(double));
    model->rscale = lr__calloc(rank, sizeof(double));
    double *cvec = lr__calloc(rank, sizeof(double));
    if (!model->keep || !model->rfac || !model->rscale || !cvec) {
        free(cvec);
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the factor of rank %zu", rank);
        goto done;
    }
    /* Scale by powers of two, so Rs = Rc diag(scale) is exact. */
    for (size_t a = 0; a < rank; a++) {
        size_t j = pos[a];
        int e;
        frexp(norms[j], &e);
        model->keep[a] = j;
        model->rscale[a] = ldexp(1.0, -e);
        for (size_t i = 0; i <= a; i++)
            model->rfac[i + a * rank] = cur[i + a * m] * model->rscale[a];
        cvec[a] = cur[a + rank * m];
    }
    double yres = cur[rank + rank * m];
    *rss_qr = yres * yres;
    *mss_qr = 0.0;
    for (size_t a = model->intercept ? 1 : 0; a < rank; a++)
        *mss_qr += cvec[a] * cvec[a];

    for (size_t j = 0; j < p; j++)
        model->coef[j] = NAN;
    for (size_t i = 0; i < p * p; i++)
        cov_unscaled[i] = NAN;
    if (rank > 0) {
        cblas_dtrsv(CblasColMajor, CblasUpper, CblasNoTrans, CblasNonUnit, (int)rank,
                    model->rfac, (int)rank, cvec, 1);
        for (size_t a = 0; a < rank; a++)
            model->coef[model->keep[a]] = cvec[a] * model->rscale[a];
        /* (Rs' Rs)^-1 from the triangular factor: never invert X'X. */
        memcpy(cur, model->rfac, rank * rank * sizeof(double));
        lapack_int info = LAPACKE_dpotri(LAPACK_COL_MAJOR, 'U', (lapack_int)rank, cur,
                                         (lapack_int)rank);
        if (info != 0) {
            free(cvec);
            st = lr__fail(LR_ERR_NUMERIC, "LAPACK dpotri failed (info %d)", (int)info);
            goto done;
        }
        for (size_t a = 0; a < rank; a++)
            for (size_t b = 0; b < rank; b++) {
                double z = a <= b ? cur[a + b * rank] : cur[b + a * rank];
                cov_unscaled[model->keep[a] * p + model->keep[b]] =
                    z * model->rscale[a] * model->rscale[b];
            }
    }
    free(cvec);
    st = condition_number(model->rfac, rank, &model->cond);
done:
    free(cur);
    free(norms);
    free(pos);
    return st;
}
