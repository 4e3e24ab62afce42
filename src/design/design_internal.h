/* The design object: the formula resolved into variables and terms (the
 * "specification", enough to rebuild the design of new data) plus, when
 * built from a frame, the design matrix and the row bookkeeping. Not
 * installed. */
#ifndef LR_DESIGN_INTERNAL_H
#define LR_DESIGN_INTERNAL_H

#include "expr.h"

/* How a variable enters the design. */
typedef enum {
    VAR_NUMERIC, /* one column: a frame column or an arithmetic expression of them */
    VAR_POLY,    /* poly(x, degree[, raw = TRUE]): degree columns */
    VAR_FACTOR   /* a categorical column, C(), factor(), as.factor() or relevel() */
} var_kind;

typedef struct dvar {
    char *label;      /* R's deparse() of the expression: names the columns */
    lr__expr *e;      /* the whole expression */
    lr__expr *arg;    /* borrowed from e: the argument of poly()/C()/factor(), else e */
    var_kind kind;
    size_t ncols;     /* numeric 1; poly degree; factor: levels (coded columns depend on the term) */
    char **refs;      /* frame columns the variable reads */
    size_t nrefs;
    /* factor */
    char **levels;    /* coding order: reference level first */
    size_t nlevels;
    char *ref;        /* reference level asked for (C(g, ref = ...) / relevel), or NULL */
    int from_numeric; /* levels are numbers formatted as R's as.character() */
    /* poly */
    int degree, raw;
    double *alpha, *norm2; /* orthogonal poly coefficients (R's attr "coefs"): degree, degree + 2 */
} dvar;

typedef struct dterm {
    size_t *vars;          /* variable indices, increasing */
    size_t nvars;
    unsigned char *full;   /* per variable of the term: 1 = all levels (indicator coding) */
    char *label;           /* "a:b" */
    size_t first_col, ncols;
} dterm;

typedef struct na_count {
    char *name;
    size_t count;
} na_count;

struct lr_design {
    char *formula;       /* as given */
    int has_response;    /* variable 0 is the response when set */
    dvar *vars;
    size_t nvars;
    dterm *terms;
    size_t nterms;
    int intercept;
    char *weights;       /* weights column, or NULL */
    size_t k;            /* columns of X (without the intercept) */
    char **colnames;
    size_t *colterm;     /* term index (0-based) of each column */
    /* data (absent in a bare specification) */
    int has_data;
    size_t n_data, n;    /* rows of the frame, rows used */
    size_t *rows;        /* n: frame row of each design row */
    size_t *dropped;     /* n_data - n: frame rows dropped */
    na_count *na;        /* columns with missing cells among the rows, and how many */
    size_t nna;
    double *X, *X_lo;    /* n x k column-major; X_lo NULL when every column is exact in double */
    double *y, *w;       /* n each (y NULL without a response / for new data; w NULL unweighted) */
};

/* Parses the formula and resolves it against the frame's column names
 * (for '.') into variables, terms, the intercept and the coding of each
 * factor in each term (R's terms.formula and model.matrix rules). The
 * variable kinds are decided from the frame's column types. */
lr_status lr__design_resolve(lr_design *d, const lr__expr *formula, const lr_frame *frame);

/* Deduces R's coding (contrasts or all levels) of every factor in every
 * term, and the column names and term assignment; needs the levels. */
lr_status lr__design_columns(lr_design *d);
/* The same with the coding already in the terms (a loaded specification). */
lr_status lr__design_columns_keep_coding(lr_design *d);

/* Evaluates the numeric expression e for each of the n frame rows in rows
 * into hi/lo (double-double), or reports the term (label) and row of a
 * value outside the function's domain or a non-finite result. */
lr_status lr__eval_numeric(const lr__expr *e, const lr_frame *frame, const size_t *rows,
                           size_t n, const char *label, double *hi, double *lo);

/* poly(): fills hi/lo (n x degree, column-major) with the raw powers, or
 * for orthogonal polynomials computes alpha/norm2 from x when fit is set
 * (R's poly()) and evaluates the three-term recurrence (predict.poly). */
lr_status lr__eval_poly(dvar *v, const double *xh, const double *xl, size_t n, int fit,
                        double *hi, double *lo);

void lr__dvar_free(dvar *v);
void lr__dterm_free(dterm *t);

/* Copies the specification part of src (formula, variables, terms,
 * encodings, columns) into a new design without data. */
lr_status lr__design_copy_spec(const lr_design *src, lr_design **out);

/* lr_design_build with, in addition, frame-aligned weights extra_w (NaN
 * drops the row) and the intercept removed when no_intercept is set (before
 * the coding is decided, as "- 1" would). */
lr_status lr__design_build_w(const lr_frame *frame, const char *formula,
                             const lr_formula_options *opts, const double *extra_w,
                             int no_intercept, lr_design **out);

#endif
