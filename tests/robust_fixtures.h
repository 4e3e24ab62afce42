/* Test helpers for the remedies and interpretation tests: a reader of the
 * CSV fixtures written by tests/reference/remedies.R and a loader of the
 * shared datasets (tests/fixtures/data) including the derived ones that
 * script builds (weighted_zero, aliased), fitted as R fits them. */
#ifndef LR_ROBUST_FIXTURES_H
#define LR_ROBUST_FIXTURES_H

#include "linreg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------- CSV table */

typedef struct fx_table {
    size_t nrows, ncols;
    char **cell; /* (nrows + 1) x ncols, row 0 is the header */
    char *text;
} fx_table;

static inline void fx_free(fx_table *t)
{
    if (!t)
        return;
    free(t->cell);
    free(t->text);
    free(t);
}

/* Reads a simple CSV (no quoting: the fixtures never need it). */
static inline fx_table *fx_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("FAIL cannot open fixture %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    fx_table *t = calloc(1, sizeof *t);
    t->text = malloc((size_t)len + 1);
    size_t got = fread(t->text, 1, (size_t)len, f);
    t->text[got] = 0;
    fclose(f);
    size_t lines = 0, commas = 0;
    for (char *p = t->text; *p; p++) {
        if (*p == '\n')
            lines++;
        if (*p == ',' && lines == 0)
            commas++;
    }
    t->ncols = commas + 1;
    t->cell = calloc((lines + 1) * t->ncols, sizeof(char *));
    size_t r = 0;
    char *p = t->text;
    while (*p) {
        char *eol = strchr(p, '\n');
        if (eol)
            *eol = 0;
        if (*p) {
            size_t c = 0;
            char *q = p;
            while (c < t->ncols) {
                t->cell[r * t->ncols + c++] = q;
                char *comma = strchr(q, ',');
                if (!comma)
                    break;
                *comma = 0;
                q = comma + 1;
            }
            r++;
        }
        if (!eol)
            break;
        p = eol + 1;
    }
    t->nrows = r ? r - 1 : 0;
    return t;
}

static inline int fx_col(const fx_table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (t->cell[c] && strcmp(t->cell[c], name) == 0)
            return (int)c;
    printf("FAIL fixture has no column %s\n", name);
    return -1;
}

/* Cell of data row r (0-based) and column c. */
static inline const char *fx_str(const fx_table *t, size_t r, int c)
{
    const char *s = c >= 0 ? t->cell[(r + 1) * t->ncols + (size_t)c] : NULL;
    return s ? s : "";
}

static inline double fx_num(const fx_table *t, size_t r, int c)
{
    const char *s = fx_str(t, r, c);
    if (strcmp(s, "NA") == 0 || !*s)
        return NAN;
    return strtod(s, NULL);
}

/* ------------------------------------------------------------ datasets */

#define DS_MAXK 8

typedef struct ds_t {
    char name[32];
    size_t n, k;
    int intercept;
    double *X;  /* n x k column-major */
    double *y, *w;
    double *c1, *c2; /* cluster ids as remedies.R defines them */
    char *names[DS_MAXK];
    lr_model *model;
} ds_t;

static const char *const ds_all[] = {"clean",    "hetero",    "autocorr",  "collinear",
                                     "outliers", "noint",     "weighted",  "nonlinear",
                                     "clustered", "skewed",   "weighted_zero", "aliased"};
#define DS_COUNT (sizeof ds_all / sizeof ds_all[0])

static inline void ds_free(ds_t *d)
{
    free(d->X);
    free(d->y);
    free(d->w);
    free(d->c1);
    free(d->c2);
    for (size_t j = 0; j < DS_MAXK; j++)
        free(d->names[j]);
    lr_model_free(d->model);
    memset(d, 0, sizeof *d);
}

/* Loads a dataset as remedies.R does and fits it (keeping a copy of the
 * data inside the model is not needed: d owns the arrays). Returns 0 on success. */
static inline int ds_load(const char *name, ds_t *d)
{
    memset(d, 0, sizeof *d);
    snprintf(d->name, sizeof d->name, "%s", name);
    const char *base = strcmp(name, "weighted_zero") == 0 ? "weighted"
                       : strcmp(name, "aliased") == 0     ? "clean"
                                                          : name;
    fx_table *man = fx_read("tests/fixtures/data/manifest.csv");
    if (!man)
        return -1;
    char preds[128] = "", wname[32] = "";
    int found = 0;
    for (size_t r = 0; r < man->nrows; r++)
        if (strcmp(fx_str(man, r, fx_col(man, "name")), base) == 0) {
            snprintf(preds, sizeof preds, "%s", fx_str(man, r, fx_col(man, "predictors")));
            snprintf(wname, sizeof wname, "%s", fx_str(man, r, fx_col(man, "weights")));
            d->intercept = atoi(fx_str(man, r, fx_col(man, "intercept")));
            found = 1;
        }
    fx_free(man);
    if (!found) {
        printf("FAIL dataset %s not in the manifest\n", base);
        return -1;
    }
    char path[256];
    snprintf(path, sizeof path, "tests/fixtures/data/%s.csv", base);
    lr_frame *fr = NULL;
    if (lr_frame_read_csv(path, NULL, &fr) != LR_OK) {
        printf("FAIL cannot read %s: %s\n", path, lr_last_error());
        return -1;
    }
    d->n = lr_frame_nrows(fr);
    for (char *tok = strtok(preds, "+"); tok && d->k < DS_MAXK; tok = strtok(NULL, "+"))
        d->names[d->k++] = strdup(tok);
    int aliased = strcmp(name, "aliased") == 0;
    if (aliased)
        d->names[d->k++] = strdup("x4");
    const size_t n = d->n, k = d->k;
    d->X = calloc(n * k, sizeof(double));
    d->y = calloc(n, sizeof(double));
    d->c1 = calloc(n, sizeof(double));
    d->c2 = calloc(n, sizeof(double));
    size_t idx;
    for (size_t j = 0; j < k - (size_t)aliased; j++) {
        lr_frame_find(fr, d->names[j], &idx);
        memcpy(d->X + j * n, lr_frame_column(fr, idx), n * sizeof(double));
    }
    if (aliased)
        for (size_t i = 0; i < n; i++)
            d->X[i + 3 * n] = d->X[i] + d->X[i + n];
    lr_frame_find(fr, "y", &idx);
    memcpy(d->y, lr_frame_column(fr, idx), n * sizeof(double));
    if (*wname) {
        d->w = calloc(n, sizeof(double));
        lr_frame_find(fr, wname, &idx);
        memcpy(d->w, lr_frame_column(fr, idx), n * sizeof(double));
        if (strcmp(name, "weighted_zero") == 0)
            d->w[2] = d->w[9] = 0.0;
    }
    if (strcmp(name, "clustered") == 0) {
        lr_frame_find(fr, "g", &idx);
        memcpy(d->c1, lr_frame_column(fr, idx), n * sizeof(double));
        lr_frame_find(fr, "h", &idx);
        memcpy(d->c2, lr_frame_column(fr, idx), n * sizeof(double));
    } else {
        for (size_t i = 0; i < n; i++) {
            d->c1[i] = (double)(i / 5 + 1);
            d->c2[i] = (double)(i % 7 + 1);
        }
    }
    lr_frame_free(fr);
    lr_matrix X = lr_matrix_col_major(d->X, n, k);
    lr_vector y = lr_vector_of(d->y, n);
    lr_options o;
    lr_options_init(&o);
    o.intercept = d->intercept;
    if (d->w)
        o.weights = lr_vector_of(d->w, n);
    if (lr_fit(&X, &y, (const char *const *)d->names, &o, &d->model) != LR_OK) {
        printf("FAIL fit of %s: %s\n", name, lr_last_error());
        return -1;
    }
    return 0;
}

/* Index of the coefficient called name, or -1. */
static inline int ds_coef_index(const lr_model *m, const char *name)
{
    for (size_t j = 0; j < lr_model_ncoef(m); j++)
        if (strcmp(lr_model_coef_name(m, j), name) == 0)
            return (int)j;
    return -1;
}

#endif
