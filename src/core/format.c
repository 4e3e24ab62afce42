/* Locale-independent number formatting and parsing, and a growable text
 * buffer. printf and strtod follow LC_NUMERIC, which a host program may have
 * set to a locale with a decimal comma; these helpers switch the calling
 * thread (only) to the "C" locale for the duration of one call. */
#define _GNU_SOURCE
#include "internal.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs under the C numeric locale on this thread; restores the previous one. */
typedef struct { locale_t c, previous; } c_locale_scope;

static void scope_enter(c_locale_scope *s)
{
    s->c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    s->previous = s->c ? uselocale(s->c) : (locale_t)0;
}

static void scope_leave(c_locale_scope *s)
{
    if (s->c) {
        uselocale(s->previous);
        freelocale(s->c);
    }
}

int lr__vsnprintf_c(char *buf, size_t size, const char *fmt, va_list ap)
{
    c_locale_scope s;
    scope_enter(&s);
    int n = vsnprintf(buf, size, fmt, ap);
    scope_leave(&s);
    return n;
}

int lr__snprintf_c(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = lr__vsnprintf_c(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

double lr__strtod_c(const char *str, char **end)
{
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    double v;
    if (c) {
        v = strtod_l(str, end, c);
        freelocale(c);
    } else {
        v = strtod(str, end);
    }
    return v;
}

int lr__format_double(char *buf, size_t size, double value)
{
    if (isnan(value))
        return snprintf(buf, size, "NaN");
    if (isinf(value))
        return snprintf(buf, size, value > 0 ? "Inf" : "-Inf");
    c_locale_scope s;
    scope_enter(&s);
    int n = 0;
    for (int digits = 15; digits <= 17; digits++) {
        n = snprintf(buf, size, "%.*g", digits, value);
        if (digits == 17 || strtod(buf, NULL) == value)
            break;
    }
    scope_leave(&s);
    return n;
}

static void sb_reserve(lr_strbuf *sb, size_t extra)
{
    if (sb->failed || sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    char *d = realloc(sb->data, cap);
    if (!d) {
        sb->failed = 1;
        return;
    }
    sb->data = d;
    sb->cap = cap;
}

void lr__sb_puts(lr_strbuf *sb, const char *s)
{
    size_t n = strlen(s);
    sb_reserve(sb, n);
    if (sb->failed)
        return;
    memcpy(sb->data + sb->len, s, n + 1);
    sb->len += n;
}

void lr__sb_append(lr_strbuf *sb, const char *fmt, ...)
{
    c_locale_scope s;
    va_list ap;
    scope_enter(&s);
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        sb_reserve(sb, (size_t)n);
        if (!sb->failed) {
            va_start(ap, fmt);
            vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
            va_end(ap);
            sb->len += (size_t)n;
        }
    }
    scope_leave(&s);
}

void lr__sb_free(lr_strbuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}
