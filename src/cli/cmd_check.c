/* linreg check: fit, then the assumption report card: for each assumption
 * the tests, effect sizes, verdict, what a violation does and the remedy
 * applied, in plain words with the column names. */
#include "../io/json_util.h"
#include "../report/report_json.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void check_help(FILE *out)
{
    fprintf(out,
            "usage: linreg check DATA.csv --formula \"y ~ ...\" [options]\n"
            "       linreg check DATA.csv --y COL [--x A,B,...] [options]\n"
            "\n"
            "Fits the model, then checks every assumption of the linear model: linearity,\n"
            "normality of the errors, constant variance, independence, fixed (error-free)\n"
            "features, no multicollinearity, and no observations that alone decide the fit.\n"
            "For each: the tests used, an effect size, a verdict (holds / doubtful / violated /\n"
            "cannot be tested), what a violation does to the numbers you are about to quote,\n"
            "the remedy applied (robust standard errors side by side, the curved predictor,\n"
            "the fit without the influential rows, ...), and a sentence with your column\n"
            "names. Thresholds: docs/assumptions.md.\n"
            "\n"
            "options:\n"
            "  --alpha A            significance level of the tests (default 0.05)\n"
            "  --cluster COL        rows with the same COL value are repeated measurements of\n"
            "                       one unit (a patient, a school): checks independence within\n"
            "                       them and applies cluster-robust standard errors\n"
            "  --reliability X=R,...  reliability (0, 1] of predictors measured with error, for\n"
            "                       the fixed-features correction (others are taken as exact)\n"
            "  --explain-row N      explain the prediction of data row N feature by feature\n"
            "                       (default 1; 0 for none)\n"
            "  --format text|json   the summary, the report and the interpretation (default), or\n"
            "                       one JSON object with \"coefficients\", \"fit\", \"formula\",\n"
            "                       \"data\", \"report\" and \"interpretation\"\n");
    cli_shared_help(out, 1);
    fprintf(out,
            "\n"
            "examples:\n"
            "  linreg check examples/data/house_prices_windsor.csv --formula \"price ~ .\"\n"
            "  linreg check visits.csv --formula \"bp ~ dose + age\" --cluster patient\n"
            "  linreg check houses.csv --y price --reliability lotsize=0.9 --format json\n");
}

/* --reliability "a=0.8,b=0.9" into k values (1 for unnamed predictors). */
static int parse_reliability(const lr_model *m, const char *spec, double *rel)
{
    const size_t icpt = (size_t)lr_model_stat(m, LR_STAT_INTERCEPT), k = lr_model_ncoef(m) - icpt;
    for (size_t j = 0; j < k; j++)
        rel[j] = 1.0;
    char *copy = strdup(spec);
    if (!copy)
        return cli_usage_error("out of memory");
    int rc = CLI_OK;
    for (char *tok = strtok(copy, ","); tok && rc == CLI_OK; tok = strtok(NULL, ",")) {
        char *eq = strchr(tok, '='), *end;
        if (!eq) {
            rc = cli_usage_error("--reliability: '%s' is not NAME=VALUE", tok);
            break;
        }
        *eq = '\0';
        double v = strtod(eq + 1, &end);
        if (end == eq + 1 || *end || !(v > 0 && v <= 1)) {
            rc = cli_usage_error("--reliability: the reliability of '%s' must be in (0, 1], got '%s'",
                                 tok, eq + 1);
            break;
        }
        size_t j = 0;
        while (j < k && strcmp(lr_model_coef_name(m, j + icpt), tok))
            j++;
        if (j == k)
            rc = cli_usage_error("--reliability: '%s' is not a coefficient of the model", tok);
        else
            rel[j] = v;
    }
    free(copy);
    return rc;
}

static int print_json(const lr_model *m, double level, const lr_report *rep,
                      const lr_coef_label *labels, const char *response, size_t explain_row)
{
    cJSON *root = cJSON_CreateObject();
    lr_status st = root ? lr__results_to_json(m, level, root) : LR_ERR_NOMEM;
    char *fj = NULL;
    if (st == LR_OK && lr_model_design(m)) {
        /* the formula and data sections, as 'linreg fit --format json' */
        st = lr_formula_results_json(m, level, &fj);
        cJSON *f = st == LR_OK ? cJSON_Parse(fj) : NULL;
        for (const char *key = "formula"; f && key; key = strcmp(key, "formula") ? NULL : "data") {
            cJSON *part = cJSON_DetachItemFromObjectCaseSensitive(f, key);
            char *exact = part ? lr__json_compact_exact(part) : NULL;
            cJSON_Delete(part);
            if (exact) {
                cJSON_AddRawToObject(root, key, exact);
                free(exact);
            }
        }
        cJSON_Delete(f);
        lr_free(fj);
    }
    cJSON *ro = st == LR_OK ? cJSON_AddObjectToObject(root, "report") : NULL;
    if (st == LR_OK)
        st = ro ? lr__report_json(rep, ro) : LR_ERR_NOMEM;
    if (st == LR_OK && cli_add_interpretation(root, m, labels, response, level, explain_row)) {
        cJSON_Delete(root);
        return CLI_ERR_DATA;
    }
    char *text = NULL;
    if (st == LR_OK)
        st = lr__json_print(root, 0, &text);
    cJSON_Delete(root);
    if (st != LR_OK)
        return cli_fail(st, "output");
    puts(text);
    lr_free(text);
    return CLI_OK;
}

int cli_check(int argc, char **argv)
{
    cli_opts o;
    cli_opts_init(&o);
    const char *file = NULL, *cluster = NULL, *reliability = NULL, *alpha_text = NULL,
               *row_text = NULL;
    const cli_arg extra[] = {{"--alpha", &alpha_text, NULL},
                             {"--cluster", &cluster, NULL},
                             {"--reliability", &reliability, NULL},
                             {"--explain-row", &row_text, NULL},
                             {NULL, NULL, NULL}};
    int npos = 0;
    int rc = cli_parse(argc, argv, "check", &o, extra, &file, 1, &npos, check_help);
    if (rc < 0) {
        cli_opts_free(&o);
        return CLI_OK;
    }
    double alpha = 0.05;
    size_t explain_row = 1;
    char *end;
    if (rc == CLI_OK && alpha_text) {
        alpha = strtod(alpha_text, &end);
        if (end == alpha_text || *end || !(alpha > 0 && alpha < 1))
            rc = cli_usage_error("--alpha must be a number between 0 and 1, got '%s'", alpha_text);
    }
    if (rc == CLI_OK && row_text) {
        long v = strtol(row_text, &end, 10);
        if (end == row_text || *end || v < 0)
            rc = cli_usage_error("--explain-row must be a row number (0 for none), got '%s'",
                                 row_text);
        explain_row = (size_t)v;
    }
    if (rc == CLI_OK && !file)
        rc = cli_usage_error("check needs a CSV file (see 'linreg check --help')");
    if (rc == CLI_OK && strcmp(o.format, "text") && strcmp(o.format, "json"))
        rc = cli_usage_error("check: --format must be text or json, got '%s'", o.format);
    lr_frame *frame = NULL;
    lr_model *model = NULL;
    lr_report *rep = NULL;
    double *rel = NULL, *ids = NULL;
    lr_coef_label *labels = NULL;
    if (rc == CLI_OK)
        rc = cli_read_frame(&o, file, &frame);
    if (rc == CLI_OK) {
        const char *base = strrchr(file, '/');
        rc = cli_fit_model(&o, frame, base ? base + 1 : file, &model);
    }
    lr_check_options co;
    lr_check_options_init(&co);
    co.alpha = alpha;
    co.level = o.level;
    const lr_design *d = model ? lr_model_design(model) : NULL;
    if (rc == CLI_OK && d) {
        co.response = lr_design_response(d);
        size_t p = lr_model_ncoef(model);
        if ((labels = calloc(p, sizeof *labels)) && lr_design_coef_labels(d, labels, p) == LR_OK)
            co.labels = labels;
    }
    if (rc == CLI_OK && reliability) {
        if (!(rel = calloc(lr_model_ncoef(model), sizeof *rel)))
            rc = cli_usage_error("out of memory");
        else if ((rc = parse_reliability(model, reliability, rel)) == CLI_OK)
            co.reliability = rel;
    }
    if (rc == CLI_OK && cluster) {
        /* one id per model row: the frame rows the design kept */
        size_t g;
        lr_status st = lr_frame_find(frame, cluster, &g);
        if (st != LR_OK) {
            rc = cli_fail(st, "--cluster");
        } else if (lr_frame_column_type(frame, g) == LR_COLUMN_NUMERIC) {
            const size_t n = lr_model_nobs(model);
            const size_t *rows = d ? lr_design_rows(d) : NULL;
            const double *col = lr_frame_column(frame, g);
            if (!(ids = calloc(n + 1, sizeof *ids)))
                rc = cli_usage_error("out of memory");
            for (size_t i = 0; ids && i < n; i++)
                ids[i] = col[rows ? rows[i] : i];
        } else {
            const size_t n = lr_model_nobs(model);
            const size_t *rows = d ? lr_design_rows(d) : NULL;
            const int *codes = lr_frame_codes(frame, g);
            if (!(ids = calloc(n + 1, sizeof *ids)))
                rc = cli_usage_error("out of memory");
            for (size_t i = 0; ids && i < n; i++)
                ids[i] = (double)codes[rows ? rows[i] : i];
        }
        if (rc == CLI_OK) {
            const int categorical = lr_frame_column_type(frame, g) != LR_COLUMN_NUMERIC;
            for (size_t i = 0; i < lr_model_nobs(model) && rc == CLI_OK; i++)
                if (ids[i] != ids[i] || (categorical && ids[i] < 0))
                    rc = cli_usage_error("--cluster: column '%s' is missing at a row the model "
                                         "uses (row %zu of the model)", cluster, i + 1);
            co.clusters = lr_cluster_doubles(ids, lr_model_nobs(model));
            co.cluster_name = cluster;
        }
    }
    if (rc == CLI_OK) {
        lr_status st = lr_check_assumptions(model, &co, &rep);
        if (st != LR_OK)
            rc = cli_fail(st, "check");
    }
    if (rc == CLI_OK && !strcmp(o.format, "json")) {
        rc = print_json(model, o.level, rep, co.labels, co.response, explain_row);
    } else if (rc == CLI_OK) {
        char *summary = NULL, *text = NULL;
        lr_status st = lr_model_summary(model, &summary);
        if (st == LR_OK)
            st = lr_report_text(rep, &text);
        if (st != LR_OK) {
            rc = cli_fail(st, "output");
        } else {
            fputs(summary, stdout);
            fputs("\n", stdout);
            fputs(text, stdout);
            rc = cli_print_interpretation(model, co.labels, co.response, o.level, explain_row);
        }
        lr_free(summary);
        lr_free(text);
    }
    if (rc == CLI_OK && fflush(stdout)) {
        fprintf(stderr, "linreg: cannot write the output\n");
        rc = CLI_ERR_IO;
    }
    lr_report_free(rep);
    free(rel);
    free(ids);
    free(labels);
    lr_model_free(model);
    lr_frame_free(frame);
    cli_opts_free(&o);
    return rc;
}
