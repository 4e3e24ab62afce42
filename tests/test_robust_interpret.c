/* The interpretation pack against tests/reference/remedies.R: standardized
 * coefficients, the effect table (quantile type 7), the explanation of one
 * prediction (and that its parts add up to the prediction), the |t| order,
 * the sentences for the Windsor house prices with hand-made labels
 * (compared with R's formatC(big.mark = ",") text), and number formatting. */
#include "robust_fixtures.h"
#include "test_util.h"

#include <locale.h>

#define TOL 1e-8

static void test_standardized(const fx_table *fx, const ds_t *d)
{
    size_t p = lr_model_ncoef(d->model), seen = 0;
    double b[16];
    CHECK(lr_standardized_coef(d->model, b, p) == LR_OK, "standardized: %s", lr_last_error());
    int cd = fx_col(fx, "dataset"), cn = fx_col(fx, "name"), cv = fx_col(fx, "value");
    for (size_t i = 0; i < fx->nrows; i++) {
        if (strcmp(fx_str(fx, i, cd), d->name))
            continue;
        int j = ds_coef_index(d->model, fx_str(fx, i, cn));
        char what[96];
        snprintf(what, sizeof what, "%s standardized %s", d->name, fx_str(fx, i, cn));
        CHECK(j >= 0, "%s", what);
        if (j >= 0)
            CHECK_REL(b[j], fx_num(fx, i, cv), TOL, what);
        seen++;
    }
    size_t rank = (size_t)lr_model_stat(d->model, LR_STAT_RANK);
    CHECK(seen == rank - (size_t)d->intercept, "%s: %zu standardized rows", d->name, seen);
    if (d->intercept)
        CHECK(isnan(b[0]), "%s: standardized intercept should be NaN", d->name);
}

static void test_effects(const fx_table *fx, const ds_t *d)
{
    double e[5 * DS_MAXK];
    CHECK(lr_effect_table(d->model, e, 5 * d->k) == LR_OK, "effects: %s", lr_last_error());
    static const char *const q[5] = {"min", "q1", "median", "q3", "max"};
    int cd = fx_col(fx, "dataset"), cn = fx_col(fx, "name");
    size_t seen = 0;
    for (size_t i = 0; i < fx->nrows; i++) {
        if (strcmp(fx_str(fx, i, cd), d->name))
            continue;
        size_t c = 0;
        while (c < d->k && strcmp(d->names[c], fx_str(fx, i, cn)))
            c++;
        CHECK(c < d->k, "%s: unknown effect row", d->name);
        if (c == d->k)
            continue;
        for (int k = 0; k < 5; k++) {
            char what[96];
            snprintf(what, sizeof what, "%s effect %s %s", d->name, d->names[c], q[k]);
            CHECK_REL(e[5 * c + (size_t)k], fx_num(fx, i, fx_col(fx, q[k])), TOL, what);
        }
        seen++;
    }
    CHECK(seen > 0, "%s: no effect rows", d->name);
}

static void test_explain(const fx_table *fx, const ds_t *d)
{
    double x[DS_MAXK], contrib[DS_MAXK], mp, pr;
    for (size_t c = 0; c < d->k; c++)
        x[c] = d->X[c * d->n]; /* the first row of the data, as in remedies.R */
    CHECK(lr_explain_prediction(d->model, x, d->k, contrib, &mp, &pr) == LR_OK, "explain: %s",
          lr_last_error());
    int cd = fx_col(fx, "dataset"), cn = fx_col(fx, "name"), cv = fx_col(fx, "value");
    for (size_t i = 0; i < fx->nrows; i++) {
        if (strcmp(fx_str(fx, i, cd), d->name))
            continue;
        const char *name = fx_str(fx, i, cn);
        double ref = fx_num(fx, i, cv), got = NAN;
        if (!strcmp(name, "mean_prediction"))
            got = mp;
        else if (!strcmp(name, "prediction"))
            got = pr;
        else
            for (size_t c = 0; c < d->k; c++)
                if (!strcmp(d->names[c], name))
                    got = contrib[c];
        char what[96];
        snprintf(what, sizeof what, "%s explain %s", d->name, name);
        if (ref == 0.0)
            CHECK(got == 0.0, "%s: got %g", what, got);
        else
            CHECK_REL(got, ref, TOL, what);
    }
    /* the parts add up to the prediction, to rounding */
    double sum = mp, mag = fabs(mp);
    for (size_t c = 0; c < d->k; c++) {
        sum += contrib[c];
        mag += fabs(contrib[c]);
    }
    CHECK(fabs(sum - pr) <= 8 * 2.220446e-16 * (mag + fabs(pr)),
          "%s: mean prediction + contributions = %.17g but prediction = %.17g", d->name, sum, pr);
    /* and the prediction is lr_predict's */
    lr_matrix xm = lr_matrix_row_major(x, 1, d->k);
    double fit;
    lr_predict(d->model, &xm, LR_INTERVAL_NONE, 0.95, &fit, NULL, NULL, NULL);
    CHECK_REL(pr, fit, 1e-13, "explain prediction vs lr_predict");
}

static void test_order(const ds_t *d)
{
    size_t p = lr_model_ncoef(d->model), order[16];
    double t[16];
    CHECK(lr_coef_order_by_t(d->model, order, p) == LR_OK, "order");
    lr_model_coef_column(d->model, LR_COEF_T_VALUE, 0.95, t, p);
    int ok = 1;
    for (size_t r = 1; r < p; r++) {
        double a = fabs(t[order[r - 1]]), b = fabs(t[order[r]]);
        if (isnan(a) && !isnan(b))
            ok = 0;
        if (!isnan(a) && !isnan(b) && a < b)
            ok = 0;
    }
    CHECK(ok, "%s: coefficients not ordered by |t|", d->name);
    char *txt = NULL;
    CHECK(lr_weight_table_text(d->model, 0.95, &txt) == LR_OK, "weight table: %s",
          lr_last_error());
    CHECK(txt && strstr(txt, lr_model_coef_name(d->model, order[0])) &&
              strstr(txt, "Std. beta"),
          "%s: weight table text", d->name);
    /* the first data line names the coefficient with the largest |t| */
    if (txt) {
        const char *line = strchr(strchr(txt, '\n') + 1, '\n') + 1;
        CHECK(strncmp(line, lr_model_coef_name(d->model, order[0]),
                      strlen(lr_model_coef_name(d->model, order[0]))) == 0,
              "%s: first row of the weight table is not the largest |t|", d->name);
    }
    lr_free(txt);
}

/* ------------------------------------------------------ house prices */

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = calloc((size_t)n + 1, 1);
    if (fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    fclose(f);
    return s;
}

static void test_sentences(void)
{
    char *csv = read_text("examples/data/house_prices_windsor.csv");
    char *expect = read_text("tests/fixtures/interpret/sentences_house.txt");
    CHECK(csv && expect, "house data or sentence fixture missing");
    if (!csv || !expect) {
        free(csv);
        free(expect);
        return;
    }
    enum { NC = 12, MAXN = 600 };
    static double cols[NC][MAXN];
    char names[NC][32];
    size_t n = 0;
    char *save = NULL;
    char *line = strtok_r(csv, "\n", &save);
    {
        size_t c = 0;
        for (char *tok = strtok(line, ","); tok && c < NC; tok = strtok(NULL, ","), c++) {
            if (*tok == '"')
                tok++;
            snprintf(names[c], sizeof names[c], "%s", tok);
            char *q = strchr(names[c], '"');
            if (q)
                *q = 0;
        }
    }
    while ((line = strtok_r(NULL, "\n", &save)) && n < MAXN) {
        size_t c = 0;
        for (char *tok = strtok(line, ",\r"); tok && c < NC; tok = strtok(NULL, ",\r"), c++)
            cols[c][n] = !strcmp(tok, "\"yes\"") ? 1.0 : !strcmp(tok, "\"no\"") ? 0.0
                                                                                 : strtod(tok, NULL);
        n++;
    }
    CHECK(n == 546, "house prices: %zu rows", n);
    double *X = calloc(n * (NC - 1), sizeof(double));
    const char *xn[NC - 1];
    for (size_t c = 1; c < NC; c++) {
        memcpy(X + (c - 1) * n, cols[c], n * sizeof(double));
        xn[c - 1] = names[c];
    }
    lr_matrix Xm = lr_matrix_col_major(X, n, NC - 1);
    lr_vector y = lr_vector_of(cols[0], n);
    lr_model *m = NULL;
    CHECK(lr_fit(&Xm, &y, xn, NULL, &m) == LR_OK, "house fit: %s", lr_last_error());
    lr_coef_label lab[NC];
    memset(lab, 0, sizeof lab);
    for (size_t j = 0; j < lr_model_ncoef(m); j++) {
        const char *nm = lr_model_coef_name(m, j);
        if (!strcmp(nm, "bathrooms"))
            lab[j].unit = "bathroom";
        else if (!strcmp(nm, "bedrooms"))
            lab[j].unit = "bedroom";
        else if (!strcmp(nm, "gasheat")) {
            lab[j].level = "gas heating";
            lab[j].reference = "no gas heating";
        }
    }
    char *txt = NULL;
    CHECK(lr_coef_sentences(m, "price", lab, 0.95, &txt) == LR_OK, "sentences: %s",
          lr_last_error());
    CHECK(txt && !strcmp(txt, expect), "sentences differ from R:\n--- got\n%s--- expected\n%s",
          txt ? txt : "(null)", expect);
    CHECK(txt && strstr(txt, "one more bathroom is associated with a price higher by 14,336 (95% "
                             "CI 11,409 to 17,262)."),
          "the bathroom sentence");
    lr_free(txt);
    /* without labels: generic wording, and a lower level for a narrower CI */
    txt = NULL;
    CHECK(lr_coef_sentences(m, NULL, NULL, 0.9, &txt) == LR_OK, "sentences without labels");
    CHECK(txt && strstr(txt, "one unit more of bathrooms is associated with a response higher "
                             "by 14,336 (90% CI"),
          "generic sentence: %s", txt ? txt : "(null)");
    lr_free(txt);
    lr_model_free(m);
    free(X);
    free(csv);
    free(expect);
}

static void test_format(void)
{
    static const struct { double v; int sig, dec; const char *want; } cases[] = {
        {14335.558468, 5, -1, "14,336"},  {-224.74089, 5, -1, "-224.74"},
        {1832.003466, 5, 1, "1,832.0"},   {3.546303, 5, -1, "3.5463"},
        {-0.0123456, 5, -1, "-0.012346"}, {1234567.8, 5, -1, "1,234,568"},
        {999.5, 3, 0, "1,000"},           {0.0, 5, -1, "0.0000"},
        {100.0, 5, 0, "100"},             {-1000000.0, 5, 2, "-1,000,000.00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        lr_format_grouped(buf, sizeof buf, cases[i].v, cases[i].sig, cases[i].dec);
        CHECK(!strcmp(buf, cases[i].want), "format %.17g: got '%s' want '%s'", cases[i].v, buf,
              cases[i].want);
    }
    char small[6];
    lr_format_grouped(small, sizeof small, 14335.6, 5, -1);
    CHECK(strlen(small) == 5 && !strncmp(small, "14,33", 5), "truncated output: '%s'", small);
    char buf[32];
    lr_format_grouped(buf, sizeof buf, NAN, 5, -1);
    CHECK(!strcmp(buf, "NaN"), "NaN: %s", buf);
}

int main(void)
{
    fx_table *st = fx_read("tests/fixtures/interpret/standardized.csv");
    fx_table *ef = fx_read("tests/fixtures/interpret/effects.csv");
    fx_table *ex = fx_read("tests/fixtures/interpret/explain.csv");
    CHECK(st && ef && ex, "fixtures missing");
    if (!st || !ef || !ex)
        return test_report("test_robust_interpret");
    for (size_t s = 0; s < DS_COUNT; s++) {
        ds_t d;
        if (ds_load(ds_all[s], &d) != 0) {
            CHECK(0, "cannot load %s", ds_all[s]);
            continue;
        }
        test_standardized(st, &d);
        test_effects(ef, &d);
        test_explain(ex, &d);
        test_order(&d);
        ds_free(&d);
    }
    test_sentences();
    test_format();
    fx_free(st);
    fx_free(ef);
    fx_free(ex);
    return test_report("test_robust_interpret");
}
