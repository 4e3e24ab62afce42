/* The "fixed features" assumption: predictors measured without error.
 * Classical measurement error u in a feature (observed x = true x + u)
 * biases its least-squares weight toward zero (attenuation) and biases the
 * others through their correlation with it. Regression calibration by the
 * method of moments (Fuller 1987, Measurement Error Models, section 2.2;
 * Carroll, Ruppert, Stefanski & Crainiceanu 2006, Measurement Error in
 * Nonlinear Models, 2nd ed., section 3.4) replaces the observed covariance
 * of the features by its error-free part:
 *   beta = (Sxx - Suu)^-1 Sxy,   intercept = mean(y) - mean(x)' beta,
 * with Suu = diag(var_u), var_u = (1 - reliability) var_x. Moments are
 * weighted by the fit's weights, divided by their sum, over the rows of
 * non-zero weight; centred when the model has an intercept, raw second
 * moments otherwise (var_x itself is always the centred variance). */
#include "robust_internal.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct ff_moments {
    size_t q;          /* kept predictors */
    size_t *coef;      /* their coefficient indices */
    double *sxx, *sxy; /* q x q (column-major), q */
    double *mx, *varx; /* q: means used for centring (0 without intercept), centred variances */
    double my;
} ff_moments;

static void moments_free(ff_moments *f)
{
    free(f->coef);
    free(f->sxx);
    free(f->sxy);
    free(f->mx);
    free(f->varx);
}

static lr_status moments(const lr_model *m, ff_moments *f)
{
    memset(f, 0, sizeof *f);
    if (!m->has_data)
        return lr__fail(LR_ERR_NO_DATA, "the model holds no per-row data (a streamed fit); the "
                                        "errors-in-variables correction needs the data");
    size_t q = 0;
    for (size_t a = 0; a < m->rank; a++)
        q += !(m->intercept && m->keep[a] == 0);
    f->q = q;
    f->coef = lr__calloc(q ? q : 1, sizeof(size_t));
    f->sxx = lr__calloc(q * q + 1, sizeof(double));
    f->sxy = lr__calloc(q + 1, sizeof(double));
    f->mx = lr__calloc(q + 1, sizeof(double));
    f->varx = lr__calloc(q + 1, sizeof(double));
    double *mc = lr__calloc(q + 1, sizeof(double));
    if (!f->coef || !f->sxx || !f->sxy || !f->mx || !f->varx || !mc) {
        free(mc);
        moments_free(f);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the moment matrices");
    }
    for (size_t a = 0, b = 0; a < m->rank; a++)
        if (!(m->intercept && m->keep[a] == 0))
            f->coef[b++] = m->keep[a];
    double sw = 0.0, sy = 0.0;
    for (size_t i = 0; i < m->nobs; i++) {
        double w = lr__weight(m, i);
        if (w == 0.0)
            continue;
        sw += w;
        sy += w * lr__vec(&m->y, i);
        for (size_t a = 0; a < q; a++)
            mc[a] += w * lr__design(m, i, f->coef[a]);
    }
    for (size_t a = 0; a < q; a++) {
        mc[a] /= sw;
        f->mx[a] = m->intercept ? mc[a] : 0.0;
    }
    f->my = m->intercept ? sy / sw : 0.0;
    for (size_t i = 0; i < m->nobs; i++) {
        double w = lr__weight(m, i);
        if (w == 0.0)
            continue;
        double yc = lr__vec(&m->y, i) - f->my;
        for (size_t a = 0; a < q; a++) {
            double xa = lr__design(m, i, f->coef[a]);
            double xc = xa - f->mx[a];
            f->varx[a] += w * (xa - mc[a]) * (xa - mc[a]);
            f->sxy[a] += w * xc * yc;
            for (size_t b = 0; b <= a; b++)
                f->sxx[b + a * q] += w * (lr__design(m, i, f->coef[b]) - f->mx[b]) * xc;
        }
    }
    for (size_t a = 0; a < q; a++) {
        f->varx[a] /= sw;
        f->sxy[a] /= sw;
        for (size_t b = 0; b <= a; b++)
            f->sxx[b + a * q] /= sw;
    }
    free(mc);
    return LR_OK;
}

/* Solves with the error variances varu (q values, NULL = 0) into out (p). */
static lr_status solve(const lr_model *m, const ff_moments *f, const double *varu, double *out)
{
    const size_t q = f->q;
    double *a = lr__calloc(q * q + 1, sizeof(double));
    double *b = lr__calloc(q + 1, sizeof(double));
    if (!a || !b) {
        free(a);
        free(b);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the corrected moments");
    }
    memcpy(a, f->sxx, q * q * sizeof(double));
    memcpy(b, f->sxy, q * sizeof(double));
    for (size_t c = 0; c < q; c++)
        a[c + c * q] -= varu ? varu[c] : 0.0;
    lapack_int info = q ? LAPACKE_dposv(LAPACK_COL_MAJOR, 'U', (lapack_int)q, 1, a, (lapack_int)q,
                                        b, (lapack_int)q)
                        : 0;
    for (size_t j = 0; j < m->p; j++)
        out[j] = NAN;
    lr_status st = LR_OK;
    if (info != 0) {
        st = lr__fail(LR_ERR_UNDEFINED,
                      "the feature covariance minus the stated measurement-error variances is "
                      "not positive definite: the stated errors are as large as the observed "
                      "variation of the features");
    } else {
        double b0 = f->my;
        for (size_t c = 0; c < q; c++) {
            out[f->coef[c]] = b[c];
            b0 -= f->mx[c] * b[c];
        }
        if (m->intercept)
            out[0] = b0;
    }
    free(a);
    free(b);
    return st;
}

static lr_status check_common(const lr_model *m, double *out, size_t len, size_t need)
{
    if (!m || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "model and out must not be NULL");
    if (len < need)
        return lr__fail(LR_ERR_DIMENSION, "out holds %zu values but %zu are needed", len, need);
    return LR_OK;
}

lr_status lr_fixed_features_correct(const lr_model *m, const double *rel, const double *evar,
                                    double *out, size_t len)
{
    lr__clear_error();
    lr_status st = check_common(m, out, len, m ? m->p : 0);
    if (st != LR_OK)
        return st;
    if ((rel == NULL) == (evar == NULL))
        return lr__fail(LR_ERR_INVALID_ARG, "give either reliabilities or error variances");
    for (size_t c = 0; c < m->k; c++) {
        const char *name = m->names[c + (size_t)m->intercept];
        if (rel && !(rel[c] > 0 && rel[c] <= 1))
            return lr__fail(LR_ERR_INVALID_ARG,
                            "the reliability of '%s' is %g; it must lie in (0, 1] (1 = measured "
                            "without error)",
                            name, rel[c]);
        if (evar && !(evar[c] >= 0 && isfinite(evar[c])))
            return lr__fail(LR_ERR_INVALID_ARG,
                            "the measurement-error variance of '%s' is %g; it must be >= 0", name,
                            evar[c]);
    }
    ff_moments f;
    if ((st = moments(m, &f)) != LR_OK)
        return st;
    double *varu = lr__calloc(f.q + 1, sizeof(double));
    if (!varu) {
        moments_free(&f);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu doubles", f.q);
    }
    for (size_t a = 0; a < f.q; a++) {
        size_t c = f.coef[a] - (size_t)m->intercept;
        varu[a] = rel ? (1.0 - rel[c]) * f.varx[a] : evar[c];
    }
    st = solve(m, &f, varu, out);
    free(varu);
    moments_free(&f);
    return st;
}

static const double default_levels[] = {1.0, 0.9, 0.8, 0.7};

lr_status lr_fixed_features_sensitivity(const lr_model *m, const double *levels, size_t nlevels,
                                        double *out, size_t len)
{
    lr__clear_error();
    if (!levels) {
        levels = default_levels;
        nlevels = 4;
    }
    if (nlevels == 0)
        return lr__fail(LR_ERR_INVALID_ARG, "no reliability levels given");
    lr_status st = check_common(m, out, len, m ? m->k * nlevels * m->p : 0);
    if (st != LR_OK)
        return st;
    for (size_t l = 0; l < nlevels; l++)
        if (!(levels[l] > 0 && levels[l] <= 1))
            return lr__fail(LR_ERR_INVALID_ARG,
                            "reliability level %zu is %g; it must lie in (0, 1]", l + 1,
                            levels[l]);
    ff_moments f;
    if ((st = moments(m, &f)) != LR_OK)
        return st;
    double *varu = lr__calloc(f.q + 1, sizeof(double));
    if (!varu) {
        moments_free(&f);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu doubles", f.q);
    }
    for (size_t i = 0; i < m->k * nlevels * m->p; i++)
        out[i] = NAN;
    for (size_t a = 0; a < f.q; a++) {
        size_t c = f.coef[a] - (size_t)m->intercept;
        for (size_t l = 0; l < nlevels; l++) {
            memset(varu, 0, f.q * sizeof(double));
            varu[a] = (1.0 - levels[l]) * f.varx[a];
            /* an impossible reliability (Sxx - Suu not positive definite)
             * leaves its row NaN; the rest of the table stands */
            if (solve(m, &f, varu, out + (c * nlevels + l) * m->p) == LR_ERR_UNDEFINED)
                lr__clear_error();
        }
    }
    free(varu);
    moments_free(&f);
    return LR_OK;
}

lr_status lr_fixed_features_note(const lr_model *m, const double *rel, char **text)
{
    lr__clear_error();
    if (!m || !text)
        return lr__fail(LR_ERR_INVALID_ARG, "model and text must not be NULL");
    *text = NULL;
    lr_strbuf sb = {0};
    if (!rel) {
        lr__sb_puts(&sb,
                    "Fixed features: cannot be tested from the data. Least squares assumes the "
                    "features are measured without error; the data alone cannot tell a noisy "
                    "measurement from a weak effect. If a feature is measured with error (a lab "
                    "value, a self-reported income, an estimated size), its weight is biased "
                    "toward zero by its reliability (the share of its variance that is not "
                    "measurement error) and the other weights are biased through their "
                    "correlation with it. What to do: find the reliability of each such feature "
                    "(repeated measurements, a validation study, the instrument's documented "
                    "test-retest correlation) and pass it to lr_fixed_features_correct, or read "
                    "lr_fixed_features_sensitivity to see how the weights would move if the "
                    "reliability were 0.9, 0.8 or 0.7.\n");
    } else {
        double *corr = lr__calloc(m->p, sizeof(double));
        if (!corr)
            return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu doubles", m->p);
        lr_status st = lr_fixed_features_correct(m, rel, NULL, corr, m->p);
        if (st != LR_OK) {
            free(corr);
            return st;
        }
        lr__sb_puts(&sb, "Fixed features: weights corrected for measurement error (regression "
                         "calibration, Fuller 1987) with the reliabilities given:\n");
        for (size_t j = 0; j < m->p; j++) {
            if (m->aliased[j])
                continue;
            char a[48], b[48];
            lr_format_grouped(a, sizeof a, m->coef[j], 5, -1);
            lr_format_grouped(b, sizeof b, corr[j], 5, -1);
            if (m->intercept && j == 0)
                lr__sb_append(&sb, "  %s: %s as fitted, %s corrected\n", m->names[j], a, b);
            else
                lr__sb_append(&sb, "  %s (reliability %.3g): %s as fitted, %s corrected\n",
                              m->names[j], rel[j - (size_t)m->intercept], a, b);
        }
        free(corr);
    }
    if (sb.failed) {
        lr__sb_free(&sb);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the note");
    }
    *text = sb.data;
    return LR_OK;
}
