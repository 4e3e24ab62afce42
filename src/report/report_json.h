/* The assumption report as a JSON object, for the CLI's and the persisted
 * model's "report" entry. Not installed. */
#ifndef LR_REPORT_JSON_H
#define LR_REPORT_JSON_H

#include "../core/internal.h"

#include <cjson/cJSON.h>

/* Adds the report's keys to obj (which becomes the "report" object):
 * "alpha", "level", "n", "response", "model" and one object per assumption
 * named by lr_assumption_name, as lr_report_json documents. Returns LR_OK,
 * LR_ERR_INVALID_ARG (NULL argument) or LR_ERR_NOMEM. */
lr_status lr__report_json(const lr_report *r, cJSON *obj);

#endif
