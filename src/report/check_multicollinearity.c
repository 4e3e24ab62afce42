/* No multicollinearity: variance inflation factors (car::vif) and the
 * Belsley-Kuh-Welsch condition indices with variance-decomposition
 * proportions, all from the model's R factor, so this check also works
 * on a streamed model. The verdict follows the VIF thresholds; an aliased
 * column is exact collinearity. The involved predictors are those with a
 * variance proportion > 0.5 on the largest condition index (when at least
 * two are), else those with VIF >= LR_CHECK_VIF_DOUBTFUL. */
#include "../io/json_util.h"
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const consequence =
    "The weights of the involved predictors have inflated standard errors (by the square root "
    "of their VIF) and can change a lot, even flip sign, with small changes in the data; their "
    "separate effects cannot be told apart. Predictions and the overall fit are not affected.";

lr_status rep_check_multicollinearity(const rep_ctx *c)
{
    const lr_model *m = c->m;
    rep_block *b = &c->r->b[LR_ASSUMPTION_MULTICOLLINEARITY];
    const size_t p = m->p;
    lr_status st = rep_set_text(&b->consequence, consequence);
    if (st != LR_OK)
        return st;
    b->remedy_json = cJSON_CreateObject();
    double *vif = lr__calloc(p * p + 2 * p + 1, sizeof(double));
    if (!vif || !b->remedy_json) {
        free(vif);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the collinearity check");
    }
    double *ci = vif + p, *prop = ci + p;
    lr_status vs = lr_vif(m, vif, p);
    lr_status cs = vs == LR_OK ? lr_collinearity_diagnostics(m, ci, prop, p) : vs;
    if (vs == LR_ERR_NOMEM || cs == LR_ERR_NOMEM) {
        free(vif);
        return LR_ERR_NOMEM;
    }
    lr_strbuf why = {0}, expl = {0}, rem = {0};
    size_t naliased = 0, npred = 0;
    double vmax = NAN;
    for (size_t j = (size_t)m->intercept; j < p; j++) {
        if (m->aliased[j]) {
            naliased++;
            continue;
        }
        npred++;
        if (vs == LR_OK && !isnan(vif[j]) && (isnan(vmax) || vif[j] > vmax))
            vmax = vif[j];
    }
    double cond = cs == LR_OK && m->rank > 0 ? ci[m->rank - 1] : NAN;
    st = rep_add_effect(b, "max_vif", vmax);
    if (st == LR_OK)
        st = rep_add_effect(b, "condition_number", cond);
    if (st == LR_OK)
        st = rep_add_effect(b, "aliased", (double)naliased);
    int bad = st != LR_OK;
    char vb[32];
    rep_fmt(vb, sizeof vb, vmax);
    if (bad) {
        /* clean-up below */
    } else if (vs != LR_OK && npred >= 2) {
        b->verdict = LR_VERDICT_NOT_TESTABLE;
        lr__sb_append(&why, "The variance inflation factors cannot be computed: %s",
                      lr_last_error());
        lr__sb_append(&expl, "Multicollinearity cannot be checked here: %s", lr_last_error());
    } else if (naliased > 0) {
        b->verdict = LR_VERDICT_VIOLATED;
        lr__sb_append(&why, "%zu column%s exact linear combination%s of the others (aliased).",
                      naliased, naliased == 1 ? " is an" : "s are", naliased == 1 ? "" : "s");
    } else if (npred < 2) {
        b->verdict = LR_VERDICT_HOLDS;
        lr__sb_puts(&why, "Fewer than two predictors: nothing can be collinear.");
        lr__sb_puts(&expl, "With fewer than two predictors there is no multicollinearity.");
    } else {
        b->verdict = vmax < LR_CHECK_VIF_DOUBTFUL    ? LR_VERDICT_HOLDS
                     : vmax <= LR_CHECK_VIF_VIOLATED ? LR_VERDICT_DOUBTFUL
                                                     : LR_VERDICT_VIOLATED;
        lr__sb_append(&why,
                      "The largest variance inflation factor is %s (holds below %g, doubtful "
                      "from %g to %g, violated above %g).",
                      vb, LR_CHECK_VIF_DOUBTFUL, LR_CHECK_VIF_DOUBTFUL, LR_CHECK_VIF_VIOLATED,
                      LR_CHECK_VIF_VIOLATED);
        if (b->verdict == LR_VERDICT_HOLDS)
            lr__sb_append(&expl,
                          "The predictors are not strongly related to each other (largest "
                          "variance inflation factor %s).",
                          vb);
    }
    /* the involved predictors */
    int needed = b->verdict == LR_VERDICT_VIOLATED;
    int show = needed || b->verdict == LR_VERDICT_DOUBTFUL;
    cJSON *vj = !bad ? cJSON_AddObjectToObject(b->remedy_json, "vif") : NULL;
    bad |= !vj;
    for (size_t j = (size_t)m->intercept; j < p && !bad && vs == LR_OK; j++)
        bad |= lr__json_add_number(vj, m->names[j], vif[j]) != 0;
    if (!bad && show) {
        for (size_t j = 0; j < p && !bad; j++)
            if (m->aliased[j])
                bad |= rep_add_named(b, m->names[j]) != LR_OK;
        size_t naliased_named = b->nnamed;
        if (cs == LR_OK && m->rank > 0) {
            const double *row = prop + (m->rank - 1) * p;
            size_t cnt = 0;
            for (size_t j = (size_t)m->intercept; j < p; j++)
                cnt += !m->aliased[j] && row[j] > 0.5;
            if (cnt >= 2)
                for (size_t j = (size_t)m->intercept; j < p && !bad; j++)
                    if (!m->aliased[j] && row[j] > 0.5)
                        bad |= rep_add_named(b, m->names[j]) != LR_OK;
            cJSON *pj = cJSON_AddObjectToObject(b->remedy_json, "variance_proportions");
            bad |= !pj;
            for (size_t j = 0; j < p && !bad; j++)
                bad |= lr__json_add_number(pj, m->names[j], row[j]) != 0;
        }
        if (b->nnamed == naliased_named && vs == LR_OK) {
            /* by VIF, largest first */
            for (;;) {
                size_t pick = p;
                for (size_t j = (size_t)m->intercept; j < p; j++) {
                    if (m->aliased[j] || !(vif[j] >= LR_CHECK_VIF_DOUBTFUL))
                        continue;
                    int taken = 0;
                    for (size_t k = 0; k < b->nnamed; k++)
                        taken |= strcmp(b->named[k], m->names[j]) == 0;
                    if (!taken && (pick == p || vif[j] > vif[pick]))
                        pick = j;
                }
                if (pick == p || bad)
                    break;
                bad |= rep_add_named(b, m->names[pick]) != LR_OK;
            }
        }
        cJSON *inv = cJSON_AddArrayToObject(b->remedy_json, "involved");
        bad |= !inv;
        for (size_t k = 0; k < b->nnamed && !bad; k++) {
            cJSON *s = cJSON_CreateString(b->named[k]);
            bad |= !s || !cJSON_AddItemToArray(inv, s);
            if (bad)
                cJSON_Delete(s);
        }
        /* words */
        const char **disp = lr__calloc(b->nnamed + 1, sizeof(char *));
        bad |= !disp;
        for (size_t k = 0; k < b->nnamed && !bad; k++)
            disp[k] = b->named[k];
        if (!bad && naliased > 0) {
            lr__sb_puts(&expl, "Some columns carry no information of their own: ");
            rep_list_names(&expl, disp, naliased_named);
            lr__sb_append(&expl,
                          " %s an exact linear combination of the other columns, so %s no "
                          "weight (aliased).",
                          naliased_named == 1 ? "is" : "are",
                          naliased_named == 1 ? "it gets" : "they get");
        }
        size_t nv = b->nnamed - naliased_named;
        if (!bad && nv > 0) {
            if (naliased > 0)
                lr__sb_puts(&expl, " ");
            rep_list_names(&expl, disp + naliased_named, nv);
            lr__sb_append(&expl, " carry %s the same information (variance inflation factor%s ",
                          b->verdict == LR_VERDICT_VIOLATED ? "almost" : "much of",
                          nv == 1 ? "" : "s");
            for (size_t k = naliased_named; k < b->nnamed; k++) {
                size_t j = 0;
                while (j < p && strcmp(m->names[j], b->named[k]) != 0)
                    j++;
                char v[32];
                rep_fmt(v, sizeof v, j < p ? vif[j] : NAN);
                lr__sb_append(&expl, "%s%s", k > naliased_named ? ", " : "", v);
            }
            lr__sb_puts(&expl, "): the data can hardly separate their effects, so each of their "
                               "weights is unstable. Predictions are not affected.");
            lr__sb_puts(&rem, "Drop one of ");
            rep_list_names(&rem, disp + naliased_named, nv);
            lr__sb_puts(&rem,
                        ", combine them (e.g. their sum or average), or collect data in "
                        "which they vary independently; if only predictions matter, nothing "
                        "needs to change. Their standard errors are inflated by a factor of ");
            for (size_t k = naliased_named; k < b->nnamed; k++) {
                size_t j = 0;
                while (j < p && strcmp(m->names[j], b->named[k]) != 0)
                    j++;
                char v[32];
                rep_fmt(v, sizeof v, j < p ? sqrt(vif[j]) : NAN);
                lr__sb_append(&rem, "%s%s (%s)", k > naliased_named ? ", " : "", v, m->names[j]);
            }
            lr__sb_puts(&rem, ".");
        } else if (!bad && naliased > 0) {
            lr__sb_puts(&rem, "Remove the aliased columns (or the columns they duplicate).");
        }
        free(disp);
    } else if (!bad && b->verdict == LR_VERDICT_HOLDS) {
        lr__sb_puts(&rem, "None needed.");
    }
    if (!bad)
        bad |= !cJSON_AddBoolToObject(b->remedy_json, "needed", needed);
    free(vif);
    lr_status fin = !bad             ? LR_OK
                    : st != LR_OK    ? st
                                     : lr__fail(LR_ERR_NOMEM, "cannot allocate the collinearity check");
    return rep_finish(b, fin, &why, &expl, &rem);
}
