/* A small reader of the CSV fixtures written by tests/reference/ scripts
 * (header row, no quoting, "NA" for missing). Independent of the library's
 * own CSV reader so that a bug there cannot hide in the tests. */
#ifndef LR_FIXTURE_H
#define LR_FIXTURE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX_MAX_COLS 64

typedef struct {
    size_t nrows, ncols;
    char *names[FIX_MAX_COLS];
    char ***cells; /* cells[row][col] */
} fixture;

static inline void fixture_free(fixture *f)
{
    for (size_t i = 0; i < f->nrows; i++) {
        for (size_t j = 0; j < f->ncols; j++)
            free(f->cells[i][j]);
        free(f->cells[i]);
    }
    free(f->cells);
    for (size_t j = 0; j < f->ncols; j++)
        free(f->names[j]);
    memset(f, 0, sizeof *f);
}

static inline size_t fixture_split(char *line, char **out, size_t max)
{
    size_t n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    char *p = line;
    while (n < max) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        out[n++] = p;
        if (!comma)
            break;
        p = comma + 1;
    }
    return n;
}

/* Loads path; returns 0 on success. */
static inline int fixture_load(const char *path, fixture *f)
{
    memset(f, 0, sizeof *f);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    static char line[1 << 16];
    char *parts[FIX_MAX_COLS];
    if (!fgets(line, sizeof line, fp)) {
        fclose(fp);
        return -1;
    }
    f->ncols = fixture_split(line, parts, FIX_MAX_COLS);
    for (size_t j = 0; j < f->ncols; j++)
        f->names[j] = strdup(parts[j]);
    size_t cap = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '\n' || line[0] == '\r' || line[0] == '\0')
            continue;
        size_t n = fixture_split(line, parts, FIX_MAX_COLS);
        if (f->nrows == cap) {
            cap = cap ? 2 * cap : 64;
            f->cells = realloc(f->cells, cap * sizeof *f->cells);
        }
        f->cells[f->nrows] = calloc(f->ncols, sizeof(char *));
        for (size_t j = 0; j < f->ncols; j++)
            f->cells[f->nrows][j] = strdup(j < n ? parts[j] : "NA");
        f->nrows++;
    }
    fclose(fp);
    return 0;
}

static inline int fixture_col(const fixture *f, const char *name)
{
    for (size_t j = 0; j < f->ncols; j++)
        if (strcmp(f->names[j], name) == 0)
            return (int)j;
    return -1;
}

static inline double fixture_num(const fixture *f, size_t row, int col)
{
    if (col < 0 || row >= f->nrows)
        return NAN;
    const char *s = f->cells[row][col];
    if (strcmp(s, "NA") == 0 || strcmp(s, "NaN") == 0)
        return NAN;
    if (strcmp(s, "Inf") == 0)
        return INFINITY;
    if (strcmp(s, "-Inf") == 0)
        return -INFINITY;
    return strtod(s, NULL);
}

/* Column name as a freshly allocated array of doubles (nrows). */
static inline double *fixture_column(const fixture *f, const char *name)
{
    int c = fixture_col(f, name);
    if (c < 0)
        return NULL;
    double *v = malloc((f->nrows ? f->nrows : 1) * sizeof(double));
    for (size_t i = 0; i < f->nrows; i++)
        v[i] = fixture_num(f, i, c);
    return v;
}

/* Value of the row whose first cell is key (for "stat,value" files). */
static inline double fixture_lookup(const fixture *f, const char *key)
{
    for (size_t i = 0; i < f->nrows; i++)
        if (strcmp(f->cells[i][0], key) == 0)
            return fixture_num(f, i, 1);
    return NAN;
}

#endif
