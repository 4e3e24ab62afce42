/* Feasible WLS, Box-Cox and the fixed-features correction against the R
 * computations of tests/reference/remedies.R (lm, MASS::boxcox with
 * optimize/uniroot, the explicit regression-calibration formula):
 * 1e-8 relative wherever R has the same number; the Box-Cox maximiser to
 * 1e-6 (a flat maximum pins lambda only to about sqrt(machine epsilon) in
 * both programs). */
#include "robust_fixtures.h"
#include "test_util.h"

#define TOL 1e-8

static void test_fwls(const fx_table *fx, const ds_t *d)
{
    lr_model *w = NULL, *a = NULL;
    lr_status st = lr_fwls(d->model, &w, &a);
    if (d->w) {
        CHECK(st == LR_ERR_UNSUPPORTED && !w && !a, "%s: FWLS of a weighted fit must fail",
              d->name);
        return;
    }
    CHECK(st == LR_OK, "%s: fwls: %s", d->name, lr_last_error());
    if (st != LR_OK)
        return;
    int cd = fx_col(fx, "dataset"), cm = fx_col(fx, "model"), cn = fx_col(fx, "name");
    static const char *const cols[] = {"estimate", "std_error", "t_value", "p_value"};
    size_t seen = 0;
    for (size_t i = 0; i < fx->nrows; i++) {
        if (strcmp(fx_str(fx, i, cd), d->name))
            continue;
        const lr_model *g = strcmp(fx_str(fx, i, cm), "wls") == 0 ? w : a;
        const char *name = fx_str(fx, i, cn);
        char what[128];
        snprintf(what, sizeof what, "%s fwls %s %s", d->name, fx_str(fx, i, cm), name);
        if (!strcmp(name, "sigma")) {
            CHECK_REL(lr_model_stat(g, LR_STAT_SIGMA), fx_num(fx, i, fx_col(fx, "estimate")),
                      TOL, what);
            seen++;
            continue;
        }
        int j = ds_coef_index(g, name);
        CHECK(j >= 0, "%s: no coefficient", what);
        if (j < 0)
            continue;
        for (int c = 0; c < 4; c++) {
            double v[16];
            lr_model_coef_column(g, (lr_coef_column)c, 0.95, v, lr_model_ncoef(g));
            double ref = fx_num(fx, i, fx_col(fx, cols[c]));
            CHECK_REL(v[j], ref, TOL, what);
        }
        seen++;
    }
    CHECK(seen > 0, "%s: no FWLS fixture rows", d->name);
    /* the new models own their data: still usable after the source arrays change */
    CHECK(lr_model_nobs(w) == d->n, "%s: fwls nobs", d->name);
    lr_model_free(w);
    lr_model_free(a);
}

static void test_boxcox(const fx_table *grid, const fx_table *bx, const ds_t *d)
{
    int has = 0;
    int cd = fx_col(bx, "dataset");
    size_t row = 0;
    for (size_t i = 0; i < bx->nrows; i++)
        if (!strcmp(fx_str(bx, i, cd), d->name)) {
            has = 1;
            row = i;
        }
    lr_boxcox *bc = NULL;
    lr_status st = lr_boxcox_profile(d->model, -2, 2, 0.1, 0.95, &bc);
    if (!has) {
        /* R had no value: the response is not positive or the fit is weighted */
        CHECK(st == LR_ERR_INVALID_ARG || st == LR_ERR_UNSUPPORTED,
              "%s: Box-Cox should fail, got %d", d->name, (int)st);
        if (st == LR_ERR_INVALID_ARG)
            CHECK(strstr(lr_last_error(), "row ") != NULL, "%s: message names no row: %s",
                  d->name, lr_last_error());
        lr_boxcox_free(bc);
        return;
    }
    CHECK(st == LR_OK, "%s: boxcox: %s", d->name, lr_last_error());
    if (st != LR_OK)
        return;
    size_t ng = lr_boxcox_grid_size(bc), seen = 0;
    const double *lam = lr_boxcox_grid_lambda(bc), *ll = lr_boxcox_grid_loglik(bc);
    CHECK(ng == 41, "%s: grid has %zu points", d->name, ng);
    int gd = fx_col(grid, "dataset"), gl = fx_col(grid, "lambda"), gv = fx_col(grid, "loglik");
    for (size_t i = 0; i < grid->nrows; i++) {
        if (strcmp(fx_str(grid, i, gd), d->name))
            continue;
        char what[96];
        snprintf(what, sizeof what, "%s boxcox L(%g)", d->name, fx_num(grid, i, gl));
        CHECK(seen < ng && lam[seen] == fx_num(grid, i, gl), "%s: lambda differs", what);
        if (seen < ng)
            CHECK_REL(ll[seen], fx_num(grid, i, gv), TOL, what);
        seen++;
    }
    CHECK(seen == ng, "%s: %zu grid fixture rows", d->name, seen);
    char what[96];
    snprintf(what, sizeof what, "%s boxcox lambda_hat", d->name);
    CHECK_REL(lr_boxcox_lambda_hat(bc), fx_num(bx, row, fx_col(bx, "lambda_hat")), 1e-6, what);
    snprintf(what, sizeof what, "%s boxcox loglik_max", d->name);
    CHECK_REL(lr_boxcox_loglik_max(bc), fx_num(bx, row, fx_col(bx, "loglik_max")), 1e-11, what);
    snprintf(what, sizeof what, "%s boxcox ci_low", d->name);
    CHECK_REL(lr_boxcox_ci_low(bc), fx_num(bx, row, fx_col(bx, "ci_low")), TOL, what);
    snprintf(what, sizeof what, "%s boxcox ci_high", d->name);
    CHECK_REL(lr_boxcox_ci_high(bc), fx_num(bx, row, fx_col(bx, "ci_high")), TOL, what);
    double v;
    CHECK(lr_boxcox_loglik_at(d->model, 0.01, &v) == LR_OK, "loglik_at");
    snprintf(what, sizeof what, "%s boxcox L(0.01) (series branch)", d->name);
    CHECK_REL(v, fx_num(bx, row, fx_col(bx, "loglik_at_0.01")), TOL, what);
    lr_boxcox_loglik_at(d->model, 0.3, &v);
    snprintf(what, sizeof what, "%s boxcox L(0.3)", d->name);
    CHECK_REL(v, fx_num(bx, row, fx_col(bx, "loglik_at_0.3")), TOL, what);
    lr_boxcox_free(bc);
}

/* Looks up the fixture coefficients of one case into ref (NaN elsewhere). */
static size_t eiv_case(const fx_table *fx, const ds_t *d, const char *cas, double *ref)
{
    size_t p = lr_model_ncoef(d->model), seen = 0;
    for (size_t j = 0; j < p; j++)
        ref[j] = NAN;
    int cd = fx_col(fx, "dataset"), cc = fx_col(fx, "case"), cn = fx_col(fx, "name"),
        cv = fx_col(fx, "value");
    for (size_t i = 0; i < fx->nrows; i++)
        if (!strcmp(fx_str(fx, i, cd), d->name) && !strcmp(fx_str(fx, i, cc), cas)) {
            int j = ds_coef_index(d->model, fx_str(fx, i, cn));
            if (j >= 0) {
                ref[j] = fx_num(fx, i, cv);
                seen++;
            }
        }
    return seen;
}

static void test_eiv(const fx_table *fx, const ds_t *d)
{
    const size_t p = lr_model_ncoef(d->model), k = d->k;
    double rel[DS_MAXK], ref[16], got[16], evar[DS_MAXK];
    static const double cyc[3] = {0.8, 0.9, 0.95};
    for (size_t c = 0; c < k; c++)
        rel[c] = cyc[c % 3];
    lr_status st = lr_fixed_features_correct(d->model, rel, NULL, got, p);
    size_t seen = eiv_case(fx, d, "given", ref);
    int impossible = isnan(ref[0]);
    CHECK(impossible ? st == LR_ERR_UNDEFINED : st == LR_OK, "%s: eiv: %s", d->name,
          lr_last_error());
    CHECK(seen == (size_t)lr_model_stat(d->model, LR_STAT_RANK), "%s: eiv fixture rows %zu",
          d->name, seen);
    for (size_t j = 0; j < p; j++) {
        char what[96];
        snprintf(what, sizeof what, "%s eiv %s", d->name, lr_model_coef_name(d->model, j));
        CHECK_REL(got[j], ref[j], TOL, what);
    }
    /* the same through error variances: var_u = (1 - rel) var_x (var_x over
     * the rows used, weighted, divided by the sum of weights) */
    for (size_t c = 0; c < k; c++) {
        double sw = 0, s = 0, ss = 0;
        for (size_t i = 0; i < d->n; i++) {
            double w = d->w ? d->w[i] : 1.0;
            sw += w;
            s += w * d->X[i + c * d->n];
        }
        for (size_t i = 0; i < d->n; i++) {
            double w = d->w ? d->w[i] : 1.0, dx = d->X[i + c * d->n] - s / sw;
            ss += w * dx * dx;
        }
        evar[c] = (1.0 - rel[c]) * ss / sw;
    }
    st = lr_fixed_features_correct(d->model, NULL, evar, got, p);
    CHECK(impossible ? st == LR_ERR_UNDEFINED : st == LR_OK, "%s: eiv by variances: %s",
          d->name, lr_last_error());
    for (size_t j = 0; j < p; j++) {
        char what[96];
        snprintf(what, sizeof what, "%s eiv (variances) %s", d->name,
                 lr_model_coef_name(d->model, j));
        CHECK_REL(got[j], ref[j], 1e-10 > TOL ? 1e-10 : TOL, what);
    }
    /* sensitivity table: feature j alone at reliability 1, .9, .8, .7 */
    double *sens = calloc(k * 4 * p, sizeof(double));
    st = lr_fixed_features_sensitivity(d->model, NULL, 0, sens, k * 4 * p);
    CHECK(st == LR_OK, "%s: sensitivity: %s", d->name, lr_last_error());
    static const char *const lv[4] = {"1", "0.9", "0.8", "0.7"};
    for (size_t c = 0; c < k; c++) {
        int aliased = lr_model_coef_aliased(d->model, c + (size_t)d->intercept);
        for (int l = 0; l < 4; l++) {
            char cas[64];
            snprintf(cas, sizeof cas, "sens_%s_%s", d->names[c], lv[l]);
            size_t got_rows = eiv_case(fx, d, cas, ref);
            CHECK(aliased ? got_rows == 0 : got_rows > 0, "%s: %s fixture rows", d->name, cas);
            for (size_t j = 0; j < p; j++) {
                char what[128];
                snprintf(what, sizeof what, "%s %s %s", d->name, cas,
                         lr_model_coef_name(d->model, j));
                CHECK_REL(sens[(c * 4 + (size_t)l) * p + j], ref[j], TOL, what);
            }
        }
    }
    free(sens);
    /* reliability 1 everywhere = no correction = the least-squares fit */
    for (size_t c = 0; c < k; c++)
        rel[c] = 1.0;
    lr_fixed_features_correct(d->model, rel, NULL, got, p);
    double est[16];
    lr_model_coef_column(d->model, LR_COEF_ESTIMATE, 0.95, est, p);
    for (size_t j = 0; j < p; j++) {
        char what[96];
        snprintf(what, sizeof what, "%s eiv at reliability 1 = OLS, %s", d->name,
                 lr_model_coef_name(d->model, j));
        CHECK_REL(got[j], est[j], 1e-9, what);
    }
}

static void test_notes(const ds_t *d)
{
    char *t = NULL;
    CHECK(lr_fixed_features_note(d->model, NULL, &t) == LR_OK, "note");
    CHECK(t && strstr(t, "cannot be tested from the data") && strstr(t, "reliability"),
          "note without reliability: %s", t ? t : "(null)");
    lr_free(t);
    double rel[DS_MAXK];
    for (size_t c = 0; c < d->k; c++)
        rel[c] = 0.8;
    t = NULL;
    CHECK(lr_fixed_features_note(d->model, rel, &t) == LR_OK, "note with reliability: %s",
          lr_last_error());
    CHECK(t && strstr(t, "corrected") && strstr(t, d->names[0]), "note with reliability: %s",
          t ? t : "(null)");
    lr_free(t);
}

int main(void)
{
    fx_table *fw = fx_read("tests/fixtures/robust/fwls.csv");
    fx_table *bg = fx_read("tests/fixtures/robust/boxcox_grid.csv");
    fx_table *bx = fx_read("tests/fixtures/robust/boxcox.csv");
    fx_table *ev = fx_read("tests/fixtures/robust/eiv.csv");
    CHECK(fw && bg && bx && ev, "fixtures missing");
    if (!fw || !bg || !bx || !ev)
        return test_report("test_robust_remedies");
    for (size_t s = 0; s < DS_COUNT; s++) {
        ds_t d;
        if (ds_load(ds_all[s], &d) != 0) {
            CHECK(0, "cannot load %s", ds_all[s]);
            continue;
        }
        test_fwls(fw, &d);
        test_boxcox(bg, bx, &d);
        test_eiv(ev, &d);
        if (s == 0)
            test_notes(&d);
        ds_free(&d);
    }
    fx_free(fw);
    fx_free(bg);
    fx_free(bx);
    fx_free(ev);
    return test_report("test_robust_remedies");
}
