/* A streaming CSV reader (RFC 4180) into a frame of numeric and
 * categorical columns.
 *
 * The input is read in blocks into one buffer that always ends in a NUL
 * sentinel; records are parsed in place and a record cut by the end of the
 * block is re-parsed after the next read, so memory is the parsed columns
 * plus one block. Numeric cells take a fast path (number.h: Clinger's
 * exact case, the same double as strtod) directly on the buffer; any other
 * cell goes through the general field scanner (quotes, blanks, missing
 * markers, strtod_l in the C locale). A column is numeric until a cell
 * that is neither missing nor a number turns it categorical; the earlier
 * cells of that column are gone by then: within the first block parsing
 * simply restarts at the first record; later in the file, the file is read
 * a second time with that column categorical from the start. */
#define _GNU_SOURCE
#include "frame_internal.h"
#include "number.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CSV_BLOCK (1u << 20)

static const char *const default_na[] = {"", "NA", "NaN", "null", NULL};

typedef struct {
    /* input: a file descriptor, or text in memory */
    int fd;
    const char *mem;
    size_t mem_len, mem_pos;
    size_t total;       /* size of the input when known (for the row estimate), else 0 */
    const char *source;
    /* the block buffer: cap bytes plus a NUL sentinel */
    char *buf;
    size_t cap, len, pos;
    int eof, started;
    size_t line;        /* physical line (1-based) at pos */
    size_t bytes_done;  /* bytes before buf[0] */
    /* options */
    char delim;
    const char *const *na;
    size_t *na_len;
    size_t n_na;
    int na_is_number;   /* a missing marker starts like a number: no fast path */
    unsigned char *forced_numeric;
    locale_t cloc;
    /* a scratch buffer for unescaped quoted fields and number texts */
    char *scratch;
    size_t scap;
    int bumped;         /* a numeric column turned categorical in this pass */
} reader;

typedef struct {
    const char *text;
    size_t len;
    int quoted;
    int term; /* T_DELIM, T_EOL, T_EOF */
} field;

enum { T_DELIM, T_EOL, T_EOF };
enum { FS_OK, FS_MORE, FS_ERR };

static int is_blank(char c, char delim) { return c == ' ' || (c == '\t' && delim != '\t'); }

/* The offending text for a message: at most 40 bytes, then "...". */
static const char *show(char *out, size_t size, const char *text, size_t len)
{
    size_t n = len < 40 ? len : 40;
    if (n >= size - 4)
        n = size - 4;
    memcpy(out, text, n);
    strcpy(out + n, len > n ? "..." : "");
    for (size_t i = 0; i < n; i++)
        if (out[i] == '\n' || out[i] == '\r' || out[i] == '\0')
            out[i] = ' ';
    return out;
}

/* ------------------------------------------------------------ input */

static lr_status refill(reader *r)
{
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->bytes_done += r->pos;
        r->len -= r->pos;
        r->pos = 0;
    }
    if (r->len == r->cap) { /* one record longer than the block: grow */
        size_t cap = 2 * r->cap;
        char *b = realloc(r->buf, cap + 1);
        if (!b)
            return lr__fail(LR_ERR_NOMEM, "%s:%zu: out of memory for a record over %zu bytes",
                            r->source, r->line, r->cap);
        r->buf = b;
        r->cap = cap;
    }
    size_t want = r->cap - r->len, got = 0;
    if (r->fd >= 0) {
        while (got < want) {
            ssize_t n = read(r->fd, r->buf + r->len + got, want - got);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return lr__fail(LR_ERR_IO, "cannot read '%s': %s", r->source, strerror(errno));
            if (n == 0)
                break;
            got += (size_t)n;
        }
    } else {
        got = r->mem_len - r->mem_pos < want ? r->mem_len - r->mem_pos : want;
        memcpy(r->buf + r->len, r->mem + r->mem_pos, got);
        r->mem_pos += got;
    }
    if (got < want)
        r->eof = 1;
    r->len += got;
    r->buf[r->len] = '\0';
    if (!r->started) {
        r->started = 1;
        if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
            r->pos = 3;
    }
    return LR_OK;
}

static lr_status rewind_input(reader *r)
{
    if (r->fd >= 0 && lseek(r->fd, 0, SEEK_SET) != 0)
        return lr__fail(LR_ERR_IO,
                        "'%s' must be read twice (a column turned out categorical) but cannot "
                        "be rewound: %s; name the column in the categorical options",
                        r->source, strerror(errno));
    r->mem_pos = 0;
    r->len = r->pos = 0;
    r->eof = r->started = 0;
    r->line = 1;
    r->bytes_done = 0;
    r->bumped = 0;
    return LR_OK;
}

/* ---------------------------------------------------------- fields */

static int scratch_reserve(reader *r, size_t n)
{
    if (n + 1 <= r->scap)
        return 0;
    size_t cap = r->scap ? r->scap : 256;
    while (cap < n + 1)
        cap *= 2;
    char *s = realloc(r->scratch, cap);
    if (!s)
        return -1;
    r->scratch = s;
    r->scap = cap;
    return 0;
}

/* The terminator after a field at q: sets f->term and returns the position
 * after it, or NULL when more input is needed to tell. */
static const char *terminator(reader *r, const char *q, field *f, int *status)
{
    const char *end = r->buf + r->len;
    *status = FS_OK;
    if (q >= end) {
        if (!r->eof) {
            *status = FS_MORE;
            return NULL;
        }
        f->term = T_EOF;
        return q;
    }
    if (*q == r->delim) {
        f->term = T_DELIM;
        return q + 1;
    }
    f->term = T_EOL;
    r->line++;
    if (*q == '\r') {
        if (q + 1 >= end && !r->eof) {
            r->line--;
            *status = FS_MORE;
            return NULL;
        }
        return q + (q + 1 < end && q[1] == '\n' ? 2 : 1);
    }
    return q + 1; /* '\n' */
}

/* Scans one field at *pp (see the field struct). colname names the column
 * in messages. Quoted fields are unescaped into r->scratch. */
static int scan_field(reader *r, const char **pp, field *f, const char *colname, lr_status *st)
{
    const char *p = *pp, *end = r->buf + r->len, *q = p;
    const char d = r->delim;
    int status;
    while (q < end && is_blank(*q, d))
        q++;
    if (q < end && *q == '"') {
        size_t start_line = r->line, n = 0;
        q++;
        for (;;) {
            const char *z = memchr(q, '"', (size_t)(end - q));
            if (!z) {
                if (!r->eof)
                    return FS_MORE;
                *st = lr__fail(LR_ERR_PARSE,
                               "%s:%zu: column '%s': unterminated quoted field (the quote "
                               "opened here is never closed before the end of the file)",
                               r->source, start_line, colname);
                return FS_ERR;
            }
            size_t seg = (size_t)(z - q);
            if (scratch_reserve(r, n + seg + 1)) {
                *st = lr__fail(LR_ERR_NOMEM, "out of memory reading %s", r->source);
                return FS_ERR;
            }
            memcpy(r->scratch + n, q, seg);
            for (const char *nl = memchr(q, '\n', seg); nl; nl = memchr(nl + 1, '\n', (size_t)(z - nl - 1)))
                r->line++;
            n += seg;
            q = z + 1;
            if (q >= end && !r->eof)
                return FS_MORE;
            if (q < end && *q == '"') {
                r->scratch[n++] = '"';
                q++;
                continue;
            }
            break;
        }
        r->scratch[n] = '\0';
        while (q < end && is_blank(*q, d))
            q++;
        if (q < end && *q != d && *q != '\n' && *q != '\r') {
            char buf[64];
            const char *z = q;
            while (z < end && *z != d && *z != '\n' && *z != '\r')
                z++;
            *st = lr__fail(LR_ERR_PARSE,
                           "%s:%zu: column '%s': unexpected text '%s' after the closing quote",
                           r->source, r->line, colname, show(buf, sizeof buf, q, (size_t)(z - q)));
            return FS_ERR;
        }
        f->text = r->scratch;
        f->len = n;
        f->quoted = 1;
    } else {
        q = p;
        while (q < end && *q != d && *q != '\n' && *q != '\r')
            q++;
        const char *a = p, *b = q;
        while (a < b && is_blank(*a, d))
            a++;
        while (b > a && is_blank(b[-1], d))
            b--;
        f->text = a;
        f->len = (size_t)(b - a);
        f->quoted = 0;
    }
    const char *next = terminator(r, q, f, &status);
    if (status == FS_MORE)
        return FS_MORE;
    *pp = next;
    return FS_OK;
}

static int is_na(const reader *r, const field *f)
{
    for (size_t i = 0; i < r->n_na; i++)
        if (r->na_len[i] == f->len && memcmp(r->na[i], f->text, f->len) == 0)
            return 1;
    return 0;
}

/* Reads f as a whole number (the entire text); 1 on success. */
static int field_number(reader *r, const field *f, double *v)
{
    if (f->len == 0 || scratch_reserve(r, f->len))
        return 0;
    if (f->text != r->scratch)
        memcpy(r->scratch, f->text, f->len);
    r->scratch[f->len] = '\0';
    /* blanks inside quotes around a number are ignored too */
    char *a = r->scratch, *b = r->scratch + f->len;
    while (a < b && (*a == ' ' || *a == '\t'))
        a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
    if (a == b || !(*a == '+' || *a == '-' || *a == '.' || (*a >= '0' && *a <= '9') ||
                    *a == 'i' || *a == 'I' || *a == 'n' || *a == 'N'))
        return 0;
    *b = '\0';
    const char *e;
    if (lr__fast_double(a, &e, v) && e == b)
        return 1;
    char *e2;
    *v = strtod_l(a, &e2, r->cloc);
    return e2 == b;
}

/* Stores field f as cell (row, j). */
static lr_status store_field(reader *r, lr_frame *fr, size_t j, size_t row, const field *f)
{
    lr__column *c = &fr->cols[j];
    if (memchr(f->text, '\0', f->len))
        return lr__fail(LR_ERR_PARSE, "%s:%zu: column '%s': a NUL byte (binary data?)", r->source,
                        r->line, c->name);
    if (is_na(r, f)) {
        if (c->type == LR_COLUMN_NUMERIC)
            c->num[row] = NAN;
        else
            c->codes[row] = -1;
        return LR_OK;
    }
    if (c->type == LR_COLUMN_NUMERIC) {
        double v;
        if (field_number(r, f, &v)) {
            c->num[row] = v;
            return LR_OK;
        }
        if (r->forced_numeric[j]) {
            char buf[64];
            return lr__fail(LR_ERR_PARSE,
                            "%s:%zu: column '%s': cannot read '%s' as a number (the column "
                            "was declared numeric)",
                            r->source, r->line, c->name, show(buf, sizeof buf, f->text, f->len));
        }
        lr_status st = lr__column_to_categorical(c, fr->cap, row);
        if (st != LR_OK)
            return st;
        r->bumped = 1;
    }
    int code = lr__levels_intern(&c->levels, f->text, f->len);
    if (code < 0)
        return lr__fail(LR_ERR_NOMEM, "out of memory for the levels of column '%s'", c->name);
    c->codes[row] = code;
    return LR_OK;
}

/* ---------------------------------------------------------- records */

typedef enum { R_DONE, R_MORE, R_ERR } rec_status;

/* Parses whole records from r->pos on; R_MORE when the block ends inside one. */
static rec_status parse_records(reader *r, lr_frame *fr, lr_status *st)
{
    const char *p = r->buf + r->pos, *end = r->buf + r->len;
    const char d = r->delim;
    const size_t ncols = fr->ncols;
    const int fast = !r->na_is_number;
    while (p < end) {
        const char *rec = p;
        const size_t rec_line = r->line;
        if (*p == '\n' || *p == '\r') { /* blank line */
            if (*p == '\r' && p + 1 >= end && !r->eof)
                break;
            p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
            r->line++;
            continue;
        }
        if (fr->nrows == fr->cap) {
            size_t cap = fr->cap < 1024 ? 1024 : fr->cap + fr->cap / 2;
            if (r->total && fr->nrows > 0) {
                /* estimate the rows of the whole input from the bytes per
                 * row so far (a row takes at least ncols bytes), so the
                 * columns are allocated once instead of grown and copied */
                double per_row = (double)(r->bytes_done + (size_t)(p - r->buf)) / (double)fr->nrows;
                double est = 1.05 * (double)r->total / per_row + 64;
                double most = (double)r->total / (double)(ncols ? ncols : 1) + 2;
                if (est > most)
                    est = most;
                if (est > (double)cap)
                    cap = (size_t)est;
            }
            if ((*st = lr__frame_reserve(fr, cap)) != LR_OK)
                return R_ERR;
        }
        const size_t row = fr->nrows;
        for (size_t j = 0; j < ncols; j++) {
            lr__column *c = &fr->cols[j];
            int term;
            if (fast && c->type == LR_COLUMN_NUMERIC) {
                const char *q;
                double v;
                if (lr__fast_double(p, &q, &v)) {
                    if (*q == d) {
                        c->num[row] = v;
                        p = q + 1;
                        term = T_DELIM;
                        goto stored;
                    }
                    if (*q == '\n') {
                        c->num[row] = v;
                        p = q + 1;
                        r->line++;
                        term = T_EOL;
                        goto stored;
                    }
                }
            }
            field f;
            if (c->type == LR_COLUMN_CATEGORICAL) {
                /* fast path for a plain or simply quoted text cell that
                 * ends in the delimiter or LF inside the block: no copy */
                const char *a = p, *z;
                int quoted = *p == '"';
                if (quoted) {
                    z = memchr(p + 1, '"', (size_t)(end - p - 1));
                    a = p + 1;
                } else {
                    z = p;
                    while (z < end && *z != d && *z != '\n' && *z != '\r' && *z != '"')
                        z++;
                }
                const char *t = z ? z + quoted : NULL;
                if (t && t < end && (*t == d || *t == '\n') && z > a &&
                    !is_blank(*a, d) && !is_blank(z[-1], d) && !memchr(a, '\n', (size_t)(z - a))) {
                    f = (field){a, (size_t)(z - a), quoted, *t == d ? T_DELIM : T_EOL};
                    if ((*st = store_field(r, fr, j, row, &f)) != LR_OK)
                        return R_ERR;
                    p = t + 1;
                    term = f.term;
                    r->line += term == T_EOL;
                    goto stored;
                }
            }
            int fs = scan_field(r, &p, &f, c->name, st);
            if (fs == FS_MORE) {
                r->line = rec_line;
                p = rec;
                goto more;
            }
            if (fs == FS_ERR)
                return R_ERR;
            /* messages from store_field name the line the cell is on */
            if (f.term == T_EOL)
                r->line--;
            *st = store_field(r, fr, j, row, &f);
            if (f.term == T_EOL)
                r->line++;
            if (*st != LR_OK)
                return R_ERR;
            term = f.term;
        stored:
            if (j + 1 < ncols && term != T_DELIM) {
                *st = lr__fail(LR_ERR_PARSE,
                               "%s:%zu: %zu field%s but the header has %zu columns (ragged row; "
                               "missing column '%s')",
                               r->source, r->line - (term == T_EOL), j + 1, j ? "s" : "", ncols,
                               fr->cols[j + 1].name);
                return R_ERR;
            }
            if (j + 1 == ncols && term == T_DELIM) {
                *st = lr__fail(LR_ERR_PARSE,
                               "%s:%zu: more fields than the %zu header columns (ragged row)",
                               r->source, r->line, ncols);
                return R_ERR;
            }
        }
        fr->nrows++;
    }
    if (p >= end && r->eof) {
        r->pos = (size_t)(p - r->buf);
        return R_DONE;
    }
more:
    r->pos = (size_t)(p - r->buf);
    return R_MORE;
}

/* Reads the header record (or, without a header, counts the fields of the
 * first record and leaves it to be read as data). */
static lr_status read_header(reader *r, lr_frame *fr, int header)
{
    for (;;) {
        const char *p = r->buf + r->pos, *end = r->buf + r->len;
        /* skip blank lines before the header */
        while (p < end && (*p == '\n' || *p == '\r')) {
            if (*p == '\r' && p + 1 >= end && !r->eof)
                break;
            p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
            r->line++;
        }
        r->pos = (size_t)(p - r->buf);
        if (p >= end && r->eof)
            return lr__fail(LR_ERR_EMPTY, "%s: the file is empty (no header row)", r->source);
        const size_t line0 = r->line;
        size_t ncols = 0;
        int fs = FS_OK;
        field f = {0};
        lr_status st = LR_OK;
        if (p < end) {
            do {
                char cname[32];
                lr__snprintf_c(cname, sizeof cname, "column %zu", ncols + 1);
                fs = scan_field(r, &p, &f, cname, &st);
                if (fs != FS_OK)
                    break;
                ncols++;
                if (!header)
                    continue;
                if (f.len == 0)
                    return lr__fail(LR_ERR_PARSE, "%s:%zu: header column %zu has no name",
                                    r->source, line0, ncols);
                for (size_t j = 0; j < fr->ncols; j++)
                    if (strlen(fr->cols[j].name) == f.len &&
                        memcmp(fr->cols[j].name, f.text, f.len) == 0) {
                        char buf[64];
                        return lr__fail(LR_ERR_PARSE, "%s:%zu: column name '%s' appears twice",
                                        r->source, line0, show(buf, sizeof buf, f.text, f.len));
                    }
                if ((st = lr__frame_add_column(fr, f.text, f.len)) != LR_OK)
                    return st;
            } while (f.term == T_DELIM);
        } else {
            fs = FS_MORE;
        }
        if (fs == FS_ERR)
            return st;
        if (fs == FS_OK) {
            if (!header) {
                r->line = line0;
                for (size_t j = 0; j < ncols; j++) {
                    char name[32];
                    int n = lr__snprintf_c(name, sizeof name, "V%zu", j + 1);
                    if ((st = lr__frame_add_column(fr, name, (size_t)n)) != LR_OK)
                        return st;
                }
            } else {
                r->pos = (size_t)(p - r->buf);
            }
            return LR_OK;
        }
        /* the header is cut by the end of the block: start over with more */
        for (size_t j = 0; j < fr->ncols; j++)
            free(fr->cols[j].name);
        fr->ncols = 0;
        r->line = line0;
        if ((st = refill(r)) != LR_OK)
            return st;
    }
}

/* Marks forced column types; checks every forced name exists. */
static lr_status apply_forced(reader *r, lr_frame *fr, const lr_csv_options *o,
                              const unsigned char *bumped)
{
    for (int kind = 0; kind < 2; kind++) {
        const char *const *list = kind == 0 ? o->numeric : o->categorical;
        for (size_t i = 0; list && list[i]; i++) {
            size_t j;
            if (lr_frame_find(fr, list[i], &j) != LR_OK)
                return lr__fail(LR_ERR_NOT_FOUND, "%s: column '%s' declared %s is not in the header",
                                r->source, list[i], kind == 0 ? "numeric" : "categorical");
            if (kind == 0)
                r->forced_numeric[j] = 1;
            else if (r->forced_numeric[j])
                return lr__fail(LR_ERR_INVALID_ARG,
                                "column '%s' is declared both numeric and categorical", list[i]);
            else
                fr->cols[j].type = LR_COLUMN_CATEGORICAL;
        }
    }
    for (size_t j = 0; bumped && j < fr->ncols; j++)
        if (bumped[j])
            fr->cols[j].type = LR_COLUMN_CATEGORICAL;
    return LR_OK;
}

/* One pass over the input. On success *bumped lists the columns that
 * turned categorical during the pass (allocated, ncols entries). */
static lr_status read_pass(reader *r, const lr_csv_options *o, const unsigned char *was_bumped,
                           lr_frame **out, unsigned char **bumped)
{
    lr_frame *fr = calloc(1, sizeof *fr);
    if (!fr)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    lr_status st = refill(r);
    if (st == LR_OK)
        st = read_header(r, fr, o->header);
    if (st == LR_OK) {
        free(r->forced_numeric);
        r->forced_numeric = calloc(fr->ncols, 1);
        if (!r->forced_numeric)
            st = lr__fail(LR_ERR_NOMEM, "out of memory");
    }
    if (st == LR_OK)
        st = apply_forced(r, fr, o, was_bumped);
    if (st == LR_OK)
        st = lr__frame_reserve(fr, 1024);
    /* A column that turns categorical within the first block (a text
     * column, the usual case) costs no second read: the block is still in
     * the buffer, so parsing restarts at the first record with the column
     * categorical from the start. */
    const size_t data_pos = r->pos, data_line = r->line;
    int first_block = 1;
    while (st == LR_OK) {
        rec_status rs = parse_records(r, fr, &st);
        if (rs != R_ERR && first_block && r->bumped) {
            for (size_t j = 0; j < fr->ncols; j++)
                lr__levels_free(&fr->cols[j].levels);
            fr->nrows = 0;
            r->pos = data_pos;
            r->line = data_line;
            r->bumped = 0;
            first_block = 0;
            continue;
        }
        first_block = 0;
        if (rs == R_ERR || rs == R_DONE)
            break;
        st = refill(r);
    }
    if (st == LR_OK && fr->nrows == 0)
        st = lr__fail(LR_ERR_EMPTY, "%s: no data rows after the header", r->source);
    if (st == LR_OK && r->bumped) {
        *bumped = calloc(fr->ncols, 1);
        if (!*bumped)
            st = lr__fail(LR_ERR_NOMEM, "out of memory");
        for (size_t j = 0; st == LR_OK && j < fr->ncols; j++)
            (*bumped)[j] = fr->cols[j].type == LR_COLUMN_CATEGORICAL;
    }
    if (st == LR_OK && !r->bumped)
        st = lr__frame_finish(fr);
    if (st != LR_OK) {
        lr_frame_free(fr);
        return st;
    }
    *out = fr;
    return LR_OK;
}

static lr_status read_csv(reader *r, const lr_csv_options *opts, size_t block, lr_frame **out)
{
    lr_csv_options o;
    lr_csv_options_init(&o);
    if (opts)
        o = *opts;
    if (o.delimiter == '"' || o.delimiter == '\n' || o.delimiter == '\r' || o.delimiter == '\0' ||
        o.delimiter == ' ')
        return lr__fail(LR_ERR_INVALID_ARG, "invalid delimiter (byte %d)", (unsigned char)o.delimiter);
    r->delim = o.delimiter;
    r->na = o.na_strings ? o.na_strings : default_na;
    while (r->na[r->n_na])
        r->n_na++;
    r->line = 1;
    r->cap = block;
    r->buf = malloc(block + 1);
    r->na_len = calloc(r->n_na + 1, sizeof *r->na_len);
    r->cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    lr_status st = LR_OK;
    if (!r->buf || !r->na_len || !r->cloc)
        st = lr__fail(LR_ERR_NOMEM, "out of memory");
    for (size_t i = 0; st == LR_OK && i < r->n_na; i++) {
        /* a marker such as "-999" that the fast path would read as a
         * number turns the fast path off (every cell is then checked
         * against the markers first) */
        r->na_len[i] = strlen(r->na[i]);
        const char *e;
        double v;
        if (lr__fast_double(r->na[i], &e, &v))
            r->na_is_number = 1;
    }
    lr_frame *fr = NULL;
    unsigned char *bumped = NULL;
    if (st == LR_OK)
        st = read_pass(r, &o, NULL, &fr, &bumped);
    if (st == LR_OK && bumped) {
        lr_frame_free(fr);
        fr = NULL;
        st = rewind_input(r);
        unsigned char *again = NULL;
        if (st == LR_OK)
            st = read_pass(r, &o, bumped, &fr, &again);
        if (st == LR_OK && again) { /* cannot happen: the first pass saw every cell */
            free(again);
            lr_frame_free(fr);
            fr = NULL;
            st = lr__fail(LR_ERR_PARSE, "%s: the file changed while it was read", r->source);
        }
    }
    free(bumped);
    free(r->buf);
    free(r->na_len);
    free(r->scratch);
    free(r->forced_numeric);
    if (r->cloc)
        freelocale(r->cloc);
    if (st == LR_OK)
        *out = fr;
    return st;
}

/* Parses text in memory with a given block size (tests use small blocks
 * to cut records at every position). */
lr_status lr__frame_parse_csv_block(const char *text, size_t len, const char *source,
                                    const lr_csv_options *opts, size_t block, lr_frame **out);
lr_status lr__frame_parse_csv_block(const char *text, size_t len, const char *source,
                                    const lr_csv_options *opts, size_t block, lr_frame **out)
{
    lr__clear_error();
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "frame output pointer is NULL");
    *out = NULL;
    if (!text && len)
        return lr__fail(LR_ERR_INVALID_ARG, "text is NULL");
    reader r;
    memset(&r, 0, sizeof r);
    r.fd = -1;
    r.mem = text;
    r.mem_len = len;
    r.total = len;
    r.source = source ? source : "<csv>";
    return read_csv(&r, opts, block < 4 ? 4 : block, out);
}

lr_status lr_frame_parse_csv(const char *text, size_t len, const char *source,
                             const lr_csv_options *opts, lr_frame **out)
{
    return lr__frame_parse_csv_block(text, len, source, opts, CSV_BLOCK, out);
}

lr_status lr_frame_read_csv(const char *path, const lr_csv_options *opts, lr_frame **out)
{
    lr__clear_error();
    if (!out || !path)
        return lr__fail(LR_ERR_INVALID_ARG, "path and frame output pointer must not be NULL");
    *out = NULL;
    reader r;
    memset(&r, 0, sizeof r);
    r.fd = open(path, O_RDONLY | O_CLOEXEC);
    if (r.fd < 0)
        return lr__fail(LR_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    struct stat sb;
    if (fstat(r.fd, &sb) == 0 && S_ISREG(sb.st_mode))
        r.total = (size_t)sb.st_size;
    else if (fstat(r.fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        close(r.fd);
        return lr__fail(LR_ERR_IO, "cannot read '%s': it is a directory", path);
    }
    r.source = path;
    lr_status st = read_csv(&r, opts, CSV_BLOCK, out);
    close(r.fd);
    return st;
}
