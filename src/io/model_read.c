/* lr_model_from_json: reads and validates a model document. Every member
 * is checked before use and every failure names the member's path, so a
 * truncated or hand-edited document gives a status and a sentence, never a
 * crash or a silently different model. */
#include "doc_checksum.h"
#include "json_util.h"
#include "persist.h"
#include "../design/design_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- typed member access; path is the member's name for messages ---- */

static const cJSON *member(const cJSON *obj, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(obj, name);
}

static lr_status want_object(const cJSON *item, const char *path)
{
    if (!item)
        return lr__fail(LR_ERR_PARSE, "%s: missing", path);
    if (!cJSON_IsObject(item))
        return lr__fail(LR_ERR_PARSE, "%s: expected an object", path);
    return LR_OK;
}

static lr_status want_array(const cJSON *item, const char *path, size_t len)
{
    if (!item)
        return lr__fail(LR_ERR_PARSE, "%s: missing", path);
    if (!cJSON_IsArray(item))
        return lr__fail(LR_ERR_PARSE, "%s: expected an array", path);
    size_t n = (size_t)cJSON_GetArraySize(item);
    if (len != (size_t)-1 && n != len)
        return lr__fail(LR_ERR_DIMENSION, "%s: expected %zu entries, found %zu", path, len, n);
    return LR_OK;
}

static lr_status want_string(const cJSON *item, const char *path, const char **out)
{
    if (!item)
        return lr__fail(LR_ERR_PARSE, "%s: missing", path);
    if (!cJSON_IsString(item) || !item->valuestring)
        return lr__fail(LR_ERR_PARSE, "%s: expected a string", path);
    *out = item->valuestring;
    return LR_OK;
}

static lr_status want_bool(const cJSON *item, const char *path, int *out)
{
    if (!item)
        return lr__fail(LR_ERR_PARSE, "%s: missing", path);
    if (!cJSON_IsBool(item))
        return lr__fail(LR_ERR_PARSE, "%s: expected true or false", path);
    *out = cJSON_IsTrue(item);
    return LR_OK;
}

/* A finite number; null allowed (as NaN) when nullable. */
static lr_status want_number(const cJSON *item, const char *path, int nullable, double *out)
{
    if (!item)
        return lr__fail(LR_ERR_PARSE, "%s: missing", path);
    if (nullable && cJSON_IsNull(item)) {
        *out = NAN;
        return LR_OK;
    }
    if (!cJSON_IsNumber(item))
        return lr__fail(LR_ERR_PARSE, "%s: expected a number%s", path, nullable ? " or null" : "");
    if (!isfinite(item->valuedouble))
        return lr__fail(LR_ERR_NONFINITE, "%s: %s is not a finite number", path,
                        item->valuedouble > 0 ? "+Inf" : "-Inf");
    *out = item->valuedouble;
    return LR_OK;
}

/* A count: a finite non-negative whole number up to 2^53. */
static lr_status want_count(const cJSON *item, const char *path, double *out)
{
    lr_status st = want_number(item, path, 0, out);
    if (st == LR_OK && !(*out >= 0 && *out <= 9007199254740992.0 && floor(*out) == *out))
        return lr__fail(LR_ERR_PARSE, "%s: expected a whole number >= 0, got %.17g", path, *out);
    return st;
}

static int is_hex64(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return 0;
    return n == 64;
}

/* Whether text ends inside an unfinished string, object or array. */
static int unfinished(const char *s, size_t len)
{
    long depth = 0;
    int in_string = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return in_string || depth > 0;
}

/* ---- the sections ---- */

typedef struct reader {
    const cJSON *root;
    lr_model *m;
    lr_persist *ps;
    size_t k;
    int intercept;
    char **columns; /* borrowed from the cJSON tree */
} reader;

static lr_status read_version(const cJSON *root)
{
    const char *schema, *version;
    lr_status st = want_string(member(root, "schema"), "schema", &schema);
    if (st != LR_OK) {
        lr__error_context("not a linreg model document");
        return st;
    }
    if (strcmp(schema, LR_MODEL_SCHEMA))
        return lr__fail(LR_ERR_PARSE, "schema: \"%.64s\" is not \"%s\" (not a linreg model document)",
                        schema, LR_MODEL_SCHEMA);
    if ((st = want_string(member(root, "schema_version"), "schema_version", &version)) != LR_OK)
        return st;
    char *end;
    long major = strtol(version, &end, 10);
    if (end == version || *end != '.' || end[1] < '0' || end[1] > '9')
        return lr__fail(LR_ERR_PARSE, "schema_version: \"%.32s\" is not MAJOR.MINOR", version);
    if (major != LR_MODEL_SCHEMA_MAJOR)
        return lr__fail(LR_ERR_VERSION,
                        "schema_version: %.32s is not supported: linreg %s reads %s %d.x "
                        "documents", version, lr_version(), LR_MODEL_SCHEMA, LR_MODEL_SCHEMA_MAJOR);
    return LR_OK;
}

static lr_status read_design(reader *r)
{
    const cJSON *d = member(r->root, "design");
    lr_status st = want_object(d, "design");
    if (st != LR_OK)
        return st;
    if ((st = want_bool(member(d, "intercept"), "design.intercept", &r->intercept)) != LR_OK)
        return st;
    const cJSON *cols = member(d, "columns");
    if ((st = want_array(cols, "design.columns", (size_t)-1)) != LR_OK)
        return st;
    r->k = (size_t)cJSON_GetArraySize(cols);
    if (r->k == 0 && !r->intercept)
        return lr__fail(LR_ERR_PARSE, "design: no columns and no intercept");
    r->columns = lr__calloc(r->k, sizeof(char *));
    if (!r->columns)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu column names", r->k);
    size_t j = 0;
    for (const cJSON *c = cols->child; c; c = c->next, j++) {
        char path[48];
        lr__snprintf_c(path, sizeof path, "design.columns[%zu]", j);
        const char *name;
        if ((st = want_string(c, path, &name)) != LR_OK)
            return st;
        r->columns[j] = (char *)name;
    }
    return LR_OK;
}

static lr_status read_optional_string(const cJSON *obj, const char *name, const char *path,
                                      char **slot)
{
    const cJSON *item = member(obj, name);
    if (!item || cJSON_IsNull(item))
        return LR_OK;
    const char *s;
    lr_status st = want_string(item, path, &s);
    return st == LR_OK ? lr__persist_set_string(slot, s) : st;
}

static lr_status keep_section(reader *r, const cJSON *item, lr_section which)
{
    if (!item)
        return LR_OK;
    char *text = lr__json_compact_exact(item);
    if (!text)
        return lr__fail(LR_ERR_NOMEM, "cannot copy a document section");
    free(r->ps->sections[which]);
    r->ps->sections[which] = text;
    return LR_OK;
}

static lr_status read_coefficients(reader *r)
{
    lr_model *m = r->m;
    const cJSON *coefs = member(r->root, "coefficients");
    lr_status st = want_array(coefs, "coefficients", m->p);
    if (st != LR_OK)
        return st;
    static const char *const numeric[] = {"std_error", "t_value", "p_value", "ci_low", "ci_high"};
    size_t j = 0, rank = 0;
    for (const cJSON *c = coefs->child; c; c = c->next, j++) {
        char path[96];
        lr__snprintf_c(path, sizeof path, "coefficients[%zu]", j);
        if ((st = want_object(c, path)) != LR_OK)
            return st;
        const char *name;
        lr__snprintf_c(path, sizeof path, "coefficients[%zu].name", j);
        if ((st = want_string(member(c, "name"), path, &name)) != LR_OK)
            return st;
        if (strcmp(name, m->names[j]))
            return lr__fail(LR_ERR_PARSE, "%s: \"%.64s\" but %s \"%.64s\"", path, name,
                            m->intercept && j == 0 ? "the design has an intercept, named"
                                                   : "the design's column is",
                            m->names[j]);
        int aliased;
        lr__snprintf_c(path, sizeof path, "coefficients[%zu].aliased", j);
        if ((st = want_bool(member(c, "aliased"), path, &aliased)) != LR_OK)
            return st;
        double est, v;
        lr__snprintf_c(path, sizeof path, "coefficients[%zu].estimate", j);
        if ((st = want_number(member(c, "estimate"), path, aliased, &est)) != LR_OK)
            return st;
        if (aliased && !isnan(est))
            return lr__fail(LR_ERR_PARSE, "%s: an aliased coefficient has no estimate (null)", path);
        for (size_t q = 0; q < sizeof numeric / sizeof numeric[0]; q++) {
            lr__snprintf_c(path, sizeof path, "coefficients[%zu].%s", j, numeric[q]);
            if ((st = want_number(member(c, numeric[q]), path, 1, &v)) != LR_OK)
                return st;
        }
        m->aliased[j] = (unsigned char)aliased;
        m->coef[j] = est;
        rank += !aliased;
    }
    m->rank = rank;
    m->keep = lr__calloc(rank, sizeof(size_t));
    if (!m->keep)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the model");
    for (size_t a = 0, q = 0; q < m->p; q++)
        if (!m->aliased[q])
            m->keep[a++] = q;
    return LR_OK;
}

static lr_status read_state(reader *r)
{
    lr_model *m = r->m;
    const cJSON *s = member(r->root, "state");
    lr_status st = want_object(s, "state");
    if (st != LR_OK)
        return st;
    if ((st = want_count(member(s, "n_used"), "state.n_used", &m->n_used)) != LR_OK ||
        (st = want_number(member(s, "rss"), "state.rss", 0, &m->rss)) != LR_OK ||
        (st = want_number(member(s, "mss"), "state.mss", 0, &m->mss)) != LR_OK ||
        (st = want_number(member(s, "sum_log_w"), "state.sum_log_w", 0, &m->sum_log_w)) != LR_OK ||
        (st = want_number(member(s, "condition_number"), "state.condition_number", 1, &m->cond)) !=
            LR_OK ||
        (st = want_bool(member(s, "refined"), "state.refined", &m->refined)) != LR_OK)
        return st;
    if (m->rss < 0 || m->mss < 0)
        return lr__fail(LR_ERR_PARSE, "state.%s: a sum of squares cannot be negative",
                        m->rss < 0 ? "rss" : "mss");
    if (m->n_used < (double)m->rank)
        return lr__fail(LR_ERR_PARSE, "state.n_used: %.0f rows cannot estimate %zu coefficients",
                        m->n_used, m->rank);
    const cJSON *sc = member(s, "r_scale"), *rf = member(s, "r_factor");
    if (!sc && !rf)
        return LR_OK;
    if ((st = want_array(sc, "state.r_scale", m->rank)) != LR_OK ||
        (st = want_array(rf, "state.r_factor", m->rank)) != LR_OK)
        return st;
    m->rscale = lr__calloc(m->rank, sizeof(double));
    m->rfac = lr__calloc(m->rank * m->rank, sizeof(double));
    if (!m->rscale || !m->rfac)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the factor of rank %zu", m->rank);
    size_t a = 0;
    for (const cJSON *c = sc->child; c; c = c->next, a++) {
        char path[64];
        lr__snprintf_c(path, sizeof path, "state.r_scale[%zu]", a);
        if ((st = want_number(c, path, 0, &m->rscale[a])) != LR_OK)
            return st;
        if (!(m->rscale[a] > 0))
            return lr__fail(LR_ERR_PARSE, "%s: a column scale must be positive", path);
    }
    a = 0;
    for (const cJSON *row = rf->child; row; row = row->next, a++) {
        char path[64];
        lr__snprintf_c(path, sizeof path, "state.r_factor[%zu]", a);
        if ((st = want_array(row, path, m->rank - a)) != LR_OK)
            return st;
        size_t b = a;
        for (const cJSON *c = row->child; c; c = c->next, b++) {
            lr__snprintf_c(path, sizeof path, "state.r_factor[%zu][%zu]", a, b - a);
            if ((st = want_number(c, path, 0, &m->rfac[a + b * m->rank])) != LR_OK)
                return st;
        }
        if (m->rfac[a + a * m->rank] == 0.0)
            return lr__fail(LR_ERR_PARSE, "state.r_factor[%zu][0]: a diagonal element is zero", a);
    }
    return LR_OK;
}

static lr_status read_vcov(reader *r)
{
    lr_model *m = r->m;
    const size_t p = m->p;
    const int defined = m->n_used - (double)m->rank > 0;
    const cJSON *v = member(r->root, "vcov");
    lr_status st = want_array(v, "vcov", p);
    if (st != LR_OK)
        return st;
    size_t i = 0;
    for (const cJSON *row = v->child; row; row = row->next, i++) {
        char path[64];
        lr__snprintf_c(path, sizeof path, "vcov[%zu]", i);
        if ((st = want_array(row, path, p)) != LR_OK)
            return st;
        size_t j = 0;
        for (const cJSON *c = row->child; c; c = c->next, j++) {
            lr__snprintf_c(path, sizeof path, "vcov[%zu][%zu]", i, j);
            const int needed = defined && !m->aliased[i] && !m->aliased[j];
            double x;
            if ((st = want_number(c, path, !needed, &x)) != LR_OK)
                return st;
            if (!needed && !isnan(x))
                return lr__fail(LR_ERR_PARSE, "%s: expected null (%s)", path,
                                defined ? "an aliased coefficient has no covariance"
                                        : "no residual degrees of freedom");
            m->vcov[i * p + j] = x;
        }
    }
    if (!defined)
        return LR_OK;
    for (size_t a = 0; a < p; a++) {
        if (m->aliased[a])
            continue;
        double vaa = m->vcov[a * p + a];
        if (vaa < 0)
            return lr__fail(LR_ERR_PARSE, "vcov[%zu][%zu]: a variance cannot be negative", a, a);
        for (size_t b = a + 1; b < p; b++) {
            if (m->aliased[b])
                continue;
            double x = m->vcov[a * p + b], y = m->vcov[b * p + a];
            double tol = 1e-9 * sqrt(vaa * m->vcov[b * p + b]);
            if (!(fabs(x - y) <= tol))
                return lr__fail(LR_ERR_PARSE, "vcov[%zu][%zu]: %.17g differs from vcov[%zu][%zu] "
                                              "= %.17g (not symmetric)", a, b, x, b, a, y);
        }
    }
    return LR_OK;
}

/* The coefficient table's std_error must be sqrt of the covariance diagonal. */
static lr_status check_std_errors(reader *r)
{
    lr_model *m = r->m;
    const cJSON *coefs = member(r->root, "coefficients");
    size_t j = 0;
    for (const cJSON *c = coefs->child; c; c = c->next, j++) {
        double se = member(c, "std_error")->valuedouble;
        int null_se = cJSON_IsNull(member(c, "std_error"));
        double want = sqrt(m->vcov[j * m->p + j]);
        if (isnan(want) ? !null_se : (null_se || !(fabs(se - want) <= 1e-12 * want)))
            return lr__fail(LR_ERR_PARSE, "coefficients[%zu].std_error: %s disagrees with "
                                          "sqrt(vcov[%zu][%zu]) = %.17g", j,
                            null_se ? "null" : "the value", j, j, want);
    }
    return LR_OK;
}

static lr_status read_fit(reader *r)
{
    const cJSON *f = member(r->root, "fit");
    lr_status st = want_object(f, "fit");
    if (st != LR_OK)
        return st;
    double n, rank;
    if ((st = want_count(member(f, "n"), "fit.n", &n)) != LR_OK ||
        (st = want_count(member(f, "rank"), "fit.rank", &rank)) != LR_OK)
        return st;
    if (n != r->m->n_used)
        return lr__fail(LR_ERR_PARSE, "fit.n: %.0f but state.n_used is %.0f", n, r->m->n_used);
    if (rank != (double)r->m->rank)
        return lr__fail(LR_ERR_PARSE, "fit.rank: %.0f but %zu coefficients are not aliased", rank,
                        r->m->rank);
    return LR_OK;
}

static lr_status read_training(reader *r)
{
    const cJSON *t = member(r->root, "training");
    if (!t || cJSON_IsNull(t))
        return LR_OK;
    lr_status st = want_object(t, "training");
    lr_persist *ps = r->ps;
    const char *sha = NULL;
    if (st == LR_OK)
        st = want_count(member(t, "rows"), "training.rows", &ps->fp_rows);
    if (st == LR_OK)
        st = want_bool(member(t, "weighted"), "training.weighted", &ps->fp_weighted);
    const cJSON *hash = member(t, "sha256");
    if (st == LR_OK && hash && !cJSON_IsNull(hash)) {
        if ((st = want_string(hash, "training.sha256", &sha)) == LR_OK && !is_hex64(sha))
            st = lr__fail(LR_ERR_PARSE, "training.sha256: expected 64 lower-case hex digits");
    }
    const cJSON *cols = member(t, "columns");
    if (st == LR_OK)
        st = want_array(cols, "training.columns", r->k + 1);
    if (st != LR_OK)
        return st;
    ps->fp_cols = lr__calloc(r->k + 1, sizeof *ps->fp_cols);
    if (!ps->fp_cols)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the column summaries");
    size_t j = 0;
    for (const cJSON *c = cols->child; c; c = c->next, j++) {
        char path[96];
        lr__snprintf_c(path, sizeof path, "training.columns[%zu]", j);
        if ((st = want_object(c, path)) != LR_OK)
            return st;
        const char *name;
        lr__snprintf_c(path, sizeof path, "training.columns[%zu].name", j);
        if ((st = want_string(member(c, "name"), path, &name)) != LR_OK)
            return st;
        if (j < r->k && strcmp(name, r->columns[j]))
            return lr__fail(LR_ERR_PARSE, "%s: \"%.64s\" but design.columns[%zu] is \"%.64s\"", path,
                            name, j, r->columns[j]);
        const cJSON *resp = member(member(r->root, "design"), "response");
        if (j == r->k && cJSON_IsString(resp) && strcmp(name, resp->valuestring))
            return lr__fail(LR_ERR_PARSE, "%s: \"%.64s\" but design.response is \"%.64s\"", path, name,
                            resp->valuestring);
        lr_col_summary *s = &ps->fp_cols[j];
        static const char *const keys[3] = {"mean", "min", "max"};
        double *dst[3] = {&s->mean, &s->min, &s->max};
        for (int q = 0; q < 3; q++) {
            lr__snprintf_c(path, sizeof path, "training.columns[%zu].%s", j, keys[q]);
            if ((st = want_number(member(c, keys[q]), path, 0, dst[q])) != LR_OK)
                return st;
        }
        if (!(s->min <= s->max))
            return lr__fail(LR_ERR_PARSE, "training.columns[%zu]: min %.17g exceeds max %.17g", j,
                            s->min, s->max);
    }
    ps->fp_ncols = r->k + 1;
    ps->has_fingerprint = 1;
    if (sha) {
        memcpy(ps->sha256, sha, 65);
        ps->has_sha256 = 1;
    }
    return LR_OK;
}

static lr_status read_metadata(reader *r)
{
    const cJSON *md = member(r->root, "metadata");
    if (!md || cJSON_IsNull(md))
        return LR_OK;
    lr_status st = want_object(md, "metadata");
    for (const cJSON *c = md ? md->child : NULL; c && st == LR_OK; c = c->next) {
        char path[96];
        lr__snprintf_c(path, sizeof path, "metadata.%.64s", c->string ? c->string : "?");
        const char *v;
        if ((st = want_string(c, path, &v)) != LR_OK)
            break;
        if (!c->string || !c->string[0])
            st = lr__fail(LR_ERR_PARSE, "metadata: keys must not be empty");
        else
            st = lr_model_set_metadata(r->m, c->string, v);
    }
    return st;
}

/* A formula fit's specification (design.terms with "variables"): rebuilt so
 * that lr_predict_frame builds the design of new data as the original did.
 * Its columns must be the document's design.columns. */
static lr_status read_formula_spec(reader *r, const cJSON *terms)
{
    if (!terms || !cJSON_IsObject(terms) || !member(terms, "variables"))
        return LR_OK;
    lr_design *spec = NULL;
    lr_status st = lr__design_spec_from_json(terms, &spec);
    if (st != LR_OK) {
        lr__error_context("design.terms");
        return st;
    }
    lr_model *m = r->m;
    int same = lr_design_ncols(spec) == m->k && lr_design_intercept(spec) == m->intercept;
    for (size_t j = 0; same && j < m->k; j++)
        same = strcmp(lr_design_column_name(spec, j), m->names[j + (size_t)m->intercept]) == 0;
    if (!same) {
        lr_design_free(spec);
        return lr__fail(LR_ERR_PARSE, "design.terms: its columns are not design.columns");
    }
    m->design = spec;
    m->design_free = lr_design_free;
    return LR_OK;
}

static lr_status read_document(reader *r)
{
    const cJSON *root = r->root;
    lr_status st;
    double level;
    if ((st = read_design(r)) != LR_OK)
        return st;
    if (!(r->m = lr__model_alloc(r->k, r->intercept, (const char *const *)r->columns)))
        return LR_ERR_NOMEM;
    lr_model *m = r->m;
    if (!(r->ps = lr__persist_of(m, 1)))
        return LR_ERR_NOMEM;
    if ((st = want_number(member(root, "level"), "level", 0, &level)) != LR_OK)
        return st;
    if (!(level > 0 && level < 1))
        return lr__fail(LR_ERR_PARSE, "level: %.17g is not inside (0, 1)", level);
    m->level = level;
    if ((st = read_coefficients(r)) != LR_OK || (st = read_state(r)) != LR_OK ||
        (st = read_vcov(r)) != LR_OK || (st = check_std_errors(r)) != LR_OK ||
        (st = read_fit(r)) != LR_OK || (st = read_training(r)) != LR_OK ||
        (st = read_metadata(r)) != LR_OK)
        return st;
    const cJSON *d = member(root, "design");
    if ((st = read_optional_string(d, "response", "design.response", &r->ps->response)) != LR_OK ||
        (st = read_optional_string(d, "formula", "design.formula", &r->ps->formula)) != LR_OK ||
        (st = read_optional_string(root, "call", "call", &m->call)) != LR_OK ||
        (st = read_optional_string(root, "created", "created", &r->ps->created)) != LR_OK ||
        (st = read_optional_string(root, "library_version", "library_version",
                                   &r->ps->doc_library_version)) != LR_OK)
        return st;
    const cJSON *robust = member(root, "robust");
    if (robust && !cJSON_IsNull(robust) && (st = lr__robust_check(m, robust)) != LR_OK)
        return st;
    if ((st = keep_section(r, member(d, "terms"), LR_SECTION_TERMS)) != LR_OK ||
        (st = keep_section(r, robust && !cJSON_IsNull(robust) ? robust : NULL, LR_SECTION_ROBUST)) !=
            LR_OK ||
        (st = keep_section(r, member(root, "diagnostics"), LR_SECTION_DIAGNOSTICS)) != LR_OK ||
        (st = keep_section(r, member(root, "report"), LR_SECTION_REPORT)) != LR_OK)
        return st;
    return read_formula_spec(r, member(d, "terms"));
}

lr_status lr_model_from_json(const char *json, size_t len, lr_model **out)
{
    lr__clear_error();
    lr__gsl_init();
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "the model output pointer is NULL");
    *out = NULL;
    if (!json)
        return lr__fail(LR_ERR_INVALID_ARG, "json must not be NULL");
    size_t start = 0;
    while (start < len && (json[start] == ' ' || json[start] == '\t' || json[start] == '\n' ||
                           json[start] == '\r'))
        start++;
    if (start == len)
        return lr__fail(LR_ERR_EMPTY, "the model document is empty");
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (!root) {
        size_t at = end && end >= json ? (size_t)(end - json) : 0;
        size_t line = 1;
        for (size_t i = 0; i < at && i < len; i++)
            line += json[i] == '\n';
        return lr__fail(LR_ERR_PARSE, "not valid JSON near byte %zu (line %zu)%s", at, line,
                        at >= len || unfinished(json, len) ? ": the document is truncated" : "");
    }
    size_t at = (size_t)(end - json);
    while (at < len && (json[at] == ' ' || json[at] == '\t' || json[at] == '\n' || json[at] == '\r'))
        at++;
    lr_status st = LR_OK;
    if (at < len)
        st = lr__fail(LR_ERR_PARSE, "unexpected text after the document at byte %zu", at);
    else if (!cJSON_IsObject(root))
        st = lr__fail(LR_ERR_PARSE, "the document is not a JSON object");
    else
        st = read_version(root);
    if (st == LR_OK) {
        int present = 0;
        const cJSON *sum = member(root, "checksum");
        st = lr_model_json_verify(json, len, &present);
        if (st == LR_OK && sum && !present)
            st = lr__fail(LR_ERR_PARSE, "checksum: expected the last member to be \"checksum\": "
                                        "\"sha256:<64 hex digits>\"");
    }
    reader r = {root, NULL, NULL, 0, 0, NULL};
    if (st == LR_OK)
        st = read_document(&r);
    free(r.columns);
    cJSON_Delete(root);
    if (st != LR_OK) {
        lr_model_free(r.m);
        return st;
    }
    *out = r.m;
    return LR_OK;
}
