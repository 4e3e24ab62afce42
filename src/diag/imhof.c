/* The distribution of a ratio of quadratic forms in normal variables by
 * Imhof's (1961) inversion formula: with l_i = a_i - x,
 *   P(sum a_i u_i^2 < x sum u_i^2) = 1/2 - (1/pi) int_0^inf sin(theta(t)) / (t rho(t)) dt,
 *   theta(t) = 1/2 sum atan(l_i t),  rho(t) = prod (1 + l_i^2 t^2)^(1/4).
 * The integrand is smooth and decays like t^(-1 - m/2), so adaptive
 * quadrature (GSL QAGIU) reaches an absolute accuracy near 1e-15; unlike
 * Pan's series it does not lose digits when many weights lie on both sides
 * of x, but being an absolute accuracy it cannot resolve probabilities far
 * below 1e-12 (the caller uses Pan's series for those tails). */
#include "kernels.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>

typedef struct {
    const double *a;
    int m;
    double x;
} imhof_args;

static double integrand(double t, void *p)
{
    const imhof_args *ia = p;
    double theta = 0.0, lrho = 0.0, sum_l = 0.0;
    for (int i = 1; i <= ia->m; i++) {
        double l = ia->a[i] - ia->x;
        sum_l += l;
        theta += atan(l * t);
        lrho += log1p(l * l * t * t);
    }
    if (t == 0.0)
        return 0.5 * sum_l; /* the limit t -> 0 */
    return sin(0.5 * theta) / (t * exp(0.25 * lrho));
}

lr_status lr__imhof(const double *a, int m, double *prob)
{
    lr__gsl_init();
    imhof_args ia = {a, m, a[0]};
    gsl_function f = {integrand, &ia};
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(2000);
    if (!ws)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the integration workspace");
    double result = NAN, abserr = NAN;
    int rc = gsl_integration_qagiu(&f, 0.0, 1e-15, 1e-13, 2000, ws, &result, &abserr);
    gsl_integration_workspace_free(ws);
    /* Round-off warnings at this tight tolerance are fine when the error
     * estimate is still small. */
    if (!isfinite(result) || !(abserr < 1e-11))
        return lr__fail(LR_ERR_NUMERIC, "Imhof's integral did not converge (GSL status %d, "
                        "error estimate %g)", rc, abserr);
    *prob = 0.5 - result / LR_PI;
    return LR_OK;
}
