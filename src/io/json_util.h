/* Helpers for JSON documents built with cJSON. Not installed. */
#ifndef LR_JSON_UTIL_H
#define LR_JSON_UTIL_H

#include "../core/internal.h"

#include <cjson/cJSON.h>

/* Adds name: value to obj, written so it reads back as the same double
 * (cJSON's own printer accepts 15 digits when they are merely close);
 * NaN and infinities become null. Returns 0 on success, -1 on no memory. */
int lr__json_add_number(cJSON *obj, const char *name, double value);
/* The same for an array element. */
int lr__json_append_number(cJSON *array, double value);
/* Prints obj unformatted or formatted into a string the caller frees with
 * lr_free (status LR_ERR_NOMEM on failure). */
lr_status lr__json_print(const cJSON *obj, int formatted, char **out);

/* Adds key: [{"name", "estimate", "std_error", "t_value", "p_value",
 * "ci_low", "ci_high", "aliased"}...] to obj for p coefficients; cols holds
 * the LR_COEF_COLUMN_COUNT_ columns one after another (p values each).
 * The one layout of every coefficient table linreg writes. */
lr_status lr__json_coef_array(cJSON *obj, const char *key, char *const *names,
                              const unsigned char *aliased, const double *cols, size_t p);

/* Compact text of item in which every number is written so it reads back
 * as the same double (cJSON's printer is not exact). Returns a malloc'd
 * string (free with free) or NULL on no memory; item is unchanged. */
char *lr__json_compact_exact(const cJSON *item);

/* Adds the "coefficients" and "fit" sections of the model to obj (shared
 * by lr_model_results_json and the persisted model document). */
lr_status lr__results_to_json(const lr_model *m, double level, cJSON *obj);

#endif
