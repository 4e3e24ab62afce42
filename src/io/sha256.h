/* SHA-256 (FIPS 180-4) for the training-data fingerprint and the model
 * document's own checksum. The core library links neither OpenSSL nor
 * libcurl, so it carries this small implementation, checked against the
 * NIST example vectors in tests/test_sha256.c. Not installed. */
#ifndef LR_SHA256_H
#define LR_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct lr_sha256 {
    uint32_t h[8];
    uint64_t bytes;        /* message length so far */
    unsigned char buf[64]; /* pending partial block */
    size_t fill;
} lr_sha256;

void lr__sha256_init(lr_sha256 *s);
void lr__sha256_update(lr_sha256 *s, const void *data, size_t len);
void lr__sha256_final(lr_sha256 *s, unsigned char digest[32]);
/* One-shot digest of len bytes. */
void lr__sha256(const void *data, size_t len, unsigned char digest[32]);
/* Lower-case hexadecimal of a digest: 64 characters and a terminating NUL. */
void lr__sha256_hex(const unsigned char digest[32], char hex[65]);

#endif
