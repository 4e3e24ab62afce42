/* Robust covariances against R's sandwich 3.0 / lmtest 0.9 on every
 * shared dataset (fixtures from tests/reference/remedies.R): HC0-HC5 and
 * HC4m, Newey-West (automatic lag with prewhitening, lag 2 without, lag 3
 * with adjust), vcovHAC's Andrews defaults, cluster one-way (HC1 and HC0) and two-way; every
 * covariance entry and every coeftest/coefci column to 1e-8 relative. */
#include "robust_fixtures.h"
#include "test_util.h"
#include "../src/robust/robust_internal.h"
#include "../src/io/json_util.h"

#define TOL 1e-8

typedef struct rtype {
    const char *label;
    lr_vcov_type type;
    int lag, prewhite, adjust, two_way;
    lr_vcov_type cluster_type;
} rtype;

static const rtype types[] = {
    {"HC0", LR_VCOV_HC0, 0, 0, 0, 0, 0},          {"HC1", LR_VCOV_HC1, 0, 0, 0, 0, 0},
    {"HC2", LR_VCOV_HC2, 0, 0, 0, 0, 0},          {"HC3", LR_VCOV_HC3, 0, 0, 0, 0, 0},
    {"HC4", LR_VCOV_HC4, 0, 0, 0, 0, 0},          {"HC4m", LR_VCOV_HC4M, 0, 0, 0, 0, 0},
    {"HC5", LR_VCOV_HC5, 0, 0, 0, 0, 0},          {"NW", LR_VCOV_NEWEY_WEST, -1, 1, 0, 0, 0},
    {"NW_L2", LR_VCOV_NEWEY_WEST, 2, 0, 0, 0, 0}, {"NW_L3_ADJ", LR_VCOV_NEWEY_WEST, 3, 1, 1, 0, 0},
    {"HAC", LR_VCOV_HAC, 0, 0, 0, 0, 0},
    {"CL1", LR_VCOV_CLUSTER, 0, 0, 0, 0, LR_VCOV_HC1},
    {"CL1_HC0", LR_VCOV_CLUSTER, 0, 0, 0, 0, LR_VCOV_HC0},
    {"CL2", LR_VCOV_CLUSTER, 0, 0, 0, 1, LR_VCOV_HC1},
};

static lr_robust *compute(const ds_t *d, const rtype *t)
{
    lr_robust_options o;
    lr_robust_options_init(&o, t->type);
    if (t->type == LR_VCOV_NEWEY_WEST) {
        o.lag = t->lag;
        o.prewhite = t->prewhite;
        o.adjust = t->adjust;
    }
    if (t->type == LR_VCOV_CLUSTER) {
        o.cluster1 = lr_cluster_doubles(d->c1, d->n);
        if (t->two_way)
            o.cluster2 = lr_cluster_doubles(d->c2, d->n);
        o.cluster_type = t->cluster_type;
    }
    lr_robust *r = NULL;
    lr_status st = lr_robust_vcov(d->model, &o, &r);
    CHECK(st == LR_OK, "%s %s: %s", d->name, t->label, lr_last_error());
    return r;
}

static void check_vcov(const fx_table *fx, const ds_t *d, const rtype *t, const lr_robust *r)
{
    const size_t p = lr_model_ncoef(d->model);
    double v[64];
    lr_robust_get_vcov(r, v, sizeof v / sizeof v[0]);
    int cd = fx_col(fx, "dataset"), ct = fx_col(fx, "type"), cr = fx_col(fx, "row"),
        cc = fx_col(fx, "col"), cv = fx_col(fx, "value");
    size_t seen = 0;
    for (size_t i = 0; i < fx->nrows; i++) {
        if (strcmp(fx_str(fx, i, cd), d->name) || strcmp(fx_str(fx, i, ct), t->label))
            continue;
        int a = ds_coef_index(d->model, fx_str(fx, i, cr));
        int b = ds_coef_index(d->model, fx_str(fx, i, cc));
        CHECK(a >= 0 && b >= 0, "%s %s: unknown coefficient", d->name, t->label);
        if (a < 0 || b < 0)
            continue;
        char what[128];
        snprintf(what, sizeof what, "%s %s vcov[%s,%s]", d->name, t->label, fx_str(fx, i, cr),
                 fx_str(fx, i, cc));
        double ref = fx_num(fx, i, cv);
        /* off-diagonal entries near zero: compare on the scale of the diagonal */
        double scale = sqrt(fabs(v[a * p + a] * v[b * p + b]));
        if (a != b && fabs(ref) < 1e-6 * scale)
            CHECK(fabs(v[a * p + b] - ref) <= TOL * scale, "%s: got %.17g expected %.17g", what,
                  v[a * p + b], ref);
        else
            CHECK_REL(v[a * p + b], ref, TOL, what);
        seen++;
    }
    size_t rank = (size_t)lr_model_stat(d->model, LR_STAT_RANK);
    CHECK(seen == rank * rank, "%s %s: %zu fixture entries for rank %zu", d->name, t->label, seen,
          rank);
    for (size_t j = 0; j < p; j++)
        if (lr_model_coef_aliased(d->model, j))
            CHECK(isnan(v[j * p + j]) && isnan(v[j]), "%s %s: aliased row not NaN", d->name,
                  t->label);
}

static void check_table(const fx_table *fx, const ds_t *d, const rtype *t, const lr_robust *r)
{
    const size_t p = lr_model_ncoef(d->model);
    static const char *const cols[] = {"estimate", "std_error", "t_value",
                                       "p_value",  "ci_low",    "ci_high"};
    int cd = fx_col(fx, "dataset"), ct = fx_col(fx, "type"), cl = fx_col(fx, "level"),
        cn = fx_col(fx, "name");
    for (size_t i = 0; i < fx->nrows; i++) {
        if (strcmp(fx_str(fx, i, cd), d->name) || strcmp(fx_str(fx, i, ct), t->label))
            continue;
        double level = fx_num(fx, i, cl);
        int j = ds_coef_index(d->model, fx_str(fx, i, cn));
        if (j < 0)
            continue;
        for (int c = 0; c < 6; c++) {
            double col[16];
            lr_robust_coef_column(r, (lr_coef_column)c, level, col, p);
            double ref = fx_num(fx, i, fx_col(fx, cols[c]));
            char what[128];
            snprintf(what, sizeof what, "%s %s %s %s (level %g)", d->name, t->label,
                     fx_str(fx, i, cn), cols[c], level);
            /* p-values far below 1e-300 have no relative precision in either program */
            if (c == 3 && ref < 1e-290)
                CHECK(col[j] < 1e-280, "%s: got %g", what, col[j]);
            else
                CHECK_REL(col[j], ref, TOL, what);
        }
    }
}

static void check_scalars(const fx_table *sc, const ds_t *d, const lr_robust *nw,
                          const lr_robust *cl2, const lr_robust *hac)
{
    int cd = fx_col(sc, "dataset"), ck = fx_col(sc, "key"), cv = fx_col(sc, "value");
    for (size_t i = 0; i < sc->nrows; i++) {
        if (strcmp(fx_str(sc, i, cd), d->name))
            continue;
        const char *key = fx_str(sc, i, ck);
        double ref = fx_num(sc, i, cv);
        char what[96];
        snprintf(what, sizeof what, "%s %s", d->name, key);
        if (!strcmp(key, "nw_bandwidth") && nw)
            CHECK_REL(lr_robust_bandwidth(nw), ref, TOL, what);
        else if (!strcmp(key, "nw_lag") && nw)
            CHECK(lr_robust_lag(nw) == (int)ref, "%s: got %d", what, lr_robust_lag(nw));
        else if (!strcmp(key, "hac_bandwidth") && hac)
            CHECK_REL(lr_robust_bandwidth(hac), ref, TOL, what);
        else if (!strcmp(key, "hac_nlags") && hac)
            CHECK(lr_robust_lag(hac) == (int)ref, "%s: got %d", what, lr_robust_lag(hac));
        else if (!strcmp(key, "ncl1") && cl2)
            CHECK(lr_robust_nclusters(cl2, 0) == (size_t)ref, "%s", what);
        else if (!strcmp(key, "ncl2") && cl2)
            CHECK(lr_robust_nclusters(cl2, 1) == (size_t)ref, "%s", what);
        else if (!strcmp(key, "ncl12") && cl2)
            CHECK(lr_robust_nclusters(cl2, 2) == (size_t)ref, "%s", what);
    }
}

/* The JSON table carries the same numbers under lr_model_results_json's keys. */
static void check_json(const ds_t *d, const lr_robust *r)
{
    char *js = NULL;
    CHECK(lr_robust_json(d->model, r, 0.95, &js) == LR_OK, "json: %s", lr_last_error());
    cJSON *doc = js ? cJSON_Parse(js) : NULL;
    CHECK(doc != NULL, "%s: robust JSON does not parse", d->name);
    if (doc) {
        cJSON *coefs = cJSON_GetObjectItem(doc, "coefficients");
        size_t p = lr_model_ncoef(d->model);
        CHECK(cJSON_GetArraySize(coefs) == (int)p, "%s: JSON has %d coefficients", d->name,
              cJSON_GetArraySize(coefs));
        double se[16];
        lr_robust_coef_column(r, LR_COEF_STD_ERROR, 0.95, se, p);
        for (size_t j = 0; j < p; j++) {
            cJSON *c = cJSON_GetArrayItem(coefs, (int)j);
            cJSON *s = cJSON_GetObjectItem(c, "std_error");
            CHECK(!strcmp(cJSON_GetObjectItem(c, "name")->valuestring,
                          lr_model_coef_name(d->model, j)),
                  "%s: JSON name", d->name);
            if (isnan(se[j]))
                CHECK(cJSON_IsNull(s), "%s: NaN SE not null", d->name);
            else
                CHECK(cJSON_IsNumber(s) && s->valuedouble == se[j], "%s: JSON SE differs",
                      d->name);
            CHECK(cJSON_GetObjectItem(c, "ci_low") && cJSON_GetObjectItem(c, "t_value") &&
                      cJSON_GetObjectItem(c, "p_value") && cJSON_GetObjectItem(c, "ci_high") &&
                      cJSON_GetObjectItem(c, "aliased") && cJSON_GetObjectItem(c, "estimate"),
                  "%s: JSON keys", d->name);
        }
        CHECK(!strcmp(cJSON_GetObjectItem(doc, "distribution")->valuestring, "t"), "distribution");
        cJSON_Delete(doc);
    }
    lr_free(js);
}

int main(void)
{
    fx_table *vc = fx_read("tests/fixtures/robust/vcov.csv");
    fx_table *ct = fx_read("tests/fixtures/robust/coeftest.csv");
    fx_table *sc = fx_read("tests/fixtures/robust/scalars.csv");
    CHECK(vc && ct && sc, "fixtures missing");
    if (!vc || !ct || !sc)
        return test_report("test_robust_vcov");
    for (size_t s = 0; s < DS_COUNT; s++) {
        ds_t d;
        if (ds_load(ds_all[s], &d) != 0) {
            CHECK(0, "cannot load %s", ds_all[s]);
            continue;
        }
        lr_robust *nw = NULL, *cl2 = NULL, *hac = NULL;
        for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
            lr_robust *r = compute(&d, &types[t]);
            if (!r)
                continue;
            check_vcov(vc, &d, &types[t], r);
            check_table(ct, &d, &types[t], r);
            if (!strcmp(types[t].label, "HC3"))
                check_json(&d, r);
            if (!strcmp(types[t].label, "NW"))
                nw = r;
            else if (!strcmp(types[t].label, "CL2"))
                cl2 = r;
            else if (!strcmp(types[t].label, "HAC"))
                hac = r;
            else
                lr_robust_free(r);
        }
        check_scalars(sc, &d, nw, cl2, hac);
        lr_robust_free(hac);
        lr_robust_free(nw);
        lr_robust_free(cl2);
        ds_free(&d);
    }
    fx_free(vc);
    fx_free(ct);
    fx_free(sc);
    return test_report("test_robust_vcov");
}
