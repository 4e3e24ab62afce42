/* The linreg command-line tool: shared declarations of the subcommands. */
#ifndef LR_CLI_H
#define LR_CLI_H

#include "linreg.h"

#include <stdio.h>

/* Exit codes (documented in docs/cli.md and in 'linreg --help'). */
enum {
    CLI_OK = 0,
    CLI_ERR_DATA = 1,       /* the library refused the data or the model: message on stderr */
    CLI_ERR_USAGE = 2,      /* bad command line */
    CLI_ERR_IO = 3,         /* a file could not be read or written */
    CLI_ERR_UNAVAILABLE = 4, /* the feature is not in this build yet */
    CLI_ERR_REMOTE = 5       /* the remote store failed: network, credentials, server */
};

int cli_fit(int argc, char **argv);
int cli_predict(int argc, char **argv);
int cli_show(int argc, char **argv);
int cli_models(int argc, char **argv);
int cli_check(int argc, char **argv);


/* Prints "linreg: <what>: <lr_last_error()>" and returns the exit code for st. */
int cli_fail(lr_status st, const char *what);
/* Prints "linreg: <message>" for a usage error and returns CLI_ERR_USAGE. */
int cli_usage_error(const char *fmt, ...);
/* Prints "linreg: <message>" and returns CLI_ERR_UNAVAILABLE. */
int cli_unavailable(const char *fmt, ...);

/* Options shared by the subcommands that read data and fit a model. */
typedef struct {
    /* data */
    char delimiter;
    int header;
    char **na;          /* NULL-terminated, or NULL for the defaults */
    char **numeric;     /* NULL-terminated, or NULL */
    char **categorical; /* NULL-terminated, or NULL */
    /* model */
    const char *formula, *y, *x, *weights;
    int intercept;
    lr_na_action na_action;
    double level;
    const char *format; /* text | json | csv */
    const char *save;   /* --save URL: a path, file:// or s3:// */
    int overwrite;      /* --overwrite: --save may replace an existing model */
} cli_opts;

void cli_opts_init(cli_opts *o);
void cli_opts_free(cli_opts *o);

/* Consumes argv[*i] (and its value) when it is a shared option; returns 1
 * when consumed, 0 when not a shared option, or -(exit code) on error. */
int cli_shared_option(cli_opts *o, int argc, char **argv, int *i);
/* The help text of the shared options. */
void cli_shared_help(FILE *out, int model_options);

/* An option of one command beside the shared ones: a flag (value NULL,
 * *flag set to 1) or an option with a value (*value set to it). */
typedef struct {
    const char *name;
    const char **value;
    int *flag;
} cli_arg;

/* Parses argv[1..] of a command: the shared options into *o, the
 * command's own (extra, ended by a {NULL} entry), and up to maxpos
 * positional arguments into pos (their count into *npos). --help prints
 * help(stdout) and returns -1; otherwise the exit code (0 on success). */
int cli_parse(int argc, char **argv, const char *command, cli_opts *o, const cli_arg *extra,
              const char **pos, int maxpos, int *npos, void (*help)(FILE *));

/* Reads a CSV with the data options. Exit code (0 on success). */
int cli_read_frame(const cli_opts *o, const char *path, lr_frame **frame);
/* Fits the model the options describe (--formula, or --y/--x) on frame.
 * Exit code (0 on success). */
int cli_fit_model(const cli_opts *o, const lr_frame *frame, const char *data_name, lr_model **model);

/* Makes s3:// URLs available (the S3 module, configured from the standard
 * AWS environment and files). Exit code (0 on success). */
int cli_storage_init(void);
/* Loads a saved model (path, file:// or s3:// URL). Exit code. */
int cli_load_model(const char *url, lr_model **model);
/* Saves model at url (--save), replacing an existing one when overwrite is
 * set. Exit code. */
int cli_save_model(const lr_model *model, const char *url, int overwrite);
/* Reads the CSV of new data for a model: the columns the model's formula
 * reads as categorical are read as categorical even when they look
 * numeric. Exit code. */
int cli_read_newdata(const cli_opts *o, const lr_model *model, const char *path, lr_frame **frame);
/* Predicts the rows of newdata with model (a formula model through its
 * design; a model fitted from a matrix by its column names). Exit code. */
int cli_predict_rows(const lr_model *model, const lr_frame *newdata, lr_interval kind,
                     double level, double *fit, double *se, double *lo, double *up);

/* The interpretation pack for `linreg check`: weights by |t| with
 * standardized coefficients, the effect table, one sentence per
 * coefficient and, when explain_row (1-based data row) is not 0, that
 * row's prediction explained feature by feature. Text on stdout, or the
 * "interpretation" object added to root (a cJSON object). Exit code. */
int cli_print_interpretation(const lr_model *m, const lr_coef_label *labels, const char *response,
                             double level, size_t explain_row);
struct cJSON;
int cli_add_interpretation(struct cJSON *root, const lr_model *m, const lr_coef_label *labels,
                           const char *response, double level, size_t explain_row);

/* The diagnostics of `linreg fit` (src/cli/diag_out.c): a text section
 * after the summary (rows named by the data file's rows when design is
 * given), the results JSON with a "diagnostics" member (d may be NULL),
 * and the per-row influence measures as CSV. Exit codes where int. */
void cli_print_diagnostics(const lr_model *m, const lr_diagnostics *d, const lr_design *design);
int cli_print_fit_json(const lr_model *m, double level, const lr_diagnostics *d);
int cli_write_influence(const lr_model *m, const char *path);

/* Writes a double the way R's write.csv does at full precision: the
 * shortest %.15g/%.16g/%.17g text that reads back the same; NA for NaN. */
void cli_print_number(FILE *out, double v);
/* Writes s as a CSV field (quoted when it holds a comma, quote or newline). */
void cli_print_csv_field(FILE *out, const char *s);

#endif
