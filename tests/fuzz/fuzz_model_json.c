/* libFuzzer target for the model-document reader: any byte string must
 * give a status (never a crash, leak or undefined behaviour), and a
 * document that loads must write back a document that loads to the same
 * text (the reader and writer agree). Built and run for a bounded time by
 * tests/scripts/test_fuzz.sh:
 *   clang -fsanitize=fuzzer,address,undefined -Iinclude tests/fuzz/fuzz_model_json.c <library sources>
 */
#include "linreg.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lr_model *m = NULL;
    int present = 0;
    (void)lr_model_json_verify((const char *)data, size, &present);
    if (lr_model_from_json((const char *)data, size, &m) != LR_OK) {
        if (m || !lr_last_error()[0])
            abort(); /* failures must leave no model and say why */
        return 0;
    }
    char *a = NULL, *b = NULL;
    lr_model *again = NULL;
    if (lr_model_to_json(m, LR_JSON_COMPACT, &a) != LR_OK)
        abort();
    if (lr_model_from_json(a, strlen(a), &again) != LR_OK) {
        fprintf(stderr, "a written document does not load: %s\n", lr_last_error());
        abort();
    }
    if (lr_model_to_json(again, LR_JSON_COMPACT, &b) != LR_OK || strcmp(a, b) != 0)
        abort();
    double est[64];
    size_t p = lr_model_ncoef(m);
    if (p <= 64)
        lr_model_coef_column(m, LR_COEF_P_VALUE, 0.95, est, p);
    char *summary = NULL;
    lr_model_summary(m, &summary);
    lr_free(summary);
    lr_free(a);
    lr_free(b);
    lr_model_free(again);
    lr_model_free(m);
    return 0;
}
