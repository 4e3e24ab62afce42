/* The diagnostics of `linreg fit`: the "diagnostics" JSON object, a text
 * section after the summary, and the per-row influence measures as CSV
 * with the rows of the user's data. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const test_titles[LR_DIAG_TEST_COUNT_] = {
    [LR_DIAG_SHAPIRO_WILK] = "Shapiro-Wilk (normality)",
    [LR_DIAG_JARQUE_BERA] = "Jarque-Bera (normality)",
    [LR_DIAG_OMNIBUS] = "D'Agostino omnibus (normality)",
    [LR_DIAG_ANDERSON_DARLING] = "Anderson-Darling (normality)",
    [LR_DIAG_BREUSCH_PAGAN] = "Breusch-Pagan (constant variance)",
    [LR_DIAG_WHITE] = "White (constant variance)",
    [LR_DIAG_GOLDFELD_QUANDT] = "Goldfeld-Quandt (constant variance)",
    [LR_DIAG_DURBIN_WATSON] = "Durbin-Watson (independence)",
    [LR_DIAG_BREUSCH_GODFREY] = "Breusch-Godfrey (independence)",
    [LR_DIAG_LJUNG_BOX] = "Ljung-Box (independence)",
    [LR_DIAG_RESET] = "RESET (linearity)",
    [LR_DIAG_RAINBOW] = "Rainbow (linearity)",
    [LR_DIAG_HARVEY_COLLIER] = "Harvey-Collier (linearity)",
};

static void print_df(const double df[2])
{
    char buf[48];
    if (isnan(df[0]))
        snprintf(buf, sizeof buf, "%s", "");
    else if (isnan(df[1]))
        snprintf(buf, sizeof buf, "%.6g", df[0]);
    else
        snprintf(buf, sizeof buf, "%.6g, %.6g", df[0], df[1]);
    printf(" %12s", buf);
}

void cli_print_diagnostics(const lr_model *m, const lr_diagnostics *d, const lr_design *design)
{
    const size_t *rows = design ? lr_design_rows(design) : NULL;
    printf("\nDiagnostics (docs/diagnostics.md; tests of the independence of the errors "
           "depend on the row order):\n");
    printf("%-38s %12s %12s %10s\n", "test", "statistic", "df", "p-value");
    for (int t = 0; t < LR_DIAG_TEST_COUNT_; t++) {
        lr_test_result r;
        lr_status st = lr_diagnostics_test(d, (lr_diag_test)t, &r);
        if (st == LR_OK) {
            printf("%-38s %12.6g", test_titles[t], r.statistic);
            print_df(r.df);
            printf(" %10.3g\n", r.p_value);
        } else if (st != LR_ERR_NOT_FOUND || lr_diagnostics_skipped(d, (lr_diag_test)t)) {
            printf("%-38s not run: %s\n", test_titles[t], lr_diagnostics_message(d, (lr_diag_test)t));
        }
    }
    const size_t p = lr_model_ncoef(m), icpt = (size_t)lr_model_stat(m, LR_STAT_INTERCEPT);
    double *vif = calloc(p + 1, sizeof *vif), cond;
    if (vif && lr_diagnostics_vif(d, vif, p) == LR_OK) {
        printf("Variance inflation factors:");
        for (size_t j = icpt; j < p; j++)
            printf("%s %s %.4g", j > icpt ? "," : "", lr_model_coef_name(m, j), vif[j]);
        printf("\n");
    }
    free(vif);
    if (lr_diagnostics_condition_number(d, &cond) == LR_OK)
        printf("Condition number of the column-scaled design: %.4g\n", cond);
    lr_influence_summary s;
    if (lr_diagnostics_influence(d, &s) == LR_OK) {
        size_t hr = rows ? rows[s.max_hat_row] + 1 : s.max_hat_row + 1;
        size_t cr = rows ? rows[s.max_cooks_d_row] + 1 : s.max_cooks_d_row + 1;
        printf("Influence: max leverage %.4g (row %zu), max Cook's distance %.4g (row %zu), "
               "%zu rows past R's influence.measures cut-offs\n",
               s.max_hat, hr, s.max_cooks_d, cr, s.n_flagged);
        lr_test_result o;
        size_t orow[3], count = 0;
        double rst[3], pb[3];
        if (lr_diagnostics_outliers(d, &o, orow, rst, NULL, pb, 3, &count) == LR_OK && count) {
            printf("Bonferroni outlier test: largest |rstudent| %.4g at row %zu, "
                   "Bonferroni p = %.3g\n",
                   rst[0], rows ? rows[orow[0]] + 1 : orow[0] + 1, pb[0]);
        }
    }
}

int cli_print_fit_json(const lr_model *m, double level, const lr_diagnostics *d)
{
    char *fit = NULL, *diag = NULL;
    lr_status st = lr_model_results_json(m, level, &fit);
    if (st == LR_OK && d)
        st = lr_diagnostics_json(d, &diag);
    if (st != LR_OK) {
        lr_free(fit);
        return cli_fail(st, "output");
    }
    /* both are compact JSON objects with exact numbers: the diagnostics
     * become one more member of the results object */
    size_t len = strlen(fit);
    if (diag && len >= 2 && fit[len - 1] == '}') {
        fit[len - 1] = '\0';
        printf("%s,\"diagnostics\":%s}\n", fit, diag);
    } else {
        printf("%s\n", fit);
    }
    lr_free(fit);
    lr_free(diag);
    return CLI_OK;
}

int cli_write_influence(const lr_model *m, const char *path)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&buf, &size);
    if (!mem)
        return cli_usage_error("out of memory");
    lr_status st = lr_influence_write_csv(m, mem);
    fclose(mem);
    if (st != LR_OK) {
        free(buf);
        return cli_fail(st, "--influence");
    }
    FILE *out = fopen(path, "w");
    if (!out) {
        free(buf);
        fprintf(stderr, "linreg: --influence: cannot write '%s'\n", path);
        return CLI_ERR_IO;
    }
    /* The writer numbers the rows the model used; name them by the rows of
     * the data file instead, so dropped rows (missing values) do not shift
     * them. */
    const lr_design *d = lr_model_design(m);
    const size_t *rows = d ? lr_design_rows(d) : NULL;
    int first = 1;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *end;
        unsigned long long r = first ? 0 : strtoull(line, &end, 10);
        if (!first && rows && r >= 1 && *end == ',')
            fprintf(out, "%zu%s\n", rows[r - 1] + 1, end);
        else
            fprintf(out, "%s\n", line);
        first = 0;
    }
    free(buf);
    if (fclose(out)) {
        fprintf(stderr, "linreg: --influence: cannot write '%s'\n", path);
        return CLI_ERR_IO;
    }
    return CLI_OK;
}
