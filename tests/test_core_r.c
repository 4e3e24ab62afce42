/* The core fit against R: coefficient table (estimates, standard errors,
 * t, p, confidence intervals at 95% and 90%), fit statistics (sigma,
 * R-squared, adjusted R-squared, F and its p-value, logLik, AIC, BIC),
 * covariance, fitted values and residuals, and predictions with confidence
 * and prediction intervals at two levels, for the shared datasets and the
 * edge cases written by tests/reference/core_lm.R. */
#include "fixture.h"
#include "linreg.h"
#include "test_util.h"

/* Agreement with R; a case whose conditioning costs R's own lm digits
 * (lm's QR error is about cond * 1e-16) sets a looser tol and is checked
 * tightly against the exact rational answer instead (exact_ls.py). */
#define TOL 1e-10
static double tol = TOL;

typedef struct {
    const char *name, *data, *xs, *weights;
    int intercept;
    double tol;
} fit_case;

static lr_model *fit_from(const fixture *d, char **xs, size_t k, const char *wname, int intercept,
                          double **keep)
{
    size_t n = d->nrows;
    double *x = calloc(n * (k ? k : 1), sizeof(double));
    for (size_t j = 0; j < k; j++) {
        int c = fixture_col(d, xs[j]);
        for (size_t i = 0; i < n; i++)
            x[i * k + j] = fixture_num(d, i, c);
    }
    double *y = fixture_column(d, "y");
    double *w = wname ? fixture_column(d, wname) : NULL;
    lr_matrix X = lr_matrix_row_major(x, n, k);
    lr_vector yv = lr_vector_of(y, n);
    lr_options o;
    lr_options_init(&o);
    o.intercept = intercept;
    if (w)
        o.weights = lr_vector_of(w, n);
    lr_model *m = NULL;
    lr_status st = lr_fit(&X, &yv, (const char *const *)xs, &o, &m);
    CHECK(st == LR_OK, "lr_fit: %s", lr_last_error());
    keep[0] = x;
    keep[1] = y;
    keep[2] = w;
    return m;
}

static void compare_coef(const char *cs, const lr_model *m)
{
    char path[256];
    fixture f;
    snprintf(path, sizeof path, "tests/fixtures/core/%s_coef.csv", cs);
    CHECK(fixture_load(path, &f) == 0, "cannot read %s", path);
    size_t p = lr_model_ncoef(m);
    CHECK(p == f.nrows, "%s: %zu coefficients, R has %zu", cs, p, f.nrows);
    if (p != f.nrows) {
        fixture_free(&f);
        return;
    }
    static const struct { lr_coef_column col; double level; const char *key; } cols[] = {
        {LR_COEF_ESTIMATE, 0.95, "estimate"}, {LR_COEF_STD_ERROR, 0.95, "std_error"},
        {LR_COEF_T_VALUE, 0.95, "t_value"},   {LR_COEF_P_VALUE, 0.95, "p_value"},
        {LR_COEF_CI_LOW, 0.95, "ci95_low"},   {LR_COEF_CI_HIGH, 0.95, "ci95_high"},
        {LR_COEF_CI_LOW, 0.90, "ci90_low"},   {LR_COEF_CI_HIGH, 0.90, "ci90_high"},
    };
    double got[64];
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
        lr_model_coef_column(m, cols[c].col, cols[c].level, got, p);
        int fc = fixture_col(&f, cols[c].key);
        for (size_t j = 0; j < p; j++) {
            char what[160];
            snprintf(what, sizeof what, "%s %s %s", cs, f.cells[j][0], cols[c].key);
            CHECK(strcmp(lr_model_coef_name(m, j), f.cells[j][0]) == 0, "%s: name %s", what,
                  lr_model_coef_name(m, j));
            CHECK_REL(got[j], fixture_num(&f, j, fc), tol, what);
        }
    }
    for (size_t j = 0; j < p; j++)
        CHECK(lr_model_coef_aliased(m, j) == isnan(fixture_num(&f, j, 1)), "%s: aliased flag of %s",
              cs, f.cells[j][0]);
    fixture_free(&f);
}

static void compare_fit(const char *cs, const lr_model *m)
{
    char path[256];
    fixture f;
    snprintf(path, sizeof path, "tests/fixtures/core/%s_fit.csv", cs);
    CHECK(fixture_load(path, &f) == 0, "cannot read %s", path);
    static const struct { lr_stat s; const char *key; } stats[] = {
        {LR_STAT_N, "n"},
        {LR_STAT_RANK, "rank"},
        {LR_STAT_DF_RESID, "df_resid"},
        {LR_STAT_SIGMA, "sigma"},
        {LR_STAT_R_SQUARED, "r_squared"},
        {LR_STAT_ADJ_R_SQUARED, "adj_r_squared"},
        {LR_STAT_F, "f_statistic"},
        {LR_STAT_F_P_VALUE, "f_p_value"},
        {LR_STAT_LOG_LIKELIHOOD, "log_likelihood"},
        {LR_STAT_AIC, "aic"},
        {LR_STAT_BIC, "bic"},
        {LR_STAT_RSS, "rss"},
    };
    for (size_t i = 0; i < sizeof stats / sizeof stats[0]; i++) {
        char what[128];
        snprintf(what, sizeof what, "%s %s", cs, stats[i].key);
        CHECK_REL(lr_model_stat(m, stats[i].s), fixture_lookup(&f, stats[i].key), tol, what);
    }
    fixture_free(&f);

    snprintf(path, sizeof path, "tests/fixtures/core/%s_vcov.csv", cs);
    CHECK(fixture_load(path, &f) == 0, "cannot read %s", path);
    size_t p = lr_model_ncoef(m);
    double v[64 * 64];
    lr_model_vcov(m, v, sizeof v / sizeof v[0]);
    for (size_t a = 0; a < p && a < f.nrows; a++)
        for (size_t b = 0; b < p && b < f.ncols; b++) {
            char what[128];
            snprintf(what, sizeof what, "%s vcov[%zu,%zu]", cs, a, b);
            /* Off-diagonal covariances near zero: compare on the scale of the diagonal. */
            double ref = fixture_num(&f, a, (int)b);
            double scale = sqrt(fabs(v[a * p + a] * v[b * p + b]));
            if (isnan(ref))
                CHECK(isnan(v[a * p + b]), "%s: expected NaN", what);
            else
                CHECK(fabs(v[a * p + b] - ref) <= tol * scale, "%s: %.17g vs %.17g", what,
                      v[a * p + b], ref);
        }
    fixture_free(&f);

    snprintf(path, sizeof path, "tests/fixtures/core/%s_resid.csv", cs);
    CHECK(fixture_load(path, &f) == 0, "cannot read %s", path);
    const double *fit = lr_model_fitted(m), *res = lr_model_residuals(m);
    CHECK(lr_model_nobs(m) == f.nrows, "%s: %zu residuals, R has %zu", cs, lr_model_nobs(m), f.nrows);
    double rmax = 0, fitmax = 0;
    for (size_t i = 0; i < f.nrows; i++) {
        rmax = fmax(rmax, fabs(fixture_num(&f, i, 1)));
        fitmax = fmax(fitmax, fabs(fixture_num(&f, i, 0)));
    }
    int bad = 0;
    for (size_t i = 0; i < f.nrows && i < lr_model_nobs(m); i++) {
        bad += fabs(res[i] - fixture_num(&f, i, 1)) > tol * rmax;
        bad += fabs(fit[i] - fixture_num(&f, i, 0)) > tol * fitmax;
    }
    CHECK(bad == 0, "%s: %d fitted values or residuals differ from R", cs, bad);
    fixture_free(&f);
}

static void compare_pred(const char *cs, const lr_model *m, char **xs, size_t k)
{
    char path[256];
    fixture f;
    snprintf(path, sizeof path, "tests/fixtures/core/%s_pred.csv", cs);
    if (fixture_load(path, &f) != 0)
        return; /* no prediction fixture for this case */
    size_t q = f.nrows;
    double *x = calloc(q * k + 1, sizeof(double));
    for (size_t j = 0; j < k; j++) {
        int c = fixture_col(&f, xs[j]);
        for (size_t i = 0; i < q; i++)
            x[i * k + j] = fixture_num(&f, i, c);
    }
    lr_matrix X = lr_matrix_row_major(x, q, k);
    double fitv[16], se[16], lo[16], hi[16];
    static const struct { lr_interval kind; double level; const char *lo, *hi; } ivs[] = {
        {LR_INTERVAL_CONFIDENCE, 0.95, "conf95_low", "conf95_high"},
        {LR_INTERVAL_PREDICTION, 0.95, "pred95_low", "pred95_high"},
        {LR_INTERVAL_CONFIDENCE, 0.80, "conf80_low", "conf80_high"},
        {LR_INTERVAL_PREDICTION, 0.80, "pred80_low", "pred80_high"},
    };
    for (size_t v = 0; v < 4; v++) {
        lr_status st = lr_predict(m, &X, ivs[v].kind, ivs[v].level, fitv, se, lo, hi);
        CHECK(st == LR_OK, "%s: lr_predict: %s", cs, lr_last_error());
        for (size_t i = 0; i < q; i++) {
            char what[128];
            snprintf(what, sizeof what, "%s pred row %zu fit", cs, i + 1);
            CHECK_REL(fitv[i], fixture_num(&f, i, fixture_col(&f, "fit")), tol, what);
            snprintf(what, sizeof what, "%s pred row %zu se_fit", cs, i + 1);
            CHECK_REL(se[i], fixture_num(&f, i, fixture_col(&f, "se_fit")), tol, what);
            snprintf(what, sizeof what, "%s pred row %zu %s", cs, i + 1, ivs[v].lo);
            CHECK_REL(lo[i], fixture_num(&f, i, fixture_col(&f, ivs[v].lo)), tol, what);
            snprintf(what, sizeof what, "%s pred row %zu %s", cs, i + 1, ivs[v].hi);
            CHECK_REL(hi[i], fixture_num(&f, i, fixture_col(&f, ivs[v].hi)), tol, what);
        }
    }
    free(x);
    fixture_free(&f);
}

/* Against the exact rational least-squares answer, where one exists. */
static void compare_exact(const char *cs, const lr_model *m)
{
    char path[256];
    fixture f;
    snprintf(path, sizeof path, "tests/fixtures/core/%s_exact.csv", cs);
    if (fixture_load(path, &f) != 0)
        return;
    size_t p = lr_model_ncoef(m);
    double est[64], se[64];
    lr_model_coef_column(m, LR_COEF_ESTIMATE, 0.95, est, p);
    lr_model_coef_column(m, LR_COEF_STD_ERROR, 0.95, se, p);
    for (size_t j = 0; j < p; j++) {
        char what[128];
        snprintf(what, sizeof what, "%s exact estimate %s", cs, lr_model_coef_name(m, j));
        CHECK_REL(est[j], fixture_num(&f, j, 1), 1e-13, what);
        snprintf(what, sizeof what, "%s exact std_error %s", cs, lr_model_coef_name(m, j));
        CHECK_REL(se[j], fixture_num(&f, j, 2), 1e-13, what);
    }
    CHECK_REL(lr_model_stat(m, LR_STAT_SIGMA), fixture_lookup(&f, "sigma"), 1e-13, "exact sigma");
    CHECK_REL(lr_model_stat(m, LR_STAT_R_SQUARED), fixture_lookup(&f, "r_squared"), 1e-13,
              "exact R-squared");
    fixture_free(&f);
}

static void run_case(const fit_case *c)
{
    tol = c->tol > 0 ? c->tol : TOL;
    fixture d;
    CHECK(fixture_load(c->data, &d) == 0, "cannot read %s", c->data);
    char buf[256], *xs[16];
    snprintf(buf, sizeof buf, "%s", c->xs);
    size_t k = 0;
    for (char *t = strtok(buf, "+"); t && k < 16; t = strtok(NULL, "+"))
        xs[k++] = t;
    double *keep[3];
    lr_model *m = fit_from(&d, xs, k, c->weights, c->intercept, keep);
    if (m) {
        compare_coef(c->name, m);
        compare_fit(c->name, m);
        compare_pred(c->name, m, xs, k);
        compare_exact(c->name, m);
    }
    lr_model_free(m);
    for (int i = 0; i < 3; i++)
        free(keep[i]);
    fixture_free(&d);
}

/* A constant response: R reports rounding noise as R-squared and F; the
 * exact answer is a perfect fit with R-squared and F undefined. */
static void constant_response(void)
{
    fixture d;
    CHECK(fixture_load("tests/fixtures/core/consty_data.csv", &d) == 0, "consty data");
    char *xs[] = {"x1", "x2"};
    double *keep[3];
    lr_model *m = fit_from(&d, xs, 2, NULL, 1, keep);
    double est[3];
    lr_model_coef_column(m, LR_COEF_ESTIMATE, 0.95, est, 3);
    CHECK(est[0] == 3.0 && fabs(est[1]) < 1e-15 && fabs(est[2]) < 1e-15,
          "constant response: coefficients %g %g %g", est[0], est[1], est[2]);
    CHECK(lr_model_stat(m, LR_STAT_SIGMA) == 0.0, "constant response: sigma %g",
          lr_model_stat(m, LR_STAT_SIGMA));
    CHECK(isnan(lr_model_stat(m, LR_STAT_R_SQUARED)), "constant response: R-squared defined");
    CHECK(isnan(lr_model_stat(m, LR_STAT_F)), "constant response: F defined");
    char *text = NULL;
    CHECK(lr_model_summary(m, &text) == LR_OK && strstr(text, "perfect fit"),
          "constant response: the summary says why R-squared is undefined");
    lr_free(text);
    lr_model_free(m);
    for (int i = 0; i < 3; i++)
        free(keep[i]);
    fixture_free(&d);
}

int main(void)
{
    fixture man;
    CHECK(fixture_load("tests/fixtures/data/manifest.csv", &man) == 0, "manifest");
    for (size_t i = 0; i < man.nrows; i++) {
        char data[256];
        snprintf(data, sizeof data, "tests/fixtures/data/%s.csv", man.cells[i][0]);
        const char *w = man.cells[i][4];
        fit_case c = {man.cells[i][0], data, man.cells[i][2], *w ? w : NULL,
                      atoi(man.cells[i][3]), 0};
        run_case(&c);
    }
    fixture_free(&man);
    static const fit_case edge[] = {
        {"aliased", "tests/fixtures/core/aliased_data.csv", "x1+x2+x3+x4", NULL, 1, 0},
        {"constcol", "tests/fixtures/core/constcol_data.csv", "x1+x2+x3", NULL, 1, 0},
        {"zeroweights", "tests/fixtures/core/zeroweights_data.csv", "x1+x2", "w", 1, 0},
        {"interceptonly", "tests/fixtures/core/interceptonly_data.csv", "", NULL, 1, 0},
        /* x1 has mean 1e6 and sd 1: R's lm keeps about 9.7 digits here */
        {"offset", "tests/fixtures/core/offset_data.csv", "x1+x2", NULL, 1, 1e-8},
    };
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
        run_case(&edge[i]);
    constant_response();
    return test_report("test_core_r");
}
