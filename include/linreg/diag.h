/* Diagnostics: one test per assumption of the linear model (src/diag/).
 * Part of linreg.h; include that. */
#ifndef LINREG_DIAG_H
#define LINREG_DIAG_H

#ifdef __cplusplus
extern "C" {
#endif

/* The result of one hypothesis test, as R's htest: statistic, degrees of
 * freedom (NaN where unused), p-value, the method's name and the number of
 * observations it used. */
typedef struct lr_test_result {
    double statistic;
    double df[2];
    double p_value;
    size_t n;
    char method[96];
} lr_test_result;

#ifdef __cplusplus
}
#endif

#endif
