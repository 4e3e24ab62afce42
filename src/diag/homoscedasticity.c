/* Constant error variance: Breusch-Pagan (lmtest bptest), White
 * (statsmodels het_white) and Goldfeld-Quandt (lmtest gqtest).
 *
 * Cost at n rows and rank r: Breusch-Pagan projects on the model's own
 * column space through its triangular factor, one O(n r) pass; White
 * accumulates the centred Gram matrix of its q = r(r+1)/2 - 1 generated
 * columns block by block with dsyrk, O(n q^2); Goldfeld-Quandt folds the
 * two segments into triangular factors, O(n r^2). */
#include "diag_util.h"
#include "diagnose_internal.h"

#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <stdlib.h>
#include <string.h>

/* Squared sine below which a generated White column counts as a linear
 * combination of the others (the Gram matrix is formed in double, so
 * smaller angles are not resolved). */
#define WHITE_RANK_TOL2 1e-10
#define WHITE_BLOCK 512

lr_status lr_breusch_pagan(const lr_model *m, int studentize, lr_test_result *out)
{
    const char *name = studentize ? "studentized Breusch-Pagan test" : "Breusch-Pagan test";
    lr_status st = lr__diag_begin(m, "Breusch-Pagan", out, name);
    if (st != LR_OK)
        return st;
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "Breusch-Pagan: out is NULL");
    if (m->p < 2 || m->rank < 2)
        return lr__fail(LR_ERR_UNDEFINED,
                        "the Breusch-Pagan auxiliary regression needs at least two design columns "
                        "(an intercept and a regressor); the model has %zu non-aliased", m->rank);
    const size_t r = m->rank;
    const double n = m->n_used;
    const double sigma2 = m->rss / n;
    if (!(sigma2 > 0))
        return lr__fail(LR_ERR_UNDEFINED, "Breusch-Pagan: the residuals are all zero (an exact fit)");
    lr_ksum *g = lr__calloc(r, sizeof(lr_ksum));
    double *x = lr__calloc(3 * r, sizeof(double));
    if (!g || !x) {
        free(g);
        free(x);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the Breusch-Pagan workspace");
    }
    double *gv = x + r, *c = x + 2 * r;
    lr_ksum su2 = {0, 0};
    /* lmtest: u = e^2 - sigma2 (studentized) or e^2 / sigma2 - 1, the
     * auxiliary regression of u on X weighted by w; sum(u^2) runs over
     * every row, as bptest's does. */
    for (size_t i = 0; i < m->nobs; i++) {
        double e = m->resid[i], w = lr__weight(m, i);
        double u = studentize ? e * e - sigma2 : e * e / sigma2 - 1.0;
        lr__ksum_add(&su2, u * u);
        if (w == 0.0)
            continue;
        lr__diag_xrow(m, i, 0, x);
        for (size_t a = 0; a < r; a++)
            lr__ksum_add(&g[a], w * x[a] * u);
    }
    for (size_t a = 0; a < r; a++)
        gv[a] = lr__ksum_value(&g[a]);
    lr__diag_qt(m, gv, c);
    double ess = 0.0;
    for (size_t a = 0; a < r; a++)
        ess += c[a] * c[a];
    free(g);
    free(x);
    double sum_u2 = lr__ksum_value(&su2);
    double bp = studentize ? n * ess / sum_u2 : 0.5 * ess;
    out->statistic = bp;
    out->df[0] = (double)(r - 1);
    out->p_value = gsl_cdf_chisq_Q(bp, out->df[0]);
    out->n = (size_t)n;
    return LR_OK;
}

/* Fills rows [t0, t0 + cnt) of the generated White columns into blk
 * (column-major, leading dimension ld): the non-constant design columns
 * x_a (a = 1..r-1, unweighted), then the products x_a x_b (a <= b), then
 * the squared weighted residual. Column by column, so the products
 * vectorise. */
static void white_block(const lr_model *m, const lr_diag_rows *rows, size_t t0, size_t cnt,
                        double *blk, size_t ld)
{
    const size_t nc = m->rank - 1;
    for (size_t a = 0; a < nc; a++) {
        const size_t j = m->keep[a + 1];
        double *col = blk + a * ld;
        for (size_t t = 0; t < cnt; t++)
            col[t] = lr__design(m, lr__diag_row(rows, t0 + t), j);
    }
    size_t c = nc;
    for (size_t a = 0; a < nc; a++)
        for (size_t b = a; b < nc; b++, c++) {
            const double *xa = blk + a * ld, *xb = blk + b * ld;
            double *col = blk + c * ld;
            for (size_t t = 0; t < cnt; t++)
                col[t] = xa[t] * xb[t];
        }
    double *v = blk + c * ld;
    for (size_t t = 0; t < cnt; t++) {
        size_t i = lr__diag_row(rows, t0 + t);
        double e = m->resid[i];
        v[t] = lr__weight(m, i) * e * e;
    }
}

lr_status lr_white(const lr_model *m, int f_form, lr_test_result *out)
{
    lr_status st = lr__diag_begin(m, "White's test", out,
                                  "White's test (squares and cross products)");
    if (st != LR_OK)
        return st;
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "White's test: out is NULL");
    if (!m->intercept || m->rank < 2 || m->keep[0] != 0)
        return lr__fail(LR_ERR_UNDEFINED,
                        "White's test needs a model with an intercept and at least one regressor "
                        "(statsmodels het_white requires a constant column)");
    const size_t nc = m->rank - 1;
    const size_t q = nc + nc * (nc + 1) / 2, qq = q + 1;
    const size_t nb = WHITE_BLOCK;
    lr_diag_rows rows;
    if ((st = lr__diag_rows(m, &rows)) != LR_OK)
        return st;
    const size_t n = rows.n;
    double *blk = lr__calloc(nb * qq, sizeof(double));
    double *gram = lr__calloc(qq * qq, sizeof(double));
    double *shift = lr__calloc(qq, sizeof(double));
    lr_ksum *colsum = lr__calloc(qq, sizeof(lr_ksum));
    double *czz = NULL;
    if (!blk || !gram || !shift || !colsum) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate White's test for %zu generated columns", q);
        goto done;
    }
    /* One pass in blocks: columns shifted by the first block's means (any
     * shift leaves R^2 unchanged, as the constant is in the span; a good
     * one keeps the Gram matrix well conditioned), Gram by dsyrk. */
    for (size_t t0 = 0; t0 < n; t0 += nb) {
        size_t rows_here = n - t0 < nb ? n - t0 : nb;
        white_block(m, &rows, t0, rows_here, blk, nb);
        if (t0 == 0) {
            for (size_t c = 0; c < qq; c++) {
                double s = 0.0;
                for (size_t t = 0; t < rows_here; t++)
                    s += blk[t + c * nb];
                shift[c] = s / (double)rows_here;
            }
        }
        for (size_t c = 0; c < qq; c++) {
            double s = 0.0;
            for (size_t t = 0; t < rows_here; t++) {
                blk[t + c * nb] -= shift[c];
                s += blk[t + c * nb];
            }
            lr__ksum_add(&colsum[c], s);
        }
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, (int)qq, (int)rows_here, 1.0, blk,
                    (int)nb, 1.0, gram, (int)qq);
    }
    /* Centre: C = G - s s' / n. */
    for (size_t j = 0; j < qq; j++) {
        double sj = lr__ksum_value(&colsum[j]);
        for (size_t i = 0; i <= j; i++)
            gram[i + j * qq] -= lr__ksum_value(&colsum[i]) * sj / (double)n;
    }
    const double cvv = gram[q + q * qq];
    if (!(cvv > 0)) {
        st = lr__fail(LR_ERR_UNDEFINED,
                      "White's test: the squared residuals do not vary (an exact fit)");
        goto done;
    }
    /* Czv (column q) into shift[] as the right-hand side; Czz in place. */
    for (size_t i = 0; i < q; i++)
        shift[i] = gram[i + q * qq];
    czz = lr__calloc(q * q, sizeof(double)); /* leading dimension q */
    if (!czz) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate White's %zu x %zu Gram matrix", q, q);
        goto done;
    }
    for (size_t j = 0; j < q; j++)
        for (size_t i = 0; i <= j; i++)
            czz[i + j * q] = gram[i + j * qq];
    double ess;
    size_t rk;
    if ((st = lr__diag_psd_quad(czz, q, shift, WHITE_RANK_TOL2, &ess, &rk)) != LR_OK)
        goto done;
    if (rk == 0 || (double)n <= (double)rk + 1.0) {
        st = lr__fail(LR_ERR_UNDEFINED,
                      "White's test: %zu rows are too few for the %zu generated regressors", n, rk);
        goto done;
    }
    const double r2 = ess / cvv;
    const double df_m = (double)rk, df_r = (double)n - (double)rk - 1.0;
    out->n = n;
    if (f_form) {
        double f = (ess / df_m) / ((cvv - ess) / df_r);
        out->statistic = f;
        out->df[0] = df_m;
        out->df[1] = df_r;
        out->p_value = gsl_cdf_fdist_Q(f, df_m, df_r);
        lr__diag_set_method(out, "White's test, F form (squares and cross products)");
    } else {
        out->statistic = (double)n * r2;
        out->df[0] = df_m;
        out->p_value = gsl_cdf_chisq_Q(out->statistic, df_m);
    }
done:
    lr__diag_rows_free(&rows);
    free(blk);
    free(gram);
    free(shift);
    free(colsum);
    free(czz);
    return st;
}

void lr_gq_options_init(lr_gq_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->point = 0.5;
    o->fraction = 0.0;
    o->alternative = LR_ALT_GREATER;
    o->order_by = -1;
}

/* Residual sum of squares of the whitened residuals on the whitened
 * design over the sorted positions [from, to). */
static lr_status segment_rss(const lr_model *m, const lr_diag_rows *rows, const size_t *ord,
                             size_t from, size_t to, double *rss)
{
    const size_t r = m->rank;
    lr_acc_core acc;
    lr_status st = lr__acc_init(&acc, r + 1);
    if (st != LR_OK)
        return st;
    double *row = lr__calloc(r + 1, sizeof(double));
    if (!row) {
        lr__acc_destroy(&acc);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate a row of %zu values", r + 1);
    }
    for (size_t t = from; t < to && st == LR_OK; t++) {
        size_t i = lr__diag_row(rows, ord ? ord[t] : t);
        lr__diag_xrow(m, i, 1, row);
        row[r] = sqrt(lr__weight(m, i)) * m->resid[i];
        st = lr__diag_acc_push(&acc, row);
    }
    if (st == LR_OK)
        st = lr__acc_flush(&acc);
    size_t rank;
    if (st == LR_OK)
        st = lr__diag_tri_rss(acc.r, r + 1, rss, &rank);
    free(row);
    lr__acc_destroy(&acc);
    return st;
}

lr_status lr__gq_points(const lr_gq_options *o, double n, double k, double *p1, double *p2,
                        double *d1, double *d2)
{
    double point1, point2, fraction = o->fraction;
    if (o->point > 1) {
        if (fraction < 1)
            fraction = floor(fraction * n);
        point1 = o->point - ceil(fraction / 2);
        point2 = o->point + ceil(fraction / 2 + 0.01);
    } else {
        if (fraction >= 1)
            fraction = fraction / n;
        point1 = floor((o->point - fraction / 2) * n);
        point2 = ceil((o->point + fraction / 2) * n + 0.01);
    }
    if (point2 > n - k + 1 || point1 < k)
        return lr__fail(LR_ERR_UNDEFINED,
                        "Goldfeld-Quandt: inadmissible breakpoint or too many central observations "
                        "omitted (segments of %.0f and %.0f rows, %.0f coefficients each)",
                        point1, n - point2 + 1, k);
    const double df1 = n - point2 + 1 - k, df2 = point1 - k;
    if (!(df1 > 0) || !(df2 > 0))
        return lr__fail(LR_ERR_UNDEFINED, "Goldfeld-Quandt: a segment has no residual degrees of "
                        "freedom (df %.0f and %.0f)", df1, df2);
    *p1 = point1;
    *p2 = point2;
    *d1 = df1;
    *d2 = df2;
    return LR_OK;
}

lr_status lr_goldfeld_quandt(const lr_model *m, const lr_gq_options *opts, lr_test_result *out)
{
    lr_status st = lr__diag_begin(m, "Goldfeld-Quandt", out, "Goldfeld-Quandt test");
    if (st != LR_OK)
        return st;
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "Goldfeld-Quandt: out is NULL");
    lr_gq_options o;
    if (opts)
        o = *opts;
    else
        lr_gq_options_init(&o);
    if ((int)o.alternative < 0 || o.alternative > LR_ALT_LESS)
        return lr__fail(LR_ERR_INVALID_ARG, "Goldfeld-Quandt: unknown alternative %d",
                        (int)o.alternative);
    if (!(o.point > 0) || !isfinite(o.point) || (o.point > 1 && o.point != floor(o.point)))
        return lr__fail(LR_ERR_INVALID_ARG, "Goldfeld-Quandt: point %g must be a fraction in "
                        "(0, 1] or an observation number", o.point);
    if (!(o.fraction >= 0) || !isfinite(o.fraction))
        return lr__fail(LR_ERR_INVALID_ARG, "Goldfeld-Quandt: fraction %g must be >= 0",
                        o.fraction);
    if (o.order_values.data && o.order_values.len != m->nobs)
        return lr__fail(LR_ERR_DIMENSION, "Goldfeld-Quandt: order_values has %zu values but the "
                        "model has %zu rows", o.order_values.len, m->nobs);
    if (!o.order_values.data && o.order_by >= 0 && (size_t)o.order_by >= m->k)
        return lr__fail(LR_ERR_INVALID_ARG, "Goldfeld-Quandt: order_by column %ld does not exist "
                        "(the model has %zu predictors, numbered from 0)", o.order_by, m->k);

    lr_diag_rows rows;
    if ((st = lr__diag_rows(m, &rows)) != LR_OK)
        return st;
    double point1, point2, df1, df2;
    if ((st = lr__gq_points(&o, (double)rows.n, (double)m->rank, &point1, &point2, &df1,
                            &df2)) != LR_OK) {
        lr__diag_rows_free(&rows);
        return st;
    }
    size_t *ord = NULL;
    double *z = NULL;
    if (o.order_values.data || o.order_by >= 0) {
        ord = lr__calloc(rows.n, sizeof(size_t));
        z = lr__calloc(rows.n, sizeof(double));
        if (!ord || !z) {
            st = lr__fail(LR_ERR_NOMEM, "cannot allocate the ordering of %zu rows", rows.n);
            goto done;
        }
        for (size_t t = 0; t < rows.n; t++) {
            size_t i = lr__diag_row(&rows, t);
            z[t] = o.order_values.data ? lr__vec(&o.order_values, i)
                                       : lr__mat(&m->X, i, (size_t)o.order_by);
            if (isnan(z[t])) {
                st = lr__fail(LR_ERR_NONFINITE, "Goldfeld-Quandt: the ordering value of row %zu "
                              "is NaN", i + 1);
                goto done;
            }
        }
        if ((st = lr__diag_order(z, rows.n, ord)) != LR_OK)
            goto done;
    }
    double rss1, rss2;
    if ((st = segment_rss(m, &rows, ord, 0, (size_t)point1, &rss1)) != LR_OK)
        goto done;
    if ((st = segment_rss(m, &rows, ord, (size_t)point2 - 1, rows.n, &rss2)) != LR_OK)
        goto done;
    if (!(rss1 > 0)) {
        st = lr__fail(LR_ERR_UNDEFINED, "Goldfeld-Quandt: the first segment is fitted exactly");
        goto done;
    }
    double gq = (rss2 / df1) / (rss1 / df2);
    double lower = gsl_cdf_fdist_P(gq, df1, df2), upper = gsl_cdf_fdist_Q(gq, df1, df2);
    out->statistic = gq;
    out->df[0] = df1;
    out->df[1] = df2;
    out->n = rows.n;
    out->p_value = o.alternative == LR_ALT_GREATER ? upper
                   : o.alternative == LR_ALT_LESS  ? lower
                                                   : 2.0 * (lower < upper ? lower : upper);
done:
    free(ord);
    free(z);
    lr__diag_rows_free(&rows);
    return st;
}
