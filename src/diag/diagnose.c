/* lr_diagnose: the default diagnostics in shared passes (see
 * diagnose_internal.h for the plan and include/linreg/diagnose.h for the
 * contract), the statistics from the passes' sums, and the getters. */
#include "diagnose_internal.h"

#include <gsl/gsl_cdf.h>
#include <lapacke.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A fused evaluation is used only where it is accurate to rounding: Gram
 * pivots (squared sines) above this, and a residual sum of squares above
 * RSS_SHARE of the sum it is taken from (no cancellation). Otherwise the
 * test's own function runs. */
#define PIVOT_TOL2 1e-4
#define RSS_SHARE 1e-2
/* Longest Breusch-Godfrey order and Ljung-Box lag the pass computes. */
#define DG_MAX_LAGS 64

static const char *const test_names[LR_DIAG_TEST_COUNT_] = {
    "Shapiro-Wilk normality test",
    "Jarque-Bera test",
    "D'Agostino-Pearson omnibus normality test (K^2)",
    "Anderson-Darling normality test",
    "Breusch-Pagan test",
    "White's test (squares and cross products)",
    "Goldfeld-Quandt test",
    "Durbin-Watson test",
    "Breusch-Godfrey test",
    "Box-Ljung test",
    "RESET test",
    "Rainbow test",
    "Harvey-Collier test",
};

void lr_diag_options_init(lr_diag_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->max_work = LR_DIAG_WHITE_MAX_WORK;
    o->bp_studentize = 1;
    lr_gq_options_init(&o->gq);
    o->dw_method = LR_DW_AUTO;
    lr_bg_options_init(&o->bg);
    o->reset_power = 3;
    o->rainbow_fraction = 0.5;
    o->rainbow_center = 0.5;
    o->collinearity = 1;
    o->influence = 1;
    o->outlier_cutoff = 0.05;
    o->outlier_max = 10;
}

static lr_status check_options(const lr_diag_options *o)
{
    for (int t = 0; t < LR_DIAG_TEST_COUNT_; t++)
        if ((int)o->tests[t] < 0 || o->tests[t] > LR_DIAG_OFF)
            return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: unknown choice %d for test %d",
                            (int)o->tests[t], t);
    if (!(o->max_work >= 0))
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: max_work %g must be >= 0", o->max_work);
    if ((int)o->dw_method < 0 || o->dw_method > LR_DW_NORMAL)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: unknown Durbin-Watson method %d",
                        (int)o->dw_method);
    if ((int)o->gq.alternative < 0 || o->gq.alternative > LR_ALT_LESS)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: unknown Goldfeld-Quandt alternative %d",
                        (int)o->gq.alternative);
    if (!(o->gq.point > 0) || !isfinite(o->gq.point) ||
        (o->gq.point > 1 && o->gq.point != floor(o->gq.point)))
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: Goldfeld-Quandt point %g must be a "
                        "fraction in (0, 1] or an observation number", o->gq.point);
    if (!(o->gq.fraction >= 0) || !isfinite(o->gq.fraction))
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: Goldfeld-Quandt fraction %g must be >= 0",
                        o->gq.fraction);
    if (o->bg.order < 1)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: the Breusch-Godfrey order must be at "
                        "least 1");
    if (!isfinite(o->bg.fill))
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: Breusch-Godfrey fill must be finite");
    if (o->reset_power != 0 && (o->reset_power < 2 || o->reset_power > 10))
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: RESET max_power %u is not in 2..10",
                        o->reset_power);
    if (!(o->rainbow_fraction > 0 && o->rainbow_fraction < 1))
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: rainbow fraction %g is not inside (0, 1)",
                        o->rainbow_fraction);
    if (!(o->rainbow_center < 1) || isnan(o->rainbow_center))
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: rainbow center %g is not inside (0, 1)",
                        o->rainbow_center);
    if (o->influence && !(o->outlier_cutoff > 0 && o->outlier_cutoff <= 1))
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: outlier cutoff %g is not inside (0, 1]",
                        o->outlier_cutoff);
    if (o->influence && o->outlier_max == 0)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: outlier_max must be at least 1");
    return LR_OK;
}

/* ------------------------------------------------------------- recording */

static void record(dg_test *t, lr_status st)
{
    t->st = st;
    t->state = st == LR_OK ? DG_DONE : DG_FAILED;
    if (st == LR_OK)
        t->msg[0] = '\0';
    else
        snprintf(t->msg, sizeof t->msg, "%s", lr_last_error()[0] ? lr_last_error()
                                                                  : lr_strerror(st));
    lr__clear_error();
}

/* Runs test `which` by its own function. */
static void run_single(lr_diagnostics *d, const lr_model *m, const lr_diag_options *o,
                       lr_diag_test which)
{
    dg_test *t = &d->test[which];
    lr_test_result *r = &t->r;
    lr_status st = LR_OK;
    switch (which) {
    case LR_DIAG_SHAPIRO_WILK:
        st = lr_shapiro_wilk(m, r);
        break;
    case LR_DIAG_JARQUE_BERA:
        st = lr_jarque_bera(m, r);
        break;
    case LR_DIAG_OMNIBUS:
        st = lr_omnibus_normality(m, r);
        break;
    case LR_DIAG_ANDERSON_DARLING:
        st = lr_anderson_darling(m, r);
        break;
    case LR_DIAG_BREUSCH_PAGAN:
        st = lr_breusch_pagan(m, o->bp_studentize, r);
        break;
    case LR_DIAG_WHITE:
        st = lr_white(m, o->white_f_form, r);
        break;
    case LR_DIAG_GOLDFELD_QUANDT:
        st = lr_goldfeld_quandt(m, &o->gq, r);
        break;
    case LR_DIAG_DURBIN_WATSON:
        st = lr_durbin_watson(m, o->dw_method, &d->dw);
        break;
    case LR_DIAG_BREUSCH_GODFREY:
        st = lr_breusch_godfrey(m, &o->bg, r);
        break;
    case LR_DIAG_LJUNG_BOX:
        st = lr_ljung_box(m, o->lb_lag, o->lb_fitdf, r);
        break;
    case LR_DIAG_RESET:
        st = lr_reset_test(m, o->reset_power, r);
        break;
    case LR_DIAG_RAINBOW:
        st = lr_rainbow_test(m, o->rainbow_fraction, o->rainbow_center, r);
        break;
    case LR_DIAG_HARVEY_COLLIER:
        st = lr_harvey_collier_test(m, r);
        break;
    default:
        break;
    }
    record(t, st);
}

static void set_method(lr_test_result *r, const char *method)
{
    snprintf(r->method, sizeof r->method, "%s", method);
}

static void result_init(lr_test_result *r, const char *method, size_t n)
{
    r->statistic = r->p_value = NAN;
    r->df[0] = r->df[1] = NAN;
    r->n = n;
    set_method(r, method);
}

/* RSS of the last column of a Gram matrix g ((m x m), upper) on the
 * columns before it, by Cholesky; -1 when a pivot's squared sine is below
 * PIVOT_TOL2 or the RSS is below RSS_SHARE of the column's sum of squares
 * (the caller then runs the test's own function). */
static int gram_rss(const double *g, size_t m, double *work, double *rss)
{
    for (size_t a = 0; a < m; a++) {
        double d = g[a + a * m];
        for (size_t c = 0; c < a; c++)
            d -= work[c + a * m] * work[c + a * m];
        const double tol = a + 1 == m ? RSS_SHARE : PIVOT_TOL2;
        if (!(d > tol * g[a + a * m]))
            return -1;
        if (a + 1 == m) {
            *rss = d;
            return 0;
        }
        const double raa = sqrt(d);
        work[a + a * m] = raa;
        for (size_t j = a + 1; j < m; j++) {
            double v = g[a + j * m];
            for (size_t c = 0; c < a; c++)
                v -= work[c + a * m] * work[c + j * m];
            work[a + j * m] = v / raa;
        }
    }
    return -1;
}

/* ------------------------------------------------------------ the batch */

typedef struct {
    int want[LR_DIAG_TEST_COUNT_]; /* run at all */
    int fused[LR_DIAG_TEST_COUNT_];/* from the passes (else its own function) */
    size_t lb_lag;
    double gq_p1, gq_p2, gq_df1, gq_df2;
    double rb_from, rb_to;
    unsigned reset_power;
} plan;

static int cmp_size(const void *a, const void *b)
{
    const size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Piece boundaries: chunk starts, the segments of GQ / rainbow and the
 * Harvey-Collier segment starts. */
static lr_status make_pieces(dg_pass *ps, const plan *pl)
{
    const size_t n = ps->n, nhc = pl->fused[LR_DIAG_HARVEY_COLLIER]
                                      ? (n + LR_DG_HC_SEGMENT - 1) / LR_DG_HC_SEGMENT
                                      : 0;
    const size_t cap = ps->nchunks + nhc + 6;
    size_t *b = lr__calloc(cap, sizeof(size_t));
    if (!b)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the row segments");
    size_t k = 0;
    for (size_t c = 0; c < ps->nchunks; c++)
        b[k++] = c * LR_CHUNK_ROWS;
    for (size_t s = 0; s < nhc; s++)
        b[k++] = s * LR_DG_HC_SEGMENT;
    if (pl->fused[LR_DIAG_GOLDFELD_QUANDT]) {
        b[k++] = (size_t)pl->gq_p1;
        b[k++] = (size_t)pl->gq_p2 - 1;
    }
    if (pl->fused[LR_DIAG_RAINBOW]) {
        b[k++] = (size_t)pl->rb_from - 1;
        b[k++] = (size_t)pl->rb_to;
    }
    qsort(b, k, sizeof(size_t), cmp_size);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (b[i] < n && (u == 0 || b[i] != b[u - 1]))
            b[u++] = b[i];
    b[u] = n;
    ps->piece_start = b;
    ps->npieces = u;
    const size_t m = ps->r + 1;
    ps->pieces = lr__calloc(u * m * m, sizeof(double));
    if (!ps->pieces)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu segment Gram matrices", u);
    return LR_OK;
}

/* Decides which tests the passes compute. */
static void make_plan(const lr_model *m, const lr_diag_options *o, size_t n, plan *pl)
{
    const size_t r = m->rank;
    const double dn = (double)n;
    int *f = pl->fused;
    f[LR_DIAG_JARQUE_BERA] = pl->want[LR_DIAG_JARQUE_BERA] && n >= 2;
    f[LR_DIAG_OMNIBUS] = pl->want[LR_DIAG_OMNIBUS] && n >= 8;
    f[LR_DIAG_ANDERSON_DARLING] = pl->want[LR_DIAG_ANDERSON_DARLING] && n >= 8;
    f[LR_DIAG_BREUSCH_PAGAN] = pl->want[LR_DIAG_BREUSCH_PAGAN] && m->p >= 2 && r >= 2 &&
                               m->rss / m->n_used > 0;
    /* the pass keeps order + 12 columns per block and lag sums per chunk:
     * long lags go to the single functions */
    f[LR_DIAG_BREUSCH_GODFREY] = pl->want[LR_DIAG_BREUSCH_GODFREY] && n > r + o->bg.order &&
                                 o->bg.order <= DG_MAX_LAGS;
    pl->lb_lag = o->lb_lag ? o->lb_lag : lr_ljung_box_default_lag(n);
    f[LR_DIAG_LJUNG_BOX] = pl->want[LR_DIAG_LJUNG_BOX] && pl->lb_lag >= 1 && pl->lb_lag < n &&
                           o->lb_fitdf < pl->lb_lag && pl->lb_lag <= DG_MAX_LAGS;
    const int dw_exact = o->dw_method == LR_DW_EXACT || (o->dw_method == LR_DW_AUTO && n < 100);
    f[LR_DIAG_DURBIN_WATSON] = pl->want[LR_DIAG_DURBIN_WATSON] && !dw_exact &&
                               n >= (r > 5 ? r : 5);
    if (pl->want[LR_DIAG_GOLDFELD_QUANDT] && o->gq.order_by < 0 && !o->gq.order_values.data &&
        lr__gq_points(&o->gq, dn, (double)r, &pl->gq_p1, &pl->gq_p2, &pl->gq_df1,
                      &pl->gq_df2) == LR_OK)
        f[LR_DIAG_GOLDFELD_QUANDT] = 1;
    lr__clear_error();
    /* the specification tests' common checks (lr_reset_test & co.) */
    const int spec_ok = r >= 1 && m->fitted && m->rss > 1e-26 * (m->mss + m->rss);
    pl->reset_power = o->reset_power ? o->reset_power : 3;
    f[LR_DIAG_RESET] = pl->want[LR_DIAG_RESET] && spec_ok &&
                       m->n_used - (double)r - (double)(pl->reset_power - 1) >= 1;
    if (pl->want[LR_DIAG_RAINBOW] && spec_ok &&
        lr__rainbow_rows(m, o->rainbow_fraction, o->rainbow_center, &pl->rb_from, &pl->rb_to) ==
            LR_OK)
        f[LR_DIAG_RAINBOW] = 1;
    lr__clear_error();
    f[LR_DIAG_HARVEY_COLLIER] = pl->want[LR_DIAG_HARVEY_COLLIER] && spec_ok &&
                                m->n_used >= (double)r + 2.0;
}

/* 1 / sqrt(diag((Rs'Rs)^-1)), as the influence pass. */
static lr_status inverse_sd(const lr_model *m, double *inv_sd)
{
    const size_t r = m->rank;
    double *rinv = lr__calloc(r * r, sizeof(double));
    if (!rinv)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the inverse factor");
    memcpy(rinv, m->rfac, r * r * sizeof(double));
    lapack_int info = LAPACKE_dtrtri(LAPACK_COL_MAJOR, 'U', 'N', (lapack_int)r, rinv,
                                     (lapack_int)r);
    if (info != 0) {
        free(rinv);
        return lr__fail(LR_ERR_NUMERIC, "LAPACK dtrtri failed (info %d)", (int)info);
    }
    for (size_t a = 0; a < r; a++) {
        double ss = 0.0;
        for (size_t b = a; b < r; b++)
            ss += rinv[a + b * r] * rinv[a + b * r];
        inv_sd[a] = 1.0 / sqrt(ss);
    }
    free(rinv);
    return LR_OK;
}

static void finish_moments(lr_diagnostics *d, const lr_model *m, const lr_diag_options *o,
                           const plan *pl, size_t n, double s2, double s3, double s4)
{
    const double dn = (double)n, m2 = s2 / dn, m3 = s3 / dn, m4 = s4 / dn;
    const int ok = n >= 2 && m2 > 0;
    if (ok) {
        d->skewness = m3 / pow(m2, 1.5);
        d->kurtosis = m4 / (m2 * m2);
        d->moments.state = DG_DONE;
        d->moments.st = LR_OK;
    } else {
        record(&d->moments, lr_residual_moments(m, &d->skewness, &d->kurtosis));
    }
    if (pl->want[LR_DIAG_JARQUE_BERA]) {
        if (ok && pl->fused[LR_DIAG_JARQUE_BERA]) {
            lr_test_result *r = &d->test[LR_DIAG_JARQUE_BERA].r;
            result_init(r, test_names[LR_DIAG_JARQUE_BERA], n);
            lr__jb_finish(n, d->skewness, d->kurtosis, r);
            record(&d->test[LR_DIAG_JARQUE_BERA], LR_OK);
        } else {
            run_single(d, m, o, LR_DIAG_JARQUE_BERA);
        }
    }
    if (pl->want[LR_DIAG_OMNIBUS]) {
        lr_test_result *r = &d->test[LR_DIAG_OMNIBUS].r;
        result_init(r, test_names[LR_DIAG_OMNIBUS], n);
        if (ok && pl->fused[LR_DIAG_OMNIBUS])
            record(&d->test[LR_DIAG_OMNIBUS], lr__omnibus_finish(n, d->skewness, d->kurtosis, r));
        else
            run_single(d, m, o, LR_DIAG_OMNIBUS);
    }
}

static void finish_dw(lr_diagnostics *d, const lr_model *m, const lr_diag_options *o,
                      const dg_pass *ps, double num, double den, const double *h1, double tr2)
{
    const size_t n = ps->n, r = ps->r;
    double tr1 = 0.0, fro = 0.0;
    for (size_t j = 0; j < r; j++) {
        tr1 += h1[j + j * r];
        fro += h1[j + j * r] * h1[j + j * r];
        for (size_t i = 0; i < j; i++)
            fro += 2.0 * h1[i + j * r] * h1[i + j * r];
    }
    const double dn = (double)n, dk = (double)r;
    const double p = 2.0 * (dn - 1.0) - tr1;
    const double qv = 2.0 * (3.0 * dn - 4.0) - 2.0 * tr2 + fro;
    const double mean = p / (dn - dk);
    const double var = 2.0 / ((dn - dk) * (dn - dk + 2.0)) * (qv - p * mean);
    if (!(den > 0) || !(var > 0)) {
        run_single(d, m, o, LR_DIAG_DURBIN_WATSON);
        return;
    }
    lr_dw_result *w = &d->dw;
    memset(w, 0, sizeof *w);
    const double dw = num / den, sd = sqrt(var);
    w->statistic = dw;
    w->n = n;
    w->p_positive = gsl_cdf_gaussian_P(dw - mean, sd);
    w->p_negative = gsl_cdf_gaussian_Q(dw - mean, sd);
    w->p_two_sided = 2.0 * gsl_cdf_gaussian_Q(fabs(dw - mean), sd);
    w->exact = 0;
    snprintf(w->method, sizeof w->method, "Durbin-Watson test (normal approximation)");
    record(&d->test[LR_DIAG_DURBIN_WATSON], LR_OK);
}

static void finish_gq(lr_diagnostics *d, const lr_model *m, const lr_diag_options *o,
                      const dg_pass *ps, const plan *pl, double *g, double *work)
{
    const size_t mm = ps->r + 1;
    double rss1, rss2;
    lr__dg_gram_range(ps, 0, (size_t)pl->gq_p1, g);
    int bad = gram_rss(g, mm, work, &rss1);
    lr__dg_gram_range(ps, (size_t)pl->gq_p2 - 1, ps->n, g);
    bad |= gram_rss(g, mm, work, &rss2);
    if (bad) {
        run_single(d, m, o, LR_DIAG_GOLDFELD_QUANDT);
        return;
    }
    lr_test_result *r = &d->test[LR_DIAG_GOLDFELD_QUANDT].r;
    result_init(r, test_names[LR_DIAG_GOLDFELD_QUANDT], ps->n);
    const double df1 = pl->gq_df1, df2 = pl->gq_df2;
    const double gq = (rss2 / df1) / (rss1 / df2);
    const double lower = gsl_cdf_fdist_P(gq, df1, df2), upper = gsl_cdf_fdist_Q(gq, df1, df2);
    r->statistic = gq;
    r->df[0] = df1;
    r->df[1] = df2;
    r->p_value = o->gq.alternative == LR_ALT_GREATER ? upper
                 : o->gq.alternative == LR_ALT_LESS  ? lower
                                                     : 2.0 * (lower < upper ? lower : upper);
    record(&d->test[LR_DIAG_GOLDFELD_QUANDT], LR_OK);
}

static void finish_rainbow(lr_diagnostics *d, const lr_model *m, const lr_diag_options *o,
                           const dg_pass *ps, const plan *pl, double *g, double *work)
{
    double rss1;
    lr__dg_gram_range(ps, (size_t)pl->rb_from - 1, (size_t)pl->rb_to, g);
    if (gram_rss(g, ps->r + 1, work, &rss1) != 0) {
        run_single(d, m, o, LR_DIAG_RAINBOW);
        return;
    }
    const double n = m->n_used, n1 = pl->rb_to - pl->rb_from + 1.0;
    const double df1 = n - n1, df2 = n1 - (double)ps->r;
    const double stat = ((m->rss - rss1) / df1) / (rss1 / df2);
    lr_test_result *r = &d->test[LR_DIAG_RAINBOW].r;
    result_init(r, test_names[LR_DIAG_RAINBOW], (size_t)n);
    r->statistic = stat;
    r->df[0] = df1;
    r->df[1] = df2;
    r->p_value = gsl_cdf_fdist_Q(stat, df1, df2);
    record(&d->test[LR_DIAG_RAINBOW], LR_OK);
}

/* RESET from Q'Zp (C), Zp'Zp (P), Zp'e and Q'e: the Gram matrix of
 * [Zp - Q C | e] is [[P - C'C, Zp'e - C'Q'e], [., e'e]]. */
static void finish_reset(lr_diagnostics *d, const lr_model *m, const lr_diag_options *o,
                         const dg_pass *ps, const double *C, const double *qe, double ee,
                         double *work)
{
    const size_t r = ps->r, q = ps->reset_q, mm = q + 1;
    const double *P = C + r * q, *Pe = P + q * q;
    double *g = work, *f = work + mm * mm;
    memset(g, 0, mm * mm * sizeof(double));
    int bad = 0;
    for (size_t t = 0; t < q; t++) {
        for (size_t s = 0; s <= t; s++) {
            double v = P[s + t * q];
            for (size_t a = 0; a < r; a++)
                v -= C[a + s * r] * C[a + t * r];
            g[s + t * mm] = v;
        }
        bad |= !(g[t + t * mm] > PIVOT_TOL2 * P[t + t * q]); /* cancellation in P - C'C */
        double v = Pe[t];
        for (size_t a = 0; a < r; a++)
            v -= C[a + t * r] * qe[a];
        g[t + q * mm] = v;
    }
    g[q + q * mm] = ee;
    double rss1;
    if (bad || gram_rss(g, mm, f, &rss1) != 0) {
        run_single(d, m, o, LR_DIAG_RESET);
        return;
    }
    double explained = 0.0;
    for (size_t t = 0; t < q; t++)
        explained += f[t + q * mm] * f[t + q * mm];
    const double n = m->n_used, df2 = n - (double)r - (double)q;
    const double stat = (explained / (double)q) / (rss1 / df2);
    lr_test_result *res = &d->test[LR_DIAG_RESET].r;
    result_init(res, test_names[LR_DIAG_RESET], (size_t)n);
    res->statistic = stat;
    res->df[0] = (double)q;
    res->df[1] = df2;
    res->p_value = gsl_cdf_fdist_Q(stat, (double)q, df2);
    record(&d->test[LR_DIAG_RESET], LR_OK);
}

static void finish_collinearity(lr_diagnostics *d, const lr_model *m)
{
    lr_status st = lr_vif(m, d->vif, m->p);
    if (st == LR_OK) {
        double *ci = lr__calloc(m->p ? m->p : 1, sizeof(double));
        if (!ci) {
            st = lr__fail(LR_ERR_NOMEM, "cannot allocate the condition indices");
        } else {
            st = lr_collinearity_diagnostics(m, ci, NULL, m->p);
            d->condition_number = st == LR_OK && m->rank ? ci[m->rank - 1] : NAN;
            free(ci);
        }
    }
    record(&d->collinearity, st);
}

static lr_status alloc_outliers(lr_diagnostics *d, size_t n_max)
{
    d->outlier_rows = lr__calloc(n_max, sizeof(size_t));
    d->outlier_rstudent = lr__calloc(3 * n_max, sizeof(double));
    if (!d->outlier_rows || !d->outlier_rstudent)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the outlier list");
    d->outlier_p = d->outlier_rstudent + n_max;
    d->outlier_bp = d->outlier_p + n_max;
    return LR_OK;
}

/* Influence by the single-test pass (models the batch pass does not take). */
static lr_status influence_single(lr_diagnostics *d, const lr_model *m, const lr_diag_options *o)
{
    lr_status st = lr__influence_report(m, &d->summary, o->outlier_cutoff, o->outlier_max,
                                        &d->influence.r, d->outlier_rows, d->outlier_rstudent,
                                        d->outlier_p, d->outlier_bp, &d->outlier_count);
    if (st == LR_ERR_NOMEM)
        return st;
    if (st == LR_OK && o->keep_influence) {
        double *arr[LR_INFL_COUNT_];
        for (int q = 0; q < LR_INFL_COUNT_; q++)
            arr[q] = d->values[q];
        st = lr_influence_measures(m, arr, d->flags, m->nobs);
    }
    record(&d->influence, st);
    return LR_OK;
}

/* Every test by its own function (models without rows, or too wide for
 * the batch pass). */
static lr_status run_all_single(lr_diagnostics *d, const lr_model *m, const lr_diag_options *o,
                                const plan *pl)
{
    for (int t = 0; t < LR_DIAG_TEST_COUNT_; t++)
        if (pl->want[t]) {
            run_single(d, m, o, (lr_diag_test)t);
            if (d->test[t].st == LR_ERR_NOMEM)
                return LR_ERR_NOMEM;
        }
    if (m->resid && m->has_data && m->nobs)
        record(&d->moments, lr_residual_moments(m, &d->skewness, &d->kurtosis));
    else
        record(&d->moments, lr__diag_begin(m, "residual moments", NULL, NULL));
    if (o->influence)
        return influence_single(d, m, o);
    return LR_OK;
}

/* Pass 2: Anderson-Darling's sum over the sorted residuals in chunks and
 * the Harvey-Collier segments, in one set of jobs. */
typedef struct {
    const dg_pass *ps;
    lr__dg_hc *hc;
    size_t nhc, nad;
    double mean, sd;
    double *ad_part;
} pass2_ctx;

static void pass2_job(void *vctx, size_t j)
{
    pass2_ctx *c = vctx;
    if (j < c->nhc) {
        lr__dg_hc_job(c->hc, j);
        return;
    }
    j -= c->nhc;
    size_t t0, t1;
    lr__dg_chunk_range(c->ps, j, &t0, &t1);
    c->ad_part[j] = t1 > t0 ? lr__ad_partial(c->ps->sorted, t0, t1 - t0, c->ps->n, c->mean, c->sd)
                            : 0.0;
}

static lr_status run_batch(lr_diagnostics *d, const lr_model *m, const lr_diag_options *o,
                           plan *pl)
{
    dg_pass ps;
    memset(&ps, 0, sizeof ps);
    lr_diag_rows rows = {0, NULL};
    double *owned = NULL, *work = NULL;
    dg_chunk *ch = NULL;
    lr_status st = lr__diag_rows(m, &rows);
    if (st != LR_OK)
        return st;
    size_t n = 0;
    ps.e = lr__diag_wresid(m, &owned, &n);
    if (!ps.e) {
        lr__diag_rows_free(&rows);
        return LR_ERR_NOMEM;
    }
    const size_t r = m->rank, mm = r + 1;
    ps.m = m;
    ps.r = r;
    ps.p = m->p;
    ps.n = n;
    ps.nobs = m->nobs;
    ps.idx = rows.idx;
    ps.nchunks = (m->nobs + LR_CHUNK_ROWS - 1) / LR_CHUNK_ROWS;
    make_plan(m, o, n, pl);
    const int *f = pl->fused;

    work = lr__calloc(2 * r + 4 * mm * mm + 4 * (pl->reset_power + 1) * (pl->reset_power + 1),
                      sizeof(double));
    if (!work) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the diagnostics work space");
        goto done;
    }
    ps.rinv_diag = work;
    ps.inv_sd = work + r;
    double *g = work + 2 * r, *gwork = g + mm * mm, *rwork = gwork + mm * mm;
    for (size_t a = 0; a < r; a++)
        ps.rinv_diag[a] = 1.0 / m->rfac[a + a * r];

    ps.moments = 1;
    ps.lb_lag = f[LR_DIAG_LJUNG_BOX] ? pl->lb_lag : 0;
    ps.bp = f[LR_DIAG_BREUSCH_PAGAN];
    ps.bp_studentize = o->bp_studentize;
    ps.bp_sigma2 = m->rss / m->n_used;
    ps.bg_order = f[LR_DIAG_BREUSCH_GODFREY] ? o->bg.order : 0;
    ps.bg_fill = o->bg.fill;
    ps.dw_moments = f[LR_DIAG_DURBIN_WATSON];
    ps.reset_q = f[LR_DIAG_RESET] ? pl->reset_power - 1 : 0;
    ps.want_fitted_range = ps.reset_q > 0;
    int infl = o->influence;
    if (infl) {
        lr_status ist = lr__influence_check(m);
        if (ist != LR_OK) {
            record(&d->influence, ist);
            infl = 0;
        }
    }
    ps.want_n_pos = infl && !m->intercept;
    ps.infl = infl;
    ps.outlier_max = o->outlier_max;
    if (f[LR_DIAG_GOLDFELD_QUANDT] || f[LR_DIAG_RAINBOW] || f[LR_DIAG_HARVEY_COLLIER])
        if ((st = make_pieces(&ps, pl)) != LR_OK)
            goto done;
    if (f[LR_DIAG_ANDERSON_DARLING]) {
        ps.sorted = malloc(n * sizeof(double));
        if (!ps.sorted) {
            st = lr__fail(LR_ERR_NOMEM, "cannot allocate %zu sorted residuals", n);
            goto done;
        }
    }
    if ((st = lr__dg_chunks_alloc(&ps, &ch)) != LR_OK)
        goto done;

    /* pass 0 */
    lr__dg_pass0(&ps, ch);
    lr_ksum sum_e = {0, 0}, su2 = {0, 0};
    double sum_f = 0.0, fmin = INFINITY, fmax = -INFINITY, n_pos = 0.0;
    for (size_t c = 0; c < ps.nchunks; c++) {
        lr__ksum_add(&sum_e, lr__ksum_value(&ch[c].sum_e));
        lr__ksum_add(&su2, lr__ksum_value(&ch[c].su2));
        sum_f += ch[c].sum_f;
        fmin = ch[c].fmin < fmin ? ch[c].fmin : fmin;
        fmax = ch[c].fmax > fmax ? ch[c].fmax : fmax;
        n_pos += ch[c].n_pos;
    }
    ps.mean_e = lr__ksum_value(&sum_e) / (double)n;
    if (ps.reset_q) {
        ps.reset_center = m->intercept ? sum_f / m->n_used : 0.0;
        const double a = fabs(fmax - ps.reset_center), b = fabs(fmin - ps.reset_center);
        ps.reset_scale = a > b ? a : b;
        if (!(ps.reset_scale > 0)) {
            ps.reset_q = 0; /* constant fitted values: the test's own error */
            pl->fused[LR_DIAG_RESET] = 0;
        }
    }
    if (infl) {
        lr_status ist = lr__infl_consts_init(m, 1, m->intercept ? m->n_used : n_pos, &ps.ic);
        if (ist == LR_OK)
            ist = inverse_sd(m, ps.inv_sd);
        if (ist != LR_OK) {
            if (ist == LR_ERR_NOMEM) {
                st = ist;
                goto done;
            }
            record(&d->influence, ist);
            infl = 0;
        }
    }
    ps.infl = infl;
    if (infl) {
        ps.infl_flags = 1;
        if (o->keep_influence) {
            ps.keep = d->values;
            ps.keep_flags = d->flags;
        }
    }

    /* pass 1 */
    lr__dg_pass1(&ps, ch);
    for (size_t c = 0; c < ps.nchunks; c++)
        if (ch[c].st != LR_OK) {
            st = lr__fail(ch[c].st, "%s", ch[c].msg);
            goto done;
        }
    if (ps.sorted && ps.sort_st != LR_OK) {
        st = lr__fail(ps.sort_st, "%s", ps.sort_msg);
        goto done;
    }

    /* combine the chunks, in order */
    const size_t kk = ps.bg_order, q = ps.reset_q;
    lr_ksum s2 = {0, 0}, s3 = {0, 0}, s4 = {0, 0}, num = {0, 0}, den = {0, 0};
    lr_ksum *lb = lr__calloc(ps.lb_lag + kk * kk + kk + 1, sizeof(lr_ksum)), *bgk;
    double *acc = lr__calloc(2 * r + r * kk + r * r + r * q + q * q + q + kk * kk + kk + 1,
                             sizeof(double));
    lr__outliers outl;
    memset(&outl, 0, sizeof outl);
    if (!acc || !lb || (ps.infl && lr__outliers_init(&outl, o->outlier_max) != LR_OK)) {
        free(acc);
        free(lb);
        lr__outliers_free(&outl);
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the diagnostics sums");
        goto done;
    }
    bgk = lb + ps.lb_lag;
    double *qe = acc, *bp = qe + r, *bgm = bp + r, *h1 = bgm + r * kk, *reset = h1 + r * r;
    double *zz = reset + r * q + q * q + q, *ze = zz + kk * kk;
    double tr2 = 0.0;
    lr_influence_summary summary;
    lr__summary_init(&summary);
    for (size_t c = 0; c < ps.nchunks; c++) {
        const dg_chunk *k = &ch[c];
        lr__ksum_add(&s2, lr__ksum_value(&k->s2));
        lr__ksum_add(&s3, lr__ksum_value(&k->s3));
        lr__ksum_add(&s4, lr__ksum_value(&k->s4));
        lr__ksum_add(&num, lr__ksum_value(&k->dw_num));
        lr__ksum_add(&den, lr__ksum_value(&k->dw_den));
        for (size_t l = 0; l < ps.lb_lag; l++)
            lr__ksum_add(&lb[l], lr__ksum_value(&k->lb[l]));
        if (k->qe)
            for (size_t a = 0; a < r; a++)
                qe[a] += k->qe[a];
        if (ps.bp)
            for (size_t a = 0; a < r; a++)
                bp[a] += k->bp_g[a];
        for (size_t i = 0; i < r * kk; i++)
            bgm[i] += k->bg[i];
        for (size_t i = 0; kk && i < kk * kk + kk + 1; i++)
            lr__ksum_add(&bgk[i], lr__ksum_value(&k->bg_k[i]));
        if (ps.dw_moments)
            for (size_t i = 0; i < r * r; i++)
                h1[i] += k->h1[i];
        tr2 += k->tr2;
        for (size_t i = 0; q && i < r * q + q * q + q; i++)
            reset[i] += k->reset[i];
        if (ps.infl) {
            lr__summary_merge(&summary, &k->summary);
            lr__outliers_merge(&outl, &k->outliers);
        }
    }

    /* the statistics */
    finish_moments(d, m, o, pl, n, lr__ksum_value(&s2), lr__ksum_value(&s3), lr__ksum_value(&s4));
    /* pass 2 */
    pass2_ctx p2;
    memset(&p2, 0, sizeof p2);
    p2.ps = &ps;
    {
        const double dn = (double)n, m2 = lr__ksum_value(&s2) / dn;
        p2.mean = ps.mean_e;
        p2.sd = sqrt(m2 * dn / (dn - 1.0));
    }
    int hc_fused = 0;
    if (f[LR_DIAG_HARVEY_COLLIER]) {
        lr_status hst = lr__dg_hc_prepare(&ps, &p2.hc);
        if (hst == LR_ERR_NOMEM) {
            st = hst;
            goto pass2_done;
        }
        lr__clear_error();
        hc_fused = hst == LR_OK;
        p2.nhc = hc_fused ? lr__dg_hc_jobs(p2.hc) : 0;
    }
    const int ad_fused = f[LR_DIAG_ANDERSON_DARLING] && p2.sd > 0;
    if (ad_fused) {
        p2.nad = ps.nchunks;
        if (!(p2.ad_part = lr__calloc(p2.nad, sizeof(double)))) {
            st = lr__fail(LR_ERR_NOMEM, "cannot allocate the Anderson-Darling sums");
            goto pass2_done;
        }
    }
    lr__parallel_chunks(p2.nhc + p2.nad, 0, pass2_job, &p2);
    if (pl->want[LR_DIAG_ANDERSON_DARLING]) {
        if (ad_fused) {
            lr_ksum h = {0, 0};
            for (size_t c = 0; c < p2.nad; c++)
                lr__ksum_add(&h, p2.ad_part[c]);
            lr_test_result *res = &d->test[LR_DIAG_ANDERSON_DARLING].r;
            result_init(res, test_names[LR_DIAG_ANDERSON_DARLING], n);
            lr__ad_finish(lr__ksum_value(&h), n, res);
            record(&d->test[LR_DIAG_ANDERSON_DARLING], LR_OK);
        } else {
            run_single(d, m, o, LR_DIAG_ANDERSON_DARLING);
        }
    }
    if (pl->want[LR_DIAG_HARVEY_COLLIER]) {
        lr_status hst = hc_fused ? lr__dg_hc_finish(p2.hc, &d->test[LR_DIAG_HARVEY_COLLIER].r)
                                 : LR_ERR_UNDEFINED;
        if (hst == LR_ERR_NOMEM) {
            st = hst;
            goto pass2_done;
        }
        if (hst == LR_OK) {
            record(&d->test[LR_DIAG_HARVEY_COLLIER], LR_OK);
        } else {
            lr__clear_error();
            run_single(d, m, o, LR_DIAG_HARVEY_COLLIER);
        }
    }
    if (pl->want[LR_DIAG_BREUSCH_PAGAN]) {
        const double sum_u2 = lr__ksum_value(&su2);
        if (ps.bp && sum_u2 > 0) {
            double ess = 0.0;
            for (size_t a = 0; a < r; a++)
                ess += bp[a] * bp[a];
            lr_test_result *res = &d->test[LR_DIAG_BREUSCH_PAGAN].r;
            result_init(res, o->bp_studentize ? "studentized Breusch-Pagan test"
                                              : "Breusch-Pagan test",
                        (size_t)m->n_used);
            res->statistic = o->bp_studentize ? m->n_used * ess / sum_u2 : 0.5 * ess;
            res->df[0] = (double)(r - 1);
            res->p_value = gsl_cdf_chisq_Q(res->statistic, res->df[0]);
            record(&d->test[LR_DIAG_BREUSCH_PAGAN], LR_OK);
        } else {
            run_single(d, m, o, LR_DIAG_BREUSCH_PAGAN);
        }
    }
    if (pl->want[LR_DIAG_DURBIN_WATSON]) {
        if (f[LR_DIAG_DURBIN_WATSON])
            finish_dw(d, m, o, &ps, lr__ksum_value(&num), lr__ksum_value(&den), h1, tr2);
        else
            run_single(d, m, o, LR_DIAG_DURBIN_WATSON);
    }
    if (pl->want[LR_DIAG_BREUSCH_GODFREY]) {
        if (kk) {
            lr_test_result *res = &d->test[LR_DIAG_BREUSCH_GODFREY].r;
            result_init(res, "", n);
            lr__diag_set_method(res, "Breusch-Godfrey test for serial correlation of order up "
                                "to %zu%s", kk, o->bg.f_form ? " (F)" : "");
            for (size_t i = 0; i < kk * kk; i++)
                zz[i] = lr__ksum_value(&bgk[i]);
            for (size_t j = 0; j < kk; j++)
                ze[j] = lr__ksum_value(&bgk[kk * kk + j]);
            lr_status bst = lr__bg_finish(m, n, kk, o->bg.f_form, qe, bgm, zz, ze,
                                          lr__ksum_value(&bgk[kk * kk + kk]), res);
            if (bst == LR_ERR_UNDEFINED)
                run_single(d, m, o, LR_DIAG_BREUSCH_GODFREY);
            else
                record(&d->test[LR_DIAG_BREUSCH_GODFREY], bst);
        } else {
            run_single(d, m, o, LR_DIAG_BREUSCH_GODFREY);
        }
    }
    if (pl->want[LR_DIAG_LJUNG_BOX]) {
        const double c0 = lr__ksum_value(&s2);
        if (ps.lb_lag && c0 > 0) {
            double qs = 0.0;
            for (size_t k = 1; k <= ps.lb_lag; k++) {
                const double rk = lr__ksum_value(&lb[k - 1]) / c0;
                qs += rk * rk / (double)(n - k);
            }
            const double dn = (double)n;
            qs *= dn * (dn + 2.0);
            lr_test_result *res = &d->test[LR_DIAG_LJUNG_BOX].r;
            result_init(res, test_names[LR_DIAG_LJUNG_BOX], n);
            res->statistic = qs;
            res->df[0] = (double)(ps.lb_lag - o->lb_fitdf);
            res->p_value = gsl_cdf_chisq_Q(qs, res->df[0]);
            record(&d->test[LR_DIAG_LJUNG_BOX], LR_OK);
        } else {
            run_single(d, m, o, LR_DIAG_LJUNG_BOX);
        }
    }
    if (pl->want[LR_DIAG_GOLDFELD_QUANDT]) {
        if (f[LR_DIAG_GOLDFELD_QUANDT])
            finish_gq(d, m, o, &ps, pl, g, gwork);
        else
            run_single(d, m, o, LR_DIAG_GOLDFELD_QUANDT);
    }
    if (pl->want[LR_DIAG_RAINBOW]) {
        if (f[LR_DIAG_RAINBOW])
            finish_rainbow(d, m, o, &ps, pl, g, gwork);
        else
            run_single(d, m, o, LR_DIAG_RAINBOW);
    }
    if (pl->want[LR_DIAG_RESET]) {
        if (f[LR_DIAG_RESET] && q)
            finish_reset(d, m, o, &ps, reset, qe, lr__ksum_value(&den), rwork);
        else
            run_single(d, m, o, LR_DIAG_RESET);
    }
    if (pl->want[LR_DIAG_SHAPIRO_WILK])
        run_single(d, m, o, LR_DIAG_SHAPIRO_WILK);
    if (pl->want[LR_DIAG_WHITE])
        run_single(d, m, o, LR_DIAG_WHITE);
    if (ps.infl && st == LR_OK) {
        d->summary = summary;
        d->summary.n = (size_t)m->n_used;
        lr_status ost = lr__outliers_finish(&outl, m, o->outlier_cutoff, o->outlier_max,
                                            &d->influence.r, d->outlier_rows,
                                            d->outlier_rstudent, d->outlier_p, d->outlier_bp,
                                            &d->outlier_count);
        record(&d->influence, ost);
    }
pass2_done:
    lr__dg_hc_free(p2.hc);
    free(p2.ad_part);
    lr__outliers_free(&outl);
    free(acc);
    free(lb);
done:
    lr__dg_chunks_free(&ps, ch);
    free(ps.piece_start);
    free(ps.pieces);
    free(ps.sorted);
    free(owned);
    free(work);
    lr__diag_rows_free(&rows);
    return st;
}

lr_status lr_diagnose(const lr_model *m, const lr_diag_options *opts, lr_diagnostics **out)
{
    lr__clear_error();
    lr__gsl_init();
    if (!out)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: out is NULL");
    *out = NULL;
    if (!m)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics: the model is NULL");
    lr_diag_options o;
    if (opts)
        o = *opts;
    else
        lr_diag_options_init(&o);
    lr_status st = check_options(&o);
    if (st != LR_OK)
        return st;
    lr_diagnostics *d = lr__calloc(1, sizeof *d);
    if (!d)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the diagnostics");
    d->p = m->p;
    d->nobs = m->nobs;
    d->intercept = m->intercept;
    d->n_used = m->n_used;
    d->has_rows = m->resid && m->has_data && m->nobs > 0;
    d->outlier_cutoff = o.outlier_cutoff;
    d->skewness = d->kurtosis = d->condition_number = NAN;
    lr__summary_init(&d->summary);
    d->names = lr__calloc(m->p ? m->p : 1, sizeof(char *));
    d->vif = lr__calloc(m->p ? m->p : 1, sizeof(double));
    if (!d->names || !d->vif) {
        st = lr__fail(LR_ERR_NOMEM, "cannot allocate the diagnostics");
        goto fail;
    }
    for (size_t j = 0; j < m->p; j++) {
        if (!(d->names[j] = lr__strdup(m->names[j]))) {
            st = lr__fail(LR_ERR_NOMEM, "cannot copy the coefficient names");
            goto fail;
        }
        d->vif[j] = NAN;
    }
    if (o.influence && (st = alloc_outliers(d, o.outlier_max)) != LR_OK)
        goto fail;
    if (o.influence && o.keep_influence && d->has_rows) {
        const size_t n = m->nobs, p = m->p;
        for (int q = 0; q < LR_INFL_COUNT_; q++) {
            const int dfb = q == LR_INFL_DFBETA || q == LR_INFL_DFBETAS;
            if (dfb && !o.keep_dfbetas)
                continue;
            d->values[q] = malloc((dfb ? n * p : n) * sizeof(double));
            if (!d->values[q]) {
                st = lr__fail(LR_ERR_NOMEM, "cannot allocate the per-row influence measures");
                goto fail;
            }
            if (m->w.data) /* rows of weight 0 keep NaN */
                for (size_t i = 0; i < (dfb ? n * p : n); i++)
                    d->values[q][i] = NAN;
        }
        d->flags = lr__calloc(n, 1);
        if (!d->flags) {
            st = lr__fail(LR_ERR_NOMEM, "cannot allocate the per-row influence flags");
            goto fail;
        }
    }

    plan pl;
    memset(&pl, 0, sizeof pl);
    const size_t r = m->rank;
    const size_t nc = r >= 1 ? r - 1 : 0, qw = nc + nc * (nc + 1) / 2;
    for (int t = 0; t < LR_DIAG_TEST_COUNT_; t++) {
        dg_test *dt = &d->test[t];
        result_init(&dt->r, test_names[t], 0);
        if (o.tests[t] == LR_DIAG_OFF) {
            dt->state = DG_NOT_RUN;
            dt->st = LR_ERR_NOT_FOUND;
            snprintf(dt->msg, sizeof dt->msg, "%s was switched off", test_names[t]);
            continue;
        }
        if (t == LR_DIAG_WHITE && o.tests[t] == LR_DIAG_DEFAULT && d->has_rows &&
            m->n_used * (double)qw * (double)qw > o.max_work) {
            dt->state = DG_SKIPPED;
            dt->st = LR_ERR_NOT_FOUND;
            snprintf(dt->msg, sizeof dt->msg,
                     "skipped: White's auxiliary regression has %zu generated regressors, and "
                     "n * q^2 = %.3g exceeds the default set's limit %.3g (ask for it "
                     "explicitly to run it)",
                     qw, m->n_used * (double)qw * (double)qw, o.max_work);
            continue;
        }
        pl.want[t] = 1;
    }
    d->dw.statistic = d->dw.p_positive = d->dw.p_negative = d->dw.p_two_sided = NAN;
    snprintf(d->dw.method, sizeof d->dw.method, "%s", test_names[LR_DIAG_DURBIN_WATSON]);
    if (!o.influence) {
        d->influence.state = DG_NOT_RUN;
        d->influence.st = LR_ERR_NOT_FOUND;
        snprintf(d->influence.msg, sizeof d->influence.msg, "influence measures were switched off");
    }
    if (o.collinearity)
        finish_collinearity(d, m);
    else {
        d->collinearity.state = DG_NOT_RUN;
        d->collinearity.st = LR_ERR_NOT_FOUND;
        snprintf(d->collinearity.msg, sizeof d->collinearity.msg, "collinearity was switched off");
    }
    if (d->collinearity.st == LR_ERR_NOMEM) {
        st = LR_ERR_NOMEM;
        goto fail;
    }
    if (d->has_rows && r >= 1 && r + 1 < LR_DG_BLOCK)
        st = run_batch(d, m, &o, &pl);
    else
        st = run_all_single(d, m, &o, &pl);
    for (int t = 0; t < LR_DIAG_TEST_COUNT_ && st == LR_OK; t++)
        if (d->test[t].state == DG_FAILED && d->test[t].st == LR_ERR_NOMEM)
            st = lr__fail(LR_ERR_NOMEM, "%s", d->test[t].msg);
    if (st == LR_OK && (d->influence.st == LR_ERR_NOMEM || d->moments.st == LR_ERR_NOMEM))
        st = lr__fail(LR_ERR_NOMEM, "%s", d->influence.st == LR_ERR_NOMEM ? d->influence.msg
                                                                           : d->moments.msg);
    if (st != LR_OK)
        goto fail;
    /* the Durbin-Watson entry as a test result */
    if (pl.want[LR_DIAG_DURBIN_WATSON] && d->test[LR_DIAG_DURBIN_WATSON].state == DG_DONE) {
        lr_test_result *tr = &d->test[LR_DIAG_DURBIN_WATSON].r;
        tr->statistic = d->dw.statistic;
        tr->p_value = d->dw.p_positive;
        tr->df[0] = tr->df[1] = NAN;
        tr->n = d->dw.n;
        set_method(tr, d->dw.method);
    }
    lr__clear_error();
    *out = d;
    return LR_OK;
fail:
    {
        char msg[LR_DG_MSG];
        snprintf(msg, sizeof msg, "%s", lr_last_error());
        lr_diagnostics_free(d);
        return lr__fail(st, "%s", msg);
    }
}

void lr_diagnostics_free(lr_diagnostics *d)
{
    if (!d)
        return;
    if (d->names)
        for (size_t j = 0; j < d->p; j++)
            free(d->names[j]);
    free(d->names);
    free(d->vif);
    free(d->outlier_rows);
    free(d->outlier_rstudent);
    for (int q = 0; q < LR_INFL_COUNT_; q++)
        free(d->values[q]);
    free(d->flags);
    free(d);
}

/* --------------------------------------------------------------- getters */

static lr_status test_status(const dg_test *t)
{
    if (t->state == DG_DONE)
        return LR_OK;
    return lr__fail(t->st, "%s", t->msg);
}

lr_status lr_diagnostics_test(const lr_diagnostics *d, lr_diag_test which, lr_test_result *out)
{
    lr__clear_error();
    if (!d || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics and out must not be NULL");
    if ((int)which < 0 || which >= LR_DIAG_TEST_COUNT_)
        return lr__fail(LR_ERR_INVALID_ARG, "unknown diagnostic test %d", (int)which);
    *out = d->test[which].r;
    return test_status(&d->test[which]);
}

const char *lr_diagnostics_message(const lr_diagnostics *d, lr_diag_test which)
{
    if (!d || (int)which < 0 || which >= LR_DIAG_TEST_COUNT_)
        return "";
    return d->test[which].state == DG_DONE ? "" : d->test[which].msg;
}

int lr_diagnostics_skipped(const lr_diagnostics *d, lr_diag_test which)
{
    if (!d || (int)which < 0 || which >= LR_DIAG_TEST_COUNT_)
        return 0;
    return d->test[which].state == DG_SKIPPED;
}

lr_status lr_diagnostics_durbin_watson(const lr_diagnostics *d, lr_dw_result *out)
{
    lr__clear_error();
    if (!d || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics and out must not be NULL");
    *out = d->dw;
    return test_status(&d->test[LR_DIAG_DURBIN_WATSON]);
}

lr_status lr_diagnostics_moments(const lr_diagnostics *d, double *skewness, double *kurtosis)
{
    lr__clear_error();
    if (!d || !skewness || !kurtosis)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics and outputs must not be NULL");
    *skewness = d->skewness;
    *kurtosis = d->kurtosis;
    return test_status(&d->moments);
}

lr_status lr_diagnostics_vif(const lr_diagnostics *d, double *out, size_t len)
{
    lr__clear_error();
    if (!d || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics and out must not be NULL");
    if (len < d->p)
        return lr__fail(LR_ERR_DIMENSION, "out holds %zu values but the model has %zu "
                        "coefficients", len, d->p);
    memcpy(out, d->vif, d->p * sizeof(double));
    return test_status(&d->collinearity);
}

lr_status lr_diagnostics_condition_number(const lr_diagnostics *d, double *out)
{
    lr__clear_error();
    if (!d || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics and out must not be NULL");
    *out = d->condition_number;
    return test_status(&d->collinearity);
}

lr_status lr_diagnostics_influence(const lr_diagnostics *d, lr_influence_summary *summary)
{
    lr__clear_error();
    if (!d || !summary)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics and summary must not be NULL");
    *summary = d->summary;
    return test_status(&d->influence);
}

lr_status lr_diagnostics_outliers(const lr_diagnostics *d, lr_test_result *result, size_t *rows,
                                  double *rstudent, double *p_unadjusted, double *p_bonferroni,
                                  size_t len, size_t *count)
{
    lr__clear_error();
    if (!d)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics must not be NULL");
    if (count)
        *count = 0;
    if (result)
        *result = d->influence.r;
    lr_status st = test_status(&d->influence);
    if (st != LR_OK)
        return st;
    const size_t k = d->outlier_count < len ? d->outlier_count : len;
    for (size_t a = 0; a < k; a++) {
        if (rows)
            rows[a] = d->outlier_rows[a];
        if (rstudent)
            rstudent[a] = d->outlier_rstudent[a];
        if (p_unadjusted)
            p_unadjusted[a] = d->outlier_p[a];
        if (p_bonferroni)
            p_bonferroni[a] = d->outlier_bp[a];
    }
    if (count)
        *count = k;
    return LR_OK;
}

lr_status lr_diagnostics_influence_values(const lr_diagnostics *d, lr_influence_measure which,
                                          const double **values, size_t *len)
{
    lr__clear_error();
    if (!d || !values || !len)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics and outputs must not be NULL");
    if ((int)which < 0 || which >= LR_INFL_COUNT_)
        return lr__fail(LR_ERR_INVALID_ARG, "unknown influence measure %d", (int)which);
    *values = NULL;
    *len = 0;
    lr_status st = test_status(&d->influence);
    if (st != LR_OK)
        return st;
    if (!d->values[which])
        return lr__fail(LR_ERR_NOT_FOUND, "the per-row values were not kept (set keep_influence%s)",
                        which == LR_INFL_DFBETA || which == LR_INFL_DFBETAS ? " and keep_dfbetas"
                                                                             : "");
    *values = d->values[which];
    *len = which == LR_INFL_DFBETA || which == LR_INFL_DFBETAS ? d->nobs * d->p : d->nobs;
    return LR_OK;
}

lr_status lr_diagnostics_influence_flags(const lr_diagnostics *d, const unsigned char **flags,
                                         size_t *len)
{
    lr__clear_error();
    if (!d || !flags || !len)
        return lr__fail(LR_ERR_INVALID_ARG, "diagnostics and outputs must not be NULL");
    *flags = NULL;
    *len = 0;
    lr_status st = test_status(&d->influence);
    if (st != LR_OK)
        return st;
    if (!d->flags)
        return lr__fail(LR_ERR_NOT_FOUND, "the per-row flags were not kept (set keep_influence)");
    *flags = d->flags;
    *len = d->nobs;
    return LR_OK;
}
