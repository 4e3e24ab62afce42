/* linreg predict: predictions with confidence or prediction intervals for
 * the rows of a CSV, from a saved model (a path, file:// or s3:// URL) or
 * from a model refitted on a training CSV (--train with --formula or
 * --y/--x). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void predict_help(FILE *out)
{
    fprintf(out,
            "usage: linreg predict MODEL NEWDATA.csv [options]\n"
            "       linreg predict NEWDATA.csv --train DATA.csv --formula \"y ~ ...\" [options]\n"
            "\n"
            "Predicts the response for every row of NEWDATA.csv, as R's predict.lm: the\n"
            "fitted mean, and with --interval its confidence interval or the prediction\n"
            "interval for a new observation. Rows with a missing predictor give NA. Levels\n"
            "of categorical columns must be ones the model was fitted with.\n"
            "\n"
            "MODEL is a saved model: a path, file:// or s3:// URL written by 'linreg fit --save'.\n"
            "\n"
            "options:\n"
            "  --train DATA.csv     instead of MODEL: fit the model on this data first (with\n"
            "                       --formula or --y/--x; --save URL saves it)\n"
            "  --interval KIND      none (default), confidence or prediction\n"
            "  --se                 add the standard error of the fitted mean (se_fit)\n"
            "  --format text|json|csv  output format (default text)\n");
    cli_shared_help(out, 1);
    fprintf(out,
            "\n"
            "examples:\n"
            "  linreg predict examples/data/new_house.csv --train examples/data/house_prices_windsor.csv \\\n"
            "      --formula \"price ~ .\" --interval prediction --level 0.90\n"
            "  linreg predict new.csv --train data.csv --formula \"log(y) ~ x + g\" --format csv\n"
            "  linreg predict s3://my-bucket/models/house.json new.csv --interval prediction\n");
}

static const char *interval_name(lr_interval k)
{
    return k == LR_INTERVAL_CONFIDENCE ? "confidence" : k == LR_INTERVAL_PREDICTION ? "prediction"
                                                                                    : "none";
}

static void print_rows(const cli_opts *o, lr_interval kind, int with_se, size_t n,
                       const double *fit, const double *se, const double *lo, const double *up)
{
    const int json = !strcmp(o->format, "json"), csv = !strcmp(o->format, "csv");
    if (json) {
        printf("{\"interval\":\"%s\",\"level\":", interval_name(kind));
        cli_print_number(stdout, o->level);
        printf(",\"predictions\":[");
    } else if (csv) {
        printf("row,fit%s%s\n", with_se ? ",se_fit" : "", kind ? ",lwr,upr" : "");
    } else {
        printf("%6s %14s", "row", "fit");
        if (with_se)
            printf(" %14s", "se_fit");
        if (kind)
            printf(" %14s %14s", "lwr", "upr");
        printf("\n");
    }
    for (size_t i = 0; i < n; i++) {
        const double vals[4] = {fit[i], se ? se[i] : 0, kind ? lo[i] : 0, kind ? up[i] : 0};
        const char *keys[4] = {"fit", "se_fit", "lwr", "upr"};
        if (json) {
            printf("%s{\"row\":%zu", i ? "," : "", i + 1);
            for (int k = 0; k < 4; k++) {
                if ((k == 1 && !with_se) || (k >= 2 && !kind))
                    continue;
                printf(",\"%s\":", keys[k]);
                if (vals[k] != vals[k])
                    printf("null");
                else
                    cli_print_number(stdout, vals[k]);
            }
            printf("}");
        } else if (csv) {
            printf("%zu", i + 1);
            for (int k = 0; k < 4; k++) {
                if ((k == 1 && !with_se) || (k >= 2 && !kind))
                    continue;
                putchar(',');
                cli_print_number(stdout, vals[k]);
            }
            putchar('\n');
        } else {
            printf("%6zu", i + 1);
            for (int k = 0; k < 4; k++) {
                if ((k == 1 && !with_se) || (k >= 2 && !kind))
                    continue;
                if (vals[k] != vals[k])
                    printf(" %14s", "NA");
                else
                    printf(" %14.6g", vals[k]);
            }
            putchar('\n');
        }
    }
    if (json)
        printf("]}\n");
}

int cli_predict(int argc, char **argv)
{
    cli_opts o;
    cli_opts_init(&o);
    const char *pos[3] = {NULL, NULL, NULL}, *train = NULL, *interval = "none";
    int npos = 0, with_se = 0;
    const cli_arg extra[] = {{"--train", &train, NULL},
                             {"--interval", &interval, NULL},
                             {"--se", NULL, &with_se},
                             {NULL, NULL, NULL}};
    int rc = cli_parse(argc, argv, "predict", &o, extra, pos, 3, &npos, predict_help);
    if (rc < 0) {
        cli_opts_free(&o);
        return CLI_OK;
    }
    lr_interval kind = LR_INTERVAL_NONE;
    if (rc == CLI_OK && !strcmp(interval, "confidence"))
        kind = LR_INTERVAL_CONFIDENCE;
    else if (rc == CLI_OK && !strcmp(interval, "prediction"))
        kind = LR_INTERVAL_PREDICTION;
    else if (rc == CLI_OK && strcmp(interval, "none"))
        rc = cli_usage_error("--interval must be none, confidence or prediction, got '%s'",
                             interval);
    const char *model_url = npos == 2 ? pos[0] : NULL, *newdata = npos ? pos[npos - 1] : NULL;
    if (rc == CLI_OK && (npos < 1 || npos > 2))
        rc = cli_usage_error("predict needs MODEL NEWDATA.csv, or NEWDATA.csv with --train "
                             "(see 'linreg predict --help')");
    if (rc == CLI_OK && model_url && (train || o.formula || o.y || o.x))
        rc = cli_usage_error("give either a saved MODEL or --train with --formula/--y, not both");
    if (rc == CLI_OK && !model_url && !train)
        rc = cli_usage_error("predict needs a saved MODEL or --train DATA.csv with --formula");
    if (rc == CLI_OK && (model_url || o.save))
        rc = cli_storage_init();
    lr_frame *tf = NULL, *nf = NULL;
    lr_model *m = NULL;
    if (rc == CLI_OK && model_url) {
        rc = cli_load_model(model_url, &m);
        if (rc == CLI_OK)
            rc = cli_read_newdata(&o, m, newdata, &nf);
    } else if (rc == CLI_OK) {
        rc = cli_read_frame(&o, train, &tf);
        if (rc == CLI_OK) {
            const char *base = strrchr(train, '/');
            rc = cli_fit_model(&o, tf, base ? base + 1 : train, &m);
        }
        if (rc == CLI_OK && o.save)
            rc = cli_save_model(m, o.save, o.overwrite);
        if (rc == CLI_OK)
            rc = cli_read_newdata(&o, m, newdata, &nf);
    }
    if (rc == CLI_OK) {
        size_t n = lr_frame_nrows(nf);
        double *buf = calloc(4 * n + 1, sizeof *buf);
        if (!buf) {
            rc = cli_usage_error("out of memory");
        } else {
            rc = cli_predict_rows(m, nf, kind, o.level, buf, buf + n, buf + 2 * n, buf + 3 * n);
            if (rc == CLI_OK)
                print_rows(&o, kind, with_se, n, buf, buf + n, buf + 2 * n, buf + 3 * n);
            free(buf);
        }
    }
    if (rc == CLI_OK && fflush(stdout)) {
        fprintf(stderr, "linreg: cannot write the output\n");
        rc = CLI_ERR_IO;
    }
    lr_model_free(m);
    lr_frame_free(tf);
    lr_frame_free(nf);
    cli_opts_free(&o);
    return rc;
}
