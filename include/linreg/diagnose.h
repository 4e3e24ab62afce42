/* Batch diagnostics: every default test, the VIFs, the condition number
 * and every influence measure of a fitted model in one call, sharing
 * passes over the rows and using the machine's cores (src/diag/diagnose*.c).
 * Part of linreg.h; include that. Definitions of the tests:
 * include/linreg/diag.h, include/linreg/influence.h, docs/diagnostics.md.
 *
 * The numbers equal those of the single-test functions to rounding (the
 * batch adds the same quantities in another order); a test whose shared
 * evaluation would not be accurate to rounding for this model (e.g. a
 * nearly singular Goldfeld-Quandt segment) is computed by its own function.
 * The work runs on all online cores in fixed chunks of rows combined in
 * order, so the results do not depend on the number of cores. Models of
 * rank 255 or more (and streamed models) run the single functions one by
 * one. Thread-safe: no global state.
 *
 * The default set (LR_DIAG_DEFAULT in lr_diag_options.tests):
 *   Shapiro-Wilk (an error above 5000 rows, its definition's limit),
 *   Jarque-Bera, omnibus K^2, Anderson-Darling, Breusch-Pagan (studentized),
 *   Goldfeld-Quandt (row order, split in half), Durbin-Watson (lmtest's
 *   choice of exact / normal approximation), Breusch-Godfrey (order 1),
 *   Ljung-Box (lag min(10, n/5)), RESET (powers 2, 3), rainbow (central
 *   half), Harvey-Collier, VIFs, condition number, influence summary and
 *   Bonferroni outlier test (every influence measure of every row is
 *   computed; the per-row values are kept on request), and
 *   White's test while n * q^2 <= max_work (q = number of White's
 *   generated regressors, r(r+1)/2 - 1 for rank r; at the default 1e9,
 *   10 predictors and an intercept (q = 65) up to n = 236 686). White's
 *   auxiliary regression alone costs n (q+1)^2 / 2 multiply-adds, more
 *   than everything else together at large n, so above the threshold it
 *   is skipped (reported as skipped, with the reason) unless asked for
 *   with LR_DIAG_ON. */
#ifndef LINREG_DIAGNOSE_H
#define LINREG_DIAGNOSE_H

#ifdef __cplusplus
extern "C" {
#endif

/* The tests of the batch, in the order of the JSON object. */
typedef enum lr_diag_test {
    LR_DIAG_SHAPIRO_WILK = 0,
    LR_DIAG_JARQUE_BERA,
    LR_DIAG_OMNIBUS,
    LR_DIAG_ANDERSON_DARLING,
    LR_DIAG_BREUSCH_PAGAN,
    LR_DIAG_WHITE,
    LR_DIAG_GOLDFELD_QUANDT,
    LR_DIAG_DURBIN_WATSON,
    LR_DIAG_BREUSCH_GODFREY,
    LR_DIAG_LJUNG_BOX,
    LR_DIAG_RESET,
    LR_DIAG_RAINBOW,
    LR_DIAG_HARVEY_COLLIER,
    LR_DIAG_TEST_COUNT_
} lr_diag_test;

/* Per-test choice. */
typedef enum lr_diag_choice {
    LR_DIAG_DEFAULT = 0, /* run when in the default set for this model (see above) */
    LR_DIAG_ON,          /* run */
    LR_DIAG_OFF          /* do not run */
} lr_diag_choice;

/* White's test is in the default set while n * q^2 is at most this. */
#define LR_DIAG_WHITE_MAX_WORK 1e9

typedef struct lr_diag_options {
    lr_diag_choice tests[LR_DIAG_TEST_COUNT_]; /* default: all LR_DIAG_DEFAULT */
    double max_work;        /* White's n * q^2 threshold; default LR_DIAG_WHITE_MAX_WORK */
    int bp_studentize;      /* Breusch-Pagan: 1 (default) Koenker, 0 original */
    int white_f_form;       /* White: 0 (default) LM statistic, 1 F form */
    lr_gq_options gq;       /* Goldfeld-Quandt: lr_gq_options_init's defaults */
    lr_dw_method dw_method; /* Durbin-Watson: LR_DW_AUTO */
    lr_bg_options bg;       /* Breusch-Godfrey: lr_bg_options_init's defaults */
    size_t lb_lag;          /* Ljung-Box lag, 0 (default) = min(10, n/5) */
    size_t lb_fitdf;        /* Ljung-Box fitdf, default 0 */
    unsigned reset_power;   /* RESET highest power, default 3 */
    double rainbow_fraction;/* default 0.5 */
    double rainbow_center;  /* default 0.5 */
    int collinearity;       /* 1 (default): VIFs and the condition number */
    int influence;          /* 1 (default): influence summary and outlier test */
    double outlier_cutoff;  /* Bonferroni cut-off, default 0.05 (car) */
    size_t outlier_max;     /* at most this many outliers reported, default 10 (car) */
    int keep_influence;     /* 1: keep the per-row scalar measures and flags
                               (7 + 1/8 doubles per row); default 0 */
    int keep_dfbetas;       /* 1: keep DFBETA and DFBETAS too (2 ncoef doubles per row,
                               and every row's back-substitution); default 0 */
} lr_diag_options;

/* Fills *opts with the defaults above. */
LR_API void lr_diag_options_init(lr_diag_options *opts);

typedef struct lr_diagnostics lr_diagnostics;

/* Runs the selected diagnostics of model (opts NULL: defaults) and returns
 * them in *out (caller frees with lr_diagnostics_free). A test that cannot
 * run on this model does not fail the call: its getter returns the reason.
 * Errors of the call itself: LR_ERR_INVALID_ARG (NULL model or out, an
 * invalid option: the same checks as the single-test functions),
 * LR_ERR_NOMEM. The model must stay valid (and its borrowed data
 * unchanged) during the call only. */
LR_API lr_status lr_diagnose(const lr_model *model, const lr_diag_options *opts,
                             lr_diagnostics **out);

/* Frees the result; NULL is a no-op. */
LR_API void lr_diagnostics_free(lr_diagnostics *diag);

/* The result of one test into *out: LR_OK when it ran; otherwise the status
 * the test failed with (as its own function returns it: LR_ERR_NO_DATA,
 * LR_ERR_TOO_FEW_ROWS, LR_ERR_UNDEFINED, ...), or LR_ERR_NOT_FOUND when it
 * was not run (switched off, or skipped from the default set); the
 * sentence is lr_diagnostics_message. For Durbin-Watson, statistic and
 * p_value are DW and the p-value against positive autocorrelation. */
LR_API lr_status lr_diagnostics_test(const lr_diagnostics *diag, lr_diag_test which,
                                     lr_test_result *out);

/* Why a test did not give a result ("" when it did, or for an unknown
 * test). Borrowed: valid until lr_diagnostics_free. */
LR_API const char *lr_diagnostics_message(const lr_diagnostics *diag, lr_diag_test which);

/* 1 when the test was skipped from the default set (see above), else 0. */
LR_API int lr_diagnostics_skipped(const lr_diagnostics *diag, lr_diag_test which);

/* The full Durbin-Watson result (both alternatives); status as
 * lr_diagnostics_test. */
LR_API lr_status lr_diagnostics_durbin_watson(const lr_diagnostics *diag, lr_dw_result *out);

/* Residual skewness and kurtosis (as lr_residual_moments). */
LR_API lr_status lr_diagnostics_moments(const lr_diagnostics *diag, double *skewness,
                                        double *kurtosis);

/* VIF of every coefficient (as lr_vif; len >= ncoef) and the condition
 * number of the column-scaled design. LR_ERR_NOT_FOUND when collinearity
 * was switched off. */
LR_API lr_status lr_diagnostics_vif(const lr_diagnostics *diag, double *out, size_t len);
LR_API lr_status lr_diagnostics_condition_number(const lr_diagnostics *diag, double *out);

/* Influence summary (as lr_influence_summarize) and the Bonferroni outlier
 * test (arguments as lr_outlier_test after `result`; each array NULL or of
 * len values; *count the number reported, at most len). Status of the
 * influence measures (LR_ERR_NOT_FOUND when switched off). */
LR_API lr_status lr_diagnostics_influence(const lr_diagnostics *diag,
                                          lr_influence_summary *summary);
LR_API lr_status lr_diagnostics_outliers(const lr_diagnostics *diag, lr_test_result *result,
                                         size_t *rows, double *rstudent, double *p_unadjusted,
                                         double *p_bonferroni, size_t len, size_t *count);

/* The kept per-row values of one influence measure (layout as
 * lr_influence_measures: nobs values, nobs x ncoef row-major for DFBETA(S)),
 * borrowed until lr_diagnostics_free; *len receives the count.
 * LR_ERR_NOT_FOUND unless keep_influence (keep_dfbetas for the DFBETA(S))
 * was set and the measures were computed. */
LR_API lr_status lr_diagnostics_influence_values(const lr_diagnostics *diag,
                                                 lr_influence_measure which,
                                                 const double **values, size_t *len);
/* The kept per-row LR_INFL_FLAG_* bits (nobs bytes), as above. */
LR_API lr_status lr_diagnostics_influence_flags(const lr_diagnostics *diag,
                                                const unsigned char **flags, size_t *len);

/* The "diagnostics" object of `linreg fit --format json` as JSON text:
 *   shapiro_wilk, jarque_bera, omnibus, anderson_darling, breusch_pagan,
 *   white, goldfeld_quandt, durbin_watson, breusch_godfrey, ljung_box,
 *   reset, rainbow, harvey_collier: {"statistic", "df", "p_value",
 *     "method", "n"} (df a number, an array of two, or null; durbin_watson
 *     adds "p_value_negative" and "exact"); a test that did not run has
 *     null numbers and "error": the reason, plus "skipped": true when it
 *     was left out of the default set;
 *   "vif": {name: value} (every coefficient but the intercept; null where
 *     aliased), "condition_number";
 *   "influence": {"n", "max_leverage": {"value", "row"},
 *     "max_cooks_distance": {"value", "row"}, "n_flagged",
 *     "outlier_test": {"method", "statistic", "df", "p_value", "n",
 *     "cutoff", "significant", "outliers": [{"row", "rstudent",
 *     "p_unadjusted", "p_bonferroni"}...]}} (rows 1-based), or
 *     {"error": reason}.
 * Numbers read back as the same double; tests switched off are left out.
 * lr_model_diagnostics_json runs lr_diagnose(model, opts) and writes its
 * result; lr_diagnostics_json writes a result already computed (the names
 * are the model's). Caller frees *json with lr_free. */
LR_API lr_status lr_model_diagnostics_json(const lr_model *model, const lr_diag_options *opts,
                                           char **json);
LR_API lr_status lr_diagnostics_json(const lr_diagnostics *diag, char **json);

#ifdef __cplusplus
}
#endif

#endif
