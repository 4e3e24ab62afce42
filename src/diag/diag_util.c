/* Helpers shared by the diagnostics: entry checks, the rows and residuals
 * a test uses, projections through the model's triangular factor, small
 * rank-revealing solves and a stable ordering. */
#include "diag_util.h"

#include <cblas.h>
#include <lapacke.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

lr_status lr__diag_begin(const lr_model *m, const char *test, lr_test_result *out,
                         const char *method)
{
    lr__clear_error();
    lr__gsl_init();
    if (out) {
        out->statistic = out->p_value = NAN;
        out->df[0] = out->df[1] = NAN;
        out->n = 0;
        lr__diag_set_method(out, "%s", method ? method : test);
    }
    if (!m)
        return lr__fail(LR_ERR_INVALID_ARG, "%s: the model is NULL", test);
    if (!m->resid || !m->has_data || m->nobs == 0)
        return lr__fail(LR_ERR_NO_DATA,
                        "%s needs the model's residuals, and a model finished from the streaming "
                        "accumulator keeps none (fit with lr_fit to run diagnostics)", test);
    return LR_OK;
}

void lr__diag_set_method(lr_test_result *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lr__vsnprintf_c(out->method, sizeof out->method, fmt, ap);
    va_end(ap);
}

lr_status lr__diag_rows(const lr_model *m, lr_diag_rows *rows)
{
    rows->idx = NULL;
    rows->n = m->nobs;
    if (!m->w.data)
        return LR_OK;
    size_t used = 0;
    for (size_t i = 0; i < m->nobs; i++)
        used += lr__vec(&m->w, i) != 0.0;
    rows->n = used;
    if (used == m->nobs)
        return LR_OK;
    rows->idx = lr__calloc(used ? used : 1, sizeof(size_t));
    if (!rows->idx)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the index of %zu rows", used);
    for (size_t i = 0, t = 0; i < m->nobs; i++)
        if (lr__vec(&m->w, i) != 0.0)
            rows->idx[t++] = i;
    return LR_OK;
}

void lr__diag_rows_free(lr_diag_rows *rows)
{
    if (rows) {
        free(rows->idx);
        rows->idx = NULL;
    }
}

const double *lr__diag_wresid(const lr_model *m, double **owned, size_t *n)
{
    *owned = NULL;
    if (!m->w.data) {
        *n = m->nobs;
        return m->resid;
    }
    size_t used = 0;
    for (size_t i = 0; i < m->nobs; i++)
        used += lr__vec(&m->w, i) != 0.0;
    double *r = lr__calloc(used ? used : 1, sizeof(double));
    if (!r) {
        lr__fail(LR_ERR_NOMEM, "cannot allocate %zu weighted residuals", used);
        return NULL;
    }
    for (size_t i = 0, t = 0; i < m->nobs; i++) {
        double w = lr__vec(&m->w, i);
        if (w != 0.0)
            r[t++] = sqrt(w) * m->resid[i];
    }
    *owned = r;
    *n = used;
    return r;
}

void lr__diag_qt(const lr_model *m, const double *g, double *out)
{
    for (size_t a = 0; a < m->rank; a++)
        out[a] = m->rscale[a] * g[a];
    if (m->rank)
        cblas_dtrsv(CblasColMajor, CblasUpper, CblasTrans, CblasNonUnit, (int)m->rank, m->rfac,
                    (int)m->rank, out, 1);
}

lr_status lr__diag_psd_quad(double *s, size_t k, double *b, double tol2, double *value,
                            size_t *rank)
{
    *value = 0.0;
    *rank = 0;
    size_t *act = lr__calloc(k ? k : 1, sizeof(size_t));
    double *scale = lr__calloc(k ? k : 1, sizeof(double));
    lapack_int *piv = lr__calloc(k ? k : 1, sizeof(lapack_int));
    lr_status st = LR_OK;
    if (!act || !scale || !piv) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate a %zu x %zu solve", k, k);
        goto done;
    }
    size_t na = 0;
    for (size_t j = 0; j < k; j++) {
        double d = s[j + j * k];
        if (d > 0 && isfinite(d)) {
            act[na] = j;
            scale[na++] = 1.0 / sqrt(d);
        }
    }
    if (na == 0)
        goto done;
    /* Compact the active columns in place (column-major, leading dim na),
     * scaled to unit diagonal; upper triangle only. */
    for (size_t c = 0; c < na; c++)
        for (size_t r = 0; r <= c; r++) {
            size_t i = act[r], j = act[c];
            double v = i <= j ? s[i + j * k] : s[j + i * k];
            s[r + c * na] = v * scale[r] * scale[c];
        }
    for (size_t r = 0; r < na; r++)
        b[r] = b[act[r]] * scale[r];
    double *work = lr__calloc(2 * na, sizeof(double));
    if (!work) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate a %zu x %zu solve", na, na);
        goto done;
    }
    lapack_int rk = 0;
    lapack_int info = LAPACKE_dpstrf_work(LAPACK_COL_MAJOR, 'U', (lapack_int)na, s,
                                          (lapack_int)na, piv, &rk, tol2, work);
    free(work);
    if (info < 0) {
        st = lr__fail(LR_ERR_NUMERIC, "LAPACK dpstrf failed (info %d)", (int)info);
        goto done;
    }
    /* info > 0: rank deficient, rk columns kept. */
    double *c = scale; /* reuse: c = P' b, first rk entries */
    for (lapack_int r = 0; r < rk; r++)
        c[r] = b[piv[r] - 1];
    if (rk > 0)
        cblas_dtrsv(CblasColMajor, CblasUpper, CblasTrans, CblasNonUnit, (int)rk, s, (int)na, c,
                    1);
    double v = 0.0;
    for (lapack_int r = 0; r < rk; r++)
        v += c[r] * c[r];
    *value = v;
    *rank = (size_t)rk;
done:
    free(act);
    free(scale);
    free(piv);
    return st;
}

/* Removes column q of the rows x cols matrix a (leading dimension lda) and
 * re-triangularizes the rest. */
static lr_status drop_column(double *a, size_t lda, size_t rows, size_t cols, size_t q,
                             double *tau)
{
    for (size_t j = q; j + 1 < cols; j++)
        memcpy(a + j * lda, a + (j + 1) * lda, rows * sizeof(double));
    size_t nc = cols - 1;
    lapack_int info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, (lapack_int)rows, (lapack_int)nc, a,
                                     (lapack_int)lda, tau);
    if (info != 0)
        return lr__fail(LR_ERR_NUMERIC, "LAPACK dgeqrf failed (info %d)", (int)info);
    for (size_t j = 0; j < nc; j++)
        for (size_t i = j + 1; i < rows; i++)
            a[i + j * lda] = 0.0;
    return LR_OK;
}

lr_status lr__diag_tri_rss(const double *r, size_t m, double *rss, size_t *rank)
{
    double *cur = lr__calloc(m * m, sizeof(double));
    double *norms = lr__calloc(m, sizeof(double));
    double *tau = lr__calloc(m, sizeof(double));
    size_t *pos = lr__calloc(m, sizeof(size_t));
    lr_status st = LR_OK;
    if (!cur || !norms || !tau || !pos) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate a %zu-column solve", m);
        goto done;
    }
    memcpy(cur, r, m * m * sizeof(double));
    for (size_t j = 0; j < m; j++) {
        norms[j] = cblas_dnrm2((int)(j + 1), r + j * m, 1);
        pos[j] = j;
    }
    size_t cols = m;
    for (size_t q = 0; q + 1 < cols;) {
        double nrm = norms[pos[q]];
        if (nrm > 0 && fabs(cur[q + q * m]) >= LR_DIAG_RANK_TOL * nrm) {
            q++;
            continue;
        }
        if ((st = drop_column(cur, m, m, cols, q, tau)) != LR_OK)
            goto done;
        memmove(pos + q, pos + q + 1, (cols - q - 1) * sizeof(size_t));
        cols--;
    }
    double last = cur[(cols - 1) + (cols - 1) * m];
    *rss = last * last;
    *rank = cols - 1;
done:
    free(cur);
    free(norms);
    free(tau);
    free(pos);
    return st;
}

lr_status lr__diag_acc_push(lr_acc_core *acc, const double *row)
{
    const size_t ldb = acc->block_rows;
    double *dst = acc->block + acc->filled;
    for (size_t c = 0; c < acc->m; c++)
        dst[c * ldb] = row[c];
    if (++acc->filled == ldb)
        return lr__acc_flush(acc);
    return LR_OK;
}

typedef struct {
    double v;
    size_t i;
} keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    if (a->v < b->v)
        return -1;
    if (a->v > b->v)
        return 1;
    return (a->i > b->i) - (a->i < b->i);
}

lr_status lr__diag_order(const double *v, size_t n, size_t *idx)
{
    keyed *k = lr__calloc(n ? n : 1, sizeof(keyed));
    if (!k)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the ordering of %zu rows", n);
    for (size_t i = 0; i < n; i++) {
        k[i].v = v[i];
        k[i].i = i;
    }
    qsort(k, n, sizeof(keyed), cmp_keyed);
    for (size_t i = 0; i < n; i++)
        idx[i] = k[i].i;
    free(k);
    return LR_OK;
}
