/* The linreg command-line tool: shared declarations of the subcommands. */
#ifndef LR_CLI_H
#define LR_CLI_H

#include "linreg.h"

#include <stdio.h>

/* Exit codes (documented in docs/cli.md). */
enum {
    CLI_OK = 0,
    CLI_ERR_DATA = 1,  /* the library refused the data or failed: message on stderr */
    CLI_ERR_USAGE = 2, /* bad command line */
    CLI_ERR_IO = 3     /* a file could not be read or written */
};

int cli_fit(int argc, char **argv);

/* Prints "linreg: <what>: <lr_last_error()>" and returns the exit code for st. */
int cli_fail(lr_status st, const char *what);
/* Prints "linreg: <message>" for a usage error and returns CLI_ERR_USAGE. */
int cli_usage_error(const char *fmt, ...);

/* Splits a comma-separated list in place; returns the number of items
 * (pointers into s stored in items, at most max). */
size_t cli_split_list(char *s, char **items, size_t max);

/* Parses a number in (0, 1) for --level; returns 0 on success. */
int cli_parse_level(const char *s, double *level);

#endif
