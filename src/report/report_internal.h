/* Internal parts of the assumption report (src/report/). Not installed.
 * One file per assumption fills one rep_block; report.c runs them and
 * owns the object; report_text.c and report_json.c render it. */
#ifndef LR_REPORT_INTERNAL_H
#define LR_REPORT_INTERNAL_H

#include "../fit/model.h"

#include "report_json.h"

typedef struct rep_test {
    char *name;      /* machine name, e.g. "shapiro_wilk" */
    char *label;     /* readable name, e.g. "Shapiro-Wilk" */
    char *predictor; /* the predictor a per-predictor test concerns, else NULL */
    lr_test_result res;
    double p_adjusted; /* Bonferroni-adjusted over the block's tests (NaN for a single test) */
    char *skipped;     /* NULL when the test ran, else the reason */
} rep_test;

typedef struct rep_effect {
    char *name;
    double value;
} rep_effect;

typedef struct rep_block {
    lr_verdict verdict;
    char *reason;
    rep_test *tests;
    size_t ntests, cap_tests;
    rep_effect *effects;
    size_t neffects, cap_effects;
    char *explanation, *consequence, *remedy;
    cJSON *remedy_json; /* details of the remedy (object, owned) */
    lr_robust *robust;  /* the remedy's robust table, or NULL */
    char **named;
    size_t nnamed, cap_named;
} rep_block;

struct lr_report {
    double alpha, level;
    double n; /* rows with non-zero weight (0 unknown) */
    size_t ncoef;
    char *response;
    char *formula; /* "y ~ x1 + x2" for the header */
    rep_block b[LR_ASSUMPTION_COUNT_];
    size_t *flagged; /* influential rows, 0-based, ascending */
    size_t nflagged;
};

/* What every check reads. */
typedef struct rep_ctx {
    const lr_model *m;
    const lr_check_options *o;
    lr_report *r;
    const char *response; /* display name of the response */
    const char *Response; /* the same at the start of a sentence */
    double *se, *pval;    /* classical standard errors and p-values (ncoef each) */
    double *coef;         /* estimates */
    char **display;       /* ncoef names for sentences: "gasheat yes" for a labelled dummy */
} rep_ctx;

/* ---- building blocks (report_util.c); all return LR_ERR_NOMEM or LR_OK */

/* Records a test: status LR_OK means res holds the result; any other
 * status records it as skipped with the current lr_last_error() message.
 * A test's own LR_ERR_NOMEM is passed on. *index (may be NULL) receives
 * the test's position. */
lr_status rep_add_test(rep_block *b, const char *name, const char *label, const char *predictor,
                       lr_status st, const lr_test_result *res, size_t *index);
/* Records a skipped test with a reason given here. */
lr_status rep_skip_test(rep_block *b, const char *name, const char *label, const char *reason);
lr_status rep_add_effect(rep_block *b, const char *name, double value);
lr_status rep_add_named(rep_block *b, const char *name);
/* Starts the block of an assumption: its consequence text and an empty
 * remedy object ("what" names it in a failure message). */
lr_status rep_begin(rep_block *b, const char *consequence, const char *what);
/* Ends the block: when st is LR_OK the three texts become its reason,
 * explanation and remedy; otherwise they are freed. Returns the first
 * failure. */
lr_status rep_finish(rep_block *b, lr_status st, lr_strbuf *why, lr_strbuf *expl, lr_strbuf *rem);
/* Replaces *dst with a copy of the text in sb (sb is freed). */
lr_status rep_take_text(char **dst, lr_strbuf *sb);
lr_status rep_set_text(char **dst, const char *text);
/* Bonferroni over the m tests of the block that ran: sets each one's
 * p_adjusted = min(1, m p) (left NaN when m = 1) and returns the smallest
 * adjusted p, NaN when no test ran. The verdict of an assumption compares
 * it with alpha, so each assumption is checked at level alpha overall. */
double rep_adjust(rep_block *b);

/* "No test of <what> rejects at alpha (smallest p = ..., Bonferroni-adjusted
 * over m tests)." or "A test of <what> rejects (smallest p = ... < alpha, ...)"
 * (no final period: the caller goes on). */
void rep_why_tests(lr_strbuf *sb, const rep_block *b, double alpha, double pmin, const char *what);

/* The sentence before a robust table in the remedy text, by verdict. */
void rep_remedy_intro(lr_strbuf *rem, lr_verdict v, const char *label, const char *what);

/* A readable name of coefficient j: its label's level ("gas heating") for
 * a dummy with a label, else the coefficient's name. */
const char *rep_coef_display(const rep_ctx *c, size_t j);
/* The display names of the coefficients: a labelled dummy by its level
 * ("treated"), with its variable's name when the level alone says nothing
 * ("gasheat yes"); else the coefficient name. NULL on no memory. Freed
 * with rep_display_free. */
char **rep_display_names(const lr_model *m, const lr_check_options *o);
void rep_display_free(char **display, size_t p);
/* Appends a level of label l as rep_display_names words it. */
void rep_level_text(lr_strbuf *sb, const lr_coef_label *l, const char *level);
/* "x1", "x1 and x2", "x1, x2 and x3" into sb. */
void rep_list_names(lr_strbuf *sb, const char *const *names, size_t n);
/* Number formats for text: 4 significant digits (integers from 10^4 in
 * full, tiny values with an exponent); p-values with 2, "< 1e-300" for 0. */
void rep_fmt(char *buf, size_t size, double v);
void rep_fmt_p(char *buf, size_t size, double p);
/* A percentage with two significant digits: 0.123 -> "12%". */
void rep_fmt_pct(char *buf, size_t size, double share);

/* Applies a robust table as a remedy: stores it in b->robust (taking
 * ownership), adds the effects "se_ratio_max" and "se_ratio_min" (robust /
 * classical standard error over the non-aliased coefficients), names the
 * coefficients whose significance at alpha changes (b->named), writes the
 * side-by-side table into sb and the JSON details (the robust table,
 * "se_ratio", "significance_changes") into remedy. *ratio_max and
 * *ratio_min receive the extremes. */
lr_status rep_apply_robust(const rep_ctx *c, rep_block *b, lr_robust *rob, const char *label,
                           lr_strbuf *sb, cJSON *remedy, double *ratio_max, double *ratio_min);

/* Solves (R'R) x = v in place for nrhs right-hand sides of rank values
 * (column-major, leading dimension ld), R the model's scaled factor. */
void rep_solve_gram(const lr_model *m, double *v, size_t nrhs, size_t ld);

/* A test's p-value as the verdict uses it (adjusted when set). */
static inline double rep_p(const rep_test *t)
{
    return t->p_adjusted == t->p_adjusted ? t->p_adjusted : t->res.p_value;
}

/* Verdict from a rejection flag and a materiality flag. */
static inline lr_verdict rep_verdict(int rejected, int material)
{
    return !rejected ? LR_VERDICT_HOLDS : material ? LR_VERDICT_VIOLATED : LR_VERDICT_DOUBTFUL;
}

/* ---- the checks, one file each; each fills c->r->b[its assumption] */
lr_status rep_check_linearity(const rep_ctx *c);
lr_status rep_check_normality(const rep_ctx *c);
lr_status rep_check_homoscedasticity(const rep_ctx *c);
lr_status rep_check_independence(const rep_ctx *c);
lr_status rep_check_fixed_features(const rep_ctx *c);
lr_status rep_check_multicollinearity(const rep_ctx *c);
lr_status rep_check_influence(const rep_ctx *c);

/* Curvature tests (curvature.c): for each non-aliased predictor column j
 * (cand[q] coefficient indices), the t statistic of x_j^2 added to the
 * model (R: lm(y ~ X + I(x_j^2)), weighted as the fit), its residual
 * degrees of freedom n - rank - 1, and whether x_j is positive on every
 * row used. t[q] is NaN when x_j^2 lies (numerically) in the design's
 * span (e.g. a 0/1 column). One pass for X'Z, one for the residualised
 * squares. */
lr_status rep_curvature_tests(const lr_model *m, const size_t *cand, size_t q, double *t,
                              double *df, int *positive);

/* Residual intraclass correlation and one-way ANOVA F test
 * (independence.c): the residuals (sqrt(w) e over rows with w > 0)
 * grouped by cluster id; R: anova(lm(r ~ factor(g))). */
typedef struct rep_icc {
    double f, df1, df2, p, icc, n0;
    size_t nclusters, n;
} rep_icc;
lr_status rep_cluster_icc(const lr_model *m, const lr_cluster_ids *ids, rep_icc *out);

#endif
