/* Shared helpers of the persistence tests (C unit tests, the S3 test and
 * the fuzz seed generator): the Windsor house-price design with yes/no
 * columns as 0/1, and bit-exact comparison of two models. */
#ifndef LR_PERSIST_UTIL_H
#define LR_PERSIST_UTIL_H

#include "linreg.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUSE_K 11
static const char *const house_names[HOUSE_K] = {
    "lotsize", "bedrooms", "bathrooms", "stories", "driveway", "recreation",
    "fullbase", "gasheat", "aircon", "garage", "prefer"};

/* Reads examples/data/house_prices_windsor.csv: X (n x 11, row-major) and
 * y (price). Returns n, 0 on failure. Caller frees *X and *y. */
static size_t house_read(const char *path, double **X, double **y)
{
    FILE *f = fopen(path, "r");
    *X = *y = NULL;
    if (!f)
        return 0;
    char line[1024];
    size_t n = 0, cap = 1024;
    *X = malloc(cap * HOUSE_K * sizeof(double));
    *y = malloc(cap * sizeof(double));
    if (!fgets(line, sizeof line, f)) { /* header */
        fclose(f);
        return 0;
    }
    while (fgets(line, sizeof line, f) && n < cap) {
        char *tok = strtok(line, ",\r\n");
        for (int c = 0; tok && c <= HOUSE_K; c++, tok = strtok(NULL, ",\r\n")) {
            double v = !strcmp(tok, "\"yes\"") ? 1.0 : !strcmp(tok, "\"no\"") ? 0.0 : atof(tok);
            if (c == 0)
                (*y)[n] = v;
            else
                (*X)[n * HOUSE_K + (size_t)c - 1] = v;
        }
        n++;
    }
    fclose(f);
    return n;
}

static int same_bits(double a, double b)
{
    if (isnan(a) && isnan(b))
        return 1;
    uint64_t x, y;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    return x == y;
}

/* Number of differences between two models: coefficient table at two
 * levels, every statistic, covariance, predictions with both intervals on
 * the rows of Xnew. Prints each difference prefixed with what. */
static int models_differ(const lr_model *a, const lr_model *b, const lr_matrix *Xnew, const char *what)
{
    int diffs = 0;
    size_t p = lr_model_ncoef(a);
    if (p != lr_model_ncoef(b)) {
        printf("%s: %zu vs %zu coefficients\n", what, p, lr_model_ncoef(b));
        return 1;
    }
    double *ca = calloc(p * p + 1, sizeof(double)), *cb = calloc(p * p + 1, sizeof(double));
    for (size_t j = 0; j < p; j++) {
        if (strcmp(lr_model_coef_name(a, j), lr_model_coef_name(b, j)) ||
            lr_model_coef_aliased(a, j) != lr_model_coef_aliased(b, j)) {
            printf("%s: coefficient %zu name/aliased differ\n", what, j);
            diffs++;
        }
    }
    const double levels[2] = {0.95, 0.9};
    for (int l = 0; l < 2; l++)
        for (int c = 0; c < LR_COEF_COLUMN_COUNT_; c++) {
            lr_model_coef_column(a, (lr_coef_column)c, levels[l], ca, p);
            lr_model_coef_column(b, (lr_coef_column)c, levels[l], cb, p);
            for (size_t j = 0; j < p; j++)
                if (!same_bits(ca[j], cb[j])) {
                    printf("%s: column %d coef %zu: %.17g vs %.17g\n", what, c, j, ca[j], cb[j]);
                    diffs++;
                }
        }
    for (int s = 0; s < LR_STAT_COUNT_; s++) {
        double x = lr_model_stat(a, (lr_stat)s), y = lr_model_stat(b, (lr_stat)s);
        if (!same_bits(x, y)) {
            printf("%s: stat %s: %.17g vs %.17g\n", what, lr_stat_name((lr_stat)s), x, y);
            diffs++;
        }
    }
    lr_model_vcov(a, ca, p * p);
    lr_model_vcov(b, cb, p * p);
    for (size_t i = 0; i < p * p; i++)
        if (!same_bits(ca[i], cb[i])) {
            printf("%s: vcov[%zu]: %.17g vs %.17g\n", what, i, ca[i], cb[i]);
            diffs++;
        }
    free(ca);
    free(cb);
    if (Xnew) {
        size_t m = Xnew->rows;
        double *v = calloc(8 * m + 1, sizeof(double));
        for (int kind = 0; kind < 3; kind++)
            for (int l = 0; l < 2; l++) {
                lr_status s1 = lr_predict(a, Xnew, (lr_interval)kind, levels[l], v, v + m, v + 2 * m, v + 3 * m);
                lr_status s2 = lr_predict(b, Xnew, (lr_interval)kind, levels[l], v + 4 * m, v + 5 * m,
                                          v + 6 * m, v + 7 * m);
                if (s1 != s2) {
                    printf("%s: predict status %d vs %d\n", what, s1, s2);
                    diffs++;
                }
                for (size_t i = 0; i < (kind ? 4 : 2) * m; i++)
                    if (!same_bits(v[i], v[4 * m + i])) {
                        printf("%s: predict kind %d value %zu: %.17g vs %.17g\n", what, kind, i, v[i],
                               v[4 * m + i]);
                        diffs++;
                        break;
                    }
            }
        free(v);
    }
    return diffs;
}

#endif
