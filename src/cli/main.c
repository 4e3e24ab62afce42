/* linreg: command-line front end of the library. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: linreg <command> [options]\n"
            "\n"
            "commands:\n"
            "  fit DATA.csv --formula \"y ~ ...\"    fit least squares and print the summary\n"
            "  predict MODEL NEWDATA.csv [--interval prediction]\n"
            "  predict NEWDATA.csv --train DATA.csv --formula \"y ~ ...\" [--interval prediction]\n"
            "                                      predictions with confidence or prediction intervals\n"
            "  show MODEL [--format text|json]     print a saved model (path, file:// or s3:// URL)\n"
            "  models PREFIX                       list the saved models under a directory or s3:// prefix\n"
            "  check DATA.csv --formula \"y ~ ...\"  the assumption report: verdicts, remedies, sentences\n"
            "  version                             print the library version\n"
            "\n"
            "--y COL [--x A,B] may replace --formula. Run 'linreg <command> --help' for the\n"
            "options and examples of a command; formulas are described in docs/formulas.md.\n"
            "\n"
            "Save a fitted model with 'linreg fit ... --save URL'. s3:// URLs use the standard\n"
            "AWS configuration (AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, ...).\n"
            "\n"
            "exit status: 0 success, 1 the data or the model was refused (message on stderr),\n"
            "2 usage error, 3 a file or stored model could not be read or written (including\n"
            "not found and already exists), 4 not available in this build, 5 the remote store\n"
            "failed (network, credentials, server).\n");
}

int cli_fail(lr_status st, const char *what)
{
    fprintf(stderr, "linreg: %s: %s\n", what, *lr_last_error() ? lr_last_error() : lr_strerror(st));
    switch (st) {
    case LR_ERR_IO:
    case LR_ERR_CONFLICT:
        return CLI_ERR_IO;
    case LR_ERR_NETWORK:
    case LR_ERR_AUTH:
    case LR_ERR_SERVER:
        return CLI_ERR_REMOTE;
    case LR_ERR_UNSUPPORTED:
        return CLI_ERR_UNAVAILABLE;
    default:
        return CLI_ERR_DATA;
    }
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "linreg: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    return CLI_ERR_USAGE;
}

int cli_unavailable(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "linreg: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    return CLI_ERR_UNAVAILABLE;
}



static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"fit", cli_fit},   {"predict", cli_predict}, {"check", cli_check},
    {"show", cli_show}, {"models", cli_models},
};

static int (*find_command(const char *name))(int, char **)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(commands[i].name, name))
            return commands[i].run;
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("no command given (see 'linreg --help')");
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        int (*run)(int, char **) = argc > 2 ? find_command(argv[2]) : NULL;
        if (run) {
            char *sub[3] = {argv[2], "--help", NULL};
            return run(2, sub);
        }
        usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("linreg %s\n", lr_version());
        return CLI_OK;
    }
    int (*run)(int, char **) = find_command(cmd);
    if (run)
        return run(argc - 1, argv + 1);
    return cli_usage_error("unknown command '%s' (see 'linreg --help')", cmd);
}
