#include "json_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static cJSON *number_item(double value)
{
    if (!isfinite(value))
        return cJSON_CreateNull();
    char buf[40];
    lr__format_double(buf, sizeof buf, value);
    return cJSON_CreateRaw(buf);
}

int lr__json_add_number(cJSON *obj, const char *name, double value)
{
    cJSON *item = number_item(value);
    if (!item)
        return -1;
    if (!cJSON_AddItemToObject(obj, name, item)) {
        cJSON_Delete(item);
        return -1;
    }
    return 0;
}

int lr__json_append_number(cJSON *array, double value)
{
    cJSON *item = number_item(value);
    if (!item)
        return -1;
    if (!cJSON_AddItemToArray(array, item)) {
        cJSON_Delete(item);
        return -1;
    }
    return 0;
}

lr_status lr__json_print(const cJSON *obj, int formatted, char **out)
{
    char *text = formatted ? cJSON_Print(obj) : cJSON_PrintUnformatted(obj);
    if (!text)
        return lr__fail(LR_ERR_NOMEM, "cannot print the JSON document");
    /* cJSON allocates with its hooks (malloc by default); hand the caller
     * memory that lr_free releases. */
    char *copy = lr__strdup(text);
    cJSON_free(text);
    if (!copy)
        return lr__fail(LR_ERR_NOMEM, "cannot print the JSON document");
    *out = copy;
    return LR_OK;
}

static const char *const coef_keys[LR_COEF_COLUMN_COUNT_] = {
    "estimate", "std_error", "t_value", "p_value", "ci_low", "ci_high",
};

lr_status lr__json_coef_array(cJSON *obj, const char *key, char *const *names,
                              const unsigned char *aliased, const double *cols, size_t p)
{
    int bad = 0;
    cJSON *coefs = cJSON_AddArrayToObject(obj, key);
    bad |= !coefs;
    for (size_t j = 0; j < p && !bad; j++) {
        cJSON *c = cJSON_CreateObject();
        if (!c || !cJSON_AddItemToArray(coefs, c)) {
            cJSON_Delete(c);
            bad = 1;
            break;
        }
        bad |= !cJSON_AddStringToObject(c, "name", names[j]);
        for (int k = 0; k < LR_COEF_COLUMN_COUNT_; k++)
            bad |= lr__json_add_number(c, coef_keys[k], cols[(size_t)k * p + j]) != 0;
        bad |= !cJSON_AddBoolToObject(c, "aliased", aliased[j]);
    }
    return bad ? lr__fail(LR_ERR_NOMEM, "cannot build the JSON coefficient table") : LR_OK;
}

/* Replaces every number below item by a raw item holding its exact text. */
static int exact_numbers(cJSON *item)
{
    for (cJSON *c = item->child; c; c = c->next) {
        if (cJSON_IsNumber(c)) {
            cJSON *raw = number_item(c->valuedouble);
            if (!raw)
                return -1;
            if (c->string && !(raw->string = lr__strdup(c->string))) {
                cJSON_Delete(raw);
                return -1;
            }
            if (!cJSON_ReplaceItemViaPointer(item, c, raw)) {
                cJSON_Delete(raw);
                return -1;
            }
            c = raw;
        } else if (c->child && exact_numbers(c) != 0) {
            return -1;
        }
    }
    return 0;
}

char *lr__json_compact_exact(const cJSON *item)
{
    cJSON *copy = cJSON_Duplicate(item, 1);
    if (!copy)
        return NULL;
    char *text = NULL;
    if (cJSON_IsNumber(copy)) {
        char buf[40];
        if (isfinite(copy->valuedouble))
            lr__format_double(buf, sizeof buf, copy->valuedouble);
        else
            strcpy(buf, "null");
        text = lr__strdup(buf);
    } else if (exact_numbers(copy) == 0) {
        char *printed = cJSON_PrintUnformatted(copy);
        if (printed) {
            text = lr__strdup(printed);
            cJSON_free(printed);
        }
    }
    cJSON_Delete(copy);
    return text;
}
