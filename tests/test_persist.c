/* The model document and file storage (src/io/): bit-exact round trips of
 * every getter and of prediction with both intervals (house prices,
 * weighted, no-intercept, aliased, zero residual df, streamed fits), the
 * training fingerprint against tests/fixtures/persist (made by
 * tests/reference/fingerprint.py with hashlib), validation messages for
 * hand-edited and truncated documents, atomic create-only saves, listing,
 * deletion, the scheme registry and its use from several threads. */
#define _GNU_SOURCE
#include "linreg.h"
#include "persist_util.h"
#include "test_util.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <locale.h>
#include <pthread.h>
#include <unistd.h>

static char tmpdir[64];

/* ---------------------------------------------------------- fixtures */

typedef struct { char key[32]; double value; char text[80]; } kv;

static int read_kv(const char *path, kv *out, int max)
{
    FILE *f = fopen(path, "r");
    int n = 0;
    if (!f)
        return 0;
    while (n < max && fscanf(f, "%31s %79s", out[n].key, out[n].text) == 2) {
        out[n].value = strtod(out[n].text, NULL);
        n++;
    }
    fclose(f);
    return n;
}

static const kv *find(const kv *t, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(t[i].key, key))
            return &t[i];
    return NULL;
}

static void check_fingerprint(const lr_model *m, const char *fixture, size_t k)
{
    kv t[128];
    int n = read_kv(fixture, t, 128);
    CHECK(n > 0, "cannot read %s", fixture);
    if (!n)
        return;
    char hex[65];
    CHECK(lr_model_fingerprint(m, hex) == LR_OK, "fingerprint: %s", lr_last_error());
    CHECK(!strcmp(hex, find(t, n, "sha256")->text), "%s: sha256 %s vs %s", fixture, hex,
          find(t, n, "sha256")->text);
    for (size_t j = 0; j <= k; j++) {
        double mean, mn, mx;
        char key[16];
        CHECK(lr_model_column_summary(m, j, &mean, &mn, &mx) == LR_OK, "summary %zu", j);
        snprintf(key, sizeof key, "mean%zu", j);
        CHECK_REL(mean, find(t, n, key)->value, 1e-15, key);
        snprintf(key, sizeof key, "min%zu", j);
        CHECK(mn == find(t, n, key)->value, "%s: %.17g", key, mn);
        snprintf(key, sizeof key, "max%zu", j);
        CHECK(mx == find(t, n, key)->value, "%s: %.17g", key, mx);
    }
    CHECK(lr_model_column_summary(m, k + 1, NULL, NULL, NULL) == LR_ERR_INVALID_ARG, "range");
}

/* ------------------------------------------------------ round trips */

/* to_json -> from_json -> to_json: bit-identical model and byte-identical text. */
static lr_model *round_trip(const lr_model *m, const lr_matrix *Xnew, const char *what)
{
    char *a = NULL, *b = NULL;
    lr_model *back = NULL;
    CHECK(lr_model_to_json(m, 0, &a) == LR_OK, "%s: to_json: %s", what, lr_last_error());
    if (!a)
        return NULL;
    CHECK(lr_model_from_json(a, strlen(a), &back) == LR_OK, "%s: from_json: %s", what,
          lr_last_error());
    if (back) {
        CHECK(models_differ(m, back, Xnew, what) == 0, "%s: loaded model differs", what);
        CHECK(lr_model_to_json(back, 0, &b) == LR_OK, "%s: to_json again", what);
        CHECK(b && !strcmp(a, b), "%s: the document of the loaded model differs", what);
        CHECK(lr_model_residuals(back) == NULL && lr_model_nobs(back) == 0,
              "%s: a loaded model holds no rows", what);
        char *summary = NULL;
        CHECK(lr_model_summary(back, &summary) == LR_OK, "%s: summary of a loaded model", what);
        lr_free(summary);
    }
    lr_free(a);
    lr_free(b);
    return back;
}

static void test_house(void)
{
    double *X, *y;
    size_t n = house_read("examples/data/house_prices_windsor.csv", &X, &y);
    CHECK(n == 546, "house rows %zu", n);
    lr_matrix Xm = lr_matrix_row_major(X, n, HOUSE_K);
    lr_vector yv = lr_vector_of(y, n);
    lr_options o;
    lr_options_init(&o);
    o.call = "lm(formula = price ~ .)";
    lr_model *m = NULL;
    CHECK(lr_fit(&Xm, &yv, house_names, &o, &m) == LR_OK, "fit: %s", lr_last_error());
    if (!m)
        return;
    check_fingerprint(m, "tests/fixtures/persist/house_fingerprint.txt", HOUSE_K);
    CHECK(lr_model_set_design(m, "price", "price ~ lotsize + bedrooms + bathrooms + stories + "
                              "driveway + recreation + fullbase + gasheat + aircon + garage + prefer") == LR_OK,
          "design");
    CHECK(lr_model_set_metadata(m, "author", "tests") == LR_OK, "metadata");
    CHECK(lr_model_set_metadata(m, "dataset", "Windsor \"house\" prices\n1987") == LR_OK, "metadata");
    CHECK(lr_model_set_metadata(m, "author", "test_persist") == LR_OK, "metadata replace");
    CHECK(lr_model_set_metadata(m, "", "x") == LR_ERR_INVALID_ARG, "empty key");
    CHECK(lr_model_set_section(m, LR_SECTION_DIAGNOSTICS,
                               "{\"breusch_pagan\":{\"statistic\":0.30000000000000004,\"p_value\":1e-300}}") == LR_OK,
          "diagnostics: %s", lr_last_error());
    CHECK(lr_model_set_section(m, LR_SECTION_TERMS, "[{\"term\":\"lotsize\",\"type\":\"numeric\"}]") == LR_OK,
          "terms");
    CHECK(lr_model_set_section(m, LR_SECTION_REPORT, "{\"verdict\": ") == LR_ERR_PARSE, "bad JSON section");
    /* 80 new rows: the training rows, as in predict(fit, newdata) */
    lr_matrix Xnew = lr_matrix_row_major(X, 80, HOUSE_K);
    lr_model *back = round_trip(m, &Xnew, "house");
    if (back) {
        CHECK(!strcmp(lr_model_metadata(back, "author"), "test_persist"), "metadata value");
        CHECK(!strcmp(lr_model_metadata(back, "dataset"), "Windsor \"house\" prices\n1987"), "escaped");
        CHECK(lr_model_metadata_count(back) == 2 && !strcmp(lr_model_metadata_key(back, 0), "author"),
              "metadata order");
        CHECK(!strcmp(lr_model_response_name(back), "price"), "response");
        CHECK(lr_model_formula(back) && !strncmp(lr_model_formula(back), "price ~ lotsize", 15), "formula");
        const char *d = lr_model_section(back, LR_SECTION_DIAGNOSTICS);
        CHECK(d && strstr(d, "0.30000000000000004") && strstr(d, "1e-300"),
              "diagnostics numbers kept exactly: %s", d ? d : "(null)");
        CHECK(lr_model_created(back) && strlen(lr_model_created(back)) == 20 &&
              lr_model_created(back)[10] == 'T', "created");
        CHECK(!strcmp(lr_model_document_version(back), lr_version()), "library version");
        check_fingerprint(back, "tests/fixtures/persist/house_fingerprint.txt", HOUSE_K);
        /* the CLI's JSON results and the document share the coefficient keys */
        char *res = NULL, *doc = NULL;
        lr_model_results_json(m, 0.95, &res);
        lr_model_to_json(m, LR_JSON_COMPACT, &doc);
        cJSON *r = cJSON_Parse(res), *dj = cJSON_Parse(doc);
        cJSON *c1 = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "coefficients"), 3);
        cJSON *c2 = cJSON_GetArrayItem(cJSON_GetObjectItem(dj, "coefficients"), 3);
        int same = c1 && c2 && cJSON_GetArraySize(c1) == cJSON_GetArraySize(c2);
        for (cJSON *e = c1 ? c1->child : NULL; e && same; e = e->next)
            same = cJSON_GetObjectItemCaseSensitive(c2, e->string) != NULL;
        CHECK(same, "coefficient keys of the document match `linreg fit --format json`");
        cJSON_Delete(r);
        cJSON_Delete(dj);
        lr_free(res);
        lr_free(doc);
    }
    lr_model_free(back);
    lr_model_free(m);
    free(X);
    free(y);
}

static size_t read_numeric_csv(const char *path, double *cols[], size_t ncols, size_t max)
{
    lr_frame *f = NULL;
    if (lr_frame_read_csv(path, NULL, &f) != LR_OK)
        return 0;
    size_t n = lr_frame_nrows(f);
    n = n < max ? n : max;
    for (size_t j = 0; j < ncols; j++) {
        cols[j] = malloc(n * sizeof(double));
        memcpy(cols[j], lr_frame_column(f, j), n * sizeof(double));
    }
    lr_frame_free(f);
    return n;
}

static void test_variants(void)
{
    /* weighted: y,x1,x2,w */
    double *c[4];
    size_t n = read_numeric_csv("tests/fixtures/data/weighted.csv", c, 4, 100000);
    CHECK(n == 60, "weighted rows %zu", n);
    double *X = malloc(n * 3 * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        X[i] = c[1][i];
        X[n + i] = c[2][i];
        X[2 * n + i] = 2.0 * c[1][i]; /* exactly aliased third column */
    }
    const char *names[3] = {"x1", "x2", "twice_x1"};
    lr_matrix Xm = lr_matrix_col_major(X, n, 2);
    lr_vector yv = lr_vector_of(c[0], n);
    lr_options o;
    lr_options_init(&o);
    o.weights = lr_vector_of(c[3], n);
    lr_model *m = NULL;
    CHECK(lr_fit(&Xm, &yv, names, &o, &m) == LR_OK, "weighted fit: %s", lr_last_error());
    if (m) {
        check_fingerprint(m, "tests/fixtures/persist/weighted_fingerprint.txt", 2);
        lr_model_free(round_trip(m, &Xm, "weighted"));
        lr_model_free(m);
    }
    /* aliased column, no intercept, level 0.9 */
    Xm = lr_matrix_col_major(X, n, 3);
    lr_options_init(&o);
    o.intercept = 0;
    o.level = 0.9;
    CHECK(lr_fit(&Xm, &yv, names, &o, &m) == LR_OK, "aliased fit: %s", lr_last_error());
    if (m) {
        CHECK(lr_model_coef_aliased(m, 2) == 1, "twice_x1 is aliased");
        lr_model_free(round_trip(m, &Xm, "aliased, no intercept"));
        lr_model_free(m);
    }
    /* no residual degrees of freedom: 3 rows, 3 coefficients */
    Xm = lr_matrix_col_major(X, 3, 2);
    yv = lr_vector_of(c[0], 3);
    lr_options_init(&o);
    o.copy_data = 1;
    CHECK(lr_fit(&Xm, &yv, names, &o, &m) == LR_OK, "exact fit: %s", lr_last_error());
    if (m) {
        lr_model_free(round_trip(m, &Xm, "zero residual df"));
        lr_model_free(m);
    }
    /* streamed fit: no fingerprint, no factor rows */
    lr_accumulator *acc = NULL;
    CHECK(lr_accumulator_create(2, NULL, &acc) == LR_OK, "accumulator");
    Xm = lr_matrix_col_major(X, n, 2);
    yv = lr_vector_of(c[0], n);
    lr_accumulator_add(acc, &Xm, &yv, NULL);
    CHECK(lr_accumulator_finish(acc, names, &m) == LR_OK, "finish: %s", lr_last_error());
    if (m) {
        char hex[65];
        CHECK(lr_model_fingerprint(m, hex) == LR_ERR_NO_DATA, "streamed: no fingerprint");
        lr_model *back = round_trip(m, &Xm, "streamed");
        CHECK(back && lr_model_fingerprint(back, hex) == LR_ERR_NO_DATA, "streamed, loaded");
        lr_model_free(back);
        lr_model_free(m);
    }
    lr_accumulator_free(acc);
    free(X);
    for (int j = 0; j < 4; j++)
        free(c[j]);
}

/* ------------------------------------------------------- validation */

static lr_model *small_model(void)
{
    static const double X[12] = {1, 2, 3, 4, 5, 6, 2, 1, 4, 3, 6, 7};
    static const double y[6] = {1.5, 2.25, 2.0, 4.5, 3.75, 6.0};
    lr_matrix Xm = lr_matrix_col_major(X, 6, 2);
    lr_vector yv = lr_vector_of(y, 6);
    const char *names[2] = {"a", "b"};
    lr_model *m = NULL;
    lr_fit(&Xm, &yv, names, NULL, &m);
    return m;
}

/* The compact document without its checksum (as a hand edit would leave it). */
static char *doc_without_checksum(const lr_model *m)
{
    char *doc = NULL;
    lr_model_to_json(m, LR_JSON_COMPACT, &doc);
    char *at = strstr(doc, ",\"checksum\":");
    strcpy(at, "}");
    return doc;
}

typedef void (*edit_fn)(cJSON *root);

static void expect_edit(const lr_model *m, edit_fn edit, lr_status want, const char *message)
{
    char *doc = doc_without_checksum(m);
    cJSON *root = cJSON_Parse(doc);
    edit(root);
    char *text = cJSON_PrintUnformatted(root);
    lr_model *back = NULL;
    lr_status st = lr_model_from_json(text, strlen(text), &back);
    CHECK(st == want && strstr(lr_last_error(), message) && (st == LR_OK) == (back != NULL),
          "edit: status %d (%s) message '%s', expected %d and '%s'", st, lr_strerror(st),
          lr_last_error(), want, message);
    lr_model_free(back);
    cJSON_free(text);
    cJSON_Delete(root);
    lr_free(doc);
}

static cJSON *coef(cJSON *root, int j) { return cJSON_GetArrayItem(cJSON_GetObjectItem(root, "coefficients"), j); }
static void e_none(cJSON *r) { (void)r; }
static void e_schema(cJSON *r) { cJSON_ReplaceItemInObject(r, "schema", cJSON_CreateString("other")); }
static void e_major(cJSON *r) { cJSON_ReplaceItemInObject(r, "schema_version", cJSON_CreateString("2.0")); }
static void e_minor(cJSON *r) { cJSON_ReplaceItemInObject(r, "schema_version", cJSON_CreateString("1.9")); }
static void e_noversion(cJSON *r) { cJSON_DeleteItemFromObject(r, "schema_version"); }
static void e_se_type(cJSON *r) { cJSON_ReplaceItemInObject(coef(r, 2), "std_error", cJSON_CreateString("x")); }
static void e_se_value(cJSON *r) { cJSON_ReplaceItemInObject(coef(r, 2), "std_error", cJSON_CreateNumber(123)); }
static void e_name(cJSON *r) { cJSON_ReplaceItemInObject(coef(r, 1), "name", cJSON_CreateString("z")); }
static void e_est(cJSON *r) { cJSON_DeleteItemFromObject(coef(r, 0), "estimate"); }
static void e_alias(cJSON *r) { cJSON_ReplaceItemInObject(coef(r, 0), "aliased", cJSON_CreateNumber(0)); }
static void e_ncoef(cJSON *r) { cJSON_DeleteItemFromArray(cJSON_GetObjectItem(r, "coefficients"), 2); }
static void e_vrow(cJSON *r) { cJSON_DeleteItemFromArray(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "vcov"), 1), 0); }
static void e_vinf(cJSON *r) { cJSON_ReplaceItemInArray(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "vcov"), 1), 2, cJSON_CreateRaw("1e999")); }
static void e_vnull(cJSON *r) { cJSON_ReplaceItemInArray(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "vcov"), 1), 2, cJSON_CreateNull()); }
static void e_vasym(cJSON *r) { cJSON_ReplaceItemInArray(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "vcov"), 1), 2, cJSON_CreateNumber(5)); }
static void e_state(cJSON *r) { cJSON_DeleteItemFromObject(r, "state"); }
static void e_rss(cJSON *r) { cJSON_ReplaceItemInObject(cJSON_GetObjectItem(r, "state"), "rss", cJSON_CreateNumber(-1)); }
static void e_nused(cJSON *r) { cJSON_ReplaceItemInObject(cJSON_GetObjectItem(r, "state"), "n_used", cJSON_CreateNumber(2.5)); }
static void e_fitn(cJSON *r) { cJSON_ReplaceItemInObject(cJSON_GetObjectItem(r, "fit"), "n", cJSON_CreateNumber(7)); }
static void e_level(cJSON *r) { cJSON_ReplaceItemInObject(r, "level", cJSON_CreateNumber(1.5)); }
static void e_cols(cJSON *r) { cJSON_ReplaceItemInObject(cJSON_GetObjectItem(r, "design"), "columns", cJSON_CreateString("a,b")); }
static void e_meta(cJSON *r) { cJSON_AddNumberToObject(cJSON_GetObjectItem(r, "metadata"), "k", 1); }
static void e_train(cJSON *r) { cJSON_ReplaceItemInObject(cJSON_GetObjectItem(r, "training"), "sha256", cJSON_CreateString("abc")); }
static void e_trainname(cJSON *r) { cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "training"), "columns"), 1), "name", cJSON_CreateString("q")); }
static void e_robust_ok(cJSON *r) { cJSON_AddItemToObject(r, "robust", cJSON_Parse("[{\"type\":\"HC3\",\"coefficients\":[{\"name\":\"(Intercept)\"},{\"name\":\"a\"},{\"name\":\"b\"}]}]")); }
static void e_robust_bad(cJSON *r) { cJSON_AddItemToObject(r, "robust", cJSON_Parse("[{\"type\":\"HC3\",\"coefficients\":[{\"name\":\"(Intercept)\"},{\"name\":\"b\"},{\"name\":\"a\"}]}]")); }
static void e_robust_type(cJSON *r) { cJSON_AddItemToObject(r, "robust", cJSON_Parse("{\"type\":\"HC3\"}")); }
static void e_rfac(cJSON *r) { cJSON_DeleteItemFromArray(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "state"), "r_factor"), 0); }
static void e_checksum_mid(cJSON *r) { cJSON_AddItemToObject(r, "checksum", cJSON_CreateString("sha256:00")); cJSON_AddItemToObject(r, "z", cJSON_CreateNull()); }

static void test_validation(void)
{
    lr_model *m = small_model();
    CHECK(m != NULL, "small model: %s", lr_last_error());
    if (!m)
        return;
    expect_edit(m, e_none, LR_OK, "");
    expect_edit(m, e_minor, LR_OK, "");
    expect_edit(m, e_schema, LR_ERR_PARSE, "schema: \"other\" is not \"linreg.model\"");
    expect_edit(m, e_major, LR_ERR_VERSION, "schema_version: 2.0 is not supported");
    expect_edit(m, e_noversion, LR_ERR_PARSE, "schema_version: missing");
    expect_edit(m, e_se_type, LR_ERR_PARSE, "coefficients[2].std_error: expected a number or null");
    expect_edit(m, e_se_value, LR_ERR_PARSE, "coefficients[2].std_error: the value disagrees with sqrt(vcov[2][2])");
    expect_edit(m, e_name, LR_ERR_PARSE, "coefficients[1].name: \"z\" but the design's column is \"a\"");
    expect_edit(m, e_est, LR_ERR_PARSE, "coefficients[0].estimate: missing");
    expect_edit(m, e_alias, LR_ERR_PARSE, "coefficients[0].aliased: expected true or false");
    expect_edit(m, e_ncoef, LR_ERR_DIMENSION, "coefficients: expected 3 entries, found 2");
    expect_edit(m, e_vrow, LR_ERR_DIMENSION, "vcov[1]: expected 3 entries, found 2");
    expect_edit(m, e_vinf, LR_ERR_NONFINITE, "vcov[1][2]: +Inf is not a finite number");
    expect_edit(m, e_vnull, LR_ERR_PARSE, "vcov[1][2]: expected a number");
    expect_edit(m, e_vasym, LR_ERR_PARSE, "vcov[1][2]: 5 differs from vcov[2][1]");
    expect_edit(m, e_state, LR_ERR_PARSE, "state: missing");
    expect_edit(m, e_rss, LR_ERR_PARSE, "state.rss: a sum of squares cannot be negative");
    expect_edit(m, e_nused, LR_ERR_PARSE, "state.n_used: expected a whole number");
    expect_edit(m, e_fitn, LR_ERR_PARSE, "fit.n: 7 but state.n_used is 6");
    expect_edit(m, e_level, LR_ERR_PARSE, "level: 1.5 is not inside (0, 1)");
    expect_edit(m, e_cols, LR_ERR_PARSE, "design.columns: expected an array");
    expect_edit(m, e_meta, LR_ERR_PARSE, "metadata.k: expected a string");
    expect_edit(m, e_train, LR_ERR_PARSE, "training.sha256: expected 64 lower-case hex digits");
    expect_edit(m, e_trainname, LR_ERR_PARSE, "training.columns[1].name: \"q\" but design.columns[1] is \"b\"");
    expect_edit(m, e_robust_ok, LR_OK, "");
    expect_edit(m, e_robust_bad, LR_ERR_PARSE, "robust[0].coefficients[1].name: 'b' but coefficient 2 is 'a'");
    expect_edit(m, e_robust_type, LR_ERR_PARSE, "robust: expected an array");
    expect_edit(m, e_rfac, LR_ERR_DIMENSION, "state.r_factor: expected 3 entries, found 2");
    expect_edit(m, e_checksum_mid, LR_ERR_PARSE, "checksum: expected the last member");

    char *doc = NULL;
    lr_model *back = NULL;
    lr_model_to_json(m, 0, &doc);
    size_t len = strlen(doc);
    int present = 0;
    CHECK(lr_model_json_verify(doc, len, &present) == LR_OK && present == 1, "checksum present");
    /* one changed digit anywhere before the checksum is detected */
    char *num = strstr(doc, "\"rss\":");
    CHECK(num != NULL, "rss member");
    char *digit = num ? strpbrk(num + 6, "123456789") : NULL;
    if (digit) {
        *digit = *digit == '9' ? '8' : (char)(*digit + 1);
        CHECK(lr_model_from_json(doc, len, &back) == LR_ERR_PARSE &&
              strstr(lr_last_error(), "checksum mismatch"), "corrupted digit: %s", lr_last_error());
        CHECK(lr_model_json_verify(doc, len, NULL) == LR_ERR_PARSE, "verify reports the mismatch");
        lr_model_free(back);
        back = NULL;
        *digit = *digit == '1' ? '9' : (char)(*digit - 1);
    }
    /* every truncation fails cleanly; the whole document loads */
    int clean = 1;
    for (size_t cut = 0; cut < len - 2; cut++) {
        lr_status st = lr_model_from_json(doc, cut, &back);
        if (st == LR_OK || back || !lr_last_error()[0])
            clean = 0;
        lr_model_free(back);
        back = NULL;
    }
    CHECK(clean, "every truncated document is refused with a message");
    CHECK(lr_model_from_json(doc, len, &back) == LR_OK, "whole document: %s", lr_last_error());
    lr_model_free(back);
    back = NULL;
    CHECK(lr_model_from_json(doc, 40, &back) == LR_ERR_PARSE && strstr(lr_last_error(), "truncated"),
          "truncation is named: %s", lr_last_error());
    CHECK(lr_model_from_json("  \n", 3, &back) == LR_ERR_EMPTY, "empty");
    CHECK(lr_model_from_json("[1,2]", 5, &back) == LR_ERR_PARSE, "not an object");
    CHECK(lr_model_from_json("{\"a\":1}", 7, &back) == LR_ERR_PARSE &&
          strstr(lr_last_error(), "not a linreg model document"), "other JSON: %s", lr_last_error());
    CHECK(lr_model_from_json(NULL, 0, &back) == LR_ERR_INVALID_ARG, "NULL json");
    char *trail = malloc(len + 8);
    sprintf(trail, "%s  {}", doc);
    CHECK(lr_model_from_json(trail, strlen(trail), &back) == LR_ERR_PARSE &&
          strstr(lr_last_error(), "unexpected text after the document"), "trailing text: %s", lr_last_error());
    free(trail);
    lr_free(doc);
    /* locale: a decimal comma locale must not change the document */
    char *c_doc = NULL, *l_doc = NULL;
    lr_model_to_json(m, LR_JSON_COMPACT, &c_doc);
    if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
        lr_model_to_json(m, LR_JSON_COMPACT, &l_doc);
        /* created may tick over a second: compare from "design" on */
        CHECK(l_doc && !strcmp(strstr(c_doc, "\"design\""), strstr(l_doc, "\"design\"")),
              "document independent of LC_NUMERIC");
        CHECK(lr_model_from_json(l_doc, strlen(l_doc), &back) == LR_OK, "load under a comma locale");
        lr_model_free(back);
        back = NULL;
        setlocale(LC_NUMERIC, "C");
    } else {
        printf("note: no decimal-comma locale installed; locale check skipped\n");
    }
    lr_free(c_doc);
    lr_free(l_doc);
    lr_model_free(m);
}

/* ------------------------------------------------------------ files */

static int temp_files_left(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strstr(e->d_name, ".tmp") != NULL;
    if (d)
        closedir(d);
    return n;
}

static void test_files(void)
{
    lr_model *m = small_model(), *back = NULL;
    char path[256], url[300], other[256];
    snprintf(path, sizeof path, "%s/house.json", tmpdir);
    snprintf(other, sizeof other, "%s/second.json", tmpdir);
    snprintf(url, sizeof url, "file://%s", other);
    CHECK(lr_model_save(m, path) == LR_OK, "save: %s", lr_last_error());
    CHECK(lr_model_save(m, path) == LR_ERR_CONFLICT && strstr(lr_last_error(), "already exists"),
          "second save refused: %s", lr_last_error());
    CHECK(lr_model_save_ex(m, path, LR_SAVE_OVERWRITE) == LR_OK, "overwrite: %s", lr_last_error());
    CHECK(lr_model_save(m, url) == LR_OK, "save file://: %s", lr_last_error());
    CHECK(lr_model_load(path, &back) == LR_OK, "load: %s", lr_last_error());
    CHECK(back && models_differ(m, back, NULL, "file") == 0, "loaded from a file");
    lr_model_free(back);
    CHECK(lr_model_load(url, &back) == LR_OK, "load file://: %s", lr_last_error());
    lr_model_free(back);
    CHECK(temp_files_left(tmpdir) == 0, "no temporary files left");
    char *stored = NULL, *mine = NULL;
    size_t slen = 0;
    CHECK(lr_model_read_document(path, &stored, &slen) == LR_OK && slen == strlen(stored),
          "read the stored document: %s", lr_last_error());
    lr_model_load(path, &back);
    lr_model_to_json(back, 0, &mine);
    CHECK(stored && mine && !strcmp(stored, mine), "the stored text is what the loaded model writes");
    lr_model_free(back);
    back = NULL;
    lr_free(stored);
    lr_free(mine);

    CHECK(lr_model_load("file://relative/x.json", &back) == LR_ERR_INVALID_ARG, "file URL needs an absolute path");
    snprintf(other, sizeof other, "%s/missing.json", tmpdir);
    CHECK(lr_model_load(other, &back) == LR_ERR_NOT_FOUND && back == NULL, "missing file");
    snprintf(other, sizeof other, "%s/no/such/dir/m.json", tmpdir);
    CHECK(lr_model_save(m, other) == LR_ERR_NOT_FOUND, "missing directory: %s", lr_last_error());
    CHECK(lr_model_save(m, "s3://bucket/key.json") == LR_ERR_UNSUPPORTED &&
          strstr(lr_last_error(), "lr_s3_register"), "s3 without the module: %s", lr_last_error());
    CHECK(lr_model_load("gopher://x/y", &back) == LR_ERR_UNSUPPORTED, "unknown scheme");

    /* a document that is not a model: error names the URL and the member */
    snprintf(other, sizeof other, "%s/bad.json", tmpdir);
    FILE *f = fopen(other, "w");
    fputs("{\"schema\":\"linreg.model\",\"schema_version\":\"1.0\",\"design\":3}", f);
    fclose(f);
    CHECK(lr_model_load(other, &back) == LR_ERR_PARSE && strstr(lr_last_error(), "bad.json: design: expected an object"),
          "bad document: %s", lr_last_error());

    lr_model_list *list = NULL;
    char dir[200];
    snprintf(dir, sizeof dir, "%s/", tmpdir);
    CHECK(lr_model_list_at(dir, &list) == LR_OK, "list: %s", lr_last_error());
    CHECK(lr_model_list_count(list) == 3, "3 documents, got %zu", lr_model_list_count(list));
    CHECK(list && strstr(lr_model_list_url(list, 1), "/house.json") && lr_model_list_size(list, 1) > 100 &&
          strlen(lr_model_list_modified(list, 1)) == 20, "entry fields");
    lr_model_list_free(list);
    snprintf(dir, sizeof dir, "%s/ho", tmpdir);
    CHECK(lr_model_list_at(dir, &list) == LR_OK && lr_model_list_count(list) == 1, "list by prefix");
    lr_model_list_free(list);
    CHECK(lr_model_delete(path) == LR_OK, "delete");
    CHECK(lr_model_delete(path) == LR_ERR_NOT_FOUND, "delete again");
    CHECK(lr_model_load(path, &back) == LR_ERR_NOT_FOUND, "deleted");
    lr_model_free(m);
}

/* ------------------------------------------------- registry, threads */

#define MEM_SLOTS 128
static pthread_mutex_t mem_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { char url[64]; char *data; size_t len; } mem[MEM_SLOTS];

static lr_status mem_save(void *ctx, const char *url, const char *data, size_t len, unsigned flags)
{
    (void)ctx;
    lr_status st = LR_OK;
    pthread_mutex_lock(&mem_lock);
    int i = 0;
    while (i < MEM_SLOTS && mem[i].data && strcmp(mem[i].url, url))
        i++;
    if (i == MEM_SLOTS)
        st = LR_ERR_NOMEM;
    else if (mem[i].data && !(flags & LR_SAVE_OVERWRITE))
        st = LR_ERR_CONFLICT;
    else {
        free(mem[i].data);
        mem[i].data = malloc(len);
        memcpy(mem[i].data, data, len);
        mem[i].len = len;
        snprintf(mem[i].url, sizeof mem[i].url, "%s", url);
    }
    pthread_mutex_unlock(&mem_lock);
    return st;
}

static lr_status mem_load(void *ctx, const char *url, char **data, size_t *len)
{
    (void)ctx;
    lr_status st = LR_ERR_NOT_FOUND;
    pthread_mutex_lock(&mem_lock);
    for (int i = 0; i < MEM_SLOTS; i++)
        if (mem[i].data && !strcmp(mem[i].url, url)) {
            *data = malloc(mem[i].len);
            memcpy(*data, mem[i].data, mem[i].len);
            *len = mem[i].len;
            st = LR_OK;
        }
    pthread_mutex_unlock(&mem_lock);
    return st;
}

static void *worker(void *arg)
{
    long id = (long)arg;
    lr_model *m = small_model();
    int bad = 0;
    for (int it = 0; it < 20; it++) {
        char url[64], path[256];
        snprintf(url, sizeof url, "mem://t%ld/%d", id, it);
        snprintf(path, sizeof path, "%s/t%ld-%d.json", tmpdir, id, it);
        lr_model *a = NULL, *b = NULL;
        bad += lr_model_save(m, url) != LR_OK;
        bad += lr_model_save(m, path) != LR_OK;
        bad += lr_model_load(url, &a) != LR_OK;
        bad += lr_model_load(path, &b) != LR_OK;
        bad += !a || !b || models_differ(a, b, NULL, "thread") != 0;
        lr_model_free(a);
        lr_model_free(b);
        lr_model_delete(path);
    }
    lr_model_free(m);
    return (void *)(long)bad;
}

static void test_registry(void)
{
    lr_scheme s = {"mem", mem_save, mem_load, NULL, NULL, NULL};
    CHECK(lr_register_scheme(&s) == LR_OK, "register: %s", lr_last_error());
    CHECK(lr_register_scheme(&s) == LR_OK, "register again (replace)");
    lr_scheme f = {"file", mem_save, mem_load, NULL, NULL, NULL};
    CHECK(lr_register_scheme(&f) == LR_ERR_INVALID_ARG, "file cannot be replaced");
    lr_scheme bad = {"s3://", mem_save, mem_load, NULL, NULL, NULL};
    CHECK(lr_register_scheme(&bad) == LR_ERR_INVALID_ARG, "bad scheme name");
    CHECK(lr_model_delete("mem://x") == LR_ERR_UNSUPPORTED, "no remove function");
    pthread_t th[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, worker, (void *)i);
    long failures = 0;
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(th[i], &r);
        failures += (long)r;
    }
    CHECK(failures == 0, "%ld failures across threads", failures);
    for (int i = 0; i < MEM_SLOTS; i++)
        free(mem[i].data);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/lr_persist_XXXXXX");
    if (!mkdtemp(tmpdir)) {
        printf("FAIL cannot create a temporary directory\n");
        return test_report("test_persist");
    }
    test_house();
    test_variants();
    test_validation();
    test_files();
    test_registry();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        printf("note: could not remove %s\n", tmpdir);
    return test_report("test_persist");
}
