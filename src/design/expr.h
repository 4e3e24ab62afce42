/* R expressions of model formulas: tokenizer, parser (R's operator
 * precedence), deparser (R's deparse() text, which names the design's
 * columns), copy and release. Not installed. */
#ifndef LR_EXPR_H
#define LR_EXPR_H

#include "../core/internal.h"

typedef enum lr__ekind {
    EX_NUM,   /* numeric literal: num (is_int for 2L) */
    EX_NAME,  /* a name (backticks removed): text */
    EX_STR,   /* a string literal: text */
    EX_CALL,  /* text(args...), argnames[i] NULL when positional */
    EX_BIN,   /* a op b */
    EX_NEG,   /* -a */
    EX_POS,   /* +a */
    EX_PAREN  /* (a) */
} lr__ekind;

typedef struct lr__expr {
    lr__ekind kind;
    char op[6]; /* EX_BIN: "~" "+" "-" "*" "/" "^" ":" "%%" "%in%" */
    double num;
    int is_int;
    char *text;
    struct lr__expr *a, *b;
    struct lr__expr **args;
    char **argnames;
    size_t nargs;
} lr__expr;

/* Parses text as one R expression (a formula "y ~ ..." or "~ ..." included).
 * On failure returns LR_ERR_PARSE with a message quoting the text and the
 * position. Caller frees *out with lr__expr_free. */
lr_status lr__expr_parse(const char *text, lr__expr **out);
void lr__expr_free(lr__expr *e);
/* Deep copy; NULL on no memory. */
lr__expr *lr__expr_clone(const lr__expr *e);
/* Appends R's deparse() text of e. */
void lr__expr_deparse(const lr__expr *e, lr_strbuf *sb);
/* The deparsed text as a new string (caller frees), NULL on no memory. */
char *lr__expr_text(const lr__expr *e);
/* The same with numbers written to read back exactly (17 digits when
 * needed): the text persisted to rebuild the expression. */
char *lr__expr_text_exact(const lr__expr *e);
/* 1 when name is syntactic in R (needs no backticks). */
int lr__syntactic_name(const char *name);
/* Formats x as R's as.character() does for doubles: 15 significant
 * digits, fixed notation unless scientific is narrower ("1e+05", "0.1",
 * "123456", "1e-04"). Returns buf. */
char *lr__r_format_number(double x, char *buf, size_t size);

/* Expression builders used by the formula code; NULL on no memory. */
lr__expr *lr__expr_name(const char *name);

#endif
