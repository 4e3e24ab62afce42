/* Diagnostics of the design and of single observations: multicollinearity
 * (VIF, GVIF, Belsley condition indices), linearity / specification (RESET,
 * rainbow, Harvey-Collier) and influence (leverage, studentized residuals,
 * Cook's distance, DFFITS, DFBETA(S), COVRATIO, Bonferroni outlier test).
 * Part of linreg.h; include that. Definitions: docs/diagnostics_influence.md.
 *
 * Every function reads a fitted model and never refits the user's data:
 * collinearity measures come from the model's triangular factor R (O(p^3),
 * so they work on streamed models too), influence measures from R and the
 * stored residuals in one O(n p^2) pass, and the specification tests add
 * only their auxiliary regression. Functions that need the rows return
 * LR_ERR_NO_DATA for a streamed model (lr_accumulator_finish).
 *
 * Weighted fits follow R's lm: everything is computed on the transformed
 * model sqrt(w) y = sqrt(w) X b + e over the rows with non-zero weight;
 * rows with weight 0 are not part of the fit and get NaN measures.
 * Aliased columns are left out (as R's lm.influence does); their entries
 * are NaN. Rows are 0-based in the C API, 1-based in JSON and CSV output.
 * The residual-based diagnostics (specification tests, influence) return
 * LR_ERR_UNDEFINED for a model that fits its data exactly (RSS below
 * 1e-26 of the total), where every such statistic would be rounding noise.
 */
#ifndef LINREG_INFLUENCE_H
#define LINREG_INFLUENCE_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------ multicollinearity */

/* Variance inflation factor of every coefficient, as car::vif (vif.default:
 * the correlation matrix of the coefficient covariance with the intercept
 * row and column removed). With an intercept this is 1 / (1 - R^2_j) of
 * column j regressed on the others with an intercept (weighted by the fit's
 * weights). Without an intercept car::vif (with a warning) and linreg give
 * the uncentered VIF: diag((X'WX)^-1)_j * (X'WX)_jj = 1 / (1 - R^2_j) with
 * the uncentered R^2 of column j on the other columns without an intercept.
 * Computed from the model's R factor in O(p^3); works on streamed models.
 * out receives ncoef values (len >= ncoef): NaN for the intercept and for
 * aliased coefficients (the VIFs are those of the model lm estimated, the
 * aliased columns left out; car::vif refuses such a model). A model with a
 * single predictor gets VIF 1 (car refuses fewer than 2 terms). */
LR_API lr_status lr_vif(const lr_model *model, double *out, size_t len);

/* Generalized VIF of Fox & Monette (1992) for terms of several columns, as
 * car::vif: GVIF_t = det(R_tt) det(R_-t,-t) / det(R) with R the correlation
 * matrix of the coefficient covariance (intercept removed), and
 * GVIF_t^(1/(2 df_t)), df_t the number of columns of term t.
 * assign has ncoef entries mapping each coefficient to its term 1..nterms,
 * as the "assign" attribute of R's model.matrix: 0 for the intercept (the
 * intercept's entry must be 0; every other coefficient needs a term).
 * gvif, gvif_adj and df (each may be NULL) receive nterms values (len >=
 * nterms), term t at index t-1; aliased columns are left out of their term
 * (a term with only aliased columns gets NaN). Single-column terms give
 * the VIF of lr_vif. */
LR_API lr_status lr_gvif(const lr_model *model, const int *assign, size_t nterms,
                         double *gvif, double *gvif_adj, double *df, size_t len);

/* Belsley, Kuh & Welsch (1980) collinearity diagnostics, as
 * perturb::colldiag(scale = TRUE, center = FALSE): the weighted design's
 * non-aliased columns (intercept included) scaled to unit length, its
 * singular values d_1 >= ... >= d_r, condition indices d_1 / d_k and the
 * variance-decomposition proportions pi_kj = (v_jk^2 / d_k^2) /
 * sum_l (v_jl^2 / d_l^2) (the share of var(b_j) due to dimension k).
 * The largest index is the condition number of the column-scaled design
 * (= lr_model_stat(LR_STAT_CONDITION_NUMBER)). From the R factor, O(p^3).
 * cond_index receives ncoef values (index k for k < rank, then NaN);
 * proportions (may be NULL) ncoef x ncoef row-major: row k = dimension k,
 * column j = coefficient j (NaN for aliased j and for k >= rank).
 * len is the number of doubles available in cond_index (>= ncoef);
 * proportions must hold ncoef^2. */
LR_API lr_status lr_collinearity_diagnostics(const lr_model *model, double *cond_index,
                                             double *proportions, size_t len);

/* ------------------------------------------------- linearity / specification */

/* Ramsey's RESET test, as lmtest::resettest(type = "fitted"): the F test of
 * adding the powers 2..max_power of the fitted values to the model
 * (max_power 0 means the default 3). df = {max_power - 1, n - rank -
 * (max_power - 1)}. H0: the mean is linear in the predictors (no
 * nonlinear function of the fitted values improves the fit). Weighted fits:
 * the powers enter the weighted regression (lmtest ignores weights). Needs
 * the rows (LR_ERR_NO_DATA) and n > rank + max_power - 1
 * (LR_ERR_TOO_FEW_ROWS); LR_ERR_UNDEFINED when the powers are collinear
 * with the design (e.g. an intercept-only model). */
LR_API lr_status lr_reset_test(const lr_model *model, unsigned max_power, lr_test_result *out);

/* Utts' rainbow test, as lmtest::raintest(fraction, center) with the rows
 * in data order (order.by = NULL): the F test comparing the fit on the
 * central subset of rows from = ceiling(1 + (n - 1)(center - fraction/2)),
 * to = from + floor(fraction n) - 1 with the fit on all n rows; df = {n -
 * n1, n1 - rank}. H0: the relation is linear (the central rows fit no
 * better than all). fraction in (0, 1) (lmtest default 0.5), center in
 * (0, 1) (default 0.5; <= 0 means 0.5). Rows with weight 0 are skipped
 * before counting. Errors: LR_ERR_NO_DATA, LR_ERR_TOO_FEW_ROWS when the
 * subset has no more rows than coefficients or covers all rows,
 * LR_ERR_UNDEFINED when the subset's design is rank-deficient. */
LR_API lr_status lr_rainbow_test(const lr_model *model, double fraction, double center,
                                 lr_test_result *out);

/* Harvey-Collier test, as lmtest::harvtest with the rows in data order: the
 * recursive residuals w_{k+1..n} (Brown, Durbin & Evans 1975; k = rank)
 * give |sum w| / sqrt(n - k) / sd(w), Student t with n - k - 1 df,
 * two-sided. H0: the mean is linear (recursive residuals have mean 0).
 * The recursive residuals come from a row-by-row Givens update of the
 * factor of the first k rows, O(n k^2). Errors: LR_ERR_NO_DATA,
 * LR_ERR_TOO_FEW_ROWS when n < k + 2, LR_ERR_UNDEFINED when the first k
 * rows (with non-zero weight) do not determine the coefficients. */
LR_API lr_status lr_harvey_collier_test(const lr_model *model, lr_test_result *out);

/* --------------------------------------------------------------- influence */

/* Per-row influence measures, exactly as R's influence.measures and the
 * functions named (weighted residuals e_i = sqrt(w_i) (y_i - fitted_i),
 * k = rank, s^2 = RSS / (n - k)):
 *   LR_INFL_HAT        h_i, hatvalues (set to 1 above 1 - 10 eps, as R)
 *   LR_INFL_RSTANDARD  e_i / (s sqrt(1 - h_i)), rstandard
 *   LR_INFL_RSTUDENT   e_i / (s_(i) sqrt(1 - h_i)), rstudent
 *   LR_INFL_COOKS_D    e_i^2 h_i / (k s^2 (1 - h_i)^2), cooks.distance
 *   LR_INFL_DFFITS     e_i sqrt(h_i) / (s_(i) (1 - h_i)), dffits
 *   LR_INFL_COVRATIO   (s_(i) / s)^(2k) / (1 - h_i), covratio
 *   LR_INFL_SIGMA      s_(i) = sqrt((RSS - e_i^2 / (1 - h_i)) / (n - k - 1)),
 *                      lm.influence()$sigma
 *   LR_INFL_DFBETA     b - b_(i) = (X'WX)^-1 x_i sqrt(w_i) e_i / (1 - h_i), dfbeta
 *                      (0 where h_i = 1, as R)
 *   LR_INFL_DFBETAS    dfbeta_ij / (s_(i) sqrt((X'WX)^-1_jj)), dfbetas
 * Infinite values become NaN, as influence.measures does. R's lm.influence
 * also zeroes residuals below 100 eps * median|e| first; linreg does not
 * (it changes only rows fitted exactly, to within rounding). */
typedef enum lr_influence_measure {
    LR_INFL_HAT = 0,
    LR_INFL_RSTANDARD,
    LR_INFL_RSTUDENT,
    LR_INFL_COOKS_D,
    LR_INFL_DFFITS,
    LR_INFL_COVRATIO,
    LR_INFL_SIGMA,
    LR_INFL_DFBETA,  /* nobs x ncoef values, row-major */
    LR_INFL_DFBETAS, /* nobs x ncoef values, row-major */
    LR_INFL_COUNT_
} lr_influence_measure;

/* Bits of the per-row flags: the cut-offs of influence.measures' is.inf
 * (k = rank, n = rows with h_i > 0). A row is "influential" when any is set. */
enum {
    LR_INFL_FLAG_DFBETAS = 1,  /* |dfbetas_ij| > 1 for some j */
    LR_INFL_FLAG_DFFITS = 2,   /* |dffits| > 3 sqrt(k / (n - k)) */
    LR_INFL_FLAG_COVRATIO = 4, /* |1 - covratio| > 3k / (n - k) */
    LR_INFL_FLAG_COOKS_D = 8,  /* pf(cooks_d, k, n - k) > 0.5 */
    LR_INFL_FLAG_HAT = 16      /* h_i > 3k / n */
};

/* Computes the measures asked for in one O(n k^2) pass over the rows, in
 * closed form from the model's R factor (no leave-one-out refits, no
 * n x k temporaries). out has LR_INFL_COUNT_ entries indexed by
 * lr_influence_measure; each is NULL (not wanted) or caller memory of
 * nobs doubles (nobs x ncoef for LR_INFL_DFBETA and LR_INFL_DFBETAS, with
 * NaN columns for aliased coefficients); flags is NULL or nobs bytes of
 * LR_INFL_FLAG_* bits. nobs must equal lr_model_nobs(model). Rows with
 * weight 0 get NaN (flags 0). Errors: LR_ERR_NO_DATA (streamed model),
 * LR_ERR_TOO_FEW_ROWS unless n >= rank + 2, LR_ERR_UNDEFINED for rank 0
 * or an exact fit. */
LR_API lr_status lr_influence_measures(const lr_model *model, double *const *out,
                                       unsigned char *flags, size_t nobs);

/* The same for one measure into out (nobs values, or nobs x ncoef for the
 * DFBETA(S)); len is the number of doubles available. */
LR_API lr_status lr_influence_measure_values(const lr_model *model, lr_influence_measure which,
                                             double *out, size_t len);

/* Summary of the influence measures without any per-row storage (one
 * pass, O(k^2) memory): the largest leverage and Cook's distance with the
 * (0-based) row where each first occurs, and the rows flagged by any
 * is.inf cut-off. Errors as lr_influence_measures. */
typedef struct lr_influence_summary {
    size_t n;              /* rows with non-zero weight */
    double max_hat;
    size_t max_hat_row;
    double max_cooks_d;    /* NaN if every Cook's distance is NaN */
    size_t max_cooks_d_row;
    size_t n_flagged;      /* rows with any flag */
    size_t n_flagged_by[5];/* rows per flag: dfbetas, dffits, covratio, cooks_d, hat */
} lr_influence_summary;
LR_API lr_status lr_influence_summarize(const lr_model *model, lr_influence_summary *out);

/* Bonferroni outlier test, as car::outlierTest(cutoff, n.max): for each
 * row the externally studentized residual t_i, its two-sided p-value
 * p_i = 2 P(T > |t_i|) with T ~ t(n - k - 1), and the Bonferroni p-value
 * n p_i over the n rows with a defined t_i (clamped to 1; car reports n p_i
 * unclamped and prints values above 1 as NA). Reports the rows with
 * Bonferroni p <= cutoff, at most n_max of them, smallest p first; when
 * none qualifies, the single row with the largest |t_i| (then
 * p_bonferroni[0] > cutoff: no significant outlier).
 * result (may be NULL) receives the first reported row's t_i as statistic,
 * df = {n - k - 1, NaN}, its Bonferroni p as p_value, the n tested and the
 * method name. rows (0-based), rstudent, p_unadjusted, p_bonferroni are
 * NULL or hold n_max values; *count (may be NULL) the number reported.
 * cutoff in (0, 1] (car default 0.05), n_max >= 1 (car default 10).
 * Errors as lr_influence_measures. */
LR_API lr_status lr_outlier_test(const lr_model *model, double cutoff, size_t n_max,
                                 lr_test_result *result, size_t *rows, double *rstudent,
                                 double *p_unadjusted, double *p_bonferroni, size_t *count);

/* Writes the per-row measures as CSV to out (a stream the caller opened for
 * writing; not closed): a header
 *   row,hat,rstandard,rstudent,cooks_d,dffits,covratio,dfbeta_<name>...,
 *   dfbetas_<name>...,flagged
 * then one line per input row: row is 1-based, numbers with up to 17
 * significant digits (read back exactly), "NA" where undefined (rows with
 * weight 0, h = 1, aliased coefficients), flagged 1 when any is.inf
 * cut-off is crossed (NA for weight-0 rows). Streams in one pass with no
 * per-row storage. Names that need it are quoted (RFC 4180). LR_ERR_IO
 * when writing fails. */
LR_API lr_status lr_influence_write_csv(const lr_model *model, FILE *out);

#ifdef __cplusplus
}
#endif

#endif
