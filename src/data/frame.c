/* The frame object: columns, level tables, accessors, and frames built
 * from C arrays. */
#include "frame_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- levels */

static uint64_t hash_text(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static int levels_rehash(lr__levels *lv, size_t nslots)
{
    int32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t c = 0; c < lv->n; c++) {
        size_t s = (size_t)hash_text(lv->texts[c], lv->lens[c]) & (nslots - 1);
        while (slots[s])
            s = (s + 1) & (nslots - 1);
        slots[s] = (int32_t)c + 1;
    }
    free(lv->slots);
    lv->slots = slots;
    lv->nslots = nslots;
    return 0;
}

int lr__levels_intern(lr__levels *lv, const char *text, size_t len)
{
    if (2 * (lv->n + 1) > lv->nslots && levels_rehash(lv, lv->nslots ? 2 * lv->nslots : 16))
        return -1;
    size_t s = (size_t)hash_text(text, len) & (lv->nslots - 1);
    while (lv->slots[s]) {
        int32_t c = lv->slots[s] - 1;
        if (lv->lens[c] == len && memcmp(lv->texts[c], text, len) == 0)
            return c;
        s = (s + 1) & (lv->nslots - 1);
    }
    if (lv->n >= (size_t)INT32_MAX - 1)
        return -1;
    if (lv->n == lv->cap) {
        size_t cap = lv->cap ? 2 * lv->cap : 8;
        char **t = realloc(lv->texts, cap * sizeof *t);
        if (!t)
            return -1;
        lv->texts = t;
        size_t *l = realloc(lv->lens, cap * sizeof *l);
        if (!l)
            return -1;
        lv->lens = l;
        lv->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, text, len);
    copy[len] = '\0';
    lv->texts[lv->n] = copy;
    lv->lens[lv->n] = len;
    lv->slots[s] = (int32_t)lv->n + 1;
    return (int)lv->n++;
}

void lr__levels_free(lr__levels *lv)
{
    for (size_t c = 0; c < lv->n; c++)
        free(lv->texts[c]);
    free(lv->texts);
    free(lv->lens);
    free(lv->slots);
    memset(lv, 0, sizeof *lv);
}

/* ------------------------------------------------------------- frame */

void lr_frame_free(lr_frame *f)
{
    if (!f)
        return;
    for (size_t j = 0; j < f->ncols; j++) {
        free(f->cols[j].name);
        free(f->cols[j].num);
        free(f->cols[j].codes);
        lr__levels_free(&f->cols[j].levels);
    }
    free(f->cols);
    free(f);
}

lr_status lr__frame_add_column(lr_frame *f, const char *name, size_t len)
{
    lr__column *cols = realloc(f->cols, (f->ncols + 1) * sizeof *cols);
    if (!cols)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    f->cols = cols;
    lr__column *c = &f->cols[f->ncols];
    memset(c, 0, sizeof *c);
    if (!(c->name = malloc(len + 1)))
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    memcpy(c->name, name, len);
    c->name[len] = '\0';
    f->ncols++;
    return LR_OK;
}

static lr_status column_reserve(lr__column *c, size_t cap)
{
    if (c->type == LR_COLUMN_NUMERIC) {
        double *v = realloc(c->num, (cap ? cap : 1) * sizeof *v);
        if (!v)
            return LR_ERR_NOMEM;
        c->num = v;
    } else {
        int *v = realloc(c->codes, (cap ? cap : 1) * sizeof *v);
        if (!v)
            return LR_ERR_NOMEM;
        c->codes = v;
    }
    return LR_OK;
}

lr_status lr__frame_reserve(lr_frame *f, size_t cap)
{
    for (size_t j = 0; j < f->ncols; j++)
        if (column_reserve(&f->cols[j], cap) != LR_OK)
            return lr__fail(LR_ERR_NOMEM, "out of memory for %zu rows x %zu columns", cap,
                            f->ncols);
    f->cap = cap;
    return LR_OK;
}

lr_status lr__column_to_categorical(lr__column *c, size_t cap, size_t nrows)
{
    free(c->num);
    c->num = NULL;
    c->type = LR_COLUMN_CATEGORICAL;
    if (column_reserve(c, cap) != LR_OK)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < nrows; i++)
        c->codes[i] = -1;
    return LR_OK;
}

/* Bytewise comparison of level texts (strcmp compares as unsigned char). */
typedef struct { const char *text; size_t len; int code; } level_ref;

static int cmp_level(const void *a, const void *b)
{
    const level_ref *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);
    if (c)
        return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

static lr_status sort_levels(lr__column *c, size_t nrows)
{
    lr__levels *lv = &c->levels;
    if (lv->n == 0)
        return LR_OK;
    level_ref *ref = malloc(lv->n * sizeof *ref);
    int *newcode = malloc(lv->n * sizeof *newcode);
    char **texts = malloc(lv->n * sizeof *texts);
    size_t *lens = malloc(lv->n * sizeof *lens);
    if (!ref || !newcode || !texts || !lens) {
        free(ref);
        free(newcode);
        free(texts);
        free(lens);
        return lr__fail(LR_ERR_NOMEM, "out of memory sorting levels");
    }
    for (size_t l = 0; l < lv->n; l++)
        ref[l] = (level_ref){lv->texts[l], lv->lens[l], (int)l};
    qsort(ref, lv->n, sizeof *ref, cmp_level);
    for (size_t l = 0; l < lv->n; l++) {
        newcode[ref[l].code] = (int)l;
        texts[l] = lv->texts[ref[l].code];
        lens[l] = lv->lens[ref[l].code];
    }
    for (size_t i = 0; i < nrows; i++)
        if (c->codes[i] >= 0)
            c->codes[i] = newcode[c->codes[i]];
    free(lv->texts);
    free(lv->lens);
    lv->texts = texts;
    lv->lens = lens;
    lv->cap = lv->n;
    free(ref);
    free(newcode);
    return levels_rehash(lv, lv->nslots ? lv->nslots : 16) ? lr__fail(LR_ERR_NOMEM, "out of memory")
                                                             : LR_OK;
}

lr_status lr__frame_finish(lr_frame *f)
{
    for (size_t j = 0; j < f->ncols; j++) {
        lr__column *c = &f->cols[j];
        if (c->type == LR_COLUMN_CATEGORICAL) {
            lr_status st = sort_levels(c, f->nrows);
            if (st != LR_OK)
                return st;
        }
        c->nmissing = 0;
        for (size_t i = 0; i < f->nrows; i++)
            c->nmissing += c->type == LR_COLUMN_NUMERIC ? isnan(c->num[i]) != 0 : c->codes[i] < 0;
        /* Give back what the growth over-allocated (a shrinking realloc
         * does not copy). */
        if (f->cap > f->nrows + f->nrows / 8 + 16)
            column_reserve(c, f->nrows);
    }
    if (f->cap > f->nrows + f->nrows / 8 + 16)
        f->cap = f->nrows;
    return LR_OK;
}

/* ------------------------------------------------------ C-array frames */

lr_status lr_frame_create(size_t nrows, lr_frame **out)
{
    lr__clear_error();
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "frame output pointer is NULL");
    *out = calloc(1, sizeof **out);
    if (!*out)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    (*out)->nrows = nrows;
    (*out)->cap = nrows;
    return LR_OK;
}

static lr_status new_column(lr_frame *f, const char *name, lr_column_type type, lr__column **c)
{
    if (!f || !name)
        return lr__fail(LR_ERR_INVALID_ARG, "frame and name must not be NULL");
    if (!*name)
        return lr__fail(LR_ERR_INVALID_ARG, "a column name must not be empty");
    for (size_t j = 0; j < f->ncols; j++)
        if (strcmp(f->cols[j].name, name) == 0)
            return lr__fail(LR_ERR_INVALID_ARG, "the frame already has a column named '%s'", name);
    lr_status st = lr__frame_add_column(f, name, strlen(name));
    if (st != LR_OK)
        return st;
    *c = &f->cols[f->ncols - 1];
    (*c)->type = type;
    if (column_reserve(*c, f->nrows) != LR_OK) {
        f->ncols--;
        free((*c)->name);
        return lr__fail(LR_ERR_NOMEM, "out of memory for column '%s'", name);
    }
    return LR_OK;
}

lr_status lr_frame_add_numeric(lr_frame *f, const char *name, const double *values)
{
    lr__clear_error();
    if (f && f->nrows && !values)
        return lr__fail(LR_ERR_INVALID_ARG, "values of column '%s' are NULL", name ? name : "");
    lr__column *c;
    lr_status st = new_column(f, name, LR_COLUMN_NUMERIC, &c);
    if (st != LR_OK)
        return st;
    for (size_t i = 0; i < f->nrows; i++) {
        c->num[i] = values[i];
        c->nmissing += isnan(values[i]) != 0;
    }
    return LR_OK;
}

lr_status lr_frame_add_categorical(lr_frame *f, const char *name, const char *const *values)
{
    lr__clear_error();
    if (f && f->nrows && !values)
        return lr__fail(LR_ERR_INVALID_ARG, "values of column '%s' are NULL", name ? name : "");
    lr__column *c;
    lr_status st = new_column(f, name, LR_COLUMN_CATEGORICAL, &c);
    if (st != LR_OK)
        return st;
    for (size_t i = 0; i < f->nrows; i++) {
        c->codes[i] = values[i] ? lr__levels_intern(&c->levels, values[i], strlen(values[i])) : -1;
        if (values[i] && c->codes[i] < 0) {
            /* leave the frame consistent: drop the half-built column */
            lr__levels_free(&c->levels);
            free(c->codes);
            free(c->name);
            f->ncols--;
            return lr__fail(LR_ERR_NOMEM, "out of memory for column '%s'", name);
        }
    }
    st = sort_levels(c, f->nrows);
    for (size_t i = 0; i < f->nrows; i++)
        c->nmissing += c->codes[i] < 0;
    return st;
}

/* ---------------------------------------------------------- accessors */

void lr_csv_options_init(lr_csv_options *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->delimiter = ',';
    opts->header = 1;
}

size_t lr_frame_nrows(const lr_frame *f) { return f ? f->nrows : 0; }
size_t lr_frame_ncols(const lr_frame *f) { return f ? f->ncols : 0; }

const char *lr_frame_name(const lr_frame *f, size_t j)
{
    return f && j < f->ncols ? f->cols[j].name : NULL;
}

lr_status lr_frame_find(const lr_frame *f, const char *name, size_t *index)
{
    if (!f || !name || !index)
        return lr__fail(LR_ERR_INVALID_ARG, "frame, name and index must not be NULL");
    for (size_t j = 0; j < f->ncols; j++)
        if (strcmp(f->cols[j].name, name) == 0) {
            *index = j;
            return LR_OK;
        }
    return lr__fail(LR_ERR_NOT_FOUND, "no column named '%s'", name);
}

lr_column_type lr_frame_column_type(const lr_frame *f, size_t j)
{
    return f && j < f->ncols ? f->cols[j].type : LR_COLUMN_NUMERIC;
}

const double *lr_frame_column(const lr_frame *f, size_t j)
{
    return f && j < f->ncols && f->cols[j].type == LR_COLUMN_NUMERIC ? f->cols[j].num : NULL;
}

const int *lr_frame_codes(const lr_frame *f, size_t j)
{
    return f && j < f->ncols && f->cols[j].type == LR_COLUMN_CATEGORICAL ? f->cols[j].codes : NULL;
}

size_t lr_frame_nlevels(const lr_frame *f, size_t j)
{
    return f && j < f->ncols && f->cols[j].type == LR_COLUMN_CATEGORICAL ? f->cols[j].levels.n : 0;
}

const char *lr_frame_level(const lr_frame *f, size_t j, size_t l)
{
    if (!f || j >= f->ncols || f->cols[j].type != LR_COLUMN_CATEGORICAL || l >= f->cols[j].levels.n)
        return NULL;
    return f->cols[j].levels.texts[l];
}

size_t lr_frame_nmissing(const lr_frame *f, size_t j)
{
    return f && j < f->ncols ? f->cols[j].nmissing : 0;
}

int lr_frame_is_missing(const lr_frame *f, size_t i, size_t j)
{
    if (!f || j >= f->ncols || i >= f->nrows)
        return 0;
    const lr__column *c = &f->cols[j];
    return c->type == LR_COLUMN_NUMERIC ? isnan(c->num[i]) != 0 : c->codes[i] < 0;
}
