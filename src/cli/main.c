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



int main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("no command given (see 'linreg --help')");
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        if (argc > 2 && strcmp(argv[2], "help")) {
            char *sub[3] = {argv[2], "--help", NULL};
            argv = sub;
            argc = 2;
            cmd = argv[0];
            if (!strcmp(cmd, "fit"))
                return cli_fit(argc, argv);
            if (!strcmp(cmd, "predict"))
                return cli_predict(argc, argv);
            if (!strcmp(cmd, "show"))
                return cli_show(argc, argv);
            if (!strcmp(cmd, "check"))
                return cli_check(argc, argv);
        }
        usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("linreg %s\n", lr_version());
        return CLI_OK;
    }
    if (!strcmp(cmd, "fit"))
        return cli_fit(argc - 1, argv + 1);
    if (!strcmp(cmd, "predict"))
        return cli_predict(argc - 1, argv + 1);
    if (!strcmp(cmd, "show"))
        return cli_show(argc - 1, argv + 1);
    if (!strcmp(cmd, "models"))
        return cli_models(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return cli_check(argc - 1, argv + 1);
    return cli_usage_error("unknown command '%s' (see 'linreg --help')", cmd);
}
