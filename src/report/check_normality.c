/* Normality of the errors: Shapiro-Wilk up to LR_CHECK_SW_MAX_N rows,
 * Jarque-Bera and Anderson-Darling above (where every test rejects
 * trivial departures, so the effect sizes decide). Effect: skewness and
 * excess kurtosis of the (weighted) residuals. Remedy: a Box-Cox
 * suggestion for a positive response, and pointers. */
#include "../io/json_util.h"
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const consequence =
    "The estimates stay unbiased. With few rows the t-tests, p-values and confidence intervals "
    "of the coefficients are only approximate; with many rows they remain approximately right "
    "(central limit theorem). Prediction intervals assume normal errors at any sample size, so "
    "they are wrong: too narrow on the side of the long tail.";

/* Box-Cox as a suggestion; adds "box_cox" to the remedy JSON and a
 * sentence to rem. Never fails the report except for memory. */
static lr_status box_cox(const rep_ctx *c, rep_block *b, lr_strbuf *rem)
{
    const lr_model *m = c->m;
    if (m->w.data || m->n_used > LR_CHECK_BOXCOX_MAX_N)
        return LR_OK;
    for (size_t i = 0; i < m->nobs; i++)
        if (!(lr__vec(&m->y, i) > 0.0))
            return LR_OK;
    lr_boxcox *bc = NULL;
    lr_status st = lr_boxcox_profile(m, -2.0, 2.0, 0.0, c->o->level, &bc);
    if (st == LR_ERR_NOMEM)
        return st;
    if (st != LR_OK)
        return LR_OK;
    double lh = lr_boxcox_lambda_hat(bc), lo = lr_boxcox_ci_low(bc), hi = lr_boxcox_ci_high(bc);
    lr_boxcox_free(bc);
    cJSON *o = cJSON_AddObjectToObject(b->remedy_json, "box_cox");
    int bad = !o;
    if (!bad) {
        bad |= lr__json_add_number(o, "lambda_hat", lh) != 0;
        bad |= lr__json_add_number(o, "ci_low", lo) != 0;
        bad |= lr__json_add_number(o, "ci_high", hi) != 0;
        bad |= lr__json_add_number(o, "level", c->o->level) != 0;
    }
    if (bad)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the normality remedy");
    /* a limit is NaN when the interval reaches the end of [-2, 2] */
    double l = isnan(lo) ? -2.0 : lo, h = isnan(hi) ? 2.0 : hi;
    char a[32], bb[32], cc[32];
    rep_fmt(a, sizeof a, lh);
    rep_fmt(bb, sizeof bb, lo);
    rep_fmt(cc, sizeof cc, hi);
    lr__sb_append(rem, " Box-Cox: the best power of %s is %s (%g%% interval %s to %s)", c->response,
                  a, 100.0 * c->o->level, isnan(lo) ? "below -2" : bb, isnan(hi) ? "above 2" : cc);
    if (l <= 1.0 && 1.0 <= h)
        lr__sb_puts(rem, ", which includes 1: no transformation is called for.");
    else if (l <= 0.0 && 0.0 <= h)
        lr__sb_append(rem, ", which includes 0: model log(%s).", c->response);
    else if (l <= 0.5 && 0.5 <= h)
        lr__sb_append(rem, ", which includes 0.5: model sqrt(%s).", c->response);
    else
        lr__sb_append(rem, ": model %s^%s.", c->response, a);
    return LR_OK;
}

lr_status rep_check_normality(const rep_ctx *c)
{
    const lr_model *m = c->m;
    rep_block *b = &c->r->b[LR_ASSUMPTION_NORMALITY];
    const double alpha = c->o->alpha;
    lr_status st = rep_begin(b, consequence, "normality");
    if (st != LR_OK)
        return st;
    lr_test_result res;
    if (m->has_data && m->n_used > LR_CHECK_SW_MAX_N) {
        char why[200];
        lr__snprintf_c(why, sizeof why,
                       "Shapiro-Wilk is defined up to %d rows (R's limit); with %.0f rows "
                       "Jarque-Bera, Anderson-Darling and the effect sizes decide",
                       LR_CHECK_SW_MAX_N, m->n_used);
        st = rep_skip_test(b, "shapiro_wilk", "Shapiro-Wilk", why);
        if (st == LR_OK)
            st = rep_add_test(b, "jarque_bera", "Jarque-Bera", NULL, lr_jarque_bera(m, &res), &res,
                              NULL);
        if (st == LR_OK)
            st = rep_add_test(b, "anderson_darling", "Anderson-Darling", NULL,
                              lr_anderson_darling(m, &res), &res, NULL);
    } else {
        st = rep_add_test(b, "shapiro_wilk", "Shapiro-Wilk", NULL, lr_shapiro_wilk(m, &res), &res,
                          NULL);
    }
    if (st != LR_OK)
        return st;
    double skew = NAN, kurt = NAN;
    lr_status ms = lr_residual_moments(m, &skew, &kurt);
    if (ms == LR_ERR_NOMEM)
        return ms;
    if (ms != LR_OK)
        skew = kurt = NAN;
    double exk = kurt - 3.0;
    st = rep_add_effect(b, "skewness", skew);
    if (st == LR_OK)
        st = rep_add_effect(b, "excess_kurtosis", exk);
    if (st != LR_OK)
        return st;

    double pmin = rep_adjust(b);
    lr_strbuf why = {0}, expl = {0}, rem = {0};
    char sb[32], kb[32];
    lr__snprintf_c(sb, sizeof sb, "%.2f", skew);
    lr__snprintf_c(kb, sizeof kb, "%.2f", exk);
    int skewed = fabs(skew) >= LR_CHECK_SKEWNESS, tailed = fabs(exk) >= LR_CHECK_EXCESS_KURTOSIS;
    if (isnan(pmin)) {
        b->verdict = LR_VERDICT_NOT_TESTABLE;
        lr__sb_puts(&why, "No normality test could run (see the skipped tests).");
        lr__sb_append(&expl, "Normality cannot be tested here: %s",
                      b->ntests && b->tests[b->ntests - 1].skipped ? b->tests[b->ntests - 1].skipped
                                                                   : "");
    } else {
        int rejected = pmin < alpha, material = skewed || tailed;
        b->verdict = rep_verdict(rejected, material);
        rep_why_tests(&why, b, alpha, pmin, "normality");
        if (rejected)
            lr__sb_append(&why,
                          "; skewness %s and excess kurtosis %s are %s (material from "
                          "|skewness| %g or |excess kurtosis| %g).",
                          sb, kb, material ? "material" : "small", LR_CHECK_SKEWNESS,
                          LR_CHECK_EXCESS_KURTOSIS);
        if (!rejected) {
            lr__sb_append(&expl,
                          "The residuals look normally distributed (skewness %s, excess "
                          "kurtosis %s).",
                          sb, kb);
        } else if (!material) {
            lr__sb_append(&expl,
                          "The residuals depart from a normal distribution only a little "
                          "(skewness %s, excess kurtosis %s); with %.0f rows a test notices even "
                          "that.",
                          sb, kb, m->n_used);
        } else {
            if (skewed)
                lr__sb_append(&expl,
                              "The residuals are skewed to the %s (skewness %s): some rows lie "
                              "much further %s the fitted values than any lie %s them.",
                              skew > 0 ? "right" : "left", sb, skew > 0 ? "above" : "below",
                              skew > 0 ? "below" : "above");
            if (tailed)
                lr__sb_append(&expl, "%sThe residuals have %s tails (excess kurtosis %s): %s.",
                              skewed ? " " : "", exk > 0 ? "heavy" : "light", kb,
                              exk > 0 ? "more rows lie far from the fitted values than a normal "
                                        "distribution allows"
                                      : "fewer rows lie far from the fitted values than a normal "
                                        "distribution would have");
        }
    }
    int needed = b->verdict == LR_VERDICT_VIOLATED;
    if (b->verdict != LR_VERDICT_VIOLATED && b->verdict != LR_VERDICT_DOUBTFUL) {
        lr__sb_puts(&rem, b->verdict == LR_VERDICT_HOLDS ? "None needed."
                                                         : "Refit with the rows kept in memory "
                                                           "to check normality.");
    } else {
        lr__sb_append(&rem, "Do not quote prediction intervals from this model as exact. %s",
                      exk > 0 && tailed ? "Heavy tails often come from a few outlying rows: see "
                                          "the influential-observations check."
                                        : "");
        if (skewed) {
            size_t before = rem.len;
            st = box_cox(c, b, &rem);
            if (st == LR_OK && rem.len == before)
                lr__sb_append(&rem,
                              " A transformation of %s (such as log) may make the residuals "
                              "symmetric.",
                              c->response);
        }
    }
    if (st == LR_OK && !cJSON_AddBoolToObject(b->remedy_json, "needed", needed))
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the normality remedy");
    return rep_finish(b, st, &why, &expl, &rem);
}
