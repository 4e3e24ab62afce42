/* The default diagnostics as JSON entries, for the CLI's and the model
 * document's "diagnostics" object. Not installed. */
#ifndef LR_DIAG_JSON_H
#define LR_DIAG_JSON_H

#include "../fit/model.h"

#include <cjson/cJSON.h>

/* Runs the default normality, homoscedasticity and independence tests on m
 * and adds one entry per test to the object `diagnostics`:
 *   shapiro_wilk, jarque_bera, omnibus, anderson_darling   (normality)
 *   breusch_pagan (studentized), white (LM form),
 *   goldfeld_quandt (row order, point 0.5, fraction 0, "greater")
 *   durbin_watson (lmtest's choice of exact / normal approximation),
 *   breusch_godfrey (order 1, chi-squared), ljung_box (lag min(10, n/5))
 * Each entry is {"statistic", "df", "p_value", "method", "n"}: df is a
 * number, an array of two numbers, or null; durbin_watson adds
 * "p_value_negative" (H1: negative autocorrelation; "p_value" is for
 * positive autocorrelation, lmtest's default) and "exact". A test that
 * cannot run on this model (Shapiro-Wilk above 5000 rows, too few rows, a
 * streamed model without residuals, White without an intercept) becomes
 * {"error": "<the reason>"}. Returns LR_OK unless memory runs out
 * (LR_ERR_NOMEM) or an argument is NULL (LR_ERR_INVALID_ARG). */
lr_status lr__diag_json_tests(const lr_model *m, cJSON *diagnostics);

#endif
