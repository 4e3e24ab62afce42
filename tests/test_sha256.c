/* SHA-256 (src/io/sha256.c) against the example vectors NIST publishes for
 * FIPS 180-4 (csrc.nist.gov "Examples with Intermediate Values": "abc", the
 * 448-bit and 896-bit messages) and the FIPS 180-2 appendix vector of one
 * million 'a', plus the empty message; every vector is also hashed in
 * irregular pieces to exercise the buffering. */
#include "../src/io/sha256.h"
#include "test_util.h"

#include <stdlib.h>

static void check(const char *what, const unsigned char *msg, size_t len, const char *want)
{
    unsigned char d[32];
    char hex[65];
    lr__sha256(msg, len, d);
    lr__sha256_hex(d, hex);
    CHECK(!strcmp(hex, want), "%s: got %s, expected %s", what, hex, want);
    /* pieces of 1, 2, 3, ... 70 bytes */
    lr_sha256 s;
    lr__sha256_init(&s);
    size_t at = 0, step = 1;
    while (at < len) {
        size_t n = len - at < step ? len - at : step;
        lr__sha256_update(&s, msg + at, n);
        at += n;
        step = step % 70 + 1;
    }
    lr__sha256_final(&s, d);
    lr__sha256_hex(d, hex);
    CHECK(!strcmp(hex, want), "%s in pieces: got %s, expected %s", what, hex, want);
}

int main(void)
{
    const char *abc = "abc";
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    check("abc", (const unsigned char *)abc, 3,
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    check("empty", (const unsigned char *)"", 0,
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check("448-bit", (const unsigned char *)m448, strlen(m448),
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    check("896-bit", (const unsigned char *)m896, strlen(m896),
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    unsigned char *million = malloc(1000000);
    CHECK(million != NULL, "malloc");
    if (million) {
        memset(million, 'a', 1000000);
        check("million a", million, 1000000,
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        free(million);
    }
    /* lengths around the padding boundary (55, 56, 63, 64 bytes of 'a'),
     * reference digests from Python's hashlib */
    static const struct { size_t n; const char *hex; } edge[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
    };
    unsigned char a[64];
    memset(a, 'a', sizeof a);
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
        char what[32];
        snprintf(what, sizeof what, "%zu x 'a'", edge[i].n);
        check(what, a, edge[i].n, edge[i].hex);
    }
    return test_report("test_sha256");
}
