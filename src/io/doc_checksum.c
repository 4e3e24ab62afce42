/* Writing and verifying the model document's trailing checksum member. */
#include "doc_checksum.h"
#include "sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

char *lr__doc_add_checksum(const char *text, int formatted)
{
    size_t end = strlen(text);
    while (end > 0 && is_ws(text[end - 1]))
        end--;
    if (end == 0 || text[end - 1] != '}')
        return NULL;
    end--;
    while (end > 0 && is_ws(text[end - 1]))
        end--;
    unsigned char digest[32];
    char hex[65];
    lr__sha256(text, end, digest);
    lr__sha256_hex(digest, hex);
    const char *tail = formatted ? ",\n\t\"checksum\":\t\"sha256:%s\"\n}\n" : ",\"checksum\":\"sha256:%s\"}";
    size_t size = end + strlen(tail) + 64 + 1;
    char *out = malloc(size);
    if (!out)
        return NULL;
    memcpy(out, text, end);
    snprintf(out + end, size - end, tail, hex);
    return out;
}

/* Steps back over whitespace from position i (exclusive); returns the new end. */
static size_t back_ws(const char *s, size_t i)
{
    while (i > 0 && is_ws(s[i - 1]))
        i--;
    return i;
}

/* Whether s[..i) ends with lit; moves i before it. */
static int back_lit(const char *s, size_t *i, const char *lit)
{
    size_t n = strlen(lit);
    if (*i < n || memcmp(s + *i - n, lit, n) != 0)
        return 0;
    *i -= n;
    return 1;
}

int lr__doc_find_checksum(const char *json, size_t len, size_t *covered, char hex[65])
{
    size_t i = back_ws(json, len);
    if (!back_lit(json, &i, "}"))
        return 0;
    i = back_ws(json, i);
    if (!back_lit(json, &i, "\"") || i < 64)
        return 0;
    for (size_t j = i - 64; j < i; j++)
        if (!((json[j] >= '0' && json[j] <= '9') || (json[j] >= 'a' && json[j] <= 'f')))
            return 0;
    memcpy(hex, json + i - 64, 64);
    hex[64] = '\0';
    i -= 64;
    if (!back_lit(json, &i, "\"sha256:"))
        return 0;
    i = back_ws(json, i);
    if (!back_lit(json, &i, ":"))
        return 0;
    i = back_ws(json, i);
    if (!back_lit(json, &i, "\"checksum\""))
        return 0;
    i = back_ws(json, i);
    if (!back_lit(json, &i, ","))
        return 0;
    *covered = i;
    return 1;
}

lr_status lr_model_json_verify(const char *json, size_t len, int *present)
{
    lr__clear_error();
    if (present)
        *present = 0;
    if (!json)
        return lr__fail(LR_ERR_INVALID_ARG, "json must not be NULL");
    size_t covered;
    char stored[65], actual[65];
    if (!lr__doc_find_checksum(json, len, &covered, stored))
        return LR_OK;
    unsigned char digest[32];
    lr__sha256(json, covered, digest);
    lr__sha256_hex(digest, actual);
    if (strcmp(stored, actual))
        return lr__fail(LR_ERR_PARSE,
                        "checksum mismatch: the document says sha256:%.16s... but its content "
                        "hashes to sha256:%.16s...; it was corrupted or edited (remove the "
                        "\"checksum\" member to load a hand-edited document)",
                        stored, actual);
    if (present)
        *present = 1;
    return LR_OK;
}
