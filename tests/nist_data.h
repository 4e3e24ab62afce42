/* Reader of the NIST StRD linear-regression .dat files (certified values
 * and data), shared by the NIST tests and the benchmarks. */
#ifndef LR_NIST_DATA_H
#define LR_NIST_DATA_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NIST_MAX_COEF 16
#define NIST_MAX_ROWS 128

typedef struct {
    char name[32];
    int ncoef;                      /* certified coefficients B0.. or B1.. */
    int first_b;                    /* 0 when B0 (intercept) is certified, else 1 */
    double coef[NIST_MAX_COEF], sd[NIST_MAX_COEF];
    double sigma, r2;
    int n, nx;                      /* rows, predictor columns in the file */
    double y[NIST_MAX_ROWS], x[NIST_MAX_ROWS][8];
} nist_set;

static int nist_load(const char *dir, const char *name, nist_set *s)
{
    char path[512], line[1024];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(path, sizeof path, "%s/%s.dat", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int in_data = 0, minb = 99;
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (in_data) {
            if (!*p)
                continue;
            double v[10];
            int c = 0;
            char *end;
            while (c < 10) {
                double d = strtod(p, &end);
                if (end == p)
                    break;
                v[c++] = d;
                p = end;
            }
            if (c < 2 || s->n >= NIST_MAX_ROWS)
                continue;
            s->y[s->n] = v[0];
            s->nx = c - 1;
            for (int j = 1; j < c; j++)
                s->x[s->n][j - 1] = v[j];
            s->n++;
            continue;
        }
        int b;
        double est, sd;
        if (p[0] == 'B' && sscanf(p, "B%d %lf %lf", &b, &est, &sd) == 3 && b < NIST_MAX_COEF) {
            s->coef[b] = est;
            s->sd[b] = sd;
            if (b + 1 > s->ncoef)
                s->ncoef = b + 1;
            if (b < minb)
                minb = b;
        } else if (strncmp(p, "Standard Deviation", 18) == 0) {
            sscanf(p + 18, "%lf", &s->sigma);
        } else if (strncmp(p, "R-Squared", 9) == 0) {
            sscanf(p + 9, "%lf", &s->r2);
        } else if (strncmp(p, "Data:", 5) == 0) {
            char *q = p + 5;
            while (isspace((unsigned char)*q))
                q++;
            if (*q == 'y')
                in_data = 1;
        }
    }
    fclose(f);
    s->first_b = minb;
    return s->n > 0 ? 0 : -1;
}

#endif
