/* lr_model_save / lr_model_load / lr_model_delete / lr_model_list_at: URL
 * dispatch through the scheme registry, and the list object. "file://" and
 * plain paths are built in (src/io/store_file.c); modules register others
 * (the S3 module registers "s3" in lr_s3_register). */
#include "store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SCHEMES 16

/* The one process-wide table of the library: entries are added or
 * replaced under the mutex and never freed. */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static lr_scheme registry[MAX_SCHEMES];
static char registry_names[MAX_SCHEMES][32];
static size_t registry_count;

static int valid_scheme(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= 32 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

static int same_scheme(const char *a, const char *b, size_t blen)
{
    size_t i = 0;
    for (; i < blen && a[i]; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return i == blen && !a[i];
}

lr_status lr_register_scheme(const lr_scheme *scheme)
{
    lr__clear_error();
    if (!scheme || !scheme->scheme)
        return lr__fail(LR_ERR_INVALID_ARG, "scheme and its name must not be NULL");
    if (!valid_scheme(scheme->scheme))
        return lr__fail(LR_ERR_INVALID_ARG, "'%.40s' is not a URL scheme name (letters, digits, "
                        "'+', '-', '.'; no \"://\")", scheme->scheme);
    if (same_scheme(scheme->scheme, "file", 4))
        return lr__fail(LR_ERR_INVALID_ARG, "the file scheme is built in and cannot be replaced");
    lr_status st = LR_OK;
    pthread_mutex_lock(&registry_lock);
    size_t i = 0;
    while (i < registry_count && !same_scheme(registry_names[i], scheme->scheme, strlen(scheme->scheme)))
        i++;
    if (i == MAX_SCHEMES) {
        st = lr__fail(LR_ERR_INVALID_ARG, "too many URL schemes registered (at most %d)", MAX_SCHEMES);
    } else {
        strcpy(registry_names[i], scheme->scheme);
        registry[i] = *scheme;
        registry[i].scheme = registry_names[i];
        if (i == registry_count)
            registry_count++;
    }
    pthread_mutex_unlock(&registry_lock);
    return st;
}

lr_status lr__store_resolve(const char *url, lr_scheme *out, const char **path)
{
    if (!url || !url[0])
        return lr__fail(LR_ERR_INVALID_ARG, "the URL must not be empty");
    const char *sep = strstr(url, "://");
    size_t n = sep ? (size_t)(sep - url) : 0;
    int has_scheme = sep && n > 0 && n < 32;
    for (size_t i = 0; has_scheme && i < n; i++)
        if (url[i] == '/')
            has_scheme = 0;
    if (!has_scheme || same_scheme("file", url, n)) {
        memset(out, 0, sizeof *out);
        out->scheme = "file";
        if (has_scheme) {
            *path = url + n + 3;
            if (**path != '/')
                return lr__fail(LR_ERR_INVALID_ARG, "'%.200s': a file URL needs an absolute path "
                                "(file:///dir/model.json)", url);
        } else {
            *path = url;
        }
        return LR_OK;
    }
    pthread_mutex_lock(&registry_lock);
    size_t i = 0;
    while (i < registry_count && !same_scheme(registry_names[i], url, n))
        i++;
    if (i < registry_count)
        *out = registry[i];
    pthread_mutex_unlock(&registry_lock);
    if (i == registry_count) {
        if (same_scheme("s3", url, n))
            return lr__fail(LR_ERR_UNSUPPORTED, "'%.200s': the s3:// scheme needs the S3 module: "
                            "link liblinreg_s3 and call lr_s3_register() first", url);
        return lr__fail(LR_ERR_UNSUPPORTED, "'%.200s': no storage backend for the scheme '%.*s'",
                        url, (int)n, url);
    }
    *path = url;
    return LR_OK;
}

lr_status lr_model_save_ex(const lr_model *m, const char *url, unsigned flags)
{
    lr__clear_error();
    if (!m || !url)
        return lr__fail(LR_ERR_INVALID_ARG, "model and url must not be NULL");
    if (flags & ~LR_SAVE_OVERWRITE)
        return lr__fail(LR_ERR_INVALID_ARG, "unknown save flags 0x%x", flags & ~LR_SAVE_OVERWRITE);
    lr_scheme sc;
    const char *path;
    lr_status st = lr__store_resolve(url, &sc, &path);
    if (st != LR_OK)
        return st;
    if (!strcmp(sc.scheme, "file") ? 0 : !sc.save)
        return lr__fail(LR_ERR_UNSUPPORTED, "'%.200s': the %s backend cannot save", url, sc.scheme);
    char *doc = NULL;
    if ((st = lr_model_to_json(m, 0, &doc)) != LR_OK)
        return st;
    size_t len = strlen(doc);
    if (!strcmp(sc.scheme, "file"))
        st = lr__file_save(path, doc, len, flags);
    else
        st = sc.save(sc.ctx, url, doc, len, flags);
    lr_free(doc);
    return st;
}

lr_status lr_model_save(const lr_model *m, const char *url)
{
    return lr_model_save_ex(m, url, 0);
}

static lr_status fetch(const char *url, char **data, size_t *len);

lr_status lr_model_load(const char *url, lr_model **model)
{
    lr__clear_error();
    if (!model)
        return lr__fail(LR_ERR_INVALID_ARG, "the model output pointer is NULL");
    *model = NULL;
    char *data = NULL;
    size_t len = 0;
    lr_status st = fetch(url, &data, &len);
    if (st != LR_OK)
        return st;
    st = lr_model_from_json(data, len, model);
    free(data);
    if (st != LR_OK)
        lr__error_context("%.300s", url);
    return st;
}

/* Fetches the bytes at url through its backend (malloc'd, NUL-terminated). */
static lr_status fetch(const char *url, char **data, size_t *len)
{
    lr_scheme sc;
    const char *path;
    *data = NULL;
    *len = 0;
    lr_status st = lr__store_resolve(url, &sc, &path);
    if (st != LR_OK)
        return st;
    const int file = !strcmp(sc.scheme, "file");
    if (!file && !sc.load)
        return lr__fail(LR_ERR_UNSUPPORTED, "'%.200s': the %s backend cannot load", url, sc.scheme);
    st = file ? lr__file_load(path, data, len) : sc.load(sc.ctx, url, data, len);
    if (st == LR_OK && !file) {
        /* backends hand back len bytes: add the terminating NUL */
        char *d = realloc(*data, *len + 1);
        if (!d) {
            free(*data);
            *data = NULL;
            return lr__fail(LR_ERR_NOMEM, "cannot read '%.200s'", url);
        }
        d[*len] = '\0';
        *data = d;
    }
    return st;
}

lr_status lr_model_read_document(const char *url, char **json, size_t *len)
{
    lr__clear_error();
    if (!json || !len)
        return lr__fail(LR_ERR_INVALID_ARG, "json and len must not be NULL");
    lr_status st = fetch(url, json, len);
    if (st == LR_OK && (st = lr_model_json_verify(*json, *len, NULL)) != LR_OK) {
        lr__error_context("%.300s", url);
        free(*json);
        *json = NULL;
        *len = 0;
    }
    return st;
}

lr_status lr_model_delete(const char *url)
{
    lr__clear_error();
    lr_scheme sc;
    const char *path;
    lr_status st = lr__store_resolve(url, &sc, &path);
    if (st != LR_OK)
        return st;
    if (!strcmp(sc.scheme, "file"))
        return lr__file_remove(path);
    if (!sc.remove)
        return lr__fail(LR_ERR_UNSUPPORTED, "'%.200s': the %s backend cannot delete", url, sc.scheme);
    return sc.remove(sc.ctx, url);
}

lr_status lr_fail_message(lr_status status, const char *message)
{
    return lr__fail(status, "%s", message ? message : "");
}

/* ---- the list object ---- */

typedef struct list_entry {
    char *url, *modified;
    long long size;
} list_entry;

struct lr_model_list {
    list_entry *items;
    size_t count, cap;
};

lr_status lr_model_list_add(lr_model_list *list, const char *url, long long size,
                            const char *modified)
{
    if (!list || !url)
        return lr__fail(LR_ERR_INVALID_ARG, "list and url must not be NULL");
    if (list->count == list->cap) {
        size_t cap = list->cap ? 2 * list->cap : 16;
        list_entry *it = realloc(list->items, cap * sizeof *it);
        if (!it)
            return lr__fail(LR_ERR_NOMEM, "cannot grow the model list");
        list->items = it;
        list->cap = cap;
    }
    list_entry *e = &list->items[list->count];
    e->url = lr__strdup(url);
    e->modified = lr__strdup(modified ? modified : "");
    e->size = size;
    if (!e->url || !e->modified) {
        free(e->url);
        free(e->modified);
        return lr__fail(LR_ERR_NOMEM, "cannot copy a model URL");
    }
    list->count++;
    return LR_OK;
}

lr_status lr_model_list_new(lr_model_list **out)
{
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "the list output pointer is NULL");
    *out = calloc(1, sizeof **out);
    return *out ? LR_OK : lr__fail(LR_ERR_NOMEM, "cannot allocate a model list");
}

static int by_url(const void *a, const void *b)
{
    return strcmp(((const list_entry *)a)->url, ((const list_entry *)b)->url);
}

lr_status lr_model_list_at(const char *prefix_url, lr_model_list **out)
{
    lr__clear_error();
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "the list output pointer is NULL");
    *out = NULL;
    lr_scheme sc;
    const char *path;
    lr_status st = lr__store_resolve(prefix_url, &sc, &path);
    if (st != LR_OK)
        return st;
    const int file = !strcmp(sc.scheme, "file");
    if (!file && !sc.list)
        return lr__fail(LR_ERR_UNSUPPORTED, "'%.200s': the %s backend cannot list", prefix_url,
                        sc.scheme);
    lr_model_list *list = NULL;
    if ((st = lr_model_list_new(&list)) != LR_OK)
        return st;
    st = file ? lr__file_list(prefix_url, path, list) : sc.list(sc.ctx, prefix_url, list);
    if (st != LR_OK) {
        lr_model_list_free(list);
        return st;
    }
    if (list->count > 1)
        qsort(list->items, list->count, sizeof *list->items, by_url);
    *out = list;
    return LR_OK;
}

size_t lr_model_list_count(const lr_model_list *l) { return l ? l->count : 0; }

const char *lr_model_list_url(const lr_model_list *l, size_t i)
{
    return l && i < l->count ? l->items[i].url : NULL;
}

long long lr_model_list_size(const lr_model_list *l, size_t i)
{
    return l && i < l->count ? l->items[i].size : -1;
}

const char *lr_model_list_modified(const lr_model_list *l, size_t i)
{
    return l && i < l->count ? l->items[i].modified : NULL;
}

void lr_model_list_free(lr_model_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].url);
        free(l->items[i].modified);
    }
    free(l->items);
    free(l);
}
