/* Independence of the errors along the row order: Durbin-Watson (lmtest
 * dwtest, exact by Pan's algorithm or the normal approximation),
 * Breusch-Godfrey (lmtest bgtest) and Ljung-Box (R Box.test). All three
 * look at neighbouring rows, so their answer depends on the row order.
 * A weighted fit is tested as its whitened model sqrt(w) y = sqrt(w) X b
 * over the rows with w > 0.
 *
 * Cost at n rows and rank r: the DW statistic, Breusch-Godfrey (projected
 * through the model's triangular factor) and Ljung-Box are O(n r) or
 * O(n lag); the DW normal approximation forms two r x r Gram matrices of
 * differenced rows, O(n r^2); the exact DW p-value needs the eigenvalues
 * of an n x n matrix, O(n^3), so it is used for small n only. */
#include "diag_util.h"
#include "kernels.h"
#include "diagnose_internal.h"

#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <lapacke.h>
#include <stdlib.h>
#include <string.h>

#define DW_AUTO_EXACT_BELOW 100 /* lmtest: exact = (n < 100) */
#define DW_PAN_TERMS 15         /* lmtest: iterations = 15 */
#define DW_EIGEN_TOL 1e-10      /* lmtest: tol = 1e-10 */
#define DW_BLOCK 256

/* Eigenvalues of M A M (M = I - Q Q' the residual maker of the whitened
 * design, A the first-difference quadratic form), the n - r largest in
 * decreasing order, those above DW_EIGEN_TOL kept: what dwtest takes from
 * eigen(M %*% A), whose non-zero eigenvalues are those of M A M. */
static lr_status dw_eigenvalues(const lr_model *m, const lr_diag_rows *rows, double *ev,
                                size_t *nev)
{
    const size_t n = rows->n, r = m->rank;
    lr_status st = LR_OK;
    double *q = lr__calloc(n * (r ? r : 1), sizeof(double));
    double *mm = lr__calloc(n * n, sizeof(double));
    double *b = lr__calloc(n * n, sizeof(double));
    double *tau = lr__calloc(r ? r : 1, sizeof(double));
    double *w = lr__calloc(n, sizeof(double));
    double *xr = lr__calloc(r ? r : 1, sizeof(double));
    if (!q || !mm || !b || !tau || !w || !xr) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the exact Durbin-Watson workspace for %zu "
                      "rows", n);
        goto done;
    }
    for (size_t t = 0; t < n; t++) {
        lr__diag_xrow(m, lr__diag_row(rows, t), 1, xr);
        for (size_t a = 0; a < r; a++)
            q[t + a * n] = xr[a];
    }
    if (r > 0) {
        lapack_int info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)r, q,
                                         (lapack_int)n, tau);
        if (info == 0)
            info = LAPACKE_dorgqr(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)r, (lapack_int)r,
                                  q, (lapack_int)n, tau);
        if (info != 0) {
            st = lr__fail(LR_ERR_NUMERIC, "LAPACK QR failed in the Durbin-Watson test (info %d)",
                          (int)info);
            goto done;
        }
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, (int)n, (int)r, -1.0, q, (int)n, 0.0,
                    mm, (int)n);
    }
    for (size_t j = 0; j < n; j++) {
        mm[j + j * n] += 1.0;
        for (size_t i = j + 1; i < n; i++)
            mm[i + j * n] = mm[j + i * n];
    }
    /* b = M A, A tridiagonal: diagonal 1, 2, ..., 2, 1 and -1 beside it. */
    for (size_t j = 0; j < n; j++) {
        double ajj = j == 0 || j == n - 1 ? 1.0 : 2.0;
        for (size_t i = 0; i < n; i++) {
            double v = ajj * mm[i + j * n];
            if (j > 0)
                v -= mm[i + (j - 1) * n];
            if (j + 1 < n)
                v -= mm[i + (j + 1) * n];
            b[i + j * n] = v;
        }
    }
    /* M A M into q's place is too small; reuse mm after the product. */
    double *c = lr__calloc(n * n, sizeof(double));
    if (!c) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the exact Durbin-Watson workspace");
        goto done;
    }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0, b, (int)n,
                mm, (int)n, 0.0, c, (int)n);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < j; i++)
            c[i + j * n] = 0.5 * (c[i + j * n] + c[j + i * n]);
    lapack_int info = LAPACKE_dsyev(LAPACK_COL_MAJOR, 'N', 'U', (lapack_int)n, c, (lapack_int)n, w);
    free(c);
    if (info != 0) {
        st = lr__fail(LR_ERR_NUMERIC, "LAPACK dsyev failed in the Durbin-Watson test (info %d)",
                      (int)info);
        goto done;
    }
    size_t cnt = 0;
    for (size_t t = n; t-- > r;)
        if (w[t] > DW_EIGEN_TOL)
            ev[cnt++] = w[t];
    *nev = cnt;
done:
    free(q);
    free(mm);
    free(b);
    free(tau);
    free(w);
    free(xr);
    return st;
}

/* Exact mean and variance of DW under the null (lmtest's P and Q):
 * P = 2(n-1) - tr(H1), Q = 2(3n-4) - 2 tr(H2) + ||H1||_F^2 with
 * H1 = U' A U, H2 = U' A^2 U, U an orthonormal basis of the design; from
 * the Gram matrices of the differenced rows D X and A X and the factor R. */
static lr_status dw_moments(const lr_model *m, const lr_diag_rows *rows, double *mean,
                            double *var)
{
    const size_t n = rows->n, r = m->rank, nb = DW_BLOCK;
    lr_status st = LR_OK;
    double *g1 = lr__calloc(r * r, sizeof(double));
    double *g2 = lr__calloc(r * r, sizeof(double));
    double *bd = lr__calloc(nb * r, sizeof(double));
    double *ba = lr__calloc(nb * r, sizeof(double));
    double *xs = lr__calloc(3 * r, sizeof(double));
    if (!g1 || !g2 || !bd || !ba || !xs) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the Durbin-Watson workspace");
        goto done;
    }
    /* Rolling rows x_{t-1}, x_t, x_{t+1}. */
    double *xp = xs, *xc = xs + r, *xn = xs + 2 * r;
    lr__diag_xrow(m, lr__diag_row(rows, 0), 1, xc);
    if (n > 1)
        lr__diag_xrow(m, lr__diag_row(rows, 1), 1, xn);
    size_t fd = 0, fa = 0;
    for (size_t t = 0; t < n; t++) {
        if (t > 0) {
            for (size_t a = 0; a < r; a++)
                bd[fd + a * nb] = xc[a] - xp[a];
            if (++fd == nb) {
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, (int)r, (int)fd, 1.0, bd,
                            (int)nb, 1.0, g1, (int)r);
                fd = 0;
            }
        }
        for (size_t a = 0; a < r; a++) {
            double v;
            if (t == 0)
                v = xc[a] - xn[a];
            else if (t == n - 1)
                v = xc[a] - xp[a];
            else
                v = 2.0 * xc[a] - xp[a] - xn[a];
            ba[fa + a * nb] = v;
        }
        if (++fa == nb) {
            cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, (int)r, (int)fa, 1.0, ba, (int)nb,
                        1.0, g2, (int)r);
            fa = 0;
        }
        double *tmp = xp;
        xp = xc;
        xc = xn;
        xn = tmp;
        if (t + 2 < n)
            lr__diag_xrow(m, lr__diag_row(rows, t + 2), 1, xn);
    }
    if (fd)
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, (int)r, (int)fd, 1.0, bd, (int)nb, 1.0,
                    g1, (int)r);
    if (fa)
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, (int)r, (int)fa, 1.0, ba, (int)nb, 1.0,
                    g2, (int)r);
    /* H = R^-T S G S R^-1 with S = diag(rscale); G symmetric (fill lower). */
    double *gs[2] = {g1, g2};
    for (int h = 0; h < 2; h++) {
        double *g = gs[h];
        for (size_t j = 0; j < r; j++)
            for (size_t i = 0; i <= j; i++) {
                double v = g[i + j * r] * m->rscale[i] * m->rscale[j];
                g[i + j * r] = g[j + i * r] = v;
            }
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasTrans, CblasNonUnit, (int)r,
                    (int)r, 1.0, m->rfac, (int)r, g, (int)r);
        cblas_dtrsm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, (int)r,
                    (int)r, 1.0, m->rfac, (int)r, g, (int)r);
    }
    double tr1 = 0.0, tr2 = 0.0, fro = 0.0;
    for (size_t a = 0; a < r; a++) {
        tr1 += g1[a + a * r];
        tr2 += g2[a + a * r];
    }
    for (size_t i = 0; i < r * r; i++)
        fro += g1[i] * g1[i];
    const double dn = (double)n, dk = (double)r;
    const double p = 2.0 * (dn - 1.0) - tr1;
    const double qv = 2.0 * (3.0 * dn - 4.0) - 2.0 * tr2 + fro;
    *mean = p / (dn - dk);
    *var = 2.0 / ((dn - dk) * (dn - dk + 2.0)) * (qv - p * *mean);
done:
    free(g1);
    free(g2);
    free(bd);
    free(ba);
    free(xs);
    return st;
}

/* Below this the smaller tail is taken from Pan's series: Imhof's
 * integral has an absolute, not a relative, accuracy. */
#define DW_IMHOF_MIN_TAIL 1e-6

/* P(DW < dw) and P(DW > dw) under the null, from the eigenvalues
 * ev[1..m] (ev[0] = dw). Imhof's integral gives both tails to about 1e-14
 * absolute; when one tail is below DW_IMHOF_MIN_TAIL it is recomputed by
 * Pan's series (on the negated weights for the upper tail), doubling the
 * number of terms from lmtest's 15 until two successive values agree to
 * 1e-9 and match Imhof's within its accuracy. LR_ERR_NUMERIC when neither
 * converges (the caller then uses the normal approximation, as dwtest). */
static lr_status dw_exact_tails(double *ev, size_t m, double *lower, double *upper,
                                const char **how)
{
    double pi;
    lr_status st = lr__imhof(ev, (int)m, &pi);
    if (st != LR_OK)
        return st;
    if (pi >= DW_IMHOF_MIN_TAIL && pi <= 1.0 - DW_IMHOF_MIN_TAIL) {
        *lower = pi < 0 ? 0 : pi;
        *upper = 1.0 - *lower;
        *how = "Imhof's method";
        return LR_OK;
    }
    const int up = pi > 0.5;
    const double imhof_tail = up ? 1.0 - pi : pi;
    if (up)
        for (size_t i = 0; i <= m; i++)
            ev[i] = -ev[i];
    double prev = NAN, tail = NAN;
    int ok = 0;
    for (int terms = DW_PAN_TERMS; terms <= 16 * DW_PAN_TERMS && !ok; terms *= 2) {
        double cur = lr__pan(ev, (int)m, 0.0, terms);
        ok = cur >= 0.0 && cur <= 1.0 && fabs(cur - prev) <= 1e-9 * cur &&
             fabs(cur - imhof_tail) <= 1e-10;
        prev = tail = cur;
    }
    if (up)
        for (size_t i = 0; i <= m; i++)
            ev[i] = -ev[i];
    if (!ok)
        return lr__fail(LR_ERR_NUMERIC, "Durbin-Watson: Pan's series did not converge in the tail");
    *lower = up ? 1.0 - tail : tail;
    *upper = up ? tail : 1.0 - tail;
    *how = "Pan's algorithm";
    return LR_OK;
}

lr_status lr_durbin_watson(const lr_model *m, lr_dw_method method, lr_dw_result *out)
{
    lr_status st = lr__diag_begin(m, "Durbin-Watson", NULL, NULL);
    if (st != LR_OK)
        return st;
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "Durbin-Watson: out is NULL");
    memset(out, 0, sizeof *out);
    out->statistic = out->p_positive = out->p_negative = out->p_two_sided = NAN;
    lr__snprintf_c(out->method, sizeof out->method, "Durbin-Watson test");
    if ((int)method < 0 || method > LR_DW_NORMAL)
        return lr__fail(LR_ERR_INVALID_ARG, "Durbin-Watson: unknown method %d", (int)method);
    lr_diag_rows rows;
    if ((st = lr__diag_rows(m, &rows)) != LR_OK)
        return st;
    double *owned;
    size_t n;
    const double *e = lr__diag_wresid(m, &owned, &n);
    if (!e) {
        lr__diag_rows_free(&rows);
        return LR_ERR_NOMEM;
    }
    lr_ksum num = {0, 0}, den = {0, 0};
    for (size_t t = 0; t < n; t++) {
        lr__ksum_add(&den, e[t] * e[t]);
        if (t > 0) {
            double d = e[t] - e[t - 1];
            lr__ksum_add(&num, d * d);
        }
    }
    free(owned);
    double *ev = NULL;
    const double ssr = lr__ksum_value(&den);
    if (!(ssr > 0)) {
        st = lr__fail(LR_ERR_UNDEFINED, "Durbin-Watson: the residuals are all zero (an exact fit)");
        goto done;
    }
    const double dw = lr__ksum_value(&num) / ssr;
    out->statistic = dw;
    out->n = n;
    int exact = method == LR_DW_EXACT || (method == LR_DW_AUTO && n < DW_AUTO_EXACT_BELOW);
    const char *note = "";
    if (exact) {
        if (n < 3) {
            st = lr__fail(LR_ERR_TOO_FEW_ROWS, "Durbin-Watson: a p-value needs at least 3 rows; "
                          "the model has %zu", n);
            goto done;
        }
        if (n > LR_DW_EXACT_MAX_N) {
            st = lr__fail(LR_ERR_UNDEFINED, "Durbin-Watson: the exact p-value is limited to n <= "
                          "%d (it needs an n x n eigenvalue problem); the model has %zu rows: use "
                          "the normal approximation", LR_DW_EXACT_MAX_N, n);
            goto done;
        }
        ev = lr__calloc(n + 1, sizeof(double));
        size_t nev = 0;
        if (!ev) {
            st = lr__fail(LR_ERR_NOMEM, "cannot allocate %zu eigenvalues", n);
            goto done;
        }
        if ((st = dw_eigenvalues(m, &rows, ev + 1, &nev)) != LR_OK)
            goto done;
        ev[0] = dw;
        double lower = NAN, upper = NAN;
        const char *how = NULL;
        if (nev > 0 && dw_exact_tails(ev, nev, &lower, &upper, &how) == LR_OK) {
            out->p_positive = lower;
            out->p_negative = upper;
            out->p_two_sided = 2.0 * (lower < upper ? lower : upper);
            out->exact = 1;
            lr__snprintf_c(out->method, sizeof out->method,
                           "Durbin-Watson test (exact p-value, %s)", how);
        } else {
            exact = 0; /* as dwtest: fall back to the approximation */
            note = "; exact p-value not computable";
            lr__clear_error();
        }
    }
    if (!exact) {
        size_t need = m->rank > 5 ? m->rank : 5;
        if (n < need) {
            st = lr__fail(LR_ERR_TOO_FEW_ROWS, "Durbin-Watson: the normal approximation needs at "
                          "least %zu rows; the model has %zu", need, n);
            goto done;
        }
        double mean = NAN, var = NAN;
        if ((st = dw_moments(m, &rows, &mean, &var)) != LR_OK)
            goto done;
        if (!(var > 0)) {
            st = lr__fail(LR_ERR_UNDEFINED, "Durbin-Watson: the variance of DW under the null is "
                          "not positive (%g)", var);
            goto done;
        }
        double sd = sqrt(var);
        out->p_positive = gsl_cdf_gaussian_P(dw - mean, sd);
        out->p_negative = gsl_cdf_gaussian_Q(dw - mean, sd);
        out->p_two_sided = 2.0 * gsl_cdf_gaussian_Q(fabs(dw - mean), sd);
        out->exact = 0;
        lr__snprintf_c(out->method, sizeof out->method,
                       "Durbin-Watson test (normal approximation%s)", note);
    }
done:
    free(ev);
    lr__diag_rows_free(&rows);
    return st;
}

void lr_bg_options_init(lr_bg_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->order = 1;
    o->f_form = 0;
    o->fill = 0.0;
}

lr_status lr__bg_finish(const lr_model *m, size_t n, size_t kk, int f_form, const double *a,
                        const double *bm, const double *zz, const double *ze, double ee,
                        lr_test_result *out)
{
    const size_t r = m->rank;
    double *s = lr__calloc(kk * kk + kk, sizeof(double));
    if (!s)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the Breusch-Godfrey workspace");
    double *b = s + kk * kk;
    double ess = 0.0;
    for (size_t i = 0; i < r; i++)
        ess += a[i] * a[i];
    for (size_t j = 0; j < kk; j++) {
        double bj = ze[j];
        for (size_t i = 0; i < r; i++)
            bj -= bm[i + j * r] * a[i];
        b[j] = bj;
        for (size_t i = 0; i <= j; i++) {
            double v = zz[i + j * kk];
            for (size_t c = 0; c < r; c++)
                v -= bm[c + i * r] * bm[c + j * r];
            s[i + j * kk] = v;
        }
    }
    /* A lag column inside the design's span adds nothing: drop it. */
    for (size_t j = 0; j < kk; j++)
        if (!(s[j + j * kk] > 1e-10 * zz[j + j * kk]))
            s[j + j * kk] = 0.0;
    double ess2;
    size_t rk;
    lr_status st = lr__diag_psd_quad(s, kk, b, 1e-10, &ess2, &rk);
    free(s);
    if (st != LR_OK)
        return st;
    ess += ess2;
    if (!(ee > 0))
        return lr__fail(LR_ERR_UNDEFINED,
                        "Breusch-Godfrey: the residuals are all zero (an exact fit)");
    out->n = n;
    if (f_form) {
        const double df2 = (double)n - (double)r - (double)kk;
        const double f = (ess / (double)kk) / ((ee - ess) / df2);
        out->statistic = f;
        out->df[0] = (double)kk;
        out->df[1] = df2;
        out->p_value = gsl_cdf_fdist_Q(f, (double)kk, df2);
    } else {
        out->statistic = (double)n * ess / ee;
        out->df[0] = (double)kk;
        out->p_value = gsl_cdf_chisq_Q(out->statistic, (double)kk);
    }
    return LR_OK;
}

/* Breusch-Godfrey through the model's factor: with a = Q'e and
 * B = Q'Z (Z the lagged residuals), the auxiliary regression of e on
 * [X Z] explains ||a||^2 + b' S^-1 b, S = Z'Z - B'B, b = Z'e - B'a. */
lr_status lr_breusch_godfrey(const lr_model *m, const lr_bg_options *opts, lr_test_result *out)
{
    lr_bg_options o;
    if (opts)
        o = *opts;
    else
        lr_bg_options_init(&o);
    lr_status st = lr__diag_begin(m, "Breusch-Godfrey", out, "Breusch-Godfrey test");
    if (st != LR_OK)
        return st;
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "Breusch-Godfrey: out is NULL");
    if (o.order < 1)
        return lr__fail(LR_ERR_INVALID_ARG, "Breusch-Godfrey: the order must be at least 1");
    if (!isfinite(o.fill))
        return lr__fail(LR_ERR_INVALID_ARG, "Breusch-Godfrey: fill must be a finite number");
    lr__diag_set_method(out, "Breusch-Godfrey test for serial correlation of order up to %zu%s",
                        o.order, o.f_form ? " (F)" : "");
    const size_t r = m->rank, kk = o.order;
    lr_diag_rows rows;
    if ((st = lr__diag_rows(m, &rows)) != LR_OK)
        return st;
    const size_t n = rows.n;
    double *owned = NULL;
    const double *e = NULL;
    lr_ksum *acc = NULL;
    double *buf = NULL;
    if (n <= r + kk) {
        st = lr__fail(LR_ERR_TOO_FEW_ROWS, "Breusch-Godfrey of order %zu needs more than %zu rows; "
                      "the model has %zu", kk, r + kk, n);
        goto done;
    }
    size_t dummy;
    if (!(e = lr__diag_wresid(m, &owned, &dummy))) {
        st = LR_ERR_NOMEM;
        goto done;
    }
    /* Sums: X'e (r), X'Z (r x kk), Z'Z (kk x kk), Z'e (kk), e'e. */
    const size_t nacc = r + r * kk + kk * kk + kk + 1;
    acc = lr__calloc(nacc, sizeof(lr_ksum));
    buf = lr__calloc(3 * r + r * kk + kk * kk + 2 * kk + 1, sizeof(double));
    if (!acc || !buf) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the Breusch-Godfrey workspace");
        goto done;
    }
    lr_ksum *s_xe = acc, *s_xz = acc + r, *s_zz = s_xz + r * kk, *s_ze = s_zz + kk * kk,
            *s_ee = s_ze + kk;
    double *x = buf, *z = buf + r;
    for (size_t t = 0; t < n; t++) {
        lr__diag_xrow(m, lr__diag_row(&rows, t), 1, x);
        for (size_t j = 0; j < kk; j++)
            z[j] = t >= j + 1 ? e[t - j - 1] : o.fill;
        const double et = e[t];
        for (size_t a = 0; a < r; a++) {
            lr__ksum_add(&s_xe[a], x[a] * et);
            for (size_t j = 0; j < kk; j++)
                lr__ksum_add(&s_xz[a + j * r], x[a] * z[j]);
        }
        for (size_t j = 0; j < kk; j++) {
            lr__ksum_add(&s_ze[j], z[j] * et);
            for (size_t i = 0; i <= j; i++)
                lr__ksum_add(&s_zz[i + j * kk], z[i] * z[j]);
        }
        lr__ksum_add(s_ee, et * et);
    }
    double *g = z + kk, *a = g + r, *bm = a + r, *zz = bm + r * kk, *ze = zz + kk * kk;
    for (size_t i = 0; i < r; i++)
        g[i] = lr__ksum_value(&s_xe[i]);
    lr__diag_qt(m, g, a);
    for (size_t j = 0; j < kk; j++) {
        for (size_t i = 0; i < r; i++)
            g[i] = lr__ksum_value(&s_xz[i + j * r]);
        lr__diag_qt(m, g, bm + j * r);
    }
    for (size_t j = 0; j < kk; j++) {
        ze[j] = lr__ksum_value(&s_ze[j]);
        for (size_t i = 0; i <= j; i++)
            zz[i + j * kk] = lr__ksum_value(&s_zz[i + j * kk]);
    }
    st = lr__bg_finish(m, n, kk, o.f_form, a, bm, zz, ze, lr__ksum_value(s_ee), out);
done:
    free(owned);
    free(acc);
    free(buf);
    lr__diag_rows_free(&rows);
    return st;
}

size_t lr_ljung_box_default_lag(size_t n)
{
    size_t l = n / 5;
    return l < 10 ? l : 10;
}

lr_status lr_ljung_box(const lr_model *m, size_t lag, size_t fitdf, lr_test_result *out)
{
    lr_status st = lr__diag_begin(m, "Ljung-Box", out, "Box-Ljung test");
    if (st != LR_OK)
        return st;
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "Ljung-Box: out is NULL");
    double *owned;
    size_t n;
    const double *e = lr__diag_wresid(m, &owned, &n);
    if (!e)
        return LR_ERR_NOMEM;
    if (lag == 0)
        lag = lr_ljung_box_default_lag(n);
    if (lag < 1 || lag >= n) {
        free(owned);
        return lr__fail(lag < 1 ? LR_ERR_TOO_FEW_ROWS : LR_ERR_INVALID_ARG,
                        "Ljung-Box: the lag must lie in [1, n - 1] (lag %zu, %zu residuals)", lag,
                        n);
    }
    if (fitdf >= lag) {
        free(owned);
        return lr__fail(LR_ERR_INVALID_ARG, "Ljung-Box: fitdf %zu leaves no degrees of freedom "
                        "at lag %zu", fitdf, lag);
    }
    lr_ksum s = {0, 0};
    for (size_t t = 0; t < n; t++)
        lr__ksum_add(&s, e[t]);
    const double mean = lr__ksum_value(&s) / (double)n;
    lr_ksum d0 = {0, 0};
    for (size_t t = 0; t < n; t++)
        lr__ksum_add(&d0, (e[t] - mean) * (e[t] - mean));
    const double c0 = lr__ksum_value(&d0);
    if (!(c0 > 0)) {
        free(owned);
        return lr__fail(LR_ERR_UNDEFINED, "Ljung-Box: the residuals do not vary (an exact fit)");
    }
    double q = 0.0;
    for (size_t k = 1; k <= lag; k++) {
        lr_ksum ck = {0, 0};
        for (size_t t = 0; t + k < n; t++)
            lr__ksum_add(&ck, (e[t] - mean) * (e[t + k] - mean));
        double rk = lr__ksum_value(&ck) / c0;
        q += rk * rk / (double)(n - k);
    }
    free(owned);
    const double dn = (double)n;
    q *= dn * (dn + 2.0);
    out->statistic = q;
    out->df[0] = (double)(lag - fitdf);
    out->p_value = gsl_cdf_chisq_Q(q, out->df[0]);
    out->n = n;
    return LR_OK;
}
