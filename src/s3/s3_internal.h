/* Internal declarations of the S3 module. Not installed. */
#ifndef LR_S3_INTERNAL_H
#define LR_S3_INTERNAL_H

#include "linreg_s3.h"

#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__)
#define S3_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define S3_PRINTF(a, b)
#endif

/* Records a formatted message as the thread's last error (via the core's
 * lr_fail_message) and returns status. Never pass a secret. */
lr_status s3_fail(lr_status status, const char *fmt, ...) S3_PRINTF(2, 3);

/* Resolved configuration of one call. */
typedef struct s3_config {
    char access_key[256];
    char secret[256];
    char token[4096];     /* "" when none */
    char region[64];
    char endpoint[512];   /* "" for AWS */
    char cred_source[320];/* where the credentials came from, for messages */
    int path_style;
    int max_attempts;
    double max_retry_seconds, backoff_seconds, connect_timeout, request_timeout;
} s3_config;

/* Fills cfg from opts (may be NULL), the environment and the shared AWS
 * files, in the order documented in linreg_s3.h. LR_ERR_AUTH when no
 * credentials are found. */
lr_status s3_config_resolve(const lr_s3_options *opts, s3_config *cfg);

/* A parsed s3://bucket/key URL. key may be "" (a bucket or prefix). */
typedef struct s3_location {
    char bucket[64];
    char *key;            /* decoded key as given, owned */
} s3_location;

/* Parses url; a key is required unless allow_empty_key. Rejects invalid
 * bucket names and "." / ".." key segments (LR_ERR_INVALID_ARG). */
lr_status s3_parse_url(const char *url, int allow_empty_key, s3_location *loc);
void s3_location_free(s3_location *loc);

/* Appends to out (capacity cap) the percent-encoding of s: bytes outside
 * A-Za-z0-9-._~ (and '/' when keep_slash) become %XX with uppercase hex.
 * Returns 0, or -1 when out is too small. */
int s3_encode(const char *s, int keep_slash, char *out, size_t cap);

/* The request URL of an object (key non-empty) or of the bucket (key
 * NULL/"") followed by query (already canonical: sorted and encoded; NULL
 * for none). Caller frees with free. */
char *s3_request_url(const s3_config *cfg, const s3_location *loc, const char *query);

/* One HTTP exchange with S3. */
typedef struct s3_request {
    const char *method;   /* "GET", "PUT", "HEAD", "DELETE" */
    const char *url;      /* from s3_request_url */
    const char *what;     /* "PUT s3://b/k", for messages */
    const void *body;     /* PUT body or NULL */
    size_t body_len;
    int if_none_match;    /* send If-None-Match: * */
    int verify_document;  /* GET of a model document: verify its checksum, refetch if bad */
} s3_request;

typedef struct s3_response {
    long status;
    char *body;           /* NUL-terminated, malloc'd */
    size_t len;
    char checksum_sha256[64]; /* x-amz-checksum-sha256 response header, "" when absent */
    int attempts;
} s3_response;

/* Performs req with signing, timeouts and retries. LR_OK for a 2xx
 * response (resp filled; caller frees resp->body). Otherwise the mapped
 * status with the message set; resp->status holds the last HTTP status
 * (0 for a network failure). */
lr_status s3_perform(const s3_config *cfg, const s3_request *req, s3_response *resp);
void s3_response_free(s3_response *resp);

/* Initialises libcurl once per process (thread-safe). */
lr_status s3_global_init(void);

/* Text between <tag> and </tag> at or after *from in xml (entities
 * decoded) into out; advances *from past it. Returns 1 when found. */
int s3_xml_next(const char *xml, const char **from, const char *tag, char *out, size_t cap);

/* Base64 of n bytes into out (>= 4*ceil(n/3)+1 bytes). */
void s3_base64(const unsigned char *in, size_t n, char *out);

#endif
