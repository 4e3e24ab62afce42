/* Writes the seed corpus of the model-document fuzzer (tests/fuzz/seed/):
 * documents of small models in the shapes the reader must handle. Run from
 * the repository root after `make`:
 *   cc -Iinclude -Itests tests/fuzz/make_seeds.c lib/liblinreg.a $(LIBS) -o /tmp/seeds && /tmp/seeds */
#include "linreg.h"

#include <stdio.h>
#include <string.h>

static void write_doc(const lr_model *m, unsigned flags, const char *name)
{
    char *doc = NULL, path[128];
    if (lr_model_to_json(m, flags, &doc) != LR_OK)
        return;
    snprintf(path, sizeof path, "tests/fuzz/seed/%s.json", name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(doc, f);
        fclose(f);
    }
    /* the same without the checksum, so mutations reach the member checks */
    char *sum = strstr(doc, flags ? ",\"checksum\":" : ",\n\t\"checksum\":");
    if (sum) {
        strcpy(sum, flags ? "}" : "\n}\n");
        snprintf(path, sizeof path, "tests/fuzz/seed/%s_nosum.json", name);
        if ((f = fopen(path, "w"))) {
            fputs(doc, f);
            fclose(f);
        }
    }
    lr_free(doc);
}

int main(void)
{
    static const double X[18] = {1, 2, 3, 4, 5, 6, 2, 1, 4, 3, 6, 7, 2, 4, 6, 8, 10, 12};
    static const double y[6] = {1.5, 2.25, 2.0, 4.5, 3.75, 6.0};
    static const double w[6] = {1, 2, 0, 1, 3, 1};
    const char *names[3] = {"a", "b", "twice_a"};
    lr_vector yv = lr_vector_of(y, 6);
    lr_matrix X2 = lr_matrix_col_major(X, 6, 2), X3 = lr_matrix_col_major(X, 6, 3);
    lr_options o;
    lr_model *m = NULL;

    lr_options_init(&o);
    lr_fit(&X2, &yv, names, &o, &m);
    lr_model_set_design(m, "y", "y ~ a + b");
    lr_model_set_metadata(m, "owner", "fuzz");
    lr_model_set_section(m, LR_SECTION_DIAGNOSTICS, "{\"bp\":{\"statistic\":1.25,\"p_value\":0.5}}");
    lr_model_set_section(m, LR_SECTION_ROBUST,
                         "[{\"type\":\"HC3\",\"coefficients\":[{\"name\":\"(Intercept)\",\"std_error\":1},"
                         "{\"name\":\"a\",\"std_error\":0.5},{\"name\":\"b\",\"std_error\":0.25}]}]");
    write_doc(m, 0, "full");
    write_doc(m, LR_JSON_COMPACT, "compact");
    lr_model_free(m);

    lr_options_init(&o);
    o.intercept = 0;
    o.weights = lr_vector_of(w, 6);
    lr_fit(&X3, &yv, names, &o, &m);
    write_doc(m, 0, "aliased_weighted_noint");
    lr_model_free(m);

    lr_options_init(&o);
    lr_vector y3 = lr_vector_of(y, 3);
    lr_matrix X32 = lr_matrix_col_major(X, 3, 2);
    lr_fit(&X32, &y3, names, &o, &m);
    write_doc(m, LR_JSON_COMPACT, "zero_df");
    lr_model_free(m);

    lr_accumulator *acc = NULL;
    lr_accumulator_create(2, NULL, &acc);
    lr_accumulator_add(acc, &X2, &yv, NULL);
    lr_accumulator_finish(acc, names, &m);
    write_doc(m, LR_JSON_COMPACT, "streamed");
    lr_model_free(m);
    lr_accumulator_free(acc);
    return 0;
}
