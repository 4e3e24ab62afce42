/* The S3 operations: objects (PUT create-only or overwrite, GET, HEAD,
 * DELETE), ListObjectsV2 with pagination, the model functions on top, and
 * the registration of the s3:// scheme with the core. */
#include "../io/sha256.h"
#include "s3_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Common start of every operation: config, location, request URL. */
typedef struct op {
    s3_config cfg;
    s3_location loc;
    char *url;
    char what[400];
} op;

static lr_status op_begin(op *o, const char *verb, const char *s3url, const lr_s3_options *opts,
                          int allow_empty_key, const char *query)
{
    memset(o, 0, sizeof *o);
    lr_status st = s3_parse_url(s3url, allow_empty_key, &o->loc);
    if (st == LR_OK)
        st = s3_config_resolve(opts, &o->cfg);
    if (st != LR_OK) {
        s3_location_free(&o->loc);
        return st;
    }
    if (!(o->url = s3_request_url(&o->cfg, &o->loc, query))) {
        s3_location_free(&o->loc);
        return s3_fail(LR_ERR_NOMEM, "cannot build the request URL of '%.300s'", s3url);
    }
    snprintf(o->what, sizeof o->what, "S3 %s %.300s", verb, s3url);
    return LR_OK;
}

static void op_end(op *o)
{
    s3_location_free(&o->loc);
    free(o->url);
    memset(&o->cfg, 0, sizeof o->cfg); /* wipe the secret */
}

lr_status lr_s3_put_object(const char *url, const lr_s3_options *opts, const void *data, size_t len,
                           unsigned flags)
{
    if (!data && len)
        return s3_fail(LR_ERR_INVALID_ARG, "data must not be NULL");
    if (flags & ~LR_SAVE_OVERWRITE)
        return s3_fail(LR_ERR_INVALID_ARG, "unknown save flags 0x%x", flags & ~LR_SAVE_OVERWRITE);
    op o;
    lr_status st = op_begin(&o, "PUT", url, opts, 0, NULL);
    if (st != LR_OK)
        return st;
    s3_request req = {"PUT", o.url, o.what, data, len, !(flags & LR_SAVE_OVERWRITE), 0};
    s3_response resp;
    st = s3_perform(&o.cfg, &req, &resp);
    if (st == LR_ERR_CONFLICT && resp.attempts > 1 && req.if_none_match) {
        /* An earlier try may have been stored before its answer was lost:
         * the key then holds exactly these bytes, which is success. */
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", lr_last_error());
        s3_request get = {"GET", o.url, o.what, NULL, 0, 0, 0};
        s3_response got;
        if (s3_perform(&o.cfg, &get, &got) == LR_OK) {
            unsigned char a[32], b[32];
            lr__sha256(got.body, got.len, a);
            lr__sha256(data ? data : "", len, b);
            if (got.len == len && !memcmp(a, b, 32))
                st = LR_OK;
            s3_response_free(&got);
        }
        if (st != LR_OK)
            lr_fail_message(st, msg);
    }
    if (st == LR_ERR_CONFLICT && !strstr(lr_last_error(), "overwrite")) {
        char msg[1100];
        snprintf(msg, sizeof msg, "%s; the key exists: save with overwrite to replace it", lr_last_error());
        lr_fail_message(st, msg);
    }
    s3_response_free(&resp);
    op_end(&o);
    return st;
}

static lr_status get_object(const char *url, const lr_s3_options *opts, int verify, char **data,
                            size_t *len)
{
    *data = NULL;
    *len = 0;
    op o;
    lr_status st = op_begin(&o, "GET", url, opts, 0, NULL);
    if (st != LR_OK)
        return st;
    s3_request req = {"GET", o.url, o.what, NULL, 0, 0, verify};
    s3_response resp;
    st = s3_perform(&o.cfg, &req, &resp);
    if (st == LR_OK) {
        *data = resp.body;
        *len = resp.len;
    }
    op_end(&o);
    return st;
}

lr_status lr_s3_get_object(const char *url, const lr_s3_options *opts, char **data, size_t *len)
{
    if (!data || !len)
        return s3_fail(LR_ERR_INVALID_ARG, "data and len must not be NULL");
    return get_object(url, opts, 0, data, len);
}

lr_status lr_s3_delete(const char *url, const lr_s3_options *opts)
{
    op o;
    lr_status st = op_begin(&o, "HEAD", url, opts, 0, NULL);
    if (st != LR_OK)
        return st;
    /* S3 answers a DELETE of a missing key with 204: ask first, so a
     * missing model is reported as such. */
    s3_request head = {"HEAD", o.url, o.what, NULL, 0, 0, 0};
    s3_response resp;
    st = s3_perform(&o.cfg, &head, &resp);
    s3_response_free(&resp);
    if (st == LR_OK) {
        snprintf(o.what, sizeof o.what, "S3 DELETE %.300s", url);
        s3_request del = {"DELETE", o.url, o.what, NULL, 0, 0, 0};
        st = s3_perform(&o.cfg, &del, &resp);
        s3_response_free(&resp);
    }
    op_end(&o);
    return st;
}

lr_status lr_s3_list(const char *prefix_url, const lr_s3_options *opts, lr_model_list **out)
{
    if (!out)
        return s3_fail(LR_ERR_INVALID_ARG, "the list output pointer is NULL");
    *out = NULL;
    s3_location loc;
    lr_status st = s3_parse_url(prefix_url, 1, &loc);
    if (st != LR_OK)
        return st;
    s3_config cfg;
    if ((st = s3_config_resolve(opts, &cfg)) != LR_OK) {
        s3_location_free(&loc);
        return st;
    }
    /* The list is built through the core so lr_model_list_free releases it. */
    lr_model_list *list = NULL;
    char token[2048] = "";
    const size_t qcap = 3 * 1024 + 3 * sizeof token + 128;
    char *query = malloc(qcap);
    char *entry = malloc(4096);
    if (!query || !entry) {
        st = s3_fail(LR_ERR_NOMEM, "cannot list '%.300s'", prefix_url);
        goto done;
    }
    st = lr_model_list_new(&list);
    for (int page = 0; st == LR_OK; page++) {
        if (page >= 100000) {
            st = s3_fail(LR_ERR_SERVER, "S3 LIST %.300s: more than 100000 pages", prefix_url);
            break;
        }
        /* query parameters in sorted order, values encoded (SigV4 signs the
         * query string exactly as written) */
        query[0] = '\0';
        if (token[0]) {
            strcat(query, "continuation-token=");
            s3_encode(token, 0, query, qcap);
            strcat(query, "&");
        }
        strcat(query, "list-type=2&prefix=");
        s3_encode(loc.key, 0, query, qcap);
        char *saved = loc.key;
        loc.key = NULL; /* the request goes to the bucket */
        char *url = s3_request_url(&cfg, &loc, query);
        loc.key = saved;
        if (!url) {
            st = s3_fail(LR_ERR_NOMEM, "cannot build the list URL");
            break;
        }
        char what[400];
        snprintf(what, sizeof what, "S3 LIST %.300s", prefix_url);
        s3_request req = {"GET", url, what, NULL, 0, 0, 0};
        s3_response resp;
        st = s3_perform(&cfg, &req, &resp);
        free(url);
        if (st != LR_OK)
            break;
        const char *from = resp.body;
        char block_end[8];
        (void)block_end;
        const char *c;
        while (st == LR_OK && (c = strstr(from, "<Contents>"))) {
            const char *end = strstr(c, "</Contents>");
            if (!end)
                break;
            size_t blen = (size_t)(end - c);
            char *block = malloc(blen + 1);
            if (!block) {
                st = s3_fail(LR_ERR_NOMEM, "cannot list '%.300s'", prefix_url);
                break;
            }
            memcpy(block, c, blen);
            block[blen] = '\0';
            char key[3200] = "", size[32] = "", modified[64] = "";
            const char *f = block;
            s3_xml_next(block, &f, "Key", key, sizeof key);
            f = block;
            s3_xml_next(block, &f, "LastModified", modified, sizeof modified);
            f = block;
            s3_xml_next(block, &f, "Size", size, sizeof size);
            free(block);
            snprintf(entry, 4096, "s3://%s/%s", loc.bucket, key);
            st = lr_model_list_add(list, entry, size[0] ? strtoll(size, NULL, 10) : -1, modified);
            from = end + 11;
        }
        char truncated[16] = "";
        from = resp.body;
        s3_xml_next(resp.body, &from, "IsTruncated", truncated, sizeof truncated);
        token[0] = '\0';
        from = resp.body;
        s3_xml_next(resp.body, &from, "NextContinuationToken", token, sizeof token);
        s3_response_free(&resp);
        if (st != LR_OK || strcmp(truncated, "true"))
            break;
        if (!token[0]) {
            st = s3_fail(LR_ERR_SERVER, "S3 LIST %.300s: a truncated page without a continuation "
                         "token", prefix_url);
            break;
        }
    }
done:
    free(query);
    free(entry);
    s3_location_free(&loc);
    memset(&cfg, 0, sizeof cfg);
    if (st != LR_OK) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", lr_last_error());
        lr_model_list_free(list);
        return lr_fail_message(st, msg);
    }
    *out = list;
    return LR_OK;
}

lr_status lr_s3_save(const lr_model *model, const char *url, const lr_s3_options *opts,
                     unsigned flags)
{
    if (!model)
        return s3_fail(LR_ERR_INVALID_ARG, "model must not be NULL");
    char *doc = NULL;
    lr_status st = lr_model_to_json(model, 0, &doc);
    if (st != LR_OK)
        return st;
    st = lr_s3_put_object(url, opts, doc, strlen(doc), flags);
    lr_free(doc);
    return st;
}

lr_status lr_s3_load(const char *url, const lr_s3_options *opts, lr_model **model)
{
    if (!model)
        return s3_fail(LR_ERR_INVALID_ARG, "the model output pointer is NULL");
    *model = NULL;
    char *data = NULL;
    size_t len = 0;
    lr_status st = get_object(url, opts, 1, &data, &len);
    if (st != LR_OK)
        return st;
    st = lr_model_from_json(data, len, model);
    free(data);
    if (st != LR_OK) {
        char msg[1100];
        snprintf(msg, sizeof msg, "%.300s: %s", url, lr_last_error());
        lr_fail_message(st, msg);
    }
    return st;
}

/* ---- registration ---- */

/* A deep copy of the options given to lr_s3_register; kept for the life
 * of the process (the core's registry never frees a backend). */
typedef struct kept_options {
    lr_s3_options o;
    char *strings[6];
    struct kept_options *next;
} kept_options;

static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static kept_options *kept_head; /* all copies stay reachable */

static lr_status scheme_save(void *ctx, const char *url, const char *data, size_t len, unsigned flags)
{
    return lr_s3_put_object(url, ctx ? &((kept_options *)ctx)->o : NULL, data, len, flags);
}

static lr_status scheme_load(void *ctx, const char *url, char **data, size_t *len)
{
    return get_object(url, ctx ? &((kept_options *)ctx)->o : NULL, 1, data, len);
}

static lr_status scheme_remove(void *ctx, const char *url)
{
    return lr_s3_delete(url, ctx ? &((kept_options *)ctx)->o : NULL);
}

static lr_status scheme_list(void *ctx, const char *prefix_url, lr_model_list *out)
{
    lr_model_list *list = NULL;
    lr_status st = lr_s3_list(prefix_url, ctx ? &((kept_options *)ctx)->o : NULL, &list);
    for (size_t i = 0; st == LR_OK && i < lr_model_list_count(list); i++)
        st = lr_model_list_add(out, lr_model_list_url(list, i), lr_model_list_size(list, i),
                               lr_model_list_modified(list, i));
    lr_model_list_free(list);
    return st;
}

static char *dup_or_null(const char *s, int *bad)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *bad = 1;
    return d;
}

lr_status lr_s3_register(const lr_s3_options *opts)
{
    lr_status st = s3_global_init();
    if (st != LR_OK)
        return st;
    kept_options *k = calloc(1, sizeof *k);
    if (!k)
        return s3_fail(LR_ERR_NOMEM, "cannot register the s3 scheme");
    lr_s3_options_init(&k->o);
    if (opts) {
        int bad = 0;
        k->o = *opts;
        k->o.access_key_id = k->strings[0] = dup_or_null(opts->access_key_id, &bad);
        k->o.secret_access_key = k->strings[1] = dup_or_null(opts->secret_access_key, &bad);
        k->o.session_token = k->strings[2] = dup_or_null(opts->session_token, &bad);
        k->o.profile = k->strings[3] = dup_or_null(opts->profile, &bad);
        k->o.region = k->strings[4] = dup_or_null(opts->region, &bad);
        k->o.endpoint_url = k->strings[5] = dup_or_null(opts->endpoint_url, &bad);
        if (bad) {
            for (int i = 0; i < 6; i++)
                free(k->strings[i]);
            free(k);
            return s3_fail(LR_ERR_NOMEM, "cannot register the s3 scheme");
        }
    }
    pthread_mutex_lock(&kept_lock);
    k->next = kept_head;
    kept_head = k;
    pthread_mutex_unlock(&kept_lock);
    lr_scheme scheme = {"s3", scheme_save, scheme_load, scheme_remove, scheme_list, k};
    return lr_register_scheme(&scheme);
}
