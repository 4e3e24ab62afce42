/* The model document's own checksum: the last member of the top-level
 * object, "checksum": "sha256:<64 lower-case hex digits>", is the SHA-256
 * of every byte of the document before the comma that precedes it. Not
 * installed. */
#ifndef LR_DOC_CHECKSUM_H
#define LR_DOC_CHECKSUM_H

#include "../core/internal.h"

/* Appends the checksum member to text (a printed JSON object ending in
 * '}' and optional whitespace); formatted chooses cJSON's tab layout.
 * Returns a new malloc'd string or NULL on no memory; text is unchanged. */
char *lr__doc_add_checksum(const char *text, int formatted);

/* Finds the checksum member at the end of json: returns 1 and sets
 * *covered (bytes hashed) and hex (the stored digest) when the text ends
 * with it, else 0. */
int lr__doc_find_checksum(const char *json, size_t len, size_t *covered, char hex[65]);

#endif
