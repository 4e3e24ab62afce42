/* A design as JSON: the "formula" and "data" sections of the results of a
 * formula fit, and the specification (variables, encodings, reference
 * levels, polynomial coefficients, terms, columns) that a persisted model
 * needs to rebuild the design of new data. */
#include "../fit/model.h"
#include "design_json.h"

#include <stdlib.h>
#include <string.h>

static const char *kind_name(var_kind k)
{
    return k == VAR_FACTOR ? "factor" : k == VAR_POLY ? "poly" : "numeric";
}

/* "formula": {"text", "response", "intercept", "terms", "columns": [{"name", "term"}]}
 * "data": {"rows_read", "rows_used", "rows_dropped", "dropped_because": {col: n},
 *          "dropped_rows": [1-based rows]} */
lr_status lr__design_results_json(const lr_design *d, cJSON *obj)
{
    int bad = 0;
    cJSON *f = cJSON_AddObjectToObject(obj, "formula");
    bad |= !f;
    if (!bad) {
        bad |= !cJSON_AddStringToObject(f, "text", d->formula);
        bad |= d->has_response ? !cJSON_AddStringToObject(f, "response", d->vars[0].label)
                               : !cJSON_AddNullToObject(f, "response");
        bad |= !cJSON_AddBoolToObject(f, "intercept", d->intercept);
        cJSON *terms = cJSON_AddArrayToObject(f, "terms");
        bad |= !terms;
        for (size_t t = 0; !bad && t < d->nterms; t++)
            bad |= !cJSON_AddItemToArray(terms, cJSON_CreateString(d->terms[t].label));
        cJSON *cols = cJSON_AddArrayToObject(f, "columns");
        bad |= !cols;
        for (size_t j = 0; !bad && j < d->k; j++) {
            cJSON *c = cJSON_CreateObject();
            bad |= !c || !cJSON_AddItemToArray(cols, c);
            if (!bad) {
                bad |= !cJSON_AddStringToObject(c, "name", d->colnames[j]);
                bad |= !cJSON_AddStringToObject(c, "term", d->terms[d->colterm[j]].label);
            }
        }
    }
    cJSON *data = bad ? NULL : cJSON_AddObjectToObject(obj, "data");
    bad |= !data;
    if (!bad) {
        bad |= lr__json_add_number(data, "rows_read", (double)d->n_data) != 0;
        bad |= lr__json_add_number(data, "rows_used", (double)d->n) != 0;
        bad |= lr__json_add_number(data, "rows_dropped", (double)(d->n_data - d->n)) != 0;
        cJSON *why = cJSON_AddObjectToObject(data, "dropped_because");
        bad |= !why;
        for (size_t i = 0; !bad && i < d->nna; i++)
            bad |= lr__json_add_number(why, d->na[i].name, (double)d->na[i].count) != 0;
        cJSON *rows = bad ? NULL : cJSON_AddArrayToObject(data, "dropped_rows");
        bad |= !rows;
        for (size_t i = 0; !bad && i < d->n_data - d->n; i++)
            bad |= lr__json_append_number(rows, (double)(d->dropped[i] + 1)) != 0;
    }
    return bad ? lr__fail(LR_ERR_NOMEM, "cannot build the JSON of the design") : LR_OK;
}

lr_status lr_formula_results_json(const lr_model *m, double level, char **json)
{
    /* one layout: lr_model_results_json adds the formula and data
     * sections of a formula fit */
    return lr_model_results_json(m, level, json);
}

/* ------------------------------------------------------ specification */

static int add_strings(cJSON *obj, const char *key, char *const *s, size_t n)
{
    cJSON *a = cJSON_AddArrayToObject(obj, key);
    if (!a)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!cJSON_AddItemToArray(a, cJSON_CreateString(s[i])))
            return -1;
    return 0;
}

static int add_numbers(cJSON *obj, const char *key, const double *x, size_t n)
{
    cJSON *a = cJSON_AddArrayToObject(obj, key);
    if (!a)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (lr__json_append_number(a, x[i]))
            return -1;
    return 0;
}

/* Writes the specification of d into obj: "formula", "response" (bool),
 * "intercept", "weights", "variables": [{"label", "expr", "kind", "columns",
 * "levels", "reference", "from_numeric", "degree", "raw", "alpha", "norm2"}],
 * "terms": [{"label", "variables", "all_levels"}], "columns": [names]. */
lr_status lr__design_spec_to_json(const lr_design *d, cJSON *obj)
{
    int bad = 0;
    bad |= !cJSON_AddStringToObject(obj, "formula", d->formula);
    bad |= !cJSON_AddBoolToObject(obj, "response", d->has_response);
    bad |= !cJSON_AddBoolToObject(obj, "intercept", d->intercept);
    bad |= d->weights ? !cJSON_AddStringToObject(obj, "weights", d->weights)
                      : !cJSON_AddNullToObject(obj, "weights");
    cJSON *vars = bad ? NULL : cJSON_AddArrayToObject(obj, "variables");
    bad |= !vars;
    for (size_t i = 0; !bad && i < d->nvars; i++) {
        const dvar *v = &d->vars[i];
        cJSON *o = cJSON_CreateObject();
        char *exact = lr__expr_text_exact(v->e);
        bad |= !o || !exact || !cJSON_AddItemToArray(vars, o);
        if (!bad) {
            bad |= !cJSON_AddStringToObject(o, "label", v->label);
            bad |= !cJSON_AddStringToObject(o, "expr", exact);
            bad |= !cJSON_AddStringToObject(o, "kind", kind_name(v->kind));
            bad |= add_strings(o, "columns", v->refs, v->nrefs) != 0;
            if (v->kind == VAR_FACTOR) {
                bad |= add_strings(o, "levels", v->levels, v->nlevels) != 0;
                bad |= v->ref ? !cJSON_AddStringToObject(o, "reference", v->ref)
                              : !cJSON_AddNullToObject(o, "reference");
                bad |= !cJSON_AddBoolToObject(o, "from_numeric", v->from_numeric);
            }
            if (v->kind == VAR_POLY) {
                bad |= lr__json_add_number(o, "degree", v->degree) != 0;
                bad |= !cJSON_AddBoolToObject(o, "raw", v->raw);
                if (!v->raw) {
                    bad |= add_numbers(o, "alpha", v->alpha, (size_t)v->degree) != 0;
                    bad |= add_numbers(o, "norm2", v->norm2, (size_t)v->degree + 2) != 0;
                }
            }
        }
        free(exact);
    }
    cJSON *terms = bad ? NULL : cJSON_AddArrayToObject(obj, "terms");
    bad |= !terms;
    for (size_t t = 0; !bad && t < d->nterms; t++) {
        const dterm *T = &d->terms[t];
        cJSON *o = cJSON_CreateObject(), *v = NULL, *f = NULL;
        bad |= !o || !cJSON_AddItemToArray(terms, o);
        if (!bad) {
            bad |= !cJSON_AddStringToObject(o, "label", T->label);
            bad |= !(v = cJSON_AddArrayToObject(o, "variables"));
            bad |= !(f = cJSON_AddArrayToObject(o, "all_levels"));
        }
        for (size_t a = 0; !bad && a < T->nvars; a++) {
            bad |= lr__json_append_number(v, (double)T->vars[a]) != 0;
            bad |= !cJSON_AddItemToArray(f, cJSON_CreateBool(T->full[a]));
        }
    }
    if (!bad)
        bad |= add_strings(obj, "columns", d->colnames, d->k) != 0;
    return bad ? lr__fail(LR_ERR_NOMEM, "cannot build the JSON of the design") : LR_OK;
}

/* A number item: parsed (cJSON number) or built in memory by
 * lr__json_add_number (raw text); 0 on success. */
static int number_of(const cJSON *it, double *v)
{
    if (cJSON_IsNumber(it)) {
        *v = it->valuedouble;
        return 0;
    }
    if (cJSON_IsRaw(it) && it->valuestring) {
        char *end;
        *v = lr__strtod_c(it->valuestring, &end);
        return end != it->valuestring && *end == '\0' ? 0 : -1;
    }
    return -1;
}

static lr_status spec_error(const char *what)
{
    return lr__fail(LR_ERR_PARSE, "model document: design specification: %s", what);
}

static int get_strings(const cJSON *a, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!a)
        return 0;
    if (!cJSON_IsArray(a))
        return -1;
    size_t m = (size_t)cJSON_GetArraySize(a);
    if (!m)
        return 0;
    *out = calloc(m, sizeof **out);
    if (!*out)
        return -1;
    const cJSON *it;
    cJSON_ArrayForEach(it, a)
    {
        if (!cJSON_IsString(it) || !((*out)[*n] = lr__strdup(it->valuestring)))
            return -1;
        (*n)++;
    }
    return 0;
}

static int get_numbers(const cJSON *a, double **out, size_t want)
{
    if (!cJSON_IsArray(a) || (size_t)cJSON_GetArraySize(a) != want)
        return -1;
    *out = malloc((want ? want : 1) * sizeof **out);
    if (!*out)
        return -1;
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, a)
    {
        if (number_of(it, &(*out)[i++]))
            return -1;
    }
    return 0;
}

/* Rebuilds a design specification (no data) from the object written by
 * lr__design_spec_to_json; LR_ERR_PARSE naming what is wrong. */
lr_status lr__design_spec_from_json(const cJSON *obj, lr_design **out)
{
    *out = NULL;
    const cJSON *formula = cJSON_GetObjectItemCaseSensitive(obj, "formula");
    const cJSON *vars = cJSON_GetObjectItemCaseSensitive(obj, "variables");
    const cJSON *terms = cJSON_GetObjectItemCaseSensitive(obj, "terms");
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(obj, "columns");
    const cJSON *weights = cJSON_GetObjectItemCaseSensitive(obj, "weights");
    if (!cJSON_IsString(formula) || !cJSON_IsArray(vars) || !cJSON_IsArray(terms) ||
        !cJSON_IsArray(cols))
        return spec_error("formula, variables, terms and columns are required");
    lr_design *d = calloc(1, sizeof *d);
    if (!d)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    lr_status st = LR_OK;
    d->formula = lr__strdup(formula->valuestring);
    d->has_response = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, "response"));
    d->intercept = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, "intercept"));
    if (cJSON_IsString(weights))
        d->weights = lr__strdup(weights->valuestring);
    size_t nv = (size_t)cJSON_GetArraySize(vars), nt = (size_t)cJSON_GetArraySize(terms);
    d->vars = calloc(nv + 1, sizeof *d->vars);
    d->terms = calloc(nt + 1, sizeof *d->terms);
    if (!d->formula || !d->vars || !d->terms)
        st = lr__fail(LR_ERR_NOMEM, "out of memory");
    const cJSON *it;
    cJSON_ArrayForEach(it, vars)
    {
        if (st != LR_OK)
            break;
        dvar *v = &d->vars[d->nvars++];
        const cJSON *label = cJSON_GetObjectItemCaseSensitive(it, "label");
        const cJSON *expr = cJSON_GetObjectItemCaseSensitive(it, "expr");
        const cJSON *kind = cJSON_GetObjectItemCaseSensitive(it, "kind");
        if (!cJSON_IsString(label) || !cJSON_IsString(expr) || !cJSON_IsString(kind)) {
            st = spec_error("a variable lacks label, expr or kind");
            break;
        }
        if (!(v->label = lr__strdup(label->valuestring))) {
            st = lr__fail(LR_ERR_NOMEM, "out of memory");
            break;
        }
        if ((st = lr__expr_parse(expr->valuestring, &v->e)) != LR_OK)
            break;
        const char *k = kind->valuestring;
        v->kind = !strcmp(k, "factor") ? VAR_FACTOR : !strcmp(k, "poly") ? VAR_POLY : VAR_NUMERIC;
        if (strcmp(k, "factor") && strcmp(k, "poly") && strcmp(k, "numeric")) {
            st = spec_error("unknown variable kind");
            break;
        }
        v->arg = v->e;
        if (v->kind != VAR_NUMERIC && v->e->kind == EX_CALL && v->e->nargs)
            v->arg = v->e->args[0];
        if (v->kind == VAR_FACTOR && v->arg->kind != EX_NAME) {
            st = spec_error("a factor must name a column");
            break;
        }
        if (get_strings(cJSON_GetObjectItemCaseSensitive(it, "columns"), &v->refs, &v->nrefs)) {
            st = spec_error("bad columns of a variable");
            break;
        }
        v->ncols = 1;
        if (v->kind == VAR_FACTOR) {
            const cJSON *ref = cJSON_GetObjectItemCaseSensitive(it, "reference");
            if (get_strings(cJSON_GetObjectItemCaseSensitive(it, "levels"), &v->levels,
                            &v->nlevels) ||
                v->nlevels < 2) {
                st = spec_error("a factor needs its levels (2 or more)");
                break;
            }
            if (cJSON_IsString(ref) && !(v->ref = lr__strdup(ref->valuestring))) {
                st = lr__fail(LR_ERR_NOMEM, "out of memory");
                break;
            }
            v->from_numeric = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "from_numeric"));
            v->ncols = v->nlevels;
        }
        if (v->kind == VAR_POLY) {
            const cJSON *deg = cJSON_GetObjectItemCaseSensitive(it, "degree");
            double dg;
            if (number_of(deg, &dg) || dg < 1 || dg > 30 || dg != (double)(int)dg) {
                st = spec_error("a polynomial needs a degree from 1 to 30");
                break;
            }
            v->degree = (int)dg;
            v->raw = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "raw"));
            v->ncols = (size_t)v->degree;
            if (!v->raw &&
                (get_numbers(cJSON_GetObjectItemCaseSensitive(it, "alpha"), &v->alpha,
                             (size_t)v->degree) ||
                 get_numbers(cJSON_GetObjectItemCaseSensitive(it, "norm2"), &v->norm2,
                             (size_t)v->degree + 2))) {
                st = spec_error("an orthogonal polynomial needs alpha and norm2");
                break;
            }
        }
    }
    cJSON_ArrayForEach(it, terms)
    {
        if (st != LR_OK)
            break;
        dterm *T = &d->terms[d->nterms++];
        const cJSON *label = cJSON_GetObjectItemCaseSensitive(it, "label");
        const cJSON *tv = cJSON_GetObjectItemCaseSensitive(it, "variables");
        const cJSON *full = cJSON_GetObjectItemCaseSensitive(it, "all_levels");
        if (!cJSON_IsString(label) || !cJSON_IsArray(tv) || !cJSON_IsArray(full) ||
            cJSON_GetArraySize(tv) != cJSON_GetArraySize(full) || cJSON_GetArraySize(tv) < 1) {
            st = spec_error("a term lacks label, variables or all_levels");
            break;
        }
        T->nvars = (size_t)cJSON_GetArraySize(tv);
        T->vars = calloc(T->nvars, sizeof *T->vars);
        T->full = calloc(T->nvars, 1);
        T->label = lr__strdup(label->valuestring);
        if (!T->vars || !T->full || !T->label) {
            st = lr__fail(LR_ERR_NOMEM, "out of memory");
            break;
        }
        for (size_t a = 0; a < T->nvars; a++) {
            double x;
            if (number_of(cJSON_GetArrayItem(tv, (int)a), &x) || x < (d->has_response ? 1 : 0) ||
                x >= (double)d->nvars || x != (double)(size_t)x) {
                st = spec_error("a term refers to a variable that does not exist");
                break;
            }
            T->vars[a] = (size_t)x;
            T->full[a] = cJSON_IsTrue(cJSON_GetArrayItem(full, (int)a));
        }
    }
    if (st == LR_OK)
        st = lr__design_columns_keep_coding(d);
    if (st == LR_OK) {
        /* the columns must be the ones the document lists */
        size_t n = (size_t)cJSON_GetArraySize(cols), j = 0;
        if (n != d->k)
            st = spec_error("the columns do not match the terms");
        cJSON_ArrayForEach(it, cols)
        {
            if (st != LR_OK)
                break;
            if (!cJSON_IsString(it) || strcmp(it->valuestring, d->colnames[j++]))
                st = spec_error("the column names do not match the terms");
        }
    }
    if (st != LR_OK) {
        lr_design_free(d);
        return st;
    }
    *out = d;
    return LR_OK;
}
