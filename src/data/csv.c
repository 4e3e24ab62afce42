/* A CSV reader for numeric data frames (RFC 4180): header row, quoted
 * fields with embedded delimiters, doubled quotes and newlines, LF or CRLF
 * line ends, an optional UTF-8 byte-order mark. Numbers are parsed with a
 * correctly rounded, locale-independent strtod. Every error names the
 * source, the line, the column and the offending text. */
#include "../core/internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lr_frame {
    size_t nrows, ncols, cap;
    char **names;
    double **cols;
};

void lr_csv_options_init(lr_csv_options *opts)
{
    if (opts)
        opts->delimiter = ',';
}

void lr_frame_free(lr_frame *f)
{
    if (!f)
        return;
    for (size_t j = 0; j < f->ncols; j++) {
        if (f->names)
            free(f->names[j]);
        if (f->cols)
            free(f->cols[j]);
    }
    free(f->names);
    free(f->cols);
    free(f);
}

size_t lr_frame_nrows(const lr_frame *f) { return f ? f->nrows : 0; }
size_t lr_frame_ncols(const lr_frame *f) { return f ? f->ncols : 0; }

const char *lr_frame_name(const lr_frame *f, size_t j)
{
    return f && j < f->ncols ? f->names[j] : NULL;
}

const double *lr_frame_column(const lr_frame *f, size_t j)
{
    return f && j < f->ncols ? f->cols[j] : NULL;
}

lr_status lr_frame_find(const lr_frame *f, const char *name, size_t *index)
{
    if (!f || !name || !index)
        return lr__fail(LR_ERR_INVALID_ARG, "frame, name and index must not be NULL");
    for (size_t j = 0; j < f->ncols; j++)
        if (strcmp(f->names[j], name) == 0) {
            *index = j;
            return LR_OK;
        }
    return lr__fail(LR_ERR_NOT_FOUND, "no column named '%s'", name);
}

/* The field scanner: one field at a time, unquoted into a buffer. */
typedef struct {
    const char *p, *end, *source;
    char delim;
    size_t line;        /* line of the current position (1-based) */
    char *buf;
    size_t len, cap;
} scanner;

static int buf_push(scanner *s, char c)
{
    if (s->len + 1 >= s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        char *b = realloc(s->buf, cap);
        if (!b)
            return -1;
        s->buf = b;
        s->cap = cap;
    }
    s->buf[s->len++] = c;
    return 0;
}

/* Reads one field into s->buf. *eol is set when the field ended its record
 * (newline or end of input). */
static lr_status next_field(scanner *s, int *eol)
{
    s->len = 0;
    *eol = 0;
    size_t start_line = s->line;
    if (s->p < s->end && *s->p == '"') {
        s->p++;
        for (;;) {
            if (s->p >= s->end)
                return lr__fail(LR_ERR_PARSE, "%s:%zu: unterminated quoted field", s->source,
                                start_line);
            char c = *s->p++;
            if (c == '"') {
                if (s->p < s->end && *s->p == '"') {
                    s->p++;
                } else {
                    break;
                }
            } else if (c == '\n') {
                s->line++;
            }
            if (buf_push(s, c))
                return lr__fail(LR_ERR_NOMEM, "out of memory reading %s", s->source);
        }
        if (s->p < s->end && *s->p != s->delim && *s->p != '\n' && *s->p != '\r')
            return lr__fail(LR_ERR_PARSE, "%s:%zu: unexpected text after a closing quote",
                            s->source, s->line);
    } else {
        while (s->p < s->end && *s->p != s->delim && *s->p != '\n' && *s->p != '\r') {
            if (*s->p == '"')
                return lr__fail(LR_ERR_PARSE, "%s:%zu: quote inside an unquoted field", s->source,
                                s->line);
            if (buf_push(s, *s->p++))
                return lr__fail(LR_ERR_NOMEM, "out of memory reading %s", s->source);
        }
    }
    if (buf_push(s, '\0'))
        return lr__fail(LR_ERR_NOMEM, "out of memory reading %s", s->source);
    s->len--;
    if (s->p >= s->end) {
        *eol = 1;
    } else if (*s->p == s->delim) {
        s->p++;
    } else {
        if (*s->p == '\r')
            s->p++;
        if (s->p < s->end && *s->p == '\n')
            s->p++;
        s->line++;
        *eol = 1;
    }
    return LR_OK;
}

static lr_status parse_number(const scanner *s, const char *col, size_t line, double *out)
{
    const char *t = s->buf;
    while (*t == ' ' || *t == '\t')
        t++;
    if (!*t)
        return lr__fail(LR_ERR_PARSE, "%s:%zu: column '%s': empty cell", s->source, line, col);
    char *end;
    errno = 0;
    double v = lr__strtod_c(t, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == t || *end)
        return lr__fail(LR_ERR_PARSE, "%s:%zu: column '%s': cannot read '%s' as a number",
                        s->source, line, col, s->buf);
    if (!isfinite(v))
        return lr__fail(LR_ERR_NONFINITE, "%s:%zu: column '%s': '%s' is not a finite number",
                        s->source, line, col, s->buf);
    *out = v;
    return LR_OK;
}

static lr_status add_column(lr_frame *f, const char *name)
{
    char **names = realloc(f->names, (f->ncols + 1) * sizeof *names);
    if (!names)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    f->names = names;
    double **cols = realloc(f->cols, (f->ncols + 1) * sizeof *cols);
    if (!cols)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    f->cols = cols;
    f->cols[f->ncols] = NULL;
    if (!(f->names[f->ncols] = lr__strdup(name)))
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    f->ncols++;
    return LR_OK;
}

static lr_status grow_rows(lr_frame *f)
{
    size_t cap = f->cap ? 2 * f->cap : 1024;
    for (size_t j = 0; j < f->ncols; j++) {
        double *c = realloc(f->cols[j], cap * sizeof(double));
        if (!c)
            return lr__fail(LR_ERR_NOMEM, "out of memory at %zu rows", f->nrows);
        f->cols[j] = c;
    }
    f->cap = cap;
    return LR_OK;
}

static int blank_line(const scanner *s)
{
    return s->p < s->end && (*s->p == '\n' || *s->p == '\r');
}

static void skip_line_end(scanner *s)
{
    if (s->p < s->end && *s->p == '\r')
        s->p++;
    if (s->p < s->end && *s->p == '\n')
        s->p++;
    s->line++;
}

lr_status lr_frame_parse_csv(const char *text, size_t len, const char *source,
                             const lr_csv_options *opts, lr_frame **out)
{
    lr__clear_error();
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "frame output pointer is NULL");
    *out = NULL;
    if (!text && len)
        return lr__fail(LR_ERR_INVALID_ARG, "text is NULL");
    lr_csv_options o;
    lr_csv_options_init(&o);
    if (opts)
        o = *opts;
    if (o.delimiter == '"' || o.delimiter == '\n' || o.delimiter == '\r' || o.delimiter == '\0')
        return lr__fail(LR_ERR_INVALID_ARG, "invalid delimiter");
    scanner s = {text, text + len, source ? source : "<csv>", o.delimiter, 1, NULL, 0, 0};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        s.p += 3;
    lr_frame *f = calloc(1, sizeof *f);
    if (!f)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    lr_status st = LR_OK;
    while (blank_line(&s))
        skip_line_end(&s);
    if (s.p >= s.end) {
        st = lr__fail(LR_ERR_EMPTY, "%s: the file is empty (no header row)", s.source);
        goto fail;
    }
    int eol = 0;
    while (!eol) {
        if ((st = next_field(&s, &eol)) != LR_OK)
            goto fail;
        const char *name = s.buf;
        while (*name == ' ')
            name++;
        if (!*name) {
            st = lr__fail(LR_ERR_PARSE, "%s:1: header column %zu has no name", s.source,
                          f->ncols + 1);
            goto fail;
        }
        for (size_t j = 0; j < f->ncols; j++)
            if (strcmp(f->names[j], name) == 0) {
                st = lr__fail(LR_ERR_PARSE, "%s:1: column name '%s' appears twice", s.source, name);
                goto fail;
            }
        if ((st = add_column(f, name)) != LR_OK)
            goto fail;
    }
    while (s.p < s.end) {
        if (blank_line(&s)) {
            skip_line_end(&s);
            continue;
        }
        size_t line = s.line;
        if (f->nrows == f->cap && (st = grow_rows(f)) != LR_OK)
            goto fail;
        size_t j = 0;
        for (eol = 0; !eol; j++) {
            if ((st = next_field(&s, &eol)) != LR_OK)
                goto fail;
            if (j >= f->ncols) {
                st = lr__fail(LR_ERR_PARSE, "%s:%zu: more fields than the %zu header columns",
                              s.source, line, f->ncols);
                goto fail;
            }
            if ((st = parse_number(&s, f->names[j], line, &f->cols[j][f->nrows])) != LR_OK)
                goto fail;
        }
        if (j != f->ncols) {
            st = lr__fail(LR_ERR_PARSE, "%s:%zu: %zu fields but the header has %zu columns",
                          s.source, line, j, f->ncols);
            goto fail;
        }
        f->nrows++;
    }
    if (f->nrows == 0) {
        st = lr__fail(LR_ERR_EMPTY, "%s: no data rows after the header", s.source);
        goto fail;
    }
    free(s.buf);
    *out = f;
    return LR_OK;
fail:
    free(s.buf);
    lr_frame_free(f);
    return st;
}

lr_status lr_frame_read_csv(const char *path, const lr_csv_options *opts, lr_frame **out)
{
    lr__clear_error();
    if (!out || !path)
        return lr__fail(LR_ERR_INVALID_ARG, "path and frame output pointer must not be NULL");
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return lr__fail(LR_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 65536 > cap) {
            size_t ncap = cap ? 2 * cap : 1 << 20;
            char *t = realloc(text, ncap);
            if (!t) {
                free(text);
                fclose(fp);
                return lr__fail(LR_ERR_NOMEM, "out of memory reading '%s'", path);
            }
            text = t;
            cap = ncap;
        }
        size_t got = fread(text + len, 1, cap - len, fp);
        len += got;
        if (got == 0)
            break;
    }
    int err = ferror(fp);
    fclose(fp);
    if (err) {
        free(text);
        return lr__fail(LR_ERR_IO, "cannot read '%s'", path);
    }
    lr_status st = lr_frame_parse_csv(text, len, path, opts, out);
    free(text);
    return st;
}
