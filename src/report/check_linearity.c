/* Linearity: Ramsey's RESET (powers 2-3 of the fitted values) and a
 * curvature test per predictor (x_j^2 added), Bonferroni-adjusted over all
 * of them (rep_adjust). Effect: the share of the variance the model leaves
 * unexplained that the curvature terms explain (partial R^2), and the
 * increase in R^2 from the RESET terms. */
#include "../io/json_util.h"
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const consequence =
    "The weights describe a straight-line average of a curved relation: predictions are biased "
    "in parts of the data (typically at the ends of the range), the meaning of a weight (\"one "
    "unit more of x\") depends on where x is, and the tests and intervals describe the wrong "
    "model.";

lr_status rep_check_linearity(const rep_ctx *c)
{
    const lr_model *m = c->m;
    rep_block *b = &c->r->b[LR_ASSUMPTION_LINEARITY];
    const double alpha = c->o->alpha;
    lr_status st = rep_begin(b, consequence, "linearity");
    if (st != LR_OK)
        return st;

    /* RESET */
    lr_test_result reset;
    size_t ireset = 0;
    st = rep_add_test(b, "reset", "RESET (powers 2 and 3 of the fitted values)", NULL,
                      lr_reset_test(m, 3, &reset), &reset, &ireset);
    if (st != LR_OK)
        return st;
    int reset_ran = !b->tests[ireset].skipped;
    double reset_share = NAN, reset_dr2 = NAN;
    if (reset_ran) {
        double fq = reset.statistic * reset.df[0];
        reset_share = fq / (reset.df[1] + fq);
        reset_dr2 = m->rss / lr_model_stat(m, LR_STAT_TSS) * reset_share;
    }

    /* curvature per predictor */
    size_t q = 0;
    size_t *cand = lr__calloc(m->p + 1, sizeof(size_t));
    double *t = lr__calloc(2 * m->p + 2, sizeof(double));
    int *pos = lr__calloc(m->p + 1, sizeof(int));
    double *share = lr__calloc(m->p + 1, sizeof(double));
    if (!cand || !t || !pos || !share) {
        free(cand);
        free(t);
        free(pos);
        free(share);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the curvature tests");
    }
    double *df = t + m->p + 1;
    for (size_t j = (size_t)m->intercept; j < m->p; j++)
        if (!m->aliased[j])
            cand[q++] = j;
    lr_status cst = rep_curvature_tests(m, cand, q, t, df, pos);
    if (cst == LR_ERR_NOMEM)
        st = cst;
    size_t first_curv = b->ntests;
    for (size_t a = 0; a < q && st == LR_OK; a++) {
        const char *nm = m->names[cand[a]];
        char label[160];
        lr__snprintf_c(label, sizeof label, "curvature of %s (%s^2 added)", nm, nm);
        if (cst != LR_OK) {
            st = rep_add_test(b, "curvature", label, nm, cst, NULL, NULL);
            continue;
        }
        if (isnan(t[a])) {
            char why[200];
            lr__snprintf_c(why, sizeof why,
                           "%s^2 lies in the span of the design columns (as for a 0/1 column): "
                           "no curvature to test",
                           nm);
            st = rep_skip_test(b, "curvature", label, why);
            if (st == LR_OK)
                b->tests[b->ntests - 1].predictor = lr__strdup(nm);
            if (st == LR_OK && !b->tests[b->ntests - 1].predictor)
                st = lr__fail(LR_ERR_NOMEM, "cannot allocate a test entry");
            continue;
        }
        lr_test_result res;
        memset(&res, 0, sizeof res);
        res.statistic = t[a];
        res.df[0] = df[a];
        res.df[1] = NAN;
        res.p_value = lr__t_two_sided_p(t[a], df[a]);
        res.n = (size_t)m->n_used;
        lr__snprintf_c(res.method, sizeof res.method, "t test of %s^2 added to the model", nm);
        st = rep_add_test(b, "curvature", label, nm, LR_OK, &res, NULL);
    }
    /* Bonferroni over all the tests run; the curved predictors, by |t| */
    double pmin = rep_adjust(b);
    double best_share = reset_ran && rep_p(&b->tests[ireset]) < alpha ? reset_share : NAN;
    size_t ncurved = 0;
    for (size_t i = first_curv; i < b->ntests && st == LR_OK; i++) {
        rep_test *te = &b->tests[i];
        if (te->skipped)
            continue;
        double tt = te->res.statistic;
        share[i - first_curv] = tt * tt / (tt * tt + te->res.df[0]);
        if (rep_p(te) < alpha) {
            ncurved++;
            if (isnan(best_share) || share[i - first_curv] > best_share)
                best_share = share[i - first_curv];
        }
    }
    /* order the curved predictors by |t| */
    for (size_t done = 0; done < ncurved && st == LR_OK; done++) {
        size_t pick = 0;
        double bt = -1.0;
        for (size_t i = first_curv; i < b->ntests; i++) {
            rep_test *te = &b->tests[i];
            if (te->skipped || !(rep_p(te) < alpha))
                continue;
            int taken = 0;
            for (size_t k = 0; k < b->nnamed; k++)
                taken |= strcmp(b->named[k], te->predictor) == 0;
            if (!taken && fabs(te->res.statistic) > bt) {
                bt = fabs(te->res.statistic);
                pick = i;
            }
        }
        st = rep_add_named(b, b->tests[pick].predictor);
    }
    if (st == LR_OK)
        st = rep_add_effect(b, "reset_r_squared_increase", reset_dr2);
    if (st == LR_OK)
        st = rep_add_effect(b, "reset_unexplained_share", reset_share);
    double max_share = NAN;
    for (size_t i = first_curv; i < b->ntests; i++)
        if (!b->tests[i].skipped && (isnan(max_share) || share[i - first_curv] > max_share))
            max_share = share[i - first_curv];
    if (st == LR_OK)
        st = rep_add_effect(b, "curvature_unexplained_share_max", max_share);
    if (st != LR_OK) {
        free(cand);
        free(t);
        free(pos);
        free(share);
        return st;
    }

    /* verdict and words */
    lr_strbuf why = {0}, expl = {0}, rem = {0};
    char sbuf[32];
    if (isnan(pmin)) {
        b->verdict = LR_VERDICT_NOT_TESTABLE;
        lr__sb_puts(&why, "No linearity test could run (see the skipped tests).");
        lr__sb_append(&expl, "Linearity cannot be tested here: %s",
                      b->ntests ? (b->tests[0].skipped ? b->tests[0].skipped : "") : "");
    } else {
        int rejected = pmin < alpha;
        int material = !isnan(best_share) && best_share >= LR_CHECK_CURVATURE_SHARE;
        b->verdict = rep_verdict(rejected, material);
        rep_fmt_pct(sbuf, sizeof sbuf, best_share);
        rep_why_tests(&why, b, alpha, pmin, "linearity");
        if (rejected)
            lr__sb_append(&why,
                          " and the curvature terms explain %s of the variance the model leaves "
                          "unexplained (material from %g%%).",
                          sbuf, 100.0 * LR_CHECK_CURVATURE_SHARE);
        if (!rejected) {
            lr__sb_append(&expl,
                          "The relation between %s and the predictors looks straight: neither "
                          "squared predictors nor powers of the predictions improve the fit "
                          "noticeably.",
                          c->response);
        } else if (ncurved > 0) {
            for (size_t k = 0; k < b->nnamed; k++) {
                const rep_test *te = NULL;
                for (size_t i = first_curv; i < b->ntests; i++)
                    if (b->tests[i].predictor && !strcmp(b->tests[i].predictor, b->named[k]))
                        te = &b->tests[i];
                size_t ti = (size_t)(te - b->tests);
                rep_fmt_pct(sbuf, sizeof sbuf, share[ti - first_curv]);
                const char *shape = te->res.statistic > 0
                                        ? "bends upward: it gets steeper as the predictor grows "
                                          "(or turns from falling to rising)"
                                        : "bends downward: it levels off as the predictor grows "
                                          "(or turns from rising to falling)";
                if (k == 0)
                    lr__sb_append(&expl,
                                  "%s does not change along a straight line with %s; the "
                                  "relation %s.",
                                  c->Response, b->named[k], shape);
                else
                    lr__sb_append(&expl, " Its relation with %s also %s.", b->named[k], shape);
                lr__sb_append(&expl,
                              " A squared term in %s explains %s of what the straight-line model "
                              "leaves unexplained.",
                              b->named[k], sbuf);
            }
        } else {
            rep_fmt_pct(sbuf, sizeof sbuf, reset_share);
            lr__sb_append(&expl,
                          "The straight-line model misses a curved pattern in %s: powers of the "
                          "predictions explain %s of what it leaves unexplained, though no "
                          "single predictor's square does.",
                          c->response, sbuf);
        }
        if (rejected && !material)
            lr__sb_puts(&expl, " The curvature is small, so the straight line is a fair summary.");
    }
    /* remedy */
    cJSON *curved = cJSON_AddArrayToObject(b->remedy_json, "curved_predictors");
    int bad = !curved;
    if (b->verdict == LR_VERDICT_HOLDS || b->verdict == LR_VERDICT_NOT_TESTABLE) {
        lr__sb_puts(&rem, b->verdict == LR_VERDICT_HOLDS ? "None needed."
                                                         : "Refit with the rows kept in memory "
                                                           "to check linearity.");
    } else if (b->nnamed > 0) {
        for (size_t k = 0; k < b->nnamed && !bad; k++) {
            size_t a = 0;
            while (a < q && strcmp(m->names[cand[a]], b->named[k]) != 0)
                a++;
            const char *nm = b->named[k];
            lr__sb_append(&rem, "%sAdd a squared term for %s (I(%s^2) in a formula)", k ? " " : "",
                          nm, nm);
            if (a < q && pos[a])
                lr__sb_append(&rem, " or use log(%s) instead of %s (%s is positive)", nm, nm, nm);
            lr__sb_puts(&rem, ".");
            cJSON *o = cJSON_CreateObject();
            bad |= !o || !cJSON_AddItemToArray(curved, o);
            if (bad) {
                cJSON_Delete(o);
                break;
            }
            char sq[200], lg[200];
            lr__snprintf_c(sq, sizeof sq, "I(%s^2)", nm);
            lr__snprintf_c(lg, sizeof lg, "log(%s)", nm);
            bad |= !cJSON_AddStringToObject(o, "name", nm);
            bad |= !cJSON_AddStringToObject(o, "suggest_square", sq);
            if (a < q && pos[a])
                bad |= !cJSON_AddStringToObject(o, "suggest_log", lg);
            else
                bad |= !cJSON_AddNullToObject(o, "suggest_log");
        }
        lr__sb_puts(&rem, " Then check the report again.");
    } else {
        lr__sb_append(&rem,
                      "No single predictor is curved: try interactions between predictors (x1:x2) "
                      "or a transformation of %s (log(%s) when it is positive).",
                      c->response, c->response);
    }
    bad |= !cJSON_AddBoolToObject(b->remedy_json, "needed", b->verdict == LR_VERDICT_VIOLATED);
    free(cand);
    free(t);
    free(pos);
    free(share);
    lr_status fin = bad ? lr__fail(LR_ERR_NOMEM, "cannot allocate the linearity remedy") : LR_OK;
    return rep_finish(b, fin, &why, &expl, &rem);
}
