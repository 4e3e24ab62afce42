/* The assumption report card (src/report/): one call checks every
 * assumption of the linear model, gives a verdict with the tests and effect
 * sizes behind it, says in plain words what a violation does, and applies
 * the remedy (robust tables beside the classical one, the curved
 * predictors, the collinear group, the rows that pull the fit, the
 * measurement-error correction). Part of linreg.h; include that.
 * Rules and thresholds in full: docs/assumptions.md.
 *
 * Verdicts (the thresholds are the LR_CHECK_* constants below):
 *  - a tested assumption HOLDS when every test it ran has p >= alpha;
 *  - when a test rejects (p < alpha) it is VIOLATED if the effect size is
 *    material and DOUBTFUL if it is not (at large n every test rejects
 *    trivial departures, so the effect size decides);
 *      linearity:         curvature terms explain >= LR_CHECK_CURVATURE_SHARE
 *                         of the variance the model leaves unexplained
 *      normality:         |skewness| >= LR_CHECK_SKEWNESS or
 *                         |excess kurtosis| >= LR_CHECK_EXCESS_KURTOSIS
 *      homoscedasticity:  some HC3 standard error differs from the classical
 *                         one by a factor >= LR_CHECK_SE_RATIO (either way)
 *      independence:      the same for the cluster-robust (clusters given) or
 *                         Newey-West standard errors
 *  - no multicollinearity: max VIF < LR_CHECK_VIF_DOUBTFUL holds, up to
 *    LR_CHECK_VIF_VIOLATED doubtful, above violated; an aliased column
 *    (exact collinearity) is a violation;
 *  - no influential observations: rows are flagged by the Bonferroni
 *    outlier test at alpha or by Cook's distance (pf(D, k, n - k) > 0.5,
 *    R's influence.measures cut-off); none flagged holds; leaving the
 *    flagged rows out moves some coefficient by >= LR_CHECK_SHIFT_SE of its
 *    classical standard error: violated, else doubtful;
 *  - fixed features: CANNOT BE TESTED from the data; with reliabilities (or
 *    error variances) given: all reliabilities 1 holds, a corrected weight
 *    >= LR_CHECK_SHIFT_SE standard errors from the fitted one violated,
 *    else doubtful;
 *  - CANNOT BE TESTED also when no test of an assumption could run (a
 *    streamed model keeps no rows: every assumption but multicollinearity;
 *    too few rows; an exact fit); each skipped test says why.
 * A test that cannot run never fails the report: lr_check_assumptions
 * fails only on bad arguments (LR_ERR_INVALID_ARG, LR_ERR_DIMENSION,
 * LR_ERR_NONFINITE naming the option) or when memory runs out. */
#ifndef LINREG_REPORT_H
#define LINREG_REPORT_H

#ifdef __cplusplus
extern "C" {
#endif

/* Shapiro-Wilk runs up to this many rows (R's limit); above, Jarque-Bera
 * and Anderson-Darling with the skewness and kurtosis decide. */
#define LR_CHECK_SW_MAX_N 5000
/* White's test runs up to this many rows and this many generated columns
 * (its cost is O(n q^2)); above, Breusch-Pagan and the HC3 ratio decide. */
#define LR_CHECK_WHITE_MAX_N 100000
#define LR_CHECK_WHITE_MAX_COLS 100
/* The Box-Cox profile (a normality remedy for a positive response) is
 * computed up to this many rows. */
#define LR_CHECK_BOXCOX_MAX_N 100000
/* Material-effect thresholds (see above and docs/assumptions.md). */
#define LR_CHECK_CURVATURE_SHARE 0.02
#define LR_CHECK_SKEWNESS 0.5
#define LR_CHECK_EXCESS_KURTOSIS 1.0
#define LR_CHECK_SE_RATIO 1.2
#define LR_CHECK_VIF_DOUBTFUL 5.0
#define LR_CHECK_VIF_VIOLATED 10.0
#define LR_CHECK_SHIFT_SE 1.0
/* At most this many rows are flagged by each influence criterion. */
#define LR_CHECK_MAX_FLAGGED 10

/* The assumptions, in report order. */
typedef enum lr_assumption {
    LR_ASSUMPTION_LINEARITY = 0,     /* the mean of y is linear in the predictors */
    LR_ASSUMPTION_NORMALITY,         /* the errors are normally distributed */
    LR_ASSUMPTION_HOMOSCEDASTICITY,  /* the errors have constant variance */
    LR_ASSUMPTION_INDEPENDENCE,      /* the errors of different rows are uncorrelated */
    LR_ASSUMPTION_FIXED_FEATURES,    /* the predictors are measured without error */
    LR_ASSUMPTION_MULTICOLLINEARITY, /* "no multicollinearity": predictors not
                                        (nearly) linear combinations of each other */
    LR_ASSUMPTION_INFLUENCE,         /* "no influential observations" */
    LR_ASSUMPTION_COUNT_
} lr_assumption;

typedef enum lr_verdict {
    LR_VERDICT_HOLDS = 0,
    LR_VERDICT_DOUBTFUL, /* a test rejects but the effect is small */
    LR_VERDICT_VIOLATED,
    LR_VERDICT_NOT_TESTABLE, /* "cannot be tested" */
    LR_VERDICT_COUNT_
} lr_verdict;

/* Machine names as in the JSON ("linearity", ..., "no_multicollinearity",
 * "no_influential_observations"; "holds", "doubtful", "violated",
 * "cannot_be_tested"); static, NULL for an unknown value. */
LR_API const char *lr_assumption_name(lr_assumption a);
LR_API const char *lr_verdict_name(lr_verdict v);

typedef struct lr_check_options {
    double alpha;                /* significance level of every test, default 0.05 */
    double level;                /* confidence level of the tables, default 0.95 */
    lr_cluster_ids clusters;     /* cluster ids (lr_cluster_doubles / _ints / _column) for
                                    repeated measurements; kind LR_CLUSTER_NONE (default):
                                    none. Borrowed for the call. */
    const char *cluster_name;    /* what a cluster is, for sentences ("patient"); NULL: "cluster" */
    const double *reliability;   /* k values in (0, 1] (one per predictor, intercept not
                                    counted), or NULL; see lr_fixed_features_correct */
    const double *error_var;     /* or k measurement-error variances >= 0; at most one of
                                    reliability / error_var */
    const char *response;        /* name of the response for sentences; NULL: "the response" */
    const lr_coef_label *labels; /* ncoef labels (unit, or level/reference of a dummy),
                                    indexed like the coefficients, or NULL */
} lr_check_options;

/* Fills *opts with the defaults above. */
LR_API void lr_check_options_init(lr_check_options *opts);

typedef struct lr_report lr_report;

/* Checks every assumption of the fitted model (opts NULL: defaults) and
 * builds the report: for each assumption the tests run (chosen by n and
 * design: Shapiro-Wilk up to LR_CHECK_SW_MAX_N rows, else Jarque-Bera and
 * Anderson-Darling; White up to LR_CHECK_WHITE_MAX_N rows; the cluster
 * check only with cluster ids), the effect sizes, the verdict and its
 * reason, sentences using the coefficient names, what a violation does and
 * the remedy applied. The model is read, never changed; the report copies
 * what it needs and does not reference the model or the options
 * afterwards. Needs the model's rows for everything but multicollinearity
 * (a streamed model gives "cannot be tested" for the rest, status LR_OK).
 * Cost at n = 10^6, p = 10: about a second (docs/assumptions.md).
 * Caller frees *out with lr_report_free; *out is NULL on failure. */
LR_API lr_status lr_check_assumptions(const lr_model *model, const lr_check_options *opts,
                                      lr_report **out);

/* Frees a report. NULL is a no-op. */
LR_API void lr_report_free(lr_report *report);

/* The verdict on one assumption (LR_VERDICT_COUNT_ for a NULL report or an
 * unknown assumption). */
LR_API lr_verdict lr_report_verdict(const lr_report *report, lr_assumption a);

/* The tests behind a verdict, in the order run. lr_report_test writes test
 * i's machine name ("shapiro_wilk", "curvature", ...) to *name, the
 * predictor it concerns (curvature tests; else NULL) to *predictor, the
 * result to *out (NaN numbers when skipped) and the reason it was skipped
 * to *skipped (NULL when it ran). Any output pointer may be NULL; strings
 * are borrowed, valid while the report lives. */
LR_API size_t lr_report_ntests(const lr_report *report, lr_assumption a);
LR_API lr_status lr_report_test(const lr_report *report, lr_assumption a, size_t i,
                                const char **name, const char **predictor, lr_test_result *out,
                                const char **skipped);

/* Effect sizes by name (NaN when the report has no such effect), and by
 * index for enumeration (name borrowed; NULL when out of range). Names
 * per assumption are listed in docs/assumptions.md, e.g. "skewness",
 * "excess_kurtosis", "se_ratio_max", "lag1_autocorrelation", "icc",
 * "max_vif", "max_cooks_distance". */
LR_API double lr_report_effect(const lr_report *report, lr_assumption a, const char *name);
LR_API size_t lr_report_neffects(const lr_report *report, lr_assumption a);
LR_API const char *lr_report_effect_name(const lr_report *report, lr_assumption a, size_t i,
                                         double *value);

/* Text of one assumption's block, borrowed (valid while the report lives;
 * "" when empty): the reason for the verdict (which rule and number), the
 * plain sentences, what a violation does, and the remedy. */
LR_API const char *lr_report_reason(const lr_report *report, lr_assumption a);
LR_API const char *lr_report_explanation(const lr_report *report, lr_assumption a);
LR_API const char *lr_report_consequence(const lr_report *report, lr_assumption a);
LR_API const char *lr_report_remedy(const lr_report *report, lr_assumption a);

/* The names the remedy points at: the curved predictors (linearity), the
 * coefficients whose significance at alpha changes under the robust table
 * (homoscedasticity, independence), the collinear predictors
 * (multicollinearity). Borrowed; NULL when i is out of range. */
LR_API size_t lr_report_nnamed(const lr_report *report, lr_assumption a);
LR_API const char *lr_report_named(const lr_report *report, lr_assumption a, size_t i);

/* The rows flagged as influential (0-based, ascending); borrowed, valid
 * while the report lives (NULL when none). */
LR_API const size_t *lr_report_flagged_rows(const lr_report *report, size_t *count);

/* The robust table applied as the remedy of an assumption
 * (homoscedasticity: HC3; independence: cluster-robust or Newey-West),
 * or NULL. Borrowed, valid while the report lives. */
LR_API const lr_robust *lr_report_robust(const lr_report *report, lr_assumption a);

/* The report as readable text, one block per assumption. Caller frees
 * *text with lr_free. */
LR_API lr_status lr_report_text(const lr_report *report, char **text);

/* The report as the JSON object that goes under "report":
 * {"alpha", "level", "n", "response", "<assumption>": {"verdict", "reason",
 * "tests": [{"name", ["predictor",] "statistic", "df", "p_value", "method",
 * "n"} or {"name", "skipped"}], "effect": {name: value}, "explanation",
 * "consequence", "remedy": {"needed", "text", ...}} for each assumption}.
 * Robust tables have the keys of lr_model_results_json; rows are 1-based.
 * Caller frees *json with lr_free. */
LR_API lr_status lr_report_json(const lr_report *report, char **json);

#ifdef __cplusplus
}
#endif

#endif
