/* Synthetic data for the classic teaching stories, as CSV on stdout:
 *
 *   simulate_houses houses [N] [SEED]
 *     price against living area with an error spread that grows with the
 *     size of the house: price = 40000 + 2000 area + e, sd(e) = 250 area
 *     (area in square metres, uniform on 40..300). The diagnostics find the
 *     heteroscedasticity and robust intervals widen.
 *
 *   simulate_houses patients [PATIENTS] [VISITS] [SEED]
 *     repeated measurements per patient: response = 5 + 0.8 dose + u + e
 *     with a patient effect u ~ N(0, 2^2) shared by a patient's visits and
 *     e ~ N(0, 1): residuals of one patient are correlated, so the
 *     independence assumption fails (cluster-robust errors by patient).
 *
 * Numbers are written with 17 significant digits; the generator is GSL's
 * Mersenne twister (gsl_rng_mt19937), so a seed gives the same file
 * everywhere. Build with the examples (scripts/demo.sh) or:
 *   cc examples/simulate_houses.c -lgsl -lm -o simulate_houses */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: simulate_houses houses [N] [SEED]\n"
                    "       simulate_houses patients [PATIENTS] [VISITS] [SEED]\n");
    return 2;
}

static long arg(int argc, char **argv, int i, long dflt)
{
    if (i >= argc)
        return dflt;
    char *end;
    long v = strtol(argv[i], &end, 10);
    return *end || v < 1 ? -1 : v;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        return 1;
    if (!strcmp(argv[1], "houses")) {
        long n = arg(argc, argv, 2, 500), seed = arg(argc, argv, 3, 1);
        if (n < 0 || seed < 0) {
            gsl_rng_free(r);
            return usage();
        }
        gsl_rng_set(r, (unsigned long)seed);
        printf("area,price\n");
        for (long i = 0; i < n; i++) {
            double area = 40 + 260 * gsl_rng_uniform(r);
            double price = 40000 + 2000 * area + gsl_ran_gaussian(r, 250 * area);
            printf("%.17g,%.17g\n", area, price);
        }
    } else if (!strcmp(argv[1], "patients")) {
        long np = arg(argc, argv, 2, 40), nv = arg(argc, argv, 3, 6), seed = arg(argc, argv, 4, 1);
        if (np < 0 || nv < 0 || seed < 0) {
            gsl_rng_free(r);
            return usage();
        }
        gsl_rng_set(r, (unsigned long)seed);
        printf("patient,visit,dose,response\n");
        for (long p = 1; p <= np; p++) {
            double u = gsl_ran_gaussian(r, 2.0);
            for (long v = 1; v <= nv; v++) {
                double dose = 10 * gsl_rng_uniform(r);
                printf("P%03ld,%ld,%.17g,%.17g\n", p, v, dose,
                       5 + 0.8 * dose + u + gsl_ran_gaussian(r, 1.0));
            }
        }
    } else {
        gsl_rng_free(r);
        return usage();
    }
    gsl_rng_free(r);
    return fflush(stdout) ? 1 : 0;
}
