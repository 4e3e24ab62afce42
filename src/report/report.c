/* lr_check_assumptions: validates the options, runs one check per
 * assumption and owns the resulting report; the getters. */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const assumption_names[LR_ASSUMPTION_COUNT_] = {
    "linearity",
    "normality",
    "homoscedasticity",
    "independence",
    "fixed_features",
    "no_multicollinearity",
    "no_influential_observations",
};

static const char *const verdict_names[LR_VERDICT_COUNT_] = {
    "holds",
    "doubtful",
    "violated",
    "cannot_be_tested",
};

const char *lr_assumption_name(lr_assumption a)
{
    return (unsigned)a < LR_ASSUMPTION_COUNT_ ? assumption_names[a] : NULL;
}

const char *lr_verdict_name(lr_verdict v)
{
    return (unsigned)v < LR_VERDICT_COUNT_ ? verdict_names[v] : NULL;
}

void lr_check_options_init(lr_check_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->alpha = 0.05;
    o->level = 0.95;
    o->clusters.kind = LR_CLUSTER_NONE;
}

static void block_free(rep_block *b)
{
    for (size_t i = 0; i < b->ntests; i++) {
        free(b->tests[i].name);
        free(b->tests[i].label);
        free(b->tests[i].predictor);
        free(b->tests[i].skipped);
    }
    free(b->tests);
    for (size_t i = 0; i < b->neffects; i++)
        free(b->effects[i].name);
    free(b->effects);
    for (size_t i = 0; i < b->nnamed; i++)
        free(b->named[i]);
    free(b->named);
    free(b->reason);
    free(b->explanation);
    free(b->consequence);
    free(b->remedy);
    cJSON_Delete(b->remedy_json);
    lr_robust_free(b->robust);
}

void lr_report_free(lr_report *r)
{
    if (!r)
        return;
    for (int a = 0; a < LR_ASSUMPTION_COUNT_; a++)
        block_free(&r->b[a]);
    free(r->response);
    free(r->formula);
    free(r->flagged);
    free(r);
}

/* Checks the options against the model before any work. */
static lr_status check_options(const lr_model *m, const lr_check_options *o)
{
    if (!(o->alpha > 0.0 && o->alpha < 1.0))
        return lr__fail(LR_ERR_INVALID_ARG,
                        "the significance level alpha = %g is not inside (0, 1)", o->alpha);
    if (!(o->level > 0.0 && o->level < 1.0))
        return lr__fail(LR_ERR_INVALID_ARG, "the confidence level %g is not inside (0, 1)",
                        o->level);
    if (o->reliability && o->error_var)
        return lr__fail(LR_ERR_INVALID_ARG,
                        "give either reliabilities or error variances for the fixed-features "
                        "check, not both");
    const size_t k = m->k;
    for (size_t j = 0; o->reliability && j < k; j++)
        if (!(o->reliability[j] > 0.0 && o->reliability[j] <= 1.0))
            return lr__fail(LR_ERR_INVALID_ARG,
                            "the reliability of predictor %zu (%s) is %g, outside (0, 1]", j + 1,
                            m->names[j + (size_t)m->intercept], o->reliability[j]);
    for (size_t j = 0; o->error_var && j < k; j++)
        if (!(o->error_var[j] >= 0.0 && isfinite(o->error_var[j])))
            return lr__fail(LR_ERR_INVALID_ARG,
                            "the measurement-error variance of predictor %zu (%s) is %g; it "
                            "must be finite and >= 0",
                            j + 1, m->names[j + (size_t)m->intercept], o->error_var[j]);
    const lr_cluster_ids *c = &o->clusters;
    switch (c->kind) {
    case LR_CLUSTER_NONE: break;
    case LR_CLUSTER_DOUBLE:
    case LR_CLUSTER_INT64:
        if ((c->kind == LR_CLUSTER_DOUBLE && !c->dbl) || (c->kind == LR_CLUSTER_INT64 && !c->i64))
            return lr__fail(LR_ERR_INVALID_ARG, "the cluster ids are NULL");
        if (m->nobs && c->len != m->nobs)
            return lr__fail(LR_ERR_DIMENSION,
                            "the cluster ids have %zu elements but the model has %zu rows", c->len,
                            m->nobs);
        for (size_t i = 0; c->kind == LR_CLUSTER_DOUBLE && i < c->len; i++)
            if (!isfinite(c->dbl[i]))
                return lr__fail(LR_ERR_NONFINITE, "the cluster id at row %zu is not finite", i + 1);
        break;
    case LR_CLUSTER_COLUMN:
        if (c->column >= k)
            return lr__fail(LR_ERR_INVALID_ARG,
                            "the cluster column %zu does not exist (the model has %zu predictor "
                            "columns)",
                            c->column + 1, k);
        break;
    default: return lr__fail(LR_ERR_INVALID_ARG, "unknown cluster id kind %d", (int)c->kind);
    }
    return LR_OK;
}

static lr_status header(const lr_model *m, const rep_ctx *c, lr_report *r)
{
    r->alpha = c->o->alpha;
    r->level = c->o->level;
    r->n = m->n_used;
    r->ncoef = m->p;
    r->response = lr__strdup(c->response);
    lr_strbuf sb = {0};
    lr__sb_append(&sb, "%s ~ ", c->o->response ? c->o->response : "y");
    size_t shown = 0;
    for (size_t j = (size_t)m->intercept; j < m->p; j++)
        lr__sb_append(&sb, "%s%s", shown++ ? " + " : "", m->names[j]);
    if (!shown)
        lr__sb_puts(&sb, m->intercept ? "1" : "0");
    else if (!m->intercept)
        lr__sb_puts(&sb, " - 1");
    if (!r->response)
        sb.failed = 1;
    return rep_take_text(&r->formula, &sb);
}

/* An exact fit leaves residuals that are rounding noise: the checks that
 * read residuals say so instead of testing the noise (the rule of the
 * influence diagnostics: RSS below 1e-26 of the total sum of squares). */
static int exact_fit(const lr_model *m)
{
    if (!m->has_data || !m->resid)
        return 0;
    double tss = lr_model_stat(m, LR_STAT_TSS);
    return !(m->rss > 1e-26 * tss) || !(m->rss > 0.0);
}

static lr_status exact_block(rep_block *b, const lr_model *m)
{
    char msg[256];
    lr__snprintf_c(msg, sizeof msg,
                   "The model fits the data exactly (residual sum of squares %.3g against a "
                   "total of %.3g): the residuals are rounding noise, so no assumption about "
                   "the errors can be tested.",
                   m->rss, lr_model_stat(m, LR_STAT_TSS));
    b->verdict = LR_VERDICT_NOT_TESTABLE;
    lr_status st = rep_set_text(&b->reason, msg);
    if (st == LR_OK)
        st = rep_set_text(&b->explanation, msg);
    if (st == LR_OK)
        st = rep_set_text(&b->remedy, "None possible: with no residual variation there is "
                                      "nothing to check.");
    return st;
}

lr_status lr_check_assumptions(const lr_model *m, const lr_check_options *opts, lr_report **out)
{
    lr__clear_error();
    lr__gsl_init();
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "out must not be NULL");
    *out = NULL;
    if (!m)
        return lr__fail(LR_ERR_INVALID_ARG, "model must not be NULL");
    lr_check_options defaults;
    lr_check_options_init(&defaults);
    const lr_check_options *o = opts ? opts : &defaults;
    lr_status st = check_options(m, o);
    if (st != LR_OK)
        return st;
    lr_report *r = lr__calloc(1, sizeof *r);
    double *cols = lr__calloc(3 * m->p + 1, sizeof(double));
    if (!r || !cols) {
        free(r);
        free(cols);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the assumption report");
    }
    rep_ctx c = {m,
                 o,
                 r,
                 o->response ? o->response : "the response",
                 o->response ? o->response : "The response",
                 cols,
                 cols + m->p,
                 cols + 2 * m->p,
                 rep_display_names(m, o)};
    if (!c.display)
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the coefficient names");
    if (st == LR_OK)
        st = lr_model_coef_column(m, LR_COEF_STD_ERROR, o->level, c.se, m->p);
    if (st == LR_OK)
        st = lr_model_coef_column(m, LR_COEF_P_VALUE, o->level, c.pval, m->p);
    if (st == LR_OK)
        st = lr_model_coef_column(m, LR_COEF_ESTIMATE, o->level, c.coef, m->p);
    if (st == LR_OK)
        st = header(m, &c, r);
    for (int a = 0; a < LR_ASSUMPTION_COUNT_; a++)
        r->b[a].verdict = LR_VERDICT_NOT_TESTABLE;
    lr_status (*const checks[LR_ASSUMPTION_COUNT_])(const rep_ctx *) = {
        rep_check_linearity,    rep_check_normality,      rep_check_homoscedasticity,
        rep_check_independence, rep_check_fixed_features, rep_check_multicollinearity,
        rep_check_influence,
    };
    const int exact = exact_fit(m);
    for (int a = 0; a < LR_ASSUMPTION_COUNT_ && st == LR_OK; a++) {
        lr__clear_error();
        if (exact && a != LR_ASSUMPTION_FIXED_FEATURES && a != LR_ASSUMPTION_MULTICOLLINEARITY)
            st = exact_block(&r->b[a], m);
        else
            st = checks[a](&c);
        rep_block *b = &r->b[a];
        if (st == LR_OK && !b->remedy_json) {
            b->remedy_json = cJSON_CreateObject();
            if (!b->remedy_json)
                st = lr__fail(LR_ERR_NOMEM, "cannot allocate the assumption report");
        }
        char **texts[4] = {&b->reason, &b->explanation, &b->consequence, &b->remedy};
        for (int t = 0; t < 4 && st == LR_OK; t++)
            if (!*texts[t])
                st = rep_set_text(texts[t], "");
    }
    free(cols);
    rep_display_free(c.display, m->p);
    if (st != LR_OK) {
        lr_report_free(r);
        return st;
    }
    lr__clear_error();
    *out = r;
    return LR_OK;
}

/* ------------------------------------------------------------- getters */

static const rep_block *block(const lr_report *r, lr_assumption a)
{
    return r && (unsigned)a < LR_ASSUMPTION_COUNT_ ? &r->b[a] : NULL;
}

lr_verdict lr_report_verdict(const lr_report *r, lr_assumption a)
{
    const rep_block *b = block(r, a);
    return b ? b->verdict : LR_VERDICT_COUNT_;
}

size_t lr_report_ntests(const lr_report *r, lr_assumption a)
{
    const rep_block *b = block(r, a);
    return b ? b->ntests : 0;
}

lr_status lr_report_test(const lr_report *r, lr_assumption a, size_t i, const char **name,
                         const char **predictor, lr_test_result *out, const char **skipped)
{
    lr__clear_error();
    const rep_block *b = block(r, a);
    if (!b)
        return lr__fail(LR_ERR_INVALID_ARG, "report is NULL or assumption %d unknown", (int)a);
    if (i >= b->ntests)
        return lr__fail(LR_ERR_INVALID_ARG, "test %zu does not exist (the %s block has %zu)", i,
                        assumption_names[a], b->ntests);
    const rep_test *t = &b->tests[i];
    if (name)
        *name = t->name;
    if (predictor)
        *predictor = t->predictor;
    if (out)
        *out = t->res;
    if (skipped)
        *skipped = t->skipped;
    return LR_OK;
}

double lr_report_effect(const lr_report *r, lr_assumption a, const char *name)
{
    const rep_block *b = block(r, a);
    if (!b || !name)
        return NAN;
    for (size_t i = 0; i < b->neffects; i++)
        if (strcmp(b->effects[i].name, name) == 0)
            return b->effects[i].value;
    return NAN;
}

size_t lr_report_neffects(const lr_report *r, lr_assumption a)
{
    const rep_block *b = block(r, a);
    return b ? b->neffects : 0;
}

const char *lr_report_effect_name(const lr_report *r, lr_assumption a, size_t i, double *value)
{
    const rep_block *b = block(r, a);
    if (!b || i >= b->neffects)
        return NULL;
    if (value)
        *value = b->effects[i].value;
    return b->effects[i].name;
}

const char *lr_report_reason(const lr_report *r, lr_assumption a)
{
    const rep_block *b = block(r, a);
    return b && b->reason ? b->reason : "";
}

const char *lr_report_explanation(const lr_report *r, lr_assumption a)
{
    const rep_block *b = block(r, a);
    return b && b->explanation ? b->explanation : "";
}

const char *lr_report_consequence(const lr_report *r, lr_assumption a)
{
    const rep_block *b = block(r, a);
    return b && b->consequence ? b->consequence : "";
}

const char *lr_report_remedy(const lr_report *r, lr_assumption a)
{
    const rep_block *b = block(r, a);
    return b && b->remedy ? b->remedy : "";
}

size_t lr_report_nnamed(const lr_report *r, lr_assumption a)
{
    const rep_block *b = block(r, a);
    return b ? b->nnamed : 0;
}

const char *lr_report_named(const lr_report *r, lr_assumption a, size_t i)
{
    const rep_block *b = block(r, a);
    return b && i < b->nnamed ? b->named[i] : NULL;
}

const size_t *lr_report_flagged_rows(const lr_report *r, size_t *count)
{
    if (count)
        *count = r ? r->nflagged : 0;
    return r && r->nflagged ? r->flagged : NULL;
}

const lr_robust *lr_report_robust(const lr_report *r, lr_assumption a)
{
    const rep_block *b = block(r, a);
    return b ? b->robust : NULL;
}
