/* linreg fit: read a CSV, fit, print the summary as text or JSON. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void fit_help(FILE *out)
{
    fprintf(out,
            "usage: linreg fit FILE.csv --y COL [options]\n"
            "\n"
            "Fits COL on the predictor columns by least squares and prints the\n"
            "summary in the layout of R's summary(lm(...)).\n"
            "\n"
            "options:\n"
            "  --y COL              response column (required)\n"
            "  --x A,B,...          predictor columns (default: every other column)\n"
            "  --weights COL        observation weights (weighted least squares)\n"
            "  --no-intercept       fit without an intercept\n"
            "  --level P            confidence level of the intervals (default 0.95)\n"
            "  --format text|json   output format (default text)\n"
            "  --delimiter C        field delimiter: ',' (default), ';' or 'tab'\n"
            "\n"
            "examples:\n"
            "  linreg fit examples/data/prices.csv --y price\n"
            "  linreg fit data.csv --y y --x x1,x2 --format json\n");
}

typedef struct {
    const char *file, *y, *x, *weights, *format;
    int intercept;
    double level;
    char delimiter;
} fit_args;

static int parse_args(int argc, char **argv, fit_args *a)
{
    memset(a, 0, sizeof *a);
    a->intercept = 1;
    a->level = 0.95;
    a->format = "text";
    a->delimiter = ',';
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            fit_help(stdout);
            return -1;
        } else if (!strcmp(arg, "--no-intercept")) {
            a->intercept = 0;
        } else if (!strncmp(arg, "--", 2)) {
            if (!val)
                return cli_usage_error("option %s needs a value", arg);
            i++;
            if (!strcmp(arg, "--y"))
                a->y = val;
            else if (!strcmp(arg, "--x"))
                a->x = val;
            else if (!strcmp(arg, "--weights"))
                a->weights = val;
            else if (!strcmp(arg, "--format"))
                a->format = val;
            else if (!strcmp(arg, "--level")) {
                if (cli_parse_level(val, &a->level))
                    return cli_usage_error("--level must be a number between 0 and 1, got '%s'", val);
            } else if (!strcmp(arg, "--delimiter")) {
                if (!strcmp(val, "tab") || !strcmp(val, "\\t"))
                    a->delimiter = '\t';
                else if (strlen(val) == 1)
                    a->delimiter = val[0];
                else
                    return cli_usage_error("--delimiter must be one character or 'tab'");
            } else
                return cli_usage_error("unknown option %s (see 'linreg fit --help')", arg);
        } else if (!a->file) {
            a->file = arg;
        } else {
            return cli_usage_error("unexpected argument '%s'", arg);
        }
    }
    if (!a->file)
        return cli_usage_error("fit needs a CSV file (see 'linreg fit --help')");
    if (!a->y)
        return cli_usage_error("fit needs --y COL naming the response column");
    if (strcmp(a->format, "text") && strcmp(a->format, "json"))
        return cli_usage_error("--format must be text or json, got '%s'", a->format);
    return 0;
}

/* "lm(formula = y ~ a + b)" or "... - 1" without intercept. */
static char *call_text(const char *y, char **x, size_t k, int intercept, int weighted)
{
    size_t len = 64 + strlen(y);
    for (size_t j = 0; j < k; j++)
        len += strlen(x[j]) + 3;
    char *s = malloc(len);
    if (!s)
        return NULL;
    strcpy(s, "lm(formula = ");
    strcat(s, y);
    strcat(s, " ~ ");
    for (size_t j = 0; j < k; j++) {
        if (j)
            strcat(s, " + ");
        strcat(s, x[j]);
    }
    if (k == 0)
        strcat(s, "1");
    if (!intercept)
        strcat(s, " - 1");
    strcat(s, weighted ? ", weights = w)" : ")");
    return s;
}

int cli_fit(int argc, char **argv)
{
    fit_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? CLI_OK : rc;

    lr_csv_options co;
    lr_csv_options_init(&co);
    co.delimiter = a.delimiter;
    lr_frame *frame = NULL;
    lr_status st = lr_frame_read_csv(a.file, &co, &frame);
    if (st != LR_OK)
        return cli_fail(st, "reading data");

    const size_t ncols = lr_frame_ncols(frame), n = lr_frame_nrows(frame);
    char **xnames = calloc(ncols + 1, sizeof *xnames);
    size_t *xidx = calloc(ncols + 1, sizeof *xidx);
    char *xlist = a.x ? strdup(a.x) : NULL;
    double *xdata = NULL;
    char *call = NULL;
    lr_model *model = NULL;
    size_t yidx = 0, widx = 0, k = 0;
    rc = CLI_OK;
    if (!xnames || !xidx || (a.x && !xlist)) {
        rc = cli_usage_error("out of memory");
        goto done;
    }
    if ((st = lr_frame_find(frame, a.y, &yidx)) != LR_OK) {
        rc = cli_fail(st, "--y");
        goto done;
    }
    if (a.weights && (st = lr_frame_find(frame, a.weights, &widx)) != LR_OK) {
        rc = cli_fail(st, "--weights");
        goto done;
    }
    if (xlist) {
        k = cli_split_list(xlist, xnames, ncols + 1);
        for (size_t j = 0; j < k; j++)
            if ((st = lr_frame_find(frame, xnames[j], &xidx[j])) != LR_OK) {
                rc = cli_fail(st, "--x");
                goto done;
            }
    } else {
        for (size_t j = 0; j < ncols; j++)
            if (j != yidx && !(a.weights && j == widx)) {
                xidx[k] = j;
                xnames[k++] = (char *)lr_frame_name(frame, j);
            }
    }
    /* Columns of the frame are contiguous: a column-major view with a
     * column stride would need equal spacing, so gather them once. */
    xdata = malloc((n * k > 0 ? n * k : 1) * sizeof(double));
    if (!xdata) {
        rc = cli_usage_error("out of memory for %zu x %zu data", n, k);
        goto done;
    }
    for (size_t j = 0; j < k; j++)
        memcpy(xdata + j * n, lr_frame_column(frame, xidx[j]), n * sizeof(double));
    call = call_text(a.y, xnames, k, a.intercept, a.weights != NULL);

    lr_matrix X = lr_matrix_col_major(xdata, n, k);
    lr_vector y = lr_vector_of(lr_frame_column(frame, yidx), n);
    lr_options o;
    lr_options_init(&o);
    o.intercept = a.intercept;
    o.level = a.level;
    o.call = call;
    if (a.weights)
        o.weights = lr_vector_of(lr_frame_column(frame, widx), n);
    if ((st = lr_fit(&X, &y, (const char *const *)xnames, &o, &model)) != LR_OK) {
        rc = cli_fail(st, "fit");
        goto done;
    }
    char *text = NULL;
    if (!strcmp(a.format, "json"))
        st = lr_model_results_json(model, a.level, &text);
    else
        st = lr_model_summary(model, &text);
    if (st != LR_OK) {
        rc = cli_fail(st, "output");
        goto done;
    }
    fputs(text, stdout);
    if (!strcmp(a.format, "json"))
        fputc('\n', stdout);
    lr_free(text);
done:
    lr_model_free(model);
    free(call);
    free(xdata);
    free(xlist);
    free(xnames);
    free(xidx);
    lr_frame_free(frame);
    return rc;
}
