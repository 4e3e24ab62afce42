/* One S3 request through libcurl: SigV4 signing by libcurl
 * (CURLOPT_AWS_SIGV4 "aws:amz:REGION:s3"), the payload hash and checksum
 * headers set here (libcurl 7.88 adds no x-amz-content-sha256), the body
 * sent with POSTFIELDS + POSTFIELDSIZE, the status read from
 * CURLINFO_RESPONSE_CODE and S3's XML <Code>/<Message> parsed (no
 * FAILONERROR); retries with exponential backoff and full jitter on 5xx,
 * throttling and network errors only, bounded in count and time. */
#include "../io/sha256.h"
#include "s3_internal.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

lr_status s3_fail(lr_status status, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return lr_fail_message(status, buf);
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static CURLcode init_result = CURLE_FAILED_INIT;

static void global_init(void) { init_result = curl_global_init(CURL_GLOBAL_DEFAULT); }

lr_status s3_global_init(void)
{
    pthread_once(&init_once, global_init);
    if (init_result != CURLE_OK)
        return s3_fail(LR_ERR_NETWORK, "libcurl failed to initialise: %s", curl_easy_strerror(init_result));
    return LR_OK;
}

/* The largest body read into memory (a model document of ~7000
 * coefficients); a larger object is refused rather than exhausting memory. */
#define MAX_BODY ((size_t)1 << 30)

typedef struct sink {
    char *data;
    size_t len, cap;
    int failed, too_large;
    char checksum[64];
} sink;

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    sink *s = ud;
    size_t n = size * nmemb;
    if (s->len + n > MAX_BODY) {
        s->too_large = 1;
        return 0;
    }
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->len + n + 1)
            cap *= 2;
        char *d = realloc(s->data, cap);
        if (!d) {
            s->failed = 1;
            return 0;
        }
        s->data = d;
        s->cap = cap;
    }
    memcpy(s->data + s->len, ptr, n);
    s->len += n;
    s->data[s->len] = '\0';
    return n;
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
    sink *s = ud;
    size_t n = size * nmemb;
    static const char name[] = "x-amz-checksum-sha256:";
    if (n > sizeof name && !strncasecmp(ptr, name, sizeof name - 1)) {
        size_t i = sizeof name - 1, j = 0;
        while (i < n && ptr[i] == ' ')
            i++;
        while (i < n && ptr[i] != '\r' && ptr[i] != '\n' && j + 1 < sizeof s->checksum)
            s->checksum[j++] = ptr[i++];
        s->checksum[j] = '\0';
    }
    return n;
}

/* Thread-local xorshift for the jitter, seeded from the clock and the thread. */
static double jitter_unit(void)
{
    static _Thread_local unsigned long long x;
    if (!x) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        x = (unsigned long long)ts.tv_nsec * 0x9E3779B97F4A7C15ull ^ (unsigned long long)(size_t)&x;
        x |= 1;
    }
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return (double)(x >> 11) / 9007199254740992.0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void sleep_seconds(double s)
{
    if (s <= 0)
        return;
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

typedef enum { OUT_OK, OUT_RETRY, OUT_FAIL } outcome;

typedef struct attempt {
    CURLcode cc;
    long status;
    char curl_error[CURL_ERROR_SIZE];
    sink body;
} attempt;

static int run_once(const s3_config *cfg, const s3_request *req, attempt *at)
{
    memset(at, 0, sizeof *at);
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    char hex[65], b64[48], sigv4[96], line[4200];
    unsigned char digest[32];
    struct curl_slist *hdrs = NULL, *t;
    int bad = 0;
    const void *body = req->body ? req->body : "";
    lr__sha256(body, req->body_len, digest);
    lr__sha256_hex(digest, hex);
    snprintf(line, sizeof line, "x-amz-content-sha256: %s", hex);
    bad |= !(t = curl_slist_append(hdrs, line)) ? 1 : (hdrs = t, 0);
    if (!strcmp(req->method, "PUT")) {
        s3_base64(digest, 32, b64);
        snprintf(line, sizeof line, "x-amz-checksum-sha256: %s", b64);
        bad |= !(t = curl_slist_append(hdrs, line)) ? 1 : (hdrs = t, 0);
        bad |= !(t = curl_slist_append(hdrs, "Content-Type: application/json")) ? 1 : (hdrs = t, 0);
        if (req->if_none_match)
            bad |= !(t = curl_slist_append(hdrs, "If-None-Match: *")) ? 1 : (hdrs = t, 0);
    }
    if (cfg->token[0]) {
        snprintf(line, sizeof line, "x-amz-security-token: %s", cfg->token);
        bad |= !(t = curl_slist_append(hdrs, line)) ? 1 : (hdrs = t, 0);
    }
    memset(line, 0, sizeof line); /* no copy of the token left on the stack */
    if (bad) {
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(h);
        return -1;
    }
    snprintf(sigv4, sizeof sigv4, "aws:amz:%s:s3", cfg->region);
    curl_easy_setopt(h, CURLOPT_URL, req->url);
    curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4);
    curl_easy_setopt(h, CURLOPT_USERNAME, cfg->access_key);
    curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->secret);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, at->curl_error);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)(cfg->connect_timeout * 1000));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)(cfg->request_timeout * 1000));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &at->body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &at->body);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    if (!strcmp(req->method, "PUT")) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    } else if (!strcmp(req->method, "HEAD")) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (strcmp(req->method, "GET")) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
    }
    at->cc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &at->status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    if (at->body.failed)
        return -1;
    return 0;
}

static int network_retryable(CURLcode cc)
{
    switch (cc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return 1;
    default:
        return 0;
    }
}

static lr_status status_of_http(long status)
{
    if (status == 401 || status == 403)
        return LR_ERR_AUTH;
    if (status == 404)
        return LR_ERR_NOT_FOUND;
    if (status == 409 || status == 412)
        return LR_ERR_CONFLICT;
    if (status >= 500 || status == 429)
        return LR_ERR_SERVER;
    if (status == 400 || status == 301 || status == 307 || status == 411 || status == 413)
        return LR_ERR_INVALID_ARG;
    return LR_ERR_IO;
}

/* Whether a body that is a model document fails its own checksum or the
 * x-amz-checksum-sha256 the server reported. */
static int body_corrupted(const attempt *at, char *why, size_t cap)
{
    const char *data = at->body.data ? at->body.data : "";
    if (at->body.checksum[0]) {
        unsigned char d[32];
        char b64[48];
        lr__sha256(data, at->body.len, d);
        s3_base64(d, 32, b64);
        if (strcmp(b64, at->body.checksum)) {
            snprintf(why, cap, "the body does not match its x-amz-checksum-sha256 header");
            return 1;
        }
    }
    int present = 0;
    if (lr_model_json_verify(data, at->body.len, &present) != LR_OK) {
        snprintf(why, cap, "%s", lr_last_error());
        return 1;
    }
    return 0;
}

lr_status s3_perform(const s3_config *cfg, const s3_request *req, s3_response *resp)
{
    memset(resp, 0, sizeof *resp);
    lr_status st = s3_global_init();
    if (st != LR_OK)
        return st;
    const double start = now_seconds();
    attempt at;
    char why[600] = "";
    for (int n = 1;; n++) {
        if (run_once(cfg, req, &at) != 0) {
            free(at.body.data);
            return s3_fail(LR_ERR_NOMEM, "%s: cannot set up the request", req->what);
        }
        resp->attempts = n;
        resp->status = at.status;
        outcome out;
        lr_status fail = LR_OK;
        if (at.body.too_large) {
            free(at.body.data);
            return s3_fail(LR_ERR_IO, "%s: the object is larger than %zu bytes", req->what, MAX_BODY);
        }
        if (at.cc != CURLE_OK) {
            out = network_retryable(at.cc) ? OUT_RETRY : OUT_FAIL;
            fail = LR_ERR_NETWORK;
            snprintf(why, sizeof why, "%s", at.curl_error[0] ? at.curl_error : curl_easy_strerror(at.cc));
        } else if (at.status >= 200 && at.status < 300) {
            out = OUT_OK;
            if (req->verify_document && body_corrupted(&at, why, sizeof why)) {
                out = OUT_RETRY;
                fail = LR_ERR_PARSE;
            }
        } else {
            char code[128] = "", message[400] = "";
            const char *body = at.body.data ? at.body.data : "", *from = body;
            s3_xml_next(body, &from, "Code", code, sizeof code);
            from = body;
            s3_xml_next(body, &from, "Message", message, sizeof message);
            if (!code[0] && !strcmp(req->method, "HEAD"))
                snprintf(code, sizeof code, "%s", at.status == 404 ? "NotFound" : "");
            snprintf(why, sizeof why, "HTTP %ld%s%s%s%s", at.status, code[0] ? " " : "", code,
                     message[0] ? ": " : "", message);
            fail = status_of_http(at.status);
            int throttled = !strcmp(code, "SlowDown") || !strcmp(code, "Throttling") ||
                            !strcmp(code, "ThrottlingException") || at.status == 429;
            out = at.status >= 500 || throttled ? OUT_RETRY : OUT_FAIL;
        }
        if (out == OUT_OK) {
            resp->body = at.body.data ? at.body.data : calloc(1, 1);
            resp->len = at.body.len;
            memcpy(resp->checksum_sha256, at.body.checksum, sizeof resp->checksum_sha256);
            return resp->body ? LR_OK : s3_fail(LR_ERR_NOMEM, "%s: no memory", req->what);
        }
        free(at.body.data);
        at.body.data = NULL;
        if (out == OUT_RETRY && n < cfg->max_attempts) {
            /* full jitter: a uniform wait in [0, base * 2^(n-1)] */
            double cap = cfg->backoff_seconds * (double)(1u << (n - 1 < 20 ? n - 1 : 20));
            double wait = cap * jitter_unit();
            if (now_seconds() - start + wait < cfg->max_retry_seconds) {
                sleep_seconds(wait);
                continue;
            }
        }
        char tail[480];
        int tl = snprintf(tail, sizeof tail, "%d attempt%s%s", n, n == 1 ? "" : "s",
                          out == OUT_RETRY ? ", retries exhausted" : "");
        if (fail == LR_ERR_AUTH && tl > 0 && (size_t)tl < sizeof tail)
            snprintf(tail + tl, sizeof tail - (size_t)tl, "; credentials from %s", cfg->cred_source);
        return s3_fail(fail, "%s: %s (%s)", req->what, why, tail);
    }
}

void s3_response_free(s3_response *resp)
{
    if (resp) {
        free(resp->body);
        resp->body = NULL;
    }
}
