/* The S3 module against s3rver behind the verifying front end
 * (tests/s3/harness.js), started by tests/scripts/test_s3.sh, which passes
 *   LR_S3_TEST_ENDPOINT  http://127.0.0.1:PORT (the front end)
 *   LR_S3_TEST_CONTROL   http://127.0.0.1:PORT (its fault-injection port)
 * Bucket "linreg-test", credentials S3RVER/S3RVER, session token
 * "TOKEN-123", ListObjectsV2 pages of 7 keys.
 *
 * Checked: libcurl's signature of the AWS documentation's GET-object example
 * equals the published one; save/load round trips predict bit-identically
 * (house prices); configuration from options, environment, profiles and
 * config files in the standard order; create-only saves; errors (wrong
 * secret, bad session token, missing bucket and key) with their S3 code and
 * HTTP status and no secret in any message; retries on 500, SlowDown,
 * slow responses, dropped and lost answers and a server that stops and
 * comes back, none on 4xx; a server that stays down and persistent 500s
 * leave nothing written; corrupted bodies are fetched again or refused;
 * paginated listing; key encoding; deletion; several threads at once. */
#define _GNU_SOURCE
#include "linreg_s3.h"
#include "../persist_util.h"
#include "../test_util.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static const char *endpoint, *control;
static const char *const secret_marker = "WRONG-SECRET-d41d8cd9";
static char messages[16384]; /* every error message seen, to look for secrets */

static void remember(void)
{
    size_t n = strlen(messages);
    snprintf(messages + n, sizeof messages - n, "%s\n", lr_last_error());
}

/* ------------------------------------------------- harness control */

typedef struct { char *data; size_t len; } buf;

static size_t collect(char *p, size_t s, size_t n, void *ud)
{
    buf *b = ud;
    char *d = realloc(b->data, b->len + s * n + 1);
    if (!d)
        return 0;
    memcpy(d + b->len, p, s * n);
    b->data = d;
    b->len += s * n;
    d[b->len] = '\0';
    return s * n;
}

/* POSTs json to the control port (or GETs when json is NULL); returns the reply (caller frees). */
static char *ctl(const char *path, const char *json)
{
    char url[256];
    snprintf(url, sizeof url, "%s%s", control, path);
    CURL *h = curl_easy_init();
    buf b = {NULL, 0};
    struct curl_slist *hd = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
    if (json) {
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, json);
    }
    CURLcode cc = curl_easy_perform(h);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
    if (cc != CURLE_OK)
        printf("note: control %s failed: %s\n", path, curl_easy_strerror(cc));
    return b.data;
}

static void ctl_do(const char *path, const char *json) { free(ctl(path, json)); }

/* Requests of one method the front end has seen since the last reset. */
static int seen(const char *method)
{
    char *s = ctl("/stats", NULL), key[32];
    snprintf(key, sizeof key, "\"%s\":", method);
    char *at = s ? strstr(s, key) : NULL;
    int n = at ? atoi(at + strlen(key)) : 0;
    free(s);
    return n;
}

static int rejected(const char *code)
{
    char *s = ctl("/stats", NULL), key[64];
    snprintf(key, sizeof key, "\"%s\":", code);
    char *r = s ? strstr(s, "\"rejected\"") : NULL;
    char *at = r ? strstr(r, key) : NULL;
    int n = at ? atoi(at + strlen(key)) : 0;
    free(s);
    return n;
}

/* ------------------------------------------------------- helpers */

static lr_s3_options opts(void)
{
    lr_s3_options o;
    lr_s3_options_init(&o);
    o.endpoint_url = endpoint;
    o.access_key_id = "S3RVER";
    o.secret_access_key = "S3RVER";
    o.region = "us-east-1";
    o.backoff_seconds = 0.05;
    o.max_retry_seconds = 20;
    return o;
}

static int exists(const char *url)
{
    lr_s3_options o = opts();
    char *data = NULL;
    size_t len;
    lr_status st = lr_s3_get_object(url, &o, &data, &len);
    lr_free(data);
    return st == LR_OK;
}

static lr_model *house_model(double **Xout, size_t *nout)
{
    double *X, *y;
    size_t n = house_read("examples/data/house_prices_windsor.csv", &X, &y);
    lr_matrix Xm = lr_matrix_row_major(X, n, HOUSE_K);
    lr_vector yv = lr_vector_of(y, n);
    lr_model *m = NULL;
    lr_options o;
    lr_options_init(&o);
    o.copy_data = 1; /* y is freed below; the fingerprint is computed at save time */
    lr_fit(&Xm, &yv, house_names, &o, &m);
    if (m) {
        lr_model_set_design(m, "price", "price ~ .");
        lr_model_set_metadata(m, "stored-by", "test_s3");
    }
    free(y);
    *Xout = X;
    *nout = n;
    return m;
}

static void clear_env(void)
{
    static const char *const vars[] = {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
        "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
}

/* -------------------------------------------------------- the tests */

/* libcurl signs the documented example request exactly as AWS publishes. */
static void test_aws_example(void)
{
    char connect_to[128];
    const char *port = strrchr(endpoint, ':') + 1;
    snprintf(connect_to, sizeof connect_to, "examplebucket.s3.amazonaws.com:80:127.0.0.1:%s", port);
    CURL *h = curl_easy_init();
    struct curl_slist *ct = curl_slist_append(NULL, connect_to), *hd = NULL;
    hd = curl_slist_append(hd, "Range: bytes=0-9");
    hd = curl_slist_append(hd, "x-amz-content-sha256: "
                               "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    hd = curl_slist_append(hd, "x-amz-date: 20130524T000000Z");
    buf b = {NULL, 0};
    curl_easy_setopt(h, CURLOPT_URL, "http://examplebucket.s3.amazonaws.com/test.txt");
    curl_easy_setopt(h, CURLOPT_CONNECT_TO, ct);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_AWS_SIGV4, "aws:amz:us-east-1:s3");
    curl_easy_setopt(h, CURLOPT_USERNAME, "AKIAIOSFODNN7EXAMPLE");
    curl_easy_setopt(h, CURLOPT_PASSWORD, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    CURLcode cc = curl_easy_perform(h);
    curl_slist_free_all(ct);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
    free(b.data);
    CHECK(cc == CURLE_OK, "example request: %s", curl_easy_strerror(cc));
    char *s = ctl("/stats", NULL);
    const char *want_sig = "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
    CHECK(s && strstr(s, want_sig), "libcurl's signature of the AWS example: %s", s ? s : "(none)");
    CHECK(s && strstr(s, "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request") &&
          strstr(s, "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date"),
          "credential scope and signed headers of the example");
    free(s);
}

static void test_round_trip(void)
{
    double *X;
    size_t n;
    lr_model *m = house_model(&X, &n), *back = NULL;
    CHECK(m != NULL, "house fit: %s", lr_last_error());
    if (!m)
        return;
    lr_matrix Xnew = lr_matrix_row_major(X, n, HOUSE_K);
    /* through the registry, configured from the environment */
    clear_env();
    setenv("AWS_ACCESS_KEY_ID", "S3RVER", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "S3RVER", 1);
    setenv("AWS_REGION", "us-east-1", 1);
    setenv("AWS_ENDPOINT_URL", endpoint, 1);
    const char *url = "s3://linreg-test/house/windsor.json";
    CHECK(lr_model_save(m, url) == LR_ERR_UNSUPPORTED, "s3 before registration");
    CHECK(lr_s3_register(NULL) == LR_OK, "register: %s", lr_last_error());
    ctl_do("/reset", "{}");
    CHECK(lr_model_save(m, url) == LR_OK, "save: %s", lr_last_error());
    CHECK(lr_model_load(url, &back) == LR_OK, "load: %s", lr_last_error());
    CHECK(back && models_differ(m, back, &Xnew, "s3 round trip") == 0,
          "the model loaded from S3 predicts bit-identically");
    if (back) {
        char h1[65], h2[65];
        lr_model_fingerprint(m, h1);
        CHECK(lr_model_fingerprint(back, h2) == LR_OK && !strcmp(h1, h2), "fingerprint kept");
        CHECK(!strcmp(lr_model_metadata(back, "stored-by"), "test_s3"), "metadata kept");
    }
    lr_model_free(back);
    back = NULL;
    char *stored = NULL;
    size_t slen = 0;
    CHECK(lr_model_read_document(url, &stored, &slen) == LR_OK && stored && strlen(stored) == slen &&
          strstr(stored, "\"schema\":\t\"linreg.model\""), "the stored document over S3: %s", lr_last_error());
    lr_free(stored);
    CHECK(lr_model_save(m, url) == LR_ERR_CONFLICT && strstr(lr_last_error(), "412") &&
          strstr(lr_last_error(), "PreconditionFailed"), "create-only: %s", lr_last_error());
    remember();
    CHECK(lr_model_save_ex(m, url, LR_SAVE_OVERWRITE) == LR_OK, "overwrite: %s", lr_last_error());
    CHECK(seen("PUT") == 3 && rejected("SignatureDoesNotMatch") == 0 && rejected("AccessDenied") == 0,
          "every request passed the front end's verification (3 PUTs, none rejected)");
    /* AWS_ENDPOINT_URL_S3 wins over AWS_ENDPOINT_URL */
    setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1", 1);
    setenv("AWS_ENDPOINT_URL_S3", endpoint, 1);
    CHECK(lr_model_load(url, &back) == LR_OK, "AWS_ENDPOINT_URL_S3: %s", lr_last_error());
    lr_model_free(back);
    back = NULL;
    /* a file copy of the same model predicts the same (the CLI loads either) */
    char path[] = "/tmp/lr_s3_model_XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0)
        close(fd);
    CHECK(lr_model_save_ex(m, path, LR_SAVE_OVERWRITE) == LR_OK && lr_model_load(path, &back) == LR_OK &&
          models_differ(m, back, &Xnew, "file") == 0, "file round trip");
    unlink(path);
    lr_model_free(back);
    lr_model_free(m);
    free(X);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_config_sources(void)
{
    lr_model *m = NULL;
    static const double X[6] = {1, 2, 3, 4, 5, 7};
    static const double y[6] = {1.5, 2.5, 2.0, 4.5, 4.75, 6.5};
    lr_matrix Xm = lr_matrix_col_major(X, 6, 1);
    lr_vector yv = lr_vector_of(y, 6);
    lr_fit(&Xm, &yv, NULL, NULL, &m);
    char dir[] = "/tmp/lr_aws_XXXXXX", cred[128], conf[128], text[1024];
    CHECK(mkdtemp(dir) != NULL, "temp dir");
    snprintf(cred, sizeof cred, "%s/credentials", dir);
    snprintf(conf, sizeof conf, "%s/config", dir);
    write_file(cred, "[default]\naws_access_key_id = S3RVER\naws_secret_access_key = WRONG-SECRET-d41d8cd9\n"
                     "\n# a comment\n[good]\naws_access_key_id=S3RVER\naws_secret_access_key = S3RVER\n");
    snprintf(text, sizeof text,
             "[default]\nregion = us-east-1\n[profile cfgonly]\nregion = us-east-1\n"
             "endpoint_url = %s\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n"
             "[profile elsewhere]\nregion = eu-west-3\n", endpoint);
    write_file(conf, text);
    clear_env();
    setenv("AWS_SHARED_CREDENTIALS_FILE", cred, 1);
    setenv("AWS_CONFIG_FILE", conf, 1);
    setenv("AWS_ENDPOINT_URL", endpoint, 1);
    lr_s3_options o;
    lr_s3_options_init(&o);
    o.backoff_seconds = 0.05;

    /* default profile: wrong secret, refused and never retried */
    ctl_do("/reset", "{}");
    CHECK(lr_s3_save(m, "s3://linreg-test/cfg/a.json", &o, 0) == LR_ERR_AUTH &&
          strstr(lr_last_error(), "HTTP 403 SignatureDoesNotMatch") &&
          strstr(lr_last_error(), "profile 'default'"), "default profile: %s", lr_last_error());
    remember();
    CHECK(seen("PUT") == 1, "a 403 is not retried (%d PUTs)", seen("PUT"));
    /* AWS_PROFILE picks the good one */
    setenv("AWS_PROFILE", "good", 1);
    CHECK(lr_s3_save(m, "s3://linreg-test/cfg/a.json", &o, 0) == LR_OK, "AWS_PROFILE: %s", lr_last_error());
    /* environment keys come before the profile */
    setenv("AWS_PROFILE", "default", 1);
    setenv("AWS_ACCESS_KEY_ID", "S3RVER", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "S3RVER", 1);
    CHECK(lr_s3_save(m, "s3://linreg-test/cfg/b.json", &o, 0) == LR_OK, "env before profile: %s", lr_last_error());
    /* explicit options come before the environment */
    o.access_key_id = "S3RVER";
    o.secret_access_key = secret_marker;
    CHECK(lr_s3_save(m, "s3://linreg-test/cfg/c.json", &o, 0) == LR_ERR_AUTH &&
          strstr(lr_last_error(), "credentials from lr_s3_options"), "options first: %s", lr_last_error());
    remember();
    o.access_key_id = o.secret_access_key = NULL;
    /* a profile from the config file alone, with its endpoint_url and region */
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    unsetenv("AWS_ENDPOINT_URL");
    o.profile = "cfgonly";
    CHECK(lr_s3_save(m, "s3://linreg-test/cfg/d.json", &o, 0) == LR_OK, "config-file profile: %s", lr_last_error());
    /* region from the profile: eu-west-3 does not match the server's scope */
    setenv("AWS_ACCESS_KEY_ID", "S3RVER", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "S3RVER", 1);
    setenv("AWS_ENDPOINT_URL", endpoint, 1);
    o.profile = NULL;
    setenv("AWS_PROFILE", "elsewhere", 1);
    lr_status st = lr_s3_save(m, "s3://linreg-test/cfg/e.json", &o, 0);
    CHECK(st == LR_ERR_AUTH && strstr(lr_last_error(), "eu-west-3"), "region from the config file: %s",
          lr_last_error());
    remember();
    /* AWS_REGION comes before the profile's region */
    setenv("AWS_REGION", "us-east-1", 1);
    CHECK(lr_s3_save(m, "s3://linreg-test/cfg/e.json", &o, 0) == LR_OK, "AWS_REGION first: %s", lr_last_error());
    /* a profile that does not exist, and no credentials at all */
    clear_env();
    setenv("AWS_SHARED_CREDENTIALS_FILE", cred, 1);
    setenv("AWS_CONFIG_FILE", conf, 1);
    setenv("AWS_PROFILE", "missing", 1);
    CHECK(lr_s3_save(m, "s3://linreg-test/cfg/f.json", &o, 0) == LR_ERR_AUTH &&
          strstr(lr_last_error(), "profile 'missing' not found"), "missing profile: %s", lr_last_error());
    remember();
    clear_env();
    setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials", 1);
    setenv("AWS_CONFIG_FILE", "/nonexistent/config", 1);
    CHECK(lr_s3_save(m, "s3://linreg-test/cfg/f.json", &o, 0) == LR_ERR_AUTH &&
          strstr(lr_last_error(), "no AWS credentials"), "no credentials: %s", lr_last_error());
    remember();
    /* session tokens are sent signed; a wrong one is refused */
    o = opts();
    o.session_token = "TOKEN-123";
    CHECK(lr_s3_save(m, "s3://linreg-test/cfg/g.json", &o, 0) == LR_OK, "session token: %s", lr_last_error());
    o.session_token = "TOKEN-999";
    CHECK(lr_s3_save(m, "s3://linreg-test/cfg/h.json", &o, 0) == LR_ERR_AUTH &&
          strstr(lr_last_error(), "InvalidToken"), "bad session token: %s", lr_last_error());
    remember();
    snprintf(text, sizeof text, "rm -rf %s", dir);
    if (system(text) != 0)
        printf("note: cannot remove %s\n", dir);
    lr_model_free(m);
}

static lr_model *small(void)
{
    static const double X[8] = {1, 2, 3, 4, 5, 6, 7, 9};
    static const double y[8] = {1.5, 2.5, 2.0, 4.5, 4.75, 6.5, 7.0, 8.25};
    lr_matrix Xm = lr_matrix_col_major(X, 8, 1);
    lr_vector yv = lr_vector_of(y, 8);
    lr_model *m = NULL;
    lr_fit(&Xm, &yv, NULL, NULL, &m);
    return m;
}

static void test_errors(void)
{
    lr_model *m = small(), *back = NULL;
    lr_s3_options o = opts();
    /* from here on the registered scheme uses explicit options (copied) */
    CHECK(lr_s3_register(&o) == LR_OK, "register with options");
    CHECK(lr_s3_save(m, "s3://no-such-bucket/m.json", &o, 0) == LR_ERR_NOT_FOUND &&
          strstr(lr_last_error(), "HTTP 404 NoSuchBucket"), "missing bucket: %s", lr_last_error());
    remember();
    CHECK(lr_s3_load("s3://linreg-test/none/such.json", &o, &back) == LR_ERR_NOT_FOUND &&
          strstr(lr_last_error(), "NoSuchKey") && back == NULL, "missing key: %s", lr_last_error());
    remember();
    CHECK(lr_s3_save(m, "s3://Bad_Bucket/m.json", &o, 0) == LR_ERR_INVALID_ARG, "bucket name");
    CHECK(lr_s3_save(m, "s3://linreg-test/a/../b.json", &o, 0) == LR_ERR_INVALID_ARG &&
          strstr(lr_last_error(), "'..'"), "dot segments: %s", lr_last_error());
    CHECK(lr_s3_save(m, "s3://linreg-test/./b.json", &o, 0) == LR_ERR_INVALID_ARG, "dot segment");
    CHECK(lr_s3_save(m, "s3://linreg-test", &o, 0) == LR_ERR_INVALID_ARG, "no key");
    CHECK(lr_s3_save(m, "http://linreg-test/x", &o, 0) == LR_ERR_INVALID_ARG, "not s3://");
    o.endpoint_url = "ftp://x";
    CHECK(lr_s3_save(m, "s3://linreg-test/x.json", &o, 0) == LR_ERR_INVALID_ARG, "endpoint scheme");
    o = opts();
    /* a key with bytes that need encoding; the signature covers the encoded path */
    const char *odd = "s3://linreg-test/odd/a b+c=d&e%f~\xc3\xbc(1).json";
    CHECK(lr_s3_save(m, odd, &o, 0) == LR_OK, "odd key: %s", lr_last_error());
    CHECK(lr_s3_load(odd, &o, &back) == LR_OK, "odd key load: %s", lr_last_error());
    lr_model_free(back);
    back = NULL;
    lr_model_list *list = NULL;
    CHECK(lr_s3_list("s3://linreg-test/odd/", &o, &list) == LR_OK && lr_model_list_count(list) == 1 &&
          !strcmp(lr_model_list_url(list, 0), odd), "odd key listed exactly: %s",
          list && lr_model_list_count(list) ? lr_model_list_url(list, 0) : lr_last_error());
    lr_model_list_free(list);
    CHECK(lr_model_delete(odd) == LR_OK, "delete: %s", lr_last_error());
    CHECK(lr_model_delete(odd) == LR_ERR_NOT_FOUND, "delete again");
    CHECK(lr_s3_load(odd, &o, &back) == LR_ERR_NOT_FOUND, "deleted");
    /* the front end refuses a wrong payload hash and a wrong checksum */
    CURL *h = curl_easy_init();
    char url[256];
    snprintf(url, sizeof url, "%s/linreg-test/raw.json", endpoint);
    struct curl_slist *hd = curl_slist_append(NULL, "x-amz-content-sha256: "
                                                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    hd = curl_slist_append(hd, "x-amz-checksum-sha256: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    buf b = {NULL, 0};
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_AWS_SIGV4, "aws:amz:us-east-1:s3");
    curl_easy_setopt(h, CURLOPT_USERPWD, "S3RVER:S3RVER");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, "{}");
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 2L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    curl_easy_perform(h);
    CHECK(b.data && strstr(b.data, "XAmzContentSHA256Mismatch"), "payload hash checked: %s", b.data ? b.data : "");
    free(b.data);
    curl_easy_cleanup(h);
    curl_slist_free_all(hd);
    CHECK(!exists("s3://linreg-test/raw.json"), "nothing stored");
    lr_model_free(m);
}

static void test_retries(void)
{
    lr_model *m = small(), *back = NULL;
    lr_s3_options o = opts();
    /* two 500s, then success: three tries */
    ctl_do("/reset", "{}");
    ctl_do("/faults", "{\"status\":500,\"code\":\"InternalError\",\"count\":2}");
    CHECK(lr_s3_save(m, "s3://linreg-test/retry/a.json", &o, 0) == LR_OK, "after 500s: %s", lr_last_error());
    CHECK(seen("PUT") == 3, "three PUTs, got %d", seen("PUT"));
    /* throttling */
    ctl_do("/reset", "{}");
    ctl_do("/faults", "{\"status\":503,\"code\":\"SlowDown\",\"count\":1}");
    CHECK(lr_s3_load("s3://linreg-test/retry/a.json", &o, &back) == LR_OK, "after SlowDown: %s", lr_last_error());
    CHECK(seen("GET") == 2, "two GETs, got %d", seen("GET"));
    lr_model_free(back);
    back = NULL;
    /* persistent 500s: bounded, clear, nothing written */
    o.max_attempts = 3;
    ctl_do("/reset", "{}");
    ctl_do("/faults", "{\"status\":500,\"code\":\"InternalError\",\"count\":50}");
    CHECK(lr_s3_save(m, "s3://linreg-test/retry/b.json", &o, 0) == LR_ERR_SERVER &&
          strstr(lr_last_error(), "HTTP 500 InternalError") && strstr(lr_last_error(), "3 attempts, retries exhausted"),
          "persistent 500: %s", lr_last_error());
    remember();
    CHECK(seen("PUT") == 3, "bounded to 3 tries, got %d", seen("PUT"));
    ctl_do("/reset", "{}");
    CHECK(!exists("s3://linreg-test/retry/b.json"), "nothing written after 500s");
    /* the time budget bounds the tries too */
    o.max_attempts = 50;
    o.max_retry_seconds = 0.5;
    o.backoff_seconds = 0.2;
    ctl_do("/faults", "{\"status\":500,\"code\":\"InternalError\",\"count\":50}");
    CHECK(lr_s3_save(m, "s3://linreg-test/retry/b.json", &o, 0) == LR_ERR_SERVER, "time budget");
    CHECK(seen("PUT") < 50, "the time budget stopped the retries (%d tries)", seen("PUT"));
    o = opts();
    /* a 4xx is never retried */
    ctl_do("/reset", "{}");
    ctl_do("/faults", "{\"status\":400,\"code\":\"InvalidRequest\",\"count\":1}");
    CHECK(lr_s3_save(m, "s3://linreg-test/retry/c.json", &o, 0) == LR_ERR_INVALID_ARG &&
          strstr(lr_last_error(), "HTTP 400 InvalidRequest"), "400: %s", lr_last_error());
    CHECK(seen("PUT") == 1, "400 not retried (%d)", seen("PUT"));
    /* a slow answer times out and is tried again */
    o.request_timeout = 1.0;
    ctl_do("/reset", "{}");
    ctl_do("/faults", "{\"delay_ms\":2500,\"count\":1,\"methods\":[\"GET\"]}");
    CHECK(lr_s3_load("s3://linreg-test/retry/a.json", &o, &back) == LR_OK, "slow GET: %s", lr_last_error());
    CHECK(seen("GET") == 2, "slow GET retried once (%d)", seen("GET"));
    lr_model_free(back);
    back = NULL;
    ctl_do("/reset", "{}");
    ctl_do("/faults", "{\"delay_ms\":2500,\"count\":1,\"methods\":[\"PUT\"]}");
    CHECK(lr_s3_save(m, "s3://linreg-test/retry/slow.json", &o, 0) == LR_OK, "slow PUT: %s", lr_last_error());
    o.request_timeout = 0;
    sleep(2); /* let the abandoned first try finish on the server (it finds the key: 412) */
    CHECK(lr_s3_load("s3://linreg-test/retry/slow.json", &o, &back) == LR_OK &&
          models_differ(m, back, NULL, "slow") == 0, "slow PUT stored once, intact");
    lr_model_free(back);
    back = NULL;
    /* a dropped connection before the server acted */
    ctl_do("/reset", "{}");
    ctl_do("/faults", "{\"drop\":1}");
    CHECK(lr_s3_save(m, "s3://linreg-test/retry/d.json", &o, 0) == LR_OK, "dropped: %s", lr_last_error());
    /* an answer lost after the object was stored: the retry meets 412 and
     * finds its own bytes there */
    ctl_do("/reset", "{}");
    ctl_do("/faults", "{\"lose\":1,\"methods\":[\"PUT\"]}");
    CHECK(lr_s3_save(m, "s3://linreg-test/retry/e.json", &o, 0) == LR_OK, "lost answer: %s", lr_last_error());
    CHECK(seen("PUT") == 2, "lost answer: 2 PUTs (%d)", seen("PUT"));
    /* ... but a different model already there is still a conflict */
    lr_model *other = NULL;
    static const double X[5] = {1, 2, 3, 4, 6};
    static const double y[5] = {2, 1, 4, 3, 6};
    lr_matrix Xm = lr_matrix_col_major(X, 5, 1);
    lr_vector yv = lr_vector_of(y, 5);
    lr_fit(&Xm, &yv, NULL, NULL, &other);
    ctl_do("/faults", "{\"drop\":1,\"methods\":[\"PUT\"]}");
    CHECK(lr_s3_save(other, "s3://linreg-test/retry/e.json", &o, 0) == LR_ERR_CONFLICT, "conflict after a retry: %s",
          lr_last_error());
    lr_model_free(other);
    /* corrupted bodies: fetched again, or refused */
    ctl_do("/reset", "{}");
    ctl_do("/faults", "{\"corrupt\":1}");
    CHECK(lr_s3_load("s3://linreg-test/retry/a.json", &o, &back) == LR_OK, "one corrupted body: %s", lr_last_error());
    CHECK(seen("GET") == 2, "the corrupted body was fetched again (%d GETs)", seen("GET"));
    lr_model_free(back);
    back = NULL;
    o.max_attempts = 3;
    ctl_do("/faults", "{\"corrupt\":10}");
    CHECK(lr_s3_load("s3://linreg-test/retry/a.json", &o, &back) == LR_ERR_PARSE &&
          strstr(lr_last_error(), "checksum mismatch") && back == NULL, "always corrupted: %s", lr_last_error());
    remember();
    o = opts();
    ctl_do("/reset", "{}");
    lr_model_free(m);
}

static void test_server_stopped(void)
{
    lr_model *m = small(), *back = NULL;
    lr_s3_options o = opts();
    o.max_attempts = 3;
    o.connect_timeout = 2;
    ctl_do("/stop", "{}");
    CHECK(lr_s3_save(m, "s3://linreg-test/down/a.json", &o, 0) == LR_ERR_NETWORK &&
          strstr(lr_last_error(), "3 attempts, retries exhausted"), "server down: %s", lr_last_error());
    remember();
    CHECK(lr_s3_load("s3://linreg-test/retry/a.json", &o, &back) == LR_ERR_NETWORK, "load while down");
    /* the server comes back during the backoff: the save goes through */
    ctl_do("/stop", "{\"restart_after_ms\":600}");
    o.max_attempts = 8;
    o.backoff_seconds = 0.3;
    CHECK(lr_s3_save(m, "s3://linreg-test/down/b.json", &o, 0) == LR_OK, "server back: %s", lr_last_error());
    ctl_do("/start", "{}");
    CHECK(!exists("s3://linreg-test/down/a.json"), "nothing written while the server was down");
    CHECK(exists("s3://linreg-test/down/b.json"), "written once it was back");
    lr_model_free(m);
}

static void test_list(void)
{
    lr_model *m = small();
    lr_s3_options o = opts();
    char url[128];
    for (int i = 0; i < 23; i++) {
        snprintf(url, sizeof url, "s3://linreg-test/many/m%02d.json", i);
        CHECK(lr_s3_save(m, url, &o, 0) == LR_OK, "save %d: %s", i, lr_last_error());
    }
    snprintf(url, sizeof url, "s3://linreg-test/manyother/x.json");
    lr_s3_save(m, url, &o, 0);
    ctl_do("/reset", "{}");
    lr_model_list *list = NULL;
    CHECK(lr_model_list_at("s3://linreg-test/many/", &list) == LR_OK, "list: %s", lr_last_error());
    CHECK(lr_model_list_count(list) == 23, "23 keys over pages of 7, got %zu", lr_model_list_count(list));
    CHECK(seen("GET") == 4, "4 pages, got %d", seen("GET"));
    int ok = 1;
    for (size_t i = 0; i < lr_model_list_count(list); i++) {
        snprintf(url, sizeof url, "s3://linreg-test/many/m%02zu.json", i);
        ok &= !strcmp(lr_model_list_url(list, i), url) && lr_model_list_size(list, i) > 100 &&
              strlen(lr_model_list_modified(list, i)) >= 20;
    }
    CHECK(ok, "entries: URL, size and time");
    lr_model_list_free(list);
    CHECK(lr_s3_list("s3://linreg-test/nothing-here/", &o, &list) == LR_OK && lr_model_list_count(list) == 0,
          "empty prefix");
    lr_model_list_free(list);
    CHECK(lr_s3_list("s3://no-such-bucket/", &o, &list) == LR_ERR_NOT_FOUND && list == NULL,
          "list of a missing bucket: %s", lr_last_error());
    lr_model_free(m);
}

/* A document over 1 MiB: libcurl sends "Expect: 100-continue" (left as is). */
static void test_large(void)
{
    const size_t n = 400, k = 260;
    double *X = malloc(n * k * sizeof(double)), *y = malloc(n * sizeof(double));
    unsigned long long s = 12345;
    for (size_t i = 0; i < n * k; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        X[i] = (double)(s >> 11) / 9007199254740992.0 - 0.5;
    }
    for (size_t i = 0; i < n; i++)
        y[i] = X[i * k] + 0.5 * X[i * k + 1] + 0.01 * (double)(i % 7);
    lr_matrix Xm = lr_matrix_row_major(X, n, k);
    lr_vector yv = lr_vector_of(y, n);
    lr_model *m = NULL, *back = NULL;
    CHECK(lr_fit(&Xm, &yv, NULL, NULL, &m) == LR_OK, "large fit: %s", lr_last_error());
    char *doc = NULL;
    lr_model_to_json(m, 0, &doc);
    CHECK(doc && strlen(doc) > (1u << 20), "document over 1 MiB (%zu bytes)", doc ? strlen(doc) : 0);
    lr_free(doc);
    lr_s3_options o = opts();
    CHECK(lr_s3_save(m, "s3://linreg-test/large/m.json", &o, 0) == LR_OK, "large save: %s", lr_last_error());
    CHECK(lr_s3_load("s3://linreg-test/large/m.json", &o, &back) == LR_OK, "large load: %s", lr_last_error());
    lr_matrix Xnew = lr_matrix_row_major(X, 20, k);
    CHECK(back && models_differ(m, back, &Xnew, "large") == 0, "large model bit-identical");
    lr_model_free(back);
    lr_model_free(m);
    free(X);
    free(y);
}

static void *worker(void *arg)
{
    long id = (long)arg;
    lr_model *m = small();
    lr_s3_options o = opts();
    long bad = 0;
    for (int i = 0; i < 5; i++) {
        char url[96];
        snprintf(url, sizeof url, "s3://linreg-test/threads/t%ld-%d.json", id, i);
        lr_model *back = NULL;
        bad += lr_s3_save(m, url, &o, 0) != LR_OK;
        bad += lr_s3_load(url, &o, &back) != LR_OK;
        bad += !back || models_differ(m, back, NULL, "thread") != 0;
        lr_model_free(back);
    }
    lr_model_free(m);
    return (void *)bad;
}

static void test_threads(void)
{
    pthread_t th[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, worker, (void *)i);
    long bad = 0;
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(th[i], &r);
        bad += (long)r;
    }
    CHECK(bad == 0, "%ld failures across 4 threads", bad);
}

int main(void)
{
    endpoint = getenv("LR_S3_TEST_ENDPOINT");
    control = getenv("LR_S3_TEST_CONTROL");
    if (!endpoint || !control) {
        printf("FAIL LR_S3_TEST_ENDPOINT and LR_S3_TEST_CONTROL must be set (run tests/scripts/test_s3.sh)\n");
        test_failed++;
        return test_report("test_s3");
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    test_aws_example();
    test_round_trip();
    test_config_sources();
    test_errors();
    test_retries();
    test_server_stopped();
    test_list();
    test_threads();
    test_large();
    CHECK(!strstr(messages, secret_marker) && !strstr(messages, "S3RVER:S3RVER") && messages[0],
          "no secret in any error message:\n%s", messages);
    printf("error messages seen:\n%s", messages);
    curl_global_cleanup();
    return test_report("test_s3");
}
