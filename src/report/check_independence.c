/* Independence of the errors: Durbin-Watson (two-sided) and Ljung-Box
 * along the row order, and with cluster ids the one-way ANOVA F test of
 * the residuals on the clusters with their intraclass correlation. Effect:
 * the lag-1 autocorrelation 1 - DW/2, the ICC, and the ratio of the
 * remedy's standard errors to the classical ones. Remedy: cluster-robust
 * standard errors (clusters given) or Newey-West. */
#include "../io/json_util.h"
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const consequence =
    "The estimates stay unbiased, but the data hold less independent information than their "
    "row count suggests: the classical standard errors are usually too small, so p-values are "
    "too small and confidence intervals too narrow.";

/* ------------------------------------------------ residual ICC by cluster */

typedef struct icc_key {
    double d;
    int64_t i;
    double r; /* the residual */
} icc_key;

static int cmp_icc(const void *a, const void *b)
{
    const icc_key *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return 0;
}

lr_status rep_cluster_icc(const lr_model *m, const lr_cluster_ids *ids, rep_icc *out)
{
    memset(out, 0, sizeof *out);
    out->f = out->p = out->icc = out->n0 = out->df1 = out->df2 = NAN;
    if (!m->has_data || !m->resid)
        return lr__fail(LR_ERR_NO_DATA,
                        "the model holds no per-row data (a streamed fit); the cluster check "
                        "needs the residuals");
    size_t n = 0;
    for (size_t i = 0; i < m->nobs; i++)
        n += lr__weight(m, i) > 0.0;
    icc_key *k = lr__calloc(n + 1, sizeof *k);
    if (!k)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the cluster check");
    size_t t = 0;
    for (size_t i = 0; i < m->nobs; i++) {
        double w = lr__weight(m, i);
        if (!(w > 0.0))
            continue;
        k[t].r = sqrt(w) * m->resid[i];
        if (ids->kind == LR_CLUSTER_DOUBLE)
            k[t].d = ids->dbl[i];
        else if (ids->kind == LR_CLUSTER_INT64)
            k[t].i = ids->i64[i];
        else
            k[t].d = lr__mat(&m->X, i, ids->column);
        t++;
    }
    qsort(k, n, sizeof *k, cmp_icc);
    /* group means, then sums of squares (two passes for accuracy) */
    double grand = 0.0;
    for (size_t i = 0; i < n; i++)
        grand += k[i].r;
    grand /= (double)n;
    double ssb = 0.0, ssw = 0.0, sum_n2 = 0.0;
    size_t G = 0;
    for (size_t s = 0; s < n;) {
        size_t e = s + 1;
        while (e < n && cmp_icc(&k[s], &k[e]) == 0)
            e++;
        double mean = 0.0;
        for (size_t i = s; i < e; i++)
            mean += k[i].r;
        mean /= (double)(e - s);
        for (size_t i = s; i < e; i++)
            ssw += (k[i].r - mean) * (k[i].r - mean);
        ssb += (double)(e - s) * (mean - grand) * (mean - grand);
        sum_n2 += (double)(e - s) * (double)(e - s);
        G++;
        s = e;
    }
    free(k);
    out->nclusters = G;
    out->n = n;
    if (G < 2)
        return lr__fail(LR_ERR_UNDEFINED,
                        "the cluster check needs at least two clusters; all %zu rows are in one",
                        n);
    if (n <= G)
        return lr__fail(LR_ERR_UNDEFINED,
                        "the cluster check needs a cluster with more than one row; every one of "
                        "the %zu rows is its own cluster",
                        n);
    double df1 = (double)(G - 1), df2 = (double)(n - G);
    double msb = ssb / df1, msw = ssw / df2;
    out->df1 = df1;
    out->df2 = df2;
    out->n0 = ((double)n - sum_n2 / (double)n) / df1;
    if (!(msw > 0.0))
        return lr__fail(LR_ERR_UNDEFINED,
                        "the residuals do not vary within clusters; the cluster check is "
                        "undefined");
    out->f = msb / msw;
    out->p = lr__f_upper(out->f, df1, df2);
    out->icc = (msb - msw) / (msb + (out->n0 - 1.0) * msw);
    return LR_OK;
}

/* ------------------------------------------------------------- the check */

/* The dependence alone: the remedy's standard errors over the
 * heteroscedasticity-only ones of the same family (HC1 for vcovCL's
 * default type, HC0 for Newey-West without adjustment), so that
 * heteroscedasticity does not count as dependence. */
static lr_status hc_ratio(const rep_ctx *c, const lr_robust *rob, int clustered, double *hmax,
                          double *hmin)
{
    const lr_model *m = c->m;
    *hmax = *hmin = NAN;
    lr_robust_options ro;
    lr_robust_options_init(&ro, clustered ? LR_VCOV_HC1 : LR_VCOV_HC0);
    lr_robust *hc = NULL;
    lr_status st = lr_robust_vcov(m, &ro, &hc);
    if (st != LR_OK)
        return st == LR_ERR_NOMEM ? st : LR_OK;
    double *se = lr__calloc(2 * m->p + 1, sizeof(double));
    if (!se) {
        lr_robust_free(hc);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the standard errors");
    }
    st = lr_robust_coef_column(hc, LR_COEF_STD_ERROR, 0.95, se, m->p);
    if (st == LR_OK)
        st = lr_robust_coef_column(rob, LR_COEF_STD_ERROR, 0.95, se + m->p, m->p);
    for (size_t j = 0; j < m->p && st == LR_OK; j++) {
        double r = se[m->p + j] / se[j];
        if (m->aliased[j] || isnan(r))
            continue;
        if (isnan(*hmax) || r > *hmax)
            *hmax = r;
        if (isnan(*hmin) || r < *hmin)
            *hmin = r;
    }
    free(se);
    lr_robust_free(hc);
    return st;
}

lr_status rep_check_independence(const rep_ctx *c)
{
    const lr_model *m = c->m;
    rep_block *b = &c->r->b[LR_ASSUMPTION_INDEPENDENCE];
    const double alpha = c->o->alpha;
    const int clustered = c->o->clusters.kind != LR_CLUSTER_NONE;
    const char *cname = c->o->cluster_name ? c->o->cluster_name : "cluster";
    lr_status st = rep_begin(b, consequence, "independence");
    if (st != LR_OK)
        return st;

    /* Durbin-Watson, two-sided */
    lr_dw_result dw;
    lr_status ds = lr_durbin_watson(m, LR_DW_AUTO, &dw);
    lr_test_result res;
    memset(&res, 0, sizeof res);
    size_t idw = 0;
    if (ds == LR_OK) {
        res.statistic = dw.statistic;
        res.df[0] = res.df[1] = NAN;
        res.p_value = dw.p_two_sided;
        res.n = dw.n;
        lr__snprintf_c(res.method, sizeof res.method, "%s, two-sided", dw.method);
    }
    st = rep_add_test(b, "durbin_watson", "Durbin-Watson (lag 1, two-sided)", NULL, ds, &res, &idw);
    if (st != LR_OK)
        return st;
    double rho1 = b->tests[idw].skipped ? NAN : 1.0 - dw.statistic / 2.0;
    size_t lag = lr_ljung_box_default_lag((size_t)m->n_used);
    char lbl[64];
    if (lag > 1)
        lr__snprintf_c(lbl, sizeof lbl, "Ljung-Box (lags 1-%zu)", lag);
    else
        lr__snprintf_c(lbl, sizeof lbl, "Ljung-Box (lag 1)");
    ds = lag >= 1 ? lr_ljung_box(m, 0, 0, &res) : lr_ljung_box(m, 1, 0, &res);
    st = rep_add_test(b, "ljung_box", lbl, NULL, ds, &res, NULL);
    if (st != LR_OK)
        return st;
    size_t serial_tests = b->ntests;

    /* cluster check */
    rep_icc icc;
    memset(&icc, 0, sizeof icc);
    icc.icc = NAN;
    size_t icl = (size_t)-1;
    if (clustered) {
        lr_status cs = rep_cluster_icc(m, &c->o->clusters, &icc);
        memset(&res, 0, sizeof res);
        res.statistic = icc.f;
        res.df[0] = icc.df1;
        res.df[1] = icc.df2;
        res.p_value = icc.p;
        res.n = icc.n;
        lr__snprintf_c(res.method, sizeof res.method,
                       "one-way ANOVA F test of the residuals on %zu clusters", icc.nclusters);
        char cl[96];
        lr__snprintf_c(cl, sizeof cl, "residuals alike within %s (ANOVA F)", cname);
        st = rep_add_test(b, "cluster_anova", cl, NULL, cs, &res, &icl);
        if (st != LR_OK)
            return st;
    }
    st = rep_add_effect(b, "lag1_autocorrelation", rho1);
    if (st == LR_OK && clustered)
        st = rep_add_effect(b, "icc", icc.icc);
    if (st == LR_OK && clustered)
        st = rep_add_effect(b, "clusters", icc.nclusters ? (double)icc.nclusters : NAN);
    if (st != LR_OK)
        return st;

    double pmin = rep_adjust(b);
    int rejected = !isnan(pmin) && pmin < alpha;
    int serial_rej = 0, cluster_rej = 0;
    for (size_t i = 0; i < serial_tests; i++)
        serial_rej |= !b->tests[i].skipped && rep_p(&b->tests[i]) < alpha;
    if (clustered && icl < b->ntests)
        cluster_rej = !b->tests[icl].skipped && rep_p(&b->tests[icl]) < alpha;

    /* remedy table: cluster-robust with clusters, else Newey-West when needed */
    lr_robust *rob = NULL;
    const char *label = NULL;
    if (m->has_data && (clustered || serial_rej)) {
        lr_robust_options ro;
        if (clustered) {
            lr_robust_options_init(&ro, LR_VCOV_CLUSTER);
            ro.cluster1 = c->o->clusters;
            label = "cluster";
        } else {
            lr_robust_options_init(&ro, LR_VCOV_NEWEY_WEST);
            label = "Newey-West";
        }
        lr_status rs = lr_robust_vcov(m, &ro, &rob);
        if (rs == LR_ERR_NOMEM)
            return rs;
        if (rs != LR_OK)
            rob = NULL;
    }
    lr_strbuf why = {0}, expl = {0}, rem = {0};
    double rmax = NAN, rmin = NAN, hmax = NAN, hmin = NAN;
    lr_strbuf tab = {0};
    if (rob) {
        st = rep_apply_robust(c, b, rob, label, &tab, b->remedy_json, &rmax, &rmin);
        if (st == LR_OK)
            st = hc_ratio(c, rob, clustered, &hmax, &hmin);
        if (st == LR_OK) {
            int bad = !cJSON_AddStringToObject(b->remedy_json, "type", label);
            if (!bad && !clustered)
                bad = lr__json_add_number(b->remedy_json, "lag", lr_robust_lag(rob)) != 0;
            if (bad)
                st = lr__fail(LR_ERR_NOMEM, "cannot allocate the independence remedy");
        }
    } else {
        if (isnan(pmin))
            lr__sb_puts(&rem, "Refit with the rows kept in memory to check independence.");
        else if (!rejected)
            lr__sb_puts(&rem, "None needed.");
        else
            lr__sb_puts(&rem, "No robust table could be computed.");
        st = rep_add_effect(b, "se_ratio_max", NAN);
        if (st == LR_OK)
            st = rep_add_effect(b, "se_ratio_min", NAN);
    }
    if (st == LR_OK)
        st = rep_add_effect(b, "se_ratio_over_hc_max", hmax);
    if (st == LR_OK)
        st = rep_add_effect(b, "se_ratio_over_hc_min", hmin);
    char rb[32], ib[32], d1[32], d2[32];
    lr__snprintf_c(rb, sizeof rb, "%.2f", rho1);
    lr__snprintf_c(ib, sizeof ib, "%.2f", icc.icc);
    lr__snprintf_c(d1, sizeof d1, "%.2f", rmin);
    lr__snprintf_c(d2, sizeof d2, "%.2f", rmax);
    if (st != LR_OK) {
        /* fall through to clean-up */
    } else if (isnan(pmin)) {
        b->verdict = LR_VERDICT_NOT_TESTABLE;
        lr__sb_puts(&why, "No test of independence could run (see the skipped tests).");
        lr__sb_append(&expl, "Independence cannot be tested here: %s",
                      b->tests[idw].skipped ? b->tests[idw].skipped : "");
    } else if (!rejected) {
        b->verdict = LR_VERDICT_HOLDS;
        rep_why_tests(&why, b, alpha, pmin, "independence");
        lr__sb_append(&expl,
                      "Nothing suggests that the rows depend on each other: neighbouring rows "
                      "(in the order given) have unrelated residuals (lag-1 correlation %s)",
                      rb);
        if (clustered && !isnan(icc.icc))
            lr__sb_append(&expl, ", and rows of the same %s are no more alike than others", cname);
        lr__sb_puts(&expl, ".");
    } else {
        double dev = fmax(hmax, 1.0 / hmin);
        int material = isnan(dev) || dev >= LR_CHECK_SE_RATIO;
        b->verdict = material ? LR_VERDICT_VIOLATED : LR_VERDICT_DOUBTFUL;
        rep_why_tests(&why, b, alpha, pmin, "independence");
        if (!isnan(dev)) {
            char dv[32];
            lr__snprintf_c(dv, sizeof dv, "%.2f", dev);
            lr__sb_append(&why,
                          "; the %s standard errors differ from the heteroscedasticity-robust "
                          "(%s) ones by up to a factor of %s (material from %g).",
                          label, clustered ? "HC1" : "HC0", dv, LR_CHECK_SE_RATIO);
        } else {
            lr__sb_puts(&why, "; no robust table could be computed, so it counts as material.");
        }
        if (cluster_rej) {
            char pc[32];
            rep_fmt_pct(pc, sizeof pc, icc.icc);
            lr__sb_append(&expl,
                          "Rows of the same %s resemble each other beyond what the predictors "
                          "explain: %s of the residual variance is shared within a %s "
                          "(intraclass correlation %s).",
                          cname, pc, cname, ib);
        }
        if (serial_rej)
            lr__sb_append(&expl,
                          "%sNeighbouring rows (in the order given) have %s residuals (lag-1 "
                          "correlation %s): each row adds less new information than an "
                          "independent one would.",
                          cluster_rej ? " " : "", rho1 >= 0 ? "similar" : "alternating", rb);
        if (rob && !isnan(rmax))
            lr__sb_append(&expl,
                          " Standard errors that allow for this are %s to %s times the classical "
                          "ones%s",
                          d1, d2,
                          material ? "." : ", close enough that the classical table is usable.");
        if (b->nnamed > 0) {
            lr__sb_puts(&expl, " With them, ");
            rep_list_names(&expl, (const char *const *)b->named, b->nnamed);
            lr__sb_append(&expl, " change%s significance at %g.", b->nnamed == 1 ? "s" : "", alpha);
        }
    }
    if (st == LR_OK && rob) {
        rep_remedy_intro(&rem, b->verdict, label,
                         clustered ? "standard errors robust to correlation within clusters"
                                   : "standard errors robust to autocorrelation along the rows");
        lr__sb_puts(&rem, tab.data ? tab.data : "");
        rem.failed |= tab.failed;
    }
    lr__sb_free(&tab);
    if (st == LR_OK && !clustered && b->verdict != LR_VERDICT_NOT_TESTABLE)
        lr__sb_puts(&expl, " If rows come in groups (several measurements per patient, store or "
                           "day), pass the group ids as clusters: this check cannot see such "
                           "groups otherwise.");
    int needed = b->verdict == LR_VERDICT_VIOLATED;
    if (st == LR_OK && !cJSON_AddBoolToObject(b->remedy_json, "needed", needed))
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the independence remedy");
    return rep_finish(b, st, &why, &expl, &rem);
}
