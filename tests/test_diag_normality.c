/* Normality diagnostics against R (shapiro.test, nortest::ad.test,
 * qqnorm(rstandard)) and statsmodels (jarque_bera, omni_normtest, the
 * summary's skew and kurtosis) on every reference dataset, plus the error
 * paths: too few rows, more than 5000 rows for Shapiro-Wilk, a streamed
 * model without residuals. References: tests/reference/diag_normality_etc.R
 * and .py, fixtures in tests/fixtures/diag/. */
#include "diag_fixtures.h"

static fix_row r_rows[1024], sm_rows[256];
static size_t n_r, n_sm;

static void check_set(const fix_set *s)
{
    lr_model *m = fix_fit(s, 0, NULL);
    if (!m)
        return;
    char what[96];
    lr_test_result r;
    const fix_row *ref;

    if ((ref = fix_find(r_rows, n_r, s->name, "shapiro_wilk"))) {
        lr_status st = lr_shapiro_wilk(m, &r);
        CHECK(st == LR_OK, "%s shapiro: %s", s->name, lr_last_error());
        snprintf(what, sizeof what, "%s Shapiro-Wilk", s->name);
        fix_check_result(&r, ref, what);
    } else {
        CHECK(0, "%s: no Shapiro-Wilk reference", s->name);
    }
    if ((ref = fix_find(r_rows, n_r, s->name, "anderson_darling"))) {
        lr_status st = lr_anderson_darling(m, &r);
        CHECK(st == LR_OK, "%s AD: %s", s->name, lr_last_error());
        snprintf(what, sizeof what, "%s Anderson-Darling", s->name);
        fix_check_result(&r, ref, what);
    } else {
        CHECK(0, "%s: no Anderson-Darling reference", s->name);
    }
    if ((ref = fix_find(sm_rows, n_sm, s->name, "jarque_bera"))) {
        lr_status st = lr_jarque_bera(m, &r);
        CHECK(st == LR_OK, "%s JB: %s", s->name, lr_last_error());
        snprintf(what, sizeof what, "%s Jarque-Bera", s->name);
        fix_check_result(&r, ref, what);
    } else {
        CHECK(0, "%s: no Jarque-Bera reference", s->name);
    }
    if ((ref = fix_find(sm_rows, n_sm, s->name, "omnibus"))) {
        lr_status st = lr_omnibus_normality(m, &r);
        CHECK(st == LR_OK, "%s omnibus: %s", s->name, lr_last_error());
        snprintf(what, sizeof what, "%s omnibus", s->name);
        fix_check_result(&r, ref, what);
    } else {
        CHECK(0, "%s: no omnibus reference", s->name);
    }
    const fix_row *rs = fix_find(sm_rows, n_sm, s->name, "skewness");
    const fix_row *rk = fix_find(sm_rows, n_sm, s->name, "kurtosis");
    CHECK(rs && rk, "%s: no skewness/kurtosis reference", s->name);
    if (rs && rk) {
        double sk, ku;
        lr_status st = lr_residual_moments(m, &sk, &ku);
        CHECK(st == LR_OK, "%s moments: %s", s->name, lr_last_error());
        snprintf(what, sizeof what, "%s skewness", s->name);
        CHECK_REL(sk, rs->statistic, FIX_TOL, what);
        snprintf(what, sizeof what, "%s kurtosis", s->name);
        CHECK_REL(ku, rk->statistic, FIX_TOL, what);
    }

    /* Q-Q data against tests/fixtures/diag/r_qq.csv */
    size_t nobs = lr_model_nobs(m), cnt = 0;
    double *th = calloc(nobs, sizeof(double)), *sa = calloc(nobs, sizeof(double));
    lr_status st = lr_qq_data(m, th, sa, nobs, &cnt);
    CHECK(st == LR_OK, "%s qq: %s", s->name, lr_last_error());
    FILE *f = fopen("tests/fixtures/diag/r_qq.csv", "r");
    CHECK(f != NULL, "cannot open r_qq.csv");
    if (f) {
        char line[256];
        size_t i = 0;
        if (!fgets(line, sizeof line, f))
            line[0] = 0;
        while (fgets(line, sizeof line, f)) {
            char *fl[4] = {0};
            if (fix_split(line, fl, 4) != 3 || strcmp(fl[0], s->name) != 0)
                continue;
            if (i < cnt) {
                snprintf(what, sizeof what, "%s qq theoretical[%zu]", s->name, i);
                CHECK_REL(th[i], strtod(fl[1], NULL), FIX_TOL, what);
                snprintf(what, sizeof what, "%s qq sample[%zu]", s->name, i);
                CHECK_REL(sa[i], strtod(fl[2], NULL), FIX_TOL, what);
            }
            i++;
        }
        fclose(f);
        CHECK(i == cnt && cnt > 0, "%s: %zu Q-Q points, reference %zu", s->name, cnt, i);
    }
    st = lr_qq_data(m, th, sa, nobs - 1, &cnt);
    CHECK(st == LR_ERR_DIMENSION, "%s: short Q-Q arrays accepted", s->name);
    free(th);
    free(sa);
    lr_model_free(m);
}

/* A deterministic, non-normal-looking but varied sample. */
static double gen(size_t i) { return sin(0.7 * (double)i) + 0.001 * (double)(i % 97); }

static void error_paths(void)
{
    lr_test_result r;
    double s, k;
    /* n = 2: Shapiro-Wilk and the others refuse. */
    double y2[2] = {1.0, 3.0};
    lr_vector y = lr_vector_of(y2, 2);
    lr_matrix X = lr_matrix_row_major(NULL, 2, 0);
    lr_model *m = NULL;
    lr_status st = lr_fit(&X, &y, NULL, NULL, &m);
    CHECK(st == LR_OK, "intercept-only fit: %s", lr_last_error());
    st = lr_shapiro_wilk(m, &r);
    CHECK(st == LR_ERR_TOO_FEW_ROWS, "SW with n = 2: status %d", (int)st);
    CHECK(isnan(r.statistic) && isnan(r.p_value), "SW with n = 2 wrote a number");
    CHECK(strstr(lr_last_error(), "at least 3") != NULL, "SW message: %s", lr_last_error());
    CHECK(lr_anderson_darling(m, &r) == LR_ERR_TOO_FEW_ROWS, "AD with n = 2");
    CHECK(lr_omnibus_normality(m, &r) == LR_ERR_TOO_FEW_ROWS, "omnibus with n = 2");
    CHECK(lr_jarque_bera(m, &r) == LR_OK, "JB with n = 2: %s", lr_last_error());
    lr_model_free(m);

    /* n = 6000: Shapiro-Wilk is undefined, the others run. */
    size_t n = 6000;
    double *xv = calloc(n, sizeof(double)), *yv = calloc(n, sizeof(double));
    for (size_t i = 0; i < n; i++) {
        xv[i] = (double)i / (double)n;
        yv[i] = 1.0 + 2.0 * xv[i] + gen(i);
    }
    X = lr_matrix_row_major(xv, n, 1);
    y = lr_vector_of(yv, n);
    st = lr_fit(&X, &y, NULL, NULL, &m);
    CHECK(st == LR_OK, "n = 6000 fit: %s", lr_last_error());
    st = lr_shapiro_wilk(m, &r);
    CHECK(st == LR_ERR_UNDEFINED, "SW with n = 6000: status %d", (int)st);
    CHECK(strstr(lr_last_error(), "5000") != NULL, "SW message: %s", lr_last_error());
    CHECK(isnan(r.p_value), "SW with n = 6000 wrote a p-value");
    CHECK(lr_anderson_darling(m, &r) == LR_OK && r.n == n, "AD at n = 6000: %s", lr_last_error());
    CHECK(lr_jarque_bera(m, &r) == LR_OK && r.n == n, "JB at n = 6000: %s", lr_last_error());
    lr_model_free(m);

    /* Exactly 5000 rows still runs. */
    X = lr_matrix_row_major(xv, 5000, 1);
    y = lr_vector_of(yv, 5000);
    st = lr_fit(&X, &y, NULL, NULL, &m);
    CHECK(st == LR_OK && lr_shapiro_wilk(m, &r) == LR_OK && r.n == 5000 && r.p_value >= 0 &&
              r.p_value <= 1 && r.statistic > 0 && r.statistic <= 1,
          "SW at n = 5000: %s", lr_last_error());
    lr_model_free(m);

    /* A streamed model keeps no residuals. */
    lr_accumulator *acc = NULL;
    st = lr_accumulator_create(1, NULL, &acc);
    X = lr_matrix_row_major(xv, 100, 1);
    y = lr_vector_of(yv, 100);
    if (st == LR_OK)
        st = lr_accumulator_add(acc, &X, &y, NULL);
    if (st == LR_OK)
        st = lr_accumulator_finish(acc, NULL, &m);
    CHECK(st == LR_OK, "streamed fit: %s", lr_last_error());
    lr_accumulator_free(acc);
    CHECK(lr_shapiro_wilk(m, &r) == LR_ERR_NO_DATA, "SW on a streamed model");
    CHECK(strstr(lr_last_error(), "streaming") != NULL, "message: %s", lr_last_error());
    CHECK(lr_jarque_bera(m, &r) == LR_ERR_NO_DATA, "JB on a streamed model");
    CHECK(lr_omnibus_normality(m, &r) == LR_ERR_NO_DATA, "omnibus on a streamed model");
    CHECK(lr_anderson_darling(m, &r) == LR_ERR_NO_DATA, "AD on a streamed model");
    CHECK(lr_residual_moments(m, &s, &k) == LR_ERR_NO_DATA, "moments on a streamed model");
    size_t cnt;
    CHECK(lr_qq_data(m, xv, yv, n, &cnt) == LR_ERR_NO_DATA, "qq on a streamed model");
    lr_model_free(m);

    CHECK(lr_shapiro_wilk(NULL, &r) == LR_ERR_INVALID_ARG, "NULL model");
    X = lr_matrix_row_major(xv, 20, 1);
    y = lr_vector_of(yv, 20);
    st = lr_fit(&X, &y, NULL, NULL, &m);
    CHECK(st == LR_OK && lr_shapiro_wilk(m, NULL) == LR_ERR_INVALID_ARG, "NULL out");
    lr_model_free(m);
    free(xv);
    free(yv);
}

int main(void)
{
    n_r = fix_read("tests/fixtures/diag/r_tests.csv", r_rows, 1024);
    n_sm = fix_read("tests/fixtures/diag/statsmodels.csv", sm_rows, 256);
    CHECK(n_r > 0 && n_sm > 0, "cannot read the fixtures (run from the repository root)");
    fix_set sets[FIX_MAX_SETS];
    int ns = fix_manifest(sets);
    CHECK(ns >= 10, "manifest lists %d datasets", ns);
    for (int i = 0; i < ns; i++)
        check_set(&sets[i]);
    error_paths();
    return test_report("test_diag_normality");
}
