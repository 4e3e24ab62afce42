/* Fixed features (no measurement error in the predictors). The data
 * cannot test it; with reliabilities or error variances from the user the
 * attenuation-corrected weights are reported (lr_fixed_features_correct),
 * and always, when the rows are kept, the sensitivity table
 * (lr_fixed_features_sensitivity at reliabilities 1.0, 0.9, 0.8, 0.7). */
#include "../io/json_util.h"
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const consequence =
    "A predictor measured with error gets a weight biased toward zero (attenuation) by its "
    "reliability, the share of its variance that is not measurement error; the other weights "
    "are biased through their correlation with it. Standard errors do not show this bias.";

static const double levels[] = {1.0, 0.9, 0.8, 0.7};
#define NLEVELS 4

/* The sensitivity table into the remedy JSON and text. */
static lr_status sensitivity(const rep_ctx *c, rep_block *b, lr_strbuf *rem)
{
    const lr_model *m = c->m;
    const size_t k = m->k, p = m->p;
    double *tab = lr__calloc(k * NLEVELS * p + 1, sizeof(double));
    if (!tab)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the sensitivity table");
    lr_status st = lr_fixed_features_sensitivity(m, levels, NLEVELS, tab, k * NLEVELS * p);
    if (st != LR_OK) {
        free(tab);
        return st == LR_ERR_NOMEM ? st : LR_OK;
    }
    cJSON *arr = cJSON_AddArrayToObject(b->remedy_json, "sensitivity");
    int bad = !arr;
    lr__sb_puts(rem, "    Weight of each predictor if it alone had reliability r:\n");
    lr__sb_append(rem, "    %-20s", "predictor");
    for (int l = 0; l < NLEVELS; l++)
        lr__sb_append(rem, " %12s",
                      l == 0   ? "r = 1 (fit)"
                      : l == 1 ? "r = 0.9"
                      : l == 2 ? "r = 0.8"
                               : "r = 0.7");
    lr__sb_puts(rem, "\n");
    for (size_t j = 0; j < k && !bad; j++) {
        size_t cj = j + (size_t)m->intercept;
        if (m->aliased[cj])
            continue;
        lr__sb_append(rem, "    %-20s", m->names[cj]);
        for (int l = 0; l < NLEVELS && !bad; l++) {
            const double *row = tab + (j * NLEVELS + (size_t)l) * p;
            char v[32];
            rep_fmt(v, sizeof v, row[cj]);
            lr__sb_append(rem, " %12s", v);
            cJSON *o = cJSON_CreateObject();
            bad |= !o || !cJSON_AddItemToArray(arr, o);
            if (bad) {
                cJSON_Delete(o);
                break;
            }
            bad |= !cJSON_AddStringToObject(o, "predictor", m->names[cj]);
            bad |= lr__json_add_number(o, "reliability", levels[l]) != 0;
            cJSON *co = cJSON_AddObjectToObject(o, "coefficients");
            bad |= !co;
            for (size_t q = 0; q < p && !bad; q++)
                bad |= lr__json_add_number(co, m->names[q], row[q]) != 0;
        }
        lr__sb_puts(rem, "\n");
    }
    free(tab);
    return bad ? lr__fail(LR_ERR_NOMEM, "cannot allocate the sensitivity table") : LR_OK;
}

lr_status rep_check_fixed_features(const rep_ctx *c)
{
    const lr_model *m = c->m;
    rep_block *b = &c->r->b[LR_ASSUMPTION_FIXED_FEATURES];
    const lr_check_options *o = c->o;
    lr_status st = rep_begin(b, consequence, "fixed-features");
    if (st != LR_OK)
        return st;
    lr_strbuf why = {0}, expl = {0}, rem = {0};
    const int given = o->reliability || o->error_var;
    double max_shift = NAN, max_rel = NAN;
    if (!given) {
        b->verdict = LR_VERDICT_NOT_TESTABLE;
        lr__sb_puts(&why, "No reliabilities or measurement-error variances were given, and the "
                          "data alone cannot tell measurement error from a weaker effect.");
        char *note = NULL;
        st = lr_fixed_features_note(m, NULL, &note);
        if (st == LR_OK && !cJSON_AddStringToObject(b->remedy_json, "note", note))
            st = lr__fail(LR_ERR_NOMEM, "cannot allocate the fixed-features remedy");
        free(note);
        if (st == LR_OK) {
            const char **pn = lr__calloc(m->p + 1, sizeof(char *));
            if (!pn)
                expl.failed = 1; /* reported as out of memory below */
            size_t np = 0;
            for (size_t j = (size_t)m->intercept; pn && j < m->p; j++)
                if (!m->aliased[j])
                    pn[np++] = rep_coef_display(c, j);
            lr__sb_puts(&expl, "Least squares takes the predictors");
            if (np > 0) {
                lr__sb_puts(&expl, " (");
                rep_list_names(&expl, pn, np);
                lr__sb_puts(&expl, ")");
            }
            free(pn);
            lr__sb_puts(&expl,
                        " as measured exactly. The data cannot tell a noisy measurement from a "
                        "weaker effect, so this cannot be tested. If a predictor is measured with "
                        "error (a lab value, a self-reported income, an estimated size), its "
                        "weight is too close to zero.");
            lr__sb_puts(&rem,
                        "Find the reliability of each predictor measured with error (repeated "
                        "measurements, a validation study, the instrument's test-retest "
                        "correlation) and give it to the check (lr_check_options.reliability) "
                        "to get corrected weights.\n");
            if (m->has_data)
                st = sensitivity(c, b, &rem);
        }
    } else {
        double *corr = lr__calloc(m->p + 1, sizeof(double));
        if (!corr)
            return lr__fail(LR_ERR_NOMEM, "cannot allocate the corrected weights");
        lr_status cs = lr_fixed_features_correct(m, o->reliability, o->error_var, corr, m->p);
        if (cs == LR_ERR_NOMEM || cs == LR_ERR_INVALID_ARG) {
            free(corr);
            return cs;
        }
        if (cs != LR_OK) {
            free(corr);
            b->verdict = LR_VERDICT_NOT_TESTABLE;
            lr__sb_append(&why, "The corrected weights cannot be computed: %s", lr_last_error());
            lr__sb_append(&expl, "The measurement errors given cannot be checked here: %s",
                          lr_last_error());
            lr__sb_puts(&rem, cs == LR_ERR_NO_DATA
                                  ? "Refit with the rows kept in memory to correct for "
                                    "measurement error."
                                  : "Check the reliabilities given: the stated errors are as "
                                    "large as the observed variation of the predictors.");
        } else {
            int all_exact = 1;
            for (size_t j = 0; j < m->k; j++)
                all_exact &= o->reliability ? o->reliability[j] == 1.0 : o->error_var[j] == 0.0;
            size_t worst = m->p;
            cJSON *arr = cJSON_AddArrayToObject(b->remedy_json, "corrected");
            int bad = !arr;
            lr__sb_puts(&rem, "Weights corrected for measurement error (regression calibration, "
                              "Fuller 1987):\n");
            lr__sb_append(&rem, "    %-20s %12s %12s %12s %10s\n", "coefficient", "fitted",
                          "corrected", "change", "in SE");
            for (size_t j = 0; j < m->p && !bad; j++) {
                if (m->aliased[j])
                    continue;
                double shift = (corr[j] - c->coef[j]) / c->se[j];
                double rel = (corr[j] - c->coef[j]) / fabs(c->coef[j]);
                int pred = !(m->intercept && j == 0);
                if (pred && !isnan(shift) && (isnan(max_shift) || fabs(shift) > max_shift)) {
                    max_shift = fabs(shift);
                    worst = j;
                }
                if (pred && !isnan(rel) && (isnan(max_rel) || fabs(rel) > max_rel))
                    max_rel = fabs(rel);
                char a[32], bb[32], d[32], s[32];
                rep_fmt(a, sizeof a, c->coef[j]);
                rep_fmt(bb, sizeof bb, corr[j]);
                rep_fmt(d, sizeof d, corr[j] - c->coef[j]);
                lr__snprintf_c(s, sizeof s, "%.2f", shift);
                lr__sb_append(&rem, "    %-20s %12s %12s %12s %10s\n", m->names[j], a, bb, d, s);
                cJSON *e = cJSON_CreateObject();
                bad |= !e || !cJSON_AddItemToArray(arr, e);
                if (bad) {
                    cJSON_Delete(e);
                    break;
                }
                bad |= !cJSON_AddStringToObject(e, "name", m->names[j]);
                bad |= lr__json_add_number(e, "estimate", c->coef[j]) != 0;
                bad |= lr__json_add_number(e, "corrected", corr[j]) != 0;
                bad |= lr__json_add_number(e, "change_in_se", shift) != 0;
            }
            if (bad)
                st = lr__fail(LR_ERR_NOMEM, "cannot allocate the corrected weights");
            if (st == LR_OK) {
                int material = !isnan(max_shift) && max_shift >= LR_CHECK_SHIFT_SE;
                b->verdict = all_exact  ? LR_VERDICT_HOLDS
                             : material ? LR_VERDICT_VIOLATED
                                        : LR_VERDICT_DOUBTFUL;
                char ms[32];
                lr__snprintf_c(ms, sizeof ms, "%.2f", max_shift);
                if (all_exact) {
                    lr__sb_puts(&why, "Every predictor was declared free of measurement error.");
                    lr__sb_puts(&expl, "The predictors are declared to be measured without "
                                       "error, so the fitted weights need no correction.");
                } else {
                    lr__sb_append(&why,
                                  "With the measurement errors given, a corrected weight moves "
                                  "by %s classical standard errors (%s the threshold %g).",
                                  ms, material ? "reaching" : "below", LR_CHECK_SHIFT_SE);
                }
                if (!all_exact && worst < m->p) {
                    char a[32], bb[32];
                    rep_fmt(a, sizeof a, c->coef[worst]);
                    rep_fmt(bb, sizeof bb, corr[worst]);
                    lr__sb_append(&expl,
                                  "Allowing for the measurement error given, the weight of %s "
                                  "would be %s instead of the fitted %s (%s standard errors "
                                  "away): the measurement error %s.",
                                  rep_coef_display(c, worst), bb, a, ms,
                                  fabs(corr[worst]) > fabs(c->coef[worst])
                                      ? "hides part of its effect"
                                      : "makes it look larger than it is, through its "
                                        "correlation with a noisy predictor");
                    if (!material)
                        lr__sb_puts(&expl, " That is within the sampling uncertainty of the "
                                           "fit.");
                }
            }
            free(corr);
        }
    }
    if (st == LR_OK) {
        st = rep_add_effect(b, "max_change_in_se", max_shift);
        if (st == LR_OK)
            st = rep_add_effect(b, "max_relative_change", max_rel);
    }
    int needed = b->verdict == LR_VERDICT_VIOLATED;
    if (st == LR_OK && (!cJSON_AddBoolToObject(b->remedy_json, "needed", needed) ||
                        !cJSON_AddBoolToObject(b->remedy_json, "reliabilities_given", given)))
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the fixed-features remedy");
    return rep_finish(b, st, &why, &expl, &rem);
}
