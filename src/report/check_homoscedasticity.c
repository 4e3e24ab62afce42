/* Constant variance: Breusch-Pagan (Koenker's studentized form) always,
 * White's test up to LR_CHECK_WHITE_MAX_N rows and LR_CHECK_WHITE_MAX_COLS
 * generated columns. The Breusch-Pagan auxiliary regression is fitted
 * here as bptest fits it (u = e^2 - RSS/n on the model's design, weighted
 * as the model) to find the predictor the spread follows (largest |t|)
 * and its direction. Effect: the ratio of HC3 to classical standard
 * errors, and the auxiliary R^2. Remedy: the HC3 table. */
#include "../io/json_util.h"
#include "report_internal.h"

#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const consequence =
    "The estimates stay unbiased, but the classical standard errors, t-tests, p-values and "
    "confidence intervals of all coefficients are unreliable (too narrow or too wide, depending "
    "on where the spread is large); prediction intervals are too narrow where the spread is "
    "large and too wide where it is small.";

/* The auxiliary regression of the squared residuals on the design: its
 * t values (p, NaN for the intercept's and aliased entries' absence),
 * R^2 (R's summary.lm: centred with an intercept) and rank. */
typedef struct aux_fit {
    double *t;
    double r2, rank;
} aux_fit;

#define AUX_BLOCK 256

/* Unweighted fit: lm(u ~ X) with u = e^2 - RSS/n, bptest's regression. The
 * design is the model's, so its R factor gives the projection: g = X'u in
 * one blocked pass, q = R^-T g, RSS_aux = sum u^2 - ||q||^2, coefficients
 * R^-1 q, and (X'X)^-1_jj = vcov_jj / sigma^2 of the model. */
static lr_status aux_from_factor(const lr_model *m, aux_fit *out)
{
    const size_t r = m->rank, B = AUX_BLOCK;
    const double n = m->n_used, s2 = m->rss / n;
    double *w = lr__calloc(B * r + B + 2 * r + 1, sizeof(double));
    if (!w)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the auxiliary regression");
    double *Xb = w, *ub = Xb + B * r, *g = ub + B;
    double su = 0.0, su2 = 0.0;
    for (size_t i0 = 0; i0 < m->nobs; i0 += B) {
        size_t nb = m->nobs - i0 < B ? m->nobs - i0 : B;
        for (size_t a = 0; a < r; a++) {
            size_t j = m->keep[a];
            for (size_t t = 0; t < nb; t++)
                Xb[t + a * B] =
                    (lr__design(m, i0 + t, j) + lr__design_lo(m, i0 + t, j)) * m->rscale[a];
        }
        for (size_t t = 0; t < nb; t++) {
            double e = m->resid[i0 + t];
            ub[t] = e * e - s2;
            su += ub[t];
            su2 += ub[t] * ub[t];
        }
        cblas_dgemv(CblasColMajor, CblasTrans, (int)nb, (int)r, 1.0, Xb, (int)B, ub, 1, 1.0, g, 1);
    }
    cblas_dtrsv(CblasColMajor, CblasUpper, CblasTrans, CblasNonUnit, (int)r, m->rfac, (int)r, g, 1);
    double qq = cblas_ddot((int)r, g, 1, g, 1);
    cblas_dtrsv(CblasColMajor, CblasUpper, CblasNoTrans, CblasNonUnit, (int)r, m->rfac, (int)r, g,
                1);
    double rss = su2 - qq;
    double tss = m->intercept ? su2 - su * su / n : su2;
    out->r2 = 1.0 - rss / tss;
    out->rank = (double)r;
    const double sigma2 = m->rss / (n - (double)r);
    for (size_t j = 0; j < m->p; j++)
        out->t[j] = NAN;
    for (size_t a = 0; a < r && n > (double)r; a++) {
        size_t j = m->keep[a];
        double cj = g[a] * m->rscale[a];
        double vjj = m->vcov[j * m->p + j] / sigma2;
        out->t[j] = cj / sqrt(rss / (n - (double)r) * vjj);
    }
    free(w);
    return LR_OK;
}

/* Weighted fit: lm(w e^2 ~ X) over the rows with w > 0, unweighted: the
 * regression of statsmodels' het_breuschpagan(wresid, X). Its design is not
 * the model's (which is weighted), so it is fitted. */
static lr_status aux_by_fit(const lr_model *m, aux_fit *out)
{
    double *u = lr__calloc(2 * m->nobs + 1, sizeof(double));
    if (!u)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the auxiliary regression");
    double *ind = u + m->nobs;
    for (size_t i = 0; i < m->nobs; i++) {
        double w = lr__weight(m, i);
        u[i] = w * m->resid[i] * m->resid[i];
        ind[i] = w > 0.0 ? 1.0 : 0.0;
    }
    lr_options o;
    lr_options_init(&o);
    o.intercept = m->intercept;
    o.weights = lr_vector_of(ind, m->nobs);
    o.x_lo = m->X_lo;
    lr_vector uv = lr_vector_of(u, m->nobs);
    lr_model *aux = NULL;
    lr_status st = lr_fit(&m->X, &uv, (const char *const *)(m->names + m->intercept), &o, &aux);
    if (st == LR_OK)
        st = lr_model_coef_column(aux, LR_COEF_T_VALUE, 0.95, out->t, m->p);
    if (st == LR_OK) {
        out->r2 = lr_model_stat(aux, LR_STAT_R_SQUARED);
        out->rank = lr_model_stat(aux, LR_STAT_RANK);
    }
    lr_model_free(aux);
    free(u);
    return st;
}

/* Koenker's studentized Breusch-Pagan statistic n R^2 of the weighted
 * residuals' auxiliary regression (weighted fits; statsmodels
 * het_breuschpagan(wresid, X)), chi-squared with rank - 1 df. */
static lr_status bp_weighted(const lr_model *m, const aux_fit *aux, lr_test_result *out)
{
    memset(out, 0, sizeof *out);
    out->df[1] = NAN;
    if (m->rank < 2)
        return lr__fail(LR_ERR_UNDEFINED,
                        "the Breusch-Pagan auxiliary regression needs at least two design columns "
                        "(an intercept and a regressor); the model has %zu non-aliased",
                        m->rank);
    if (isnan(aux->r2))
        return lr__fail(LR_ERR_UNDEFINED, "the squared weighted residuals are constant");
    out->statistic = m->n_used * aux->r2;
    out->df[0] = aux->rank - 1.0;
    out->p_value = gsl_cdf_chisq_Q(out->statistic, out->df[0]);
    out->n = (size_t)m->n_used;
    lr__snprintf_c(out->method, sizeof out->method,
                   "studentized Breusch-Pagan test of the weighted residuals");
    return LR_OK;
}

lr_status rep_check_homoscedasticity(const rep_ctx *c)
{
    const lr_model *m = c->m;
    rep_block *b = &c->r->b[LR_ASSUMPTION_HOMOSCEDASTICITY];
    const double alpha = c->o->alpha;
    lr_status st = rep_begin(b, consequence, "homoscedasticity");
    if (st != LR_OK)
        return st;
    lr_test_result res;
    size_t ibp = 0;
    double *auxt = lr__calloc(m->p + 1, sizeof(double));
    if (!auxt)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the auxiliary regression");
    aux_fit aux = {auxt, NAN, NAN};
    lr_status as =
        !m->has_data
            ? lr__fail(LR_ERR_NO_DATA, "the model holds no per-row data (a streamed fit); the "
                                       "Breusch-Pagan test needs the residuals")
        : !(m->rss > 0.0) || m->rank == 0 ? lr__fail(LR_ERR_UNDEFINED, "the residuals are all zero")
        : m->w.data                       ? aux_by_fit(m, &aux)
                                          : aux_from_factor(m, &aux);
    if (as == LR_ERR_NOMEM) {
        free(auxt);
        return as;
    }
    if (!m->w.data) {
        st = rep_add_test(b, "breusch_pagan", "Breusch-Pagan (studentized)", NULL,
                          lr_breusch_pagan(m, 1, &res), &res, &ibp);
    } else {
        /* lmtest's bptest on a weighted lm tests the unweighted residuals, whose variance
         * is meant to change as 1/w; test the weighted residuals instead */
        lr_status bs = as == LR_OK ? bp_weighted(m, &aux, &res) : as; /* message set above */
        st = rep_add_test(b, "breusch_pagan", "Breusch-Pagan (studentized, weighted residuals)",
                          NULL, bs, &res, &ibp);
    }
    if (st != LR_OK) {
        free(auxt);
        return st;
    }
    const size_t r = m->rank;
    const size_t gen = r >= 1 ? r * (r + 1) / 2 - 1 : 0;
    if (m->has_data && m->n_used > LR_CHECK_WHITE_MAX_N) {
        char why[200];
        lr__snprintf_c(why, sizeof why,
                       "White's test is skipped above %d rows (its cost grows with n times the "
                       "square of its %zu generated columns); Breusch-Pagan and the HC3 ratio "
                       "decide",
                       LR_CHECK_WHITE_MAX_N, gen);
        st = rep_skip_test(b, "white", "White", why);
    } else if (m->has_data && gen > LR_CHECK_WHITE_MAX_COLS) {
        char why[200];
        lr__snprintf_c(why, sizeof why,
                       "White's test is skipped: its auxiliary regression would have %zu "
                       "generated columns (more than %d)",
                       gen, LR_CHECK_WHITE_MAX_COLS);
        st = rep_skip_test(b, "white", "White", why);
    } else {
        st = rep_add_test(b, "white", "White (squares and cross products)", NULL,
                          lr_white(m, 0, &res), &res, NULL);
    }
    if (st != LR_OK) {
        free(auxt);
        return st;
    }

    /* the predictor the spread follows */
    size_t driver = m->p;
    double driver_t = NAN, aux_r2 = NAN;
    cJSON *auxj = NULL;
    if (!b->tests[ibp].skipped && as == LR_OK) {
        auxj = cJSON_AddObjectToObject(b->remedy_json, "bp_auxiliary");
        cJSON *tj = auxj ? cJSON_AddObjectToObject(auxj, "t_values") : NULL;
        aux_r2 = aux.r2;
        int bad = !tj || lr__json_add_number(auxj, "r_squared", aux_r2) != 0;
        for (size_t j = 0; j < m->p && !bad; j++) {
            if (m->intercept && j == 0)
                continue;
            bad |= lr__json_add_number(tj, m->names[j], auxt[j]) != 0;
            if (!isnan(auxt[j]) && (isnan(driver_t) || fabs(auxt[j]) > fabs(driver_t))) {
                driver_t = auxt[j];
                driver = j;
            }
        }
        if (bad) {
            free(auxt);
            return lr__fail(LR_ERR_NOMEM, "cannot allocate the auxiliary regression");
        }
    }
    free(auxt);
    st = rep_add_effect(b, "bp_aux_r_squared", aux_r2);
    if (st != LR_OK)
        return st;

    /* HC3 (HC1 if a row has leverage 1) */
    lr_strbuf rem = {0}, why = {0}, expl = {0};
    double rmax = NAN, rmin = NAN;
    const char *label = "HC3";
    lr_robust *rob = NULL;
    if (m->has_data) {
        lr_robust_options ro;
        lr_robust_options_init(&ro, LR_VCOV_HC3);
        lr_status rs = lr_robust_vcov(m, &ro, &rob);
        if (rs == LR_ERR_UNDEFINED) {
            lr_robust_options_init(&ro, LR_VCOV_HC1);
            label = "HC1";
            rs = lr_robust_vcov(m, &ro, &rob);
        }
        if (rs == LR_ERR_NOMEM)
            return rs;
        if (rs != LR_OK)
            rob = NULL;
    }
    int rejected = 0;
    double pmin = rep_adjust(b);
    if (isnan(pmin)) {
        b->verdict = LR_VERDICT_NOT_TESTABLE;
        lr__sb_puts(&why, "No test of constant variance could run (see the skipped tests).");
        lr__sb_append(&expl, "Constant variance cannot be tested here: %s",
                      b->tests[ibp].skipped ? b->tests[ibp].skipped : "");
    } else {
        rejected = pmin < alpha;
        if (!rejected) {
            b->verdict = LR_VERDICT_HOLDS;
            rep_why_tests(&why, b, alpha, pmin, "constant variance");
            lr__sb_append(&expl,
                          "The spread of %s around the fitted values looks the same throughout "
                          "the data.",
                          c->response);
        } else {
            if (driver < m->p) {
                const char *dn = rep_coef_display(c, driver);
                const lr_coef_label *lab = c->o->labels ? &c->o->labels[driver] : NULL;
                if (lab && lab->level && lab->reference) {
                    lr__sb_append(&expl,
                                  "The spread of %s around the fitted values is %s for %s than "
                                  "for ",
                                  c->response, driver_t > 0 ? "larger" : "smaller", dn);
                    rep_level_text(&expl, lab, lab->reference);
                    lr__sb_puts(&expl, ".");
                }
                else if (driver_t > 0)
                    lr__sb_append(&expl,
                                  "The spread of %s grows with %s: rows with larger %s scatter "
                                  "further from the fitted values.",
                                  c->response, dn, dn);
                else
                    lr__sb_append(&expl,
                                  "The spread of %s shrinks as %s grows: rows with larger %s lie "
                                  "closer to the fitted values.",
                                  c->response, dn, dn);
            } else {
                lr__sb_append(&expl,
                              "The spread of %s around the fitted values is not the same "
                              "throughout the data.",
                              c->response);
            }
        }
    }
    lr_strbuf tab = {0};
    if (rob) {
        st = rep_apply_robust(c, b, rob, label, &tab, b->remedy_json, &rmax, &rmin);
        if (st == LR_OK && !cJSON_AddStringToObject(b->remedy_json, "type", label))
            st = lr__fail(LR_ERR_NOMEM, "cannot allocate the homoscedasticity remedy");
    } else {
        lr__sb_puts(&rem, b->verdict == LR_VERDICT_NOT_TESTABLE
                              ? "Refit with the rows kept in memory to check constant variance."
                              : "No robust table could be computed.");
        st = rep_add_effect(b, "se_ratio_max", NAN);
        if (st == LR_OK)
            st = rep_add_effect(b, "se_ratio_min", NAN);
    }
    if (st == LR_OK && rejected) {
        double dev = fmax(rmax, 1.0 / rmin);
        int material = isnan(dev) || dev >= LR_CHECK_SE_RATIO;
        b->verdict = material ? LR_VERDICT_VIOLATED : LR_VERDICT_DOUBTFUL;
        char d1[32], d2[32], dv[32];
        lr__snprintf_c(d1, sizeof d1, "%.2f", rmin);
        lr__snprintf_c(d2, sizeof d2, "%.2f", rmax);
        lr__snprintf_c(dv, sizeof dv, "%.2f", dev);
        rep_why_tests(&why, b, alpha, pmin, "constant variance");
        if (isnan(dev))
            lr__sb_puts(&why, "; no robust table could be computed, so it counts as material.");
        else
            lr__sb_append(&why,
                          "; the %s standard errors differ from the classical ones by up to a "
                          "factor of %s (material from %g).",
                          label, dv, LR_CHECK_SE_RATIO);
        if (!isnan(dev))
            lr__sb_append(&expl,
                          " The standard errors that allow for this are %s to %s times the "
                          "classical ones%s",
                          d1, d2,
                          material ? "." : ", close enough that the classical table is usable.");
        if (b->nnamed > 0) {
            lr__sb_puts(&expl, " With them, ");
            rep_list_names(&expl, (const char *const *)b->named, b->nnamed);
            lr__sb_append(&expl, " change%s significance at %g.", b->nnamed == 1 ? "s" : "", alpha);
        }
    }
    if (st == LR_OK && rob) {
        rep_remedy_intro(&rem, b->verdict, label, "heteroscedasticity-consistent standard errors");
        lr__sb_puts(&rem, tab.data ? tab.data : "");
        rem.failed |= tab.failed;
        if (b->verdict == LR_VERDICT_VIOLATED)
            lr__sb_append(&rem,
                          "If the spread grows with the level of %s, modelling log(%s) or "
                          "feasible weighted least squares (lr_fwls) may also help.\n",
                          c->response, c->response);
    }
    lr__sb_free(&tab);
    int needed = b->verdict == LR_VERDICT_VIOLATED;
    if (st == LR_OK && driver < m->p) {
        cJSON *d = cJSON_AddObjectToObject(b->remedy_json, "driver");
        int bad = !d || !cJSON_AddStringToObject(d, "name", m->names[driver]);
        bad |= !bad && lr__json_add_number(d, "t_value", driver_t) != 0;
        bad |= !bad &&
               !cJSON_AddStringToObject(d, "direction", driver_t > 0 ? "increases" : "decreases");
        if (bad)
            st = lr__fail(LR_ERR_NOMEM, "cannot allocate the homoscedasticity remedy");
    }
    if (st == LR_OK && !cJSON_AddBoolToObject(b->remedy_json, "needed", needed))
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the homoscedasticity remedy");
    return rep_finish(b, st, &why, &expl, &rem);
}
