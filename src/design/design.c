/* Building a design from a frame (R's model.frame + model.matrix with
 * na.omit and drop.unused.levels), and the design of new data under a
 * fitted specification (predict.lm's model.frame with the training terms). */
#include "../fit/ddouble.h"
#include "design_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void lr_formula_options_init(lr_formula_options *opts)
{
    if (opts) {
        opts->weights = NULL;
        opts->na_action = LR_NA_OMIT;
    }
}

static void free_data(lr_design *d)
{
    free(d->rows);
    free(d->dropped);
    for (size_t i = 0; i < d->nna; i++)
        free(d->na[i].name);
    free(d->na);
    free(d->X);
    free(d->X_lo);
    free(d->y);
    free(d->w);
    d->rows = d->dropped = NULL;
    d->na = NULL;
    d->nna = 0;
    d->X = d->X_lo = d->y = d->w = NULL;
    d->has_data = 0;
}

void lr_design_free(lr_design *d)
{
    if (!d)
        return;
    free_data(d);
    free(d->formula);
    free(d->weights);
    for (size_t i = 0; i < d->nvars; i++)
        lr__dvar_free(&d->vars[i]);
    free(d->vars);
    for (size_t t = 0; t < d->nterms; t++)
        lr__dterm_free(&d->terms[t]);
    free(d->terms);
    for (size_t j = 0; j < d->k; j++)
        free(d->colnames[j]);
    free(d->colnames);
    free(d->colterm);
    free(d);
}

/* ---------------------------------------------------------- rows used */

/* Frame columns the model reads (response, predictors, weights), in order
 * of first use, as frame indices. */
static lr_status model_columns(const lr_design *d, const lr_frame *f, int with_response,
                               size_t **cols, size_t *ncols)
{
    size_t cap = 8, n = 0;
    size_t *c = malloc(cap * sizeof *c);
    if (!c)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    for (size_t v = with_response || !d->has_response ? 0 : 1; v <= d->nvars; v++) {
        size_t nref = v < d->nvars ? d->vars[v].nrefs : (d->weights && with_response ? 1 : 0);
        for (size_t r = 0; r < nref; r++) {
            const char *name = v < d->nvars ? d->vars[v].refs[r] : d->weights;
            size_t j;
            if (lr_frame_find(f, name, &j) != LR_OK) {
                free(c);
                if (v == d->nvars)
                    return lr__fail(LR_ERR_NOT_FOUND, "no weights column named '%s' in the data",
                                    name);
                return lr__fail(LR_ERR_NOT_FOUND,
                                "the data has no column '%s' (needed by the term '%s')", name,
                                d->vars[v].label);
            }
            int seen = 0;
            for (size_t i = 0; i < n; i++)
                seen |= c[i] == j;
            if (seen)
                continue;
            if (n == cap) {
                size_t *cc = realloc(c, 2 * cap * sizeof *cc);
                if (!cc) {
                    free(c);
                    return lr__fail(LR_ERR_NOMEM, "out of memory");
                }
                c = cc;
                cap *= 2;
            }
            c[n++] = j;
        }
    }
    *cols = c;
    *ncols = n;
    return LR_OK;
}

/* Splits the frame rows into used and dropped (a missing cell in any of
 * cols, or a NaN in extra_w), counting the missing cells per column. */
static lr_status select_rows(lr_design *d, const lr_frame *f, const size_t *cols, size_t ncols,
                             const double *extra_w, lr_na_action action)
{
    const size_t N = lr_frame_nrows(f);
    size_t *count = calloc(ncols + 1, sizeof *count);
    d->rows = malloc((N ? N : 1) * sizeof *d->rows);
    d->dropped = malloc((N ? N : 1) * sizeof *d->dropped);
    if (!count || !d->rows || !d->dropped) {
        free(count);
        return lr__fail(LR_ERR_NOMEM, "out of memory for %zu rows", N);
    }
    d->n_data = N;
    d->n = 0;
    size_t ndrop = 0;
    for (size_t i = 0; i < N; i++) {
        int miss = 0;
        for (size_t c = 0; c < ncols; c++)
            if (lr_frame_is_missing(f, i, cols[c])) {
                if (action == LR_NA_FAIL) {
                    free(count);
                    return lr__fail(LR_ERR_NONFINITE,
                                    "row %zu of the data: column '%s' is missing (missing "
                                    "values are not allowed: na_action fail)",
                                    i + 1, lr_frame_name(f, cols[c]));
                }
                count[c]++;
                miss = 1;
            }
        if (extra_w && isnan(extra_w[i])) {
            if (action == LR_NA_FAIL) {
                free(count);
                return lr__fail(LR_ERR_NONFINITE, "row %zu of the data: the weight is NaN", i + 1);
            }
            count[ncols]++;
            miss = 1;
        }
        if (miss)
            d->dropped[ndrop++] = i;
        else
            d->rows[d->n++] = i;
    }
    for (size_t c = 0; c <= ncols; c++)
        d->nna += count[c] > 0;
    d->na = calloc(d->nna + 1, sizeof *d->na);
    if (!d->na) {
        free(count);
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    }
    size_t k = 0;
    for (size_t c = 0; c <= ncols; c++)
        if (count[c]) {
            d->na[k].name = lr__strdup(c < ncols ? lr_frame_name(f, cols[c]) : "(weights)");
            d->na[k++].count = count[c];
            if (!d->na[k - 1].name) {
                free(count);
                return lr__fail(LR_ERR_NOMEM, "out of memory");
            }
        }
    free(count);
    if (d->n == 0) {
        lr_strbuf sb = {0};
        for (size_t i = 0; i < d->nna; i++)
            lr__sb_append(&sb, "%s%s: %zu", i ? ", " : "", d->na[i].name, d->na[i].count);
        lr_status st = lr__fail(LR_ERR_EMPTY,
                                "no complete rows: each of the %zu rows has a missing value "
                                "(missing cells: %s)",
                                N, sb.data ? sb.data : "none");
        lr__sb_free(&sb);
        return st;
    }
    return LR_OK;
}

/* ------------------------------------------------------------ factors */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Level index (in the variable's coding order) of each row used, or an
 * error for a level the variable does not have (new data). */
static lr_status factor_codes(const dvar *v, const lr_frame *f, const size_t *rows, size_t n,
                              int *codes)
{
    size_t j;
    lr_frame_find(f, v->arg->text, &j);
    const int *fc = lr_frame_codes(f, j);
    const double *fx = lr_frame_column(f, j);
    size_t nl = fc ? lr_frame_nlevels(f, j) : 0;
    int *map = NULL;
    if (fc) { /* frame level -> variable level */
        map = malloc((nl ? nl : 1) * sizeof *map);
        if (!map)
            return lr__fail(LR_ERR_NOMEM, "out of memory");
        for (size_t l = 0; l < nl; l++) {
            map[l] = -1;
            for (size_t m = 0; m < v->nlevels; m++)
                if (!strcmp(lr_frame_level(f, j, l), v->levels[m]))
                    map[l] = (int)m;
        }
    }
    for (size_t i = 0; i < n; i++) {
        char buf[40];
        const char *text;
        int code = -1;
        if (fc) {
            code = map[fc[rows[i]]];
            text = lr_frame_level(f, j, (size_t)fc[rows[i]]);
        } else {
            text = lr__r_format_number(fx[rows[i]], buf, sizeof buf);
            for (size_t m = 0; m < v->nlevels && code < 0; m++)
                if (!strcmp(text, v->levels[m]))
                    code = (int)m;
        }
        if (code < 0) {
            lr_strbuf sb = {0};
            for (size_t m = 0; m < v->nlevels && m < 10; m++)
                lr__sb_append(&sb, "%s'%s'", m ? ", " : "", v->levels[m]);
            if (v->nlevels > 10)
                lr__sb_puts(&sb, ", ...");
            lr_status st = lr__fail(LR_ERR_INVALID_ARG,
                                    "factor '%s' has new level '%s' at row %zu of the data (the "
                                    "model was fitted with %zu levels: %s)",
                                    v->label, text, rows[i] + 1, v->nlevels,
                                    sb.data ? sb.data : "");
            lr__sb_free(&sb);
            free(map);
            return st;
        }
        codes[i] = code;
    }
    free(map);
    return LR_OK;
}

/* The levels of a factor variable among the rows used (drop.unused.levels),
 * sorted as R sorts them, with the reference level moved first. */
static lr_status factor_levels(const lr_design *d, dvar *v, const lr_frame *f, const size_t *rows,
                               size_t n)
{
    size_t j;
    lr_frame_find(f, v->arg->text, &j);
    const int *fc = lr_frame_codes(f, j);
    lr_status st = LR_OK;
    char **levels = NULL;
    size_t nlev = 0;
    if (fc) {
        size_t nl = lr_frame_nlevels(f, j);
        unsigned char *seen = calloc(nl + 1, 1);
        levels = calloc(nl + 1, sizeof *levels);
        if (!seen || !levels) {
            free(seen);
            free(levels);
            return lr__fail(LR_ERR_NOMEM, "out of memory");
        }
        for (size_t i = 0; i < n; i++)
            seen[fc[rows[i]]] = 1;
        for (size_t l = 0; l < nl && st == LR_OK; l++)
            if (seen[l] && !(levels[nlev++] = lr__strdup(lr_frame_level(f, j, l))))
                st = lr__fail(LR_ERR_NOMEM, "out of memory");
        free(seen);
    } else {
        const double *x = lr_frame_column(f, j);
        double *s = malloc((n ? n : 1) * sizeof *s);
        levels = calloc(n + 1, sizeof *levels);
        if (!s || !levels) {
            free(s);
            free(levels);
            return lr__fail(LR_ERR_NOMEM, "out of memory");
        }
        for (size_t i = 0; i < n; i++)
            s[i] = x[rows[i]];
        qsort(s, n, sizeof *s, cmp_double);
        for (size_t i = 0; i < n && st == LR_OK; i++) {
            char buf[40];
            lr__r_format_number(s[i], buf, sizeof buf);
            if (nlev && !strcmp(levels[nlev - 1], buf))
                continue;
            if (!(levels[nlev++] = lr__strdup(buf)))
                st = lr__fail(LR_ERR_NOMEM, "out of memory");
        }
        free(s);
    }
    v->levels = levels;
    v->nlevels = nlev;
    if (st != LR_OK)
        return st;
    if (v->ref) {
        size_t r = nlev;
        for (size_t l = 0; l < nlev; l++)
            if (!strcmp(levels[l], v->ref))
                r = l;
        if (r == nlev) {
            lr_strbuf sb = {0};
            for (size_t l = 0; l < nlev && l < 12; l++)
                lr__sb_append(&sb, "%s'%s'", l ? ", " : "", levels[l]);
            st = lr__fail(LR_ERR_NOT_FOUND, "formula \"%s\": term '%s': no level '%s' (levels: %s)",
                          d->formula, v->label, v->ref, sb.data ? sb.data : "");
            lr__sb_free(&sb);
            return st;
        }
        char *ref = levels[r];
        memmove(levels + 1, levels, r * sizeof *levels);
        levels[0] = ref;
    }
    if (nlev < 2)
        return lr__fail(LR_ERR_INVALID_ARG,
                        "formula \"%s\": term '%s': a factor needs 2 or more levels, but the rows "
                        "used hold only '%s'",
                        d->formula, v->label, nlev ? levels[0] : "");
    v->ncols = nlev;
    return LR_OK;
}

/* ------------------------------------------------------------ columns */

typedef struct {
    double *hi, *lo; /* n x ncols of a numeric or poly variable */
    int *codes;      /* a factor's codes */
} var_values;

static lr_status eval_variable(lr_design *d, dvar *v, const lr_frame *f, int fit, var_values *out)
{
    const size_t n = d->n;
    if (v->kind == VAR_FACTOR) {
        out->codes = malloc((n ? n : 1) * sizeof *out->codes);
        if (!out->codes)
            return lr__fail(LR_ERR_NOMEM, "out of memory");
        return factor_codes(v, f, d->rows, n, out->codes);
    }
    out->hi = malloc((n ? n : 1) * v->ncols * sizeof(double));
    out->lo = malloc((n ? n : 1) * v->ncols * sizeof(double));
    if (!out->hi || !out->lo)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    if (v->kind == VAR_NUMERIC)
        return lr__eval_numeric(v->e, f, d->rows, n, v->label, out->hi, out->lo);
    /* poly: orthogonal coefficients come from every row where x is known
     * (R evaluates poly() before dropping rows); the basis at the rows used */
    if (fit && !v->raw) {
        const size_t N = lr_frame_nrows(f);
        size_t *rx = malloc((N ? N : 1) * sizeof *rx), m = 0;
        size_t *cols = malloc((v->nrefs + 1) * sizeof *cols);
        double *xh = malloc((N ? N : 1) * sizeof *xh), *xl = malloc((N ? N : 1) * sizeof *xl);
        double *ph = malloc((N ? N : 1) * (size_t)v->degree * sizeof *ph);
        double *pl = malloc((N ? N : 1) * (size_t)v->degree * sizeof *pl);
        lr_status st = LR_OK;
        if (!rx || !cols || !xh || !xl || !ph || !pl)
            st = lr__fail(LR_ERR_NOMEM, "out of memory");
        for (size_t r = 0; st == LR_OK && r < v->nrefs; r++)
            lr_frame_find(f, v->refs[r], &cols[r]);
        for (size_t i = 0; st == LR_OK && i < N; i++) {
            int miss = 0;
            for (size_t r = 0; r < v->nrefs; r++)
                miss |= lr_frame_is_missing(f, i, cols[r]);
            if (!miss)
                rx[m++] = i;
        }
        if (st == LR_OK)
            st = lr__eval_numeric(v->arg, f, rx, m, v->label, xh, xl);
        if (st == LR_OK)
            st = lr__eval_poly(v, xh, xl, m, 1, ph, pl);
        free(rx);
        free(cols);
        free(xh);
        free(xl);
        free(ph);
        free(pl);
        if (st != LR_OK)
            return st;
    }
    double *xh = malloc((n ? n : 1) * sizeof *xh), *xl = malloc((n ? n : 1) * sizeof *xl);
    lr_status st = xh && xl ? lr__eval_numeric(v->arg, f, d->rows, n, v->label, xh, xl)
                            : lr__fail(LR_ERR_NOMEM, "out of memory");
    if (st == LR_OK)
        st = lr__eval_poly(v, xh, xl, n, fit && v->raw, out->hi, out->lo);
    free(xh);
    free(xl);
    return st;
}

/* Fills X and X_lo: each term's columns are products of its variables'
 * sub-columns, the first variable varying fastest (model.matrix). */
static lr_status fill_columns(lr_design *d, const var_values *vals)
{
    const size_t n = d->n, k = d->k;
    d->X = malloc((n * k > 0 ? n * k : 1) * sizeof *d->X);
    d->X_lo = malloc((n * k > 0 ? n * k : 1) * sizeof *d->X_lo);
    if (!d->X || !d->X_lo)
        return lr__fail(LR_ERR_NOMEM, "out of memory for a %zu x %zu design", n, k);
    int any_lo = 0;
    for (size_t t = 0; t < d->nterms; t++) {
        const dterm *T = &d->terms[t];
        for (size_t c = 0; c < T->ncols; c++) {
            double *xh = d->X + (T->first_col + c) * n, *xl = d->X_lo + (T->first_col + c) * n;
            for (size_t i = 0; i < n; i++) {
                xh[i] = 1.0;
                xl[i] = 0.0;
            }
            size_t rem = c;
            for (size_t a = 0; a < T->nvars; a++) {
                size_t vi = T->vars[a];
                const dvar *v = &d->vars[vi];
                size_t w = v->kind == VAR_FACTOR ? (T->full[a] ? v->nlevels : v->nlevels - 1)
                                                 : v->ncols;
                size_t sc = rem % w;
                rem /= w;
                if (v->kind == VAR_FACTOR) {
                    int level = (int)(T->full[a] ? sc : sc + 1);
                    for (size_t i = 0; i < n; i++)
                        if (vals[vi].codes[i] != level)
                            xh[i] = xl[i] = 0.0;
                } else {
                    const double *vh = vals[vi].hi + sc * n, *vl = vals[vi].lo + sc * n;
                    for (size_t i = 0; i < n; i++) {
                        lr_dd p = {xh[i], xl[i]};
                        p = lr_dd_mul(p, (lr_dd){vh[i], vl[i]});
                        xh[i] = p.hi;
                        xl[i] = p.lo;
                    }
                }
            }
            for (size_t i = 0; i < n; i++) {
                if (!isfinite(xh[i]))
                    return lr__fail(LR_ERR_NONFINITE,
                                    "column '%s' of the design is not finite at row %zu of the data",
                                    d->colnames[T->first_col + c], d->rows[i] + 1);
                any_lo |= xl[i] != 0.0;
            }
        }
    }
    if (!any_lo) {
        free(d->X_lo);
        d->X_lo = NULL;
    }
    return LR_OK;
}

/* Evaluates every variable on the rows used and forms X (and y, w when
 * fitting). fit: the levels and polynomial coefficients are learnt here. */
static lr_status build_data(lr_design *d, const lr_frame *f, int fit, const double *extra_w)
{
    lr_status st = LR_OK;
    var_values *vals = calloc(d->nvars + 1, sizeof *vals);
    if (!vals)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    size_t first = d->has_response ? 1 : 0;
    if (fit)
        for (size_t v = first; v < d->nvars && st == LR_OK; v++)
            if (d->vars[v].kind == VAR_FACTOR)
                st = factor_levels(d, &d->vars[v], f, d->rows, d->n);
    if (st == LR_OK && fit)
        st = lr__design_columns(d);
    for (size_t v = first; v < d->nvars && st == LR_OK; v++) {
        int used = 0;
        for (size_t t = 0; t < d->nterms; t++)
            for (size_t a = 0; a < d->terms[t].nvars; a++)
                used |= d->terms[t].vars[a] == v;
        if (used)
            st = eval_variable(d, &d->vars[v], f, fit, &vals[v]);
    }
    if (st == LR_OK)
        st = fill_columns(d, vals);
    if (st == LR_OK && fit && d->has_response) {
        d->y = malloc((d->n ? d->n : 1) * sizeof *d->y);
        st = d->y ? lr__eval_numeric(d->vars[0].e, f, d->rows, d->n, d->vars[0].label, d->y, NULL)
                  : lr__fail(LR_ERR_NOMEM, "out of memory");
    }
    if (st == LR_OK && fit && (d->weights || extra_w)) {
        d->w = malloc((d->n ? d->n : 1) * sizeof *d->w);
        if (!d->w) {
            st = lr__fail(LR_ERR_NOMEM, "out of memory");
        } else {
            const double *w = extra_w;
            size_t j;
            if (d->weights) {
                lr_frame_find(f, d->weights, &j);
                w = lr_frame_column(f, j);
                if (!w)
                    st = lr__fail(LR_ERR_INVALID_ARG, "the weights column '%s' is categorical",
                                  d->weights);
            }
            for (size_t i = 0; st == LR_OK && i < d->n; i++) {
                d->w[i] = w[d->rows[i]];
                if (!(d->w[i] >= 0) || isinf(d->w[i]))
                    st = lr__fail(d->w[i] < 0 ? LR_ERR_NEGATIVE_WEIGHT : LR_ERR_NONFINITE,
                                  "the weight at row %zu of the data is %g (weights must be "
                                  "finite and >= 0)",
                                  d->rows[i] + 1, d->w[i]);
            }
        }
    }
    for (size_t v = 0; v <= d->nvars; v++) {
        free(vals[v].hi);
        free(vals[v].lo);
        free(vals[v].codes);
    }
    free(vals);
    return st;
}

lr_status lr__design_build_w(const lr_frame *frame, const char *formula,
                             const lr_formula_options *opts, const double *extra_w,
                             int no_intercept, lr_design **out)
{
    lr__clear_error();
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "the design output pointer is NULL");
    *out = NULL;
    if (!frame || !formula)
        return lr__fail(LR_ERR_INVALID_ARG, "frame and formula must not be NULL");
    lr_formula_options o;
    lr_formula_options_init(&o);
    if (opts)
        o = *opts;
    if ((int)o.na_action < 0 || o.na_action > LR_NA_FAIL)
        return lr__fail(LR_ERR_INVALID_ARG, "unknown na_action %d", (int)o.na_action);
    lr_design *d = calloc(1, sizeof *d);
    if (!d)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    lr__expr *ast = NULL;
    size_t *cols = NULL, ncols = 0;
    lr_status st = LR_OK;
    if (!(d->formula = lr__strdup(formula)) || (o.weights && !(d->weights = lr__strdup(o.weights))))
        st = lr__fail(LR_ERR_NOMEM, "out of memory");
    if (st == LR_OK)
        st = lr__expr_parse(formula, &ast);
    if (st == LR_OK)
        st = lr__design_resolve(d, ast, frame);
    if (st == LR_OK && no_intercept)
        d->intercept = 0;
    if (st == LR_OK && !d->has_response)
        st = lr__fail(LR_ERR_INVALID_ARG, "formula \"%s\": a fit needs a response: 'y ~ ...'",
                      formula);
    if (st == LR_OK)
        st = model_columns(d, frame, 1, &cols, &ncols);
    if (st == LR_OK)
        st = select_rows(d, frame, cols, ncols, extra_w, o.na_action);
    if (st == LR_OK) {
        d->has_data = 1;
        st = build_data(d, frame, 1, extra_w);
    }
    free(cols);
    lr__expr_free(ast);
    if (st != LR_OK) {
        lr_design_free(d);
        return st;
    }
    *out = d;
    return LR_OK;
}

lr_status lr_design_build(const lr_frame *frame, const char *formula,
                          const lr_formula_options *opts, lr_design **out)
{
    return lr__design_build_w(frame, formula, opts, NULL, 0, out);
}

lr_status lr_design_apply(const lr_design *spec, const lr_frame *newdata, lr_design **out)
{
    lr__clear_error();
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "the design output pointer is NULL");
    *out = NULL;
    if (!spec || !newdata)
        return lr__fail(LR_ERR_INVALID_ARG, "design and new data must not be NULL");
    lr_design *d = NULL;
    lr_status st = lr__design_copy_spec(spec, &d);
    size_t *cols = NULL, ncols = 0;
    if (st == LR_OK)
        st = model_columns(d, newdata, 0, &cols, &ncols);
    for (size_t v = d && d->has_response ? 1 : 0; st == LR_OK && v < d->nvars; v++) {
        /* a column must have the kind the model learnt */
        const dvar *var = &d->vars[v];
        for (size_t r = 0; r < var->nrefs && st == LR_OK; r++) {
            size_t j;
            lr_frame_find(newdata, var->refs[r], &j);
            int cat = lr_frame_column_type(newdata, j) == LR_COLUMN_CATEGORICAL;
            if (cat && (var->kind != VAR_FACTOR || var->from_numeric))
                st = lr__fail(LR_ERR_INVALID_ARG,
                              "column '%s' of the new data is categorical but the model uses it "
                              "as a number (term '%s')",
                              var->refs[r], var->label);
        }
    }
    if (st == LR_OK)
        st = select_rows(d, newdata, cols, ncols, NULL, LR_NA_OMIT);
    if (st == LR_OK) {
        d->has_data = 1;
        st = build_data(d, newdata, 0, NULL);
    }
    free(cols);
    if (st != LR_OK) {
        lr_design_free(d);
        return st;
    }
    *out = d;
    return LR_OK;
}

/* -------------------------------------------------------- copy of spec */

static char **copy_strings(char *const *s, size_t n, int *bad)
{
    if (!n)
        return NULL;
    char **c = calloc(n, sizeof *c);
    if (!c) {
        *bad = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (s[i] && !(c[i] = lr__strdup(s[i])))
            *bad = 1;
    return c;
}

static double *copy_doubles(const double *s, size_t n, int *bad)
{
    if (!s || !n)
        return NULL;
    double *c = malloc(n * sizeof *c);
    if (!c)
        *bad = 1;
    else
        memcpy(c, s, n * sizeof *c);
    return c;
}

/* The argument of a factor or poly call inside a copied expression. */
static lr__expr *find_arg(lr__expr *e, var_kind kind)
{
    if (kind == VAR_NUMERIC || e->kind != EX_CALL || e->nargs == 0)
        return e;
    return e->args[0];
}

lr_status lr__design_copy_spec(const lr_design *s, lr_design **out)
{
    lr_design *d = calloc(1, sizeof *d);
    if (!d)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    int bad = 0;
    d->formula = lr__strdup(s->formula ? s->formula : "");
    d->weights = s->weights ? lr__strdup(s->weights) : NULL;
    bad |= !d->formula || (s->weights && !d->weights);
    d->has_response = s->has_response;
    d->intercept = s->intercept;
    d->vars = calloc(s->nvars + 1, sizeof *d->vars);
    d->terms = calloc(s->nterms + 1, sizeof *d->terms);
    bad |= !d->vars || !d->terms;
    for (size_t i = 0; !bad && i < s->nvars; i++) {
        const dvar *a = &s->vars[i];
        dvar *b = &d->vars[i];
        d->nvars++;
        *b = *a;
        b->label = lr__strdup(a->label);
        b->e = lr__expr_clone(a->e);
        b->arg = b->e ? find_arg(b->e, a->kind) : NULL;
        b->refs = copy_strings(a->refs, a->nrefs, &bad);
        b->levels = copy_strings(a->levels, a->nlevels, &bad);
        b->ref = a->ref ? lr__strdup(a->ref) : NULL;
        b->alpha = copy_doubles(a->alpha, (size_t)a->degree, &bad);
        b->norm2 = copy_doubles(a->norm2, (size_t)a->degree + 2, &bad);
        bad |= !b->label || !b->e || (a->ref && !b->ref);
    }
    for (size_t t = 0; !bad && t < s->nterms; t++) {
        const dterm *a = &s->terms[t];
        dterm *b = &d->terms[t];
        d->nterms++;
        *b = *a;
        b->vars = malloc((a->nvars + 1) * sizeof *b->vars);
        b->full = malloc(a->nvars + 1);
        b->label = lr__strdup(a->label);
        if (!b->vars || !b->full || !b->label) {
            bad = 1;
            break;
        }
        memcpy(b->vars, a->vars, a->nvars * sizeof *b->vars);
        memcpy(b->full, a->full, a->nvars);
    }
    if (!bad) {
        d->k = s->k;
        d->colnames = calloc(s->k + 1, sizeof *d->colnames);
        d->colterm = calloc(s->k + 1, sizeof *d->colterm);
        bad |= !d->colnames || !d->colterm;
        for (size_t j = 0; !bad && j < s->k; j++) {
            bad |= !(d->colnames[j] = lr__strdup(s->colnames[j]));
            d->colterm[j] = s->colterm[j];
        }
    }
    if (bad) {
        lr_design_free(d);
        return lr__fail(LR_ERR_NOMEM, "out of memory copying a design");
    }
    *out = d;
    return LR_OK;
}

/* ---------------------------------------------------------- accessors */

const char *lr_design_formula(const lr_design *d) { return d ? d->formula : NULL; }

const char *lr_design_response(const lr_design *d)
{
    return d && d->has_response ? d->vars[0].label : NULL;
}

int lr_design_intercept(const lr_design *d) { return d ? d->intercept : 0; }
size_t lr_design_ncols(const lr_design *d) { return d ? d->k : 0; }

const char *lr_design_column_name(const lr_design *d, size_t j)
{
    return d && j < d->k ? d->colnames[j] : NULL;
}

size_t lr_design_nterms(const lr_design *d) { return d ? d->nterms : 0; }

const char *lr_design_term_label(const lr_design *d, size_t t)
{
    return d && t < d->nterms ? d->terms[t].label : NULL;
}

lr_status lr_design_assign(const lr_design *d, size_t *out, size_t len)
{
    lr__clear_error();
    if (!d || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "design and out must not be NULL");
    size_t p = d->k + (size_t)d->intercept;
    if (len != p)
        return lr__fail(LR_ERR_DIMENSION, "assign needs %zu values, got room for %zu", p, len);
    size_t i = 0;
    if (d->intercept)
        out[i++] = 0;
    for (size_t j = 0; j < d->k; j++)
        out[i++] = d->colterm[j] + 1;
    return LR_OK;
}

lr_matrix lr_design_x(const lr_design *d)
{
    lr_matrix m = {0};
    if (d && d->has_data)
        m = lr_matrix_col_major(d->X, d->n, d->k);
    return m;
}

lr_matrix lr_design_x_lo(const lr_design *d)
{
    lr_matrix m = {0};
    if (d && d->has_data && d->X_lo)
        m = lr_matrix_col_major(d->X_lo, d->n, d->k);
    return m;
}

lr_vector lr_design_y(const lr_design *d)
{
    lr_vector v = {0};
    if (d && d->y)
        v = lr_vector_of(d->y, d->n);
    return v;
}

lr_vector lr_design_weights(const lr_design *d)
{
    lr_vector v = {0};
    if (d && d->w)
        v = lr_vector_of(d->w, d->n);
    return v;
}

size_t lr_design_nrows_data(const lr_design *d) { return d ? d->n_data : 0; }
size_t lr_design_nrows(const lr_design *d) { return d ? d->n : 0; }
const size_t *lr_design_rows(const lr_design *d) { return d ? d->rows : NULL; }
const size_t *lr_design_dropped(const lr_design *d) { return d ? d->dropped : NULL; }
size_t lr_design_na_ncolumns(const lr_design *d) { return d ? d->nna : 0; }

const char *lr_design_na_column(const lr_design *d, size_t i, size_t *count)
{
    if (!d || i >= d->nna)
        return NULL;
    if (count)
        *count = d->na[i].count;
    return d->na[i].name;
}

lr_status lr_design_pad(const lr_design *d, const double *values, double *out, size_t len)
{
    lr__clear_error();
    if (!d || !values || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "design, values and out must not be NULL");
    if (!d->has_data)
        return lr__fail(LR_ERR_NO_DATA, "the design holds no rows");
    if (len != d->n_data)
        return lr__fail(LR_ERR_DIMENSION, "padding needs room for %zu rows, got %zu", d->n_data, len);
    for (size_t i = 0; i < d->n_data; i++)
        out[i] = NAN;
    for (size_t i = 0; i < d->n; i++)
        out[d->rows[i]] = values[i];
    return LR_OK;
}

/* Walks the categorical source columns in order; returns the i-th or, with
 * i = (size_t)-1, the count through *count. */
static const char *categorical_at(const lr_design *d, size_t i, size_t *count)
{
    size_t seen = 0;
    for (size_t v = d->has_response ? 1 : 0; v < d->nvars; v++) {
        const dvar *var = &d->vars[v];
        if (var->kind != VAR_FACTOR || var->from_numeric)
            continue;
        for (size_t r = 0; r < var->nrefs; r++, seen++)
            if (seen == i)
                return var->refs[r];
    }
    if (count)
        *count = seen;
    return NULL;
}

size_t lr_design_ncategorical(const lr_design *d)
{
    size_t n = 0;
    if (d)
        categorical_at(d, (size_t)-1, &n);
    return n;
}

const char *lr_design_categorical(const lr_design *d, size_t i)
{
    return d ? categorical_at(d, i, NULL) : NULL;
}
