/* Helpers of the assumption-report tests: the datasets as
 * tests/reference/report.R builds them (the shared ones through
 * robust_fixtures.h, plus the Windsor house prices with yes/no as 0/1),
 * the report options that script implies (cluster ids for clustered,
 * clean, weighted, weighted_zero), and lookups in the fixtures it wrote. */
#ifndef LR_TEST_REPORT_UTIL_H
#define LR_TEST_REPORT_UTIL_H

#include "robust_fixtures.h"

#include <cjson/cJSON.h>

/* Loads the house prices into d (as ds_load does for the shared sets):
 * price is y, every other column a predictor, yes/no as 1/0. */
static inline int ds_load_house(ds_t *d)
{
    memset(d, 0, sizeof *d);
    snprintf(d->name, sizeof d->name, "house");
    FILE *f = fopen("examples/data/house_prices_windsor.csv", "rb");
    if (!f) {
        printf("FAIL cannot open the house prices\n");
        return -1;
    }
    static char buf[1 << 16];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    buf[len] = 0;
    fclose(f);
    enum { NC = 12, MAXN = 600 };
    static double cols[NC][MAXN];
    char names[NC][32];
    size_t n = 0;
    char *save = NULL;
    char *line = strtok_r(buf, "\n", &save);
    size_t c = 0;
    for (char *s2 = NULL, *tok = strtok_r(line, ",", &s2); tok && c < NC;
         tok = strtok_r(NULL, ",", &s2), c++) {
        if (*tok == '"')
            tok++;
        snprintf(names[c], sizeof names[c], "%s", tok);
        char *q = strchr(names[c], '"');
        if (q)
            *q = 0;
    }
    while ((line = strtok_r(NULL, "\n", &save)) && n < MAXN) {
        c = 0;
        for (char *s2 = NULL, *tok = strtok_r(line, ",\r", &s2); tok && c < NC;
             tok = strtok_r(NULL, ",\r", &s2), c++)
            cols[c][n] = !strcmp(tok, "\"yes\"")  ? 1.0
                         : !strcmp(tok, "\"no\"") ? 0.0
                                                  : strtod(tok, NULL);
        n++;
    }
    d->n = n;
    d->k = NC - 1;
    d->intercept = 1;
    d->X = calloc(n * d->k, sizeof(double));
    d->y = calloc(n, sizeof(double));
    for (size_t j = 0; j < d->k; j++) {
        memcpy(d->X + j * n, cols[j + 1], n * sizeof(double));
        if (j < DS_MAXK)
            d->names[j] = strdup(names[j + 1]);
    }
    memcpy(d->y, cols[0], n * sizeof(double));
    /* DS_MAXK names are owned by d; the rest live here for the fit */
    static char extra[NC][32];
    const char *nm[NC];
    for (size_t j = 0; j < d->k; j++) {
        snprintf(extra[j], sizeof extra[j], "%s", names[j + 1]);
        nm[j] = extra[j];
    }
    lr_matrix X = lr_matrix_col_major(d->X, n, d->k);
    lr_vector y = lr_vector_of(d->y, n);
    if (lr_fit(&X, &y, nm, NULL, &d->model) != LR_OK) {
        printf("FAIL house fit: %s\n", lr_last_error());
        return -1;
    }
    return 0;
}

static inline int ds_load_any(const char *name, ds_t *d)
{
    return strcmp(name, "house") == 0 ? ds_load_house(d) : ds_load(name, d);
}

/* Whether report.R gave this dataset cluster ids. */
static inline int ds_has_ids(const char *name)
{
    return !strcmp(name, "clustered") || !strcmp(name, "clean") || !strcmp(name, "weighted") ||
           !strcmp(name, "weighted_zero");
}

/* The report with the options report.R implies; clusters (when with_ids)
 * from d->c1 (g for clustered, (row - 1) %/% 5 + 1 otherwise). */
static inline lr_report *run_report(const ds_t *d, int with_ids)
{
    lr_check_options o;
    lr_check_options_init(&o);
    o.response = strcmp(d->name, "house") == 0 ? "price" : "y";
    if (with_ids) {
        o.clusters = lr_cluster_doubles(d->c1, d->n);
        o.cluster_name = strcmp(d->name, "clustered") == 0 ? "patient" : "group";
    }
    lr_report *r = NULL;
    lr_status st = lr_check_assumptions(d->model, &o, &r);
    if (st != LR_OK)
        printf("FAIL report of %s: %s\n", d->name, lr_last_error());
    return r;
}

/* ------------------------------------------------ report.R fixtures */

static fx_table *rep_values, *rep_curv, *rep_refit;

static inline int rep_fixtures_load(void)
{
    rep_values = fx_read("tests/fixtures/report/values.csv");
    rep_curv = fx_read("tests/fixtures/report/curvature.csv");
    rep_refit = fx_read("tests/fixtures/report/refit.csv");
    return rep_values && rep_curv && rep_refit ? 0 : -1;
}

static inline void rep_fixtures_free(void)
{
    fx_free(rep_values);
    fx_free(rep_curv);
    fx_free(rep_refit);
}

/* The value R wrote for (set, key), or NULL. */
static inline const char *rep_str(const char *set, const char *key)
{
    for (size_t i = 0; i < rep_values->nrows; i++)
        if (!strcmp(fx_str(rep_values, i, 0), set) && !strcmp(fx_str(rep_values, i, 1), key))
            return fx_str(rep_values, i, 2);
    return NULL;
}

static inline double rep_num(const char *set, const char *key)
{
    const char *s = rep_str(set, key);
    return s && strcmp(s, "NA") ? strtod(s, NULL) : NAN;
}

/* The report's JSON parsed back (caller deletes). */
static inline cJSON *report_json(const lr_report *r)
{
    char *text = NULL;
    if (lr_report_json(r, &text) != LR_OK) {
        printf("FAIL report json: %s\n", lr_last_error());
        return NULL;
    }
    cJSON *j = cJSON_Parse(text);
    lr_free(text);
    return j;
}

static inline const cJSON *jget(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static inline double jnum(const cJSON *o, const char *key)
{
    const cJSON *v = jget(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* Test i of a block by name (and predictor), or -1. */
static inline long find_test(const lr_report *r, lr_assumption a, const char *name,
                             const char *predictor)
{
    for (size_t i = 0; i < lr_report_ntests(r, a); i++) {
        const char *nm = NULL, *pr = NULL;
        lr_report_test(r, a, i, &nm, &pr, NULL, NULL);
        if (!strcmp(nm, name) && (!predictor || (pr && !strcmp(pr, predictor))))
            return (long)i;
    }
    return -1;
}

/* "a;b;c" from the report's named list, or "none". */
static inline void named_list(const lr_report *r, lr_assumption a, char *buf, size_t size)
{
    buf[0] = 0;
    size_t n = lr_report_nnamed(r, a);
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(buf);
        snprintf(buf + l, size - l, "%s%s", i ? ";" : "", lr_report_named(r, a, i));
    }
    if (n == 0)
        snprintf(buf, size, "none");
}

#endif
