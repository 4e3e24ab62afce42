/* linreg predict: predictions with confidence or prediction intervals for
 * the rows of a CSV. The model is refitted from a training CSV (--train
 * with --formula or --y/--x) until model persistence lands; then MODEL
 * (a file or URL) will be the first argument. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void predict_help(FILE *out)
{
    fprintf(out,
            "usage: linreg predict NEWDATA.csv --train DATA.csv --formula \"y ~ ...\" [options]\n"
            "       linreg predict MODEL NEWDATA.csv [options]   (saved models: not in this build yet)\n"
            "\n"
            "Predicts the response for every row of NEWDATA.csv, as R's predict.lm: the\n"
            "fitted mean, and with --interval its confidence interval or the prediction\n"
            "interval for a new observation. Rows with a missing predictor give NA. Levels\n"
            "of categorical columns must be ones the model was fitted with.\n"
            "\n"
            "options:\n"
            "  --train DATA.csv     fit the model on this data first (with --formula or --y/--x)\n"
            "  --interval KIND      none (default), confidence or prediction\n"
            "  --se                 add the standard error of the fitted mean (se_fit)\n"
            "  --format text|json|csv  output format (default text)\n");
    cli_shared_help(out, 1);
    fprintf(out,
            "\n"
            "examples:\n"
            "  linreg predict examples/data/new_house.csv --train examples/data/house_prices_windsor.csv \\\n"
            "      --formula \"price ~ .\" --interval prediction --level 0.90\n"
            "  linreg predict new.csv --train data.csv --formula \"log(y) ~ x + g\" --format csv\n");
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
    const char *pos[3] = {NULL, NULL, NULL}, *train = NULL;
    int npos = 0, with_se = 0, rc = CLI_OK;
    lr_interval kind = LR_INTERVAL_NONE;
    for (int i = 1; i < argc && rc == CLI_OK; i++) {
        const char *arg = argv[i];
        int used = cli_shared_option(&o, argc, argv, &i);
        if (used < 0) {
            rc = -used;
        } else if (used) {
            continue;
        } else if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            predict_help(stdout);
            cli_opts_free(&o);
            return CLI_OK;
        } else if (!strcmp(arg, "--se")) {
            with_se = 1;
        } else if (!strcmp(arg, "--train") || !strcmp(arg, "--interval")) {
            if (i + 1 >= argc) {
                rc = cli_usage_error("option %s needs a value", arg);
                break;
            }
            const char *val = argv[++i];
            if (arg[2] == 't') {
                train = val;
            } else if (!strcmp(val, "none")) {
                kind = LR_INTERVAL_NONE;
            } else if (!strcmp(val, "confidence")) {
                kind = LR_INTERVAL_CONFIDENCE;
            } else if (!strcmp(val, "prediction")) {
                kind = LR_INTERVAL_PREDICTION;
            } else {
                rc = cli_usage_error("--interval must be none, confidence or prediction, got '%s'",
                                     val);
            }
        } else if (!strncmp(arg, "--", 2)) {
            rc = cli_usage_error("unknown option %s (see 'linreg predict --help')", arg);
        } else if (npos < 3) {
            pos[npos++] = arg;
        } else {
            rc = cli_usage_error("unexpected argument '%s'", arg);
        }
    }
    if (rc == CLI_OK && npos == 2)
        rc = cli_unavailable("predict: reading the saved model '%s' comes with model persistence, "
                             "which is not in this build yet; refit instead with\n"
                             "  linreg predict %s --train DATA.csv --formula \"...\"",
                             pos[0], pos[1]);
    if (rc == CLI_OK && npos != 1)
        rc = cli_usage_error("predict needs the CSV of new data (see 'linreg predict --help')");
    if (rc == CLI_OK && !train)
        rc = cli_usage_error("predict needs --train DATA.csv with --formula (saved models come "
                             "with model persistence)");
    if (rc == CLI_OK && o.save)
        rc = cli_unavailable("--save: saving models is not in this build yet");
    lr_frame *tf = NULL, *nf = NULL;
    lr_model *m = NULL;
    if (rc == CLI_OK)
        rc = cli_read_frame(&o, train, &tf);
    if (rc == CLI_OK) {
        const char *base = strrchr(train, '/');
        rc = cli_fit_model(&o, tf, base ? base + 1 : train, &m);
    }
    if (rc == CLI_OK)
        rc = cli_read_frame(&o, pos[0], &nf);
    if (rc == CLI_OK) {
        /* A column that was categorical in the training data but looks
         * numeric in the new rows (zip codes, "1"/"2" zones) is read again
         * as categorical, so its texts match the training levels. */
        size_t nc = lr_frame_ncols(nf), nforce = 0, nuser = 0;
        while (o.categorical && o.categorical[nuser])
            nuser++;
        char **force = calloc(nc + nuser + 1, sizeof *force);
        for (size_t j = 0; force && j < nuser; j++)
            force[j] = o.categorical[j];
        for (size_t j = 0; force && j < nc; j++) {
            size_t t;
            if (lr_frame_column_type(nf, j) == LR_COLUMN_NUMERIC &&
                lr_frame_find(tf, lr_frame_name(nf, j), &t) == LR_OK &&
                lr_frame_column_type(tf, t) == LR_COLUMN_CATEGORICAL)
                force[nuser + nforce++] = (char *)lr_frame_name(nf, j);
        }
        if (force && nforce) {
            cli_opts again = o;
            again.categorical = force;
            lr_frame *nf2 = NULL;
            rc = cli_read_frame(&again, pos[0], &nf2);
            lr_frame_free(nf);
            nf = nf2;
        }
        free(force);
    }
    if (rc == CLI_OK) {
        size_t n = lr_frame_nrows(nf);
        double *buf = calloc(4 * n + 1, sizeof *buf);
        if (!buf) {
            rc = cli_usage_error("out of memory");
        } else {
            lr_status st = lr_predict_frame(m, nf, kind, o.level, buf, buf + n, buf + 2 * n,
                                            buf + 3 * n);
            if (st != LR_OK)
                rc = cli_fail(st, "predict");
            else
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
