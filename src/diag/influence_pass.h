/* The influence kernel: one pass over the rows computing every measure of
 * influence.measures in closed form from the model's R factor. The public
 * functions (influence.c), the summary, the outlier test and the CSV
 * writer are visitors of this pass. Not installed. */
#ifndef LR_DIAG_INFLUENCE_PASS_H
#define LR_DIAG_INFLUENCE_PASS_H

#include "../fit/model.h"

/* Number of scalar per-row measures (LR_INFL_HAT .. LR_INFL_SIGMA). */
#define LR_INFL_SCALARS (LR_INFL_SIGMA + 1)

/* One block of consecutive rows as the pass hands it to a visitor.
 * Pointers are valid during the call only. */
typedef struct lr__infl_block {
    size_t first, count;                /* rows first .. first + count - 1 (0-based) */
    const double *v[LR_INFL_SCALARS];   /* count values each; NaN for weight-0 rows */
    const double *sw;                   /* sqrt(w_i), 0 for rows with weight 0 */
    const double *dfbeta, *dfbetas;     /* count x ncoef row-major, or NULL */
    const unsigned char *flags;         /* count LR_INFL_FLAG_* masks, or NULL */
} lr__infl_block;

typedef lr_status (*lr__infl_visit)(void *ctx, const lr__infl_block *block);

typedef struct lr__infl_request {
    double *const *out;     /* NULL, or LR_INFL_COUNT_ caller arrays (each NULL or whole) */
    unsigned char *flags;   /* NULL or nobs caller bytes */
    int want_dfbeta;        /* hand dfbeta to the visitor */
    int want_dfbetas;       /* hand dfbetas to the visitor */
    int want_flags;         /* hand flags to the visitor */
    lr__infl_visit visit;   /* may be NULL */
    void *ctx;
} lr__infl_request;

/* Checks that influence measures are defined for the model: it holds its
 * rows (LR_ERR_NO_DATA), rank >= 1 (LR_ERR_UNDEFINED) and n >= rank + 2
 * (LR_ERR_TOO_FEW_ROWS). */
lr_status lr__influence_check(const lr_model *m);

/* Runs the pass. Errors: those of lr__influence_check; LR_ERR_TOO_FEW_ROWS
 * when flags are asked for and no more rows than coefficients have
 * h_i > 0 (R: "too few cases"); LR_ERR_NOMEM. */
lr_status lr__influence_pass(const lr_model *m, const lr__infl_request *req);

/* Visitor of the streaming summary (lr_influence_summarize): ctx is the
 * lr_influence_summary, prepared by lr__summary_init; needs want_flags. */
void lr__summary_init(lr_influence_summary *s);
lr_status lr__summary_visit(void *ctx, const lr__infl_block *block);

/* The summary and the Bonferroni outlier test (arguments as
 * lr_influence_summarize and lr_outlier_test) from a single pass. */
lr_status lr__influence_report(const lr_model *m, lr_influence_summary *summary, double cutoff,
                               size_t n_max, lr_test_result *result, size_t *rows,
                               double *rstudent, double *p_unadjusted, double *p_bonferroni,
                               size_t *count);

#endif
