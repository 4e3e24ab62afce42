/* lr_model_to_json: the persisted model document (docs/persistence.md). */
#include "doc_checksum.h"
#include "json_util.h"
#include "persist.h"
#include "../design/design_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void utc_now(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    if (gmtime_r(&t, &tm))
        strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    else
        strcpy(buf, "1970-01-01T00:00:00Z");
}

/* Adds a section stored as exact compact JSON text verbatim. */
static int add_raw(cJSON *obj, const char *name, const char *text)
{
    cJSON *raw = cJSON_CreateRaw(text);
    if (!raw)
        return -1;
    if (!cJSON_AddItemToObject(obj, name, raw)) {
        cJSON_Delete(raw);
        return -1;
    }
    return 0;
}

static int add_design(const lr_model *m, const lr_persist *ps, cJSON *root)
{
    cJSON *d = cJSON_AddObjectToObject(root, "design");
    if (!d)
        return -1;
    int bad = 0;
    const char *response = ps && ps->response ? ps->response
                           : m->design         ? lr_design_response(m->design)
                                               : NULL;
    if (response)
        bad |= !cJSON_AddStringToObject(d, "response", response);
    else
        bad |= !cJSON_AddNullToObject(d, "response");
    bad |= !cJSON_AddBoolToObject(d, "intercept", m->intercept);
    cJSON *cols = cJSON_AddArrayToObject(d, "columns");
    bad |= !cols;
    for (size_t j = 0; j < m->k && !bad; j++) {
        cJSON *s = cJSON_CreateString(m->names[j + (size_t)m->intercept]);
        if (!s || !cJSON_AddItemToArray(cols, s)) {
            cJSON_Delete(s);
            bad = 1;
        }
    }
    const char *formula = ps && ps->formula ? ps->formula
                          : m->design            ? lr_design_formula(m->design)
                                                 : NULL;
    if (!bad && formula)
        bad |= !cJSON_AddStringToObject(d, "formula", formula);
    if (!bad && m->design) {
        /* A formula fit: its specification (variables, coding, levels,
         * polynomial coefficients), enough to build the design of new data. */
        cJSON *terms = cJSON_AddObjectToObject(d, "terms");
        bad |= !terms || lr__design_spec_to_json(m->design, terms) != LR_OK;
    } else if (!bad && ps && ps->sections[LR_SECTION_TERMS]) {
        bad |= add_raw(d, "terms", ps->sections[LR_SECTION_TERMS]) != 0;
    }
    return bad ? -1 : 0;
}

static int add_state(const lr_model *m, cJSON *root)
{
    cJSON *s = cJSON_AddObjectToObject(root, "state");
    if (!s)
        return -1;
    int bad = 0;
    bad |= lr__json_add_number(s, "n_used", m->n_used);
    bad |= lr__json_add_number(s, "rss", m->rss);
    bad |= lr__json_add_number(s, "mss", m->mss);
    bad |= lr__json_add_number(s, "sum_log_w", m->sum_log_w);
    bad |= lr__json_add_number(s, "condition_number", m->cond);
    bad |= !cJSON_AddBoolToObject(s, "refined", m->refined);
    /* The scaled triangular factor (upper triangle by rows) of the
     * non-aliased columns; absent when the model holds none. */
    if (!bad && m->rfac && m->rscale) {
        cJSON *sc = cJSON_AddArrayToObject(s, "r_scale");
        cJSON *r = cJSON_AddArrayToObject(s, "r_factor");
        bad |= !sc || !r;
        for (size_t a = 0; a < m->rank && !bad; a++) {
            bad |= lr__json_append_number(sc, m->rscale[a]);
            cJSON *row = cJSON_CreateArray();
            if (!row || !cJSON_AddItemToArray(r, row)) {
                cJSON_Delete(row);
                bad = 1;
                break;
            }
            for (size_t b = a; b < m->rank && !bad; b++)
                bad |= lr__json_append_number(row, m->rfac[a + b * m->rank]);
        }
    }
    return bad ? -1 : 0;
}

static int add_vcov(const lr_model *m, cJSON *root)
{
    cJSON *v = cJSON_AddArrayToObject(root, "vcov");
    if (!v)
        return -1;
    for (size_t i = 0; i < m->p; i++) {
        cJSON *row = cJSON_CreateArray();
        if (!row || !cJSON_AddItemToArray(v, row)) {
            cJSON_Delete(row);
            return -1;
        }
        for (size_t j = 0; j < m->p; j++)
            if (lr__json_append_number(row, m->vcov[i * m->p + j]))
                return -1;
    }
    return 0;
}

/* The training section: the response name comes from the model's own
 * persistence state (names), the fingerprint from lr__fingerprint_resolve. */
static int add_training(const lr_model *m, const lr_persist *names, const lr_persist *ps,
                        cJSON *root)
{
    if (!ps || !ps->has_fingerprint)
        return 0;
    cJSON *t = cJSON_AddObjectToObject(root, "training");
    if (!t)
        return -1;
    int bad = 0;
    bad |= lr__json_add_number(t, "rows", ps->fp_rows);
    bad |= !cJSON_AddBoolToObject(t, "weighted", ps->fp_weighted);
    bad |= !cJSON_AddStringToObject(t, "encoding", "linreg.fingerprint/1");
    if (ps->has_sha256)
        bad |= !cJSON_AddStringToObject(t, "sha256", ps->sha256);
    else
        bad |= !cJSON_AddNullToObject(t, "sha256");
    cJSON *cols = bad ? NULL : cJSON_AddArrayToObject(t, "columns");
    bad |= !cols;
    for (size_t j = 0; j < ps->fp_ncols && !bad; j++) {
        cJSON *c = cJSON_CreateObject();
        if (!c || !cJSON_AddItemToArray(cols, c)) {
            cJSON_Delete(c);
            return -1;
        }
        const int response = j == m->k;
        const char *resp_name = names && names->response ? names->response
                                : m->design              ? lr_design_response(m->design)
                                                         : NULL;
        const char *name = response ? (resp_name ? resp_name : "(response)")
                                    : m->names[j + (size_t)m->intercept];
        bad |= !cJSON_AddStringToObject(c, "name", name);
        bad |= !cJSON_AddStringToObject(c, "role", response ? "response" : "predictor");
        bad |= lr__json_add_number(c, "mean", ps->fp_cols[j].mean);
        bad |= lr__json_add_number(c, "min", ps->fp_cols[j].min);
        bad |= lr__json_add_number(c, "max", ps->fp_cols[j].max);
    }
    return bad ? -1 : 0;
}

static int add_metadata(const lr_persist *ps, cJSON *root)
{
    cJSON *md = cJSON_AddObjectToObject(root, "metadata");
    if (!md)
        return -1;
    for (size_t i = 0; ps && i < ps->n_meta; i++)
        if (!cJSON_AddStringToObject(md, ps->meta_keys[i], ps->meta_values[i]))
            return -1;
    return 0;
}

lr_status lr_model_to_json(const lr_model *m, unsigned flags, char **json)
{
    lr__clear_error();
    if (!m || !json)
        return lr__fail(LR_ERR_INVALID_ARG, "model and json must not be NULL");
    *json = NULL;
    if (flags & ~LR_JSON_COMPACT)
        return lr__fail(LR_ERR_INVALID_ARG, "unknown flags 0x%x", flags & ~LR_JSON_COMPACT);
    const lr_persist *ps = lr__persist_of(m, 0);
    char created[32], version[16];
    if (ps && ps->created)
        lr__snprintf_c(created, sizeof created, "%.31s", ps->created);
    else
        utc_now(created);
    lr__snprintf_c(version, sizeof version, "%d.%d", LR_MODEL_SCHEMA_MAJOR, LR_MODEL_SCHEMA_MINOR);

    cJSON *root = cJSON_CreateObject();
    int bad = !root;
    bad = bad || !cJSON_AddStringToObject(root, "schema", LR_MODEL_SCHEMA);
    bad = bad || !cJSON_AddStringToObject(root, "schema_version", version);
    bad = bad || !cJSON_AddStringToObject(root, "library_version", lr_version());
    bad = bad || !cJSON_AddStringToObject(root, "created", created);
    bad = bad || add_design(m, ps, root);
    if (!bad && m->call)
        bad = !cJSON_AddStringToObject(root, "call", m->call);
    bad = bad || lr__json_add_number(root, "level", m->level);
    lr_status st = LR_OK;
    if (!bad) {
        /* Coefficient table and fit statistics, exactly as the CLI's JSON. */
        st = lr__results_to_json(m, m->level, root);
        if (st != LR_OK) {
            cJSON_Delete(root);
            return st;
        }
    }
    bad = bad || add_state(m, root);
    bad = bad || add_vcov(m, root);
    if (!bad && ps && ps->sections[LR_SECTION_ROBUST])
        bad = add_raw(root, "robust", ps->sections[LR_SECTION_ROBUST]);
    if (!bad) {
        lr_persist tmp;
        const lr_persist *fp = NULL;
        st = lr__fingerprint_resolve(m, &tmp, &fp);
        if (st != LR_OK) {
            cJSON_Delete(root);
            return st;
        }
        bad = add_training(m, ps, fp, root);
        free(tmp.fp_cols);
    }
    if (!bad && ps && ps->sections[LR_SECTION_DIAGNOSTICS])
        bad = add_raw(root, "diagnostics", ps->sections[LR_SECTION_DIAGNOSTICS]);
    if (!bad && ps && ps->sections[LR_SECTION_REPORT])
        bad = add_raw(root, "report", ps->sections[LR_SECTION_REPORT]);
    bad = bad || add_metadata(ps, root);
    const int formatted = !(flags & LR_JSON_COMPACT);
    char *text = bad ? NULL : (formatted ? cJSON_Print(root) : cJSON_PrintUnformatted(root));
    cJSON_Delete(root);
    if (!text)
        return lr__fail(LR_ERR_NOMEM, "cannot build the model document");
    char *doc = lr__doc_add_checksum(text, formatted);
    cJSON_free(text);
    if (!doc)
        return lr__fail(LR_ERR_NOMEM, "cannot build the model document");
    *json = doc;
    return LR_OK;
}
