/* Storage backends of the core: URL resolution and the built-in file
 * backend. Not installed. */
#ifndef LR_STORE_H
#define LR_STORE_H

#include "../core/internal.h"

/* Finds the backend of url: for "file://" and plain paths out->scheme is
 * "file" and *path the file path; otherwise the registered backend (a
 * copy) and *path == url. */
lr_status lr__store_resolve(const char *url, lr_scheme *out, const char **path);

/* The file backend. */
lr_status lr__file_save(const char *path, const char *data, size_t len, unsigned flags);
lr_status lr__file_load(const char *path, char **data, size_t *len);
lr_status lr__file_remove(const char *path);
/* Lists the *.json files under the prefix (a directory ending in '/' or a
 * directory plus a file-name prefix); URLs keep the form of prefix_url. */
lr_status lr__file_list(const char *prefix_url, const char *path, lr_model_list *out);

#endif
