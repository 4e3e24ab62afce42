/* Options shared by the subcommands: reading data, describing the model
 * (--formula or --y/--x), output helpers. */
#include "cli.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cli_opts_init(cli_opts *o)
{
    memset(o, 0, sizeof *o);
    o->delimiter = ',';
    o->header = 1;
    o->intercept = 1;
    o->na_action = LR_NA_OMIT;
    o->level = 0.95;
    o->format = "text";
}

static void free_list(char **l)
{
    if (!l)
        return;
    for (size_t i = 0; l[i]; i++)
        free(l[i]);
    free(l);
}

void cli_opts_free(cli_opts *o)
{
    free_list(o->na);
    free_list(o->numeric);
    free_list(o->categorical);
}

/* Splits "a,b,,c" into a NULL-terminated list of copies (empty items kept). */
static char **split(const char *s)
{
    size_t n = 1;
    for (const char *p = s; *p; p++)
        n += *p == ',';
    char **l = calloc(n + 1, sizeof *l);
    if (!l)
        return NULL;
    size_t i = 0;
    for (const char *p = s;; i++) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (!(l[i] = malloc(len + 1))) {
            free_list(l);
            return NULL;
        }
        memcpy(l[i], p, len);
        l[i][len] = '\0';
        if (!e)
            break;
        p = e + 1;
    }
    return l;
}

static int parse_level(const char *s, double *level)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v > 0 && v < 1))
        return -1;
    *level = v;
    return 0;
}

int cli_shared_option(cli_opts *o, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    if (!strcmp(arg, "--no-header")) {
        o->header = 0;
        return 1;
    }
    if (!strcmp(arg, "--no-intercept")) {
        o->intercept = 0;
        return 1;
    }
    if (!strcmp(arg, "--overwrite")) {
        o->overwrite = 1;
        return 1;
    }
    static const char *const with_value[] = {"--delimiter", "--na",      "--numeric", "--categorical",
                                             "--formula",   "--y",       "--x",       "--weights",
                                             "--level",     "--format",  "--na-action", "--save",
                                             NULL};
    int known = 0;
    for (int k = 0; with_value[k]; k++)
        known |= !strcmp(arg, with_value[k]);
    if (!known)
        return 0;
    if (*i + 1 >= argc)
        return -cli_usage_error("option %s needs a value", arg);
    const char *val = argv[++*i];
    if (!strcmp(arg, "--delimiter")) {
        if (!strcmp(val, "tab") || !strcmp(val, "\\t"))
            o->delimiter = '\t';
        else if (strlen(val) == 1 && val[0] != '"' && val[0] != ' ')
            o->delimiter = val[0];
        else
            return -cli_usage_error("--delimiter must be one character (',', ';', ...) or 'tab'");
    } else if (!strcmp(arg, "--na") || !strcmp(arg, "--numeric") || !strcmp(arg, "--categorical")) {
        char ***dst = arg[2] == 'n' && arg[3] == 'a' ? &o->na
                      : arg[2] == 'n'                ? &o->numeric
                                                     : &o->categorical;
        free_list(*dst);
        if (!(*dst = split(val)))
            return -cli_usage_error("out of memory");
    } else if (!strcmp(arg, "--formula")) {
        o->formula = val;
    } else if (!strcmp(arg, "--y")) {
        o->y = val;
    } else if (!strcmp(arg, "--x")) {
        o->x = val;
    } else if (!strcmp(arg, "--weights")) {
        o->weights = val;
    } else if (!strcmp(arg, "--level")) {
        if (parse_level(val, &o->level))
            return -cli_usage_error("--level must be a number between 0 and 1, got '%s'", val);
    } else if (!strcmp(arg, "--format")) {
        if (strcmp(val, "text") && strcmp(val, "json") && strcmp(val, "csv"))
            return -cli_usage_error("--format must be text, json or csv, got '%s'", val);
        o->format = val;
    } else if (!strcmp(arg, "--na-action")) {
        if (!strcmp(val, "omit") || !strcmp(val, "exclude"))
            o->na_action = LR_NA_OMIT;
        else if (!strcmp(val, "fail"))
            o->na_action = LR_NA_FAIL;
        else
            return -cli_usage_error("--na-action must be omit or fail, got '%s'", val);
    } else if (!strcmp(arg, "--save")) {
        o->save = val;
    }
    return 1;
}

void cli_shared_help(FILE *out, int model_options)
{
    if (model_options)
        fprintf(out,
                "model:\n"
                "  --formula F          R model formula, e.g. \"price ~ .\", \"log(price) ~ lotsize + aircon\"\n"
                "                       (see docs/formulas.md)\n"
                "  --y COL              response column (instead of --formula)\n"
                "  --x A,B,...          predictor columns with --y (default: every other column)\n"
                "  --weights COL        observation weights (weighted least squares)\n"
                "  --no-intercept       fit without an intercept (as \"- 1\")\n"
                "  --na-action omit|fail  drop rows with missing values (default) or stop at the first\n"
                "  --level P            confidence level of the intervals (default 0.95)\n");
    fprintf(out,
            "data (CSV with a header row):\n"
            "  --delimiter C        field delimiter: ',' (default), ';' or 'tab'\n"
            "  --na LIST            cell texts read as missing, comma-separated\n"
            "                       (default: empty, NA, NaN, null; --na 'NA,,-999' adds -999)\n"
            "  --categorical A,B    read these columns as categories even if they hold numbers\n"
            "  --numeric A,B        these columns must be numbers (a text cell is an error)\n"
            "  --no-header          the first row is data; columns are named V1, V2, ...\n");
}

int cli_read_frame(const cli_opts *o, const char *path, lr_frame **frame)
{
    lr_csv_options co;
    lr_csv_options_init(&co);
    co.delimiter = o->delimiter;
    co.header = o->header;
    co.na_strings = (const char *const *)o->na;
    co.numeric = (const char *const *)o->numeric;
    co.categorical = (const char *const *)o->categorical;
    lr_status st = lr_frame_read_csv(path, &co, frame);
    if (st != LR_OK)
        return cli_fail(st, "reading data");
    return CLI_OK;
}

/* A column name as it must appear in a formula: backticks unless it is an
 * ordinary name. */
static void put_name(char *buf, size_t size, size_t *len, const char *name)
{
    int plain = (name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z') ||
                name[0] == '.';
    for (const char *p = name; *p && plain; p++)
        plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                *p == '.' || *p == '_';
    *len += (size_t)snprintf(buf + *len, *len < size ? size - *len : 0, plain ? "%s" : "`%s`", name);
}

int cli_fit_model(const cli_opts *o, const lr_frame *frame, const char *data_name, lr_model **model)
{
    if (o->formula && (o->y || o->x))
        return cli_usage_error("give either --formula or --y/--x, not both");
    if (!o->formula && !o->y)
        return cli_usage_error("the model needs --formula \"y ~ ...\" (or --y COL [--x A,B])");
    if (!o->formula && o->x && !*o->x)
        return cli_usage_error("--x needs at least one column");
    size_t size = 64 + (o->y ? 2 * strlen(o->y) : 0) + (o->x ? 4 * strlen(o->x) : 0) +
                  (o->formula ? strlen(o->formula) : 0) + strlen(data_name) +
                  (o->weights ? strlen(o->weights) : 0);
    char *formula = malloc(size), *call = malloc(2 * size);
    if (!formula || !call) {
        free(formula);
        free(call);
        return cli_usage_error("out of memory");
    }
    size_t len = 0;
    if (o->formula) {
        len = (size_t)snprintf(formula, size, "%s", o->formula);
    } else {
        put_name(formula, size, &len, o->y);
        len += (size_t)snprintf(formula + len, size - len, " ~ ");
        if (!o->x) {
            len += (size_t)snprintf(formula + len, size - len, ".");
        } else {
            char **xs = split(o->x);
            for (size_t i = 0; xs && xs[i]; i++) {
                if (i)
                    len += (size_t)snprintf(formula + len, size - len, " + ");
                put_name(formula, size, &len, xs[i]);
            }
            free_list(xs);
        }
        if (!o->intercept)
            len += (size_t)snprintf(formula + len, size - len, " - 1");
    }
    snprintf(call, 2 * size, "lm(formula = %s, data = %s%s%s)", formula, data_name,
             o->weights ? ", weights = " : "", o->weights ? o->weights : "");
    lr_formula_options fo;
    lr_formula_options_init(&fo);
    fo.weights = o->weights;
    fo.na_action = o->na_action;
    lr_options lo;
    lr_options_init(&lo);
    lo.level = o->level;
    lo.call = call;
    lo.intercept = o->formula ? o->intercept : 1;
    lr_status st = lr_fit_formula(frame, formula, &fo, &lo, model);
    free(formula);
    free(call);
    if (st != LR_OK)
        return cli_fail(st, "fit");
    return CLI_OK;
}

void cli_print_number(FILE *out, double v)
{
    if (isnan(v)) {
        fputs("NA", out);
        return;
    }
    if (isinf(v)) {
        fputs(v > 0 ? "Inf" : "-Inf", out);
        return;
    }
    char buf[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    fputs(buf, out);
}

void cli_print_csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

int cli_parse(int argc, char **argv, const char *command, cli_opts *o, const cli_arg *extra,
              const char **pos, int maxpos, int *npos, void (*help)(FILE *))
{
    *npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int used = cli_shared_option(o, argc, argv, &i);
        if (used < 0)
            return -used;
        if (used)
            continue;
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            help(stdout);
            return -1;
        }
        const cli_arg *a = extra;
        while (a && a->name && strcmp(a->name, arg))
            a++;
        if (a && a->name) {
            if (a->flag) {
                *a->flag = 1;
            } else if (i + 1 >= argc) {
                return cli_usage_error("option %s needs a value", arg);
            } else {
                *a->value = argv[++i];
            }
        } else if (!strncmp(arg, "--", 2)) {
            return cli_usage_error("unknown option %s (see 'linreg %s --help')", arg, command);
        } else if (*npos < maxpos) {
            pos[(*npos)++] = arg;
        } else {
            return cli_usage_error("unexpected argument '%s' (see 'linreg %s --help')", arg,
                                   command);
        }
    }
    return CLI_OK;
}
