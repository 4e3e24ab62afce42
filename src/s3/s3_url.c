/* s3:// URLs: parsing and validation, percent-encoding, request URLs
 * (path-style or virtual-hosted), and the small text helpers (Base64,
 * XML elements) the module needs. */
#include "s3_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int valid_bucket(const char *b, size_t n)
{
    if (n < 3 || n > 63)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = b[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
            return 0;
    }
    return b[0] != '-' && b[0] != '.' && b[n - 1] != '-' && b[n - 1] != '.';
}

lr_status s3_parse_url(const char *url, int allow_empty_key, s3_location *loc)
{
    memset(loc, 0, sizeof *loc);
    if (!url || strncmp(url, "s3://", 5))
        return s3_fail(LR_ERR_INVALID_ARG, "'%.300s' is not an s3://bucket/key URL", url ? url : "(null)");
    const char *b = url + 5, *slash = strchr(b, '/');
    size_t bn = slash ? (size_t)(slash - b) : strlen(b);
    if (!valid_bucket(b, bn))
        return s3_fail(LR_ERR_INVALID_ARG, "'%.300s': '%.*s' is not a valid S3 bucket name (3-63 "
                       "lower-case letters, digits, '.', '-')", url, (int)(bn > 80 ? 80 : bn), b);
    memcpy(loc->bucket, b, bn);
    loc->bucket[bn] = '\0';
    const char *key = slash ? slash + 1 : "";
    size_t kn = strlen(key);
    if (!kn && !allow_empty_key)
        return s3_fail(LR_ERR_INVALID_ARG, "'%.300s' names a bucket, not an object (s3://%s/KEY)",
                       url, loc->bucket);
    if (kn > 1024)
        return s3_fail(LR_ERR_INVALID_ARG, "'%.120s...': an S3 key is at most 1024 bytes", url);
    /* "." and ".." segments would be folded away by URL normalisation and
     * the signature would cover a different path than the one sent. */
    for (const char *seg = key; *seg;) {
        const char *end = strchr(seg, '/');
        size_t len = end ? (size_t)(end - seg) : strlen(seg);
        if ((len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.'))
            return s3_fail(LR_ERR_INVALID_ARG, "'%.300s': key segments '.' and '..' are not allowed",
                           url);
        if (!end)
            break;
        seg = end + 1;
    }
    for (size_t i = 0; i < kn; i++)
        if ((unsigned char)key[i] < 0x20 || key[i] == 0x7f)
            return s3_fail(LR_ERR_INVALID_ARG, "'%.300s': control characters are not allowed in a key",
                           url);
    loc->key = malloc(kn + 1);
    if (!loc->key)
        return s3_fail(LR_ERR_NOMEM, "cannot copy the key of '%.300s'", url);
    memcpy(loc->key, key, kn + 1);
    return LR_OK;
}

void s3_location_free(s3_location *loc)
{
    if (loc) {
        free(loc->key);
        loc->key = NULL;
    }
}

int s3_encode(const char *s, int keep_slash, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = strlen(out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        int plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '~' || (keep_slash && c == '/');
        if (o + (plain ? 1 : 3) + 1 > cap)
            return -1;
        if (plain) {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
    return 0;
}

char *s3_request_url(const s3_config *cfg, const s3_location *loc, const char *query)
{
    const char *key = loc->key ? loc->key : "";
    size_t cap = strlen(cfg->endpoint) + strlen(loc->bucket) + 3 * strlen(key) +
                 (query ? strlen(query) : 0) + 128;
    char *url = malloc(cap);
    if (!url)
        return NULL;
    /* virtual-hosted names cannot hold dots under TLS: such buckets go path-style */
    const int path_style = cfg->path_style || strchr(loc->bucket, '.');
    if (cfg->endpoint[0]) {
        if (path_style) {
            snprintf(url, cap, "%s/%s/", cfg->endpoint, loc->bucket);
        } else {
            const char *host = strstr(cfg->endpoint, "://") + 3;
            snprintf(url, cap, "%.*s%s.%s/", (int)(host - cfg->endpoint), cfg->endpoint, loc->bucket,
                     host);
        }
    } else if (path_style) {
        snprintf(url, cap, "https://s3.%s.amazonaws.com/%s/", cfg->region, loc->bucket);
    } else {
        snprintf(url, cap, "https://%s.s3.%s.amazonaws.com/", loc->bucket, cfg->region);
    }
    if (s3_encode(key, 1, url, cap) != 0) {
        free(url);
        return NULL;
    }
    if (query && query[0]) {
        size_t n = strlen(url);
        snprintf(url + n, cap - n, "?%s", query);
    }
    return url;
}

void s3_base64(const unsigned char *in, size_t n, char *out)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) |
                     (i + 2 < n ? in[i + 2] : 0);
        out[o++] = t[v >> 18 & 63];
        out[o++] = t[v >> 12 & 63];
        out[o++] = i + 1 < n ? t[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? t[v & 63] : '=';
    }
    out[o] = '\0';
}

/* Decodes the five XML entities and numeric references into out. */
static void xml_text(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 < cap; i++) {
        if (s[i] != '&') {
            out[o++] = s[i];
            continue;
        }
        static const struct { const char *ent; char c; } ents[] = {
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
        int done = 0;
        for (size_t e = 0; e < sizeof ents / sizeof ents[0] && !done; e++) {
            size_t el = strlen(ents[e].ent);
            if (i + el <= n && !strncmp(s + i, ents[e].ent, el)) {
                out[o++] = ents[e].c;
                i += el - 1;
                done = 1;
            }
        }
        if (!done && i + 2 < n && s[i + 1] == '#') {
            char *end;
            unsigned long cp = s[i + 2] == 'x' ? strtoul(s + i + 3, &end, 16) : strtoul(s + i + 2, &end, 10);
            if (*end == ';' && cp > 0 && cp < 0x110000 && (size_t)(end - s) < n) {
                if (cp < 0x80) {
                    out[o++] = (char)cp;
                } else if (cp < 0x800) {
                    out[o++] = (char)(0xC0 | cp >> 6);
                    out[o++] = (char)(0x80 | (cp & 63));
                } else if (cp < 0x10000) {
                    out[o++] = (char)(0xE0 | cp >> 12);
                    out[o++] = (char)(0x80 | (cp >> 6 & 63));
                    out[o++] = (char)(0x80 | (cp & 63));
                } else {
                    out[o++] = (char)(0xF0 | cp >> 18);
                    out[o++] = (char)(0x80 | (cp >> 12 & 63));
                    out[o++] = (char)(0x80 | (cp >> 6 & 63));
                    out[o++] = (char)(0x80 | (cp & 63));
                }
                i = (size_t)(end - s);
                done = 1;
            }
        }
        if (!done)
            out[o++] = '&';
    }
    out[o] = '\0';
}

int s3_xml_next(const char *xml, const char **from, const char *tag, char *out, size_t cap)
{
    char open[64], close[64];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *a = strstr(*from, open);
    if (!a)
        return 0;
    a += strlen(open);
    const char *b = strstr(a, close);
    if (!b)
        return 0;
    xml_text(a, (size_t)(b - a), out, cap);
    *from = b + strlen(close);
    (void)xml;
    return 1;
}
