/* Multicollinearity diagnostics against R on every dataset of
 * tests/fixtures/influence (tests/reference/diag_influence.R): VIF
 * (car::vif, with and without an intercept, aliased columns left out),
 * GVIF and GVIF^(1/(2 df)) for a factor and a poly() term (car::vif on
 * lm(y ~ x1 + f + poly(x2, 2)), with and without an intercept), Belsley
 * condition indices and variance-decomposition proportions (svd of the
 * unit-column weighted design in R), to 1e-8 relative; streamed models;
 * error paths. */
#include "diag_fixture.h"
#include "test_util.h"

#define TOL 1e-8

static size_t parse_assign(const char *text, int *assign, size_t max)
{
    size_t n = 0;
    const char *p = text;
    char *end;
    while (n < max) {
        long v = strtol(p, &end, 10);
        if (end == p)
            break;
        assign[n++] = (int)v;
        p = end;
    }
    return n;
}

static void check_vif(const fx_spec *s, const lr_model *m, const fx_values *kv)
{
    const size_t p = lr_model_ncoef(m);
    double vif[FX_MAX_COLS];
    char key[64], what[128];
    lr_status st = lr_vif(m, vif, p);
    CHECK(st == LR_OK, "%s: lr_vif: %s", s->name, lr_last_error());
    for (size_t j = 0; j < p; j++) {
        int found;
        snprintf(key, sizeof key, "vif_%zu", j + 1);
        double want = fx_get(kv, key, &found);
        if (found) {
            snprintf(what, sizeof what, "%s VIF %s", s->name, lr_model_coef_name(m, j));
            CHECK_REL(vif[j], want, TOL, what);
        } else {
            /* no reference: the intercept or an aliased coefficient -> NaN */
            CHECK(isnan(vif[j]) && ((s->intercept && j == 0) || lr_model_coef_aliased(m, j)),
                  "%s: VIF %zu should be NaN (got %g)", s->name, j + 1, vif[j]);
        }
    }
}

static void check_belsley(const fx_spec *s, const lr_model *m, const fx_values *kv)
{
    const size_t p = lr_model_ncoef(m);
    double ci[FX_MAX_COLS], *prop = calloc(p * p, sizeof(double));
    char key[64], what[128];
    lr_status st = lr_collinearity_diagnostics(m, ci, prop, p);
    CHECK(st == LR_OK, "%s: collinearity diagnostics: %s", s->name, lr_last_error());
    const size_t rank = (size_t)lr_model_stat(m, LR_STAT_RANK);
    snprintf(what, sizeof what, "%s condition number", s->name);
    CHECK_REL(ci[rank - 1], fx_get(kv, "cond_number", NULL), TOL, what);
    snprintf(what, sizeof what, "%s condition number vs LR_STAT_CONDITION_NUMBER", s->name);
    CHECK_REL(lr_model_stat(m, LR_STAT_CONDITION_NUMBER), ci[rank - 1], 1e-10, what);
    for (size_t k = 0; k < p; k++) {
        int found;
        snprintf(key, sizeof key, "cond_index_%zu", k + 1);
        double want = fx_get(kv, key, &found);
        snprintf(what, sizeof what, "%s %s", s->name, key);
        if (found)
            CHECK_REL(ci[k], want, TOL, what);
        else
            CHECK(isnan(ci[k]) && k >= rank, "%s: no index %zu expected NaN", s->name, k + 1);
        for (size_t j = 0; j < p; j++) {
            snprintf(key, sizeof key, "prop_%zu_%zu", k + 1, j + 1);
            want = fx_get(kv, key, &found);
            snprintf(what, sizeof what, "%s %s", s->name, key);
            if (found)
                CHECK(fabs(prop[k * p + j] - want) <= TOL * fmax(fabs(want), 1e-6),
                      "%s: got %.17g expected %.17g", what, prop[k * p + j], want);
            else
                CHECK(isnan(prop[k * p + j]), "%s: expected NaN", what);
        }
    }
    /* proportions of each coefficient sum to 1 over the dimensions */
    for (size_t j = 0; j < p; j++) {
        if (lr_model_coef_aliased(m, j))
            continue;
        double sum = 0;
        for (size_t k = 0; k < rank; k++)
            sum += prop[k * p + j];
        CHECK(fabs(sum - 1) < 1e-12, "%s: proportions of %zu sum to %.17g", s->name, j, sum);
    }
    free(prop);
}

static void check_gvif(const fx_spec *s, const lr_model *m, const fx_values *kv)
{
    int assign[FX_MAX_COLS];
    const size_t p = lr_model_ncoef(m);
    size_t na = parse_assign(s->assign, assign, FX_MAX_COLS);
    CHECK(na == p, "%s: assign has %zu entries for %zu coefficients", s->name, na, p);
    int nterms = 0;
    for (size_t j = 0; j < na; j++)
        if (assign[j] > nterms)
            nterms = assign[j];
    double g[16], adj[16], df[16], vif[FX_MAX_COLS];
    char key[64], what[128];
    lr_status st = lr_gvif(m, assign, (size_t)nterms, g, adj, df, 16);
    CHECK(st == LR_OK, "%s: lr_gvif: %s", s->name, lr_last_error());
    for (int t = 0; t < nterms; t++) {
        snprintf(key, sizeof key, "gvif_%d", t + 1);
        snprintf(what, sizeof what, "%s %s", s->name, key);
        CHECK_REL(g[t], fx_get(kv, key, NULL), TOL, what);
        snprintf(key, sizeof key, "gvif_adj_%d", t + 1);
        snprintf(what, sizeof what, "%s %s", s->name, key);
        CHECK_REL(adj[t], fx_get(kv, key, NULL), TOL, what);
        snprintf(key, sizeof key, "gvif_df_%d", t + 1);
        CHECK(df[t] == fx_get(kv, key, NULL), "%s: %s = %g", s->name, key, df[t]);
    }
    /* one column per term: the GVIFs are the VIFs */
    int single[FX_MAX_COLS];
    for (size_t j = 0; j < p; j++)
        single[j] = s->intercept ? (int)j : (int)j + 1;
    size_t nt = s->intercept ? p - 1 : p;
    st = lr_gvif(m, single, nt, g, NULL, NULL, 16);
    CHECK(st == LR_OK, "%s: single-column GVIF", s->name);
    lr_vif(m, vif, p);
    for (size_t t = 0; t < nt; t++) {
        snprintf(what, sizeof what, "%s single-column GVIF %zu = VIF", s->name, t + 1);
        CHECK_REL(g[t], vif[t + (size_t)s->intercept], 1e-12, what);
    }
    /* bad assignments */
    int bad[FX_MAX_COLS];
    memcpy(bad, assign, sizeof bad);
    if (s->intercept) {
        bad[0] = 1;
        CHECK(lr_gvif(m, bad, (size_t)nterms, g, adj, df, 16) == LR_ERR_INVALID_ARG,
              "%s: intercept in a term", s->name);
        bad[0] = 0;
    }
    bad[p - 1] = nterms + 1;
    CHECK(lr_gvif(m, bad, (size_t)nterms, g, adj, df, 16) == LR_ERR_INVALID_ARG,
          "%s: term out of range", s->name);
    CHECK(strstr(lr_last_error(), lr_model_coef_name(m, p - 1)) != NULL,
          "%s: message names the coefficient: %s", s->name, lr_last_error());
    CHECK(lr_gvif(m, assign, (size_t)nterms + 1, g, adj, df, 16) == LR_ERR_INVALID_ARG,
          "%s: a term without columns", s->name);
    CHECK(lr_gvif(m, assign, (size_t)nterms, g, adj, df, (size_t)nterms - 1) == LR_ERR_DIMENSION,
          "%s: short output", s->name);
}

int main(void)
{
    fx_spec specs[FX_MAX_SETS];
    size_t nsets = fx_specs(specs, FX_MAX_SETS);
    CHECK(nsets >= 15, "fixture list has %zu datasets", nsets);
    int saw_gvif = 0, saw_noint = 0, saw_aliased = 0;
    for (size_t d = 0; d < nsets; d++) {
        const fx_spec *s = &specs[d];
        fx_fit f, fs;
        fx_values kv;
        lr_status st = fx_fit_spec(s, 0, 0, &f);
        CHECK(st == LR_OK, "%s: fit: %s", s->name, lr_last_error());
        CHECK(fx_values_read(s->name, &kv) == 0, "%s: values fixture", s->name);
        if (st == LR_OK) {
            check_vif(s, f.model, &kv);
            check_belsley(s, f.model, &kv);
            if (s->assign[0]) {
                check_gvif(s, f.model, &kv);
                saw_gvif++;
            }
            saw_noint += !s->intercept;
            saw_aliased += lr_model_stat(f.model, LR_STAT_RANK) < lr_model_ncoef(f.model);
            /* a streamed model has the factor, so the same VIFs */
            st = fx_fit_spec(s, 0, 1, &fs);
            CHECK(st == LR_OK, "%s: streamed fit: %s", s->name, lr_last_error());
            if (st == LR_OK) {
                const size_t p = lr_model_ncoef(f.model);
                double a[FX_MAX_COLS], b[FX_MAX_COLS];
                CHECK(lr_vif(f.model, a, p) == LR_OK && lr_vif(fs.model, b, p) == LR_OK,
                      "%s: VIF of both fits", s->name);
                for (size_t j = 0; j < p; j++)
                    CHECK(test_close(b[j], a[j], 1e-10), "%s: streamed VIF %zu %g vs %g",
                          s->name, j, b[j], a[j]);
                CHECK(lr_collinearity_diagnostics(fs.model, b, NULL, p) == LR_OK,
                      "%s: streamed Belsley", s->name);
            }
            fx_fit_free(&fs);
        }
        fx_values_free(&kv);
        fx_fit_free(&f);
    }
    CHECK(saw_gvif == 2 && saw_noint >= 2 && saw_aliased >= 1,
          "datasets cover GVIF (%d), no intercept (%d), aliased (%d)", saw_gvif, saw_noint,
          saw_aliased);

    /* error paths */
    fx_fit f;
    fx_fit_spec(&specs[0], 0, 0, &f);
    double out[8];
    CHECK(lr_vif(NULL, out, 8) == LR_ERR_INVALID_ARG, "VIF of NULL");
    CHECK(lr_vif(f.model, NULL, 8) == LR_ERR_INVALID_ARG, "VIF into NULL");
    CHECK(lr_vif(f.model, out, 2) == LR_ERR_DIMENSION, "VIF short buffer");
    CHECK(lr_collinearity_diagnostics(f.model, out, NULL, 2) == LR_ERR_DIMENSION,
          "Belsley short buffer");
    CHECK(lr_gvif(f.model, NULL, 1, out, NULL, NULL, 8) == LR_ERR_INVALID_ARG, "GVIF NULL assign");
    int assign[4] = {0, 1, 1, 1};
    CHECK(lr_gvif(f.model, assign, 0, out, NULL, NULL, 8) == LR_ERR_INVALID_ARG, "GVIF 0 terms");
    /* one term holding every slope: GVIF 1 (car refuses fewer than 2 terms) */
    CHECK(lr_gvif(f.model, assign, 1, out, NULL, NULL, 8) == LR_OK, "GVIF of one term");
    CHECK_REL(out[0], 1.0, 1e-12, "GVIF of a single term is 1");
    fx_fit_free(&f);
    return test_report("test_diag_collinearity");
}
