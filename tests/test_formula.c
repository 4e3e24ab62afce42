/* Formulas and designs against R: deparsed labels and number formatting
 * (tests/fixtures/formulas/{deparse,numbers}.csv), 29 formulas covering
 * R's formula language fitted on data with missing values (coefficient
 * names exactly, estimates and standard errors to 1e-10, n, sigma, R^2 and
 * the na.exclude residuals; tests/reference/formulas.R), the Windsor house
 * prices with categorical columns (price ~ . and log(price) ~ ., every
 * column of the coefficient table, the fit statistics and the prediction
 * of new houses; tests/reference/windsor.R), NIST Filip through
 * y ~ poly(x, 10, raw = TRUE) (>= 12 digits), the design API (assignment,
 * rows, padding, JSON specification round trip, new data), double-double
 * exp/log against known constants, and every error with its message. */
#include "linreg.h"
#include "nist_data.h"
#include "test_util.h"
#include "../src/design/ddmath.h"
#include "../src/design/design_json.h"
#include "../src/design/expr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const double TOL = 1e-10;

/* ----------------------------------------------------- fixture tables */

static lr_frame *read_table(const char *path)
{
    /* columns of text that may look like numbers stay text */
    static const char *const text[] = {"text", "name", "id", "formula", "input", "deparse",
                                       "key", NULL};
    lr_csv_options o;
    lr_csv_options_init(&o);
    lr_frame *f = NULL;
    lr_status st = lr_frame_read_csv(path, NULL, &f);
    if (st == LR_OK) {
        const char *forced[16];
        size_t n = 0;
        for (size_t i = 0; text[i]; i++) {
            size_t j;
            if (lr_frame_find(f, text[i], &j) == LR_OK)
                forced[n++] = text[i];
        }
        forced[n] = NULL;
        lr_frame_free(f);
        f = NULL;
        o.categorical = forced;
        st = lr_frame_read_csv(path, &o, &f);
    }
    CHECK(st == LR_OK, "cannot read %s: %s", path, lr_last_error());
    return f;
}

static size_t col_of(const lr_frame *f, const char *name)
{
    size_t j = (size_t)-1;
    if (lr_frame_find(f, name, &j) != LR_OK)
        CHECK(0, "fixture lacks column %s", name);
    return j;
}

/* Text of cell (i, column): the level of a categorical column; NULL if missing. */
static const char *text_at(const lr_frame *f, size_t i, const char *name)
{
    size_t j = col_of(f, name);
    const int *c = lr_frame_codes(f, j);
    if (!c)
        return NULL;
    return c[i] < 0 ? NULL : lr_frame_level(f, j, (size_t)c[i]);
}

static double num_at(const lr_frame *f, size_t i, const char *name)
{
    const double *x = lr_frame_column(f, col_of(f, name));
    if (!x) {
        CHECK(0, "fixture column %s is not numeric", name);
        return NAN;
    }
    return x[i];
}

/* ------------------------------------------------------- expressions */

static void test_deparse(void)
{
    lr_frame *t = read_table("tests/fixtures/formulas/deparse.csv");
    for (size_t i = 0; t && i < lr_frame_nrows(t); i++) {
        const char *in = text_at(t, i, "input"), *want = text_at(t, i, "deparse");
        lr__expr *e = NULL;
        lr_status st = lr__expr_parse(in, &e);
        CHECK(st == LR_OK, "parse '%s': %s", in, lr_last_error());
        if (!e)
            continue;
        char *got = lr__expr_text(e);
        CHECK(got && !strcmp(got, want), "deparse '%s': got '%s', R gives '%s'", in, got, want);
        /* the exact text parses back to the same label */
        char *exact = lr__expr_text_exact(e);
        lr__expr *back = NULL;
        CHECK(exact && lr__expr_parse(exact, &back) == LR_OK, "reparse '%s'", exact);
        if (back) {
            char *again = lr__expr_text(back);
            CHECK(again && got && !strcmp(again, got), "round trip of '%s'", in);
            free(again);
        }
        lr__expr_free(back);
        free(exact);
        free(got);
        lr__expr_free(e);
    }
    lr_frame_free(t);
    t = read_table("tests/fixtures/formulas/numbers.csv");
    for (size_t i = 0; t && i < lr_frame_nrows(t); i++) {
        char buf[64];
        double v = num_at(t, i, "value");
        const char *want = text_at(t, i, "text");
        if (!want) { /* a text that reads as a number stays numeric: format it back */
            CHECK(0, "numbers.csv: text column must be categorical");
            continue;
        }
        lr__r_format_number(v, buf, sizeof buf);
        CHECK(!strcmp(buf, want), "as.character(%.17g): got '%s', R gives '%s'", v, buf, want);
    }
    lr_frame_free(t);
}

static void test_ddmath(void)
{
    /* e, ln 2 and ln 10 to double-double precision (OEIS A001113, A002162, A002392) */
    const lr_dd e = {0x1.5bf0a8b145769p+1, 0x1.4d57ee2b1013ap-53};
    const lr_dd ln2 = {0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56};
    const lr_dd ln10 = {0x1.26bb1bbb55516p+1, -0x1.f48ad494ea3e9p-53};
    lr_dd x = lr_dd_exp(lr_dd_from(1.0));
    CHECK(fabs((x.hi - e.hi) + (x.lo - e.lo)) < 1e-30, "exp(1) error %g",
          (x.hi - e.hi) + (x.lo - e.lo));
    x = lr_dd_log(lr_dd_from(2.0));
    CHECK(fabs((x.hi - ln2.hi) + (x.lo - ln2.lo)) < 1e-31, "log(2) error %g",
          (x.hi - ln2.hi) + (x.lo - ln2.lo));
    x = lr_dd_log(lr_dd_from(10.0));
    CHECK(fabs((x.hi - ln10.hi) + (x.lo - ln10.lo)) < 1e-30, "log(10) error %g",
          (x.hi - ln10.hi) + (x.lo - ln10.lo));
    /* log(exp(a)) = a and powers against exact products */
    double worst = 0;
    for (double a = -30; a <= 30; a += 0.37) {
        lr_dd r = lr_dd_log(lr_dd_exp(lr_dd_from(a)));
        double err = fabs((r.hi - a) + r.lo) / fabs(a);
        worst = err > worst ? err : worst;
    }
    CHECK(worst < 1e-29, "log(exp(a)) relative error %g", worst);
    lr_dd p = lr_dd_powi(lr_dd_from(3.0), 40); /* 3^40 = 12157665459056928801, exact in dd */
    CHECK(p.hi == 12157665459056928801.0 && p.hi + p.lo == p.hi &&
              (long double)p.hi + (long double)p.lo == 12157665459056928801.0L,
          "3^40 = %.17g + %.17g", p.hi, p.lo);
    lr_dd q = lr_dd_div(lr_dd_from(1.0), lr_dd_from(3.0));
    lr_dd back = lr_dd_mul_d(q, 3.0);
    CHECK(fabs((back.hi - 1.0) + back.lo) < 1e-31, "1/3*3");
}

/* ---------------------------------------------------- R formula models */

static void check_model(const lr_frame *data, const lr_frame *models, size_t mi,
                        const lr_frame *coefs, const lr_frame *resid)
{
    const char *id = text_at(models, mi, "id"), *formula = text_at(models, mi, "formula");
    int weighted = num_at(models, mi, "weighted") == 1;
    lr_formula_options fo;
    lr_formula_options_init(&fo);
    if (weighted)
        fo.weights = "wt";
    lr_model *m = NULL;
    lr_status st = lr_fit_formula(data, formula, &fo, NULL, &m);
    CHECK(st == LR_OK, "%s (%s): %s", id, formula, lr_last_error());
    if (!m)
        return;
    CHECK(lr_model_nobs(m) == (size_t)num_at(models, mi, "n"), "%s: n %zu, R %g", id,
          lr_model_nobs(m), num_at(models, mi, "n"));
    CHECK_REL(lr_model_stat(m, LR_STAT_SIGMA), num_at(models, mi, "sigma"), TOL, id);
    CHECK_REL(lr_model_stat(m, LR_STAT_R_SQUARED), num_at(models, mi, "r_squared"), TOL, id);
    size_t p = lr_model_ncoef(m);
    double *est = calloc(p + 1, sizeof *est), *se = calloc(p + 1, sizeof *se);
    lr_model_coef_column(m, LR_COEF_ESTIMATE, 0.95, est, p);
    lr_model_coef_column(m, LR_COEF_STD_ERROR, 0.95, se, p);
    size_t j = 0;
    for (size_t r = 0; r < lr_frame_nrows(coefs); r++) {
        if (strcmp(text_at(coefs, r, "id"), id))
            continue;
        const char *name = text_at(coefs, r, "name");
        const char *got = lr_model_coef_name(m, j);
        CHECK(got && !strcmp(got, name), "%s: coefficient %zu named '%s', R '%s'", id, j + 1,
              got ? got : "(none)", name);
        if (j < p) {
            char what[256];
            snprintf(what, sizeof what, "%s: estimate of %s", id, name);
            CHECK_REL(est[j], num_at(coefs, r, "estimate"), TOL, what);
            snprintf(what, sizeof what, "%s: std. error of %s", id, name);
            CHECK_REL(se[j], num_at(coefs, r, "std_error"), TOL, what);
        }
        j++;
    }
    CHECK(j == p, "%s: %zu coefficients, R has %zu", id, p, j);
    /* residuals padded to the rows of the data (na.exclude) */
    size_t N = lr_frame_nrows(data);
    double *pad = calloc(N + 1, sizeof *pad);
    st = lr_model_pad(m, lr_model_residuals(m), pad, N);
    CHECK(st == LR_OK, "%s: pad: %s", id, lr_last_error());
    size_t nres = 0, bad = 0, dropped = 0;
    for (size_t r = 0; r < lr_frame_nrows(resid); r++) {
        if (strcmp(text_at(resid, r, "id"), id))
            continue;
        size_t row = (size_t)num_at(resid, r, "row") - 1;
        double want = num_at(resid, r, "residual");
        dropped += isnan(want);
        /* residuals are differences: compare them on the scale of sigma */
        double scale = lr_model_stat(m, LR_STAT_SIGMA);
        if (row >= N || (isnan(want) != isnan(pad[row])) ||
            (!isnan(want) && !(fabs(pad[row] - want) <= TOL * scale)))
            bad++;
        nres++;
    }
    CHECK(nres == N && bad == 0, "%s: %zu of %zu padded residuals differ from R", id, bad, nres);
    CHECK(dropped == (size_t)num_at(models, mi, "dropped"), "%s: dropped", id);
    free(pad);
    free(est);
    free(se);
    lr_model_free(m);
}

static void test_r_models(void)
{
    lr_frame *data = read_table("tests/fixtures/formulas/data.csv");
    lr_frame *models = read_table("tests/fixtures/formulas/models.csv");
    lr_frame *coefs = read_table("tests/fixtures/formulas/coefficients.csv");
    lr_frame *resid = read_table("tests/fixtures/formulas/residuals.csv");
    if (data && models && coefs && resid) {
        CHECK(lr_frame_nrows(models) >= 29, "models fixture has %zu rows", lr_frame_nrows(models));
        for (size_t i = 0; i < lr_frame_nrows(models); i++)
            check_model(data, models, i, coefs, resid);
    }
    /* C(g, ref = "c") is relevel(g, ref = "c") under another name */
    lr_model *a = NULL, *b = NULL;
    if (data && lr_fit_formula(data, "y ~ C(g, ref = \"c\") + x", NULL, NULL, &a) == LR_OK &&
        lr_fit_formula(data, "y ~ relevel(g, \"c\") + x", NULL, NULL, &b) == LR_OK) {
        CHECK(!strcmp(lr_model_coef_name(a, 1), "C(g, ref = \"c\")a") &&
                  !strcmp(lr_model_coef_name(b, 1), "relevel(g, \"c\")a"),
              "names '%s' '%s'", lr_model_coef_name(a, 1), lr_model_coef_name(b, 1));
        double ea[4], eb[4];
        lr_model_coef_column(a, LR_COEF_ESTIMATE, 0.95, ea, 4);
        lr_model_coef_column(b, LR_COEF_ESTIMATE, 0.95, eb, 4);
        for (int j = 0; j < 4; j++)
            CHECK(ea[j] == eb[j], "C() and relevel() estimate %d", j);
    } else {
        CHECK(0, "C()/relevel fits: %s", lr_last_error());
    }
    lr_model_free(a);
    lr_model_free(b);
    /* weights as a vector aligned with the frame rows = weights column */
    if (data) {
        size_t N = lr_frame_nrows(data), jw = col_of(data, "wt");
        lr_options o;
        lr_options_init(&o);
        o.weights = lr_vector_of(lr_frame_column(data, jw), N);
        lr_formula_options fo;
        lr_formula_options_init(&fo);
        fo.weights = "wt";
        a = b = NULL;
        CHECK(lr_fit_formula(data, "y ~ x + g + log(z)", NULL, &o, &a) == LR_OK &&
                  lr_fit_formula(data, "y ~ x + g + log(z)", &fo, NULL, &b) == LR_OK,
              "weighted fits: %s", lr_last_error());
        if (a && b)
            CHECK(lr_model_stat(a, LR_STAT_SIGMA) == lr_model_stat(b, LR_STAT_SIGMA),
                  "weights vector = weights column");
        lr_model_free(a);
        lr_model_free(b);
        CHECK(lr_fit_formula(data, "y ~ x", &fo, &o, &a) == LR_ERR_INVALID_ARG &&
                  strstr(lr_last_error(), "twice"),
              "weights twice");
        /* opts->intercept = 0 is "- 1": g then takes all its levels */
        lr_options_init(&o);
        o.intercept = 0;
        CHECK(lr_fit_formula(data, "y ~ g + x", NULL, &o, &a) == LR_OK && lr_model_ncoef(a) == 4 &&
                  !strcmp(lr_model_coef_name(a, 0), "ga"),
              "intercept option off: %s", a ? lr_model_coef_name(a, 0) : lr_last_error());
        lr_model_free(a);
    }
    lr_frame_free(data);
    lr_frame_free(models);
    lr_frame_free(coefs);
    lr_frame_free(resid);
}

/* -------------------------------------------------------------- Windsor */

static void test_windsor(void)
{
    lr_frame *d = read_table("examples/data/house_prices_windsor.csv");
    lr_frame *nh = read_table("examples/data/new_house.csv");
    const char *ids[2] = {"price", "log_price"}, *formulas[2] = {"price ~ .", "log(price) ~ ."};
    static const char *const coef_cols[] = {"estimate", "std_error", "t_value", "p_value",
                                            "ci_low",   "ci_high"};
    for (int k = 0; d && nh && k < 2; k++) {
        char path[256];
        lr_model *m = NULL;
        lr_status st = lr_fit_formula(d, formulas[k], NULL, NULL, &m);
        CHECK(st == LR_OK, "Windsor %s: %s", formulas[k], lr_last_error());
        if (!m)
            continue;
        snprintf(path, sizeof path, "tests/fixtures/windsor/%s_coef.csv", ids[k]);
        lr_frame *c = read_table(path);
        size_t p = lr_model_ncoef(m);
        CHECK(c && lr_frame_nrows(c) == p, "%s: %zu coefficients", ids[k], p);
        double col[LR_COEF_COLUMN_COUNT_][16];
        for (int cc = 0; cc < LR_COEF_COLUMN_COUNT_ && p <= 16; cc++)
            lr_model_coef_column(m, (lr_coef_column)cc, 0.95, col[cc], p);
        for (size_t j = 0; c && j < p && j < lr_frame_nrows(c) && p <= 16; j++) {
            const char *name = text_at(c, j, "name");
            CHECK(!strcmp(lr_model_coef_name(m, j), name), "%s: name %s vs R %s", ids[k],
                  lr_model_coef_name(m, j), name);
            for (int cc = 0; cc < LR_COEF_COLUMN_COUNT_; cc++) {
                char what[128];
                snprintf(what, sizeof what, "%s: %s of %s", ids[k], coef_cols[cc], name);
                double want = num_at(c, j, coef_cols[cc]);
                /* p-values below 1e-300 only need to agree in being tiny */
                if (cc == LR_COEF_P_VALUE && want < 1e-300)
                    CHECK(col[cc][j] < 1e-290, "%s", what);
                else
                    CHECK_REL(col[cc][j], want, TOL, what);
            }
        }
        lr_frame_free(c);
        snprintf(path, sizeof path, "tests/fixtures/windsor/%s_stats.csv", ids[k]);
        lr_frame *s = read_table(path);
        static const struct { const char *key; lr_stat stat; } stats[] = {
            {"n", LR_STAT_N},
            {"sigma", LR_STAT_SIGMA},
            {"r_squared", LR_STAT_R_SQUARED},
            {"adj_r_squared", LR_STAT_ADJ_R_SQUARED},
            {"f_statistic", LR_STAT_F},
            {"df_model", LR_STAT_DF_MODEL},
            {"df_resid", LR_STAT_DF_RESID},
            {"log_likelihood", LR_STAT_LOG_LIKELIHOOD},
            {"aic", LR_STAT_AIC},
            {"bic", LR_STAT_BIC},
        };
        for (size_t r = 0; s && r < lr_frame_nrows(s); r++)
            for (size_t q = 0; q < sizeof stats / sizeof stats[0]; q++)
                if (!strcmp(text_at(s, r, "key"), stats[q].key)) {
                    char what[128];
                    snprintf(what, sizeof what, "%s: %s", ids[k], stats[q].key);
                    CHECK_REL(lr_model_stat(m, stats[q].stat), num_at(s, r, "value"), TOL, what);
                }
        lr_frame_free(s);
        /* new houses: confidence (95%) and prediction (90%) intervals */
        snprintf(path, sizeof path, "tests/fixtures/windsor/%s_predict.csv", ids[k]);
        lr_frame *pr = read_table(path);
        size_t n = lr_frame_nrows(nh);
        double fit[4], se[4], lo[4], up[4], plo[4], pup[4];
        st = lr_predict_frame(m, nh, LR_INTERVAL_CONFIDENCE, 0.95, fit, se, lo, up);
        CHECK(st == LR_OK, "predict: %s", lr_last_error());
        st = lr_predict_frame(m, nh, LR_INTERVAL_PREDICTION, 0.90, fit, NULL, plo, pup);
        CHECK(st == LR_OK, "predict: %s", lr_last_error());
        for (size_t i = 0; pr && i < n && i < 4; i++) {
            CHECK_REL(fit[i], num_at(pr, i, "fit"), TOL, "prediction");
            CHECK_REL(se[i], num_at(pr, i, "se_fit"), TOL, "se of the prediction");
            CHECK_REL(lo[i], num_at(pr, i, "conf_lwr"), TOL, "confidence lower");
            CHECK_REL(up[i], num_at(pr, i, "conf_upr"), TOL, "confidence upper");
            CHECK_REL(plo[i], num_at(pr, i, "pred90_lwr"), TOL, "prediction lower");
            CHECK_REL(pup[i], num_at(pr, i, "pred90_upr"), TOL, "prediction upper");
        }
        lr_frame_free(pr);
        /* the JSON results carry the formula and the data sections */
        char *json = NULL;
        CHECK(lr_formula_results_json(m, 0.95, &json) == LR_OK && strstr(json, "\"coefficients\"") &&
                  strstr(json, "\"fit\"") && strstr(json, "\"data\"") &&
                  strstr(json, "\"rows_read\":546") && strstr(json, "\"airconyes\""),
              "JSON results: %.200s", json ? json : lr_last_error());
        lr_free(json);
        lr_model_free(m);
    }
    lr_frame_free(d);
    lr_frame_free(nh);
}

/* ---------------------------------------------------------- NIST Filip */

static lr_frame *nist_frame(const nist_set *s)
{
    double x[NIST_MAX_ROWS];
    for (int i = 0; i < s->n; i++)
        x[i] = s->x[i][0];
    lr_frame *f = NULL;
    lr_frame_create((size_t)s->n, &f);
    lr_frame_add_numeric(f, "x", x);
    lr_frame_add_numeric(f, "y", s->y);
    return f;
}

static double min_lre(const nist_set *s, const lr_model *m, double *parts)
{
    size_t p = lr_model_ncoef(m);
    double est[NIST_MAX_COEF], se[NIST_MAX_COEF], mn = 15;
    lr_model_coef_column(m, LR_COEF_ESTIMATE, 0.95, est, p);
    lr_model_coef_column(m, LR_COEF_STD_ERROR, 0.95, se, p);
    parts[0] = parts[1] = 15;
    for (size_t j = 0; j < p; j++) {
        double a = test_lre(est[j], s->coef[j]), b = test_lre(se[j], s->sd[j]);
        parts[0] = a < parts[0] ? a : parts[0];
        parts[1] = b < parts[1] ? b : parts[1];
    }
    parts[2] = test_lre(lr_model_stat(m, LR_STAT_SIGMA), s->sigma);
    parts[3] = test_lre(lr_model_stat(m, LR_STAT_R_SQUARED), s->r2);
    for (int i = 0; i < 4; i++)
        mn = parts[i] < mn ? parts[i] : mn;
    return mn;
}

static void test_nist_formulas(void)
{
    static const struct { const char *set, *formula; double bar; } cases[] = {
        {"Filip", "y ~ poly(x, 10, raw = TRUE)", 12},
        {"Filip", "y ~ x + I(x^2) + I(x^3) + I(x^4) + I(x^5) + I(x^6) + I(x^7) + I(x^8) + "
                  "I(x^9) + I(x^10)", 12},
        {"Pontius", "y ~ x + I(x^2)", 13},
        {"Wampler1", "y ~ poly(x, 5, raw = TRUE)", 13},
        {"Wampler4", "y ~ poly(x, 5, raw = TRUE)", 13},
        {"Wampler5", "y ~ poly(x, 5, raw = TRUE)", 13},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        nist_set s;
        if (nist_load("tests/data/nist", cases[c].set, &s) != 0) {
            CHECK(0, "cannot read %s", cases[c].set);
            continue;
        }
        lr_frame *f = nist_frame(&s);
        lr_model *m = NULL;
        lr_status st = lr_fit_formula(f, cases[c].formula, NULL, NULL, &m);
        CHECK(st == LR_OK, "%s %s: %s", cases[c].set, cases[c].formula, lr_last_error());
        if (m) {
            double parts[4];
            double mn = min_lre(&s, m, parts);
            printf("%-9s %-40.40s coef %5.2f se %5.2f sigma %5.2f R2 %5.2f\n", cases[c].set,
                   cases[c].formula, parts[0], parts[1], parts[2], parts[3]);
            CHECK(mn >= cases[c].bar, "%s via '%s': %.2f correct digits < %g", cases[c].set,
                  cases[c].formula, mn, cases[c].bar);
            CHECK(lr_model_stat(m, LR_STAT_RANK) == (double)lr_model_ncoef(m), "%s: full rank",
                  cases[c].set);
        }
        lr_model_free(m);
        lr_frame_free(f);
    }
}

/* ---------------------------------------------------------- design API */

static void test_design_api(void)
{
    const char *csv = "y,x,g,w\n"
                      "1.5,1,a,1\n"
                      "2.5,2,b,2\n"
                      "NA,3,a,1\n"
                      "4.0,,b,1\n"
                      "5.5,5,c,NA\n"
                      "6.5,6,c,1\n"
                      "7.0,7,a,2\n"
                      "9.5,8,b,1\n";
    lr_frame *f = NULL;
    CHECK(lr_frame_parse_csv(csv, strlen(csv), "api.csv", NULL, &f) == LR_OK, "parse");
    lr_formula_options fo;
    lr_formula_options_init(&fo);
    fo.weights = "w";
    lr_design *d = NULL;
    lr_status st = lr_design_build(f, "y ~ x*g", &fo, &d);
    CHECK(st == LR_OK, "build: %s", lr_last_error());
    if (d) {
        CHECK(lr_design_nrows_data(d) == 8 && lr_design_nrows(d) == 5, "rows %zu of %zu",
              lr_design_nrows(d), lr_design_nrows_data(d));
        const size_t *rows = lr_design_rows(d), *dropped = lr_design_dropped(d);
        CHECK(rows[0] == 0 && rows[2] == 5 && dropped[0] == 2 && dropped[1] == 3 &&
                  dropped[2] == 4,
              "row map");
        CHECK(lr_design_na_ncolumns(d) == 3, "na columns %zu", lr_design_na_ncolumns(d));
        size_t cnt = 0;
        const char *name = lr_design_na_column(d, 0, &cnt);
        CHECK(name && !strcmp(name, "y") && cnt == 1, "first na column %s %zu", name, cnt);
        name = lr_design_na_column(d, 2, &cnt);
        CHECK(name && !strcmp(name, "w") && cnt == 1, "weights na column %s", name);
        CHECK(lr_design_nterms(d) == 3 && !strcmp(lr_design_term_label(d, 2), "x:g"), "terms");
        CHECK(lr_design_ncols(d) == 5 && !strcmp(lr_design_column_name(d, 3), "x:gb"), "columns");
        size_t assign[6];
        CHECK(lr_design_assign(d, assign, 6) == LR_OK && assign[0] == 0 && assign[1] == 1 &&
                  assign[2] == 2 && assign[3] == 2 && assign[4] == 3 && assign[5] == 3,
              "assign");
        CHECK(lr_design_assign(d, assign, 5) == LR_ERR_DIMENSION, "assign length");
        CHECK(lr_design_x_lo(d).data == NULL, "products of plain columns and dummies are exact");
        CHECK(lr_design_weights(d).data && lr_design_weights(d).data[1] == 2, "weights");
        CHECK(!strcmp(lr_design_response(d), "y") && lr_design_intercept(d) == 1, "response");
        double vals[5] = {1, 2, 3, 4, 5}, out[8];
        CHECK(lr_design_pad(d, vals, out, 8) == LR_OK && isnan(out[2]) && isnan(out[4]) &&
                  out[5] == 3 && out[7] == 5,
              "pad");
        CHECK(lr_design_pad(d, vals, out, 7) == LR_ERR_DIMENSION, "pad length");
        /* the specification through JSON, then new data */
        cJSON *obj = cJSON_CreateObject();
        lr_design *spec = NULL, *a = NULL, *b = NULL;
        CHECK(lr__design_spec_to_json(d, obj) == LR_OK, "spec to JSON");
        CHECK(lr__design_spec_from_json(obj, &spec) == LR_OK, "spec from JSON: %s", lr_last_error());
        cJSON_Delete(obj);
        const char *nd = "x,g\n10,c\n,a\n0.5,a\n";
        lr_frame *nf = NULL;
        lr_frame_parse_csv(nd, strlen(nd), "new.csv", NULL, &nf);
        CHECK(spec && lr_design_apply(spec, nf, &a) == LR_OK && lr_design_apply(d, nf, &b) == LR_OK,
              "apply: %s", lr_last_error());
        if (a && b) {
            lr_matrix xa = lr_design_x(a), xb = lr_design_x(b);
            CHECK(xa.rows == 2 && xb.rows == 2 && xa.cols == 5 &&
                      !memcmp(xa.data, xb.data, 10 * sizeof(double)),
                  "spec from JSON builds the same design");
            CHECK(xa.data[0] == 10 && xa.data[2 * 2] == 1 && xa.data[2 * 2 + 1] == 0 && xa.data[4 * 2] == 10,
                  "new-data design values");
            CHECK(lr_design_y(a).data == NULL, "no response for new data");
        }
        lr_design_free(a);
        lr_design_free(b);
        lr_design_free(spec);
        /* a level the model does not know */
        const char *bad = "x,g\n1,zz\n";
        lr_frame *bf = NULL;
        lr_frame_parse_csv(bad, strlen(bad), "bad.csv", NULL, &bf);
        CHECK(lr_design_apply(d, bf, &a) == LR_ERR_INVALID_ARG &&
                  strstr(lr_last_error(), "new level 'zz'"),
              "new level: %s", lr_last_error());
        lr_frame_free(bf);
        /* a missing column in new data */
        bad = "g\na\n";
        lr_frame_parse_csv(bad, strlen(bad), "bad.csv", NULL, &bf);
        CHECK(lr_design_apply(d, bf, &a) == LR_ERR_NOT_FOUND && strstr(lr_last_error(), "'x'"),
              "missing column: %s", lr_last_error());
        lr_frame_free(bf);
        lr_frame_free(nf);
        lr_design_free(d);
    }
    /* prediction of a frame pads rows with missing predictors */
    lr_model *m = NULL;
    CHECK(lr_fit_formula(f, "y ~ x + g", NULL, NULL, &m) == LR_OK, "fit");
    if (m) {
        const char *nd = "x,g\n10,c\n,a\n";
        lr_frame *nf = NULL;
        lr_frame_parse_csv(nd, strlen(nd), "new.csv", NULL, &nf);
        double fit[2], lo[2], up[2];
        CHECK(lr_predict_frame(m, nf, LR_INTERVAL_PREDICTION, 0.95, fit, NULL, lo, up) == LR_OK &&
                  isfinite(fit[0]) && isnan(fit[1]) && isnan(lo[1]) && lo[0] < fit[0],
              "predict frame with a missing row");
        char *s = NULL;
        lr_model_summary(m, &s);
        CHECK(s && strstr(s, "(2 observations deleted due to missingness; missing: y 1, x 1)"),
              "summary reports the rows dropped: %s", s ? s : "");
        lr_free(s);
        CHECK(lr_model_design(m) != NULL, "model design");
        lr_frame_free(nf);
        lr_model_free(m);
    }
    /* a derived column carries its low-order part */
    CHECK(lr_design_build(f, "y ~ I(x/3)", NULL, &d) == LR_OK && lr_design_x_lo(d).data != NULL,
          "x/3 has a low part");
    if (d) {
        lr_matrix hi = lr_design_x(d), lo = lr_design_x_lo(d);
        lr_dd back = lr_dd_mul_d((lr_dd){hi.data[1], lo.data[1]}, 3.0);
        CHECK(back.hi == 2.0 && fabs(back.lo) < 1e-30, "2/3 * 3 = 2 in double-double");
    }
    lr_design_free(d);
    /* LR_NA_FAIL */
    lr_formula_options_init(&fo);
    fo.na_action = LR_NA_FAIL;
    CHECK(lr_design_build(f, "y ~ x", &fo, &d) == LR_ERR_NONFINITE &&
              strstr(lr_last_error(), "row 3") && strstr(lr_last_error(), "'y'"),
          "na fail: %s", lr_last_error());
    lr_frame_free(f);
}

/* -------------------------------------------------------------- errors */

static void expect(const lr_frame *f, const char *formula, lr_status st, const char *a,
                   const char *b)
{
    lr_model *m = NULL;
    lr_status got = lr_fit_formula(f, formula, NULL, NULL, &m);
    CHECK(got == st && m == NULL, "'%s': status %d (%s), expected %d", formula, (int)got,
          lr_last_error(), (int)st);
    const char *msg = lr_last_error();
    if (a)
        CHECK(strstr(msg, a) != NULL, "'%s': message '%s' lacks '%s'", formula, msg, a);
    if (b)
        CHECK(strstr(msg, b) != NULL, "'%s': message '%s' lacks '%s'", formula, msg, b);
    lr_model_free(m);
}

static void test_errors(void)
{
    const char *csv = "y,x,g,one,neg\n1,1,a,k,-1\n2,2,b,k,2\n3,3,a,k,3\n5,4,b,k,4\n";
    lr_frame *f = NULL;
    lr_frame_parse_csv(csv, strlen(csv), "e.csv", NULL, &f);
    if (!f)
        return;
    expect(f, "y ~ (x + g", LR_ERR_PARSE, "unbalanced", NULL);
    expect(f, "y ~ x +", LR_ERR_PARSE, "end of the formula", NULL);
    expect(f, "y ~ x > 2", LR_ERR_PARSE, "not supported", NULL);
    expect(f, "y ~ x $ 2", LR_ERR_PARSE, "unexpected character '$'", NULL);
    expect(f, "", LR_ERR_PARSE, "empty", NULL);
    expect(f, "y ~ x ~ g", LR_ERR_PARSE, "more than one '~'", NULL);
    expect(f, "~ x", LR_ERR_INVALID_ARG, "needs a response", NULL);
    expect(f, "y ~ lotsze", LR_ERR_NOT_FOUND, "'lotsze'", "columns: y, x, g");
    expect(f, "y ~ log(neg)", LR_ERR_INVALID_ARG, "term 'log(neg)'", "non-positive value (-1) at row 1");
    expect(f, "y ~ sqrt(neg)", LR_ERR_INVALID_ARG, "term 'sqrt(neg)'", "negative");
    expect(f, "y ~ I(1/(x - 2))", LR_ERR_INVALID_ARG, "division by zero", "row 2");
    expect(f, "y ~ exp(x * 1000)", LR_ERR_NONFINITE, "exp(x * 1000)", "Inf");
    expect(f, "y ~ log(g)", LR_ERR_INVALID_ARG, "'g' is categorical", "term 'log(g)'");
    expect(f, "y ~ one", LR_ERR_INVALID_ARG, "term 'one'", "2 or more levels");
    expect(f, "y ~ foo(x)", LR_ERR_INVALID_ARG, "unknown function", "foo(x)");
    expect(f, "y ~ C(g, ref = \"z\")", LR_ERR_NOT_FOUND, "no level 'z'", "'a', 'b'");
    expect(f, "y ~ C(g, base = 2)", LR_ERR_INVALID_ARG, "ref", NULL);
    expect(f, "y ~ relevel(g)", LR_ERR_INVALID_ARG, "needs ref", NULL);
    expect(f, "y ~ y + x", LR_ERR_INVALID_ARG, "response 'y' also appears", NULL);
    expect(f, "y ~ 0", LR_ERR_INVALID_ARG, "nothing to fit", NULL);
    expect(f, "y ~ x + 2", LR_ERR_PARSE, "number 2 cannot be a term", NULL);
    expect(f, "y ~ poly(x, 4)", LR_ERR_INVALID_ARG, "unique points (4)", NULL);
    expect(f, "y ~ poly(x, 2, raw = maybe)", LR_ERR_INVALID_ARG, "raw must be TRUE or FALSE", NULL);
    expect(f, "y ~ poly(x, 0)", LR_ERR_INVALID_ARG, "degree", NULL);
    expect(f, "g ~ x", LR_ERR_INVALID_ARG, "response 'g' must be numeric", NULL);
    expect(f, "y ~ \"x\"", LR_ERR_PARSE, "string", NULL);
    expect(f, "y ~ (x + g)^1.5", LR_ERR_PARSE, "positive integer", NULL);
    expect(f, "y ~ log(x, base = 1)", LR_ERR_INVALID_ARG, "base", NULL);
    expect(f, "y ~ factor(x, 2)", LR_ERR_INVALID_ARG, "factor() takes only the column", NULL);
    expect(f, "y ~ C(log(x))", LR_ERR_INVALID_ARG, "column name", NULL);
    lr_model *m = NULL;
    char deep[4200] = "y ~ ";
    for (int i = 0; i < 2000; i++)
        strcat(deep, "(");
    CHECK(lr_fit_formula(f, deep, NULL, NULL, &m) == LR_ERR_PARSE &&
              strstr(lr_last_error(), "nested too deeply"),
          "deep nesting: %s", lr_last_error());
    for (int i = 4; i < 4 + 2000; i += 2) /* -(-(-(... */
        deep[i] = '-', deep[i + 1] = '(';
    CHECK(lr_fit_formula(f, deep, NULL, NULL, &m) == LR_ERR_PARSE, "deep unary nesting");
    CHECK(lr_fit_formula(NULL, "y ~ x", NULL, NULL, &m) == LR_ERR_INVALID_ARG, "NULL frame");
    CHECK(lr_fit_formula(f, NULL, NULL, NULL, &m) == LR_ERR_INVALID_ARG, "NULL formula");
    lr_options o;
    lr_options_init(&o);
    double lo[4] = {0};
    o.x_lo = lr_matrix_col_major(lo, 4, 1);
    CHECK(lr_fit_formula(f, "y ~ x", NULL, &o, &m) == LR_ERR_INVALID_ARG, "x_lo refused");
    lr_formula_options fo;
    lr_formula_options_init(&fo);
    fo.weights = "neg";
    CHECK(lr_fit_formula(f, "y ~ x", &fo, NULL, &m) == LR_ERR_NEGATIVE_WEIGHT &&
              strstr(lr_last_error(), "row 1 of the data"),
          "negative weight: %s", lr_last_error());
    fo.weights = "nope";
    CHECK(lr_fit_formula(f, "y ~ x", &fo, NULL, &m) == LR_ERR_NOT_FOUND, "unknown weights column");
    /* a data set where every row has a missing value */
    const char *allna = "y,x\nNA,1\n2,NA\n";
    lr_frame *g = NULL;
    lr_frame_parse_csv(allna, strlen(allna), "na.csv", NULL, &g);
    CHECK(lr_fit_formula(g, "y ~ x", NULL, NULL, &m) == LR_ERR_EMPTY &&
              strstr(lr_last_error(), "y: 1, x: 1"),
          "no complete rows: %s", lr_last_error());
    lr_frame_free(g);
    lr_frame_free(f);
}

/* Random token soup as formulas: a status and a message, never a crash. */
static void test_garbage(void)
{
    static const char *const tok[] = {"y", "x", "g", "~", "+", "-", "*", ":", "/", "^", "(", ")",
                                      "1", "0", "2", ".", "log(", "I(", "poly(", "C(", ",",
                                      "raw = TRUE", "ref = \"a\"", "`x`", "%in%", "%%", "=",
                                      "\"", "exp(", "3.5e2", "-", "sqrt("};
    const char *csv = "y,x,g\n1,1,a\n2,2,b\n3,3,a\n5,4,b\n4,6,a\n";
    lr_frame *f = NULL;
    lr_frame_parse_csv(csv, strlen(csv), "g.csv", NULL, &f);
    uint64_t s = 0x9E3779B97F4A7C15ull;
    size_t silent = 0, fits = 0;
    for (int it = 0; f && it < 3000; it++) {
        char formula[256] = "";
        size_t len = 0;
        int n = 1 + (int)(it % 12);
        for (int k = 0; k < n; k++) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            const char *t = k == 1 && it % 3 ? "~" : tok[s % (sizeof tok / sizeof tok[0])];
            len += (size_t)snprintf(formula + len, sizeof formula - len, "%s ", t);
        }
        lr_model *m = NULL;
        lr_status st = lr_fit_formula(f, formula, NULL, NULL, &m);
        if (st == LR_OK)
            fits++;
        else
            silent += m != NULL || !*lr_last_error();
        lr_model_free(m);
    }
    CHECK(silent == 0, "%zu failures without a message", silent);
    CHECK(fits > 0, "no random formula fitted");
    lr_frame_free(f);
}

int main(void)
{
    test_deparse();
    test_ddmath();
    test_r_models();
    test_windsor();
    test_nist_formulas();
    test_design_api();
    test_errors();
    test_garbage();
    return test_report("test_formula");
}
