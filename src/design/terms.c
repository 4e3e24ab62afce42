/* A formula resolved into variables and terms with R's terms.formula
 * algebra (R's src/library/stats/src/model.c, termsform): '+' joins term
 * lists, ':' forms every pairwise union, a*b = a + b + a:b, (a+b)^n all
 * interactions up to order n, a/b = a + (all of a):b, a %in% b = a:b,
 * '-' deletes terms, 1 and 0 switch the intercept, '.' stands for every
 * frame column not used in the response (nor the weights). Terms are
 * ordered by their number of variables, keeping the order of appearance
 * within an order, and duplicates are dropped. Every other expression is a
 * variable, identified by its deparsed text. */
#include "design_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t *v; /* variable indices, increasing */
    size_t n;
} tset;

typedef struct {
    tset *t;
    size_t n, cap;
} tlist;

typedef struct {
    lr_design *d;
    const lr_frame *frame;
    const lr__expr *lhs;
    lr_status st;
    int parity; /* 1 normally, 0 inside the right side of '-' */
} rctx;

static lr_status oom(rctx *c)
{
    if (c->st == LR_OK)
        c->st = lr__fail(LR_ERR_NOMEM, "out of memory resolving the formula");
    return c->st;
}

static void tl_free(tlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->t[i].v);
    free(l->t);
    memset(l, 0, sizeof *l);
}

static int ts_equal(const tset *a, const tset *b)
{
    return a->n == b->n && (a->n == 0 || !memcmp(a->v, b->v, a->n * sizeof *a->v));
}

static int ts_subset(const tset *a, const tset *b) /* a within b */
{
    size_t j = 0;
    for (size_t i = 0; i < a->n; i++) {
        while (j < b->n && b->v[j] < a->v[i])
            j++;
        if (j == b->n || b->v[j] != a->v[i])
            return 0;
    }
    return 1;
}

static int ts_union(const tset *a, const tset *b, tset *out)
{
    out->v = malloc((a->n + b->n + 1) * sizeof *out->v);
    if (!out->v)
        return -1;
    size_t i = 0, j = 0, n = 0;
    while (i < a->n || j < b->n) {
        if (j == b->n || (i < a->n && a->v[i] < b->v[j]))
            out->v[n++] = a->v[i++];
        else if (i == a->n || b->v[j] < a->v[i])
            out->v[n++] = b->v[j++];
        else {
            out->v[n++] = a->v[i++];
            j++;
        }
    }
    out->n = n;
    return 0;
}

/* Appends t (taking ownership) unless an equal term is there; empty terms are dropped. */
static int tl_push(tlist *l, tset t)
{
    if (t.n == 0) {
        free(t.v);
        return 0;
    }
    for (size_t i = 0; i < l->n; i++)
        if (ts_equal(&l->t[i], &t)) {
            free(t.v);
            return 0;
        }
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        tset *n = realloc(l->t, cap * sizeof *n);
        if (!n) {
            free(t.v);
            return -1;
        }
        l->t = n;
        l->cap = cap;
    }
    l->t[l->n++] = t;
    return 0;
}

static int tl_push_copy(tlist *l, const tset *t)
{
    tset c = {malloc((t->n + 1) * sizeof *c.v), t->n};
    if (!c.v)
        return -1;
    if (t->n)
        memcpy(c.v, t->v, t->n * sizeof *c.v);
    return tl_push(l, c);
}

/* ------------------------------------------------------------ variables */

void lr__dvar_free(dvar *v)
{
    free(v->label);
    lr__expr_free(v->e);
    for (size_t i = 0; i < v->nrefs; i++)
        free(v->refs[i]);
    free(v->refs);
    for (size_t i = 0; i < v->nlevels; i++)
        free(v->levels[i]);
    free(v->levels);
    free(v->ref);
    free(v->alpha);
    free(v->norm2);
    memset(v, 0, sizeof *v);
}

void lr__dterm_free(dterm *t)
{
    free(t->vars);
    free(t->full);
    free(t->label);
    memset(t, 0, sizeof *t);
}

/* The index of the variable with e's text, adding it when new. */
static lr_status variable_of(rctx *c, const lr__expr *e, size_t *index)
{
    lr_design *d = c->d;
    char *label = lr__expr_text(e);
    if (!label)
        return oom(c);
    for (size_t i = 0; i < d->nvars; i++)
        if (!strcmp(d->vars[i].label, label)) {
            free(label);
            *index = i;
            return LR_OK;
        }
    dvar *vars = realloc(d->vars, (d->nvars + 1) * sizeof *vars);
    if (!vars) {
        free(label);
        return oom(c);
    }
    d->vars = vars;
    dvar *v = &d->vars[d->nvars];
    memset(v, 0, sizeof *v);
    v->label = label;
    if (!(v->e = lr__expr_clone(e))) {
        free(label);
        return oom(c);
    }
    v->arg = v->e;
    *index = d->nvars++;
    return LR_OK;
}

/* Every name the expression reads as a column (not function names or
 * argument names; poly's degree and raw arguments are values, not data). */
static int collect_names(const lr__expr *e, char ***names, size_t *n)
{
    if (!e)
        return 0;
    if (e->kind == EX_NAME) {
        for (size_t i = 0; i < *n; i++)
            if (!strcmp((*names)[i], e->text))
                return 0;
        char **nn = realloc(*names, (*n + 1) * sizeof *nn);
        if (!nn)
            return -1;
        *names = nn;
        if (!(nn[*n] = lr__strdup(e->text)))
            return -1;
        (*n)++;
        return 0;
    }
    if (e->kind == EX_CALL) {
        int is_poly = !strcmp(e->text, "poly");
        int is_factor = !strcmp(e->text, "C") || !strcmp(e->text, "relevel");
        for (size_t i = 0; i < e->nargs; i++) {
            if ((is_poly || is_factor) && i > 0)
                continue;
            if (collect_names(e->args[i], names, n))
                return -1;
        }
        return 0;
    }
    if (collect_names(e->a, names, n) || collect_names(e->b, names, n))
        return -1;
    return 0;
}

/* ------------------------------------------------------- term algebra */

static lr_status encode(rctx *c, const lr__expr *e, tlist *out);

static lr_status variable_term(rctx *c, const lr__expr *e, tlist *out)
{
    size_t idx;
    if (variable_of(c, e, &idx) != LR_OK)
        return c->st;
    tset t = {malloc(sizeof(size_t)), 1};
    if (!t.v)
        return oom(c);
    t.v[0] = idx;
    return tl_push(out, t) ? oom(c) : LR_OK;
}

static int lhs_uses(const rctx *c, const char *name)
{
    char **names = NULL;
    size_t n = 0;
    int found = 0;
    if (c->lhs && collect_names(c->lhs, &names, &n) == 0)
        for (size_t i = 0; i < n; i++)
            found |= !strcmp(names[i], name);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return found;
}

static lr_status encode_dot(rctx *c, tlist *out)
{
    if (!c->frame)
        return c->st = lr__fail(LR_ERR_INVALID_ARG, "formula \"%s\": '.' needs a data frame",
                                c->d->formula);
    for (size_t j = 0; j < lr_frame_ncols(c->frame); j++) {
        const char *name = lr_frame_name(c->frame, j);
        if (lhs_uses(c, name) || (c->d->weights && !strcmp(name, c->d->weights)))
            continue;
        lr__expr *e = lr__expr_name(name);
        if (!e)
            return oom(c);
        lr_status st = variable_term(c, e, out);
        lr__expr_free(e);
        if (st != LR_OK)
            return st;
    }
    return LR_OK;
}

/* Every pairwise union of the terms of a and b, a-major (R's InteractTerms). */
#define MAX_TERMS 4000

static lr_status interact(rctx *c, const tlist *a, const tlist *b, tlist *out)
{
    if ((double)a->n * (double)b->n > 100000.0)
        return c->st = lr__fail(LR_ERR_INVALID_ARG,
                                "formula \"%s\": an interaction of %zu by %zu terms is too large",
                                c->d->formula, a->n, b->n);
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            tset u;
            if (ts_union(&a->t[i], &b->t[j], &u) || tl_push(out, u))
                return oom(c);
            if (out->n > MAX_TERMS)
                return c->st = lr__fail(LR_ERR_INVALID_ARG,
                                        "formula \"%s\": more than %d terms", c->d->formula,
                                        MAX_TERMS);
        }
    return LR_OK;
}

/* The union of every term of l into one term. */
static lr_status all_of(rctx *c, const tlist *l, tset *out)
{
    out->v = malloc(sizeof(size_t));
    out->n = 0;
    if (!out->v)
        return oom(c);
    for (size_t i = 0; i < l->n; i++) {
        tset u;
        if (ts_union(out, &l->t[i], &u)) {
            free(out->v);
            return oom(c);
        }
        free(out->v);
        *out = u;
    }
    return LR_OK;
}

static lr_status encode_binary(rctx *c, const lr__expr *e, tlist *out)
{
    const char *op = e->op;
    tlist a = {0}, b = {0};
    lr_status st = LR_OK;
    if (!strcmp(op, "-")) {
        if ((st = encode(c, e->a, &a)) != LR_OK)
            goto done;
        c->parity = !c->parity;
        st = encode(c, e->b, &b);
        c->parity = !c->parity;
        if (st != LR_OK)
            goto done;
        for (size_t i = 0; i < a.n; i++) {
            int drop = 0;
            for (size_t j = 0; j < b.n; j++)
                drop |= ts_equal(&a.t[i], &b.t[j]);
            if (!drop && tl_push_copy(out, &a.t[i])) {
                st = oom(c);
                goto done;
            }
        }
        goto done;
    }
    if (!strcmp(op, "^")) {
        const lr__expr *n = e->b;
        while (n->kind == EX_PAREN)
            n = n->a;
        if (n->kind != EX_NUM || n->num < 1 || n->num != (double)(long)n->num || n->num > 64) {
            st = c->st = lr__fail(LR_ERR_PARSE,
                                  "formula \"%s\": the power in '(...)^n' must be a positive "
                                  "integer (for a power of a variable write I(x^2))",
                                  c->d->formula);
            goto done;
        }
        if ((st = encode(c, e->a, &a)) != LR_OK)
            goto done;
        tlist right = {0};
        for (size_t i = 0; i < a.n; i++)
            if (tl_push_copy(&right, &a.t[i])) {
                tl_free(&right);
                st = oom(c);
                goto done;
            }
        for (long k = 1; k < (long)n->num; k++) {
            tlist next = {0};
            if ((st = interact(c, &a, &right, &next)) != LR_OK) {
                tl_free(&next);
                tl_free(&right);
                goto done;
            }
            tl_free(&right);
            right = next;
        }
        for (size_t i = 0; i < right.n; i++)
            if (tl_push_copy(out, &right.t[i])) {
                st = oom(c);
                break;
            }
        tl_free(&right);
        goto done;
    }
    if ((st = encode(c, e->a, &a)) != LR_OK || (st = encode(c, e->b, &b)) != LR_OK)
        goto done;
    if (!strcmp(op, "+")) {
        for (size_t i = 0; i < a.n && st == LR_OK; i++)
            if (tl_push_copy(out, &a.t[i]))
                st = oom(c);
        for (size_t i = 0; i < b.n && st == LR_OK; i++)
            if (tl_push_copy(out, &b.t[i]))
                st = oom(c);
    } else if (!strcmp(op, ":")) {
        st = interact(c, &a, &b, out);
    } else if (!strcmp(op, "*")) {
        for (size_t i = 0; i < a.n && st == LR_OK; i++)
            if (tl_push_copy(out, &a.t[i]))
                st = oom(c);
        for (size_t i = 0; i < b.n && st == LR_OK; i++)
            if (tl_push_copy(out, &b.t[i]))
                st = oom(c);
        if (st == LR_OK)
            st = interact(c, &a, &b, out);
    } else if (!strcmp(op, "/") || !strcmp(op, "%in%")) {
        /* a/b: a, then (all of a) with each term of b; a %in% b: each term
         * of a with (all of b) */
        int nest = op[0] == '/';
        tset all;
        if ((st = all_of(c, nest ? &a : &b, &all)) != LR_OK)
            goto done;
        tlist one = {0};
        if (tl_push(&one, all)) {
            st = oom(c);
            goto done;
        }
        if (nest) {
            for (size_t i = 0; i < a.n && st == LR_OK; i++)
                if (tl_push_copy(out, &a.t[i]))
                    st = oom(c);
            if (st == LR_OK)
                st = interact(c, &one, &b, out);
        } else {
            st = interact(c, &a, &one, out);
        }
        tl_free(&one);
    }
done:
    tl_free(&a);
    tl_free(&b);
    return st;
}

static lr_status encode(rctx *c, const lr__expr *e, tlist *out)
{
    switch (e->kind) {
    case EX_PAREN:
    case EX_POS:
        return encode(c, e->a, out);
    case EX_NUM:
        if (e->num == 1 || e->num == 0) {
            /* 1 adds the intercept, 0 removes it; inside '-' the reverse */
            c->d->intercept = (e->num == 1) == (c->parity != 0);
            return LR_OK;
        }
        return c->st = lr__fail(LR_ERR_PARSE,
                                "formula \"%s\": the number %g cannot be a term (only 1 and 0, "
                                "for the intercept)",
                                c->d->formula, e->num);
    case EX_NEG: {
        /* -x deletes x from nothing: only its effect on the intercept stays */
        tlist none = {0};
        c->parity = !c->parity;
        lr_status st = encode(c, e->a, &none);
        c->parity = !c->parity;
        tl_free(&none);
        return st;
    }
    case EX_NAME:
        if (!strcmp(e->text, "."))
            return encode_dot(c, out);
        return variable_term(c, e, out);
    case EX_BIN:
        if (!strcmp(e->op, "~"))
            return c->st = lr__fail(LR_ERR_PARSE, "formula \"%s\": more than one '~'",
                                    c->d->formula);
        if (!strcmp(e->op, "%%"))
            return variable_term(c, e, out);
        return encode_binary(c, e, out);
    case EX_CALL:
        return variable_term(c, e, out);
    case EX_STR:
        return c->st = lr__fail(LR_ERR_PARSE, "formula \"%s\": the string \"%s\" cannot be a term",
                                c->d->formula, e->text);
    }
    return LR_OK;
}

/* ------------------------------------------------------- variable kinds */

static const char *const numeric_functions[] = {"I",    "log",  "log2", "log10", "log1p",
                                                "exp",  "sqrt", "abs",  NULL};

static int is_factor_call(const char *f)
{
    return !strcmp(f, "C") || !strcmp(f, "factor") || !strcmp(f, "as.factor") ||
           !strcmp(f, "relevel");
}

static lr_status bad_term(const lr_design *d, const dvar *v, const char *what)
{
    return lr__fail(LR_ERR_INVALID_ARG, "formula \"%s\": term '%s': %s", d->formula, v->label, what);
}

static int logical_value(const lr__expr *a, int *out)
{
    if (a->kind == EX_NAME && (!strcmp(a->text, "TRUE") || !strcmp(a->text, "T"))) {
        *out = 1;
        return 0;
    }
    if (a->kind == EX_NAME && (!strcmp(a->text, "FALSE") || !strcmp(a->text, "F"))) {
        *out = 0;
        return 0;
    }
    return -1;
}

/* Decides the kind of variable v and checks its arguments. */
static lr_status classify(lr_design *d, dvar *v)
{
    const lr__expr *e = v->e;
    if (e->kind == EX_CALL && is_factor_call(e->text)) {
        v->kind = VAR_FACTOR;
        if (e->nargs < 1 || e->argnames[0] || e->args[0]->kind != EX_NAME)
            return bad_term(d, v, "the first argument must be a column name");
        v->arg = e->args[0];
        int is_relevel = !strcmp(e->text, "relevel"), is_c = !strcmp(e->text, "C");
        for (size_t i = 1; i < e->nargs; i++) {
            const lr__expr *a = e->args[i];
            int ref_arg = (e->argnames[i] && !strcmp(e->argnames[i], "ref") && (is_c || is_relevel)) ||
                          (!e->argnames[i] && is_relevel && i == 1);
            if (!ref_arg)
                return bad_term(d, v, is_c || is_relevel
                                          ? "the only argument supported after the column is "
                                            "ref = \"level\""
                                          : "factor() takes only the column");
            char buf[64];
            const char *ref = a->kind == EX_STR ? a->text
                              : a->kind == EX_NUM ? lr__r_format_number(a->num, buf, sizeof buf)
                                                  : NULL;
            if (!ref)
                return bad_term(d, v, "ref must be a level, e.g. ref = \"yes\"");
            free(v->ref);
            if (!(v->ref = lr__strdup(ref)))
                return lr__fail(LR_ERR_NOMEM, "out of memory");
        }
        if (is_relevel && !v->ref)
            return bad_term(d, v, "relevel() needs ref = \"level\"");
        return LR_OK;
    }
    if (e->kind == EX_CALL && !strcmp(e->text, "poly")) {
        v->kind = VAR_POLY;
        v->degree = 1;
        v->raw = 0;
        int have_degree = 0, have_raw = 0;
        if (e->nargs < 1 || (e->argnames[0] && strcmp(e->argnames[0], "x")))
            return bad_term(d, v, "poly() needs the variable first");
        v->arg = e->args[0];
        for (size_t i = 1; i < e->nargs; i++) {
            const char *nm = e->argnames[i];
            const lr__expr *a = e->args[i];
            if ((!nm && i == 1 && !have_degree) || (nm && !strcmp(nm, "degree"))) {
                if (a->kind != EX_NUM || a->num < 1 || a->num > 30 || a->num != (double)(int)a->num)
                    return bad_term(d, v, "the degree must be an integer from 1 to 30");
                v->degree = (int)a->num;
                have_degree = 1;
            } else if ((!nm && i == 2 && !have_raw) || (nm && !strcmp(nm, "raw"))) {
                if (logical_value(a, &v->raw))
                    return bad_term(d, v, "raw must be TRUE or FALSE");
                have_raw = 1;
            } else {
                return bad_term(d, v, "poly() takes (x, degree, raw = TRUE|FALSE) only");
            }
        }
        v->ncols = (size_t)v->degree;
        return LR_OK;
    }
    if (e->kind == EX_CALL) {
        int known = 0;
        for (int i = 0; numeric_functions[i]; i++)
            known |= !strcmp(e->text, numeric_functions[i]);
        if (!known)
            return bad_term(d, v, "unknown function (supported: I, log, log2, log10, log1p, exp, "
                                  "sqrt, abs, poly, C, factor, as.factor, relevel)");
    }
    if (e->kind == EX_NAME && !strcmp(e->text, "."))
        return bad_term(d, v, "'.' cannot be used inside a function");
    v->kind = VAR_NUMERIC;
    v->ncols = 1;
    return LR_OK;
}

/* Records the columns v reads and checks they exist in the frame; a
 * variable that is a bare categorical column is a factor. */
static lr_status resolve_refs(lr_design *d, dvar *v, const lr_frame *frame)
{
    if (collect_names(v->e, &v->refs, &v->nrefs))
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    /* constants that are not columns */
    for (size_t i = 0; i < v->nrefs;) {
        size_t j;
        if (!strcmp(v->refs[i], "pi") && lr_frame_find(frame, "pi", &j) != LR_OK) {
            free(v->refs[i]);
            memmove(v->refs + i, v->refs + i + 1, (v->nrefs - i - 1) * sizeof *v->refs);
            v->nrefs--;
            continue;
        }
        i++;
    }
    lr__clear_error();
    for (size_t i = 0; i < v->nrefs; i++) {
        size_t j;
        if (lr_frame_find(frame, v->refs[i], &j) != LR_OK) {
            lr_strbuf sb = {0};
            for (size_t c = 0; c < lr_frame_ncols(frame) && c < 20; c++)
                lr__sb_append(&sb, "%s%s", c ? ", " : "", lr_frame_name(frame, c));
            if (lr_frame_ncols(frame) > 20)
                lr__sb_puts(&sb, ", ...");
            lr_status st = lr__fail(LR_ERR_NOT_FOUND,
                                    "formula \"%s\": term '%s': no column named '%s' in the "
                                    "data (columns: %s)",
                                    d->formula, v->label, v->refs[i], sb.data ? sb.data : "");
            lr__sb_free(&sb);
            return st;
        }
        int categorical = lr_frame_column_type(frame, j) == LR_COLUMN_CATEGORICAL;
        if (v->kind == VAR_NUMERIC && categorical) {
            if (v->e->kind == EX_NAME) {
                v->kind = VAR_FACTOR; /* a categorical column by itself: treatment coding */
                continue;
            }
            return lr__fail(LR_ERR_INVALID_ARG,
                            "formula \"%s\": term '%s': column '%s' is categorical and cannot "
                            "enter arithmetic (use it as a term of its own, or C(%s))",
                            d->formula, v->label, v->refs[i], v->refs[i]);
        }
        if (v->kind == VAR_POLY && categorical)
            return lr__fail(LR_ERR_INVALID_ARG,
                            "formula \"%s\": term '%s': column '%s' is categorical", d->formula,
                            v->label, v->refs[i]);
        if (v->kind == VAR_FACTOR)
            v->from_numeric = !categorical;
    }
    return LR_OK;
}

static int cmp_order(const void *a, const void *b)
{
    const tset *x = a, *y = b;
    return (x->n > y->n) - (x->n < y->n);
}

lr_status lr__design_resolve(lr_design *d, const lr__expr *f, const lr_frame *frame)
{
    if (f->kind != EX_BIN || strcmp(f->op, "~"))
        return lr__fail(LR_ERR_PARSE, "formula \"%s\": expected 'response ~ terms' or '~ terms'",
                        d->formula);
    rctx c = {d, frame, f->a, LR_OK, 1};
    d->intercept = 1;
    if (f->a) { /* the response is variable 0 */
        size_t idx;
        if (f->a->kind == EX_BIN && !strcmp(f->a->op, "~"))
            return lr__fail(LR_ERR_PARSE, "formula \"%s\": more than one '~'", d->formula);
        if (variable_of(&c, f->a, &idx) != LR_OK)
            return c.st;
        d->has_response = 1;
    }
    tlist terms = {0};
    lr_status st = encode(&c, f->b, &terms);
    if (st == LR_OK) {
        /* stable sort by order: insertion sort keeps equal orders in place */
        for (size_t i = 1; i < terms.n; i++) {
            tset t = terms.t[i];
            size_t j = i;
            while (j > 0 && cmp_order(&terms.t[j - 1], &t) > 0) {
                terms.t[j] = terms.t[j - 1];
                j--;
            }
            terms.t[j] = t;
        }
        for (size_t i = 0; i < terms.n; i++)
            for (size_t j = 0; d->has_response && j < terms.t[i].n; j++)
                if (terms.t[i].v[j] == 0) {
                    st = lr__fail(LR_ERR_INVALID_ARG,
                                  "formula \"%s\": the response '%s' also appears on the right "
                                  "of '~'",
                                  d->formula, d->vars[0].label);
                    break;
                }
    }
    if (st == LR_OK && terms.n == 0 && !d->intercept)
        st = lr__fail(LR_ERR_INVALID_ARG, "formula \"%s\": no terms and no intercept: nothing to fit",
                      d->formula);
    if (st == LR_OK && terms.n) {
        d->terms = calloc(terms.n, sizeof *d->terms);
        if (!d->terms)
            st = lr__fail(LR_ERR_NOMEM, "out of memory");
        else
            d->nterms = terms.n;
        for (size_t i = 0; st == LR_OK && i < terms.n; i++) {
            d->terms[i].vars = terms.t[i].v;
            d->terms[i].nvars = terms.t[i].n;
            terms.t[i].v = NULL;
            d->terms[i].full = calloc(d->terms[i].nvars, 1);
            lr_strbuf sb = {0};
            for (size_t j = 0; j < d->terms[i].nvars; j++)
                lr__sb_append(&sb, "%s%s", j ? ":" : "", d->vars[d->terms[i].vars[j]].label);
            d->terms[i].label = sb.data;
            if (!d->terms[i].full || !sb.data || sb.failed)
                st = lr__fail(LR_ERR_NOMEM, "out of memory");
        }
    }
    tl_free(&terms);
    for (size_t i = 0; st == LR_OK && i < d->nvars; i++)
        st = classify(d, &d->vars[i]);
    for (size_t i = 0; st == LR_OK && frame && i < d->nvars; i++)
        st = resolve_refs(d, &d->vars[i], frame);
    if (st == LR_OK && d->has_response && d->vars[0].kind != VAR_NUMERIC)
        st = lr__fail(LR_ERR_INVALID_ARG,
                      "formula \"%s\": the response '%s' must be numeric (it is %s)", d->formula,
                      d->vars[0].label, d->vars[0].kind == VAR_POLY ? "a polynomial" : "categorical");
    return st;
}

/* ------------------------------------------------- coding and columns */

/* R's TermCode: a factor in a term is coded by contrasts when the term
 * without it is empty or lies within an earlier term, else by all its
 * levels; without an intercept the first factor of the first term holding
 * one takes all its levels (model.matrix). */
static void decide_coding(lr_design *d)
{
    for (size_t t = 0; t < d->nterms; t++) {
        dterm *T = &d->terms[t];
        for (size_t a = 0; a < T->nvars; a++) {
            T->full[a] = 0;
            if (T->nvars == 1)
                continue;
            tset rest = {NULL, 0};
            size_t buf[64], *v = T->nvars - 1 <= 64 ? buf : malloc((T->nvars - 1) * sizeof *v);
            if (!v)
                continue;
            for (size_t b = 0; b < T->nvars; b++)
                if (b != a)
                    v[rest.n++] = T->vars[b];
            rest.v = v;
            int within = 0;
            for (size_t s = 0; s < t && !within; s++) {
                tset prev = {d->terms[s].vars, d->terms[s].nvars};
                within = ts_subset(&rest, &prev);
            }
            T->full[a] = !within;
            if (v != buf)
                free(v);
        }
    }
    if (!d->intercept)
        for (size_t t = 0; t < d->nterms; t++)
            for (size_t a = 0; a < d->terms[t].nvars; a++)
                if (d->vars[d->terms[t].vars[a]].kind == VAR_FACTOR) {
                    d->terms[t].full[a] = 1;
                    return;
                }
}

/* Number of columns variable v contributes in a term. */
static size_t var_width(const dvar *v, int full)
{
    if (v->kind == VAR_FACTOR)
        return full ? v->nlevels : v->nlevels - 1;
    return v->ncols;
}

static void sub_name(const dvar *v, int full, size_t c, lr_strbuf *sb)
{
    lr__sb_puts(sb, v->label);
    if (v->kind == VAR_FACTOR)
        lr__sb_puts(sb, v->levels[full ? c : c + 1]);
    else if (v->kind == VAR_POLY)
        lr__sb_append(sb, "%zu", c + 1);
}

lr_status lr__design_columns(lr_design *d)
{
    decide_coding(d);
    return lr__design_columns_keep_coding(d);
}

lr_status lr__design_columns_keep_coding(lr_design *d)
{
    size_t k = 0;
    for (size_t t = 0; t < d->nterms; t++) {
        dterm *T = &d->terms[t];
        size_t w = 1;
        for (size_t a = 0; a < T->nvars; a++)
            w *= var_width(&d->vars[T->vars[a]], T->full[a]);
        T->first_col = k;
        T->ncols = w;
        k += w;
    }
    for (size_t j = 0; j < d->k; j++)
        free(d->colnames[j]);
    free(d->colnames);
    free(d->colterm);
    d->k = k;
    d->colnames = calloc(k + 1, sizeof *d->colnames);
    d->colterm = calloc(k + 1, sizeof *d->colterm);
    if (!d->colnames || !d->colterm)
        return lr__fail(LR_ERR_NOMEM, "out of memory");
    for (size_t t = 0; t < d->nterms; t++) {
        dterm *T = &d->terms[t];
        for (size_t c = 0; c < T->ncols; c++) {
            lr_strbuf sb = {0};
            size_t rem = c;
            for (size_t a = 0; a < T->nvars; a++) { /* first variable varies fastest */
                const dvar *v = &d->vars[T->vars[a]];
                size_t w = var_width(v, T->full[a]);
                if (a)
                    lr__sb_puts(&sb, ":");
                sub_name(v, T->full[a], rem % w, &sb);
                rem /= w;
            }
            if (sb.failed || !sb.data) {
                lr__sb_free(&sb);
                return lr__fail(LR_ERR_NOMEM, "out of memory");
            }
            d->colnames[T->first_col + c] = sb.data;
            d->colterm[T->first_col + c] = t;
        }
    }
    return LR_OK;
}
