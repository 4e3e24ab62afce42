/* The batch diagnostics (lr_diagnose, lr_model_diagnostics_json) against
 * the single-test functions, which are themselves checked against R and
 * statsmodels in the other test_diag_* programs:
 *  - every shared dataset (tests/fixtures/data, tests/fixtures/influence):
 *    every test's status, statistic, df, p-value, n and method, the
 *    Durbin-Watson result, moments, VIFs, condition number, influence
 *    summary, outlier test and every per-row measure and flag, to 1e-12
 *    (statistics) / 1e-10 (p-values) relative;
 *  - synthetic models of 300 000 rows (three chunks, many Harvey-Collier
 *    segments; weights with zeros; no intercept; row-major X), where the
 *    batch adds in another order: 1e-10 (Harvey-Collier's sum of recursive
 *    residuals cancels: 1e-8);
 *  - options (non-default Goldfeld-Quandt order, exact Durbin-Watson,
 *    Breusch-Godfrey order 3, tests switched off), the default set's
 *    White threshold, error paths, streamed models and the JSON object. */
#include "diag_fixture.h"
#include "test_util.h"

#include <cjson/cJSON.h>
#include <stdint.h>

typedef struct {
    double stat, p, dfv, pv; /* tolerances: statistic, p-value, per-row values */
} tols;

static const tols TIGHT = {1e-12, 1e-10, 1e-10, 0};
static const tols LARGE = {1e-10, 1e-9, 1e-9, 0};

static int close_p(double a, double b, double tol)
{
    if (!isnan(b) && b <= 1e-300)
        return a <= 1e-290;
    return test_close(a, b, tol);
}

/* The single-test function of test t with the batch's options. */
static lr_status single(const lr_model *m, const lr_diag_options *o, int t, lr_test_result *r,
                        lr_dw_result *dw)
{
    switch (t) {
    case LR_DIAG_SHAPIRO_WILK:
        return lr_shapiro_wilk(m, r);
    case LR_DIAG_JARQUE_BERA:
        return lr_jarque_bera(m, r);
    case LR_DIAG_OMNIBUS:
        return lr_omnibus_normality(m, r);
    case LR_DIAG_ANDERSON_DARLING:
        return lr_anderson_darling(m, r);
    case LR_DIAG_BREUSCH_PAGAN:
        return lr_breusch_pagan(m, o->bp_studentize, r);
    case LR_DIAG_WHITE:
        return lr_white(m, o->white_f_form, r);
    case LR_DIAG_GOLDFELD_QUANDT:
        return lr_goldfeld_quandt(m, &o->gq, r);
    case LR_DIAG_DURBIN_WATSON: {
        lr_status st = lr_durbin_watson(m, o->dw_method, dw);
        r->statistic = dw->statistic;
        r->p_value = dw->p_positive;
        r->df[0] = r->df[1] = NAN;
        r->n = dw->n;
        snprintf(r->method, sizeof r->method, "%s", dw->method);
        return st;
    }
    case LR_DIAG_BREUSCH_GODFREY:
        return lr_breusch_godfrey(m, &o->bg, r);
    case LR_DIAG_LJUNG_BOX:
        return lr_ljung_box(m, o->lb_lag, o->lb_fitdf, r);
    case LR_DIAG_RESET:
        return lr_reset_test(m, o->reset_power, r);
    case LR_DIAG_RAINBOW:
        return lr_rainbow_test(m, o->rainbow_fraction, o->rainbow_center, r);
    case LR_DIAG_HARVEY_COLLIER:
        return lr_harvey_collier_test(m, r);
    }
    return LR_ERR_INVALID_ARG;
}

/* Per-row values: |a - b| <= tol (|b| + scale), scale = max |b|. */
static void compare_rows(const char *what, const double *a, const double *b, size_t len, double tol)
{
    double scale = 0.0;
    for (size_t i = 0; i < len; i++)
        if (isfinite(b[i]) && fabs(b[i]) > scale)
            scale = fabs(b[i]);
    size_t bad = 0, first = SIZE_MAX;
    for (size_t i = 0; i < len; i++) {
        int ok = isnan(b[i]) ? isnan(a[i]) : fabs(a[i] - b[i]) <= tol * (fabs(b[i]) + scale);
        if (!ok && bad++ == 0)
            first = i;
    }
    CHECK(bad == 0, "%s: %zu values differ, first at %zu (%.17g vs %.17g)", what, bad, first,
          first == SIZE_MAX ? 0.0 : a[first], first == SIZE_MAX ? 0.0 : b[first]);
}

/* Everything lr_diagnose(m, o) gives against the single functions. */
static void compare(const char *name, const lr_model *m, const lr_diag_options *o, tols tl)
{
    lr_diagnostics *d = NULL;
    lr_status st = lr_diagnose(m, o, &d);
    CHECK(st == LR_OK, "%s: lr_diagnose: %s", name, lr_last_error());
    if (st != LR_OK)
        return;
    for (int t = 0; t < LR_DIAG_TEST_COUNT_; t++) {
        if (o->tests[t] == LR_DIAG_OFF)
            continue;
        lr_test_result a, b;
        lr_dw_result dw;
        lr_status sa = lr_diagnostics_test(d, (lr_diag_test)t, &a);
        if (lr_diagnostics_skipped(d, (lr_diag_test)t)) {
            CHECK(sa == LR_ERR_NOT_FOUND, "%s test %d: skipped gives NOT_FOUND", name, t);
            continue;
        }
        char msg[512];
        snprintf(msg, sizeof msg, "%s", lr_diagnostics_message(d, (lr_diag_test)t));
        lr_status sb = single(m, o, t, &b, &dw);
        CHECK(sa == sb, "%s test %d: status %d vs %d (%s / %s)", name, t, (int)sa, (int)sb, msg,
              lr_last_error());
        if (sa != sb)
            continue;
        if (sa != LR_OK) {
            CHECK(!strcmp(msg, lr_last_error()), "%s test %d: message '%s' vs '%s'", name, t, msg,
                  lr_last_error());
            continue;
        }
        char what[160];
        snprintf(what, sizeof what, "%s test %d statistic", name, t);
        CHECK_REL(a.statistic, b.statistic, t == LR_DIAG_HARVEY_COLLIER ? 100 * tl.stat : tl.stat,
                  what);
        CHECK(close_p(a.p_value, b.p_value,
                      t == LR_DIAG_HARVEY_COLLIER ? 100 * tl.p : tl.p),
              "%s test %d: p %.17g vs %.17g", name, t, a.p_value, b.p_value);
        CHECK((a.df[0] == b.df[0] || (isnan(a.df[0]) && isnan(b.df[0]))) &&
                  (a.df[1] == b.df[1] || (isnan(a.df[1]) && isnan(b.df[1]))),
              "%s test %d: df %g %g vs %g %g", name, t, a.df[0], a.df[1], b.df[0], b.df[1]);
        CHECK(a.n == b.n, "%s test %d: n %zu vs %zu", name, t, a.n, b.n);
        CHECK(!strcmp(a.method, b.method), "%s test %d: method '%s' vs '%s'", name, t, a.method,
              b.method);
        if (t == LR_DIAG_DURBIN_WATSON) {
            lr_dw_result da;
            CHECK(lr_diagnostics_durbin_watson(d, &da) == LR_OK, "%s: DW getter", name);
            CHECK(close_p(da.p_negative, dw.p_negative, tl.p) &&
                      close_p(da.p_two_sided, dw.p_two_sided, tl.p) && da.exact == dw.exact,
                  "%s: DW other alternatives %.17g %.17g", name, da.p_negative, dw.p_negative);
        }
    }
    double sa, ka, sb, kb;
    lr_status ma = lr_diagnostics_moments(d, &sa, &ka), mb = lr_residual_moments(m, &sb, &kb);
    CHECK(ma == mb, "%s: moments status %d vs %d", name, (int)ma, (int)mb);
    if (ma == LR_OK && mb == LR_OK) {
        CHECK_REL(sa, sb, 1e3 * tl.stat, "moments skewness");
        CHECK_REL(ka, kb, tl.stat, "moments kurtosis");
    }
    const size_t p = lr_model_ncoef(m), n = lr_model_nobs(m);
    double *va = calloc(p, sizeof(double)), *vb = calloc(p, sizeof(double));
    double *cb = calloc(p, sizeof(double)), ca;
    if (o->collinearity) {
        CHECK(lr_diagnostics_vif(d, va, p) == LR_OK && lr_vif(m, vb, p) == LR_OK, "%s: VIFs",
              name);
        for (size_t j = 0; j < p; j++)
            CHECK(va[j] == vb[j] || (isnan(va[j]) && isnan(vb[j])), "%s: VIF %zu", name, j);
        CHECK(lr_diagnostics_condition_number(d, &ca) == LR_OK &&
                  lr_collinearity_diagnostics(m, cb, NULL, p) == LR_OK &&
                  ca == cb[(size_t)lr_model_stat(m, LR_STAT_RANK) - 1],
              "%s: condition number", name);
    }
    free(va);
    free(vb);
    free(cb);
    if (o->influence) {
        lr_influence_summary xa, xb;
        lr_status ia = lr_diagnostics_influence(d, &xa), ib = lr_influence_summarize(m, &xb);
        CHECK(ia == ib, "%s: influence status %d vs %d", name, (int)ia, (int)ib);
        if (ia == LR_OK && ib == LR_OK) {
            CHECK(xa.n == xb.n && xa.max_hat_row == xb.max_hat_row &&
                      xa.max_cooks_d_row == xb.max_cooks_d_row && xa.n_flagged == xb.n_flagged,
                  "%s: summary rows/counts (%zu %zu %zu vs %zu %zu %zu)", name, xa.max_hat_row,
                  xa.max_cooks_d_row, xa.n_flagged, xb.max_hat_row, xb.max_cooks_d_row,
                  xb.n_flagged);
            for (int bit = 0; bit < 5; bit++)
                CHECK(xa.n_flagged_by[bit] == xb.n_flagged_by[bit], "%s: flag %d count", name, bit);
            CHECK_REL(xa.max_hat, xb.max_hat, tl.stat, "max leverage");
            CHECK_REL(xa.max_cooks_d, xb.max_cooks_d, tl.stat * 100, "max Cook's distance");
            lr_test_result oa, ob;
            size_t ra[10], rb[10], na = 0, nb = 0;
            double ta[10], tb[10], pa[10], pb[10], ba[10], bb[10];
            CHECK(lr_diagnostics_outliers(d, &oa, ra, ta, pa, ba, 10, &na) == LR_OK &&
                      lr_outlier_test(m, o->outlier_cutoff, o->outlier_max, &ob, rb, tb, pb, bb,
                                      &nb) == LR_OK,
                  "%s: outlier tests", name);
            CHECK(na == nb, "%s: outliers %zu vs %zu", name, na, nb);
            for (size_t a = 0; a < na && a < nb; a++) {
                CHECK(ra[a] == rb[a], "%s: outlier %zu row %zu vs %zu", name, a, ra[a], rb[a]);
                CHECK_REL(ta[a], tb[a], tl.stat, "outlier rstudent");
                CHECK(close_p(pa[a], pb[a], tl.p) && close_p(ba[a], bb[a], tl.p),
                      "%s: outlier p-values", name);
            }
            CHECK_REL(oa.statistic, ob.statistic, tl.stat, "outlier statistic");
        }
        if (ia == LR_OK && o->keep_influence) {
            double *arr[LR_INFL_COUNT_];
            unsigned char *fl = calloc(n, 1);
            for (int q = 0; q < LR_INFL_COUNT_; q++)
                arr[q] = calloc(q >= LR_INFL_DFBETA ? n * p : n, sizeof(double));
            CHECK(lr_influence_measures(m, arr, fl, n) == LR_OK, "%s: measures", name);
            for (int q = 0; q < LR_INFL_COUNT_; q++) {
                const double *v = NULL;
                size_t len = 0;
                lr_status vs = lr_diagnostics_influence_values(d, (lr_influence_measure)q, &v, &len);
                const int dfb = q >= LR_INFL_DFBETA;
                if (dfb && !o->keep_dfbetas) {
                    CHECK(vs == LR_ERR_NOT_FOUND && !v, "%s: DFBETA not kept", name);
                    continue;
                }
                CHECK(vs == LR_OK && len == (dfb ? n * p : n), "%s: measure %d kept", name, q);
                char what[96];
                snprintf(what, sizeof what, "%s measure %d", name, q);
                if (vs == LR_OK)
                    compare_rows(what, v, arr[q], len, tl.dfv);
            }
            const unsigned char *f = NULL;
            size_t len = 0;
            CHECK(lr_diagnostics_influence_flags(d, &f, &len) == LR_OK && len == n &&
                      !memcmp(f, fl, n),
                  "%s: flags", name);
            for (int q = 0; q < LR_INFL_COUNT_; q++)
                free(arr[q]);
            free(fl);
        }
    }
    lr_diagnostics_free(d);
}

static void all_on(lr_diag_options *o)
{
    lr_diag_options_init(o);
    for (int t = 0; t < LR_DIAG_TEST_COUNT_; t++)
        o->tests[t] = LR_DIAG_ON;
    o->keep_influence = 1;
    o->keep_dfbetas = 1;
}

static void fixtures(void)
{
    fx_spec specs[FX_MAX_SETS];
    const size_t ns = fx_specs(specs, FX_MAX_SETS);
    CHECK(ns >= 10, "dataset list");
    lr_diag_options o;
    all_on(&o);
    for (size_t i = 0; i < ns; i++) {
        fx_fit f;
        lr_status st = fx_fit_spec(&specs[i], 0, 0, &f);
        CHECK(st == LR_OK, "%s: fit: %s", specs[i].name, lr_last_error());
        if (st == LR_OK) {
            compare(specs[i].name, f.model, &o, TIGHT);
            /* non-default options of the tests the batch computes itself */
            lr_diag_options o2;
            all_on(&o2);
            o2.keep_dfbetas = 0;
            o2.bp_studentize = 0;
            o2.white_f_form = 1;
            o2.bg.order = 3;
            o2.bg.f_form = 1;
            o2.bg.fill = 0.5;
            o2.lb_lag = 4;
            o2.lb_fitdf = 1;
            o2.reset_power = 4;
            o2.rainbow_fraction = 0.4;
            o2.rainbow_center = 0.6;
            o2.gq.fraction = 0.2;
            o2.gq.alternative = LR_ALT_TWO_SIDED;
            o2.dw_method = LR_DW_NORMAL;
            o2.outlier_cutoff = 1.0;
            o2.outlier_max = 3;
            char name[96];
            snprintf(name, sizeof name, "%s (options)", specs[i].name);
            compare(name, f.model, &o2, TIGHT);
            if (f.n > 120) { /* orders and lags beyond what the pass takes */
                lr_diag_options o3 = o2;
                o3.bg.order = 70;
                o3.lb_lag = 100;
                snprintf(name, sizeof name, "%s (long lags)", specs[i].name);
                compare(name, f.model, &o3, TIGHT);
            }
            o2.gq.order_by = 0; /* ordered by a column: the single function runs */
            o2.dw_method = LR_DW_EXACT;
            snprintf(name, sizeof name, "%s (ordered GQ, exact DW)", specs[i].name);
            compare(name, f.model, &o2, TIGHT);
        }
        fx_fit_free(&f);
    }
}

/* Deterministic normal numbers (splitmix64 + Box-Muller). */
static uint64_t rng = 0x1234567ULL;
static double unif(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return ((double)((z ^ (z >> 31)) >> 11) + 0.5) * 0x1p-53;
}
static double gauss(void) { return sqrt(-2.0 * log(unif())) * cos(6.283185307179586 * unif()); }

/* n rows, k predictors; kind 0: plain, 1: weights with zeros, 2: no
 * intercept, 3: row-major X and a trend. */
static void large(size_t n, size_t k, int kind)
{
    double *X = malloc(n * k * sizeof(double)), *y = malloc(n * sizeof(double));
    double *w = malloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        double s = 1.0, x0 = 0.0;
        for (size_t j = 0; j < k; j++) {
            double x = gauss() + (kind == 3 && j == 0 ? (double)i / (double)n : 0.0);
            if (j == 0)
                x0 = x;
            X[kind == 3 ? i * k + j : i + j * n] = x;
            s += x / (double)(j + 1);
        }
        y[i] = s + gauss() * (1.0 + 0.3 * fabs(x0)) + 0.05 * x0 * x0;
        w[i] = kind == 1 && i % 11 == 5 ? 0.0 : 0.5 + unif();
    }
    lr_matrix Xm = kind == 3 ? lr_matrix_row_major(X, n, k) : lr_matrix_col_major(X, n, k);
    lr_vector yv = lr_vector_of(y, n);
    lr_options fo;
    lr_options_init(&fo);
    fo.intercept = kind != 2;
    if (kind == 1)
        fo.weights = lr_vector_of(w, n);
    lr_model *m = NULL;
    CHECK(lr_fit(&Xm, &yv, NULL, &fo, &m) == LR_OK, "large fit %d: %s", kind, lr_last_error());
    lr_diag_options o;
    all_on(&o);
    o.keep_dfbetas = kind == 1;
    char name[64];
    snprintf(name, sizeof name, "large n=%zu k=%zu kind %d", n, k, kind);
    if (m)
        compare(name, m, &o, LARGE);
    lr_model_free(m);
    free(X);
    free(y);
    free(w);
}

/* Small and degenerate models: every status and message as the single
 * functions give them (too few rows, an exact fit, one predictor, the
 * intercept alone). */
static void small_models(void)
{
    static const size_t sizes[] = {3, 4, 5, 6, 9, 12, 40};
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++)
        for (int kind = 0; kind < 4; kind++) {
            const size_t n = sizes[si], k = kind == 3 ? 0 : kind == 2 ? 1 : 2;
            double X[2 * 40], y[40];
            for (size_t i = 0; i < n; i++) {
                double s = 0.5;
                for (size_t j = 0; j < k; j++) {
                    X[i + j * n] = gauss();
                    s += (double)(j + 1) * X[i + j * n];
                }
                y[i] = kind == 1 ? s : s + gauss(); /* kind 1: an exact fit */
            }
            lr_matrix Xm = lr_matrix_col_major(X, n, k);
            lr_vector yv = lr_vector_of(y, n);
            lr_model *m = NULL;
            if (lr_fit(&Xm, &yv, NULL, NULL, &m) != LR_OK) {
                lr_model_free(m);
                continue; /* fewer rows than coefficients */
            }
            lr_diag_options o;
            all_on(&o);
            char name[64];
            snprintf(name, sizeof name, "small n=%zu kind %d", n, kind);
            compare(name, m, &o, TIGHT);
            lr_model_free(m);
        }
}

/* A model wider than the batch's block (rank >= LR_DG_BLOCK - 1) runs the
 * single functions: the same results. */
static void wide_model(void)
{
    const size_t n = 700, k = 260;
    double *X = malloc(n * k * sizeof(double)), *y = malloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        y[i] = gauss();
        for (size_t j = 0; j < k; j++) {
            X[i + j * n] = gauss();
            y[i] += X[i + j * n] / (double)(j + 1);
        }
    }
    lr_matrix Xm = lr_matrix_col_major(X, n, k);
    lr_vector yv = lr_vector_of(y, n);
    lr_model *m = NULL;
    CHECK(lr_fit(&Xm, &yv, NULL, NULL, &m) == LR_OK, "wide fit");
    lr_diag_options o;
    all_on(&o);
    o.tests[LR_DIAG_WHITE] = LR_DIAG_OFF; /* 34 000 generated regressors */
    if (m)
        compare("wide", m, &o, TIGHT);
    lr_model_free(m);
    free(X);
    free(y);
}

/* The default set: White skipped above max_work, reported so. */
static void default_set(void)
{
    const size_t n = 20000, k = 10;
    double *X = malloc(n * k * sizeof(double)), *y = malloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        y[i] = gauss();
        for (size_t j = 0; j < k; j++) {
            X[i + j * n] = gauss();
            y[i] += X[i + j * n];
        }
    }
    lr_matrix Xm = lr_matrix_col_major(X, n, k);
    lr_vector yv = lr_vector_of(y, n);
    lr_model *m = NULL;
    CHECK(lr_fit(&Xm, &yv, NULL, NULL, &m) == LR_OK, "default-set fit");
    lr_diag_options o;
    lr_diag_options_init(&o);
    lr_diagnostics *d = NULL;
    lr_test_result r;
    /* n q^2 = 20000 * 65^2 = 8.45e7: in the default set */
    CHECK(lr_diagnose(m, &o, &d) == LR_OK, "defaults");
    CHECK(lr_diagnostics_test(d, LR_DIAG_WHITE, &r) == LR_OK && !lr_diagnostics_skipped(d, LR_DIAG_WHITE),
          "White runs below the limit");
    CHECK(lr_diagnostics_test(d, LR_DIAG_SHAPIRO_WILK, &r) == LR_ERR_UNDEFINED &&
              strstr(lr_diagnostics_message(d, LR_DIAG_SHAPIRO_WILK), "5000"),
          "Shapiro-Wilk reports n > 5000");
    CHECK(lr_diagnostics_test(d, LR_DIAG_HARVEY_COLLIER, &r) == LR_OK, "HC in the default set");
    const double *v;
    size_t len;
    CHECK(lr_diagnostics_influence_values(d, LR_INFL_HAT, &v, &len) == LR_ERR_NOT_FOUND,
          "per-row values not kept by default");
    lr_diagnostics_free(d);
    o.max_work = 1e7;
    CHECK(lr_diagnose(m, &o, &d) == LR_OK, "lower limit");
    CHECK(lr_diagnostics_skipped(d, LR_DIAG_WHITE) &&
              lr_diagnostics_test(d, LR_DIAG_WHITE, &r) == LR_ERR_NOT_FOUND &&
              strstr(lr_diagnostics_message(d, LR_DIAG_WHITE), "skipped"),
          "White skipped above the limit: %s", lr_diagnostics_message(d, LR_DIAG_WHITE));
    char *json = NULL;
    CHECK(lr_diagnostics_json(d, &json) == LR_OK, "json");
    cJSON *doc = json ? cJSON_Parse(json) : NULL;
    const cJSON *wj = cJSON_GetObjectItemCaseSensitive(doc, "white");
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(wj, "skipped")) &&
              cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(wj, "statistic")) &&
              cJSON_IsString(cJSON_GetObjectItemCaseSensitive(wj, "error")),
          "JSON reports White as skipped with the reason");
    cJSON_Delete(doc);
    lr_free(json);
    lr_diagnostics_free(d);
    o.tests[LR_DIAG_WHITE] = LR_DIAG_ON;
    CHECK(lr_diagnose(m, &o, &d) == LR_OK, "White asked for");
    CHECK(lr_diagnostics_test(d, LR_DIAG_WHITE, &r) == LR_OK, "White runs when asked for");
    lr_diagnostics_free(d);
    /* switched off: NOT_FOUND, not skipped, absent from the JSON */
    lr_diag_options_init(&o);
    o.tests[LR_DIAG_RESET] = LR_DIAG_OFF;
    o.collinearity = 0;
    o.influence = 0;
    CHECK(lr_diagnose(m, &o, &d) == LR_OK, "some off");
    CHECK(lr_diagnostics_test(d, LR_DIAG_RESET, &r) == LR_ERR_NOT_FOUND &&
              !lr_diagnostics_skipped(d, LR_DIAG_RESET),
          "RESET off");
    double vifs[16], cn;
    CHECK(lr_diagnostics_vif(d, vifs, 16) == LR_ERR_NOT_FOUND &&
              lr_diagnostics_condition_number(d, &cn) == LR_ERR_NOT_FOUND,
          "collinearity off");
    lr_influence_summary s;
    CHECK(lr_diagnostics_influence(d, &s) == LR_ERR_NOT_FOUND, "influence off");
    CHECK(lr_diagnostics_json(d, &json) == LR_OK, "json with tests off");
    doc = json ? cJSON_Parse(json) : NULL;
    CHECK(doc && !cJSON_GetObjectItemCaseSensitive(doc, "reset") &&
              !cJSON_GetObjectItemCaseSensitive(doc, "vif") &&
              !cJSON_GetObjectItemCaseSensitive(doc, "influence") &&
              cJSON_GetObjectItemCaseSensitive(doc, "rainbow"),
          "switched-off parts are absent from the JSON");
    cJSON_Delete(doc);
    lr_free(json);
    lr_diagnostics_free(d);
    lr_model_free(m);
    free(X);
    free(y);
}

static double num(const cJSON *e, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* lr_model_diagnostics_json: every entry, the numbers of lr_diagnose read
 * back exactly. */
static void json_matches(const fx_spec *s)
{
    static const char *const keys[LR_DIAG_TEST_COUNT_] = {
        "shapiro_wilk", "jarque_bera", "omnibus", "anderson_darling", "breusch_pagan",
        "white", "goldfeld_quandt", "durbin_watson", "breusch_godfrey", "ljung_box",
        "reset", "rainbow", "harvey_collier"};
    fx_fit f;
    if (fx_fit_spec(s, 0, 0, &f) != LR_OK) {
        CHECK(0, "%s: fit", s->name);
        return;
    }
    char *json = NULL;
    lr_status st = lr_model_diagnostics_json(f.model, NULL, &json);
    CHECK(st == LR_OK && json, "%s: lr_model_diagnostics_json: %s", s->name, lr_last_error());
    cJSON *doc = json ? cJSON_Parse(json) : NULL;
    CHECK(doc != NULL, "%s: the JSON parses", s->name);
    lr_diagnostics *d = NULL;
    CHECK(lr_diagnose(f.model, NULL, &d) == LR_OK, "%s: diagnose", s->name);
    for (int t = 0; doc && d && t < LR_DIAG_TEST_COUNT_; t++) {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(doc, keys[t]);
        CHECK(cJSON_IsObject(e), "%s: entry %s", s->name, keys[t]);
        lr_test_result r;
        lr_status ts = lr_diagnostics_test(d, (lr_diag_test)t, &r);
        const cJSON *method = cJSON_GetObjectItemCaseSensitive(e, "method");
        CHECK(cJSON_IsString(method) && method->valuestring[0], "%s %s: method", s->name, keys[t]);
        CHECK(cJSON_GetObjectItemCaseSensitive(e, "df") != NULL &&
                  cJSON_GetObjectItemCaseSensitive(e, "n") != NULL,
              "%s %s: df and n present", s->name, keys[t]);
        if (ts != LR_OK) {
            const cJSON *err = cJSON_GetObjectItemCaseSensitive(e, "error");
            CHECK(cJSON_IsString(err) && !strcmp(err->valuestring,
                                                 lr_diagnostics_message(d, (lr_diag_test)t)) &&
                      cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(e, "statistic")),
                  "%s %s: error entry", s->name, keys[t]);
            continue;
        }
        CHECK(num(e, "statistic") == r.statistic && num(e, "p_value") == r.p_value &&
                  num(e, "n") == (double)r.n && !strcmp(method->valuestring, r.method),
              "%s %s: numbers read back exactly", s->name, keys[t]);
        const cJSON *df = cJSON_GetObjectItemCaseSensitive(e, "df");
        if (isnan(r.df[0]))
            CHECK(cJSON_IsNull(df), "%s %s: df null", s->name, keys[t]);
        else if (isnan(r.df[1]))
            CHECK(cJSON_IsNumber(df) && df->valuedouble == r.df[0], "%s %s: df", s->name, keys[t]);
        else
            CHECK(cJSON_IsArray(df) && cJSON_GetArrayItem(df, 0)->valuedouble == r.df[0] &&
                      cJSON_GetArrayItem(df, 1)->valuedouble == r.df[1],
                  "%s %s: df pair", s->name, keys[t]);
    }
    if (doc && d) {
        lr_dw_result dw;
        if (lr_diagnostics_durbin_watson(d, &dw) == LR_OK) {
            const cJSON *e = cJSON_GetObjectItemCaseSensitive(doc, "durbin_watson");
            CHECK(num(e, "p_value_negative") == dw.p_negative &&
                      cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(e, "exact")),
                  "%s: DW extra fields", s->name);
        }
        const cJSON *vif = cJSON_GetObjectItemCaseSensitive(doc, "vif");
        double v[FX_MAX_COLS], cn;
        lr_diagnostics_vif(d, v, FX_MAX_COLS);
        lr_diagnostics_condition_number(d, &cn);
        const size_t p = lr_model_ncoef(f.model);
        CHECK(cJSON_IsObject(vif) && (size_t)cJSON_GetArraySize(vif) == p - (size_t)s->intercept,
              "%s: vif entries", s->name);
        for (size_t j = (size_t)s->intercept; j < p && vif; j++) {
            const cJSON *x = cJSON_GetObjectItemCaseSensitive(vif, lr_model_coef_name(f.model, j));
            CHECK(isnan(v[j]) ? cJSON_IsNull(x) : (cJSON_IsNumber(x) && x->valuedouble == v[j]),
                  "%s: vif %zu", s->name, j);
        }
        CHECK(num(doc, "condition_number") == cn, "%s: condition number", s->name);
        const cJSON *inf = cJSON_GetObjectItemCaseSensitive(doc, "influence");
        lr_influence_summary sm;
        if (lr_diagnostics_influence(d, &sm) == LR_OK) {
            const cJSON *mh = cJSON_GetObjectItemCaseSensitive(inf, "max_leverage");
            const cJSON *ot = cJSON_GetObjectItemCaseSensitive(inf, "outlier_test");
            CHECK(num(mh, "value") == sm.max_hat && num(mh, "row") == (double)sm.max_hat_row + 1 &&
                      num(inf, "n_flagged") == (double)sm.n_flagged &&
                      cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(ot, "outliers")),
                  "%s: influence entry", s->name);
        } else {
            CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(inf, "error")),
                  "%s: influence error entry", s->name);
        }
    }
    cJSON_Delete(doc);
    lr_free(json);
    lr_diagnostics_free(d);
    fx_fit_free(&f);
}

static void errors(const fx_spec *clean)
{
    fx_fit f;
    if (fx_fit_spec(clean, 0, 0, &f) != LR_OK) {
        CHECK(0, "clean fit");
        return;
    }
    const lr_model *m = f.model;
    lr_diagnostics *d = (lr_diagnostics *)1;
    CHECK(lr_diagnose(NULL, NULL, &d) == LR_ERR_INVALID_ARG && d == NULL, "NULL model");
    CHECK(lr_diagnose(m, NULL, NULL) == LR_ERR_INVALID_ARG, "NULL out");
    lr_diag_options o;
#define BAD(field_set, what)                                                                      \
    do {                                                                                          \
        lr_diag_options_init(&o);                                                                 \
        field_set;                                                                                \
        d = NULL;                                                                                 \
        CHECK(lr_diagnose(m, &o, &d) == LR_ERR_INVALID_ARG && d == NULL && lr_last_error()[0],  \
              "invalid option: %s", what);                                                        \
    } while (0)
    BAD(o.dw_method = (lr_dw_method)7, "DW method");
    BAD(o.gq.alternative = (lr_alternative)9, "GQ alternative");
    BAD(o.gq.point = -1, "GQ point");
    BAD(o.gq.fraction = NAN, "GQ fraction");
    BAD(o.bg.order = 0, "BG order");
    BAD(o.bg.fill = INFINITY, "BG fill");
    BAD(o.reset_power = 11, "RESET power");
    BAD(o.rainbow_fraction = 1.5, "rainbow fraction");
    BAD(o.rainbow_center = 1.0, "rainbow center");
    BAD(o.outlier_cutoff = 0.0, "outlier cutoff");
    BAD(o.outlier_max = 0, "outlier max");
    BAD(o.tests[3] = (lr_diag_choice)5, "test choice");
    BAD(o.max_work = -1, "max_work");
    /* a model-dependent option error is the test's own status */
    lr_diag_options_init(&o);
    o.lb_lag = 100000;
    o.gq.order_by = 99;
    CHECK(lr_diagnose(m, &o, &d) == LR_OK, "model-dependent options");
    lr_test_result r;
    CHECK(lr_diagnostics_test(d, LR_DIAG_LJUNG_BOX, &r) == LR_ERR_INVALID_ARG &&
              strstr(lr_diagnostics_message(d, LR_DIAG_LJUNG_BOX), "lag"),
          "Ljung-Box lag beyond n: %s", lr_diagnostics_message(d, LR_DIAG_LJUNG_BOX));
    CHECK(lr_diagnostics_test(d, LR_DIAG_GOLDFELD_QUANDT, &r) == LR_ERR_INVALID_ARG,
          "GQ order_by out of range");
    /* getters */
    CHECK(lr_diagnostics_test(NULL, LR_DIAG_RESET, &r) == LR_ERR_INVALID_ARG, "NULL diag");
    CHECK(lr_diagnostics_test(d, (lr_diag_test)99, &r) == LR_ERR_INVALID_ARG, "unknown test");
    CHECK(lr_diagnostics_test(d, LR_DIAG_RESET, NULL) == LR_ERR_INVALID_ARG, "NULL out");
    CHECK(!strcmp(lr_diagnostics_message(d, (lr_diag_test)-1), "") &&
              !strcmp(lr_diagnostics_message(NULL, LR_DIAG_RESET), ""),
          "message of nothing");
    CHECK(lr_diagnostics_skipped(NULL, LR_DIAG_WHITE) == 0, "skipped NULL");
    double v[2];
    CHECK(lr_diagnostics_vif(d, v, 1) == LR_ERR_DIMENSION, "short VIF array");
    const double *vals;
    size_t len;
    CHECK(lr_diagnostics_influence_values(d, (lr_influence_measure)42, &vals, &len) ==
              LR_ERR_INVALID_ARG,
          "unknown measure");
    const unsigned char *fl;
    CHECK(lr_diagnostics_influence_flags(d, &fl, &len) == LR_ERR_NOT_FOUND, "flags not kept");
    CHECK(lr_diagnostics_durbin_watson(d, NULL) == LR_ERR_INVALID_ARG, "DW NULL");
    CHECK(lr_diagnostics_moments(d, NULL, v) == LR_ERR_INVALID_ARG, "moments NULL");
    CHECK(lr_diagnostics_json(NULL, NULL) == LR_ERR_INVALID_ARG, "json NULL");
    char *json = NULL;
    CHECK(lr_model_diagnostics_json(NULL, NULL, &json) == LR_ERR_INVALID_ARG && !json,
          "model json NULL");
    o.dw_method = (lr_dw_method)-3;
    CHECK(lr_model_diagnostics_json(m, &o, &json) == LR_ERR_INVALID_ARG && !json,
          "model json bad options");
    lr_diagnostics_free(d);
    lr_diagnostics_free(NULL);
    fx_fit_free(&f);

    /* a streamed model: every test reports NO_DATA as its function does,
     * VIFs and condition number still come from the factor */
    if (fx_fit_spec(clean, 0, 1, &f) != LR_OK) {
        CHECK(0, "streamed fit");
        return;
    }
    lr_diag_options_init(&o);
    for (int t = 0; t < LR_DIAG_TEST_COUNT_; t++)
        o.tests[t] = LR_DIAG_ON;
    CHECK(lr_diagnose(f.model, &o, &d) == LR_OK, "streamed model");
    for (int t = 0; t < LR_DIAG_TEST_COUNT_; t++)
        CHECK(lr_diagnostics_test(d, (lr_diag_test)t, &r) == LR_ERR_NO_DATA, "streamed test %d", t);
    double cn;
    CHECK(lr_diagnostics_condition_number(d, &cn) == LR_OK && cn >= 1, "streamed condition number");
    lr_influence_summary s;
    CHECK(lr_diagnostics_influence(d, &s) == LR_ERR_NO_DATA, "streamed influence");
    CHECK(lr_diagnostics_json(d, &json) == LR_OK, "streamed json");
    cJSON *doc = cJSON_Parse(json);
    CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(
              cJSON_GetObjectItemCaseSensitive(doc, "reset"), "error")),
          "streamed JSON error entries");
    cJSON_Delete(doc);
    lr_free(json);
    lr_diagnostics_free(d);
    fx_fit_free(&f);
}

int main(void)
{
    fixtures();
    large(300000, 4, 0);
    large(300000, 4, 1);
    large(300000, 3, 2);
    large(300000, 3, 3);
    default_set();
    small_models();
    wide_model();
    fx_spec specs[FX_MAX_SETS];
    const size_t ns = fx_specs(specs, FX_MAX_SETS);
    for (size_t i = 0; i < ns; i++)
        json_matches(&specs[i]);
    for (size_t i = 0; i < ns; i++)
        if (!strcmp(specs[i].name, "clean"))
            errors(&specs[i]);
    return test_report("test_diag_batch");
}
