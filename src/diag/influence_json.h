/* The multicollinearity, specification and influence part of the CLI's
 * "diagnostics" JSON object. Not installed. */
#ifndef LR_DIAG_INFLUENCE_JSON_H
#define LR_DIAG_INFLUENCE_JSON_H

#include "../io/json_util.h"

/* Adds to the object diagnostics:
 *   "reset", "rainbow", "harvey_collier": {"statistic", "df", "p_value",
 *       "method", "n"} (df a number or an array of two); when a test cannot
 *       run (no rows in a streamed model, too few rows, undefined) the
 *       numbers are null and "error" holds the reason;
 *   "vif": {name: value} for every coefficient but the intercept (null for
 *       aliased ones);
 *   "condition_number": of the column-scaled weighted design;
 *   "influence": {"n", "max_leverage": {"value", "row"},
 *       "max_cooks_distance": {"value", "row"}, "n_flagged",
 *       "outlier_test": {"method", "statistic", "df", "p_value", "n",
 *       "cutoff", "significant", "outliers": [{"row", "rstudent",
 *       "p_unadjusted", "p_bonferroni"}...]}} with 1-based rows, or
 *       {"error": reason} when the measures cannot be computed.
 * Defaults as R: RESET powers 2..3, rainbow fraction 0.5 centred, outlier
 * cutoff 0.05 and at most 10 rows. Returns LR_OK unless memory runs out or
 * LAPACK fails; per-test failures are reported inside the object. */
lr_status lr__diag_json_influence(const lr_model *m, cJSON *diagnostics);

#endif
