/* Tokenizer, Pratt parser and deparser of R expressions as they appear in
 * model formulas. Precedence follows R's ?Syntax, tightest first: calls and
 * parentheses; ^ (right-associative); unary - +; :; %any%; * /; binary + -;
 * ~. The deparser reproduces R's deparse(): spaces around + - * ~ and
 * comparison-free infix operators, none around / ^ : %%, numbers with 15
 * significant digits, non-syntactic names in backticks, strings in double
 * quotes, named arguments as "name = value". */
#include "expr.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ numbers */

char *lr__r_format_number(double x, char *buf, size_t size)
{
    if (isnan(x)) {
        lr__snprintf_c(buf, size, "NaN");
        return buf;
    }
    if (isinf(x)) {
        lr__snprintf_c(buf, size, x > 0 ? "Inf" : "-Inf");
        return buf;
    }
    if (x == 0) {
        lr__snprintf_c(buf, size, "0");
        return buf;
    }
    /* significant digits needed at 15-digit precision, and the decimal exponent */
    char e[40];
    lr__snprintf_c(e, sizeof e, "%.14e", x);
    const char *m = e + (x < 0);
    const char *epos = strchr(m, 'e');
    int kpower = atoi(epos + 1);
    int nsig = 15;
    const char *last = epos - 1; /* digits: m[0], m[2..] */
    while (nsig > 1 && *last == '0') {
        nsig--;
        last--;
    }
    int neg = x < 0;
    int rgt = nsig - kpower - 1;
    if (rgt < 0)
        rgt = 0;
    int left = kpower >= 0 ? kpower + 1 : 1;
    int wfixed = neg + left + (rgt > 0 ? rgt + 1 : 0);
    int wsci = neg + (nsig > 1 ? nsig + 1 : 1) + (abs(kpower) >= 100 ? 5 : 4);
    if (wfixed <= wsci)
        lr__snprintf_c(buf, size, "%.*f", rgt, x);
    else
        lr__snprintf_c(buf, size, "%.*e", nsig - 1, x);
    return buf;
}

/* ------------------------------------------------------------ tokens */

typedef enum { TK_END, TK_NUM, TK_NAME, TK_STR, TK_OP, TK_LP, TK_RP, TK_COMMA, TK_EQ } tkind;

typedef struct {
    tkind kind;
    size_t pos, len; /* in the source */
    char op[6];
    double num;
    int is_int;
    char *text; /* TK_NAME / TK_STR, decoded; TK_NUM: the literal */
} token;

typedef struct {
    const char *src;
    size_t pos;
    token tok;
    lr_status st;
    int depth; /* nesting of parse_expr, bounded so a hostile formula cannot exhaust the stack */
} parser;

#define MAX_DEPTH 200

static lr_status perr(parser *p, size_t pos, const char *what)
{
    if (p->st != LR_OK)
        return p->st;
    /* quote at most 160 characters of a long formula, so the message fits */
    int n = strlen(p->src) > 160 ? 157 : 160;
    p->st = lr__fail(LR_ERR_PARSE, "formula \"%.*s%s\": %s at character %zu", n, p->src,
                     strlen(p->src) > 160 ? "..." : "", what, pos + 1);
    return p->st;
}

static int name_start(unsigned char c) { return isalpha(c) || c == '.' || c >= 0x80; }
static int name_char(unsigned char c) { return isalnum(c) || c == '.' || c == '_' || c >= 0x80; }

static char *dup_range(const char *s, size_t n)
{
    char *t = malloc(n + 1);
    if (t) {
        memcpy(t, s, n);
        t[n] = '\0';
    }
    return t;
}

/* Reads the next token into p->tok. */
static lr_status next(parser *p)
{
    free(p->tok.text);
    memset(&p->tok, 0, sizeof p->tok);
    const char *s = p->src;
    while (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\n' || s[p->pos] == '\r')
        p->pos++;
    token *t = &p->tok;
    t->pos = p->pos;
    unsigned char c = (unsigned char)s[p->pos];
    if (!c) {
        t->kind = TK_END;
        return LR_OK;
    }
    if (isdigit(c) || (c == '.' && isdigit((unsigned char)s[p->pos + 1]))) {
        char *end;
        t->num = lr__strtod_c(s + p->pos, &end);
        size_t n = (size_t)(end - (s + p->pos));
        t->kind = TK_NUM;
        if (*end == 'L') {
            t->is_int = 1;
            n++;
        }
        if (name_char((unsigned char)s[p->pos + n]))
            return perr(p, p->pos, "malformed number");
        t->text = dup_range(s + p->pos, n);
        t->len = n;
        p->pos += n;
        return t->text ? LR_OK : lr__fail(LR_ERR_NOMEM, "out of memory");
    }
    if (name_start(c)) {
        size_t n = 0;
        while (name_char((unsigned char)s[p->pos + n]))
            n++;
        t->kind = TK_NAME;
        t->text = dup_range(s + p->pos, n);
        t->len = n;
        p->pos += n;
        return t->text ? LR_OK : lr__fail(LR_ERR_NOMEM, "out of memory");
    }
    if (c == '`' || c == '"' || c == '\'') {
        size_t i = p->pos + 1, n = 0;
        char *out = malloc(strlen(s + p->pos) + 1);
        if (!out)
            return lr__fail(LR_ERR_NOMEM, "out of memory");
        while (s[i] && s[i] != (char)c) {
            if (s[i] == '\\' && s[i + 1] && c != '`') {
                char e = s[i + 1];
                out[n++] = e == 'n' ? '\n' : e == 't' ? '\t' : e;
                i += 2;
            } else {
                out[n++] = s[i++];
            }
        }
        out[n] = '\0';
        if (!s[i]) {
            free(out);
            return perr(p, p->pos, c == '`' ? "unterminated backtick name" : "unterminated string");
        }
        if (c == '`' && n == 0) {
            free(out);
            return perr(p, p->pos, "empty backtick name");
        }
        t->kind = c == '`' ? TK_NAME : TK_STR;
        t->text = out;
        t->len = i + 1 - p->pos;
        p->pos = i + 1;
        return LR_OK;
    }
    t->len = 1;
    p->pos++;
    switch (c) {
    case '(': t->kind = TK_LP; return LR_OK;
    case ')': t->kind = TK_RP; return LR_OK;
    case ',': t->kind = TK_COMMA; return LR_OK;
    case '~': case '+': case '-': case '*': case '/': case '^': case ':':
        t->kind = TK_OP;
        t->op[0] = (char)c;
        return LR_OK;
    case '=':
        if (s[p->pos] == '=')
            return perr(p, t->pos, "comparison operator '==' is not supported");
        t->kind = TK_EQ;
        return LR_OK;
    case '%': {
        const char *z = strchr(s + p->pos, '%');
        if (!z)
            return perr(p, t->pos, "unterminated %operator%");
        size_t n = (size_t)(z - (s + p->pos)) + 2;
        if (n == 2 || (n == 4 && !strncmp(s + t->pos, "%in%", 4))) {
            t->kind = TK_OP;
            memcpy(t->op, s + t->pos, n);
            t->op[n] = '\0';
            t->len = n;
            p->pos = t->pos + n;
            return LR_OK;
        }
        return perr(p, t->pos, "only the %% and %in% operators are supported");
    }
    case '<': case '>': case '!': case '&': case '|':
        return perr(p, t->pos, "comparison and logical operators are not supported");
    default: {
        char what[48];
        lr__snprintf_c(what, sizeof what, "unexpected character '%c'", c);
        return perr(p, t->pos, what);
    }
    }
}

/* ---------------------------------------------------------------- AST */

static lr__expr *node(lr__ekind kind)
{
    lr__expr *e = calloc(1, sizeof *e);
    if (e)
        e->kind = kind;
    return e;
}

void lr__expr_free(lr__expr *e)
{
    if (!e)
        return;
    free(e->text);
    lr__expr_free(e->a);
    lr__expr_free(e->b);
    for (size_t i = 0; i < e->nargs; i++) {
        lr__expr_free(e->args[i]);
        free(e->argnames[i]);
    }
    free(e->args);
    free(e->argnames);
    free(e);
}

lr__expr *lr__expr_clone(const lr__expr *e)
{
    if (!e)
        return NULL;
    lr__expr *c = node(e->kind);
    if (!c)
        return NULL;
    memcpy(c->op, e->op, sizeof c->op);
    c->num = e->num;
    c->is_int = e->is_int;
    int bad = 0;
    if (e->text && !(c->text = lr__strdup(e->text)))
        bad = 1;
    if (e->a && !(c->a = lr__expr_clone(e->a)))
        bad = 1;
    if (e->b && !(c->b = lr__expr_clone(e->b)))
        bad = 1;
    if (e->nargs) {
        c->args = calloc(e->nargs, sizeof *c->args);
        c->argnames = calloc(e->nargs, sizeof *c->argnames);
        if (!c->args || !c->argnames)
            bad = 1;
        else
            c->nargs = e->nargs;
        for (size_t i = 0; !bad && i < e->nargs; i++) {
            if (!(c->args[i] = lr__expr_clone(e->args[i])))
                bad = 1;
            if (e->argnames[i] && !(c->argnames[i] = lr__strdup(e->argnames[i])))
                bad = 1;
        }
    }
    if (bad) {
        lr__expr_free(c);
        return NULL;
    }
    return c;
}

lr__expr *lr__expr_name(const char *name)
{
    lr__expr *e = node(EX_NAME);
    if (e && !(e->text = lr__strdup(name))) {
        free(e);
        return NULL;
    }
    return e;
}

/* ------------------------------------------------------------- parser */

static int binary_power(const token *t, int *right_assoc)
{
    *right_assoc = 0;
    if (t->kind != TK_OP)
        return -1;
    const char *o = t->op;
    if (!strcmp(o, "~"))
        return 1;
    if (!strcmp(o, "+") || !strcmp(o, "-"))
        return 3;
    if (!strcmp(o, "*") || !strcmp(o, "/"))
        return 4;
    if (o[0] == '%')
        return 5;
    if (!strcmp(o, ":"))
        return 6;
    if (!strcmp(o, "^")) {
        *right_assoc = 1;
        return 8;
    }
    return -1;
}

#define UNARY_POWER 7

static lr__expr *parse_expr(parser *p, int minbp);

static lr__expr *nomem(parser *p)
{
    if (p->st == LR_OK)
        p->st = lr__fail(LR_ERR_NOMEM, "out of memory parsing a formula");
    return NULL;
}

static lr__expr *parse_call(parser *p, char *fname)
{
    lr__expr *e = node(EX_CALL);
    if (!e) {
        free(fname);
        return nomem(p);
    }
    e->text = fname;
    if (next(p) != LR_OK) /* past '(' */
        goto fail;
    if (p->tok.kind == TK_RP)
        return next(p) == LR_OK ? e : (lr__expr_free(e), NULL);
    for (;;) {
        char *argname = NULL;
        if ((p->tok.kind == TK_NAME || p->tok.kind == TK_STR)) {
            /* a name followed by '=' names the argument */
            size_t save = p->pos;
            const char *s = p->src + save;
            while (*s == ' ' || *s == '\t')
                s++;
            if (*s == '=' && s[1] != '=') {
                argname = p->tok.text;
                p->tok.text = NULL;
                if (next(p) != LR_OK || next(p) != LR_OK) {
                    free(argname);
                    goto fail;
                }
            }
        }
        lr__expr *arg = parse_expr(p, 0);
        if (!arg) {
            free(argname);
            goto fail;
        }
        lr__expr **args = realloc(e->args, (e->nargs + 1) * sizeof *args);
        char **names = args ? realloc(e->argnames, (e->nargs + 1) * sizeof *names) : NULL;
        if (args)
            e->args = args;
        if (!args || !names) {
            free(argname);
            lr__expr_free(arg);
            nomem(p);
            goto fail;
        }
        e->argnames = names;
        e->args[e->nargs] = arg;
        e->argnames[e->nargs++] = argname;
        if (p->tok.kind == TK_COMMA) {
            if (next(p) != LR_OK)
                goto fail;
            continue;
        }
        if (p->tok.kind == TK_RP) {
            if (next(p) != LR_OK)
                goto fail;
            return e;
        }
        perr(p, p->tok.pos, "expected ',' or ')' in the arguments of a call");
        goto fail;
    }
fail:
    lr__expr_free(e);
    return NULL;
}

static lr__expr *parse_prefix(parser *p)
{
    token *t = &p->tok;
    lr__expr *e = NULL;
    switch (t->kind) {
    case TK_NUM:
        if (!(e = node(EX_NUM)))
            return nomem(p);
        e->num = t->num;
        e->is_int = t->is_int;
        e->text = t->text;
        t->text = NULL;
        return next(p) == LR_OK ? e : (lr__expr_free(e), NULL);
    case TK_STR:
        if (!(e = node(EX_STR)))
            return nomem(p);
        e->text = t->text;
        t->text = NULL;
        return next(p) == LR_OK ? e : (lr__expr_free(e), NULL);
    case TK_NAME: {
        char *name = t->text;
        t->text = NULL;
        if (next(p) != LR_OK) {
            free(name);
            return NULL;
        }
        if (p->tok.kind == TK_LP)
            return parse_call(p, name);
        if (!(e = node(EX_NAME))) {
            free(name);
            return nomem(p);
        }
        e->text = name;
        return e;
    }
    case TK_LP: {
        size_t open = t->pos;
        if (next(p) != LR_OK)
            return NULL;
        lr__expr *in = parse_expr(p, 0);
        if (!in)
            return NULL;
        if (p->tok.kind != TK_RP) {
            lr__expr_free(in);
            perr(p, open, "unbalanced parenthesis");
            return NULL;
        }
        if (next(p) != LR_OK || !(e = node(EX_PAREN))) {
            lr__expr_free(in);
            return e ? NULL : nomem(p);
        }
        e->a = in;
        return e;
    }
    case TK_OP:
        if (!strcmp(t->op, "-") || !strcmp(t->op, "+")) {
            lr__ekind k = t->op[0] == '-' ? EX_NEG : EX_POS;
            if (next(p) != LR_OK)
                return NULL;
            lr__expr *in = parse_expr(p, UNARY_POWER);
            if (!in)
                return NULL;
            if (!(e = node(k))) {
                lr__expr_free(in);
                return nomem(p);
            }
            e->a = in;
            return e;
        }
        if (!strcmp(t->op, "~")) { /* one-sided formula: ~ rhs */
            if (next(p) != LR_OK)
                return NULL;
            lr__expr *in = parse_expr(p, 1);
            if (!in)
                return NULL;
            if (!(e = node(EX_BIN))) {
                lr__expr_free(in);
                return nomem(p);
            }
            strcpy(e->op, "~");
            e->b = in;
            return e;
        }
        {
            char what[64];
            lr__snprintf_c(what, sizeof what, "expected a term before '%s'", t->op);
            perr(p, t->pos, what);
        }
        return NULL;
    case TK_END:
        perr(p, t->pos, "unexpected end of the formula");
        return NULL;
    default:
        perr(p, t->pos, "unexpected symbol");
        return NULL;
    }
}

static lr__expr *parse_expr_in(parser *p, int minbp);

static lr__expr *parse_expr(parser *p, int minbp)
{
    if (++p->depth > MAX_DEPTH) {
        perr(p, p->tok.pos, "the formula is nested too deeply");
        p->depth--;
        return NULL;
    }
    lr__expr *e = parse_expr_in(p, minbp);
    p->depth--;
    return e;
}

static lr__expr *parse_expr_in(parser *p, int minbp)
{
    lr__expr *left = parse_prefix(p);
    if (!left)
        return NULL;
    for (;;) {
        int right_assoc;
        int bp = binary_power(&p->tok, &right_assoc);
        if (bp < 0 || bp <= minbp)
            return left;
        lr__expr *e = node(EX_BIN);
        if (!e) {
            lr__expr_free(left);
            return nomem(p);
        }
        memcpy(e->op, p->tok.op, sizeof e->op);
        e->a = left;
        if (next(p) != LR_OK) {
            lr__expr_free(e);
            return NULL;
        }
        if (!(e->b = parse_expr(p, right_assoc ? bp - 1 : bp))) {
            lr__expr_free(e);
            return NULL;
        }
        left = e;
    }
}

lr_status lr__expr_parse(const char *text, lr__expr **out)
{
    *out = NULL;
    if (!text)
        return lr__fail(LR_ERR_INVALID_ARG, "the formula is NULL");
    parser p = {text, 0, {0}, LR_OK, 0};
    if (next(&p) != LR_OK)
        return p.st != LR_OK ? p.st : LR_ERR_PARSE;
    if (p.tok.kind == TK_END) {
        free(p.tok.text);
        return lr__fail(LR_ERR_PARSE, "the formula is empty");
    }
    lr__expr *e = parse_expr(&p, 0);
    if (e && p.tok.kind != TK_END) {
        perr(&p, p.tok.pos, p.tok.kind == TK_RP ? "unbalanced ')'" : "unexpected symbol");
        lr__expr_free(e);
        e = NULL;
    }
    free(p.tok.text);
    if (!e)
        return p.st != LR_OK ? p.st : lr__fail(LR_ERR_PARSE, "formula \"%s\": cannot parse", text);
    *out = e;
    return LR_OK;
}

/* ----------------------------------------------------------- deparse */

static const char *const reserved[] = {
    "if", "else", "repeat", "while", "function", "for", "next", "break", "in", "TRUE", "FALSE",
    "NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_character_", "NA_complex_", NULL};

int lr__syntactic_name(const char *s)
{
    if (!s || !*s)
        return 0;
    unsigned char c = (unsigned char)s[0];
    if (!(isalpha(c) || c == '.' || c >= 0x80))
        return 0;
    if (c == '.' && isdigit((unsigned char)s[1]))
        return 0;
    for (const char *q = s; *q; q++)
        if (!name_char((unsigned char)*q))
            return 0;
    for (int i = 0; reserved[i]; i++)
        if (!strcmp(s, reserved[i]))
            return 0;
    return 1;
}

static void deparse_name(const char *s, lr_strbuf *sb)
{
    /* R's constants are not names: TRUE stays TRUE */
    static const char *const constants[] = {"TRUE", "FALSE", "NULL", "NA", "Inf", "NaN", NULL};
    int constant = 0;
    for (int i = 0; constants[i]; i++)
        constant |= !strcmp(s, constants[i]);
    if (constant || lr__syntactic_name(s)) {
        lr__sb_puts(sb, s);
        return;
    }
    lr__sb_puts(sb, "`");
    lr__sb_puts(sb, s);
    lr__sb_puts(sb, "`");
}

static void deparse(const lr__expr *e, lr_strbuf *sb, int exact)
{
    char buf[64];
    switch (e->kind) {
    case EX_NUM:
        if (e->is_int)
            lr__sb_append(sb, "%.0fL", e->num);
        else if (exact)
            lr__sb_puts(sb, (lr__format_double(buf, sizeof buf, e->num), buf));
        else
            lr__sb_puts(sb, lr__r_format_number(e->num, buf, sizeof buf));
        break;
    case EX_NAME:
        deparse_name(e->text, sb);
        break;
    case EX_STR:
        lr__sb_puts(sb, "\"");
        for (const char *q = e->text; *q; q++) {
            if (*q == '"' || *q == '\\')
                lr__sb_puts(sb, "\\");
            char one[2] = {*q, 0};
            lr__sb_puts(sb, *q == '\n' ? "\\n" : *q == '\t' ? "\\t" : one);
        }
        lr__sb_puts(sb, "\"");
        break;
    case EX_CALL:
        deparse_name(e->text, sb);
        lr__sb_puts(sb, "(");
        for (size_t i = 0; i < e->nargs; i++) {
            if (i)
                lr__sb_puts(sb, ", ");
            if (e->argnames[i]) {
                deparse_name(e->argnames[i], sb);
                lr__sb_puts(sb, " = ");
            }
            deparse(e->args[i], sb, exact);
        }
        lr__sb_puts(sb, ")");
        break;
    case EX_BIN: {
        int tight = !strcmp(e->op, "/") || !strcmp(e->op, "^") || !strcmp(e->op, ":") ||
                    !strcmp(e->op, "%%");
        if (e->a) {
            deparse(e->a, sb, exact);
            lr__sb_puts(sb, tight ? "" : " ");
        }
        lr__sb_puts(sb, e->op);
        lr__sb_puts(sb, tight ? "" : " ");
        deparse(e->b, sb, exact);
        break;
    }
    case EX_NEG:
    case EX_POS:
        lr__sb_puts(sb, e->kind == EX_NEG ? "-" : "+");
        deparse(e->a, sb, exact);
        break;
    case EX_PAREN:
        lr__sb_puts(sb, "(");
        deparse(e->a, sb, exact);
        lr__sb_puts(sb, ")");
        break;
    }
}

void lr__expr_deparse(const lr__expr *e, lr_strbuf *sb) { deparse(e, sb, 0); }

static char *text_of(const lr__expr *e, int exact)
{
    lr_strbuf sb = {0};
    deparse(e, &sb, exact);
    if (sb.failed) {
        lr__sb_free(&sb);
        return NULL;
    }
    if (!sb.data)
        return lr__strdup("");
    return sb.data;
}

char *lr__expr_text(const lr__expr *e) { return text_of(e, 0); }
char *lr__expr_text_exact(const lr__expr *e) { return text_of(e, 1); }
