/* Building blocks shared by the assumption checks: recording tests and
 * effects, names and numbers for sentences, the robust table applied as a
 * remedy, and solves with the model's triangular factor. */
#include "../io/json_util.h"
#include "../robust/robust_internal.h"
#include "report_internal.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static lr_status nomem(const char *what)
{
    return lr__fail(LR_ERR_NOMEM, "cannot allocate %s for the assumption report", what);
}

static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? 2 * *cap : 8;
    while (nc < need)
        nc *= 2;
    void *p = realloc(*arr, nc * elem);
    if (!p)
        return -1;
    memset((char *)p + *cap * elem, 0, (nc - *cap) * elem);
    *arr = p;
    *cap = nc;
    return 0;
}

static char *dup_or_null(const char *s, int *bad)
{
    if (!s)
        return NULL;
    char *d = lr__strdup(s);
    if (!d)
        *bad = 1;
    return d;
}

lr_status rep_add_test(rep_block *b, const char *name, const char *label, const char *predictor,
                       lr_status st, const lr_test_result *res, size_t *index)
{
    if (st == LR_ERR_NOMEM)
        return st;
    if (grow((void **)&b->tests, &b->cap_tests, b->ntests + 1, sizeof *b->tests))
        return nomem("a test entry");
    rep_test *t = &b->tests[b->ntests];
    memset(t, 0, sizeof *t);
    int bad = 0;
    t->name = dup_or_null(name, &bad);
    t->label = dup_or_null(label, &bad);
    t->predictor = dup_or_null(predictor, &bad);
    t->p_adjusted = NAN;
    t->res.statistic = t->res.p_value = NAN;
    t->res.df[0] = t->res.df[1] = NAN;
    if (st == LR_OK && res) {
        t->res = *res;
    } else {
        const char *why = lr_last_error();
        t->skipped = dup_or_null(why && *why ? why : lr_strerror(st), &bad);
    }
    b->ntests++;
    if (bad)
        return nomem("a test entry");
    if (index)
        *index = b->ntests - 1;
    return LR_OK;
}

lr_status rep_skip_test(rep_block *b, const char *name, const char *label, const char *reason)
{
    lr_status st = rep_add_test(b, name, label, NULL, LR_ERR_UNDEFINED, NULL, NULL);
    if (st != LR_OK)
        return st;
    rep_test *t = &b->tests[b->ntests - 1];
    free(t->skipped);
    t->skipped = lr__strdup(reason);
    return t->skipped ? LR_OK : nomem("a test entry");
}

lr_status rep_add_effect(rep_block *b, const char *name, double value)
{
    if (grow((void **)&b->effects, &b->cap_effects, b->neffects + 1, sizeof *b->effects))
        return nomem("an effect entry");
    rep_effect *e = &b->effects[b->neffects];
    e->name = lr__strdup(name);
    if (!e->name)
        return nomem("an effect entry");
    e->value = value;
    b->neffects++;
    return LR_OK;
}

lr_status rep_add_named(rep_block *b, const char *name)
{
    for (size_t i = 0; i < b->nnamed; i++)
        if (strcmp(b->named[i], name) == 0)
            return LR_OK;
    if (grow((void **)&b->named, &b->cap_named, b->nnamed + 1, sizeof *b->named))
        return nomem("a name");
    b->named[b->nnamed] = lr__strdup(name);
    if (!b->named[b->nnamed])
        return nomem("a name");
    b->nnamed++;
    return LR_OK;
}

lr_status rep_take_text(char **dst, lr_strbuf *sb)
{
    if (sb->failed) {
        lr__sb_free(sb);
        return nomem("text");
    }
    free(*dst);
    *dst = sb->data ? sb->data : lr__strdup("");
    sb->data = NULL;
    sb->len = sb->cap = 0;
    return *dst ? LR_OK : nomem("text");
}

lr_status rep_begin(rep_block *b, const char *consequence, const char *what)
{
    lr_status st = rep_set_text(&b->consequence, consequence);
    if (st != LR_OK)
        return st;
    if (!(b->remedy_json = cJSON_CreateObject()))
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the %s remedy", what);
    return LR_OK;
}

lr_status rep_finish(rep_block *b, lr_status st, lr_strbuf *why, lr_strbuf *expl, lr_strbuf *rem)
{
    if (st != LR_OK) {
        lr__sb_free(why);
        lr__sb_free(expl);
        lr__sb_free(rem);
        return st;
    }
    st = rep_take_text(&b->reason, why);
    lr_status s2 = rep_take_text(&b->explanation, expl);
    lr_status s3 = rep_take_text(&b->remedy, rem);
    return st != LR_OK ? st : s2 != LR_OK ? s2 : s3;
}

lr_status rep_set_text(char **dst, const char *text)
{
    free(*dst);
    *dst = lr__strdup(text ? text : "");
    return *dst ? LR_OK : nomem("text");
}

double rep_adjust(rep_block *b)
{
    size_t m = 0;
    for (size_t i = 0; i < b->ntests; i++)
        m += !b->tests[i].skipped && !isnan(b->tests[i].res.p_value);
    double best = NAN;
    for (size_t i = 0; i < b->ntests; i++) {
        rep_test *t = &b->tests[i];
        if (t->skipped || isnan(t->res.p_value))
            continue;
        double p = t->res.p_value * (double)m;
        if (p > 1.0)
            p = 1.0;
        t->p_adjusted = m > 1 ? p : NAN;
        if (isnan(best) || p < best)
            best = p;
    }
    return best;
}

void rep_why_tests(lr_strbuf *sb, const rep_block *b, double alpha, double pmin, const char *what)
{
    size_t m = 0;
    for (size_t i = 0; i < b->ntests; i++)
        m += !b->tests[i].skipped && !isnan(b->tests[i].res.p_value);
    char pb[32];
    rep_fmt_p(pb, sizeof pb, pmin);
    if (pmin >= alpha)
        lr__sb_append(sb, "No test of %s rejects at %g (smallest p = %s", what, alpha, pb);
    else
        lr__sb_append(sb, "A test of %s rejects (smallest p = %s < %g", what, pb, alpha);
    if (m > 1)
        lr__sb_append(sb, ", Bonferroni-adjusted over %zu tests", m);
    lr__sb_puts(sb, pmin >= alpha ? ")." : ")");
}

void rep_remedy_intro(lr_strbuf *rem, lr_verdict v, const char *label, const char *what)
{
    if (v == LR_VERDICT_VIOLATED)
        lr__sb_append(rem, "Use the %s table (%s) instead of the classical one:\n", label, what);
    else if (v == LR_VERDICT_DOUBTFUL)
        lr__sb_append(rem,
                      "The classical table is usable (the effect is small); to be safe, the %s "
                      "table (%s) beside it:\n",
                      label, what);
    else
        lr__sb_append(rem, "None needed. For reference, the %s table beside the classical one:\n",
                      label);
}

const char *rep_coef_display(const rep_ctx *c, size_t j)
{
    return c->display && c->display[j] ? c->display[j] : c->m->names[j];
}

/* Whether a level says nothing without its variable's name: yes/no,
 * true/false, a number. */
static int generic_level(const char *level)
{
    static const char *const words[] = {"yes", "no", "true", "false", "y", "n", NULL};
    char *end;
    if (!*level)
        return 1;
    lr__strtod_c(level, &end);
    if (!*end)
        return 1;
    for (int i = 0; words[i]; i++) {
        size_t k = 0;
        while (words[i][k] && (level[k] | 0x20) == words[i][k])
            k++;
        if (!words[i][k] && !level[k])
            return 1;
    }
    return 0;
}

void rep_level_text(lr_strbuf *sb, const lr_coef_label *l, const char *level)
{
    if (l->term && generic_level(level))
        lr__sb_append(sb, "%s %s", l->term, level); /* "gasheat yes" */
    else
        lr__sb_puts(sb, level); /* "treated" */
}

char **rep_display_names(const lr_model *m, const lr_check_options *o)
{
    char **d = lr__calloc(m->p, sizeof *d);
    if (!d)
        return NULL;
    for (size_t j = 0; j < m->p; j++) {
        const lr_coef_label *l = o->labels ? &o->labels[j] : NULL;
        lr_strbuf sb = {0};
        if (l && l->level)
            rep_level_text(&sb, l, l->level);
        else
            lr__sb_puts(&sb, m->names[j]);
        if (sb.failed) {
            rep_display_free(d, m->p);
            return NULL;
        }
        d[j] = sb.data;
    }
    return d;
}

void rep_display_free(char **d, size_t p)
{
    if (!d)
        return;
    for (size_t j = 0; j < p; j++)
        free(d[j]);
    free(d);
}

void rep_list_names(lr_strbuf *sb, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            lr__sb_puts(sb, i + 1 == n ? " and " : ", ");
        lr__sb_puts(sb, names[i]);
    }
}

void rep_fmt(char *buf, size_t size, double v)
{
    double a = fabs(v);
    if (isnan(v))
        lr__snprintf_c(buf, size, "NA");
    else if (a >= 1e4 && a < 1e15)
        lr__snprintf_c(buf, size, "%.0f", v);
    else if (a != 0.0 && a < 1e-4)
        lr__snprintf_c(buf, size, "%.3e", v);
    else
        lr__snprintf_c(buf, size, "%.4g", v);
}

void rep_fmt_p(char *buf, size_t size, double p)
{
    if (isnan(p))
        lr__snprintf_c(buf, size, "NA");
    else if (p < 1e-300)
        lr__snprintf_c(buf, size, "< 1e-300");
    else
        lr__snprintf_c(buf, size, "%.2g", p);
}

void rep_fmt_pct(char *buf, size_t size, double share)
{
    double pc = 100.0 * share;
    if (isnan(pc))
        lr__snprintf_c(buf, size, "NA");
    else if (pc >= 10.0 || pc == 0.0)
        lr__snprintf_c(buf, size, "%.0f%%", pc);
    else
        lr__snprintf_c(buf, size, "%.2g%%", pc);
}

void rep_solve_gram(const lr_model *m, double *v, size_t nrhs, size_t ld)
{
    const int r = (int)m->rank;
    if (r == 0 || nrhs == 0)
        return;
    cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasTrans, CblasNonUnit, r, (int)nrhs, 1.0,
                m->rfac, r, v, (int)ld);
    cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, r, (int)nrhs, 1.0,
                m->rfac, r, v, (int)ld);
}

/* Pads s to width w into sb. */
static void pad(lr_strbuf *sb, const char *s, size_t w, int right)
{
    size_t len = strlen(s);
    if (right)
        for (size_t i = len; i < w; i++)
            lr__sb_puts(sb, " ");
    lr__sb_puts(sb, s);
    if (!right)
        for (size_t i = len; i < w; i++)
            lr__sb_puts(sb, " ");
}

lr_status rep_apply_robust(const rep_ctx *c, rep_block *b, lr_robust *rob, const char *label,
                           lr_strbuf *sb, cJSON *remedy, double *ratio_max, double *ratio_min)
{
    const lr_model *m = c->m;
    const size_t p = m->p;
    const double alpha = c->o->alpha, level = c->o->level;
    b->robust = rob;
    double *col = lr__calloc(4 * p + 1, sizeof(double));
    if (!col)
        return nomem("the robust table");
    double *se = col, *pv = col + p, *lo = col + 2 * p, *hi = col + 3 * p;
    lr_status st = lr_robust_coef_column(rob, LR_COEF_STD_ERROR, level, se, p);
    if (st == LR_OK)
        st = lr_robust_coef_column(rob, LR_COEF_P_VALUE, level, pv, p);
    if (st == LR_OK)
        st = lr_robust_coef_column(rob, LR_COEF_CI_LOW, level, lo, p);
    if (st == LR_OK)
        st = lr_robust_coef_column(rob, LR_COEF_CI_HIGH, level, hi, p);
    if (st != LR_OK) {
        free(col);
        return st;
    }
    double rmax = NAN, rmin = NAN;
    cJSON *table = cJSON_AddObjectToObject(remedy, "table");
    cJSON *ratio = cJSON_AddObjectToObject(remedy, "se_ratio");
    cJSON *changes = cJSON_AddArrayToObject(remedy, "significance_changes");
    int bad = !table || !ratio || !changes;
    if (!bad && (st = lr__robust_json(m, rob, level, table)) != LR_OK) {
        free(col);
        return st;
    }
    /* the side-by-side text table */
    size_t wn = strlen("coefficient");
    for (size_t j = 0; j < p; j++)
        if (strlen(m->names[j]) > wn)
            wn = strlen(m->names[j]);
    char h1[48], h2[48], h3[48];
    lr__snprintf_c(h1, sizeof h1, "SE %s", label);
    lr__snprintf_c(h2, sizeof h2, "p %s", label);
    lr__snprintf_c(h3, sizeof h3, "%g%% CI (%s)", 100.0 * level, label);
    int ws = (int)(strlen(h1) > 11 ? strlen(h1) : 11),
        wp = (int)(strlen(h2) > 10 ? strlen(h2) : 10);
    lr__sb_puts(sb, "    ");
    pad(sb, "coefficient", wn, 0);
    lr__sb_append(sb, " %11s %11s %*s %7s %10s %*s  %s\n", "estimate", "SE", ws, h1, "ratio", "p",
                  wp, h2, h3);
    for (size_t j = 0; j < p; j++) {
        char e[32], s1[32], s2[32], rt[32], p1[32], p2[32], l[32], h[32];
        double rj = se[j] / c->se[j];
        rep_fmt(e, sizeof e, c->coef[j]);
        rep_fmt(s1, sizeof s1, c->se[j]);
        rep_fmt(s2, sizeof s2, se[j]);
        lr__snprintf_c(rt, sizeof rt, "%.3f", rj);
        rep_fmt_p(p1, sizeof p1, c->pval[j]);
        rep_fmt_p(p2, sizeof p2, pv[j]);
        rep_fmt(l, sizeof l, lo[j]);
        rep_fmt(h, sizeof h, hi[j]);
        lr__sb_puts(sb, "    ");
        pad(sb, m->names[j], wn, 0);
        if (m->aliased[j]) {
            lr__sb_puts(sb, " (aliased)\n");
            continue;
        }
        lr__sb_append(sb, " %11s %11s %*s %7s %10s %*s  [%s, %s]\n", e, s1, ws, s2, rt, p1, wp, p2,
                      l, h);
        if (!isnan(rj)) {
            if (isnan(rmax) || rj > rmax)
                rmax = rj;
            if (isnan(rmin) || rj < rmin)
                rmin = rj;
        }
        bad |= !bad && lr__json_add_number(ratio, m->names[j], rj) != 0;
        int sig_c = c->pval[j] < alpha, sig_r = pv[j] < alpha;
        if (!isnan(c->pval[j]) && !isnan(pv[j]) && sig_c != sig_r && !bad) {
            cJSON *ch = cJSON_CreateObject();
            bad |= !ch || !cJSON_AddItemToArray(changes, ch);
            if (bad) {
                cJSON_Delete(ch);
                break;
            }
            bad |= !cJSON_AddStringToObject(ch, "name", m->names[j]);
            bad |= lr__json_add_number(ch, "p_classical", c->pval[j]) != 0;
            bad |= lr__json_add_number(ch, "p_robust", pv[j]) != 0;
            bad |= !cJSON_AddStringToObject(ch, "change",
                                            sig_c ? "loses significance" : "gains significance");
            if (rep_add_named(b, m->names[j]) != LR_OK)
                bad = 1;
        }
    }
    free(col);
    if (bad)
        return nomem("the robust table");
    if (b->nnamed == 0) {
        lr__sb_append(sb, "    No coefficient changes significance at %g.\n", alpha);
    } else {
        lr__sb_append(sb, "    Significance at %g changes for ", alpha);
        rep_list_names(sb, (const char *const *)b->named, b->nnamed);
        lr__sb_puts(sb, ": ");
        for (size_t i = 0; i < b->nnamed; i++) {
            size_t j = 0;
            while (j < p && strcmp(m->names[j], b->named[i]) != 0)
                j++;
            lr__sb_append(sb, "%s%s %s", i ? "; " : "", m->names[j],
                          c->pval[j] < alpha ? "is significant classically but not with "
                                             : "is significant only with ");
            lr__sb_puts(sb, label);
        }
        lr__sb_puts(sb, ".\n");
    }
    lr_status s1 = rep_add_effect(b, "se_ratio_max", rmax);
    if (s1 == LR_OK)
        s1 = rep_add_effect(b, "se_ratio_min", rmin);
    if (ratio_max)
        *ratio_max = rmax;
    if (ratio_min)
        *ratio_min = rmin;
    return s1;
}
