/*
 * linreg — interpretable ordinary least squares in C.
 *
 * One header for the whole public API (prefix lr_). Conventions:
 *  - every fallible function returns an lr_status; LR_OK is 0, and on any
 *    other value lr_last_error() holds a sentence naming what was wrong
 *    (row, column, value) for the calling thread;
 *  - inputs are const and come first, outputs come last through pointers;
 *  - every destructor accepts NULL as a harmless no-op;
 *  - the library never aborts, exits or prints, keeps no global mutable
 *    state and formats/parses numbers independently of the C locale.
 * Rows and columns in messages are 1-based, as a user counts them.
 */
#ifndef LINREG_H
#define LINREG_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(LR_BUILDING_LIBRARY) && defined(__GNUC__)
#define LR_API __attribute__((visibility("default")))
#else
#define LR_API
#endif

#define LR_VERSION_MAJOR 0
#define LR_VERSION_MINOR 1
#define LR_VERSION_PATCH 0
#define LR_VERSION_STRING "0.1.0"

/* ---------------------------------------------------------------- status */

typedef enum lr_status {
    LR_OK = 0,
    LR_ERR_INVALID_ARG,   /* a NULL pointer, a level outside (0,1), an unknown enum value */
    LR_ERR_DIMENSION,     /* lengths or shapes of the inputs disagree */
    LR_ERR_NOMEM,         /* an allocation failed */
    LR_ERR_NONFINITE,     /* NaN or Inf in the data or the weights */
    LR_ERR_TOO_FEW_ROWS,  /* fewer usable rows than estimable coefficients */
    LR_ERR_NEGATIVE_WEIGHT, /* a weight below zero */
    LR_ERR_UNDEFINED,     /* the statistic asked for is undefined for this model */
    LR_ERR_NUMERIC,       /* a LAPACK routine failed (should not happen; please report) */
    LR_ERR_NO_DATA,       /* the model holds no per-row data (streamed fit) */
    LR_ERR_IO,            /* a file could not be opened, read or written */
    LR_ERR_PARSE,         /* a file or text is malformed */
    LR_ERR_EMPTY,         /* a file, column or selection holds no data */
    LR_ERR_NOT_FOUND,     /* a named column, key or object does not exist */
    LR_ERR_UNSUPPORTED,   /* a feature or scheme not available in this build */
    LR_ERR_VERSION,       /* a document written by an unknown schema version */
    LR_ERR_NETWORK,       /* connection refused, DNS failure, timeout */
    LR_ERR_AUTH,          /* credentials missing or refused (HTTP 401/403) */
    LR_ERR_CONFLICT,      /* the object exists or a precondition failed (409/412) */
    LR_ERR_SERVER,        /* the remote store failed (HTTP 5xx) */
    LR_STATUS_COUNT_
} lr_status;

/* Static English text for a status code; never NULL. */
LR_API const char *lr_strerror(lr_status status);

/* The detailed message of the calling thread's most recent failure, or ""
 * when none. Borrowed: valid until the next linreg call on this thread. */
LR_API const char *lr_last_error(void);

/* Library version as "MAJOR.MINOR.PATCH"; static storage. */
LR_API const char *lr_version(void);

/* Frees memory returned by linreg with "caller frees with lr_free". NULL is a no-op. */
LR_API void lr_free(void *ptr);

/* ------------------------------------------------------- borrowed views */

/* A borrowed, strided view of a rows x cols matrix of doubles. Element
 * (i, j) is data[i*row_stride + j*col_stride]; strides count doubles, not
 * bytes, and may be negative. Row-major: row_stride = cols, col_stride = 1.
 * Column-major: row_stride = 1, col_stride = rows. The data is never copied
 * unless a function says so, and never modified. */
typedef struct lr_matrix {
    const double *data;
    size_t rows, cols;
    ptrdiff_t row_stride, col_stride;
} lr_matrix;

/* A borrowed, strided view of len doubles: element i is data[i*stride]. */
typedef struct lr_vector {
    const double *data;
    size_t len;
    ptrdiff_t stride;
} lr_vector;

LR_API lr_matrix lr_matrix_row_major(const double *data, size_t rows, size_t cols);
LR_API lr_matrix lr_matrix_col_major(const double *data, size_t rows, size_t cols);
LR_API lr_vector lr_vector_of(const double *data, size_t len);

/* --------------------------------------------------------------- options */

typedef enum lr_refine {
    LR_REFINE_AUTO = 0, /* refine when the scaled condition number or a near-exact fit asks for it */
    LR_REFINE_ALWAYS,   /* always run the extended-precision refinement */
    LR_REFINE_NEVER     /* never: fastest, double-precision Householder QR only */
} lr_refine;

typedef struct lr_options {
    int intercept;      /* 1 (default): add a column of ones named "(Intercept)" first */
    double level;       /* confidence level of the stored intervals, default 0.95 */
    lr_vector weights;  /* observation weights (WLS); data NULL (default) = all 1.
                           Must be finite and >= 0; rows with weight 0 do not count
                           towards n or the degrees of freedom (as R's lm). Borrowed. */
    double rank_tol;    /* a column is aliased when its distance from the span of the
                           columns before it, relative to its own norm, is below this;
                           default 1e-11 (see docs/numerics.md). Scale-invariant. */
    lr_refine refine;   /* extended-precision refinement policy, default LR_REFINE_AUTO */
    lr_matrix x_lo;     /* optional low-order parts of X: the exact predictors are
                           X + x_lo to about 106 bits (derived columns such as
                           powers formed in double-double). data NULL = none. Borrowed. */
    int copy_data;      /* 0 (default): the model borrows X and y for diagnostics
                           and for the training-data fingerprint written when it
                           is saved, which then must stay valid and unchanged
                           while the model is used for them; 1: the model keeps
                           its own copy.
                           Weights are always copied. Coefficients, statistics,
                           summary, prediction and persistence never touch
                           borrowed data after lr_fit returns. */
    const char *call;   /* text for the summary's "Call:" line, e.g. the formula; copied */
} lr_options;

/* Fills *opts with the defaults above. */
LR_API void lr_options_init(lr_options *opts);

/* ------------------------------------------------------------------ fit */

typedef struct lr_model lr_model;

/* Fits y = X b (+ intercept) by least squares, weighted when opts->weights
 * is set. X is n x k (without the intercept column), y has n elements,
 * names holds k column names (NULL: "x1".."xk"); opts NULL means defaults.
 * Columns that are (numerically) linear combinations of earlier columns are
 * aliased: they get NaN estimates and are named in the summary, the rest of
 * the fit is the fit without them (as R's lm). Errors: LR_ERR_NONFINITE
 * naming row and column of a NaN/Inf, LR_ERR_DIMENSION, LR_ERR_TOO_FEW_ROWS,
 * LR_ERR_NEGATIVE_WEIGHT. On success *model is a new model the caller frees
 * with lr_model_free; on failure *model is set to NULL. */
LR_API lr_status lr_fit(const lr_matrix *X, const lr_vector *y,
                        const char *const *names, const lr_options *opts,
                        lr_model **model);

/* Frees a model and everything it owns. NULL is a no-op. */
LR_API void lr_model_free(lr_model *model);

/* ---------------------------------------------------- streaming accumulator */

/* The fit as a mergeable accumulator of the triangular factor of [X | y]
 * plus running sums: feed row blocks in any order (or to several
 * accumulators, e.g. one per thread or MPI rank, then merge) and finish into
 * a model. The accumulator never holds rows, so memory is O(k^2); the
 * finished model has no fitted values, residuals or per-row diagnostics
 * (those report LR_ERR_NO_DATA), and no extended-precision refinement. */
typedef struct lr_accumulator lr_accumulator;

/* Creates an accumulator for k predictors (intercept per opts->intercept;
 * opts->weights is ignored: pass block weights to lr_accumulator_add).
 * Caller frees with lr_accumulator_free. */
LR_API lr_status lr_accumulator_create(size_t k, const lr_options *opts, lr_accumulator **acc);
/* Adds the rows of X (n x k) and y, with weights w (NULL or w->data NULL: all 1). */
LR_API lr_status lr_accumulator_add(lr_accumulator *acc, const lr_matrix *X,
                                    const lr_vector *y, const lr_vector *w);
/* Folds src into dst (both must have the same k and intercept setting); src is unchanged. */
LR_API lr_status lr_accumulator_merge(lr_accumulator *dst, const lr_accumulator *src);
/* Builds a model from the rows added so far; the accumulator stays usable.
 * Caller frees *model with lr_model_free. */
LR_API lr_status lr_accumulator_finish(const lr_accumulator *acc, const char *const *names,
                                       lr_model **model);
LR_API void lr_accumulator_free(lr_accumulator *acc);

/* --------------------------------------------------------- model results */

/* Columns of the coefficient table. */
typedef enum lr_coef_column {
    LR_COEF_ESTIMATE = 0,
    LR_COEF_STD_ERROR,
    LR_COEF_T_VALUE,
    LR_COEF_P_VALUE,  /* two-sided, Student t with df_resid degrees of freedom */
    LR_COEF_CI_LOW,   /* lower limit of the confidence interval at the level asked for */
    LR_COEF_CI_HIGH,
    LR_COEF_COLUMN_COUNT_
} lr_coef_column;

/* Number of coefficients, intercept included, aliased ones included. */
LR_API size_t lr_model_ncoef(const lr_model *model);
/* Name of coefficient j (0-based); borrowed, valid while the model lives; NULL if out of range. */
LR_API const char *lr_model_coef_name(const lr_model *model, size_t j);
/* 1 when coefficient j was aliased (its statistics are NaN), else 0. */
LR_API int lr_model_coef_aliased(const lr_model *model, size_t j);
/* Writes one column of the coefficient table (ncoef values; NaN for aliased
 * coefficients and where undefined, e.g. no residual degrees of freedom).
 * level is used by the CI columns only and must lie in (0, 1). */
LR_API lr_status lr_model_coef_column(const lr_model *model, lr_coef_column column,
                                      double level, double *out, size_t len);

/* Fit statistics. NaN where undefined (e.g. F without predictors). */
typedef enum lr_stat {
    LR_STAT_N = 0,           /* rows used (non-zero weight) */
    LR_STAT_RANK,            /* number of non-aliased coefficients */
    LR_STAT_DF_MODEL,        /* rank - intercept */
    LR_STAT_DF_RESID,        /* n - rank */
    LR_STAT_SIGMA,           /* residual standard error sqrt(RSS / df_resid) */
    LR_STAT_R_SQUARED,       /* R's summary.lm: centered with intercept, uncentered without */
    LR_STAT_ADJ_R_SQUARED,
    LR_STAT_F,               /* overall F against the intercept-only (or empty) model */
    LR_STAT_F_P_VALUE,
    LR_STAT_LOG_LIKELIHOOD,  /* R's logLik.lm (weights included) */
    LR_STAT_AIC,             /* -2 logLik + 2 (rank + 1) */
    LR_STAT_BIC,             /* -2 logLik + log(n) (rank + 1) */
    LR_STAT_CONDITION_NUMBER,/* 2-norm condition number of the design with unit-norm columns */
    LR_STAT_RSS,             /* weighted residual sum of squares */
    LR_STAT_TSS,             /* weighted total sum of squares (centered iff intercept) */
    LR_STAT_INTERCEPT,       /* 1 if the model has an intercept, else 0 */
    LR_STAT_REFINED,         /* 1: the solution and covariance were refined in extended
                                precision; 2: only the covariance and/or the residuals
                                (large, well-conditioned problems); 0: neither */
    LR_STAT_COUNT_
} lr_stat;

/* Value of one fit statistic; NaN for an unknown one. */
LR_API double lr_model_stat(const lr_model *model, lr_stat which);
/* Short machine name of a statistic ("r_squared", ...), as in the JSON output; NULL if unknown. */
LR_API const char *lr_stat_name(lr_stat which);

/* Copies the ncoef x ncoef covariance matrix of the estimates (row-major;
 * NaN rows and columns for aliased coefficients) into out. */
LR_API lr_status lr_model_vcov(const lr_model *model, double *out, size_t len);

/* Number of rows the model was fitted on, including zero-weight rows
 * (the length of the fitted and residual vectors); 0 for a streamed fit. */
LR_API size_t lr_model_nobs(const lr_model *model);
/* Fitted values and residuals y - fitted (unweighted), one per input row.
 * Borrowed, valid while the model lives; NULL for a streamed fit. */
LR_API const double *lr_model_fitted(const lr_model *model);
LR_API const double *lr_model_residuals(const lr_model *model);

/* ---------------------------------------------------------- prediction */

typedef enum lr_interval {
    LR_INTERVAL_NONE = 0,
    LR_INTERVAL_CONFIDENCE, /* for the mean response at the new row */
    LR_INTERVAL_PREDICTION  /* for a new observation (weight 1) at the new row */
} lr_interval;

/* Predicts for the rows of Xnew (m x k, same columns as the fit, without the
 * intercept). fit receives m values; se_fit (may be NULL) the standard
 * errors of the fitted means; lower/upper (NULL allowed when interval is
 * LR_INTERVAL_NONE) the interval limits at the given level. Aliased columns
 * are ignored, as R's predict.lm does. */
LR_API lr_status lr_predict(const lr_model *model, const lr_matrix *Xnew,
                            lr_interval interval, double level,
                            double *fit, double *se_fit, double *lower, double *upper);

/* -------------------------------------------------------------- summary */

/* The summary in the layout of R's print(summary(lm)): call, residual
 * quantiles, coefficient table with significance codes, residual standard
 * error, R-squared and F. Caller frees *text with lr_free. */
LR_API lr_status lr_model_summary(const lr_model *model, char **text);

/* ------------------------------------------------------------ JSON results */

/* The fit as one JSON object, the layout of `linreg fit --format json`:
 * {"coefficients": [{"name","estimate","std_error","t_value","p_value",
 * "ci_low","ci_high","aliased"}...], "fit": {"n","rank","df_model",
 * "df_resid","sigma","r_squared","adj_r_squared","f_statistic","f_p_value",
 * "log_likelihood","aic","bic","condition_number"}}, plus, for a formula
 * fit, "formula" and "data" (see lr_formula_results_json). Numbers are
 * written so they read back as the same double; undefined values are null.
 * Confidence intervals at the given level. Caller frees *json with lr_free. */
LR_API lr_status lr_model_results_json(const lr_model *model, double level, char **json);

#ifdef __cplusplus
}
#endif

/* Further parts of the API, one header per layer (all included here). */
#include "linreg/frame.h"
#include "linreg/diag.h"
#include "linreg/influence.h"
#include "linreg/robust.h"
#include "linreg/diagnose.h"
#include "linreg/design.h"
#include "linreg/io.h"
#include "linreg/report.h"

#endif /* LINREG_H */
