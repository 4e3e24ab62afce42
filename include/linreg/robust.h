/* Remedies and interpretation (src/robust/, src/interpret/): robust
 * covariances as alternative coefficient tables, feasible weighted least
 * squares, Box-Cox, the fixed-features (errors-in-variables) check, and the
 * interpretation pack. Part of linreg.h; include that.
 *
 * Everything here reads a fitted model and, except where a function says it
 * fits a new model, never refits it. Functions that need the per-row data
 * (residuals, X) fail with LR_ERR_NO_DATA on a streamed model.
 * Zero-weight rows of a weighted fit are left out everywhere, as if they
 * had not been given (see docs/remedies.md for how this differs from
 * sandwich applied to an lm with zero weights). */
#ifndef LINREG_ROBUST_H
#define LINREG_ROBUST_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------ robust covariances */

/* Kinds of covariance estimate, each as R's sandwich 3.0 defines it. */
typedef enum lr_vcov_type {
    LR_VCOV_HC0 = 0,      /* vcovHC(type = "HC0"): White's estimator */
    LR_VCOV_HC1,          /* "HC1": HC0 * n / (n - k) */
    LR_VCOV_HC2,          /* "HC2": e^2 / (1 - h) */
    LR_VCOV_HC3,          /* "HC3": e^2 / (1 - h)^2 (sandwich's default) */
    LR_VCOV_HC4,          /* "HC4": e^2 / (1 - h)^min(4, n h / k) (Cribari-Neto 2004) */
    LR_VCOV_HC4M,         /* "HC4m": delta = min(1, nh/k) + min(1.5, nh/k) */
    LR_VCOV_HC5,          /* "HC5": delta = min(nh/k, max(4, 0.7 n max(h) / k)) */
    LR_VCOV_NEWEY_WEST,   /* NeweyWest(): Bartlett kernel, lag by bwNeweyWest or given */
    LR_VCOV_CLUSTER,      /* vcovCL(): one- or two-way clustered */
    LR_VCOV_HAC,          /* vcovHAC() defaults: Quadratic Spectral kernel, bandwidth by
                             bwAndrews (AR(1) approximation), no prewhitening,
                             adjust = TRUE (Andrews 1991); O(n x lags x p^2) */
    LR_VCOV_TYPE_COUNT_
} lr_vcov_type;

/* Cluster identifiers of the rows (one per row the model was fitted on,
 * zero-weight rows included). Rows with equal ids form a cluster; ids are
 * compared exactly. Build with lr_cluster_doubles / lr_cluster_ints /
 * lr_cluster_column. The arrays are borrowed for the duration of the call. */
typedef enum lr_cluster_kind {
    LR_CLUSTER_NONE = 0,  /* no clustering variable */
    LR_CLUSTER_DOUBLE,    /* ids in dbl[0..len) (must be finite) */
    LR_CLUSTER_INT64,     /* ids in i64[0..len) */
    LR_CLUSTER_COLUMN     /* ids in predictor column `column` (0-based, intercept not
                             counted) of the X the model was fitted on */
} lr_cluster_kind;

typedef struct lr_cluster_ids {
    lr_cluster_kind kind;
    const double *dbl;
    const int64_t *i64;
    size_t len;
    size_t column;
} lr_cluster_ids;

LR_API lr_cluster_ids lr_cluster_doubles(const double *ids, size_t len);
LR_API lr_cluster_ids lr_cluster_ints(const int64_t *ids, size_t len);
LR_API lr_cluster_ids lr_cluster_column(size_t column);

/* Options of a robust covariance; fill with lr_robust_options_init. */
typedef struct lr_robust_options {
    lr_vcov_type type;
    /* Newey-West (sandwich::NeweyWest defaults): */
    int lag;              /* -1 (default): floor(bwNeweyWest(...)); >= 0: this lag */
    int prewhite;         /* 1 (default): VAR(1) prewhitening of the estimating
                             functions, also used by the automatic lag; 0: none */
    int adjust;           /* 0 (default): no n / (n - k) factor; 1: multiply by it */
    /* Cluster (sandwich::vcovCL defaults): */
    lr_cluster_ids cluster1;  /* required for LR_VCOV_CLUSTER */
    lr_cluster_ids cluster2;  /* optional second dimension: two-way clustering */
    lr_vcov_type cluster_type; /* LR_VCOV_HC1 (default, as vcovCL for lm) or LR_VCOV_HC0 */
    int cadjust;          /* 1 (default): G / (G - 1) per clustering dimension */
} lr_robust_options;

/* Fills *opts with the defaults of the given type (those above). */
LR_API void lr_robust_options_init(lr_robust_options *opts, lr_vcov_type type);

/* Short name of a covariance type ("HC3", "Newey-West", "cluster"); static. */
LR_API const char *lr_vcov_type_name(lr_vcov_type type);

/* A robust covariance of a model's estimates and its coefficient table. */
typedef struct lr_robust lr_robust;

/* Computes the covariance asked for in opts (NULL: HC3 defaults) for the
 * model's estimates: V = (X'WX)^-1 M (X'WX)^-1 with the meat M of R's
 * sandwich (meatHC, meatHAC with NeweyWest's weights, meatCL), estimating
 * functions w_i e_i x_i as sandwich's estfun.lm, and hat values
 * h_i = w_i x_i'(X'WX)^-1 x_i from the model's R factor. HC0/HC1/cluster
 * take one O(n p) or O(n p^2) pass over the rows; HC2-HC4m one O(n p^2)
 * pass; HC5 two (it needs max h first); Newey-West and HAC keep the n x p
 * matrix of estimating functions. Aliased coefficients get NaN rows and columns.
 * Errors: LR_ERR_NO_DATA for a streamed model, LR_ERR_DIMENSION for
 * cluster ids of the wrong length, LR_ERR_UNDEFINED when a clustering has
 * a single cluster, a hat value is 1 for HC2-HC5, or no residual degrees
 * of freedom remain. Caller frees *out with lr_robust_free. The result
 * does not reference the model afterwards. */
LR_API lr_status lr_robust_vcov(const lr_model *model, const lr_robust_options *opts,
                                lr_robust **out);
LR_API void lr_robust_free(lr_robust *robust);

/* The type the result was computed with. */
LR_API lr_vcov_type lr_robust_type(const lr_robust *robust);
/* Number of coefficients (as lr_model_ncoef of the model). */
LR_API size_t lr_robust_ncoef(const lr_robust *robust);
/* Copies the ncoef x ncoef covariance (row-major, NaN where aliased). */
LR_API lr_status lr_robust_get_vcov(const lr_robust *robust, double *out, size_t len);
/* One column of the robust coefficient table, as lmtest::coeftest(fit,
 * vcov) and lmtest::coefci(fit, vcov, level) for an lm: the estimate, the
 * robust standard error, t = estimate / SE, the two-sided p-value and the
 * interval from Student's t with the model's residual degrees of freedom
 * (n - rank). level is used by the CI columns only. NaN where aliased. */
LR_API lr_status lr_robust_coef_column(const lr_robust *robust, lr_coef_column column,
                                       double level, double *out, size_t len);
/* Residual degrees of freedom of the t distribution used (n - rank). */
LR_API double lr_robust_df(const lr_robust *robust);
/* Newey-West: the lag used (the automatic one when opts->lag was -1) and
 * the bandwidth bwNeweyWest returned (NaN when a lag was given). HAC: the
 * number of lags with a kernel weight above 1e-7, and bwAndrews' bandwidth.
 * -1 / NaN for the other types. */
LR_API int lr_robust_lag(const lr_robust *robust);
LR_API double lr_robust_bandwidth(const lr_robust *robust);
/* Cluster: the number of clusters of dimension d (0 or 1; 2 = the
 * intersection of a two-way clustering); 0 when not applicable. */
LR_API size_t lr_robust_nclusters(const lr_robust *robust, int d);

/* The robust table as JSON: {"type": "HC3", "distribution": "t", "df":,
 * "level":, ["lag":, "bandwidth":,] ["clusters": [...],] "coefficients":
 * [{"name","estimate","std_error","t_value","p_value","ci_low","ci_high",
 * "aliased"}...]} with the keys of lr_model_results_json. robust must have
 * been computed from model. Caller frees *json with lr_free. */
LR_API lr_status lr_robust_json(const lr_model *model, const lr_robust *robust, double level,
                                char **json);

/* -------------------------------------- feasible weighted least squares */

/* Feasible GLS for a variance of the form Var(e_i) = exp(x_i' g): fits
 * log(e_i^2) on the same predictors (the auxiliary model), takes weights
 * 1 / exp(fitted), and refits y on X by weighted least squares, as the R
 * code in tests/reference/remedies.R does (Wooldridge, Introductory
 * Econometrics, 8.4). The model must be unweighted and hold its data.
 * *wls is the new model; it keeps its own copy of X, y and the weights
 * (copy_data = 1), so it outlives the original's data. aux (may be NULL)
 * receives the auxiliary model, which also owns its data. Errors:
 * LR_ERR_UNSUPPORTED for a weighted model, LR_ERR_UNDEFINED naming the row
 * of a residual that is exactly zero. Caller frees both with lr_model_free. */
LR_API lr_status lr_fwls(const lr_model *model, lr_model **wls, lr_model **aux);

/* ------------------------------------------------------------- Box-Cox */

/* The profile log-likelihood of the Box-Cox parameter, as MASS::boxcox
 * for an lm: y is divided by its geometric mean, transformed by
 * (y^l - 1)/l (MASS's series for |l| <= 1/50), regressed on the model's
 * columns, and L(l) = -n/2 log(RSS(l)). The maximum is found by Brent's
 * method on [lambda_min, lambda_max] (not by MASS's plot interpolation),
 * and the 95%-or-other interval by root-finding where L falls by
 * qchisq(level, 1) / 2 (see docs/remedies.md). */
typedef struct lr_boxcox lr_boxcox;

/* Computes L on the grid lambda_min, lambda_min + step, ... lambda_max
 * (MASS's default: -2, 2, 0.1; pass step <= 0 for that default grid),
 * the maximiser and the interval at level (0.95 as MASS). The model must
 * be unweighted and hold its data; every response must be positive
 * (LR_ERR_INVALID_ARG naming the first row that is not). Caller frees
 * *out with lr_boxcox_free. */
LR_API lr_status lr_boxcox_profile(const lr_model *model, double lambda_min, double lambda_max,
                                   double step, double level, lr_boxcox **out);
LR_API void lr_boxcox_free(lr_boxcox *bc);
/* Grid size, and the grid's lambda and log-likelihood values (borrowed,
 * valid while bc lives). */
LR_API size_t lr_boxcox_grid_size(const lr_boxcox *bc);
LR_API const double *lr_boxcox_grid_lambda(const lr_boxcox *bc);
LR_API const double *lr_boxcox_grid_loglik(const lr_boxcox *bc);
/* The maximiser, L at it, and the interval limits. A limit is NaN when L
 * stays above the cutoff up to the end of [lambda_min, lambda_max]. */
LR_API double lr_boxcox_lambda_hat(const lr_boxcox *bc);
LR_API double lr_boxcox_loglik_max(const lr_boxcox *bc);
LR_API double lr_boxcox_ci_low(const lr_boxcox *bc);
LR_API double lr_boxcox_ci_high(const lr_boxcox *bc);
/* L(lambda) for one lambda. */
LR_API lr_status lr_boxcox_loglik_at(const lr_model *model, double lambda, double *loglik);

/* ------------------------------- fixed features (errors in variables) */

/* Attenuation-corrected coefficients by regression calibration (method of
 * moments; Fuller 1987, Measurement Error Models, 2.2; Carroll, Ruppert,
 * Stefanski & Crainiceanu 2006, Measurement Error in Nonlinear Models,
 * 3.4): beta = (Sxx - Suu)^-1 Sxy with Sxx, Sxy the (weighted) covariances
 * of the observed predictors and the response (centred when the model has
 * an intercept, raw second moments otherwise, all divided by the sum of
 * weights) and Suu = diag(var_u), the measurement-error variances; the
 * intercept is mean(y) - mean(x)' beta. Give either reliability (k values
 * in (0, 1], the share of a feature's variance that is not error:
 * var_u = (1 - rel) var_x with var_x its centred variance) or error_var
 * (k values >= 0); the other NULL. Aliased columns are left out (NaN).
 * out receives the p corrected coefficients. Errors: LR_ERR_INVALID_ARG
 * naming the column of a reliability outside (0, 1] or a negative
 * variance; LR_ERR_UNDEFINED when Sxx - Suu is not positive definite (the
 * stated error is as large as the observed variation). */
LR_API lr_status lr_fixed_features_correct(const lr_model *model, const double *reliability,
                                           const double *error_var, double *out, size_t len);

/* Sensitivity table: for each predictor j (k of them, intercept not
 * counted) and each reliability r in levels (NULL: 1.0, 0.9, 0.8, 0.7;
 * nlevels values in (0, 1]), the p coefficients corrected as if only
 * feature j had reliability r. out[(j * nlevels + l) * p + c]; len must be
 * at least k * nlevels * p. Rows of aliased features are NaN, and so are
 * rows where that reliability is impossible for these data (Sxx - Suu not
 * positive definite, e.g. two nearly collinear features). */
LR_API lr_status lr_fixed_features_sensitivity(const lr_model *model, const double *levels,
                                               size_t nlevels, double *out, size_t len);

/* Plain-text note on the fixed-features assumption. Without reliability
 * (NULL) it states that the assumption cannot be tested from the data and
 * what to do; with it, the corrected coefficients and the sensitivity
 * table in words. Caller frees *text with lr_free. */
LR_API lr_status lr_fixed_features_note(const lr_model *model, const double *reliability,
                                        char **text);

/* ------------------------------------------------- interpretation pack */

/* Standardized coefficients (beta weights): b_j sd(x_j) / sd(y), with
 * weighted standard deviations for a weighted fit (zero-weight rows left
 * out; the normalising constant cancels in the ratio). NaN for the
 * intercept and aliased columns. out receives p values. */
LR_API lr_status lr_standardized_coef(const lr_model *model, double *out, size_t len);

/* The coefficient indices ordered by |t| descending (aliased last, ties by
 * index), the order of Molnar's weight table. order receives p indices. */
LR_API lr_status lr_coef_order_by_t(const lr_model *model, size_t *order, size_t len);

/* The weight table as text: one line per coefficient in |t| order with
 * estimate, standard error, t, the CI at level and the standardized
 * coefficient. Caller frees *text with lr_free. */
LR_API lr_status lr_weight_table_text(const lr_model *model, double level, char **text);

/* Effect table (Molnar, Interpretable Machine Learning, 5.1 "effect
 * plot", as numbers): for each predictor j (k rows, intercept not
 * counted), the minimum, quartiles (R's quantile type 7) and maximum of
 * b_j x_ij over the rows used in the fit. out[j * 5 + q] with q = min,
 * Q1, median, Q3, max; NaN rows for aliased columns. len >= 5 k. */
LR_API lr_status lr_effect_table(const lr_model *model, double *out, size_t len);

/* Explains one prediction: contrib[j] = b_j (x_j - mean_j) for the k
 * predictors (weighted means over the rows used; 0 for aliased columns,
 * which prediction ignores), *mean_prediction = the prediction at the
 * means (b_0 + sum b_j mean_j), *prediction = b_0 + sum b_j x_j, so that
 * mean_prediction + sum(contrib) = prediction up to rounding. x holds k
 * values. Any output pointer but contrib may be NULL. */
LR_API lr_status lr_explain_prediction(const lr_model *model, const double *x, size_t k,
                                       double *contrib, double *mean_prediction,
                                       double *prediction);

/* How to say a coefficient in words. For a numeric column: unit, e.g.
 * "bathroom" gives "one more bathroom" (NULL: "one unit more of <name>").
 * For a dummy column: level and reference, e.g. level "gas heating",
 * reference "no gas heating" give "gas heating rather than no gas
 * heating"; term (optional) names the variable. */
typedef struct lr_coef_label {
    const char *unit;
    const char *term;
    const char *level;
    const char *reference;
} lr_coef_label;

/* One sentence per coefficient (the intercept and aliased columns are
 * skipped): "Holding the other features fixed, one more bathroom is
 * associated with a price higher by 14,336 (95% CI 11,409 to 17,262)."
 * Numbers have 5 significant digits (integers in full), thousands
 * separated by commas whatever the locale. response names the response
 * (NULL: "the response"); labels holds p entries indexed like the
 * coefficients, or is NULL (entries may be zeroed). Sentences are
 * separated by newlines. Caller frees *text with lr_free. */
LR_API lr_status lr_coef_sentences(const lr_model *model, const char *response,
                                   const lr_coef_label *labels, double level, char **text);

/* Formats value with sig significant digits (at least all integer digits),
 * no exponent, commas between thousands, independent of the locale, e.g.
 * 14335.6 -> "14,336", -0.0123456 -> "-0.012346". decimals >= 0 forces
 * that many digits after the point instead. Returns the length written
 * (at most size - 1; always terminated). */
LR_API int lr_format_grouped(char *buf, size_t size, double value, int sig, int decimals);

#ifdef __cplusplus
}
#endif

#endif
