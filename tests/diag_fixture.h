/* Fixture access for the collinearity, specification and influence tests:
 * the dataset list tests/fixtures/influence/datasets.csv (made by
 * tests/reference/diag_influence.R), fitting a dataset as the R script
 * did, and reading the "key,value" and per-row CSV files R wrote ("NA"
 * reads as NaN). The fixture files hold no quoted fields. */
#ifndef LR_TEST_DIAG_FIXTURE_H
#define LR_TEST_DIAG_FIXTURE_H

#include "linreg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FX_DIR "tests/fixtures/influence"
#define FX_MAX_SETS 32
#define FX_MAX_COLS 64

typedef struct {
    char name[64], response[32], predictors[256], weights[32], file[256], assign[128];
    int intercept;
} fx_spec;

/* A CSV table of numbers: header names and nrows x ncols values. */
typedef struct {
    size_t nrows, ncols;
    char names[FX_MAX_COLS][64];
    double *v; /* row-major */
} fx_table;

static inline char *fx_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[len] = '\0';
    fclose(f);
    return buf;
}

/* Splits line (modified in place) at commas into at most max fields. */
static inline size_t fx_split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *c = strchr(p, ',');
        if (!c)
            break;
        *c = '\0';
        p = c + 1;
    }
    return n;
}

static inline double fx_number(const char *s)
{
    if (!strcmp(s, "NA") || !strcmp(s, "NaN") || !*s)
        return NAN;
    return strtod(s, NULL);
}

/* Reads the list of datasets; returns how many. */
static inline size_t fx_specs(fx_spec *specs, size_t max)
{
    char *text = fx_read_file(FX_DIR "/datasets.csv");
    if (!text)
        return 0;
    size_t n = 0;
    char *save = NULL;
    char *line = strtok_r(text, "\r\n", &save); /* header */
    while ((line = strtok_r(NULL, "\r\n", &save)) && n < max) {
        char *f[8];
        /* name,response,predictors,intercept,weights,file,assign */
        size_t nf = fx_split(line, f, 8);
        if (nf < 6)
            continue;
        fx_spec *s = &specs[n++];
        memset(s, 0, sizeof *s);
        snprintf(s->name, sizeof s->name, "%s", f[0]);
        snprintf(s->response, sizeof s->response, "%s", f[1]);
        snprintf(s->predictors, sizeof s->predictors, "%s", f[2]);
        s->intercept = atoi(f[3]);
        snprintf(s->weights, sizeof s->weights, "%s", f[4]);
        snprintf(s->file, sizeof s->file, "%s", f[5]);
        if (nf > 6)
            snprintf(s->assign, sizeof s->assign, "%s", f[6]);
    }
    free(text);
    return n;
}

/* A dataset fitted as in the R script: X column-major (owned here, the
 * model borrows it), names, weights. */
typedef struct {
    lr_frame *frame;
    double *X;
    size_t n, k;
    char *names[FX_MAX_COLS];
    lr_model *model;
} fx_fit;

static inline void fx_fit_free(fx_fit *f)
{
    lr_model_free(f->model);
    lr_frame_free(f->frame);
    free(f->X);
    for (size_t j = 0; j < f->k; j++)
        free(f->names[j]);
    memset(f, 0, sizeof *f);
}

/* Fits the dataset; first_rows > 0 keeps only that many rows; streamed
 * fits through the accumulator instead. Returns the lr_fit status. */
static inline lr_status fx_fit_spec(const fx_spec *s, size_t first_rows, int streamed, fx_fit *out)
{
    memset(out, 0, sizeof *out);
    lr_status st = lr_frame_read_csv(s->file, NULL, &out->frame);
    if (st != LR_OK)
        return st;
    size_t n = lr_frame_nrows(out->frame), iy, iw = 0;
    if (first_rows && first_rows < n)
        n = first_rows;
    char preds[256];
    snprintf(preds, sizeof preds, "%s", s->predictors);
    size_t cols[FX_MAX_COLS], k = 0;
    char *save = NULL;
    for (char *t = strtok_r(preds, "+", &save); t; t = strtok_r(NULL, "+", &save)) {
        if ((st = lr_frame_find(out->frame, t, &cols[k])) != LR_OK)
            return st;
        out->names[k++] = strdup(t);
    }
    if ((st = lr_frame_find(out->frame, s->response, &iy)) != LR_OK)
        return st;
    if (s->weights[0] && (st = lr_frame_find(out->frame, s->weights, &iw)) != LR_OK)
        return st;
    out->n = n;
    out->k = k;
    out->X = malloc((k ? k : 1) * n * sizeof(double));
    for (size_t j = 0; j < k; j++)
        memcpy(out->X + j * n, lr_frame_column(out->frame, cols[j]), n * sizeof(double));
    lr_matrix X = lr_matrix_col_major(out->X, n, k);
    lr_vector y = lr_vector_of(lr_frame_column(out->frame, iy), n);
    lr_options o;
    lr_options_init(&o);
    o.intercept = s->intercept;
    lr_vector w = {0};
    if (s->weights[0]) {
        w = lr_vector_of(lr_frame_column(out->frame, iw), n);
        o.weights = w;
    }
    if (!streamed)
        return lr_fit(&X, &y, (const char *const *)out->names, &o, &out->model);
    lr_accumulator *acc = NULL;
    if ((st = lr_accumulator_create(k, &o, &acc)) == LR_OK &&
        (st = lr_accumulator_add(acc, &X, &y, s->weights[0] ? &w : NULL)) == LR_OK)
        st = lr_accumulator_finish(acc, (const char *const *)out->names, &out->model);
    lr_accumulator_free(acc);
    return st;
}

static inline void fx_table_free(fx_table *t)
{
    free(t->v);
    memset(t, 0, sizeof *t);
}

/* Parses CSV text of numbers with a header (text is modified). */
static inline void fx_table_parse(char *text, fx_table *t)
{
    memset(t, 0, sizeof *t);
    char *save = NULL, *f[FX_MAX_COLS];
    char *line = strtok_r(text, "\r\n", &save);
    t->ncols = line ? fx_split(line, f, FX_MAX_COLS) : 0;
    for (size_t j = 0; j < t->ncols; j++)
        snprintf(t->names[j], sizeof t->names[j], "%s", f[j]);
    size_t cap = 64;
    t->v = malloc(cap * t->ncols * sizeof(double));
    while ((line = strtok_r(NULL, "\r\n", &save))) {
        size_t nf = fx_split(line, f, FX_MAX_COLS);
        if (t->nrows == cap) {
            cap *= 2;
            t->v = realloc(t->v, cap * t->ncols * sizeof(double));
        }
        for (size_t j = 0; j < t->ncols; j++)
            t->v[t->nrows * t->ncols + j] = j < nf ? fx_number(f[j]) : NAN;
        t->nrows++;
    }
}

/* Reads a CSV file of numbers with a header; returns 0 on success. */
static inline int fx_table_read(const char *path, fx_table *t)
{
    memset(t, 0, sizeof *t);
    char *text = fx_read_file(path);
    if (!text)
        return -1;
    fx_table_parse(text, t);
    free(text);
    return 0;
}

static inline int fx_col(const fx_table *t, const char *name)
{
    for (size_t j = 0; j < t->ncols; j++)
        if (!strcmp(t->names[j], name))
            return (int)j;
    return -1;
}

static inline double fx_at(const fx_table *t, size_t i, int col)
{
    return col < 0 || i >= t->nrows ? NAN : t->v[i * t->ncols + (size_t)col];
}

/* "key,value" files: the value of key, *found = 0 when absent. */
typedef struct {
    size_t n;
    char (*keys)[64];
    double *vals;
} fx_values;

static inline int fx_values_read(const char *name, fx_values *kv)
{
    char path[512];
    snprintf(path, sizeof path, FX_DIR "/%s_values.csv", name);
    memset(kv, 0, sizeof *kv);
    char *text = fx_read_file(path);
    if (!text)
        return -1;
    size_t cap = 256;
    kv->keys = malloc(cap * sizeof *kv->keys);
    kv->vals = malloc(cap * sizeof(double));
    char *save = NULL, *f[2];
    char *line = strtok_r(text, "\r\n", &save);
    while ((line = strtok_r(NULL, "\r\n", &save))) {
        if (fx_split(line, f, 2) < 2)
            continue;
        if (kv->n == cap) {
            cap *= 2;
            kv->keys = realloc(kv->keys, cap * sizeof *kv->keys);
            kv->vals = realloc(kv->vals, cap * sizeof(double));
        }
        snprintf(kv->keys[kv->n], 64, "%s", f[0]);
        kv->vals[kv->n++] = fx_number(f[1]);
    }
    free(text);
    return 0;
}

static inline double fx_get(const fx_values *kv, const char *key, int *found)
{
    for (size_t i = 0; i < kv->n; i++)
        if (!strcmp(kv->keys[i], key)) {
            if (found)
                *found = 1;
            return kv->vals[i];
        }
    if (found)
        *found = 0;
    return NAN;
}

static inline void fx_values_free(fx_values *kv)
{
    free(kv->keys);
    free(kv->vals);
    memset(kv, 0, sizeof *kv);
}

/* p-values at or below 1e-300 are compared only as "tiny". */
static inline int fx_close_p(double got, double want, double tol)
{
    if (!isnan(want) && want <= 1e-300)
        return got <= 1e-290;
    if (isnan(got) || isnan(want))
        return isnan(got) && isnan(want);
    return fabs(got - want) <= tol * fabs(want);
}

#endif
