/*
 * linreg_s3 — model documents in Amazon S3 or any S3-compatible store
 * (lib/liblinreg_s3.so; link with -llinreg_s3 -llinreg). The core library
 * never links libcurl: this module does, and signs every request with
 * libcurl's built-in AWS Signature Version 4 (CURLOPT_AWS_SIGV4).
 *
 * Configuration, each item from the first source that has it:
 *   credentials  lr_s3_options (access_key_id + secret_access_key [+ session_token],
 *                or profile) > AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
 *                AWS_SESSION_TOKEN > the profile (AWS_PROFILE, else "default") in
 *                AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials > the same
 *                profile in AWS_CONFIG_FILE or ~/.aws/config
 *   region       lr_s3_options.region > AWS_REGION > AWS_DEFAULT_REGION >
 *                the profile's "region" in the config file > "us-east-1"
 *   endpoint     lr_s3_options.endpoint_url > AWS_ENDPOINT_URL_S3 >
 *                AWS_ENDPOINT_URL > the profile's "endpoint_url" > AWS
 *                (https://BUCKET.s3.REGION.amazonaws.com); a custom endpoint
 *                uses path-style addressing (ENDPOINT/BUCKET/KEY).
 * Secrets never appear in messages: errors name the URL, the HTTP status,
 * the S3 error code and message, and where the credentials came from.
 *
 * Errors: LR_ERR_AUTH (401/403, missing credentials), LR_ERR_NOT_FOUND
 * (404: NoSuchBucket, NoSuchKey), LR_ERR_CONFLICT (409, 412: the key exists
 * and overwrite was not asked), LR_ERR_SERVER (5xx, throttling after the
 * retries), LR_ERR_NETWORK (connection refused, DNS, timeout, after the
 * retries), LR_ERR_INVALID_ARG (a malformed URL, bucket or key; HTTP 400),
 * LR_ERR_PARSE (a document that fails its checksum after the retries).
 * Retries: 5xx, HTTP 429, S3 "SlowDown"/"Throttling" and network errors are
 * retried with exponential backoff and full jitter, bounded by
 * max_attempts and max_retry_seconds; other 4xx never are.
 * Thread safety: every call uses its own libcurl handle; curl_global_init
 * runs once (pthread_once) on the first call. See docs/persistence.md.
 */
#ifndef LINREG_S3_H
#define LINREG_S3_H

#include "linreg.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Explicit configuration; NULL strings and zero numbers mean "from the
 * environment / default". Strings are copied where kept. */
typedef struct lr_s3_options {
    const char *access_key_id;     /* with secret_access_key: overrides every other source */
    const char *secret_access_key;
    const char *session_token;     /* temporary credentials (sent as x-amz-security-token) */
    const char *profile;           /* profile name in the shared files, overrides AWS_PROFILE */
    const char *region;            /* e.g. "eu-west-1" */
    const char *endpoint_url;      /* e.g. "http://127.0.0.1:9000" for an S3-compatible store */
    int path_style;                /* -1 (default): path-style iff a custom endpoint; 0/1 force */
    int max_attempts;              /* tries of one request, retries included; default 4 */
    double max_retry_seconds;      /* budget of all tries and waits of one request; default 30 */
    double backoff_seconds;        /* cap of the first wait, doubled per retry; default 0.2 */
    double connect_timeout;        /* seconds per try to connect; default 10 */
    double request_timeout;        /* seconds per try for the whole transfer; default 60 */
} lr_s3_options;

/* Fills *opts with the defaults (everything from the environment). */
LR_API void lr_s3_options_init(lr_s3_options *opts);

/* Registers the "s3" scheme with the core, so lr_model_save, lr_model_load,
 * lr_model_delete and lr_model_list_at accept s3://bucket/key URLs. opts
 * (may be NULL: environment) is copied and used for every such call.
 * Calling it again replaces the options. No hidden constructors: nothing
 * happens until this is called. */
LR_API lr_status lr_s3_register(const lr_s3_options *opts);

/* Saves the model document at s3://bucket/key with x-amz-content-sha256 and
 * x-amz-checksum-sha256 (S3 verifies the body) and If-None-Match: * so an
 * existing key is never replaced unless flags has LR_SAVE_OVERWRITE
 * (LR_ERR_CONFLICT otherwise). A PUT is atomic in S3: readers see the old
 * object or the new one, never part. opts may be NULL. */
LR_API lr_status lr_s3_save(const lr_model *model, const char *url, const lr_s3_options *opts,
                            unsigned flags);

/* Loads s3://bucket/key, verifies the document's own checksum (a corrupted
 * body is fetched again, within the retry bounds) and validates it as
 * lr_model_from_json does. Caller frees *model with lr_model_free. */
LR_API lr_status lr_s3_load(const char *url, const lr_s3_options *opts, lr_model **model);

/* Every key under s3://bucket/prefix (ListObjectsV2, all pages), with
 * size and last-modified time. Caller frees *list with lr_model_list_free. */
LR_API lr_status lr_s3_list(const char *prefix_url, const lr_s3_options *opts,
                            lr_model_list **list);

/* Deletes s3://bucket/key; LR_ERR_NOT_FOUND when there is no such key. */
LR_API lr_status lr_s3_delete(const char *url, const lr_s3_options *opts);

/* The raw object operations under the model functions. put: flags as
 * lr_s3_save. get: *data (NUL-terminated, caller frees with lr_free) and
 * *len receive the body. */
LR_API lr_status lr_s3_put_object(const char *url, const lr_s3_options *opts, const void *data,
                                  size_t len, unsigned flags);
LR_API lr_status lr_s3_get_object(const char *url, const lr_s3_options *opts, char **data,
                                  size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* LINREG_S3_H */
