/* Internal parts of the robust covariances (src/robust/). Not installed. */
#ifndef LR_ROBUST_INTERNAL_H
#define LR_ROBUST_INTERNAL_H

#include "../fit/model.h"

#include <cjson/cJSON.h>

struct lr_robust {
    lr_vcov_type type;
    size_t p;
    double df;              /* residual degrees of freedom, n - rank */
    double *coef;           /* p estimates (copied from the model) */
    unsigned char *aliased; /* p flags */
    double *vcov;           /* p x p row-major, NaN rows/cols where aliased */
    int lag;                /* Newey-West lag, else -1 */
    double bandwidth;       /* bwNeweyWest's value when the lag was automatic, else NaN */
    size_t nclusters[3];    /* dimension 1, 2 and their intersection */
};


/* Checks that the model can feed a robust covariance: per-row data kept,
 * at least one non-aliased coefficient and residual degrees of freedom. */
lr_status lr__robust_check_model(const lr_model *m);

/* Inverse of the model's scaled R factor (rank x rank upper triangular,
 * column-major, lower part zero). Caller frees with free(). */
lr_status lr__robust_rinv(const lr_model *m, double **rinv);

/* The sandwich from a meat in the coordinates of the scaled kept columns
 * Xs = X[:, keep] diag(rscale): V = c (Xs'WXs)^-1 Ms (Xs'WXs)^-1, unscaled
 * and written p x p row-major into vcov (NaN rows/cols where aliased).
 * Ms is rank x rank column-major (only its full symmetric content is read). */
lr_status lr__robust_sandwich_scaled(const lr_model *m, const double *ms, double c, double *vcov);
/* The same from the meat in whitened coordinates Mz = Ri' Ms Ri. */
lr_status lr__robust_sandwich_z(const lr_model *m, const double *rinv, const double *mz, double c,
                                double *vcov);

/* Element (i, a) of the kept, scaled design: (X + X_lo)[i, keep[a]] * rscale[a]. */
static inline double lr__robust_xs(const lr_model *m, size_t i, size_t a)
{
    size_t j = m->keep[a];
    return (lr__design(m, i, j) + lr__design_lo(m, i, j)) * m->rscale[a];
}

/* The kinds of covariance, each in its own file. They write p x p into vcov. */
/* The estimating functions of the n rows with non-zero weight: res[t] =
 * w e (the weighted residual as sandwich's estfun.lm) and u[t + a n] =
 * res[t] x_ta for the k kept columns (n x k, column-major). */
void lr__robust_estfun(const lr_model *m, size_t n, double *u, double *res);
/* sandwich's bandwidth column weight of kept column a: 0 for the intercept
 * (without an intercept, for a column equal to the residuals, i.e. of
 * ones), else 1. */
double lr__robust_bw_weight(const lr_model *m, size_t a, const double *u, const double *res,
                            size_t n);
lr_status lr__robust_hc(const lr_model *m, lr_vcov_type type, double *vcov);
lr_status lr__robust_newey_west(const lr_model *m, const lr_robust_options *o, double *vcov,
                                int *lag, double *bandwidth);
lr_status lr__robust_hac_andrews(const lr_model *m, double *vcov, int *nlags, double *bandwidth);
lr_status lr__robust_cluster(const lr_model *m, const lr_robust_options *o, double *vcov,
                             size_t nclusters[3]);

/* Adds the robust table (type, distribution, df, level, lag/clusters and
 * the "coefficients" array with the keys of lr__results_to_json) to obj. */
lr_status lr__robust_json(const lr_model *m, const lr_robust *r, double level, cJSON *obj);

#endif
