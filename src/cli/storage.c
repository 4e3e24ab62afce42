/* Saved models for the CLI: loading and saving through paths, file:// and
 * s3:// URLs, new data read the way the model's formula needs it, and
 * prediction for a formula model or a model fitted from a matrix. */
#include "cli.h"
#include "linreg_s3.h"

#include <stdlib.h>
#include <string.h>

/* A stored model that is not there is a file-level error (status 3). */
static int storage_fail(lr_status st, const char *what)
{
    int rc = cli_fail(st, what);
    return st == LR_ERR_NOT_FOUND ? CLI_ERR_IO : rc;
}

int cli_storage_init(void)
{
    lr_status st = lr_s3_register(NULL);
    if (st != LR_OK)
        return cli_fail(st, "S3 module");
    return CLI_OK;
}

int cli_load_model(const char *url, lr_model **model)
{
    lr_status st = lr_model_load(url, model);
    if (st != LR_OK) {
        char what[512];
        snprintf(what, sizeof what, "loading '%s'", url);
        return storage_fail(st, what);
    }
    return CLI_OK;
}

int cli_save_model(const lr_model *model, const char *url, int overwrite)
{
    lr_status st = lr_model_save_ex(model, url, overwrite ? LR_SAVE_OVERWRITE : 0);
    if (st != LR_OK) {
        char what[512];
        snprintf(what, sizeof what, "--save '%s'%s", url,
                 st == LR_ERR_CONFLICT ? " (add --overwrite to replace it)" : "");
        return storage_fail(st, what);
    }
    return CLI_OK;
}

int cli_read_newdata(const cli_opts *o, const lr_model *model, const char *path, lr_frame **frame)
{
    int rc = cli_read_frame(o, path, frame);
    const lr_design *d = lr_model_design(model);
    const size_t ncat = d ? lr_design_ncategorical(d) : 0;
    if (rc != CLI_OK || !ncat)
        return rc;
    /* Columns the model reads as categorical but that look numeric here
     * (zip codes, "1"/"2" zones) are read again as categorical, so their
     * texts match the learnt levels. */
    size_t nuser = 0, nforce = 0;
    while (o->categorical && o->categorical[nuser])
        nuser++;
    char **force = calloc(nuser + ncat + 1, sizeof *force);
    if (!force)
        return cli_usage_error("out of memory");
    for (size_t j = 0; j < nuser; j++)
        force[j] = o->categorical[j];
    for (size_t j = 0; j < ncat; j++) {
        size_t c;
        const char *name = lr_design_categorical(d, j);
        if (lr_frame_find(*frame, name, &c) == LR_OK &&
            lr_frame_column_type(*frame, c) == LR_COLUMN_NUMERIC)
            force[nuser + nforce++] = (char *)name;
    }
    if (nforce) {
        cli_opts again = *o;
        again.categorical = force;
        lr_frame_free(*frame);
        *frame = NULL;
        rc = cli_read_frame(&again, path, frame);
    }
    free(force);
    return rc;
}

/* A model fitted from a matrix (C API) knows only its column names: take
 * those columns from the new data, in order. */
static int predict_by_names(const lr_model *m, const lr_frame *nf, lr_interval kind, double level,
                            double *fit, double *se, double *lo, double *up)
{
    const size_t n = lr_frame_nrows(nf), p = lr_model_ncoef(m);
    const size_t icpt = (size_t)lr_model_stat(m, LR_STAT_INTERCEPT), k = p - icpt;
    double *x = calloc(n * k + 1, sizeof *x);
    if (!x)
        return cli_usage_error("out of memory");
    for (size_t j = 0; j < k; j++) {
        size_t c;
        const char *name = lr_model_coef_name(m, j + icpt);
        lr_status st = lr_frame_find(nf, name, &c);
        if (st == LR_OK && lr_frame_column_type(nf, c) != LR_COLUMN_NUMERIC)
            st = LR_ERR_INVALID_ARG, fprintf(stderr, "linreg: predict: column '%s' of the new data "
                                                     "is not numeric\n", name);
        if (st != LR_OK) {
            free(x);
            return st == LR_ERR_INVALID_ARG ? CLI_ERR_DATA : cli_fail(st, "predict");
        }
        memcpy(x + j * n, lr_frame_column(nf, c), n * sizeof *x);
    }
    lr_matrix X = lr_matrix_col_major(x, n, k);
    lr_status st = lr_predict(m, &X, kind, level, fit, se, lo, up);
    free(x);
    return st == LR_OK ? CLI_OK : cli_fail(st, "predict");
}

int cli_predict_rows(const lr_model *model, const lr_frame *newdata, lr_interval kind,
                     double level, double *fit, double *se, double *lo, double *up)
{
    if (!lr_model_design(model))
        return predict_by_names(model, newdata, kind, level, fit, se, lo, up);
    lr_status st = lr_predict_frame(model, newdata, kind, level, fit, se, lo, up);
    if (st == LR_OK)
        return CLI_OK;
    cli_fail(st, "predict"); /* a missing column is the data's fault: status 1 */
    return CLI_ERR_DATA;
}

/* ------------------------------------------------------------ show */

static void show_help(FILE *out)
{
    fprintf(out,
            "usage: linreg show MODEL [--format text|json]\n"
            "\n"
            "Prints a saved model (a path, file:// or s3:// URL written by 'linreg fit\n"
            "--save'): the summary (text), or the stored JSON document exactly as stored\n"
            "(json; its coefficient entries use the keys of 'linreg fit --format json').\n"
            "\n"
            "examples:\n"
            "  linreg fit houses.csv --formula \"price ~ .\" --save house.json\n"
            "  linreg show house.json\n"
            "  linreg show s3://my-bucket/models/house.json --format json\n");
}

int cli_show(int argc, char **argv)
{
    const char *url = NULL, *format = "text";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            show_help(stdout);
            return CLI_OK;
        } else if (!strcmp(argv[i], "--format")) {
            if (i + 1 >= argc)
                return cli_usage_error("option --format needs a value");
            format = argv[++i];
        } else if (!strncmp(argv[i], "--", 2)) {
            return cli_usage_error("unknown option %s (see 'linreg show --help')", argv[i]);
        } else if (!url) {
            url = argv[i];
        } else {
            return cli_usage_error("unexpected argument '%s'", argv[i]);
        }
    }
    if (!url)
        return cli_usage_error("show needs the model to print (see 'linreg show --help')");
    if (strcmp(format, "text") && strcmp(format, "json"))
        return cli_usage_error("--format must be text or json, got '%s'", format);
    int rc = cli_storage_init();
    if (rc)
        return rc;
    if (!strcmp(format, "json")) {
        char *doc = NULL;
        size_t len = 0;
        lr_status st = lr_model_read_document(url, &doc, &len);
        if (st != LR_OK) {
            char what[512];
            snprintf(what, sizeof what, "reading '%s'", url);
            return storage_fail(st, what);
        }
        fwrite(doc, 1, len, stdout);
        if (len && doc[len - 1] != '\n')
            fputc('\n', stdout);
        lr_free(doc);
        return CLI_OK;
    }
    lr_model *m = NULL;
    if ((rc = cli_load_model(url, &m)) != CLI_OK)
        return rc;
    char *text = NULL;
    lr_status st = lr_model_summary(m, &text);
    if (st == LR_OK)
        fputs(text, stdout);
    else
        rc = cli_fail(st, "show");
    lr_free(text);
    lr_model_free(m);
    return rc;
}

/* ----------------------------------------------------------- models */

static void models_help(FILE *out)
{
    fprintf(out,
            "usage: linreg models PREFIX\n"
            "\n"
            "Lists the saved models under PREFIX: a directory (its *.json files) or an\n"
            "s3://bucket/prefix/ (every key under it, all pages), one per line:\n"
            "URL, size in bytes, last modification (RFC 3339).\n"
            "\n"
            "examples:\n"
            "  linreg models models/\n"
            "  linreg models s3://my-bucket/models/\n");
}

int cli_models(int argc, char **argv)
{
    const char *prefix = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            models_help(stdout);
            return CLI_OK;
        } else if (!strncmp(argv[i], "--", 2)) {
            return cli_usage_error("unknown option %s (see 'linreg models --help')", argv[i]);
        } else if (!prefix) {
            prefix = argv[i];
        } else {
            return cli_usage_error("unexpected argument '%s'", argv[i]);
        }
    }
    if (!prefix)
        return cli_usage_error("models needs a directory or s3:// prefix (see 'linreg models --help')");
    int rc = cli_storage_init();
    if (rc)
        return rc;
    lr_model_list *list = NULL;
    lr_status st = lr_model_list_at(prefix, &list);
    if (st != LR_OK) {
        char what[512];
        snprintf(what, sizeof what, "listing '%s'", prefix);
        return storage_fail(st, what);
    }
    for (size_t i = 0; i < lr_model_list_count(list); i++)
        printf("%s\t%lld\t%s\n", lr_model_list_url(list, i), lr_model_list_size(list, i),
               lr_model_list_modified(list, i));
    lr_model_list_free(list);
    return CLI_OK;
}
