/* No influential observations: rows are flagged by the Bonferroni outlier
 * test at alpha (car::outlierTest) or by Cook's distance beyond the median
 * of F(k, n - k) (influence.measures' cut-off), at most
 * LR_CHECK_MAX_FLAGGED by each. The model is refitted with the flagged rows
 * at weight 0 to show how much the coefficients move; a move of at least
 * LR_CHECK_SHIFT_SE classical standard errors makes the assumption
 * violated. Effects: max Cook's distance, the number of flagged rows, the
 * Bonferroni p of the most extreme residual, the rows any of
 * influence.measures' cut-offs marks, and the largest move. */
#include "../io/json_util.h"
#include "report_internal.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const consequence =
    "A handful of rows can decide the weights: the fitted line follows them instead of the "
    "bulk of the data, so the weights, predictions and tests describe those rows more than the "
    "rest.";

typedef struct flag_row {
    size_t row;
    int outlier, cook;
    double rstudent, p_bonf, cooks_d;
} flag_row;

static int cmp_row(const void *a, const void *b)
{
    const flag_row *x = a, *y = b;
    return x->row < y->row ? -1 : x->row > y->row;
}

static flag_row *find_or_add(flag_row *f, size_t *n, size_t row)
{
    for (size_t i = 0; i < *n; i++)
        if (f[i].row == row)
            return &f[i];
    flag_row *r = &f[(*n)++];
    memset(r, 0, sizeof *r);
    r->row = row;
    r->rstudent = r->p_bonf = r->cooks_d = NAN;
    return r;
}

/* Refit with the flagged rows at weight 0; out receives p coefficients. */
static lr_status refit_without(const lr_model *m, const flag_row *f, size_t nf, double *out)
{
    double *w = lr__calloc(m->nobs + 1, sizeof(double));
    if (!w)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the refit weights");
    for (size_t i = 0; i < m->nobs; i++)
        w[i] = lr__weight(m, i);
    for (size_t i = 0; i < nf; i++)
        w[f[i].row] = 0.0;
    lr_options o;
    lr_options_init(&o);
    o.intercept = m->intercept;
    o.weights = lr_vector_of(w, m->nobs);
    o.x_lo = m->X_lo;
    lr_model *fit = NULL;
    lr_status st = lr_fit(&m->X, &m->y, (const char *const *)(m->names + m->intercept), &o, &fit);
    if (st == LR_OK)
        st = lr_model_coef_column(fit, LR_COEF_ESTIMATE, 0.95, out, m->p);
    lr_model_free(fit);
    free(w);
    return st;
}

lr_status rep_check_influence(const rep_ctx *c)
{
    const lr_model *m = c->m;
    rep_block *b = &c->r->b[LR_ASSUMPTION_INFLUENCE];
    const double alpha = c->o->alpha;
    const size_t p = m->p;
    lr_status st = rep_begin(b, consequence, "influence");
    if (st != LR_OK)
        return st;
    enum { NMAX = LR_CHECK_MAX_FLAGGED };
    size_t orow[NMAX], ocount = 0;
    double ort[NMAX], opu[NMAX], opb[NMAX];
    lr_test_result res;
    size_t it = 0;
    st = rep_add_test(b, "outlier_bonferroni", "Bonferroni outlier test", NULL,
                      lr_outlier_test(m, alpha, NMAX, &res, orow, ort, opu, opb, &ocount), &res,
                      &it);
    if (st != LR_OK)
        return st;
    int ran = !b->tests[it].skipped;
    lr_influence_summary sum;
    memset(&sum, 0, sizeof sum);
    double *cook = NULL;
    flag_row flags[2 * NMAX];
    size_t nf = 0;
    if (ran) {
        lr_status s = lr_influence_summarize(m, &sum);
        cook = lr__calloc(m->nobs + 1, sizeof(double));
        if (s == LR_ERR_NOMEM || !cook) {
            free(cook);
            return lr__fail(LR_ERR_NOMEM, "cannot allocate the influence measures");
        }
        if (s == LR_OK)
            s = lr_influence_measure_values(m, LR_INFL_COOKS_D, cook, m->nobs);
        if (s == LR_ERR_NOMEM) {
            free(cook);
            return s;
        }
        if (s != LR_OK) {
            /* as unusable as the outlier test would have been */
            free(cook);
            cook = NULL;
            ran = 0;
            b->tests[it].skipped = lr__strdup(lr_last_error());
            if (!b->tests[it].skipped)
                return lr__fail(LR_ERR_NOMEM, "cannot allocate a test entry");
        }
        for (size_t i = 0; ran && i < ocount; i++)
            if (opb[i] <= alpha) {
                flag_row *f = find_or_add(flags, &nf, orow[i]);
                f->outlier = 1;
                f->rstudent = ort[i];
                f->p_bonf = opb[i];
            }
        /* Cook's distance beyond the median of F(k, n - k), largest first */
        const double k = (double)m->rank, n = m->n_used;
        const double cut = n - k > 0 ? gsl_cdf_fdist_Pinv(0.5, k, n - k) : NAN;
        size_t ncook = 0;
        for (; ran && ncook < NMAX; ncook++) {
            size_t best = m->nobs;
            for (size_t i = 0; i < m->nobs; i++) {
                if (!(cook[i] > cut))
                    continue;
                int taken = 0;
                for (size_t q = 0; q < nf; q++)
                    taken |= flags[q].row == i && flags[q].cook;
                if (!taken && (best == m->nobs || cook[i] > cook[best]))
                    best = i;
            }
            if (best == m->nobs)
                break;
            flag_row *f = find_or_add(flags, &nf, best);
            f->cook = 1;
        }
        for (size_t q = 0; ran && q < nf; q++)
            flags[q].cooks_d = cook[flags[q].row];
        free(cook);
        qsort(flags, nf, sizeof *flags, cmp_row);
    }
    st = rep_add_effect(b, "max_cooks_distance", ran ? sum.max_cooks_d : NAN);
    if (st == LR_OK)
        st = rep_add_effect(b, "max_cooks_distance_row",
                            ran && !isnan(sum.max_cooks_d) ? (double)sum.max_cooks_d_row + 1 : NAN);
    if (st == LR_OK)
        st = rep_add_effect(b, "n_flagged", ran ? (double)nf : NAN);
    if (st == LR_OK)
        st = rep_add_effect(b, "outlier_p_bonferroni", ran ? res.p_value : NAN);
    if (st == LR_OK)
        st = rep_add_effect(b, "n_marked_any_cutoff", ran ? (double)sum.n_flagged : NAN);
    if (st != LR_OK)
        return st;

    /* refit without the flagged rows */
    double *without = lr__calloc(p + 1, sizeof(double));
    if (!without)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the refit");
    double max_shift = NAN;
    size_t worst = p;
    lr_status rf = LR_OK;
    char refit_err[256] = "";
    if (nf > 0) {
        rf = refit_without(m, flags, nf, without);
        if (rf == LR_ERR_NOMEM) {
            free(without);
            return rf;
        }
        if (rf != LR_OK)
            lr__snprintf_c(refit_err, sizeof refit_err, "%s", lr_last_error());
        for (size_t j = 0; j < p && rf == LR_OK; j++) {
            if (m->aliased[j])
                continue;
            double s = fabs(without[j] - c->coef[j]) / c->se[j];
            if (isnan(s))
                s = INFINITY; /* the coefficient depends on the flagged rows alone */
            if (isnan(max_shift) || s > max_shift) {
                max_shift = s;
                worst = j;
            }
        }
        c->r->flagged = lr__calloc(nf, sizeof(size_t));
        if (!c->r->flagged) {
            free(without);
            return lr__fail(LR_ERR_NOMEM, "cannot allocate the flagged rows");
        }
        for (size_t q = 0; q < nf; q++)
            c->r->flagged[q] = flags[q].row;
        c->r->nflagged = nf;
    }
    st = rep_add_effect(b, "max_change_in_se", max_shift);
    if (st != LR_OK) {
        free(without);
        return st;
    }

    lr_strbuf why = {0}, expl = {0}, rem = {0};
    char pb[32];
    rep_fmt_p(pb, sizeof pb, res.p_value);
    if (!ran) {
        b->verdict = LR_VERDICT_NOT_TESTABLE;
        lr__sb_puts(&why, "The influence measures could not be computed (see the skipped test).");
        lr__sb_append(&expl, "Influential observations cannot be checked here: %s",
                      b->tests[it].skipped);
        lr__sb_puts(&rem, "Refit with the rows kept in memory to check for influential rows.");
    } else if (nf == 0) {
        b->verdict = LR_VERDICT_HOLDS;
        char cb[32];
        rep_fmt(cb, sizeof cb, sum.max_cooks_d);
        lr__sb_append(&why,
                      "No row is an outlier at %g after Bonferroni correction (smallest p = %s) "
                      "and no Cook's distance exceeds the median of F(%zu, %.0f) (largest %s).",
                      alpha, pb, m->rank, m->n_used - (double)m->rank, cb);
        lr__sb_append(&expl,
                      "No single row pulls the fit noticeably (largest Cook's distance %s, "
                      "row %zu).",
                      cb, sum.max_cooks_d_row + 1);
        lr__sb_puts(&rem, "None needed.");
    } else {
        int material = rf != LR_OK || max_shift >= LR_CHECK_SHIFT_SE;
        b->verdict = material ? LR_VERDICT_VIOLATED : LR_VERDICT_DOUBTFUL;
        char ms[32];
        lr__snprintf_c(ms, sizeof ms, "%.2f", max_shift);
        lr__sb_append(&why, "%zu row%s flagged; ", nf, nf == 1 ? " is" : "s are");
        if (rf != LR_OK)
            lr__sb_append(&why, "the fit without them fails (%s), so they decide it.", refit_err);
        else
            lr__sb_append(&why,
                          "leaving them out moves a coefficient by %s classical standard errors "
                          "(%s the threshold %g).",
                          ms, material ? "reaching" : "below", LR_CHECK_SHIFT_SE);
        lr__sb_append(&expl, "Row%s ", nf == 1 ? "" : "s");
        for (size_t q = 0; q < nf; q++)
            lr__sb_append(&expl, "%s%zu",
                          q == 0        ? ""
                          : q + 1 == nf ? " and "
                                        : ", ",
                          flags[q].row + 1);
        if (rf == LR_OK && worst < p) {
            char a[32], bb[32];
            rep_fmt(a, sizeof a, c->coef[worst]);
            rep_fmt(bb, sizeof bb, without[worst]);
            lr__sb_append(&expl,
                          " %s: without %s the weight of %s would be %s instead of %s (%s "
                          "standard errors away).",
                          material ? (nf == 1 ? "pulls the fit" : "pull the fit")
                                   : (nf == 1 ? "stands out but does not change the fit much"
                                              : "stand out but do not change the fit much"),
                          nf == 1 ? "it" : "them", rep_coef_display(c, worst), bb, a, ms);
        } else {
            lr__sb_append(&expl, " decide%s the fit: without %s it cannot be computed.",
                          nf == 1 ? "s" : "", nf == 1 ? "it" : "them");
        }
        lr__sb_puts(&rem, "Check the flagged rows for data errors; do not delete them only "
                          "because they are flagged. If they are genuine, report the fit with and "
                          "without them:\n");
        for (size_t q = 0; q < nf; q++) {
            char t1[32], t2[32], t3[32];
            rep_fmt(t1, sizeof t1, flags[q].rstudent);
            rep_fmt_p(t2, sizeof t2, flags[q].p_bonf);
            rep_fmt(t3, sizeof t3, flags[q].cooks_d);
            lr__sb_append(&rem, "    row %zu:%s%s%s%s%s%s Cook's distance %s\n", flags[q].row + 1,
                          flags[q].outlier ? " outlier (studentized residual " : "",
                          flags[q].outlier ? t1 : "", flags[q].outlier ? ", Bonferroni p " : "",
                          flags[q].outlier ? t2 : "", flags[q].outlier ? ");" : "",
                          flags[q].cook ? " influential," : "", t3);
        }
        if (rf == LR_OK) {
            lr__sb_append(&rem, "    %-20s %12s %12s %12s %10s\n", "coefficient", "all rows",
                          "without", "change", "in SE");
            for (size_t j = 0; j < p; j++) {
                if (m->aliased[j])
                    continue;
                char a[32], bb[32], d[32], s[32];
                rep_fmt(a, sizeof a, c->coef[j]);
                rep_fmt(bb, sizeof bb, without[j]);
                rep_fmt(d, sizeof d, without[j] - c->coef[j]);
                lr__snprintf_c(s, sizeof s, "%.2f", (without[j] - c->coef[j]) / c->se[j]);
                lr__sb_append(&rem, "    %-20s %12s %12s %12s %10s\n", m->names[j], a, bb, d, s);
            }
        }
    }
    /* JSON */
    int needed = b->verdict == LR_VERDICT_VIOLATED;
    int bad = !cJSON_AddBoolToObject(b->remedy_json, "needed", needed);
    cJSON *fr = bad ? NULL : cJSON_AddArrayToObject(b->remedy_json, "flagged_rows");
    bad |= !fr;
    for (size_t q = 0; q < nf && !bad; q++) {
        cJSON *o = cJSON_CreateObject();
        bad |= !o || !cJSON_AddItemToArray(fr, o);
        if (bad) {
            cJSON_Delete(o);
            break;
        }
        bad |= lr__json_add_number(o, "row", (double)(flags[q].row + 1)) != 0;
        cJSON *why_arr = cJSON_AddArrayToObject(o, "flagged_by");
        bad |= !why_arr;
        if (!bad && flags[q].outlier)
            bad |= !cJSON_AddItemToArray(why_arr, cJSON_CreateString("outlier_test"));
        if (!bad && flags[q].cook)
            bad |= !cJSON_AddItemToArray(why_arr, cJSON_CreateString("cooks_distance"));
        bad |= lr__json_add_number(o, "rstudent", flags[q].rstudent) != 0;
        bad |= lr__json_add_number(o, "p_bonferroni", flags[q].p_bonf) != 0;
        bad |= lr__json_add_number(o, "cooks_distance", flags[q].cooks_d) != 0;
    }
    if (!bad && nf > 0) {
        cJSON *rj = cJSON_AddObjectToObject(b->remedy_json, "refit_without_flagged");
        bad |= !rj;
        if (!bad && rf != LR_OK) {
            bad |= !cJSON_AddStringToObject(rj, "error", refit_err);
        } else if (!bad) {
            cJSON *arr = cJSON_AddArrayToObject(rj, "coefficients");
            bad |= !arr;
            for (size_t j = 0; j < p && !bad; j++) {
                cJSON *o = cJSON_CreateObject();
                bad |= !o || !cJSON_AddItemToArray(arr, o);
                if (bad) {
                    cJSON_Delete(o);
                    break;
                }
                bad |= !cJSON_AddStringToObject(o, "name", m->names[j]);
                bad |= lr__json_add_number(o, "estimate", c->coef[j]) != 0;
                bad |= lr__json_add_number(o, "without_flagged", without[j]) != 0;
                bad |= lr__json_add_number(o, "change_in_se",
                                           (without[j] - c->coef[j]) / c->se[j]) != 0;
            }
        }
    }
    free(without);
    lr_status fin = bad ? lr__fail(LR_ERR_NOMEM, "cannot allocate the influence remedy") : LR_OK;
    return rep_finish(b, fin, &why, &expl, &rem);
}
