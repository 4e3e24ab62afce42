/* Row blocks of a fitted model's weighted design, shared by the
 * diagnostics that walk the rows (influence, specification tests).
 * Not installed. */
#ifndef LR_DIAG_DESIGN_ROWS_H
#define LR_DIAG_DESIGN_ROWS_H

#include "../fit/model.h"

/* Rows per block of the row-walking diagnostics: a few pages of doubles. */
#define LR_DIAG_BLOCK 512

/* Packs rows [first, first + count) of the model's weighted design, its
 * non-aliased columns only (intercept included), into out: rank x count,
 * column-major, one column per row:
 *   out[a + b * rank] = sqrt(w_i) * x_{i, keep[a]} * (scaled ? rscale[a] : 1)
 * with i = first + b, so the columns are rows of the design the model's
 * factor rfac belongs to when scaled is 1. sw[b] receives sqrt(w_i); rows
 * with weight 0 get sw[b] = 0 and a zero column. The model must hold its
 * rows (has_data). */
void lr__pack_rows(const lr_model *m, size_t first, size_t count, int scaled, double *out,
                   double *sw);

/* LR_ERR_NO_DATA (with a message naming what) unless the model holds its
 * rows, fitted values and residuals. */
lr_status lr__require_rows(const lr_model *m, const char *what);

/* LR_ERR_UNDEFINED (naming what) when the model fits its data exactly, to
 * rounding: RSS <= 1e-26 * (MSS + RSS), i.e. residuals below about 1e-13 of
 * the variation explained, where every residual-based statistic is noise. */
lr_status lr__require_residuals(const lr_model *m, const char *what);

#endif
