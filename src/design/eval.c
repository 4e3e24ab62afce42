/* Numeric variables of a design evaluated row by row in double-double:
 * columns, numbers, + - * / ^ (integer powers by binary powering, others
 * as exp(b log a)), %% (R's x - floor(x/y) y), and the functions I, log
 * (optionally with a base), log2, log10, log1p, exp, sqrt, abs. A value
 * outside a function's domain or a non-finite result is an error naming the
 * term, the row of the data and the value. Also poly(): raw powers, or R's
 * orthogonal polynomials (the three-term recurrence of predict(poly), with
 * the coefficients alpha and norm2 found from the data by the Stieltjes
 * procedure, the same basis R's QR construction gives). */
#include "ddmath.h"
#include "design_internal.h"

#include <gsl/gsl_sort.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const lr_frame *frame;
    const size_t *rows;
    size_t n;
    const char *label;
} ectx;

static lr_status domain_error(const ectx *c, size_t i, const char *what, double value)
{
    char buf[40];
    return lr__fail(LR_ERR_INVALID_ARG, "term '%s': %s (%s) at row %zu of the data", c->label, what,
                    lr__r_format_number(value, buf, sizeof buf), c->rows[i] + 1);
}

static int const_value(const lr__expr *e, double *v)
{
    while (e->kind == EX_PAREN || e->kind == EX_POS)
        e = e->a;
    if (e->kind == EX_NUM) {
        *v = e->num;
        return 1;
    }
    if (e->kind == EX_NEG && const_value(e->a, v)) {
        *v = -*v;
        return 1;
    }
    return 0;
}

static lr_status eval(const ectx *c, const lr__expr *e, lr_dd *out);

static lr_status eval_call(const ectx *c, const lr__expr *e, lr_dd *out)
{
    const char *f = e->text;
    size_t n = c->n;
    int is_log = !strcmp(f, "log");
    if (e->nargs < 1 || e->argnames[0] || (e->nargs > 1 && !is_log) || e->nargs > 2)
        return lr__fail(LR_ERR_INVALID_ARG, "term '%s': %s() takes one argument%s", c->label, f,
                        is_log ? " (and optionally base = b)" : "");
    lr_status st = eval(c, e->args[0], out);
    if (st != LR_OK)
        return st;
    if (!strcmp(f, "I"))
        return LR_OK;
    lr_dd base_log = lr_dd_from(1.0);
    int has_base = 0;
    if (is_log && e->nargs == 2) {
        double b;
        if ((e->argnames[1] && strcmp(e->argnames[1], "base")) || !const_value(e->args[1], &b) ||
            !(b > 0) || b == 1)
            return lr__fail(LR_ERR_INVALID_ARG,
                            "term '%s': the base of log() must be a positive number other than 1",
                            c->label);
        base_log = lr_dd_log(lr_dd_from(b));
        has_base = 1;
    }
    if (!strcmp(f, "log2") || !strcmp(f, "log10")) {
        base_log = lr_dd_log(lr_dd_from(f[3] == '2' ? 2.0 : 10.0));
        has_base = 1;
    }
    for (size_t i = 0; i < n; i++) {
        lr_dd x = out[i];
        if (!strncmp(f, "log", 3)) {
            if (!strcmp(f, "log1p"))
                x = lr_dd_add_d(x, 1.0);
            if (!(x.hi > 0))
                return domain_error(c, i, "log of a non-positive value", out[i].hi);
            out[i] = lr_dd_log(x);
            if (has_base)
                out[i] = lr_dd_div(out[i], base_log);
        } else if (!strcmp(f, "exp")) {
            out[i] = lr_dd_exp(x);
        } else if (!strcmp(f, "sqrt")) {
            if (x.hi < 0)
                return domain_error(c, i, "square root of a negative value", x.hi);
            out[i] = x.hi == 0 ? lr_dd_from(0.0) : lr_dd_sqrt(x);
        } else if (!strcmp(f, "abs")) {
            out[i] = x.hi < 0 ? lr_dd_neg(x) : x;
        } else {
            return lr__fail(LR_ERR_INVALID_ARG, "term '%s': unknown function %s()", c->label, f);
        }
    }
    return LR_OK;
}

static lr_status eval_binary(const ectx *c, const lr__expr *e, lr_dd *out)
{
    const size_t n = c->n;
    const char *op = e->op;
    lr_status st = eval(c, e->a, out);
    if (st != LR_OK)
        return st;
    double k;
    if (!strcmp(op, "^") && const_value(e->b, &k) && k == (double)(long)k && fabs(k) <= 1024) {
        for (size_t i = 0; i < n; i++) {
            if (k < 0 && out[i].hi == 0)
                return domain_error(c, i, "zero to a negative power", out[i].hi);
            out[i] = lr_dd_powi(out[i], (long)k);
        }
        return LR_OK;
    }
    lr_dd *b = malloc((n ? n : 1) * sizeof *b);
    if (!b)
        return lr__fail(LR_ERR_NOMEM, "out of memory evaluating '%s'", c->label);
    if ((st = eval(c, e->b, b)) != LR_OK) {
        free(b);
        return st;
    }
    for (size_t i = 0; i < n && st == LR_OK; i++) {
        switch (op[0]) {
        case '+': out[i] = lr_dd_add(out[i], b[i]); break;
        case '-': out[i] = lr_dd_sub(out[i], b[i]); break;
        case '*': out[i] = lr_dd_mul(out[i], b[i]); break;
        case '/':
            if (b[i].hi == 0)
                st = domain_error(c, i, "division by zero, numerator", out[i].hi);
            else
                out[i] = lr_dd_div(out[i], b[i]);
            break;
        case '^':
            if (out[i].hi < 0 || (out[i].hi == 0 && b[i].hi <= 0))
                st = domain_error(c, i, "a negative or zero base to a non-integer power", out[i].hi);
            else if (out[i].hi == 0)
                out[i] = lr_dd_from(0.0);
            else
                out[i] = lr_dd_pow(out[i], b[i]);
            break;
        case '%': {
            double x = out[i].hi + out[i].lo, y = b[i].hi + b[i].lo;
            if (y == 0)
                st = domain_error(c, i, "modulo by zero, value", x);
            else
                out[i] = lr_dd_from(x - floor(x / y) * y);
            break;
        }
        default:
            st = lr__fail(LR_ERR_INVALID_ARG, "term '%s': the operator '%s' is not arithmetic here",
                          c->label, op);
        }
    }
    free(b);
    return st;
}

static lr_status eval(const ectx *c, const lr__expr *e, lr_dd *out)
{
    const size_t n = c->n;
    switch (e->kind) {
    case EX_NUM:
        for (size_t i = 0; i < n; i++)
            out[i] = lr_dd_from(e->num);
        return LR_OK;
    case EX_NAME: {
        size_t j;
        if (lr_frame_find(c->frame, e->text, &j) != LR_OK) {
            if (!strcmp(e->text, "pi")) {
                const lr_dd pi = {0x1.921fb54442d18p+1, 0x1.1a62633145c07p-53};
                for (size_t i = 0; i < n; i++)
                    out[i] = pi;
                return LR_OK;
            }
            return lr__fail(LR_ERR_NOT_FOUND, "term '%s': no column named '%s' in the data",
                            c->label, e->text);
        }
        const double *x = lr_frame_column(c->frame, j);
        if (!x)
            return lr__fail(LR_ERR_INVALID_ARG, "term '%s': column '%s' is categorical, not numeric",
                            c->label, e->text);
        for (size_t i = 0; i < n; i++)
            out[i] = lr_dd_from(x[c->rows[i]]);
        return LR_OK;
    }
    case EX_PAREN:
    case EX_POS:
        return eval(c, e->a, out);
    case EX_NEG: {
        lr_status st = eval(c, e->a, out);
        for (size_t i = 0; st == LR_OK && i < n; i++)
            out[i] = lr_dd_neg(out[i]);
        return st;
    }
    case EX_BIN:
        return eval_binary(c, e, out);
    case EX_CALL:
        return eval_call(c, e, out);
    case EX_STR:
        return lr__fail(LR_ERR_INVALID_ARG, "term '%s': the string \"%s\" is not a number", c->label,
                        e->text);
    }
    return LR_OK;
}

lr_status lr__eval_numeric(const lr__expr *e, const lr_frame *frame, const size_t *rows, size_t n,
                           const char *label, double *hi, double *lo)
{
    lr_dd *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return lr__fail(LR_ERR_NOMEM, "out of memory evaluating '%s'", label);
    ectx c = {frame, rows, n, label};
    lr_status st = eval(&c, e, v);
    for (size_t i = 0; st == LR_OK && i < n; i++) {
        if (!isfinite(v[i].hi)) {
            st = lr__fail(LR_ERR_NONFINITE, "term '%s': the value at row %zu of the data is %s",
                          label, rows[i] + 1, isnan(v[i].hi) ? "NaN" : v[i].hi > 0 ? "Inf" : "-Inf");
            break;
        }
        hi[i] = v[i].hi;
        if (lo)
            lo[i] = v[i].lo;
    }
    free(v);
    return st;
}

/* ---------------------------------------------------------------- poly */

static lr_status poly_coefficients(dvar *v, const lr_dd *x, size_t n)
{
    const int d = v->degree;
    double *sorted = malloc((n ? n : 1) * sizeof *sorted);
    lr_dd *z = malloc((n ? n : 1) * sizeof *z), *zp = malloc((n ? n : 1) * sizeof *zp);
    free(v->alpha);
    free(v->norm2);
    v->alpha = calloc((size_t)d, sizeof *v->alpha);
    v->norm2 = calloc((size_t)d + 2, sizeof *v->norm2);
    lr_status st = LR_OK;
    if (!sorted || !z || !zp || !v->alpha || !v->norm2) {
        st = lr__fail(LR_ERR_NOMEM, "out of memory for '%s'", v->label);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        sorted[i] = x[i].hi;
    gsl_sort(sorted, 1, n);
    size_t unique = n ? 1 : 0;
    for (size_t i = 1; i < n; i++)
        unique += sorted[i] != sorted[i - 1];
    if ((size_t)d >= unique) {
        st = lr__fail(LR_ERR_INVALID_ARG,
                      "term '%s': the degree must be less than the number of unique points (%zu)",
                      v->label, unique);
        goto done;
    }
    /* Z_0 = 1, Z_1 = x - alpha_1, Z_{i+1} = (x - alpha_{i+1}) Z_i - (|Z_i|^2/|Z_{i-1}|^2) Z_{i-1};
     * alpha_{i+1} = sum x Z_i^2 / |Z_i|^2; norm2 = (1, n, |Z_1|^2, ..., |Z_d|^2). */
    lr_dd sum = lr_dd_from(0.0);
    for (size_t i = 0; i < n; i++)
        sum = lr_dd_add(sum, x[i]);
    lr_dd nrm_prev = lr_dd_from((double)n), nrm;
    v->norm2[0] = 1.0;
    v->norm2[1] = (double)n;
    lr_dd alpha = lr_dd_div(sum, nrm_prev);
    v->alpha[0] = alpha.hi;
    for (size_t i = 0; i < n; i++) {
        zp[i] = lr_dd_from(1.0);
        z[i] = lr_dd_sub(x[i], alpha);
    }
    for (int k = 1; k <= d; k++) {
        lr_dd s2 = lr_dd_from(0.0), sx = lr_dd_from(0.0);
        for (size_t i = 0; i < n; i++) {
            lr_dd q = lr_dd_mul(z[i], z[i]);
            s2 = lr_dd_add(s2, q);
            sx = lr_dd_add(sx, lr_dd_mul(x[i], q));
        }
        nrm = s2;
        v->norm2[k + 1] = nrm.hi;
        if (k == d)
            break;
        alpha = lr_dd_div(sx, nrm);
        v->alpha[k] = alpha.hi;
        lr_dd ratio = lr_dd_div(nrm, nrm_prev);
        for (size_t i = 0; i < n; i++) {
            lr_dd next = lr_dd_sub(lr_dd_mul(lr_dd_sub(x[i], alpha), z[i]), lr_dd_mul(ratio, zp[i]));
            zp[i] = z[i];
            z[i] = next;
        }
        nrm_prev = nrm;
    }
done:
    free(sorted);
    free(z);
    free(zp);
    return st;
}

lr_status lr__eval_poly(dvar *v, const double *xh, const double *xl, size_t n, int fit, double *hi,
                        double *lo)
{
    const int d = v->degree;
    lr_dd *x = malloc((n ? n : 1) * sizeof *x);
    if (!x)
        return lr__fail(LR_ERR_NOMEM, "out of memory for '%s'", v->label);
    for (size_t i = 0; i < n; i++)
        x[i] = (lr_dd){xh[i], xl ? xl[i] : 0.0};
    lr_status st = LR_OK;
    if (v->raw) {
        for (size_t i = 0; i < n; i++) {
            lr_dd p = x[i];
            for (int k = 0; k < d; k++) {
                if (k)
                    p = lr_dd_mul(p, x[i]);
                hi[i + (size_t)k * n] = p.hi;
                lo[i + (size_t)k * n] = p.lo;
            }
        }
        free(x);
        return LR_OK;
    }
    if (fit && (st = poly_coefficients(v, x, n)) != LR_OK) {
        free(x);
        return st;
    }
    /* predict.poly's recurrence, scaled by sqrt(norm2) */
    lr_dd scale[32];
    for (int k = 1; k <= d; k++)
        scale[k] = lr_dd_sqrt(lr_dd_from(v->norm2[k + 1]));
    for (size_t i = 0; i < n; i++) {
        lr_dd zp = lr_dd_from(1.0), z = lr_dd_sub(x[i], lr_dd_from(v->alpha[0]));
        for (int k = 1; k <= d; k++) {
            lr_dd out = lr_dd_div(z, scale[k]);
            hi[i + (size_t)(k - 1) * n] = out.hi;
            lo[i + (size_t)(k - 1) * n] = out.lo;
            if (k == d)
                break;
            lr_dd ratio = lr_dd_div(lr_dd_from(v->norm2[k + 1]), lr_dd_from(v->norm2[k]));
            lr_dd next = lr_dd_sub(lr_dd_mul(lr_dd_sub(x[i], lr_dd_from(v->alpha[k])), z),
                                   lr_dd_mul(ratio, zp));
            zp = z;
            z = next;
        }
    }
    free(x);
    return st;
}
