/* linreg fit: read a CSV, fit a formula, print the summary as text, JSON
 * or a CSV coefficient table; optionally write fitted values and residuals
 * padded to the rows of the data. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void fit_help(FILE *out)
{
    fprintf(out,
            "usage: linreg fit DATA.csv --formula \"y ~ ...\" [options]\n"
            "       linreg fit DATA.csv --y COL [--x A,B,...] [options]\n"
            "\n"
            "Fits the model by least squares and prints the summary in the layout of R's\n"
            "summary(lm(...)). Categorical columns enter as treatment-coded dummies named\n"
            "like R's (airconyes); rows with a missing value in a variable of the model are\n"
            "dropped and reported.\n"
            "\n"
            "output:\n"
            "  --format text|json|csv  summary (default), JSON document, or coefficient table\n"
            "  --fitted FILE        write row,fitted,residual for every row of the data (NA where\n"
            "                       a row was dropped), as R's na.exclude lines them up\n"
            "  --influence FILE     write the influence measures of every row used (leverage,\n"
            "                       studentized residuals, Cook's distance, DFFITS, COVRATIO,\n"
            "                       DFBETA(S), flagged), rows numbered as in the data file\n"
            "  --no-diagnostics     leave out the diagnostics (a section after the summary, and\n"
            "                       \"diagnostics\" in the JSON: docs/diagnostics.md)\n"
            "  --save URL           save the model: a path, file:// or s3://bucket/key (refuses to\n"
            "                       replace an existing model unless --overwrite is given)\n");
    cli_shared_help(out, 1);
    fprintf(out,
            "\n"
            "examples:\n"
            "  linreg fit examples/data/house_prices_windsor.csv --formula \"price ~ .\"\n"
            "  linreg fit examples/data/house_prices_windsor.csv --formula \"log(price) ~ . - garage\"\n"
            "  linreg fit houses.csv --formula \"price ~ poly(area, 2, raw = TRUE) + C(zone, ref = \\\"B\\\")\"\n"
            "  linreg fit data.csv --y y --x x1,x2 --format json\n"
            "  linreg fit data.csv --formula \"y ~ x\" --weights w --format csv\n"
            "  linreg fit houses.csv --formula \"price ~ .\" --save s3://my-bucket/models/house.json\n");
}

static int write_coef_csv(const lr_model *m, double level)
{
    size_t p = lr_model_ncoef(m);
    double *col = calloc((size_t)LR_COEF_COLUMN_COUNT_ * p + 1, sizeof *col);
    if (!col)
        return cli_usage_error("out of memory");
    for (int c = 0; c < LR_COEF_COLUMN_COUNT_; c++) {
        lr_status st = lr_model_coef_column(m, (lr_coef_column)c, level, col + (size_t)c * p, p);
        if (st != LR_OK) {
            free(col);
            return cli_fail(st, "output");
        }
    }
    printf("name,estimate,std_error,t_value,p_value,ci_low,ci_high,aliased\n");
    for (size_t j = 0; j < p; j++) {
        cli_print_csv_field(stdout, lr_model_coef_name(m, j));
        for (int c = 0; c < LR_COEF_COLUMN_COUNT_; c++) {
            putchar(',');
            cli_print_number(stdout, col[(size_t)c * p + j]);
        }
        printf(",%s\n", lr_model_coef_aliased(m, j) ? "true" : "false");
    }
    free(col);
    return CLI_OK;
}

static int write_fitted(const lr_model *m, const char *path)
{
    const lr_design *d = lr_model_design(m);
    size_t N = lr_design_nrows_data(d);
    double *f = calloc(2 * N + 1, sizeof *f);
    if (!f)
        return cli_usage_error("out of memory");
    lr_status st = lr_model_pad(m, lr_model_fitted(m), f, N);
    if (st == LR_OK)
        st = lr_model_pad(m, lr_model_residuals(m), f + N, N);
    if (st != LR_OK) {
        free(f);
        return cli_fail(st, "--fitted");
    }
    FILE *out = fopen(path, "w");
    if (!out) {
        free(f);
        fprintf(stderr, "linreg: --fitted: cannot write '%s'\n", path);
        return CLI_ERR_IO;
    }
    fprintf(out, "row,fitted,residual\n");
    for (size_t i = 0; i < N; i++) {
        fprintf(out, "%zu,", i + 1);
        cli_print_number(out, f[i]);
        fputc(',', out);
        cli_print_number(out, f[N + i]);
        fputc('\n', out);
    }
    free(f);
    if (fclose(out)) {
        fprintf(stderr, "linreg: --fitted: cannot write '%s'\n", path);
        return CLI_ERR_IO;
    }
    return CLI_OK;
}

int cli_fit(int argc, char **argv)
{
    cli_opts o;
    cli_opts_init(&o);
    const char *file = NULL, *fitted = NULL, *influence = NULL;
    int no_diag = 0;
    const cli_arg extra[] = {{"--fitted", &fitted, NULL},
                             {"--influence", &influence, NULL},
                             {"--no-diagnostics", NULL, &no_diag},
                             {NULL, NULL, NULL}};
    int npos = 0;
    int rc = cli_parse(argc, argv, "fit", &o, extra, &file, 1, &npos, fit_help);
    if (rc < 0) {
        cli_opts_free(&o);
        return CLI_OK;
    }
    if (rc == CLI_OK && !file)
        rc = cli_usage_error("fit needs a CSV file (see 'linreg fit --help')");
    if (rc == CLI_OK && o.save)
        rc = cli_storage_init();
    lr_frame *frame = NULL;
    lr_model *model = NULL;
    if (rc == CLI_OK)
        rc = cli_read_frame(&o, file, &frame);
    if (rc == CLI_OK) {
        const char *base = strrchr(file, '/');
        rc = cli_fit_model(&o, frame, base ? base + 1 : file, &model);
    }
    if (rc == CLI_OK && fitted)
        rc = write_fitted(model, fitted);
    if (rc == CLI_OK && influence)
        rc = cli_write_influence(model, influence);
    if (rc == CLI_OK && o.save)
        rc = cli_save_model(model, o.save, o.overwrite);
    lr_diagnostics *diag = NULL;
    if (rc == CLI_OK && !no_diag && strcmp(o.format, "csv")) {
        lr_status st = lr_diagnose(model, NULL, &diag);
        if (st != LR_OK)
            rc = cli_fail(st, "diagnostics");
    }
    if (rc == CLI_OK) {
        char *text = NULL;
        lr_status st = LR_OK;
        if (!strcmp(o.format, "csv")) {
            rc = write_coef_csv(model, o.level);
        } else {
            if (!strcmp(o.format, "json")) {
                rc = cli_print_fit_json(model, o.level, diag);
            } else if ((st = lr_model_summary(model, &text)) != LR_OK) {
                rc = cli_fail(st, "output");
            } else {
                fputs(text, stdout);
                if (diag)
                    cli_print_diagnostics(model, diag, lr_model_design(model));
            }
        }
        lr_free(text);
    }
    if (rc == CLI_OK && fflush(stdout)) {
        fprintf(stderr, "linreg: cannot write the output\n");
        rc = CLI_ERR_IO;
    }
    lr_diagnostics_free(diag);
    lr_model_free(model);
    lr_frame_free(frame);
    cli_opts_free(&o);
    return rc;
}
