/* Shared by the diagnostics tests: fits the reference datasets of
 * tests/fixtures/data (as listed in manifest.csv) and reads the reference
 * results in tests/fixtures/diag/ (CSV files: dataset,test,statistic,df1,df2,
 * p_value,n; "NA" where a value does not exist). */
#ifndef LR_DIAG_FIXTURES_H
#define LR_DIAG_FIXTURES_H

#include "linreg.h"
#include "test_util.h"

#include <stdlib.h>

#define FIX_MAX_SETS 32
#define FIX_MAX_ROWS 4096

typedef struct {
    char name[32], response[16], predictors[64], weights[16];
    int intercept;
} fix_set;

typedef struct {
    char dataset[32], test[48];
    double statistic, df1, df2, p_value;
    size_t n;
} fix_row;

/* Splits line at commas in place (empty fields allowed); returns the count. */
static inline int fix_split(char *line, char **f, int max)
{
    int c = 0;
    line[strcspn(line, "\r\n")] = 0;
    f[c++] = line;
    for (char *p = line; *p && c < max; p++)
        if (*p == ',') {
            *p = 0;
            f[c++] = p + 1;
        }
    return c;
}

static inline double fix_num(const char *s) { return strcmp(s, "NA") == 0 ? NAN : strtod(s, NULL); }

static inline int fix_manifest(fix_set *sets)
{
    FILE *f = fopen("tests/fixtures/data/manifest.csv", "r");
    if (!f)
        return 0;
    char line[512];
    int n = 0;
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return 0;
    }
    while (n < FIX_MAX_SETS && fgets(line, sizeof line, f)) {
        char *fl[8] = {0};
        if (fix_split(line, fl, 8) < 4)
            continue;
        fix_set *s = &sets[n++];
        memset(s, 0, sizeof *s);
        snprintf(s->name, sizeof s->name, "%s", fl[0]);
        snprintf(s->response, sizeof s->response, "%s", fl[1]);
        snprintf(s->predictors, sizeof s->predictors, "%s", fl[2]);
        s->intercept = atoi(fl[3]);
        snprintf(s->weights, sizeof s->weights, "%s", fl[4] ? fl[4] : "");
    }
    fclose(f);
    return n;
}

/* Reads every row of a fixture file; returns the count (0 on failure). */
static inline size_t fix_read(const char *path, fix_row *rows, size_t max)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[1024];
    size_t n = 0;
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return 0;
    }
    while (n < max && fgets(line, sizeof line, f)) {
        char *fl[8] = {0};
        if (fix_split(line, fl, 8) != 7)
            continue;
        fix_row *r = &rows[n++];
        snprintf(r->dataset, sizeof r->dataset, "%s", fl[0]);
        snprintf(r->test, sizeof r->test, "%s", fl[1]);
        r->statistic = fix_num(fl[2]);
        r->df1 = fix_num(fl[3]);
        r->df2 = fix_num(fl[4]);
        r->p_value = fix_num(fl[5]);
        r->n = (size_t)atol(fl[6]);
    }
    fclose(f);
    return n;
}

static inline const fix_row *fix_find(const fix_row *rows, size_t n, const char *dataset, const char *test)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].dataset, dataset) == 0 && strcmp(rows[i].test, test) == 0)
            return &rows[i];
    return NULL;
}

/* Fits a reference dataset as the manifest says (intercept, weights); the
 * model keeps its own copy of the data. extra_dummy adds the column
 * d = (x1 > 0) after the predictors. Returns NULL (after a failed CHECK)
 * on error; *x1 (if not NULL) receives a copy of column x1 (caller frees). */
static inline lr_model *fix_fit(const fix_set *s, int extra_dummy, double **x1)
{
    char path[128];
    snprintf(path, sizeof path, "tests/fixtures/data/%s.csv", s->name);
    lr_frame *fr = NULL;
    lr_status st = lr_frame_read_csv(path, NULL, &fr);
    CHECK(st == LR_OK, "%s: %s", path, lr_last_error());
    if (st != LR_OK)
        return NULL;
    size_t n = lr_frame_nrows(fr), k = 0, cols[8], yi, wi = 0;
    char preds[64];
    snprintf(preds, sizeof preds, "%s", s->predictors);
    for (char *tok = strtok(preds, "+"); tok && k < 8; tok = strtok(NULL, "+")) {
        st = lr_frame_find(fr, tok, &cols[k++]);
        CHECK(st == LR_OK, "%s: %s", s->name, lr_last_error());
    }
    lr_frame_find(fr, s->response, &yi);
    if (s->weights[0])
        lr_frame_find(fr, s->weights, &wi);
    size_t kx = k + (extra_dummy ? 1 : 0);
    double *X = calloc(n * kx, sizeof(double));
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < k; j++)
            X[i * kx + j] = lr_frame_column(fr, cols[j])[i];
        if (extra_dummy)
            X[i * kx + k] = lr_frame_column(fr, cols[0])[i] > 0 ? 1.0 : 0.0;
    }
    if (x1) {
        size_t j1;
        *x1 = calloc(n, sizeof(double));
        if (lr_frame_find(fr, "x1", &j1) == LR_OK)
            memcpy(*x1, lr_frame_column(fr, j1), n * sizeof(double));
    }
    lr_matrix Xm = lr_matrix_row_major(X, n, kx);
    lr_vector y = lr_vector_of(lr_frame_column(fr, yi), n);
    lr_options o;
    lr_options_init(&o);
    o.intercept = s->intercept;
    o.copy_data = 1;
    if (s->weights[0])
        o.weights = lr_vector_of(lr_frame_column(fr, wi), n);
    lr_model *m = NULL;
    st = lr_fit(&Xm, &y, NULL, &o, &m);
    CHECK(st == LR_OK, "%s: lr_fit: %s", s->name, lr_last_error());
    free(X);
    lr_frame_free(fr);
    return m;
}

/* Statistic and p-value agreement: 1e-8 relative; p-values at or below
 * 1e-300 only need to be tiny on both sides. */
#ifndef FIX_TOL
#define FIX_TOL 1e-8
#endif

static inline void fix_check_p(double got, double want, const char *what)
{
    if (!isnan(want) && want <= 1e-300)
        CHECK(got <= 1e-300, "%s: p-value %.17g, reference %.17g (both should be tiny)", what, got,
              want);
    else
        CHECK_REL(got, want, FIX_TOL, what);
}

/* Checks a result against a fixture row: statistic, df (NaN = unused),
 * p-value and n. */
static inline void fix_check_result(const lr_test_result *r, const fix_row *ref, const char *what)
{
    char buf[160];
    snprintf(buf, sizeof buf, "%s statistic", what);
    CHECK_REL(r->statistic, ref->statistic, FIX_TOL, buf);
    snprintf(buf, sizeof buf, "%s df1", what);
    CHECK_REL(r->df[0], ref->df1, 1e-15, buf);
    snprintf(buf, sizeof buf, "%s df2", what);
    CHECK_REL(r->df[1], ref->df2, 1e-15, buf);
    snprintf(buf, sizeof buf, "%s p-value", what);
    fix_check_p(r->p_value, ref->p_value, buf);
    CHECK(r->n == ref->n, "%s: n %zu, reference %zu", what, r->n, ref->n);
}

#endif
