/* Constructors of borrowed views and the options defaults. */
#include "internal.h"

#include <string.h>

lr_matrix lr_matrix_row_major(const double *data, size_t rows, size_t cols)
{
    lr_matrix m = {data, rows, cols, (ptrdiff_t)cols, 1};
    return m;
}

lr_matrix lr_matrix_col_major(const double *data, size_t rows, size_t cols)
{
    lr_matrix m = {data, rows, cols, 1, (ptrdiff_t)rows};
    return m;
}

lr_vector lr_vector_of(const double *data, size_t len)
{
    lr_vector v = {data, len, 1};
    return v;
}

void lr_options_init(lr_options *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->intercept = 1;
    opts->level = 0.95;
    opts->rank_tol = 1e-11;
    opts->refine = LR_REFINE_AUTO;
}
