/* Persistence state attached to a model: the training-data fingerprint,
 * the design description, opaque JSON sections filled by other layers
 * (robust tables, diagnostics, assumption report) and user metadata.
 * Lives behind model->persist (released through model->persist_free).
 * Not installed. */
#ifndef LR_PERSIST_H
#define LR_PERSIST_H

#include "../fit/model.h"

#include <cjson/cJSON.h>

typedef struct lr_col_summary {
    double mean, min, max;
} lr_col_summary;

typedef struct lr_persist {
    /* training-data fingerprint (see docs/persistence.md) */
    int has_fingerprint;     /* set when n and the summaries are known */
    int has_sha256;          /* 0 for a streamed fit: rows were never seen together */
    char sha256[65];
    double fp_rows;          /* rows hashed (zero-weight rows included) */
    int fp_weighted;
    size_t fp_ncols;         /* k predictor columns followed by the response */
    lr_col_summary *fp_cols; /* fp_ncols entries */
    /* design */
    char *response;          /* name of the response, NULL when unknown */
    char *formula;           /* formula text, NULL when none */
    char *sections[LR_SECTION_COUNT_]; /* compact JSON text, NULL when absent */
    /* user metadata: string keys and values, in insertion order */
    char **meta_keys, **meta_values;
    size_t n_meta, cap_meta;
    /* provenance of a loaded document (NULL for a fresh fit) */
    char *created;
    char *doc_library_version;
} lr_persist;

/* The model's persistence state; created (empty) when create is set.
 * Returns NULL when absent and not created, or on no memory (error set). */
lr_persist *lr__persist_of(const lr_model *m, int create);
void lr__persist_free(void *p);

/* Fills the fingerprint fields of p from the rows the model keeps
 * (LR_ERR_NO_DATA for a loaded or streamed model). */
lr_status lr__fingerprint_compute(const lr_model *m, lr_persist *p);
/* The fingerprint to report: the stored one of a loaded model, else one
 * computed now into tmp (the caller frees tmp->fp_cols), else none
 * (*src NULL). */
lr_status lr__fingerprint_resolve(const lr_model *m, lr_persist *tmp, const lr_persist **src);

/* Replaces *slot by a copy of value (NULL clears it). */
lr_status lr__persist_set_string(char **slot, const char *value);
/* Checks a "robust" section against the model's coefficient names; path
 * prefixes messages ("robust" or the document path). */
lr_status lr__robust_check(const lr_model *m, const cJSON *robust);

#endif
