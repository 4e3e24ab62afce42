/* The text summary in the layout of R's print(summary(lm(...))). */
#include "model.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* R's format.pval with digits 3: "<2e-16" below machine epsilon. */
static void format_p(char *buf, size_t size, double p, int wide)
{
    if (isnan(p))
        lr__snprintf_c(buf, size, "NA");
    else if (p < 2.220446e-16)
        lr__snprintf_c(buf, size, wide ? "< 2.2e-16" : "<2e-16");
    else
        lr__snprintf_c(buf, size, wide ? "%.4g" : "%.3g", p);
}

static const char *stars(double p)
{
    if (isnan(p))
        return "";
    return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : "";
}

static void residual_section(const lr_model *m, lr_strbuf *sb)
{
    size_t n = 0;
    double *r = lr__calloc(m->nobs, sizeof(double));
    if (!r) {
        sb->failed = 1;
        return;
    }
    for (size_t i = 0; i < m->nobs; i++) {
        double w = lr__weight(m, i);
        if (w != 0.0)
            r[n++] = sqrt(w) * m->resid[i];
    }
    lr__sb_puts(sb, m->w.data ? "Weighted Residuals:\n" : "Residuals:\n");
    double df = m->n_used - (double)m->rank;
    if (df > 5) {
        gsl_sort(r, 1, n);
        double q[5] = {r[0], gsl_stats_quantile_from_sorted_data(r, 1, n, 0.25),
                       gsl_stats_quantile_from_sorted_data(r, 1, n, 0.5),
                       gsl_stats_quantile_from_sorted_data(r, 1, n, 0.75), r[n - 1]};
        lr__sb_append(sb, "%11s %11s %11s %11s %11s\n", "Min", "1Q", "Median", "3Q", "Max");
        for (int i = 0; i < 5; i++)
            lr__sb_append(sb, "%11.5g%s", q[i], i < 4 ? " " : "\n");
    } else {
        for (size_t i = 0; i < n; i++)
            lr__sb_append(sb, "%11.5g%s", r[i], (i + 1) % 6 == 0 || i + 1 == n ? "\n" : " ");
        if (df == 0)
            lr__sb_puts(sb, "ALL residuals are 0: no residual degrees of freedom!\n");
    }
    free(r);
}

lr_status lr_model_summary(const lr_model *m, char **text)
{
    lr__clear_error();
    if (!m || !text)
        return lr__fail(LR_ERR_INVALID_ARG, "model and text must not be NULL");
    *text = NULL;
    const size_t p = m->p;
    double *col = lr__calloc(LR_COEF_COLUMN_COUNT_ * p, sizeof(double));
    if (!col)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the summary table");
    for (int c = 0; c < LR_COEF_COLUMN_COUNT_; c++)
        lr_model_coef_column(m, (lr_coef_column)c, m->level, col + (size_t)c * p, p);
    const double *est = col, *se = col + p, *tv = col + 2 * p, *pv = col + 3 * p;

    lr_strbuf sb = {0};
    lr__sb_append(&sb, "\nCall:\n%s\n\n", m->call ? m->call : "lm(y ~ X)");
    if (m->resid) {
        residual_section(m, &sb);
        lr__sb_puts(&sb, "\n");
    }
    size_t width = 12;
    for (size_t j = 0; j < p; j++)
        if (strlen(m->names[j]) > width)
            width = strlen(m->names[j]);
    size_t n_aliased = p - m->rank;
    if (n_aliased)
        lr__sb_append(&sb, "Coefficients: (%zu not defined because of singularities)\n", n_aliased);
    else
        lr__sb_puts(&sb, "Coefficients:\n");
    lr__sb_append(&sb, "%-*s %12s %12s %8s %9s\n", (int)width, "", "Estimate", "Std. Error",
                  "t value", "Pr(>|t|)");
    for (size_t j = 0; j < p; j++) {
        char pbuf[32];
        if (m->aliased[j]) {
            lr__sb_append(&sb, "%-*s %12s %12s %8s %9s\n", (int)width, m->names[j], "NA", "NA",
                          "NA", "NA");
            continue;
        }
        format_p(pbuf, sizeof pbuf, pv[j], 0);
        lr__sb_append(&sb, "%-*s %12.5g %12.5g %8.3f %9s %s\n", (int)width, m->names[j], est[j],
                      se[j], tv[j], pbuf, stars(pv[j]));
    }
    lr__sb_puts(&sb, "---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n");
    if (n_aliased) {
        lr__sb_puts(&sb, "Aliased (linear combinations of earlier columns, estimate NA):");
        for (size_t j = 0; j < p; j++)
            if (m->aliased[j])
                lr__sb_append(&sb, " %s", m->names[j]);
        lr__sb_puts(&sb, "\n");
    }
    double df = lr_model_stat(m, LR_STAT_DF_RESID);
    lr__sb_append(&sb, "\nResidual standard error: %.4g on %.0f degrees of freedom\n",
                  lr_model_stat(m, LR_STAT_SIGMA), df);
    if (m->na_note)
        lr__sb_append(&sb, "%s\n", m->na_note);
    double f = lr_model_stat(m, LR_STAT_F);
    if (!isnan(f)) {
        char pbuf[32];
        format_p(pbuf, sizeof pbuf, lr_model_stat(m, LR_STAT_F_P_VALUE), 1);
        lr__sb_append(&sb, "Multiple R-squared:  %.4g,\tAdjusted R-squared:  %.4g \n",
                      lr_model_stat(m, LR_STAT_R_SQUARED), lr_model_stat(m, LR_STAT_ADJ_R_SQUARED));
        lr__sb_append(&sb, "F-statistic: %.4g on %.0f and %.0f DF,  p-value: %s\n", f,
                      lr_model_stat(m, LR_STAT_DF_MODEL), df, pbuf);
    }
    if (m->rss == 0.0 && m->mss == 0.0)
        lr__sb_puts(&sb, "Note: perfect fit of a constant response: the residuals are all zero, "
                         "so R-squared and F are undefined (0/0).\n");
    else if (m->rss == 0.0)
        lr__sb_puts(&sb, "Note: perfect fit: the residuals are all zero, so F is infinite and "
                         "standard errors are zero.\n");
    lr__sb_append(&sb, "Condition number (unit-norm columns): %.4g%s\n", m->cond,
                  m->refined == 1   ? "; solution refined in extended precision"
                  : m->refined == 2 ? "; covariance/residuals refined in extended precision"
                                    : "");
    free(col);
    if (sb.failed) {
        lr__sb_free(&sb);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the summary text");
    }
    *text = sb.data;
    return LR_OK;
}
