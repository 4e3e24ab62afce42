/* Robust covariances: options, the common sandwich step, the result
 * object and its coefficient table (lmtest::coeftest / coefci for an lm:
 * Student t with the residual degrees of freedom). */
#include "robust_internal.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

lr_cluster_ids lr_cluster_doubles(const double *ids, size_t len)
{
    lr_cluster_ids c = {LR_CLUSTER_DOUBLE, ids, NULL, len, 0};
    return c;
}

lr_cluster_ids lr_cluster_ints(const int64_t *ids, size_t len)
{
    lr_cluster_ids c = {LR_CLUSTER_INT64, NULL, ids, len, 0};
    return c;
}

lr_cluster_ids lr_cluster_column(size_t column)
{
    lr_cluster_ids c = {LR_CLUSTER_COLUMN, NULL, NULL, 0, column};
    return c;
}

void lr_robust_options_init(lr_robust_options *o, lr_vcov_type type)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->type = type;
    o->lag = -1;
    o->prewhite = 1;
    o->adjust = 0;
    o->cluster_type = LR_VCOV_HC1;
    o->cadjust = 1;
}

static const char *const type_names[LR_VCOV_TYPE_COUNT_] = {
    [LR_VCOV_HC0] = "HC0",   [LR_VCOV_HC1] = "HC1",
    [LR_VCOV_HC2] = "HC2",   [LR_VCOV_HC3] = "HC3",
    [LR_VCOV_HC4] = "HC4",   [LR_VCOV_HC4M] = "HC4m",
    [LR_VCOV_HC5] = "HC5",   [LR_VCOV_NEWEY_WEST] = "Newey-West",
    [LR_VCOV_CLUSTER] = "cluster", [LR_VCOV_HAC] = "HAC",
};

const char *lr_vcov_type_name(lr_vcov_type t)
{
    return (int)t >= 0 && t < LR_VCOV_TYPE_COUNT_ ? type_names[t] : "unknown";
}

lr_status lr__robust_check_model(const lr_model *m)
{
    if (!m->has_data || !m->resid)
        return lr__fail(LR_ERR_NO_DATA,
                        "the model holds no per-row data (a streamed fit); robust covariances "
                        "need the residuals and the design");
    if (m->rank == 0)
        return lr__fail(LR_ERR_UNDEFINED, "every coefficient is aliased");
    if (!(m->n_used - (double)m->rank > 0))
        return lr__fail(LR_ERR_UNDEFINED,
                        "no residual degrees of freedom (%.0f rows, rank %zu): a robust "
                        "covariance is undefined",
                        m->n_used, m->rank);
    return LR_OK;
}

lr_status lr__robust_rinv(const lr_model *m, double **out)
{
    const size_t k = m->rank;
    double *ri = lr__calloc(k * k, sizeof(double));
    if (!ri)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate a %zu x %zu matrix", k, k);
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i <= j; i++)
            ri[i + j * k] = m->rfac[i + j * k];
    lapack_int info = LAPACKE_dtrtri(LAPACK_COL_MAJOR, 'U', 'N', (lapack_int)k, ri, (lapack_int)k);
    if (info != 0) {
        free(ri);
        return lr__fail(LR_ERR_NUMERIC, "LAPACK dtrtri failed (info %d)", (int)info);
    }
    *out = ri;
    return LR_OK;
}

lr_status lr__robust_sandwich_z(const lr_model *m, const double *ri, const double *mz, double c,
                                double *vcov)
{
    const size_t k = m->rank, p = m->p;
    double *t = lr__calloc(k * k, sizeof(double));
    if (!t)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate a %zu x %zu matrix", k, k);
    /* t = Ri Mz Ri' (Mz symmetrised from its upper triangle). */
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++)
            t[i + j * k] = i <= j ? mz[i + j * k] : mz[j + i * k];
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, (int)k, (int)k,
                1.0, ri, (int)k, t, (int)k);
    cblas_dtrmm(CblasColMajor, CblasRight, CblasUpper, CblasTrans, CblasNonUnit, (int)k, (int)k,
                1.0, ri, (int)k, t, (int)k);
    for (size_t i = 0; i < p * p; i++)
        vcov[i] = NAN;
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++) {
            double v = 0.5 * (t[a + b * k] + t[b + a * k]);
            vcov[m->keep[a] * p + m->keep[b]] = c * v * m->rscale[a] * m->rscale[b];
        }
    free(t);
    return LR_OK;
}

lr_status lr__robust_sandwich_scaled(const lr_model *m, const double *ms, double c, double *vcov)
{
    const size_t k = m->rank;
    double *ri = NULL;
    lr_status st = lr__robust_rinv(m, &ri);
    if (st != LR_OK)
        return st;
    double *mz = lr__calloc(k * k, sizeof(double));
    if (!mz) {
        free(ri);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate a %zu x %zu matrix", k, k);
    }
    /* Mz = Ri' Ms Ri */
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++)
            mz[i + j * k] = 0.5 * (ms[i + j * k] + ms[j + i * k]);
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasUpper, CblasTrans, CblasNonUnit, (int)k, (int)k,
                1.0, ri, (int)k, mz, (int)k);
    cblas_dtrmm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, (int)k, (int)k,
                1.0, ri, (int)k, mz, (int)k);
    st = lr__robust_sandwich_z(m, ri, mz, c, vcov);
    free(mz);
    free(ri);
    return st;
}

void lr_robust_free(lr_robust *r)
{
    if (!r)
        return;
    free(r->coef);
    free(r->aliased);
    free(r->vcov);
    free(r);
}

lr_status lr_robust_vcov(const lr_model *m, const lr_robust_options *opts, lr_robust **out)
{
    lr__clear_error();
    lr__gsl_init();
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "the result pointer is NULL");
    *out = NULL;
    if (!m)
        return lr__fail(LR_ERR_INVALID_ARG, "model must not be NULL");
    lr_robust_options o;
    if (opts)
        o = *opts;
    else
        lr_robust_options_init(&o, LR_VCOV_HC3);
    if ((int)o.type < 0 || o.type >= LR_VCOV_TYPE_COUNT_)
        return lr__fail(LR_ERR_INVALID_ARG, "unknown covariance type %d", (int)o.type);
    lr_status st = lr__robust_check_model(m);
    if (st != LR_OK)
        return st;
    lr_robust *r = calloc(1, sizeof *r);
    if (!r)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate a robust result");
    const size_t p = m->p;
    r->type = o.type;
    r->p = p;
    r->df = m->n_used - (double)m->rank;
    r->lag = -1;
    r->bandwidth = NAN;
    r->coef = lr__calloc(p, sizeof(double));
    r->aliased = lr__calloc(p, 1);
    r->vcov = lr__calloc(p * p, sizeof(double));
    if (!r->coef || !r->aliased || !r->vcov) {
        lr_robust_free(r);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate a robust result for %zu coefficients", p);
    }
    memcpy(r->coef, m->coef, p * sizeof(double));
    memcpy(r->aliased, m->aliased, p);
    switch (o.type) {
    case LR_VCOV_NEWEY_WEST:
        st = lr__robust_newey_west(m, &o, r->vcov, &r->lag, &r->bandwidth);
        break;
    case LR_VCOV_CLUSTER:
        st = lr__robust_cluster(m, &o, r->vcov, r->nclusters);
        break;
    case LR_VCOV_HAC:
        st = lr__robust_hac_andrews(m, r->vcov, &r->lag, &r->bandwidth);
        break;
    default:
        st = lr__robust_hc(m, o.type, r->vcov);
        break;
    }
    if (st != LR_OK) {
        lr_robust_free(r);
        return st;
    }
    *out = r;
    return LR_OK;
}

lr_vcov_type lr_robust_type(const lr_robust *r) { return r ? r->type : LR_VCOV_TYPE_COUNT_; }
size_t lr_robust_ncoef(const lr_robust *r) { return r ? r->p : 0; }
double lr_robust_df(const lr_robust *r) { return r ? r->df : NAN; }
int lr_robust_lag(const lr_robust *r) { return r ? r->lag : -1; }
double lr_robust_bandwidth(const lr_robust *r) { return r ? r->bandwidth : NAN; }

size_t lr_robust_nclusters(const lr_robust *r, int d)
{
    return r && d >= 0 && d < 3 ? r->nclusters[d] : 0;
}

lr_status lr_robust_get_vcov(const lr_robust *r, double *out, size_t len)
{
    lr__clear_error();
    if (!r || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "robust and out must not be NULL");
    if (len < r->p * r->p)
        return lr__fail(LR_ERR_DIMENSION, "out holds %zu values but the covariance has %zu", len,
                        r->p * r->p);
    memcpy(out, r->vcov, r->p * r->p * sizeof(double));
    return LR_OK;
}

lr_status lr_robust_coef_column(const lr_robust *r, lr_coef_column column, double level,
                                double *out, size_t len)
{
    lr__clear_error();
    if (!r)
        return lr__fail(LR_ERR_INVALID_ARG, "robust must not be NULL");
    return lr__coef_table_column(r->coef, r->vcov, r->aliased, r->p, r->df, column, level, out,
                                 len);
}
