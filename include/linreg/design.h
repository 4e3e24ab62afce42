/* Model formulas and design matrices (src/design/): R's lm(formula, data)
 * on a frame, with treatment coding of categorical columns, derived columns
 * formed in double-double, listwise deletion of rows with missing values
 * and the row mapping to pad per-row results (R's na.exclude). The formula
 * language and the column names are described in docs/formulas.md. Part of
 * linreg.h; include that. */
#ifndef LINREG_DESIGN_H
#define LINREG_DESIGN_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lr_design lr_design;

/* What to do with a row that has a missing value in a variable of the model. */
typedef enum lr_na_action {
    LR_NA_OMIT = 0, /* drop the row (listwise deletion, R's na.omit / na.exclude) and report it */
    LR_NA_FAIL      /* fail with LR_ERR_NONFINITE naming the row and column (R's na.fail) */
} lr_na_action;

typedef struct lr_formula_options {
    const char *weights;    /* name of a frame column of observation weights, or NULL
                               (default); excluded from '.'; rows where it is missing
                               are dropped like any other missing value */
    lr_na_action na_action; /* default LR_NA_OMIT */
} lr_formula_options;

/* Fills *opts with the defaults above. */
LR_API void lr_formula_options_init(lr_formula_options *opts);

/* Builds the design of formula on frame, as R's model.frame +
 * model.matrix with na.omit and drop.unused.levels: the response, the
 * predictor columns (without the intercept column; the intercept is a flag),
 * the weights, and the rows used. Errors (LR_ERR_PARSE for syntax,
 * LR_ERR_NOT_FOUND for an unknown column, LR_ERR_INVALID_ARG for an invalid
 * use such as log of a non-positive value, a categorical column in
 * arithmetic, a factor with one level; LR_ERR_EMPTY when no row is
 * complete) name the term. opts may be NULL. Caller frees *design with
 * lr_design_free. The design does not borrow the frame. */
LR_API lr_status lr_design_build(const lr_frame *frame, const char *formula,
                                 const lr_formula_options *opts, lr_design **design);

/* The design of new data under the variables, levels, reference levels and
 * polynomial coefficients of an existing design (R's model.matrix on
 * newdata with the training terms, as predict.lm does). The response and
 * the weights are not needed and not read. Rows with a missing predictor
 * are dropped and listed (lr_design_rows); a level not seen in training is
 * an error naming the variable and the level. Caller frees *out. */
LR_API lr_status lr_design_apply(const lr_design *design, const lr_frame *newdata,
                                 lr_design **out);

LR_API void lr_design_free(lr_design *design);

/* The formula as given; borrowed. */
LR_API const char *lr_design_formula(const lr_design *design);
/* The response as R labels it ("price", "log(price)"); NULL without one. Borrowed. */
LR_API const char *lr_design_response(const lr_design *design);
/* 1 when the model has an intercept. */
LR_API int lr_design_intercept(const lr_design *design);
/* Number of columns of X, the intercept not included. */
LR_API size_t lr_design_ncols(const lr_design *design);
/* Name of column j of X in R's convention ("lotsize", "airconyes",
 * "poly(x, 2, raw = TRUE)1", "a:b"); borrowed; NULL if out of range. */
LR_API const char *lr_design_column_name(const lr_design *design, size_t j);
/* Number of terms (R's term.labels) and the label of term t (0-based). */
LR_API size_t lr_design_nterms(const lr_design *design);
LR_API const char *lr_design_term_label(const lr_design *design, size_t t);
/* R's attr(model.matrix, "assign") for the coefficients of a fit of this
 * design: out[0] = 0 for the intercept (when there is one), then for each
 * column of X the 1-based index of its term. len must be
 * lr_design_ncols + lr_design_intercept. */
LR_API lr_status lr_design_assign(const lr_design *design, size_t *out, size_t len);

/* The design matrix: n x k column-major doubles and, when some column was
 * derived (powers, products, logs...), its low-order parts (the exact
 * column is X + X_lo to about 106 bits; data NULL when every column is
 * exact). Borrowed, valid while the design lives. */
LR_API lr_matrix lr_design_x(const lr_design *design);
LR_API lr_matrix lr_design_x_lo(const lr_design *design);
/* The response (data NULL without one) and the weights (data NULL when
 * unweighted) of the rows used. Borrowed. */
LR_API lr_vector lr_design_y(const lr_design *design);
LR_API lr_vector lr_design_weights(const lr_design *design);

/* Rows of the frame the design was built from, and rows used. */
LR_API size_t lr_design_nrows_data(const lr_design *design);
LR_API size_t lr_design_nrows(const lr_design *design);
/* For each row used, its 0-based row in the frame (lr_design_nrows values); borrowed. */
LR_API const size_t *lr_design_rows(const lr_design *design);
/* The 0-based frame rows dropped for missing values (nrows_data - nrows values); borrowed. */
LR_API const size_t *lr_design_dropped(const lr_design *design);
/* Columns with missing cells among the model's rows: how many (0 when no
 * row was dropped), and for each its name and its count of missing cells
 * (a row missing two columns counts for both). Name borrowed. */
LR_API size_t lr_design_na_ncolumns(const lr_design *design);
LR_API const char *lr_design_na_column(const lr_design *design, size_t i, size_t *count);

/* Pads per-row results of the rows used (lr_design_nrows values) to the
 * rows of the frame (lr_design_nrows_data values into out), NaN where a row
 * was dropped: R's na.exclude, so results line up with the user's data. */
LR_API lr_status lr_design_pad(const lr_design *design, const double *values, double *out,
                               size_t len);

/* The frame columns the design reads as categorical (factor variables
 * whose levels are texts), i < lr_design_ncategorical; borrowed. New data
 * must read these columns as categorical even when they look numeric
 * (lr_csv_options.categorical), so their texts match the learnt levels. */
LR_API size_t lr_design_ncategorical(const lr_design *design);
LR_API const char *lr_design_categorical(const lr_design *design, size_t i);

/* Labels of the coefficients (lr_design_ncols + intercept entries, indexed
 * like the coefficients) for lr_coef_sentences and the assumption report:
 * term names the term; a dummy of a treatment-coded factor also gets its
 * level and the reference level ("airconyes": level "yes", reference
 * "no"). Strings are borrowed from the design. */
LR_API lr_status lr_design_coef_labels(const lr_design *design, lr_coef_label *out, size_t len);

/* ------------------------------------------------------ fit from a frame */

/* Fits formula on frame by least squares: lr_design_build then lr_fit.
 * The model owns its design (lr_model_design). fopts may be NULL (no
 * weights column, rows with missing values dropped); opts may be NULL.
 * opts->weights, when set, has one weight per frame row (a NaN weight drops
 * the row); it cannot be combined with fopts->weights. opts->x_lo must be
 * unset (the design supplies it); opts->intercept = 0 removes the intercept
 * as "- 1" does; opts->call defaults to "lm(formula = <formula>)". The
 * summary reports the rows dropped. Caller frees *model with lr_model_free. */
LR_API lr_status lr_fit_formula(const lr_frame *frame, const char *formula,
                                const lr_formula_options *fopts, const lr_options *opts,
                                lr_model **model);

/* The design of a formula fit; NULL for a fit from a matrix. Borrowed,
 * valid while the model lives. */
LR_API const lr_design *lr_model_design(const lr_model *model);

/* Pads per-row values of the model (lr_model_nobs values: fitted values,
 * residuals, influence measures) to the rows of the data it was fitted from
 * (len = lr_design_nrows_data of its design; NaN for dropped rows, R's
 * na.exclude). For a matrix fit it copies lr_model_nobs values. */
LR_API lr_status lr_model_pad(const lr_model *model, const double *values, double *out,
                              size_t len);

/* Predicts the rows of newdata with a formula model (lr_design_apply then
 * lr_predict). Every output has lr_frame_nrows(newdata) values, NaN for a
 * row with a missing predictor; se_fit, lower and upper as in lr_predict. */
LR_API lr_status lr_predict_frame(const lr_model *model, const lr_frame *newdata,
                                  lr_interval interval, double level, double *fit,
                                  double *se_fit, double *lower, double *upper);

/* The JSON of lr_model_results_json plus, for a formula fit, "formula"
 * {"text", "response", "intercept", "terms", "columns": [{"name", "term"}]}
 * and "data" {"rows_read", "rows_used", "rows_dropped",
 * "dropped_because": {column: count}}. Caller frees *json with lr_free. */
LR_API lr_status lr_formula_results_json(const lr_model *model, double level, char **json);

#ifdef __cplusplus
}
#endif

#endif
