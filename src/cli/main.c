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
            "  fit FILE.csv --y COL [--x A,B,...]   fit ordinary least squares and print the summary\n"
            "  version                              print the library version\n"
            "\n"
            "Run 'linreg <command> --help' for the options of a command.\n"
            "Exit status: 0 success, 1 data or model error, 2 usage error, 3 file error.\n");
}

int cli_fail(lr_status st, const char *what)
{
    fprintf(stderr, "linreg: %s: %s\n", what, *lr_last_error() ? lr_last_error() : lr_strerror(st));
    return st == LR_ERR_IO ? CLI_ERR_IO : CLI_ERR_DATA;
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

size_t cli_split_list(char *s, char **items, size_t max)
{
    size_t n = 0;
    for (char *tok = strtok(s, ","); tok && n < max; tok = strtok(NULL, ","))
        items[n++] = tok;
    return n;
}

int cli_parse_level(const char *s, double *level)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v > 0 && v < 1))
        return -1;
    *level = v;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("no command given (see 'linreg --help')");
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("linreg %s\n", lr_version());
        return CLI_OK;
    }
    if (!strcmp(cmd, "fit"))
        return cli_fit(argc - 1, argv + 1);
    return cli_usage_error("unknown command '%s' (see 'linreg --help')", cmd);
}
