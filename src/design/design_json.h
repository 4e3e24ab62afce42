/* A design as JSON (cJSON): for the results of a formula fit and for the
 * persisted model document. Not installed. */
#ifndef LR_DESIGN_JSON_H
#define LR_DESIGN_JSON_H

#include "../io/json_util.h"
#include "design_internal.h"

/* Adds "formula" {"text", "response", "intercept", "terms", "columns":
 * [{"name", "term"}]} and "data" {"rows_read", "rows_used", "rows_dropped",
 * "dropped_because": {column: count}, "dropped_rows": [1-based rows]} to obj. */
lr_status lr__design_results_json(const lr_design *d, cJSON *obj);

/* Adds the specification of d to obj: "formula", "response" (bool),
 * "intercept", "weights", "variables": [{"label", "expr" (numbers exact),
 * "kind" numeric|poly|factor, "columns", "levels" (reference first),
 * "reference", "from_numeric", "degree", "raw", "alpha", "norm2"}],
 * "terms": [{"label", "variables" (indices), "all_levels" (bools)}],
 * "columns": [names]. Enough for lr_design_apply on new data. */
lr_status lr__design_spec_to_json(const lr_design *d, cJSON *obj);

/* Rebuilds a specification (a design without data, usable with
 * lr_design_apply) from such an object; LR_ERR_PARSE naming what is wrong.
 * Caller frees *out with lr_design_free. */
lr_status lr__design_spec_from_json(const cJSON *obj, lr_design **out);

#endif
