/* Persistence: the JSON model document, file:// storage and the scheme
 * registry through which optional modules (linreg_s3.h) add s3:// and
 * others (src/io/). Part of linreg.h; include that. The document's layout
 * is specified in docs/persistence.md. */
#ifndef LINREG_IO_H
#define LINREG_IO_H

#ifdef __cplusplus
extern "C" {
#endif

/* Schema of the model document: "schema" holds LR_MODEL_SCHEMA and
 * "schema_version" "MAJOR.MINOR". A reader accepts any minor version of
 * its major version (unknown members are ignored) and refuses another
 * major version with LR_ERR_VERSION. */
#define LR_MODEL_SCHEMA "linreg.model"
#define LR_MODEL_SCHEMA_MAJOR 1
#define LR_MODEL_SCHEMA_MINOR 0

/* ------------------------------------------------- model <-> JSON text */

/* Flags of lr_model_to_json. */
#define LR_JSON_COMPACT 1u /* one line instead of indented text */

/* Writes the model as a self-describing JSON document (docs/persistence.md):
 * schema and library version, creation time (UTC, RFC 3339), design,
 * coefficient table (the keys of `linreg fit --format json`), covariance,
 * fit statistics, training-data fingerprint, optional robust tables,
 * diagnostics and report, user metadata, and a trailing SHA-256 checksum of
 * the text before it. Every double is written so it reads back
 * bit-identical; non-finite values are null. Locale-independent. The
 * fingerprint is computed from the rows the model keeps (see
 * lr_model_fingerprint: borrowed X and y must still be valid).
 * Caller frees *json with lr_free. */
LR_API lr_status lr_model_to_json(const lr_model *model, unsigned flags, char **json);

/* Reads a model document of len bytes (need not be NUL-terminated).
 * Everything is validated before use: schema name and major version
 * (LR_ERR_VERSION), JSON syntax and member types (LR_ERR_PARSE with the
 * member's path, e.g. "coefficients[3].std_error: expected a number"),
 * matrix sizes (LR_ERR_DIMENSION), finite numbers (LR_ERR_NONFINITE),
 * names consistent between the sections, and the checksum when present
 * (LR_ERR_PARSE "checksum mismatch"). The loaded model predicts exactly
 * what the saved one predicted (lr_predict, same intervals) and reports the
 * same coefficient table and statistics; it holds no per-row data, so
 * residuals are NULL and diagnostics report LR_ERR_NO_DATA. Caller frees
 * *model with lr_model_free; *model is NULL on failure. */
LR_API lr_status lr_model_from_json(const char *json, size_t len, lr_model **model);

/* Checks only the document's own checksum member ("checksum":
 * "sha256:<hex>", the last member): LR_OK and *present = 1 when it matches,
 * LR_OK and *present = 0 when the document carries none (e.g. edited by
 * hand, which requires removing it), LR_ERR_PARSE naming both digests when
 * it does not match. present may be NULL. */
LR_API lr_status lr_model_json_verify(const char *json, size_t len, int *present);

/* ------------------------------------------ design, sections, metadata */

/* Describes the design for the document's "design" section: the response
 * name and the formula text (either may be NULL: cleared). The column names
 * and the intercept flag always come from the model. Copied. */
LR_API lr_status lr_model_set_design(lr_model *model, const char *response, const char *formula);
/* Response name / formula of the design; borrowed, NULL when unset. */
LR_API const char *lr_model_response_name(const lr_model *model);
LR_API const char *lr_model_formula(const lr_model *model);

/* JSON sections other layers attach to the document, stored verbatim
 * (after a syntax check) and returned as compact text. */
typedef enum lr_section {
    LR_SECTION_TERMS = 0,   /* "design"."terms": terms, encodings, reference levels (formula layer) */
    LR_SECTION_ROBUST,      /* "robust": array of robust coefficient tables (must be an array) */
    LR_SECTION_DIAGNOSTICS, /* "diagnostics": object of test results */
    LR_SECTION_REPORT,      /* "report": the assumption report */
    LR_SECTION_COUNT_
} lr_section;

/* Attaches (json non-NULL) or removes (json NULL) a section. The text must
 * be valid JSON (LR_ERR_PARSE otherwise); "robust" must be an array of
 * objects each with a string "type" and, when it has "coefficients", one
 * entry per coefficient whose "name"s match the model's. Copied. */
LR_API lr_status lr_model_set_section(lr_model *model, lr_section section, const char *json);
/* The section's compact JSON text; borrowed, NULL when absent. */
LR_API const char *lr_model_section(const lr_model *model, lr_section section);

/* User metadata: string keys and values (UTF-8), kept in insertion order.
 * Setting an existing key replaces its value; value NULL removes the key.
 * Keys must be non-empty. Copied. */
LR_API lr_status lr_model_set_metadata(lr_model *model, const char *key, const char *value);
/* Value of key; borrowed, NULL when absent. */
LR_API const char *lr_model_metadata(const lr_model *model, const char *key);
LR_API size_t lr_model_metadata_count(const lr_model *model);
/* Key number i (0-based); borrowed; NULL when out of range. */
LR_API const char *lr_model_metadata_key(const lr_model *model, size_t i);

/* ------------------------------------------------ training fingerprint */

/* SHA-256 (64 lower-case hex digits and a NUL into hex[65]) of the
 * canonical encoding of the training data (docs/persistence.md: rows of
 * predictors, response and weight as little-endian IEEE-754 doubles after a
 * text header). Computed when asked for (here, and when a document is
 * written) from the rows the model keeps: hashing costs about four times
 * the fit itself at n = 1e6, so lr_fit does not pay for it. The rows are
 * borrowed unless lr_options.copy_data was set, so the caller's X and y must
 * still be valid then. A streamed fit has none (LR_ERR_NO_DATA); a loaded
 * model keeps the stored one. */
LR_API lr_status lr_model_fingerprint(const lr_model *model, char hex[65]);
/* Summary of training column j: j < k the predictors (without the
 * intercept), j == k the response. Mean, minimum and maximum over all
 * rows given to lr_fit (unweighted), computed as lr_model_fingerprint.
 * LR_ERR_NO_DATA for a streamed fit. */
LR_API lr_status lr_model_column_summary(const lr_model *model, size_t j, double *mean,
                                         double *min, double *max);

/* Creation time (RFC 3339, UTC) and writing library version of a loaded
 * document; borrowed; NULL for a model that was fitted in this process. */
LR_API const char *lr_model_created(const lr_model *model);
LR_API const char *lr_model_document_version(const lr_model *model);

/* ----------------------------------------------------- save and load */

/* Flags of lr_model_save_ex. */
#define LR_SAVE_OVERWRITE 1u /* replace an existing model instead of failing */

/* Saves the document of lr_model_to_json at url: a plain path,
 * "file:///abs/path" or a scheme a module registered ("s3://..." after
 * lr_s3_register()). Files are written atomically: a temporary file in the
 * same directory, fsync, then a link/rename, so a crash never leaves half a
 * model and readers see either the old or the new document. Refuses to
 * replace an existing model (LR_ERR_CONFLICT); lr_model_save_ex with
 * LR_SAVE_OVERWRITE replaces it. Unknown schemes: LR_ERR_UNSUPPORTED. */
LR_API lr_status lr_model_save(const lr_model *model, const char *url);
LR_API lr_status lr_model_save_ex(const lr_model *model, const char *url, unsigned flags);

/* Loads and validates (lr_model_from_json) the model at url.
 * Caller frees *model with lr_model_free; NULL on failure. */
LR_API lr_status lr_model_load(const char *url, lr_model **model);

/* The stored document at url as text, exactly as stored (for `linreg show
 * --format json`), after checking its checksum (lr_model_json_verify); it
 * is not otherwise validated. *json is NUL-terminated; caller frees it with
 * lr_free. */
LR_API lr_status lr_model_read_document(const char *url, char **json, size_t *len);

/* Deletes the model at url (LR_ERR_NOT_FOUND when there is none). */
LR_API lr_status lr_model_delete(const char *url);

/* Models stored under a prefix: for files, the *.json files in a directory
 * ("models/" or "models/house-" lists the files whose name starts so); for
 * s3://bucket/prefix every key under the prefix (all pages). */
typedef struct lr_model_list lr_model_list;
LR_API lr_status lr_model_list_at(const char *prefix_url, lr_model_list **list);
LR_API size_t lr_model_list_count(const lr_model_list *list);
/* URL of entry i (load it with lr_model_load); borrowed; NULL out of range. */
LR_API const char *lr_model_list_url(const lr_model_list *list, size_t i);
/* Size in bytes of entry i, -1 when unknown. */
LR_API long long lr_model_list_size(const lr_model_list *list, size_t i);
/* Last modification of entry i as RFC 3339 text; borrowed; "" when unknown. */
LR_API const char *lr_model_list_modified(const lr_model_list *list, size_t i);
LR_API void lr_model_list_free(lr_model_list *list);

/* ------------------------------------------------------ scheme registry */

/* A storage backend for URLs "<scheme>://...". Every function receives the
 * backend's ctx and the full URL. load hands back a buffer allocated with
 * malloc (the core frees it with free). list appends entries with
 * lr_model_list_add. Functions may be NULL when unsupported. Backends must
 * be safe to call from several threads at once. */
typedef struct lr_scheme {
    const char *scheme; /* e.g. "s3" (letters, digits, '+', '-', '.'; no "://") */
    lr_status (*save)(void *ctx, const char *url, const char *data, size_t len, unsigned flags);
    lr_status (*load)(void *ctx, const char *url, char **data, size_t *len);
    lr_status (*remove)(void *ctx, const char *url);
    lr_status (*list)(void *ctx, const char *prefix_url, lr_model_list *out);
    void *ctx;
} lr_scheme;

/* Registers (or replaces) the backend of scheme->scheme; the struct is
 * copied, the scheme name too; ctx is borrowed for the life of the process.
 * "file" cannot be replaced. The registry is the library's one
 * process-wide table: guarded by a mutex, so registration and use may
 * happen from any thread; entries are never freed, so a backend must stay
 * valid until exit. At most 16 schemes. */
LR_API lr_status lr_register_scheme(const lr_scheme *scheme);

/* For backends in other libraries: records message as the calling
 * thread's lr_last_error() and returns status (so `return
 * lr_fail_message(LR_ERR_NETWORK, text);`). */
LR_API lr_status lr_fail_message(lr_status status, const char *message);

/* For backends in other libraries: a new, empty list (caller frees with
 * lr_model_list_free). */
LR_API lr_status lr_model_list_new(lr_model_list **list);

/* For list backends: appends an entry (url copied; size -1 and modified
 * NULL when unknown). */
LR_API lr_status lr_model_list_add(lr_model_list *list, const char *url, long long size,
                                   const char *modified);

#ifdef __cplusplus
}
#endif

#endif
