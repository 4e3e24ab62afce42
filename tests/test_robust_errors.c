/* Bad input to the remedies and the interpretation pack: each fails with
 * a clear status and a message naming what is wrong, never a crash or a
 * silently wrong number. Also the equivalence of the three ways of giving
 * cluster ids. */
#include "robust_fixtures.h"
#include "test_util.h"

static lr_status cluster_vcov(const lr_model *m, lr_cluster_ids c1, lr_cluster_ids c2,
                              lr_robust **out)
{
    lr_robust_options o;
    lr_robust_options_init(&o, LR_VCOV_CLUSTER);
    o.cluster1 = c1;
    o.cluster2 = c2;
    return lr_robust_vcov(m, &o, out);
}

static void test_cluster_errors(const ds_t *d)
{
    lr_robust *r = NULL;
    lr_cluster_ids none = {LR_CLUSTER_NONE, NULL, NULL, 0, 0};
    lr_status st = cluster_vcov(d->model, lr_cluster_doubles(d->c1, d->n - 1), none, &r);
    CHECK(st == LR_ERR_DIMENSION && !r, "length mismatch: %d", (int)st);
    CHECK(strstr(lr_last_error(), "119") && strstr(lr_last_error(), "120"),
          "length message: %s", lr_last_error());
    st = cluster_vcov(d->model, lr_cluster_doubles(d->c1, d->n),
                      lr_cluster_doubles(d->c2, d->n + 3), &r);
    CHECK(st == LR_ERR_DIMENSION && !r, "second length mismatch: %d", (int)st);
    double *one = calloc(d->n, sizeof(double));
    for (size_t i = 0; i < d->n; i++)
        one[i] = 7.0;
    st = cluster_vcov(d->model, lr_cluster_doubles(one, d->n), none, &r);
    CHECK(st == LR_ERR_UNDEFINED && !r && strstr(lr_last_error(), "single cluster"),
          "single cluster: %d %s", (int)st, lr_last_error());
    st = cluster_vcov(d->model, lr_cluster_doubles(d->c1, d->n), lr_cluster_doubles(one, d->n),
                      &r);
    CHECK(st == LR_ERR_UNDEFINED && !r, "single cluster in the second dimension: %d", (int)st);
    one[5] = NAN;
    st = cluster_vcov(d->model, lr_cluster_doubles(one, d->n), none, &r);
    CHECK(st == LR_ERR_NONFINITE && strstr(lr_last_error(), "row 6"), "NaN id: %s",
          lr_last_error());
    free(one);
    st = cluster_vcov(d->model, lr_cluster_column(9), none, &r);
    CHECK(st == LR_ERR_INVALID_ARG && !r, "column out of range: %d", (int)st);
    st = cluster_vcov(d->model, none, none, &r);
    CHECK(st == LR_ERR_INVALID_ARG && !r, "no cluster ids: %d", (int)st);
    st = cluster_vcov(d->model, lr_cluster_doubles(NULL, d->n), none, &r);
    CHECK(st == LR_ERR_INVALID_ARG && !r, "NULL ids: %d", (int)st);
    lr_robust_options o;
    lr_robust_options_init(&o, LR_VCOV_CLUSTER);
    o.cluster1 = lr_cluster_doubles(d->c1, d->n);
    o.cluster_type = LR_VCOV_HC3;
    CHECK(lr_robust_vcov(d->model, &o, &r) == LR_ERR_UNSUPPORTED && !r, "cluster HC3");
}

/* Double, integer and column ids give the same clustering. */
static void test_cluster_kinds(const ds_t *d)
{
    double *X = calloc(d->n * 3, sizeof(double));
    memcpy(X, d->X, d->n * 2 * sizeof(double));
    memcpy(X + 2 * d->n, d->c1, d->n * sizeof(double));
    int64_t *ids = calloc(d->n, sizeof(int64_t));
    for (size_t i = 0; i < d->n; i++)
        ids[i] = (int64_t)d->c1[i] * 1000003 - 5;
    lr_matrix Xm = lr_matrix_col_major(X, d->n, 3);
    lr_vector y = lr_vector_of(d->y, d->n);
    lr_model *m = NULL;
    CHECK(lr_fit(&Xm, &y, NULL, NULL, &m) == LR_OK, "fit");
    lr_cluster_ids none = {LR_CLUSTER_NONE, NULL, NULL, 0, 0};
    lr_robust *a = NULL, *b = NULL, *c = NULL;
    CHECK(cluster_vcov(m, lr_cluster_doubles(d->c1, d->n), none, &a) == LR_OK, "doubles");
    CHECK(cluster_vcov(m, lr_cluster_ints(ids, d->n), none, &b) == LR_OK, "ints");
    CHECK(cluster_vcov(m, lr_cluster_column(2), none, &c) == LR_OK, "column");
    double va[16], vb[16], vc[16];
    lr_robust_get_vcov(a, va, 16);
    lr_robust_get_vcov(b, vb, 16);
    lr_robust_get_vcov(c, vc, 16);
    CHECK(!memcmp(va, vb, sizeof va) && !memcmp(va, vc, sizeof va),
          "cluster id kinds disagree");
    CHECK(lr_robust_nclusters(a, 0) == 30 && lr_robust_nclusters(b, 0) == 30, "30 patients");
    lr_robust_free(a);
    lr_robust_free(b);
    lr_robust_free(c);
    lr_model_free(m);
    free(X);
    free(ids);
}

static void test_streamed(const ds_t *d)
{
    lr_accumulator *acc = NULL;
    lr_options o;
    lr_options_init(&o);
    CHECK(lr_accumulator_create(d->k, &o, &acc) == LR_OK, "accumulator");
    lr_matrix X = lr_matrix_col_major(d->X, d->n, d->k);
    lr_vector y = lr_vector_of(d->y, d->n);
    lr_accumulator_add(acc, &X, &y, NULL);
    lr_model *m = NULL;
    CHECK(lr_accumulator_finish(acc, NULL, &m) == LR_OK, "finish: %s", lr_last_error());
    lr_accumulator_free(acc);
    lr_robust *r = NULL;
    for (int t = 0; t < LR_VCOV_TYPE_COUNT_; t++) {
        lr_robust_options ro;
        lr_robust_options_init(&ro, (lr_vcov_type)t);
        ro.cluster1 = lr_cluster_doubles(d->c1, d->n);
        CHECK(lr_robust_vcov(m, &ro, &r) == LR_ERR_NO_DATA && !r, "streamed %s",
              lr_vcov_type_name((lr_vcov_type)t));
    }
    lr_model *w = NULL;
    CHECK(lr_fwls(m, &w, NULL) == LR_ERR_NO_DATA && !w, "streamed fwls");
    lr_boxcox *bc = NULL;
    CHECK(lr_boxcox_profile(m, -2, 2, 0.1, 0.95, &bc) == LR_ERR_NO_DATA && !bc, "streamed boxcox");
    double rel[DS_MAXK] = {0.9, 0.9, 0.9}, out[64], x[DS_MAXK] = {0};
    CHECK(lr_fixed_features_correct(m, rel, NULL, out, 64) == LR_ERR_NO_DATA, "streamed eiv");
    CHECK(lr_fixed_features_sensitivity(m, NULL, 0, out, 64) == LR_ERR_NO_DATA,
          "streamed sensitivity");
    CHECK(lr_standardized_coef(m, out, 64) == LR_ERR_NO_DATA, "streamed standardized");
    CHECK(lr_effect_table(m, out, 64) == LR_ERR_NO_DATA, "streamed effects");
    CHECK(lr_explain_prediction(m, x, d->k, out, NULL, NULL) == LR_ERR_NO_DATA, "streamed explain");
    /* the note and the sentences need no data */
    char *t = NULL;
    CHECK(lr_fixed_features_note(m, NULL, &t) == LR_OK && t, "streamed note");
    lr_free(t);
    t = NULL;
    CHECK(lr_coef_sentences(m, "y", NULL, 0.95, &t) == LR_OK && t, "streamed sentences");
    lr_free(t);
    size_t order[8];
    CHECK(lr_coef_order_by_t(m, order, 8) == LR_OK, "streamed order");
    lr_model_free(m);
}

static void test_eiv_errors(const ds_t *d)
{
    double out[16], rel[DS_MAXK];
    static const double bad[] = {0.0, 1.5, -0.1, NAN};
    for (size_t b = 0; b < 4; b++) {
        for (size_t c = 0; c < d->k; c++)
            rel[c] = 0.9;
        rel[1] = bad[b];
        lr_status st = lr_fixed_features_correct(d->model, rel, NULL, out, 16);
        CHECK(st == LR_ERR_INVALID_ARG && strstr(lr_last_error(), "'x2'"),
              "reliability %g: %d %s", bad[b], (int)st, lr_last_error());
    }
    double ev[DS_MAXK] = {0.1, -1.0, 0.1};
    CHECK(lr_fixed_features_correct(d->model, NULL, ev, out, 16) == LR_ERR_INVALID_ARG &&
              strstr(lr_last_error(), "'x2'"),
          "negative error variance: %s", lr_last_error());
    CHECK(lr_fixed_features_correct(d->model, NULL, NULL, out, 16) == LR_ERR_INVALID_ARG,
          "neither given");
    CHECK(lr_fixed_features_correct(d->model, rel, ev, out, 16) == LR_ERR_INVALID_ARG,
          "both given");
    CHECK(lr_fixed_features_correct(d->model, rel, NULL, out, 1) == LR_ERR_DIMENSION, "short out");
    /* an error variance as large as the feature's variance: impossible */
    ev[0] = 1e6;
    ev[1] = 0.0;
    CHECK(lr_fixed_features_correct(d->model, NULL, ev, out, 16) == LR_ERR_UNDEFINED,
          "error variance above the observed variance: %s", lr_last_error());
    double lv[2] = {0.9, 1.2}, big[64];
    CHECK(lr_fixed_features_sensitivity(d->model, lv, 2, big, 64) == LR_ERR_INVALID_ARG,
          "sensitivity level 1.2");
    CHECK(lr_fixed_features_sensitivity(d->model, NULL, 0, out, 4) == LR_ERR_DIMENSION,
          "sensitivity short out");
}

static void test_boxcox_errors(const ds_t *d)
{
    double *y = malloc(d->n * sizeof(double));
    for (size_t i = 0; i < d->n; i++)
        y[i] = fabs(d->y[i]) + 1.0;
    y[16] = -0.5;
    lr_matrix X = lr_matrix_col_major(d->X, d->n, d->k);
    lr_vector yv = lr_vector_of(y, d->n);
    lr_model *m = NULL;
    lr_fit(&X, &yv, NULL, NULL, &m);
    lr_boxcox *bc = NULL;
    lr_status st = lr_boxcox_profile(m, -2, 2, 0.1, 0.95, &bc);
    CHECK(st == LR_ERR_INVALID_ARG && !bc && strstr(lr_last_error(), "row 17"),
          "negative response: %d %s", (int)st, lr_last_error());
    lr_model_free(m);
    y[16] = 0.0;
    lr_fit(&X, &yv, NULL, NULL, &m);
    st = lr_boxcox_profile(m, -2, 2, 0.1, 0.95, &bc);
    CHECK(st == LR_ERR_INVALID_ARG && strstr(lr_last_error(), "row 17"), "zero response: %s",
          lr_last_error());
    y[16] = 3.0;
    lr_model_free(m);
    lr_fit(&X, &yv, NULL, NULL, &m);
    CHECK(lr_boxcox_profile(m, 2, -2, 0.1, 0.95, &bc) == LR_ERR_INVALID_ARG, "empty range");
    CHECK(lr_boxcox_profile(m, -2, 2, 0.1, 1.5, &bc) == LR_ERR_INVALID_ARG, "level 1.5");
    CHECK(lr_boxcox_profile(m, -2, 2, 0.1, 0.95, NULL) == LR_ERR_INVALID_ARG, "NULL out");
    CHECK(lr_boxcox_profile(m, -2, 2, 0.1, 0.95, &bc) == LR_OK, "positive response: %s",
          lr_last_error());
    /* the interval brackets the maximum, and L at the limits is max - qchisq(.95,1)/2 */
    double lo = lr_boxcox_ci_low(bc), hi = lr_boxcox_ci_high(bc), l0 = lr_boxcox_lambda_hat(bc);
    CHECK(!(lo > l0) && !(hi < l0), "interval [%g, %g] around %g", lo, hi, l0);
    if (!isnan(lo)) {
        double v;
        lr_boxcox_loglik_at(m, lo, &v);
        CHECK(fabs(v - (lr_boxcox_loglik_max(bc) - 1.9207294103470498)) < 1e-8,
              "L at the lower limit: %.17g", v);
    }
    lr_boxcox_free(bc);
    lr_model_free(m);
    free(y);
}

static void test_misc_errors(const ds_t *d)
{
    lr_robust *r = NULL;
    CHECK(lr_robust_vcov(NULL, NULL, &r) == LR_ERR_INVALID_ARG, "NULL model");
    CHECK(lr_robust_vcov(d->model, NULL, NULL) == LR_ERR_INVALID_ARG, "NULL out");
    lr_robust_options o;
    lr_robust_options_init(&o, LR_VCOV_NEWEY_WEST);
    o.lag = -2;
    CHECK(lr_robust_vcov(d->model, &o, &r) == LR_ERR_INVALID_ARG && !r, "lag -2");
    o.lag = 1;
    o.prewhite = 2;
    CHECK(lr_robust_vcov(d->model, &o, &r) == LR_ERR_INVALID_ARG && !r, "prewhite 2");
    o.type = (lr_vcov_type)99;
    CHECK(lr_robust_vcov(d->model, &o, &r) == LR_ERR_INVALID_ARG && !r, "unknown type");
    CHECK(lr_robust_vcov(d->model, NULL, &r) == LR_OK, "HC3 by default");
    CHECK(lr_robust_type(r) == LR_VCOV_HC3, "default type");
    double v[4];
    CHECK(lr_robust_get_vcov(r, v, 4) == LR_ERR_DIMENSION, "short vcov buffer");
    CHECK(lr_robust_coef_column(r, LR_COEF_CI_LOW, 1.0, v, 4) == LR_ERR_INVALID_ARG, "level 1");
    CHECK(lr_robust_coef_column(r, LR_COEF_ESTIMATE, 0.95, v, 2) == LR_ERR_DIMENSION, "short col");
    char *js = NULL;
    CHECK(lr_robust_json(d->model, r, 0.0, &js) == LR_ERR_INVALID_ARG && !js, "json level 0");
    lr_robust_free(r);
    lr_robust_free(NULL);
    lr_boxcox_free(NULL);
    double contrib[4];
    double x[3] = {1, 2, 3};
    CHECK(lr_explain_prediction(d->model, x, 3, contrib, NULL, NULL) == LR_ERR_DIMENSION,
          "explain with 3 values for 2 predictors");
    double x2[2] = {1, NAN};
    CHECK(lr_explain_prediction(d->model, x2, 2, contrib, NULL, NULL) == LR_ERR_NONFINITE &&
              strstr(lr_last_error(), "'x2'"),
          "explain with NaN: %s", lr_last_error());
    char *t = NULL;
    CHECK(lr_coef_sentences(d->model, NULL, NULL, 0.0, &t) == LR_ERR_INVALID_ARG && !t,
          "sentence level 0");
}

/* A row that alone determines a coefficient (hat value 1): HC2-HC5 are
 * undefined (sandwich returns Inf with a warning); HC0 works. Also no
 * residual degrees of freedom. */
static void test_leverage_one(void)
{
    double X[2 * 8] = {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 1, 0, 0};
    double y[8] = {1.2, 2.1, 2.9, 4.4, 5.1, 9.0, 6.8, 8.3};
    lr_matrix Xm = lr_matrix_col_major(X, 8, 2);
    lr_vector yv = lr_vector_of(y, 8);
    lr_model *m = NULL;
    lr_fit(&Xm, &yv, NULL, NULL, &m);
    lr_robust *r = NULL;
    lr_robust_options o;
    lr_robust_options_init(&o, LR_VCOV_HC3);
    lr_status st = lr_robust_vcov(m, &o, &r);
    CHECK(st == LR_ERR_UNDEFINED && !r && strstr(lr_last_error(), "row 6"), "HC3 with h = 1: %s",
          lr_last_error());
    o.type = LR_VCOV_HC0;
    CHECK(lr_robust_vcov(m, &o, &r) == LR_OK, "HC0 with h = 1: %s", lr_last_error());
    lr_robust_free(r);
    lr_model_free(m);
    Xm = lr_matrix_col_major(X, 2, 1);
    yv = lr_vector_of(y, 2);
    lr_fit(&Xm, &yv, NULL, NULL, &m);
    r = NULL;
    CHECK(lr_robust_vcov(m, NULL, &r) == LR_ERR_UNDEFINED && !r, "no residual df: %s",
          lr_last_error());
    lr_model_free(m);
}

int main(void)
{
    ds_t d;
    if (ds_load("clustered", &d) != 0) {
        CHECK(0, "cannot load clustered");
        return test_report("test_robust_errors");
    }
    test_cluster_errors(&d);
    test_cluster_kinds(&d);
    test_streamed(&d);
    test_boxcox_errors(&d);
    test_misc_errors(&d);
    ds_free(&d);
    if (ds_load("clean", &d) == 0) {
        test_eiv_errors(&d);
        lr_model *w = NULL;
        ds_t wd;
        if (ds_load("weighted", &wd) == 0) {
            CHECK(lr_fwls(wd.model, &w, NULL) == LR_ERR_UNSUPPORTED && !w, "fwls weighted");
            lr_boxcox *bc = NULL;
            CHECK(lr_boxcox_profile(wd.model, -2, 2, 0.1, 0.95, &bc) == LR_ERR_UNSUPPORTED,
                  "boxcox weighted");
            ds_free(&wd);
        }
        ds_free(&d);
    }
    test_leverage_one();
    return test_report("test_robust_errors");
}
