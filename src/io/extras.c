/* The persistence state of a model: design description, opaque JSON
 * sections, user metadata and the getters of the fingerprint. */
#include "json_util.h"
#include "persist.h"

#include <stdlib.h>
#include <string.h>

void lr__persist_free(void *ptr)
{
    lr_persist *p = ptr;
    if (!p)
        return;
    free(p->fp_cols);
    free(p->response);
    free(p->formula);
    for (int s = 0; s < LR_SECTION_COUNT_; s++)
        free(p->sections[s]);
    for (size_t i = 0; i < p->n_meta; i++) {
        free(p->meta_keys[i]);
        free(p->meta_values[i]);
    }
    free(p->meta_keys);
    free(p->meta_values);
    free(p->created);
    free(p->doc_library_version);
    free(p);
}

lr_persist *lr__persist_of(const lr_model *cm, int create)
{
    lr_model *m = (lr_model *)cm; /* the state is attached lazily, as a cache would be */
    if (m->persist || !create)
        return m->persist;
    lr_persist *p = calloc(1, sizeof *p);
    if (!p) {
        lr__fail(LR_ERR_NOMEM, "cannot allocate the model's persistence state");
        return NULL;
    }
    m->persist = p;
    m->persist_free = lr__persist_free;
    return p;
}

lr_status lr__persist_set_string(char **slot, const char *value)
{
    char *copy = NULL;
    if (value && !(copy = lr__strdup(value)))
        return lr__fail(LR_ERR_NOMEM, "cannot copy a string of %zu bytes", strlen(value));
    free(*slot);
    *slot = copy;
    return LR_OK;
}

lr_status lr_model_set_design(lr_model *m, const char *response, const char *formula)
{
    lr__clear_error();
    if (!m)
        return lr__fail(LR_ERR_INVALID_ARG, "model must not be NULL");
    lr_persist *p = lr__persist_of(m, 1);
    if (!p)
        return LR_ERR_NOMEM;
    lr_status st = lr__persist_set_string(&p->response, response);
    if (st == LR_OK)
        st = lr__persist_set_string(&p->formula, formula);
    return st;
}

const char *lr_model_response_name(const lr_model *m)
{
    lr_persist *p = m ? lr__persist_of(m, 0) : NULL;
    return p ? p->response : NULL;
}

const char *lr_model_formula(const lr_model *m)
{
    lr_persist *p = m ? lr__persist_of(m, 0) : NULL;
    return p ? p->formula : NULL;
}

static const char *const section_names[LR_SECTION_COUNT_] = {
    "design.terms", "robust", "diagnostics", "report",
};

lr_status lr__robust_check(const lr_model *m, const cJSON *robust)
{
    if (!cJSON_IsArray(robust))
        return lr__fail(LR_ERR_PARSE, "robust: expected an array of robust coefficient tables");
    int i = 0;
    for (const cJSON *t = robust->child; t; t = t->next, i++) {
        if (!cJSON_IsObject(t))
            return lr__fail(LR_ERR_PARSE, "robust[%d]: expected an object", i);
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(t, "type");
        if (!cJSON_IsString(type) || !type->valuestring[0])
            return lr__fail(LR_ERR_PARSE, "robust[%d].type: expected a non-empty string", i);
        const cJSON *coefs = cJSON_GetObjectItemCaseSensitive(t, "coefficients");
        if (!coefs)
            continue;
        if (!cJSON_IsArray(coefs))
            return lr__fail(LR_ERR_PARSE, "robust[%d].coefficients: expected an array", i);
        size_t n = (size_t)cJSON_GetArraySize(coefs);
        if (n != m->p)
            return lr__fail(LR_ERR_DIMENSION,
                            "robust[%d].coefficients: %zu entries but the model has %zu "
                            "coefficients", i, n, m->p);
        size_t j = 0;
        for (const cJSON *c = coefs->child; c; c = c->next, j++) {
            const cJSON *name = cJSON_IsObject(c) ? cJSON_GetObjectItemCaseSensitive(c, "name")
                                                  : NULL;
            if (!cJSON_IsString(name))
                return lr__fail(LR_ERR_PARSE, "robust[%d].coefficients[%zu].name: expected a string",
                                i, j);
            if (strcmp(name->valuestring, m->names[j]))
                return lr__fail(LR_ERR_PARSE,
                                "robust[%d].coefficients[%zu].name: '%s' but coefficient %zu is '%s'",
                                i, j, name->valuestring, j + 1, m->names[j]);
        }
    }
    return LR_OK;
}

lr_status lr_model_set_section(lr_model *m, lr_section section, const char *json)
{
    lr__clear_error();
    if (!m)
        return lr__fail(LR_ERR_INVALID_ARG, "model must not be NULL");
    if ((int)section < 0 || section >= LR_SECTION_COUNT_)
        return lr__fail(LR_ERR_INVALID_ARG, "unknown section %d", (int)section);
    lr_persist *p = lr__persist_of(m, 1);
    if (!p)
        return LR_ERR_NOMEM;
    if (!json) {
        free(p->sections[section]);
        p->sections[section] = NULL;
        return LR_OK;
    }
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithOpts(json, &end, 1);
    if (!doc)
        return lr__fail(LR_ERR_PARSE, "%s: not valid JSON near byte %td", section_names[section],
                        end ? end - json : (ptrdiff_t)0);
    lr_status st = LR_OK;
    if (section == LR_SECTION_ROBUST)
        st = lr__robust_check(m, doc);
    char *text = NULL;
    if (st == LR_OK && !(text = lr__json_compact_exact(doc)))
        st = lr__fail(LR_ERR_NOMEM, "cannot copy the %s section", section_names[section]);
    cJSON_Delete(doc);
    if (st == LR_OK) {
        free(p->sections[section]);
        p->sections[section] = text;
    }
    return st;
}

const char *lr_model_section(const lr_model *m, lr_section section)
{
    lr_persist *p = m ? lr__persist_of(m, 0) : NULL;
    if (!p || (int)section < 0 || section >= LR_SECTION_COUNT_)
        return NULL;
    return p->sections[section];
}

static long meta_find(const lr_persist *p, const char *key)
{
    for (size_t i = 0; i < p->n_meta; i++)
        if (!strcmp(p->meta_keys[i], key))
            return (long)i;
    return -1;
}

lr_status lr_model_set_metadata(lr_model *m, const char *key, const char *value)
{
    lr__clear_error();
    if (!m || !key)
        return lr__fail(LR_ERR_INVALID_ARG, "model and key must not be NULL");
    if (!key[0])
        return lr__fail(LR_ERR_INVALID_ARG, "metadata keys must not be empty");
    lr_persist *p = lr__persist_of(m, 1);
    if (!p)
        return LR_ERR_NOMEM;
    long at = meta_find(p, key);
    if (!value) {
        if (at < 0)
            return LR_OK;
        free(p->meta_keys[at]);
        free(p->meta_values[at]);
        memmove(p->meta_keys + at, p->meta_keys + at + 1, (p->n_meta - (size_t)at - 1) * sizeof(char *));
        memmove(p->meta_values + at, p->meta_values + at + 1,
                (p->n_meta - (size_t)at - 1) * sizeof(char *));
        p->n_meta--;
        return LR_OK;
    }
    if (at >= 0)
        return lr__persist_set_string(&p->meta_values[at], value);
    if (p->n_meta == p->cap_meta) {
        size_t cap = p->cap_meta ? 2 * p->cap_meta : 8;
        char **k = realloc(p->meta_keys, cap * sizeof(char *));
        if (k)
            p->meta_keys = k;
        char **v = k ? realloc(p->meta_values, cap * sizeof(char *)) : NULL;
        if (v)
            p->meta_values = v;
        if (!k || !v)
            return lr__fail(LR_ERR_NOMEM, "cannot grow the metadata table");
        p->cap_meta = cap;
    }
    char *k = lr__strdup(key), *v = lr__strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return lr__fail(LR_ERR_NOMEM, "cannot copy metadata '%s'", key);
    }
    p->meta_keys[p->n_meta] = k;
    p->meta_values[p->n_meta] = v;
    p->n_meta++;
    return LR_OK;
}

const char *lr_model_metadata(const lr_model *m, const char *key)
{
    lr_persist *p = m && key ? lr__persist_of(m, 0) : NULL;
    long at = p ? meta_find(p, key) : -1;
    return at >= 0 ? p->meta_values[at] : NULL;
}

size_t lr_model_metadata_count(const lr_model *m)
{
    lr_persist *p = m ? lr__persist_of(m, 0) : NULL;
    return p ? p->n_meta : 0;
}

const char *lr_model_metadata_key(const lr_model *m, size_t i)
{
    lr_persist *p = m ? lr__persist_of(m, 0) : NULL;
    return p && i < p->n_meta ? p->meta_keys[i] : NULL;
}

lr_status lr_model_fingerprint(const lr_model *m, char hex[65])
{
    lr__clear_error();
    if (!m || !hex)
        return lr__fail(LR_ERR_INVALID_ARG, "model and hex must not be NULL");
    lr_persist tmp;
    const lr_persist *p = NULL;
    lr_status st = lr__fingerprint_resolve(m, &tmp, &p);
    if (st == LR_OK && (!p || !p->has_sha256))
        st = lr__fail(LR_ERR_NO_DATA, "the model has no training-data fingerprint "
                                      "(a streamed fit never holds all rows)");
    if (st == LR_OK)
        memcpy(hex, p->sha256, 65);
    free(tmp.fp_cols);
    return st;
}

lr_status lr_model_column_summary(const lr_model *m, size_t j, double *mean, double *min,
                                  double *max)
{
    lr__clear_error();
    if (!m)
        return lr__fail(LR_ERR_INVALID_ARG, "model must not be NULL");
    lr_persist tmp;
    const lr_persist *p = NULL;
    lr_status st = lr__fingerprint_resolve(m, &tmp, &p);
    if (st == LR_OK && (!p || !p->has_fingerprint))
        st = lr__fail(LR_ERR_NO_DATA, "the model has no training-column summaries");
    if (st == LR_OK && j >= p->fp_ncols)
        st = lr__fail(LR_ERR_INVALID_ARG, "column %zu is out of range (the model has %zu "
                                          "predictors and the response)", j, p->fp_ncols);
    if (st == LR_OK) {
        if (mean)
            *mean = p->fp_cols[j].mean;
        if (min)
            *min = p->fp_cols[j].min;
        if (max)
            *max = p->fp_cols[j].max;
    }
    free(tmp.fp_cols);
    return st;
}

const char *lr_model_created(const lr_model *m)
{
    lr_persist *p = m ? lr__persist_of(m, 0) : NULL;
    return p ? p->created : NULL;
}

const char *lr_model_document_version(const lr_model *m)
{
    lr_persist *p = m ? lr__persist_of(m, 0) : NULL;
    return p ? p->doc_library_version : NULL;
}
