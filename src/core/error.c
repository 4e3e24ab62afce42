/* Status texts and the thread-local last-error message. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char last_error[1024];

static const char *const status_text[LR_STATUS_COUNT_] = {
    [LR_OK] = "success",
    [LR_ERR_INVALID_ARG] = "invalid argument",
    [LR_ERR_DIMENSION] = "dimension mismatch",
    [LR_ERR_NOMEM] = "out of memory",
    [LR_ERR_NONFINITE] = "non-finite value in the input",
    [LR_ERR_TOO_FEW_ROWS] = "too few rows",
    [LR_ERR_NEGATIVE_WEIGHT] = "negative weight",
    [LR_ERR_UNDEFINED] = "statistic undefined for this model",
    [LR_ERR_NUMERIC] = "numerical failure in LAPACK",
    [LR_ERR_NO_DATA] = "the model holds no per-row data",
    [LR_ERR_IO] = "input/output error",
    [LR_ERR_PARSE] = "malformed input",
    [LR_ERR_EMPTY] = "no data",
    [LR_ERR_NOT_FOUND] = "not found",
    [LR_ERR_UNSUPPORTED] = "not supported",
    [LR_ERR_VERSION] = "unknown document version",
    [LR_ERR_NETWORK] = "network error",
    [LR_ERR_AUTH] = "authentication failed",
    [LR_ERR_CONFLICT] = "conflict",
    [LR_ERR_SERVER] = "server error",
};

const char *lr_strerror(lr_status status)
{
    if ((int)status < 0 || status >= LR_STATUS_COUNT_ || !status_text[status])
        return "unknown status";
    return status_text[status];
}

const char *lr_last_error(void) { return last_error; }

const char *lr_version(void) { return LR_VERSION_STRING; }

void lr_free(void *ptr) { free(ptr); }

void lr__clear_error(void) { last_error[0] = '\0'; }

lr_status lr__fail(lr_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lr__vsnprintf_c(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return status;
}

void lr__error_context(const char *fmt, ...)
{
    char old[sizeof last_error];
    memcpy(old, last_error, sizeof old);
    va_list ap;
    va_start(ap, fmt);
    int n = lr__vsnprintf_c(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n + 2 < sizeof last_error) {
        size_t room = sizeof last_error - (size_t)n;
        last_error[n] = ':';
        last_error[n + 1] = ' ';
        memcpy(last_error + n + 2, old, room - 2);
        last_error[sizeof last_error - 1] = '\0';
    }
}

void *lr__calloc(size_t count, size_t size)
{
    if (count == 0 || size == 0)
        return calloc(1, 1);
    if (count > (size_t)-1 / size)
        return NULL;
    return calloc(count, size);
}

char *lr__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}
