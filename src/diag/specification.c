/* Linearity / specification tests: Ramsey's RESET (lmtest::resettest,
 * type = "fitted"), Utts' rainbow test (lmtest::raintest) and the
 * Harvey-Collier test (lmtest::harvtest).
 *
 * Each reads the fitted model and adds only the auxiliary regression its
 * definition asks for:
 *  - RESET projects the powers of the fitted values off the design through
 *    the model's factor (Z - X B, B from R) and factors [Z_perp | e] with the
 *    streaming QR accumulator: the F statistic's numerator is the part of the
 *    residual vector the powers explain, read off that small factor without
 *    cancellation. Two passes, O(n k q).
 *  - rainbow factors the central subset of rows (the test's own fit).
 *  - Harvey-Collier updates the factor of the first k rows by one row at a
 *    time with square-root-free Givens rotations (Gentleman); what a new row
 *    leaves in the response column is its recursive residual (Brown, Durbin
 *    & Evans 1975).
 * Weighted fits: every test works on the transformed model sqrt(w) y =
 * sqrt(w) X b + e over the rows with non-zero weight (lmtest ignores lm
 * weights). Rows are taken in data order. */
#include "../fit/ddouble.h"
#include "design_rows.h"
#include "diagnose_internal.h"
#include "kernels.h"

#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* lm.fit's tolerance for a column that the others (nearly) explain. */
#define LR_AUX_RANK_TOL 1e-7

static void set_result(lr_test_result *out, const char *method, double stat, double df1,
                       double df2, double p, double n)
{
    memset(out, 0, sizeof *out);
    out->statistic = stat;
    out->df[0] = df1;
    out->df[1] = df2;
    out->p_value = p;
    out->n = (size_t)n;
    strncpy(out->method, method, sizeof out->method - 1);
}

static lr_status check_common(const lr_model *m, const lr_test_result *out, const char *what)
{
    if (!m || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "model and result must not be NULL");
    lr_status st = lr__require_rows(m, what);
    if (st != LR_OK)
        return st;
    if (m->rank == 0)
        return lr__fail(LR_ERR_UNDEFINED, "the %s is undefined for a model of rank 0", what);
    return lr__require_residuals(m, what);
}

/* --------------------------------------------------------------- RESET */

lr_status lr_reset_test(const lr_model *m, unsigned max_power, lr_test_result *out)
{
    lr__clear_error();
    lr_status st = check_common(m, out, "RESET test");
    if (st != LR_OK)
        return st;
    if (max_power == 0)
        max_power = 3;
    if (max_power < 2 || max_power > 10)
        return lr__fail(LR_ERR_INVALID_ARG, "RESET max_power %u is not in 2..10", max_power);
    const size_t r = m->rank, q = max_power - 1, B = LR_DIAG_BLOCK, nobs = m->nobs;
    const double n = m->n_used, df2 = n - (double)r - (double)q;
    if (df2 < 1)
        return lr__fail(LR_ERR_TOO_FEW_ROWS,
                        "the RESET test with powers 2..%u needs more than %zu rows with "
                        "non-zero weight, the model has %.0f",
                        max_power, r + q, n);
    lr__gsl_init();

    /* scale the fitted values, and centre them when the model has an
     * intercept (then the centred powers span the same space together with
     * it; lmtest centres y likewise). Without an intercept a constant is not
     * in the design, so the powers are taken about 0, as lmtest does. */
    double center = 0.0, scale = 0.0;
    if (m->intercept) {
        for (size_t i = 0; i < nobs; i++)
            if (lr__weight(m, i) != 0.0)
                center += m->fitted[i];
        center /= n;
    }
    for (size_t i = 0; i < nobs; i++)
        if (lr__weight(m, i) != 0.0 && fabs(m->fitted[i] - center) > scale)
            scale = fabs(m->fitted[i] - center);
    if (!(scale > 0))
        return lr__fail(LR_ERR_UNDEFINED,
                        "the RESET test is undefined: the fitted values are constant");

    lr_acc_core acc;
    memset(&acc, 0, sizeof acc);
    double *ws = lr__calloc(r * B + B + (q + 1) * B + r * q + q, sizeof(double));
    if (!ws)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the RESET workspace");
    double *xb = ws, *sw = xb + r * B, *zb = sw + B, *coef = zb + (q + 1) * B, *zn2 = coef + r * q;
    double *eb = zb + q * B;

    /* pass 1: G = (X D)' Z over the weighted rows, then B = (Rs'Rs)^-1 G */
    for (size_t first = 0; first < nobs; first += B) {
        const size_t cnt = nobs - first < B ? nobs - first : B;
        lr__pack_rows(m, first, cnt, 1, xb, sw);
        for (size_t b = 0; b < cnt; b++) {
            double f = (m->fitted[first + b] - center) / scale, pw = f;
            for (size_t t = 0; t < q; t++) {
                pw *= f;
                zb[b + t * B] = sw[b] * pw;
                zn2[t] += zb[b + t * B] * zb[b + t * B];
            }
        }
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)r, (int)q, (int)cnt, 1.0, xb,
                    (int)r, zb, (int)B, 1.0, coef, (int)r);
    }
    cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasTrans, CblasNonUnit, (int)r, (int)q,
                1.0, m->rfac, (int)r, coef, (int)r);
    cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, (int)r, (int)q,
                1.0, m->rfac, (int)r, coef, (int)r);

    /* pass 2: factor [Z - X D B | e] (zero-weight rows are zero rows) */
    if ((st = lr__acc_init(&acc, q + 1)) != LR_OK)
        goto done;
    for (size_t first = 0; first < nobs; first += B) {
        const size_t cnt = nobs - first < B ? nobs - first : B;
        lr__pack_rows(m, first, cnt, 1, xb, sw);
        for (size_t b = 0; b < cnt; b++) {
            double f = (m->fitted[first + b] - center) / scale, pw = f;
            for (size_t t = 0; t < q; t++) {
                pw *= f;
                zb[b + t * B] = sw[b] * pw;
            }
            eb[b] = sw[b] * m->resid[first + b];
        }
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)cnt, (int)q, (int)r, -1.0, xb,
                    (int)r, coef, (int)r, 1.0, zb, (int)B);
        lr_matrix zv = {zb, cnt, q, 1, (ptrdiff_t)B};
        lr_vector ev = {eb, cnt, 1};
        if ((st = lr__acc_add_rows(&acc, 0, &zv, &ev, NULL, NULL)) != LR_OK)
            goto done;
    }
    if ((st = lr__acc_flush(&acc)) != LR_OK)
        goto done;
    {
        const size_t mm = q + 1;
        for (size_t t = 0; t < q; t++)
            if (!(fabs(acc.r[t + t * mm]) >= LR_AUX_RANK_TOL * sqrt(zn2[t]))) {
                st = lr__fail(LR_ERR_UNDEFINED,
                              "the RESET test is undefined: power %zu of the fitted values is "
                              "collinear with the design",
                              t + 2);
                goto done;
            }
        double explained = 0.0;
        for (size_t t = 0; t < q; t++)
            explained += acc.r[t + q * mm] * acc.r[t + q * mm];
        const double rss1 = acc.r[q + q * mm] * acc.r[q + q * mm];
        if (!(rss1 > 0)) {
            st = lr__fail(LR_ERR_UNDEFINED,
                          "the RESET test is undefined: the augmented regression fits exactly");
            goto done;
        }
        const double stat = (explained / (double)q) / (rss1 / df2);
        set_result(out, "RESET test", stat, (double)q, df2,
                   gsl_cdf_fdist_Q(stat, (double)q, df2), n);
    }
done:
    lr__acc_destroy(&acc);
    free(ws);
    return st;
}

/* ------------------------------------------------------------- rainbow */

/* ceiling(quantile(1:n, prob)) as R computes it (type 7). */
static double first_row(double n, double prob)
{
    double index = 1.0 + (n - 1.0) * prob, lo = floor(index), qs = lo;
    if (index > lo) {
        double h = index - lo;
        qs = (1.0 - h) * lo + h * (lo + 1.0);
    }
    return ceil(qs);
}

lr_status lr__rainbow_rows(const lr_model *m, double fraction, double center, double *from_out,
                           double *to_out)
{
    if (!(fraction > 0 && fraction < 1))
        return lr__fail(LR_ERR_INVALID_ARG, "rainbow fraction %g is not inside (0, 1)", fraction);
    if (center <= 0)
        center = 0.5;
    if (!(center < 1))
        return lr__fail(LR_ERR_INVALID_ARG, "rainbow center %g is not inside (0, 1)", center);
    const double n = m->n_used, prob = center - fraction / 2;
    if (prob < 0)
        return lr__fail(LR_ERR_INVALID_ARG,
                        "rainbow subset starts before the first row (center %g - fraction/2 < 0)",
                        center);
    const double from = first_row(n, prob), to = from + floor(fraction * n) - 1.0;
    const double n1 = to - from + 1.0;
    const size_t r = m->rank;
    if (to > n)
        return lr__fail(LR_ERR_INVALID_ARG,
                        "rainbow subset rows %.0f..%.0f run past the last row (%.0f)", from, to, n);
    if (n1 <= (double)r || n - n1 < 1)
        return lr__fail(LR_ERR_TOO_FEW_ROWS,
                        "the rainbow test needs a central subset with more rows than "
                        "coefficients (%zu) and fewer than all rows; fraction %g of %.0f rows "
                        "gives %.0f",
                        r, fraction, n, n1);
    *from_out = from;
    *to_out = to;
    return LR_OK;
}

lr_status lr_rainbow_test(const lr_model *m, double fraction, double center, lr_test_result *out)
{
    lr__clear_error();
    lr_status st = check_common(m, out, "rainbow test");
    if (st != LR_OK)
        return st;
    double from, to;
    if ((st = lr__rainbow_rows(m, fraction, center, &from, &to)) != LR_OK)
        return st;
    const double n = m->n_used, n1 = to - from + 1.0;
    const size_t r = m->rank, B = LR_DIAG_BLOCK;
    lr__gsl_init();

    lr_acc_core acc;
    memset(&acc, 0, sizeof acc);
    double *ws = lr__calloc(r * B + 2 * B, sizeof(double));
    if (!ws)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the rainbow workspace");
    double *xb = ws, *sw = xb + r * B, *yb = sw + B;
    if ((st = lr__acc_init(&acc, r + 1)) != LR_OK)
        goto done;
    double pos = 0.0; /* 1-based position among the rows with non-zero weight */
    for (size_t first = 0; first < m->nobs && pos < to; first += B) {
        const size_t cnt = m->nobs - first < B ? m->nobs - first : B;
        double used = (double)cnt;
        if (m->w.data)
            for (size_t b = 0; b < cnt; b++)
                used -= lr__weight(m, first + b) == 0.0;
        if (pos + used < from) { /* the block ends before the subset */
            pos += used;
            continue;
        }
        lr__pack_rows(m, first, cnt, 1, xb, sw);
        size_t lo = cnt, hi = 0;
        for (size_t b = 0; b < cnt; b++) {
            yb[b] = sw[b] * lr__vec(&m->y, first + b);
            if (sw[b] == 0.0)
                continue;
            pos += 1.0;
            if (pos >= from && pos <= to) {
                if (lo == cnt)
                    lo = b;
                hi = b + 1;
            } else {
                sw[b] = 0.0; /* outside the subset */
            }
        }
        if (lo >= hi)
            continue;
        for (size_t b = lo; b < hi; b++)
            if (sw[b] == 0.0) { /* zero rows inside the range do not change the factor */
                yb[b] = 0.0;
                for (size_t a = 0; a < r; a++)
                    xb[a + b * r] = 0.0;
            }
        lr_matrix xv = lr_matrix_row_major(xb + lo * r, hi - lo, r);
        lr_vector yv = lr_vector_of(yb + lo, hi - lo);
        if ((st = lr__acc_add_rows(&acc, 0, &xv, &yv, NULL, NULL)) != LR_OK)
            goto done;
    }
    if ((st = lr__acc_flush(&acc)) != LR_OK)
        goto done;
    {
        const size_t mm = r + 1;
        for (size_t a = 0; a < r; a++) {
            double nrm = 0.0;
            for (size_t i = 0; i <= a; i++)
                nrm += acc.r[i + a * mm] * acc.r[i + a * mm];
            if (!(fabs(acc.r[a + a * mm]) >= LR_AUX_RANK_TOL * sqrt(nrm)) || nrm == 0.0) {
                st = lr__fail(LR_ERR_UNDEFINED,
                              "the rainbow test is undefined: coefficient '%s' cannot be "
                              "estimated from the central rows %.0f..%.0f",
                              m->names[m->keep[a]], from, to);
                goto done;
            }
        }
        const double rss1 = acc.r[r + r * mm] * acc.r[r + r * mm];
        if (!(rss1 > 0)) {
            st = lr__fail(LR_ERR_UNDEFINED,
                          "the rainbow test is undefined: the central rows are fitted exactly");
            goto done;
        }
        const double df1 = n - n1, df2 = n1 - (double)r;
        const double stat = ((m->rss - rss1) / df1) / (rss1 / df2);
        set_result(out, "Rainbow test", stat, df1, df2, gsl_cdf_fdist_Q(stat, df1, df2), n);
    }
done:
    lr__acc_destroy(&acc);
    free(ws);
    return st;
}

/* ------------------------------------------------------ Harvey-Collier */


lr_status lr_harvey_collier_test(const lr_model *m, lr_test_result *out)
{
    lr__clear_error();
    lr_status st = check_common(m, out, "Harvey-Collier test");
    if (st != LR_OK)
        return st;
    const size_t r = m->rank, B = LR_DIAG_BLOCK;
    const double n = m->n_used;
    if (n < (double)r + 2.0)
        return lr__fail(LR_ERR_TOO_FEW_ROWS,
                        "the Harvey-Collier test needs at least rank + 2 = %zu rows with "
                        "non-zero weight, the model has %.0f",
                        r + 2, n);
    lr__gsl_init();
    double *ws = lr__calloc(r * B + B + r * r + 3 * r, sizeof(double));
    if (!ws)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the Harvey-Collier workspace");
    double *xb = ws, *sw = xb + r * B, *U = sw + B, *theta = U + r * r, *D = theta + r;
    double *cn2 = D + r;
    size_t seen = 0;
    lr_dd sum = lr_dd_from(0.0);
    double mean = 0.0, m2 = 0.0, count = 0.0;
    for (size_t first = 0; first < m->nobs; first += B) {
        const size_t cnt = m->nobs - first < B ? m->nobs - first : B;
        lr__pack_rows(m, first, cnt, 1, xb, sw);
        for (size_t b = 0; b < cnt; b++) {
            if (sw[b] == 0.0)
                continue;
            double *x = xb + b * r;
            const double y = sw[b] * lr__vec(&m->y, first + b);
            if (seen < r) {
                for (size_t a = 0; a < r; a++)
                    cn2[a] += x[a] * x[a];
                lr__gentleman_add(D, U, theta, r, x, y);
                if (++seen == r)
                    for (size_t a = 0; a < r; a++)
                        if (!(D[a] >= LR_AUX_RANK_TOL * LR_AUX_RANK_TOL * cn2[a]) || cn2[a] == 0.0) {
                            st = lr__fail(LR_ERR_UNDEFINED,
                                          "the Harvey-Collier test is undefined: the first %zu "
                                          "rows do not determine coefficient '%s'",
                                          r, m->names[m->keep[a]]);
                            goto done;
                        }
                continue;
            }
            const double w = lr__gentleman_add(D, U, theta, r, x, y);
            sum = lr_dd_add_d(sum, w);
            count += 1.0;
            const double d = w - mean;
            mean += d / count;
            m2 += d * (w - mean);
        }
    }
    {
        const double sd = sqrt(m2 / (count - 1.0)), df = n - (double)r - 1.0;
        if (!(sd > 0)) {
            st = lr__fail(LR_ERR_UNDEFINED,
                          "the Harvey-Collier test is undefined: the recursive residuals are "
                          "constant (an exact fit?)");
            goto done;
        }
        const double stat = fabs(sum.hi) / sqrt(count) / sd;
        set_result(out, "Harvey-Collier test", stat, df, NAN, 2.0 * gsl_cdf_tdist_Q(stat, df), n);
    }
done:
    free(ws);
    return st;
}
