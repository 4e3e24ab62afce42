/* Cluster-robust covariance as R's sandwich::vcovCL (sandwich 3.0) with
 * its defaults for an lm: type = "HC1", cadjust = TRUE, multi0 = FALSE.
 *   meat = sum_d sign_d G_d/(G_d - 1) sum_g s_g s_g',  s_g = sum_{i in g} w_i e_i x_i,
 *   V = (n-1)/(n-k) (X'WX)^-1 meat (X'WX)^-1   (HC1; HC0 drops the factor),
 * one-way: one dimension with sign +1; two-way: the two dimensions with
 * sign +1 and their intersection (the pairs of ids) with sign -1, the
 * inclusion-exclusion of Cameron, Gelbach & Miller (2011) that vcovCL uses.
 * Rows of zero weight are left out, including from the cluster counts.
 * Clusters are formed by sorting the rows' ids (GSL heapsort); each pass
 * over the rows is O(n p), the rest O(G p^2). */
#include "robust_internal.h"

#include <cblas.h>
#include <gsl/gsl_heapsort.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct cl_key {
    double d;
    int64_t i;
} cl_key;

static int cmp_key(const void *a, const void *b)
{
    const cl_key *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return 0;
}

/* Reads the id of model row i into *key. */
static void read_id(const lr_model *m, const lr_cluster_ids *c, size_t i, cl_key *key)
{
    key->d = 0.0;
    key->i = 0;
    switch (c->kind) {
    case LR_CLUSTER_DOUBLE: key->d = c->dbl[i]; break;
    case LR_CLUSTER_INT64: key->i = c->i64[i]; break;
    case LR_CLUSTER_COLUMN: key->d = lr__mat(&m->X, i, c->column); break;
    default: break;
    }
}

static lr_status check_ids(const lr_model *m, const lr_cluster_ids *c, const char *which)
{
    switch (c->kind) {
    case LR_CLUSTER_DOUBLE:
    case LR_CLUSTER_INT64:
        if ((c->kind == LR_CLUSTER_DOUBLE && !c->dbl) || (c->kind == LR_CLUSTER_INT64 && !c->i64))
            return lr__fail(LR_ERR_INVALID_ARG, "the %s cluster ids are NULL", which);
        if (c->len != m->nobs)
            return lr__fail(LR_ERR_DIMENSION,
                            "the %s cluster ids have %zu elements but the model has %zu rows",
                            which, c->len, m->nobs);
        break;
    case LR_CLUSTER_COLUMN:
        if (c->column >= m->k)
            return lr__fail(LR_ERR_INVALID_ARG,
                            "the %s cluster column %zu does not exist (the model has %zu "
                            "predictor columns)",
                            which, c->column, m->k);
        break;
    default:
        return lr__fail(LR_ERR_INVALID_ARG, "the %s cluster ids are not given (kind %d)", which,
                        (int)c->kind);
    }
    if (c->kind != LR_CLUSTER_INT64)
        for (size_t i = 0; i < m->nobs; i++) {
            cl_key key;
            read_id(m, c, i, &key);
            if (!isfinite(key.d))
                return lr__fail(LR_ERR_NONFINITE, "the %s cluster id at row %zu is not finite",
                                which, i + 1);
        }
    return LR_OK;
}

/* Assigns group numbers 0..G-1 to the n used rows (rows[t] = model row)
 * from keys[t]; returns G. order is workspace of n size_t. */
static size_t group_rows(const cl_key *keys, size_t n, size_t *order, size_t *group)
{
    if (n == 0)
        return 0;
    gsl_heapsort_index(order, keys, n, sizeof(cl_key), cmp_key);
    size_t g = 0;
    group[order[0]] = 0;
    for (size_t t = 1; t < n; t++) {
        if (cmp_key(&keys[order[t]], &keys[order[t - 1]]) != 0)
            g++;
        group[order[t]] = g;
    }
    return g + 1;
}

/* meat += sign * G/(G-1) * sum_g s_g s_g' (or without the factor). */
static lr_status add_dimension(const lr_model *m, const size_t *rows, const size_t *group,
                               size_t n, size_t ng, double sign, int cadjust, double *meat)
{
    const size_t k = m->rank;
    double *sg = lr__calloc(ng * k, sizeof(double)); /* ng x k column-major */
    if (!sg)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the sums of %zu clusters", ng);
    for (size_t t = 0; t < n; t++) {
        size_t i = rows[t];
        double res = lr__weight(m, i) * m->resid[i];
        for (size_t a = 0; a < k; a++)
            sg[group[t] + a * ng] += res * lr__robust_xs(m, i, a);
    }
    double adj = cadjust ? (double)ng / ((double)ng - 1.0) : 1.0;
    cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, (int)k, (int)ng, sign * adj, sg, (int)ng,
                1.0, meat, (int)k);
    free(sg);
    return LR_OK;
}

lr_status lr__robust_cluster(const lr_model *m, const lr_robust_options *o, double *vcov,
                             size_t ncl[3])
{
    const size_t k = m->rank;
    lr_status st;
    if ((st = check_ids(m, &o->cluster1, "first")) != LR_OK)
        return st;
    const int two = o->cluster2.kind != LR_CLUSTER_NONE;
    if (two && (st = check_ids(m, &o->cluster2, "second")) != LR_OK)
        return st;
    if (o->cluster_type != LR_VCOV_HC0 && o->cluster_type != LR_VCOV_HC1)
        return lr__fail(LR_ERR_UNSUPPORTED,
                        "cluster type %s is not supported; use HC0 or HC1 (vcovCL's default)",
                        lr_vcov_type_name(o->cluster_type));
    size_t n = 0;
    for (size_t i = 0; i < m->nobs; i++)
        n += lr__weight(m, i) != 0.0;
    cl_key *keys = lr__calloc(n, sizeof(cl_key));
    size_t *rows = lr__calloc(n, sizeof(size_t));
    size_t *order = lr__calloc(n, sizeof(size_t));
    size_t *g1 = lr__calloc(n, sizeof(size_t));
    size_t *g2 = two ? lr__calloc(n, sizeof(size_t)) : NULL;
    double *meat = lr__calloc(k * k, sizeof(double));
    if (!keys || !rows || !order || !g1 || (two && !g2) || !meat) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the cluster workspace for %zu rows", n);
        goto done;
    }
    for (size_t i = 0, t = 0; i < m->nobs; i++)
        if (lr__weight(m, i) != 0.0)
            rows[t++] = i;
    for (size_t t = 0; t < n; t++)
        read_id(m, &o->cluster1, rows[t], &keys[t]);
    ncl[0] = group_rows(keys, n, order, g1);
    if (two) {
        for (size_t t = 0; t < n; t++)
            read_id(m, &o->cluster2, rows[t], &keys[t]);
        ncl[1] = group_rows(keys, n, order, g2);
    }
    for (int d = 0; d < (two ? 2 : 1); d++)
        if (ncl[d] < 2) {
            st = lr__fail(LR_ERR_UNDEFINED,
                          "the %s clustering has a single cluster: a cluster-robust "
                          "covariance needs at least two",
                          d == 0 ? "first" : "second");
            goto done;
        }
    if ((st = add_dimension(m, rows, g1, n, ncl[0], 1.0, o->cadjust, meat)) != LR_OK)
        goto done;
    if (two) {
        if ((st = add_dimension(m, rows, g2, n, ncl[1], 1.0, o->cadjust, meat)) != LR_OK)
            goto done;
        /* the intersection: pairs of group numbers */
        for (size_t t = 0; t < n; t++) {
            keys[t].d = 0.0;
            keys[t].i = (int64_t)(g1[t] * ncl[1] + g2[t]);
        }
        ncl[2] = group_rows(keys, n, order, g1);
        if (ncl[2] < 2) {
            st = lr__fail(LR_ERR_UNDEFINED, "the intersection of the two clusterings is a "
                                            "single cluster");
            goto done;
        }
        if ((st = add_dimension(m, rows, g1, n, ncl[2], -1.0, o->cadjust, meat)) != LR_OK)
            goto done;
    }
    for (size_t j = 0; j < k; j++)
        for (size_t i = j + 1; i < k; i++)
            meat[i + j * k] = meat[j + i * k];
    double c = o->cluster_type == LR_VCOV_HC1 ? ((double)n - 1.0) / ((double)n - (double)k) : 1.0;
    st = lr__robust_sandwich_scaled(m, meat, c, vcov);
done:
    free(keys);
    free(rows);
    free(order);
    free(g1);
    free(g2);
    free(meat);
    return st;
}
