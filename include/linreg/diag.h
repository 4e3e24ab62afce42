/* Diagnostics: one test per assumption of the linear model (src/diag/).
 * Part of linreg.h; include that.
 *
 * Every test reads a fitted model (its residuals, its borrowed design and
 * weights, its triangular factor) and never refits the user's data; the
 * auxiliary regressions some tests need are run on residual-derived
 * columns. A model from the streaming accumulator keeps no residuals, so
 * every test here returns LR_ERR_NO_DATA for it. A test that cannot run
 * returns a status and a sentence in lr_last_error() (too few rows:
 * LR_ERR_TOO_FEW_ROWS; a statistic undefined for this model or sample:
 * LR_ERR_UNDEFINED) and never a made-up number.
 *
 * Residuals and design the tests use (n = rows with non-zero weight):
 *  - unweighted fit: the residuals e = y - fitted and the design X;
 *  - weighted fit: the weighted residuals sqrt(w) e over the rows with
 *    w > 0 (R's weighted.residuals(); statsmodels' WLS wresid) and, where a
 *    test needs the design, the whitened design sqrt(w) X. The exceptions
 *    are Breusch-Pagan, which follows lmtest's bptest on the weighted lm,
 *    and White, whose auxiliary regressors are the products of the
 *    unweighted design (statsmodels het_white(wresid, X)).
 * Each function's comment names the reference definition it matches. */
#ifndef LINREG_DIAG_H
#define LINREG_DIAG_H

#ifdef __cplusplus
extern "C" {
#endif

/* The result of one hypothesis test, as R's htest: statistic, degrees of
 * freedom (NaN where unused), p-value, the method's name and the number of
 * observations it used. */
typedef struct lr_test_result {
    double statistic;
    double df[2];
    double p_value;
    size_t n;
    char method[96];
} lr_test_result;

/* ------------------------------------------ normality (src/diag/normality.c) */

/* Shapiro-Wilk W of the (weighted) residuals and its p-value: R's
 * shapiro.test(weighted.residuals(fit)), Royston's algorithm AS R94 (1995)
 * as in R's swilk.c. Needs 3 <= n <= 5000 (LR_ERR_TOO_FEW_ROWS below,
 * LR_ERR_UNDEFINED above, as R's limit) and residuals that are not all
 * equal (LR_ERR_UNDEFINED). */
LR_API lr_status lr_shapiro_wilk(const lr_model *model, lr_test_result *out);

/* Jarque-Bera JB = n/6 (S^2 + (K-3)^2/4) with the biased sample skewness S
 * and kurtosis K of the (weighted) residuals, chi-squared with 2 df:
 * statsmodels.stats.stattools.jarque_bera(results.wresid). n >= 2. */
LR_API lr_status lr_jarque_bera(const lr_model *model, lr_test_result *out);

/* D'Agostino-Pearson omnibus K^2 = Zs^2 + Zk^2 (D'Agostino's skewness test,
 * Anscombe-Glynn kurtosis test), chi-squared with 2 df: statsmodels
 * omni_normtest(results.wresid) = scipy.stats.normaltest. n >= 8. */
LR_API lr_status lr_omnibus_normality(const lr_model *model, lr_test_result *out);

/* Anderson-Darling A^2 for normality with mean and variance estimated from
 * the (weighted) residuals, p-value from Stephens' (1986) table as R's
 * nortest::ad.test. n >= 8. */
LR_API lr_status lr_anderson_darling(const lr_model *model, lr_test_result *out);

/* Sample skewness m3 / m2^1.5 and kurtosis m4 / m2^2 (biased moments; 3 for
 * a normal sample) of the (weighted) residuals, as the statsmodels summary
 * reports them (scipy.stats.skew / kurtosis(fisher=False)). */
LR_API lr_status lr_residual_moments(const lr_model *model, double *skewness, double *kurtosis);

/* Q-Q plot data: the internally standardized residuals (R's rstandard:
 * sqrt(w) e / (sigma sqrt(1 - h))) of the rows with w > 0 sorted
 * ascending in sample[], and the matching normal quantiles
 * qnorm(ppoints(count)) in theoretical[] (R's qqnorm; plot.lm which = 2).
 * Rows with leverage 1 have no standardized residual and are left out, as
 * plot.lm does. Both arrays must hold len >= lr_model_nobs(model) values;
 * *count receives the number of points written. */
LR_API lr_status lr_qq_data(const lr_model *model, double *theoretical, double *sample,
                            size_t len, size_t *count);

/* ------------------------ homoscedasticity (src/diag/homoscedasticity.c) */

/* Breusch-Pagan test of the variance against the model's own regressors:
 * R's lmtest::bptest(fit, studentize = ...). studentize = 1 (the usual
 * choice): Koenker's studentized version n R^2 of the auxiliary regression
 * of e^2; 0: the original Breusch-Pagan statistic (half the explained sum
 * of squares of e^2 / sigma^2 - 1), which assumes normal errors. Chi-squared
 * with rank - 1 df. Weighted fits follow bptest on the weighted lm. Needs
 * at least two design columns (lmtest: an intercept and a regressor). */
LR_API lr_status lr_breusch_pagan(const lr_model *model, int studentize, lr_test_result *out);

/* White's test: the squared (weighted) residuals regressed on the design's
 * columns, their squares and cross products (statsmodels het_white(wresid,
 * X)). f_form = 0: the LM statistic n R^2, chi-squared with df = rank of the
 * auxiliary design - 1; f_form = 1: the F statistic of that regression,
 * df = (rank - 1, n - rank). Duplicate or constant generated columns (the
 * square of a 0/1 dummy, a constant product) do not count towards df.
 * Needs a model with an intercept (LR_ERR_UNDEFINED otherwise, as
 * statsmodels requires a constant). */
LR_API lr_status lr_white(const lr_model *model, int f_form, lr_test_result *out);

/* Alternative hypotheses of one-sided tests, as R's "greater", "two.sided", "less". */
typedef enum lr_alternative {
    LR_ALT_GREATER = 0,
    LR_ALT_TWO_SIDED,
    LR_ALT_LESS
} lr_alternative;

typedef struct lr_gq_options {
    double point;       /* breakpoint: a fraction of n when <= 1, else an observation
                           number; default 0.5 */
    double fraction;    /* central observations omitted: a fraction of n when < 1,
                           else a count; default 0 */
    lr_alternative alternative; /* default LR_ALT_GREATER: variance increases */
    long order_by;      /* -1 (default): row order; j >= 0: order the rows by predictor
                           column j of X (0-based, the intercept not counted) */
    lr_vector order_values; /* data != NULL: order by these lr_model_nobs() values
                               instead (overrides order_by). Borrowed. */
} lr_gq_options;

/* Fills *opts with the defaults above (lmtest::gqtest's defaults). */
LR_API void lr_gq_options_init(lr_gq_options *opts);

/* Goldfeld-Quandt F test: the rows (in the chosen order, stable for ties)
 * are split at the breakpoint with the central observations omitted, the
 * model is fitted to both segments and GQ = (RSS2 / df1) / (RSS1 / df2),
 * df1 = n2 - k, df2 = n1 - k with k the model's rank: lmtest::gqtest with
 * point, fraction, alternative and order.by. The segment fits regress the
 * residuals (equivalently the response) on the segment's rows of the
 * design; a weighted fit is tested as its whitened model. opts NULL means
 * defaults. LR_ERR_UNDEFINED when a segment would have no degrees of
 * freedom. */
LR_API lr_status lr_goldfeld_quandt(const lr_model *model, const lr_gq_options *opts,
                                    lr_test_result *out);

/* ---------------------------------- independence (src/diag/independence.c)
 * These tests look for correlation between neighbouring rows, so their
 * result depends on the order of the rows: put the rows in time (or
 * space) order before fitting. A weighted fit is tested as its whitened
 * model over the rows with w > 0, in their order. */

typedef enum lr_dw_method {
    LR_DW_AUTO = 0, /* exact for n < 100, else the normal approximation (lmtest default) */
    LR_DW_EXACT,    /* the exact null distribution; n <= LR_DW_EXACT_MAX_N */
    LR_DW_NORMAL    /* normal approximation with the exact mean and variance of DW */
} lr_dw_method;

/* The exact p-value needs the eigenvalues of an n x n matrix: O(n^3) time,
 * O(n^2) memory. Larger models use the normal approximation. */
#define LR_DW_EXACT_MAX_N 2000

typedef struct lr_dw_result {
    double statistic;   /* DW = sum (e_t - e_t-1)^2 / sum e_t^2 */
    double p_positive;  /* H1: autocorrelation > 0 (lmtest alternative "greater") */
    double p_negative;  /* H1: autocorrelation < 0 ("less") */
    double p_two_sided; /* H1: autocorrelation != 0 */
    int exact;          /* 1: Pan's algorithm, 0: normal approximation */
    size_t n;
    char method[96];
} lr_dw_result;

/* Durbin-Watson test with p-values for both alternatives: lmtest::dwtest's
 * definitions (exact for n < 100 by default, else the normal approximation
 * with DW's exact mean and variance, matched as dwtest(exact = FALSE)).
 * The exact distribution is that of a ratio of quadratic forms in the
 * eigenvalues of M A (M the residual-maker of the design, A the
 * first-difference matrix; LAPACK dsyev on M A M). dwtest evaluates it by
 * Pan's series truncated at 15 terms, which can be far off (see
 * docs/diagnostics.md); linreg evaluates it by Imhof's integral and, for a
 * tail below 1e-6, by Pan's series with terms added until it converges. If
 * neither converges the normal approximation is used and the method says
 * so, as dwtest does. n >= 3 (exact) or n >= max(5, rank) (approximation). */
LR_API lr_status lr_durbin_watson(const lr_model *model, lr_dw_method method, lr_dw_result *out);

typedef struct lr_bg_options {
    size_t order; /* highest lag of the residuals; default 1 */
    int f_form;   /* 0 (default): LM statistic n R^2, chi-squared with order df;
                     1: F statistic with df = (order, n - rank - order) */
    double fill;  /* value of the lagged residuals before the first row; default 0 */
} lr_bg_options;

/* Fills *opts with the defaults above (lmtest::bgtest's defaults). */
LR_API void lr_bg_options_init(lr_bg_options *opts);

/* Breusch-Godfrey test for serial correlation of order up to opts->order:
 * the residuals regressed on the design and their own lags 1..order
 * (lmtest::bgtest with fill). opts NULL means defaults. */
LR_API lr_status lr_breusch_godfrey(const lr_model *model, const lr_bg_options *opts,
                                    lr_test_result *out);

/* Ljung-Box portmanteau test on the (weighted) residuals:
 * Q = n (n + 2) sum_{k=1..lag} r_k^2 / (n - k), with r_k the autocorrelations
 * of the demeaned residuals (R's acf), chi-squared with lag - fitdf df:
 * R's Box.test(type = "Ljung-Box", lag, fitdf), p-value as the upper tail
 * (Box.test's 1 - pchisq loses tiny p-values). lag = 0 means the default
 * min(10, floor(n / 5)). Needs 1 <= lag < n and fitdf < lag. */
LR_API lr_status lr_ljung_box(const lr_model *model, size_t lag, size_t fitdf,
                              lr_test_result *out);

/* The default Ljung-Box lag for n residuals: min(10, floor(n / 5)). */
LR_API size_t lr_ljung_box_default_lag(size_t n);

#ifdef __cplusplus
}
#endif

#endif
