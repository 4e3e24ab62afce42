/* The cheaper refinements, for large well-conditioned-enough problems
 * where Björck's full refinement (refine.c) would cost many times the fit:
 *
 * Covariance. Z ~ (A'A)^-1 from a triangular factor R of A is refined by
 *     Z <- Z + R^-1 R^-T (I - A'A Z)
 * with A'A accumulated and the residual I - A'A Z formed in double-double.
 * Each step shrinks the error by about kappa(A) u (R is the exact factor of
 * a nearby A); the rounding of the residual leaves an error of order
 * kappa^4 u_dd, negligible while kappa < 1e4, which is where this path is
 * used (refine.c takes larger kappa column by column through the augmented
 * system). A is the weighted design of the non-aliased columns, scaled by
 * the model's power-of-two column scales.
 *
 * Residuals. When the fit is close to exact (||r|| << ||y||), y - Xb in
 * double loses digits to cancellation; recomputing it in double-double
 * restores them without touching the coefficients. */
#include "ddouble.h"
#include "model.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const lr_model *m;
    lr_dd *partial; /* nchunks x r x r */
} gram_job;

static void gram_chunk(void *ctx, size_t c)
{
    gram_job *jb = ctx;
    const lr_model *m = jb->m;
    const size_t r = m->rank;
    lr_dd *g = jb->partial + c * r * r;
    lr_dd stack[128];
    lr_dd *heap = r > 128 ? lr__calloc(r, sizeof(lr_dd)) : NULL;
    lr_dd *row = r > 128 ? heap : stack;
    if (!row) {
        g[0] = lr_dd_from(NAN); /* reported by gram_dd */
        return;
    }
    const size_t from = c * LR_CHUNK_ROWS;
    const size_t to = from + LR_CHUNK_ROWS < m->nobs ? from + LR_CHUNK_ROWS : m->nobs;
    for (size_t i = from; i < to; i++) {
        const double w = lr__weight(m, i);
        if (w == 0.0)
            continue;
        const lr_dd sw = lr_dd_sqrt(lr_dd_from(w));
        for (size_t k = 0; k < r; k++) {
            const size_t j = m->keep[k];
            lr_dd x = lr_dd_quick_two_sum(lr__design(m, i, j), lr__design_lo(m, i, j));
            row[k] = lr_dd_mul_d(lr_dd_mul(x, sw), m->rscale[k]);
        }
        for (size_t b = 0; b < r; b++)
            for (size_t k = 0; k <= b; k++)
                g[k + b * r] = lr_dd_add(g[k + b * r], lr_dd_mul(row[k], row[b]));
    }
    free(heap);
}

/* G = A'A in double-double (column-major, full), chunks in order. */
static lr_status gram_dd(const lr_model *m, lr_dd *G)
{
    const size_t r = m->rank;
    const size_t nchunks = (m->nobs + LR_CHUNK_ROWS - 1) / LR_CHUNK_ROWS;
    gram_job jb = {m, lr__calloc(nchunks * r * r, sizeof(lr_dd))};
    if (!jb.partial)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the Gram matrices (%zu x %zu)", r, r);
    lr__parallel_chunks(nchunks, 0, gram_chunk, &jb);
    memset(G, 0, r * r * sizeof(lr_dd));
    for (size_t c = 0; c < nchunks; c++)
        for (size_t b = 0; b < r; b++)
            for (size_t k = 0; k <= b; k++)
                G[k + b * r] = lr_dd_add(G[k + b * r], jb.partial[c * r * r + k + b * r]);
    for (size_t b = 0; b < r; b++)
        for (size_t k = 0; k < b; k++)
            G[b + k * r] = G[k + b * r];
    free(jb.partial);
    if (isnan(G[0].hi))
        return lr__fail(LR_ERR_NOMEM, "cannot allocate a row of %zu columns", r);
    return LR_OK;
}

lr_status lr__gram_refine(const lr_model *m, const double *R, size_t ldr, double *Z)
{
    const size_t r = m->rank;
    lr_dd *G = lr__calloc(r * r, sizeof(lr_dd));
    double *E = lr__calloc(r * r, sizeof(double));
    lr_status st = LR_OK;
    if (!G || !E) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the covariance refinement");
        goto done;
    }
    if ((st = gram_dd(m, G)) != LR_OK)
        goto done;
    for (int iter = 0; iter < 3; iter++) {
        for (size_t b = 0; b < r; b++)
            for (size_t a = 0; a < r; a++) {
                lr_dd acc = lr_dd_from(a == b ? 1.0 : 0.0);
                for (size_t c = 0; c < r; c++)
                    acc = lr_dd_add(acc, lr_dd_neg(lr_dd_mul_d(G[a + c * r], Z[c + b * r])));
                E[a + b * r] = acc.hi;
            }
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasTrans, CblasNonUnit, (int)r, (int)r,
                    1.0, R, (int)ldr, E, (int)r);
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, (int)r,
                    (int)r, 1.0, R, (int)ldr, E, (int)r);
        for (size_t i = 0; i < r * r; i++)
            Z[i] += E[i];
        for (size_t a = 0; a < r; a++)
            for (size_t b = a + 1; b < r; b++)
                Z[a + b * r] = Z[b + a * r] = 0.5 * (Z[a + b * r] + Z[b + a * r]);
    }
done:
    free(G);
    free(E);
    return st;
}

/* (R'R)^-1 of the upper triangular r x r matrix R (leading dimension ldr),
 * full and column-major, into Z. */
lr_status lr__inverse_gram(const double *R, size_t ldr, size_t r, double *Z)
{
    for (size_t b = 0; b < r; b++)
        for (size_t a = 0; a < r; a++)
            Z[a + b * r] = a <= b ? R[a + b * ldr] : 0.0;
    lapack_int info = LAPACKE_dpotri(LAPACK_COL_MAJOR, 'U', (lapack_int)r, Z, (lapack_int)r);
    if (info != 0)
        return lr__fail(LR_ERR_NUMERIC, "LAPACK dpotri failed (info %d)", (int)info);
    for (size_t a = 0; a < r; a++)
        for (size_t b = a + 1; b < r; b++)
            Z[b + a * r] = Z[a + b * r];
    return LR_OK;
}

void lr__store_cov(const lr_model *m, const double *Z, double *cov_unscaled)
{
    const size_t r = m->rank, p = m->p;
    for (size_t a = 0; a < r; a++)
        for (size_t b = 0; b < r; b++)
            cov_unscaled[m->keep[a] * p + m->keep[b]] = Z[a + b * r] * m->rscale[a] * m->rscale[b];
}

lr_status lr__refine_covariance(lr_model *m, double *cov_unscaled)
{
    const size_t r = m->rank;
    if (r == 0)
        return LR_OK;
    double *Z = lr__calloc(r * r, sizeof(double));
    if (!Z)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the covariance refinement");
    lr_status st = lr__inverse_gram(m->rfac, r, r, Z);
    if (st == LR_OK)
        st = lr__gram_refine(m, m->rfac, r, Z);
    if (st == LR_OK)
        lr__store_cov(m, Z, cov_unscaled);
    free(Z);
    return st;
}

static void exact_residual_chunk(void *ctx, size_t c)
{
    lr_model *m = ctx;
    const size_t from = c * LR_CHUNK_ROWS;
    const size_t to = from + LR_CHUNK_ROWS < m->nobs ? from + LR_CHUNK_ROWS : m->nobs;
    for (size_t i = from; i < to; i++) {
        lr_dd f = lr_dd_from(0.0);
        for (size_t a = 0; a < m->rank; a++) {
            const size_t j = m->keep[a];
            f = lr_dd_fma(f, lr__design(m, i, j), lr__design_lo(m, i, j), m->coef[j]);
        }
        m->fitted[i] = f.hi;
        m->resid[i] = lr_dd_add_d(lr_dd_neg(f), lr__vec(&m->y, i)).hi;
    }
}

void lr__exact_residuals(lr_model *m)
{
    lr__parallel_chunks((m->nobs + LR_CHUNK_ROWS - 1) / LR_CHUNK_ROWS, 0, exact_residual_chunk, m);
}
