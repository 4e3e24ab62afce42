/* The Windsor house prices with the C API (see examples/README.md):
 *   1. read the CSV (numbers and yes/no columns),
 *   2. fit price ~ . and print R's summary,
 *   3. fit log(price) ~ . and read the coefficients as percentage effects,
 *   4. check the assumptions: the report card with verdicts, plain
 *      sentences and the robust standard errors applied as the remedy,
 *   5. predict the price of a new house with a 95% prediction interval.
 * Build: cc -Iinclude examples/house_prices.c lib/liblinreg.a \
 *            -llapacke -lopenblas -lgsl -lcjson -lm -o house_prices
 * Run:   ./house_prices [examples/data/house_prices_windsor.csv] */
#include "linreg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what)
{
    fprintf(stderr, "house_prices: %s: %s\n", what, lr_last_error());
    return 1;
}

static int print_summary(const lr_model *m)
{
    char *text = NULL;
    if (lr_model_summary(m, &text) != LR_OK)
        return fail("summary");
    fputs(text, stdout);
    lr_free(text);
    return 0;
}

/* A new house as a one-row frame built in C (a CSV would do as well). */
static lr_status new_house(lr_frame **out)
{
    const double lotsize = 6000, bedrooms = 3, bathrooms = 2, stories = 2, garage = 1;
    const char *yes = "yes", *no = "no";
    lr_status st = lr_frame_create(1, out);
    if (st == LR_OK) st = lr_frame_add_numeric(*out, "lotsize", &lotsize);
    if (st == LR_OK) st = lr_frame_add_numeric(*out, "bedrooms", &bedrooms);
    if (st == LR_OK) st = lr_frame_add_numeric(*out, "bathrooms", &bathrooms);
    if (st == LR_OK) st = lr_frame_add_numeric(*out, "stories", &stories);
    if (st == LR_OK) st = lr_frame_add_categorical(*out, "driveway", &yes);
    if (st == LR_OK) st = lr_frame_add_categorical(*out, "recreation", &no);
    if (st == LR_OK) st = lr_frame_add_categorical(*out, "fullbase", &yes);
    if (st == LR_OK) st = lr_frame_add_categorical(*out, "gasheat", &no);
    if (st == LR_OK) st = lr_frame_add_categorical(*out, "aircon", &yes);
    if (st == LR_OK) st = lr_frame_add_numeric(*out, "garage", &garage);
    if (st == LR_OK) st = lr_frame_add_categorical(*out, "prefer", &no);
    return st;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "examples/data/house_prices_windsor.csv";
    lr_frame *data = NULL, *house = NULL;
    lr_model *linear = NULL, *loglin = NULL;
    int rc = 1;

    /* 1. data: price, lot size, rooms... and yes/no features (categorical) */
    if (lr_frame_read_csv(path, NULL, &data) != LR_OK)
        return fail("reading the data");
    printf("Read %zu houses, %zu columns from %s\n", lr_frame_nrows(data), lr_frame_ncols(data), path);

    /* 2. price on every other column: the yes/no columns become dummies
     *    named like R's (airconyes: the premium of air conditioning over none) */
    printf("\n=== Model 1: price ~ . ===\n");
    if (lr_fit_formula(data, "price ~ .", NULL, NULL, &linear) != LR_OK) {
        fail("fitting price ~ .");
        goto done;
    }
    if (print_summary(linear))
        goto done;

    /* 3. on the log scale a coefficient b is a relative effect: exp(b) - 1 */
    printf("\n=== Model 2: log(price) ~ . ===\n");
    if (lr_fit_formula(data, "log(price) ~ .", NULL, NULL, &loglin) != LR_OK) {
        fail("fitting log(price) ~ .");
        goto done;
    }
    if (print_summary(loglin))
        goto done;
    size_t p = lr_model_ncoef(loglin);
    double *est = calloc(3 * p, sizeof *est);
    if (!est)
        goto done;
    double *lo = est + p, *hi = est + 2 * p;
    lr_model_coef_column(loglin, LR_COEF_ESTIMATE, 0.95, est, p);
    lr_model_coef_column(loglin, LR_COEF_CI_LOW, 0.95, lo, p);
    lr_model_coef_column(loglin, LR_COEF_CI_HIGH, 0.95, hi, p);
    printf("\nEffect on the price, other features held fixed (95%% confidence interval;\n"
           "per unit of a count, per 1000 sq ft of lot, 'yes' against 'no' for a feature):\n");
    for (size_t j = 1; j < p; j++) {
        const char *name = lr_model_coef_name(loglin, j);
        double s = strcmp(name, "lotsize") == 0 ? 1000 : 1;
        printf("  %-14s %+6.1f%%  (%+.1f%% to %+.1f%%)\n", name, 100 * expm1(s * est[j]),
               100 * expm1(s * lo[j]), 100 * expm1(s * hi[j]));
    }
    free(est);

    /* 4. The assumption report of model 1: the price spread grows with the
     *    size of the house (heteroscedasticity), so the report applies HC3
     *    standard errors and names the coefficients whose significance
     *    changes; dummy columns are described against their reference level. */
    {
        lr_check_options co;
        lr_check_options_init(&co);
        co.response = "price";
        size_t np = lr_model_ncoef(linear);
        lr_coef_label *labels = calloc(np, sizeof *labels);
        if (labels && lr_design_coef_labels(lr_model_design(linear), labels, np) == LR_OK)
            co.labels = labels;
        lr_report *report = NULL;
        char *text = NULL;
        if (lr_check_assumptions(linear, &co, &report) != LR_OK || lr_report_text(report, &text) != LR_OK) {
            fail("checking the assumptions");
        } else {
            printf("\n=== Assumptions of model 1 ===\n%s", text);
            printf("\nVerdict on constant variance: %s\n",
                   lr_verdict_name(lr_report_verdict(report, LR_ASSUMPTION_HOMOSCEDASTICITY)));
        }
        lr_free(text);
        lr_report_free(report);
        free(labels);
    }

    /* 5. a new house: 6000 sq ft lot, 3 bedrooms, 2 bathrooms, 2 stories,
     *    driveway, full basement, air conditioning, 1 garage place */
    if (new_house(&house) != LR_OK) {
        fail("building the new house");
        goto done;
    }
    double fit, low, up, lfit, llow, lup;
    if (lr_predict_frame(linear, house, LR_INTERVAL_PREDICTION, 0.95, &fit, NULL, &low, &up) !=
            LR_OK ||
        lr_predict_frame(loglin, house, LR_INTERVAL_PREDICTION, 0.95, &lfit, NULL, &llow, &lup) !=
            LR_OK) {
        fail("predicting");
        goto done;
    }
    printf("\nPredicted price of the new house (95%% prediction interval):\n");
    printf("  model 1 (price):      %9.0f  (%9.0f to %9.0f)\n", fit, low, up);
    printf("  model 2 (log price):  %9.0f  (%9.0f to %9.0f)  [exp of the log-scale interval]\n",
           exp(lfit), exp(llow), exp(lup));
    rc = 0;
done:
    lr_model_free(linear);
    lr_model_free(loglin);
    lr_frame_free(house);
    lr_frame_free(data);
    return rc;
}
