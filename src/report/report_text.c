/* The report as readable text: a summary of the verdicts, then one block
 * per assumption (tests, effect sizes, the reason for the verdict, plain
 * words, what a violation does, the remedy). Paragraphs are wrapped at 92
 * columns; table lines (indented in the stored text) are kept as they are. */
#include "report_internal.h"

#include <math.h>
#include <string.h>

#define WRAP 92

static const char *const titles[LR_ASSUMPTION_COUNT_] = {
    "Linearity",
    "Normality of the errors",
    "Constant variance (homoscedasticity)",
    "Independence of the errors",
    "Fixed features (no measurement error)",
    "No multicollinearity",
    "No influential observations",
};

static const char *verdict_text(lr_verdict v)
{
    switch (v) {
    case LR_VERDICT_HOLDS: return "holds";
    case LR_VERDICT_DOUBTFUL: return "doubtful";
    case LR_VERDICT_VIOLATED: return "VIOLATED";
    default: return "cannot be tested";
    }
}

/* Writes text wrapped at WRAP columns, each line starting with indent
 * (the first with first). Lines of text that start with a space are
 * copied as they are (tables). */
static void wrap(lr_strbuf *sb, const char *first, const char *indent, const char *text)
{
    const char *lead = first;
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len > 0 && p[0] == ' ') {
            lr__sb_append(sb, "%s%.*s\n", lead == first ? first : "", (int)len, p);
            lead = indent;
        } else if (len > 0) {
            size_t col = 0, i = 0;
            while (i < len) {
                while (i < len && p[i] == ' ')
                    i++;
                size_t w = i;
                while (w < len && p[w] != ' ')
                    w++;
                size_t wl = w - i;
                if (wl == 0)
                    break;
                if (col == 0) {
                    lr__sb_puts(sb, lead);
                    col = strlen(lead);
                    lead = indent;
                } else if (col + 1 + wl > WRAP) {
                    lr__sb_append(sb, "\n%s", indent);
                    col = strlen(indent);
                } else {
                    lr__sb_puts(sb, " ");
                    col++;
                }
                lr__sb_append(sb, "%.*s", (int)wl, p + i);
                col += wl;
                i = w;
            }
            lr__sb_puts(sb, "\n");
        }
        p += len;
        if (*p == '\n')
            p++;
    }
}

static void test_line(lr_strbuf *sb, const rep_test *t)
{
    if (t->skipped) {
        lr_strbuf tmp = {0};
        lr__sb_append(&tmp, "%s: skipped: %s", t->label, t->skipped);
        if (!tmp.failed)
            wrap(sb, "    ", "      ", tmp.data ? tmp.data : "");
        else
            sb->failed = 1;
        lr__sb_free(&tmp);
        return;
    }
    char s[32], d0[32], d1[32], pv[32], pa[32];
    rep_fmt(s, sizeof s, t->res.statistic);
    rep_fmt(d0, sizeof d0, t->res.df[0]);
    rep_fmt(d1, sizeof d1, t->res.df[1]);
    rep_fmt_p(pv, sizeof pv, t->res.p_value);
    lr__sb_append(sb, "    %s: statistic %s", t->label, s);
    if (!isnan(t->res.df[1]))
        lr__sb_append(sb, ", df %s and %s", d0, d1);
    else if (!isnan(t->res.df[0]))
        lr__sb_append(sb, ", df %s", d0);
    lr__sb_append(sb, ", p = %s", pv);
    if (!isnan(t->p_adjusted)) {
        rep_fmt_p(pa, sizeof pa, t->p_adjusted);
        lr__sb_append(sb, " (Bonferroni %s)", pa);
    }
    lr__sb_puts(sb, "\n");
}

lr_status lr_report_text(const lr_report *r, char **text)
{
    lr__clear_error();
    if (!text)
        return lr__fail(LR_ERR_INVALID_ARG, "text must not be NULL");
    *text = NULL;
    if (!r)
        return lr__fail(LR_ERR_INVALID_ARG, "report must not be NULL");
    lr_strbuf sb = {0};
    lr_strbuf head = {0};
    lr__sb_append(&head, "Assumption report for %s (%.0f rows used; tests at alpha = %g)",
                  r->formula, r->n, r->alpha);
    wrap(&sb, "", "  ", head.data ? head.data : "");
    sb.failed |= head.failed;
    lr__sb_free(&head);
    lr__sb_puts(&sb, "\n");
    for (int a = 0; a < LR_ASSUMPTION_COUNT_; a++)
        lr__sb_append(&sb, "  %-40s %s\n", titles[a], verdict_text(r->b[a].verdict));
    for (int a = 0; a < LR_ASSUMPTION_COUNT_; a++) {
        const rep_block *b = &r->b[a];
        lr__sb_append(&sb, "\n== %s: %s ==\n", titles[a], verdict_text(b->verdict));
        if (b->ntests) {
            lr__sb_puts(&sb, "  Tests:\n");
            for (size_t i = 0; i < b->ntests; i++)
                test_line(&sb, &b->tests[i]);
        }
        lr_strbuf eff = {0};
        for (size_t i = 0; i < b->neffects; i++) {
            if (isnan(b->effects[i].value))
                continue;
            char v[32];
            rep_fmt(v, sizeof v, b->effects[i].value);
            lr__sb_append(&eff, "%s%s %s", eff.len ? ", " : "", b->effects[i].name, v);
        }
        if (eff.len)
            wrap(&sb, "  Effect sizes: ", "    ", eff.data);
        sb.failed |= eff.failed;
        lr__sb_free(&eff);
        if (b->reason && *b->reason)
            wrap(&sb, "  Verdict: ", "    ", b->reason);
        if (b->explanation && *b->explanation)
            wrap(&sb, "  In words: ", "    ", b->explanation);
        if (b->consequence && *b->consequence && b->verdict != LR_VERDICT_HOLDS)
            wrap(&sb, "  What a violation does: ", "    ", b->consequence);
        if (b->remedy && *b->remedy)
            wrap(&sb, "  Remedy: ", "    ", b->remedy);
    }
    if (sb.failed) {
        lr__sb_free(&sb);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the report text");
    }
    *text = sb.data;
    return LR_OK;
}
