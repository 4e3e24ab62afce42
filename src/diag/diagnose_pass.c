/* The row passes of the batch diagnostics (see diagnose_internal.h).
 *
 * Pass 1 takes each chunk of LR_CHUNK_ROWS used rows in blocks of
 * LR_DG_BLOCK. A block's design rows are packed column-wise (block row a
 * holds coordinate a of every row, so each step below is a loop over the
 * block's rows that the compiler vectorises), multiplied through the
 * model's factor once (z = Rs^-T D x~, the rows of the orthonormal basis
 * Q of the weighted design), and every statistic is read off z and the
 * residuals:
 *   leverage h = ||z||^2 and the influence measures (the back-substitution
 *     u = Rs^-1 z, needed only for DFBETAS, is skipped for blocks where no
 *     row has |DFFITS| >= 0.5: |dfbetas_ij| <= |dffits_i| by Cauchy-Schwarz,
 *     so no DFBETAS cut-off can be crossed there);
 *   Breusch-Pagan's Q'u, Breusch-Godfrey's Q'e and Q'e_lag, RESET's Q'Zp
 *     (a projection through the factor is a dot product with z);
 *   Gram matrices of [z | e] over row ranges (Goldfeld-Quandt segments,
 *     rainbow's central rows, Harvey-Collier's segment starts) and of the
 *     differenced rows z_t - z_t-1 (the exact moments of Durbin-Watson);
 *   residual moments, Durbin-Watson and Ljung-Box sums.
 * The chunks run on the cores through lr__parallel_chunks; this file
 * calls no BLAS (OpenBLAS serializes concurrent threaded calls; see
 * src/fit/parallel.c). Sums over a block are added plainly, blocks are
 * added with Neumaier's compensation where the single-test function uses
 * it, chunks in chunk order. */
#include "diagnose_internal.h"
#include "kernels.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define B LR_DG_BLOCK
/* Stride of the packed block rows: not a multiple of 4 KiB / 2 KiB, so
 * that a row's coordinates do not all fall into the same L1 sets. */
#define LD (B + 8)

static inline size_t row_of(const dg_pass *ps, size_t t) { return ps->idx ? ps->idx[t] : t; }

static inline double min_d(double a, double b) { return b < a ? b : a; }
static inline double max_d(double a, double b) { return b > a ? b : a; }

void lr__dg_chunk_range(const dg_pass *ps, size_t c, size_t *t0, size_t *t1)
{
    *t0 = c * LR_CHUNK_ROWS;
    if (*t0 > ps->n)
        *t0 = ps->n;
    *t1 = ps->n - *t0 < LR_CHUNK_ROWS ? ps->n : *t0 + LR_CHUNK_ROWS;
}

/* ------------------------------------------------------------ small kernels */

static inline double dot(const double *restrict x, const double *restrict y, size_t len)
{
    double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t b = 0;
    for (; b + 8 <= len; b += 8)
        for (int l = 0; l < 8; l++)
            acc[l] += x[b + l] * y[b + l];
    double s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (; b < len; b++)
        s += x[b] * y[b];
    return s;
}

/* out[i * 4 + c] += x_i . y_c for two vectors x and four y (a 2 x 4 tile
 * of a Gram matrix: 8 running sums in registers, 6 loads per 8
 * multiply-adds). */
static inline void tile24(const double *restrict x0, const double *restrict x1,
                          const double *restrict y0, const double *restrict y1,
                          const double *restrict y2, const double *restrict y3, size_t len,
                          double *out)
{
    double s[8][2] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}};
    size_t b = 0;
    for (; b + 2 <= len; b += 2)
        for (int l = 0; l < 2; l++) {
            const double u = x0[b + l], v = x1[b + l];
            const double p = y0[b + l], q = y1[b + l], r = y2[b + l], t = y3[b + l];
            s[0][l] += u * p;
            s[1][l] += u * q;
            s[2][l] += u * r;
            s[3][l] += u * t;
            s[4][l] += v * p;
            s[5][l] += v * q;
            s[6][l] += v * r;
            s[7][l] += v * t;
        }
    for (int i = 0; i < 8; i++)
        out[i] += s[i][0] + s[i][1];
    if (b < len) {
        out[0] += x0[b] * y0[b];
        out[1] += x0[b] * y1[b];
        out[2] += x0[b] * y2[b];
        out[3] += x0[b] * y3[b];
        out[4] += x1[b] * y0[b];
        out[5] += x1[b] * y1[b];
        out[6] += x1[b] * y2[b];
        out[7] += x1[b] * y3[b];
    }
}

static const double zero_row[LR_DG_BLOCK];

/* G (m x m, leading dimension m, upper triangle) += sum over block rows
 * [b0, b0 + len) of v v', v_a = row[a][b], in 2 x 4 tiles. */
static void gram_add(const double **row, size_t m, size_t b0, size_t len, double *G)
{
    for (size_t a = 0; a < m; a += 2) {
        const double *x0 = row[a] + b0, *x1 = a + 1 < m ? row[a + 1] + b0 : zero_row;
        for (size_t c = a; c < m; c += 4) {
            const double *y[4];
            for (size_t l = 0; l < 4; l++)
                y[l] = c + l < m ? row[c + l] + b0 : zero_row;
            double o[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            tile24(x0, x1, y[0], y[1], y[2], y[3], len, o);
            for (size_t l = 0; l < 4 && c + l < m; l++) {
                G[a + (c + l) * m] += o[l];
                if (a + 1 < m && a + 1 <= c + l)
                    G[a + 1 + (c + l) * m] += o[4 + l];
            }
        }
    }
}

/* out (na x nb, leading dimension na) += X'Y over block rows [0, len):
 * out[i + j na] += x_i . y_j, in 2 x 4 tiles. */
static void cross_add(const double **x, size_t na, const double **y, size_t nb, size_t len,
                      double *out)
{
    for (size_t a = 0; a < na; a += 2) {
        const double *x0 = x[a], *x1 = a + 1 < na ? x[a + 1] : zero_row;
        for (size_t c = 0; c < nb; c += 4) {
            const double *yy[4];
            for (size_t l = 0; l < 4; l++)
                yy[l] = c + l < nb ? y[c + l] : zero_row;
            double o[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            tile24(x0, x1, yy[0], yy[1], yy[2], yy[3], len, o);
            for (size_t l = 0; l < 4 && c + l < nb; l++) {
                out[a + (c + l) * na] += o[l];
                if (a + 1 < na)
                    out[a + 1 + (c + l) * na] += o[4 + l];
            }
        }
    }
}

/* Vector steps over a block row; restrict parameters let the compiler
 * vectorise them (it ignores restrict on local pointers). */
static inline void axpy_b(double *restrict y, const double *restrict x, double a)
{
    for (size_t b = 0; b < B; b++)
        y[b] -= a * x[b];
}

static inline void scale_b(double *restrict y, double a)
{
    for (size_t b = 0; b < B; b++)
        y[b] *= a;
}

static inline void sqr_add_b(double *restrict y, const double *restrict x)
{
    for (size_t b = 0; b < B; b++)
        y[b] += x[b] * x[b];
}

/* o = sw * sc * x for a contiguous column, zero beyond cnt. */
static inline void pack_col(double *restrict o, const double *restrict sw,
                            const double *restrict x, double sc, size_t cnt)
{
    for (size_t b = 0; b < cnt; b++)
        o[b] = sw[b] * sc * x[b];
}

/* d = z - z shifted by one (d[0] = z[0] - prev). */
static inline void diff_b(double *restrict d, const double *restrict z, double prev, size_t cnt)
{
    d[0] = z[0] - prev;
    for (size_t b = 1; b < cnt; b++)
        d[b] = z[b] - z[b - 1];
    for (size_t b = cnt; b < B; b++)
        d[b] = 0.0;
}

/* acc += (d shifted by one - d)^2 (the first with dprev). */
static inline void dd_sqr_add(double *restrict acc, const double *restrict d, double dprev,
                              size_t cnt)
{
    double x = dprev - d[0];
    acc[0] += x * x;
    for (size_t b = 1; b < cnt; b++) {
        const double y = d[b - 1] - d[b];
        acc[b] += y * y;
    }
}

/* z = Rs^-T z in place on a packed block (row a at z + a * LD). */
static void solve_rt(const double *R, size_t r, const double *rinv, double *z)
{
    for (size_t a = 0; a < r; a++) {
        double *za = z + a * LD;
        for (size_t c = 0; c < a; c++)
            axpy_b(za, z + c * LD, R[c + a * r]);
        scale_b(za, rinv[a]);
    }
}

/* u = Rs^-1 u in place on a packed block. */
static void solve_r(const double *R, size_t r, const double *rinv, double *u)
{
    for (size_t a = r; a-- > 0;) {
        double *ua = u + a * LD;
        for (size_t c = a + 1; c < r; c++)
            axpy_b(ua, u + c * LD, R[a + c * r]);
        scale_b(ua, rinv[a]);
    }
}

/* Packs used rows [t0, t0 + cnt) of the scaled weighted design into xs
 * (block row a = coordinate a), zero beyond cnt; rows[] and sw[] receive
 * each row's index and sqrt(w) (0 beyond cnt). */
static void pack_block(const dg_pass *ps, size_t t0, size_t cnt, double *xs, double *sw,
                       size_t *rows)
{
    const lr_model *m = ps->m;
    const int icpt = m->intercept;
    for (size_t b = 0; b < cnt; b++) {
        const size_t i = row_of(ps, t0 + b);
        rows[b] = i;
        sw[b] = m->w.data ? sqrt(lr__vec(&m->w, i)) : 1.0;
    }
    for (size_t b = cnt; b < B; b++)
        sw[b] = 0.0;
    const ptrdiff_t rs = m->X.row_stride;
    for (size_t a = 0; a < ps->r; a++) {
        const size_t j = m->keep[a];
        const double sc = m->rscale[a];
        double *o = xs + a * LD;
        if (icpt && j == 0) {
            for (size_t b = 0; b < cnt; b++)
                o[b] = sw[b] * sc;
        } else {
            const double *col = m->X.data + (ptrdiff_t)(j - (size_t)icpt) * m->X.col_stride;
            if (!ps->idx && rs == 1) {
                pack_col(o, sw, col + t0, sc, cnt);
            } else if (!ps->idx) {
                const double *x = col + (ptrdiff_t)t0 * rs;
                for (size_t b = 0; b < cnt; b++)
                    o[b] = sw[b] * sc * x[(ptrdiff_t)b * rs];
            } else {
                for (size_t b = 0; b < cnt; b++)
                    o[b] = sw[b] * sc * col[(ptrdiff_t)rows[b] * rs];
            }
        }
        for (size_t b = cnt; b < B; b++)
            o[b] = 0.0;
    }
}

void lr__dg_zrow(const dg_pass *ps, size_t t, double *z)
{
    const lr_model *m = ps->m;
    const size_t i = row_of(ps, t), r = ps->r;
    const double sw = m->w.data ? sqrt(lr__vec(&m->w, i)) : 1.0;
    for (size_t a = 0; a < r; a++) {
        const size_t j = m->keep[a];
        const double sc = m->rscale[a];
        z[a] = m->intercept && j == 0 ? sw * sc : sw * sc * lr__design(m, i, j);
    }
    for (size_t a = 0; a < r; a++) {
        double v = z[a];
        for (size_t c = 0; c < a; c++)
            v -= m->rfac[c + a * r] * z[c];
        z[a] = v * ps->rinv_diag[a];
    }
}

/* --------------------------------------------------------------- chunks */

lr_status lr__dg_chunks_alloc(const dg_pass *ps, dg_chunk **out)
{
    const size_t nc = ps->nchunks, r = ps->r, kk = ps->bg_order, q = ps->reset_q;
    dg_chunk *ch = lr__calloc(nc ? nc : 1, sizeof(dg_chunk));
    if (!ch)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu chunks", nc);
    *out = ch;
    for (size_t c = 0; c < nc; c++) {
        dg_chunk *k = &ch[c];
        k->fmin = INFINITY;
        k->fmax = -INFINITY;
        lr__summary_init(&k->summary);
        int bad = 0;
        if (ps->moments && ps->lb_lag)
            bad |= !(k->lb = lr__calloc(ps->lb_lag, sizeof(lr_ksum)));
        if (ps->bp)
            bad |= !(k->bp_g = lr__calloc(r, sizeof(double)));
        if (kk || q)
            bad |= !(k->qe = lr__calloc(r, sizeof(double)));
        if (kk) {
            bad |= !(k->bg = lr__calloc(r * kk, sizeof(double)));
            bad |= !(k->bg_k = lr__calloc(kk * kk + kk + 1, sizeof(lr_ksum)));
        }
        if (ps->dw_moments)
            bad |= !(k->h1 = lr__calloc(r * r, sizeof(double)));
        if (q)
            bad |= !(k->reset = lr__calloc(r * q + q * q + q, sizeof(double)));
        if (bad || (ps->infl && lr__outliers_init(&k->outliers, ps->outlier_max) != LR_OK)) {
            lr__dg_chunks_free(ps, ch);
            *out = NULL;
            return lr__fail(LR_ERR_NOMEM, "cannot allocate the diagnostics of %zu chunks", nc);
        }
    }
    return LR_OK;
}

void lr__dg_chunks_free(const dg_pass *ps, dg_chunk *ch)
{
    if (!ch)
        return;
    for (size_t c = 0; c < ps->nchunks; c++) {
        free(ch[c].lb);
        free(ch[c].bp_g);
        free(ch[c].qe);
        free(ch[c].bg);
        free(ch[c].bg_k);
        free(ch[c].h1);
        free(ch[c].reset);
        lr__outliers_free(&ch[c].outliers);
    }
    free(ch);
}

/* ---------------------------------------------------------------- pass 0 */

typedef struct {
    dg_pass *ps;
    dg_chunk *ch;
} job_ctx;

static void pass0_chunk(void *vctx, size_t c)
{
    job_ctx *jc = vctx;
    const dg_pass *ps = jc->ps;
    const lr_model *m = ps->m;
    dg_chunk *k = &jc->ch[c];
    size_t t0, t1;
    lr__dg_chunk_range(ps, c, &t0, &t1);
    double sf = 0.0, lo = INFINITY, hi = -INFINITY, npos = 0.0;
    for (size_t t = t0; t < t1; t++) {
        lr__ksum_add(&k->sum_e, ps->e[t]);
        if (ps->want_fitted_range) {
            const double f = m->fitted[row_of(ps, t)];
            sf += f;
            lo = min_d(lo, f);
            hi = max_d(hi, f);
        }
        if (ps->want_n_pos) {
            const size_t i = row_of(ps, t);
            for (size_t a = 0; a < ps->r; a++)
                if (lr__design(m, i, m->keep[a]) != 0.0) {
                    npos += 1.0;
                    break;
                }
        }
    }
    k->sum_f = sf;
    k->fmin = lo;
    k->fmax = hi;
    k->n_pos = npos;
    if (ps->bp) { /* bptest's sum(u^2) runs over every row, zero weights included */
        const size_t i0 = c * LR_CHUNK_ROWS;
        const size_t i1 = ps->nobs - i0 < LR_CHUNK_ROWS ? ps->nobs : i0 + LR_CHUNK_ROWS;
        const double s2 = ps->bp_sigma2;
        for (size_t i = i0; i < i1; i++) {
            const double e = m->resid[i];
            const double u = ps->bp_studentize ? e * e - s2 : e * e / s2 - 1.0;
            lr__ksum_add(&k->su2, u * u);
        }
    }
}

void lr__dg_pass0(dg_pass *ps, dg_chunk *ch)
{
    job_ctx jc = {ps, ch};
    lr__parallel_chunks(ps->nchunks, 0, pass0_chunk, &jc);
}

/* ---------------------------------------------------------------- pass 1 */

/* Work space of one chunk. */
typedef struct {
    double *z, *u, *d, *v[LR_INFL_SCALARS], *fs, *sw, *ev, *dl, *vbp, *lag, *zp, *tmp, *cross;
    size_t *rows;
    double *zprev, *dprev, *acc;
    double *mem;
} chunk_ws;

static int ws_alloc(const dg_pass *ps, chunk_ws *w)
{
    const size_t r = ps->r, kk = ps->bg_order, q = ps->reset_q;
    const size_t nd = 3 * r * LD + (LR_INFL_SCALARS + 6) * B + kk * B + q * B + 3 * r +
                      r * (kk + q + 2) + 64;
    memset(w, 0, sizeof *w);
    w->mem = malloc(nd * sizeof(double));
    w->rows = malloc(B * sizeof(size_t));
    if (!w->mem || !w->rows) {
        free(w->mem);
        free(w->rows);
        return -1;
    }
    double *p = w->mem;
    w->z = p, p += r * LD;
    w->u = p, p += r * LD;
    w->d = p, p += r * LD;
    for (int q2 = 0; q2 < LR_INFL_SCALARS; q2++)
        w->v[q2] = p, p += B;
    w->fs = p, p += B;
    w->sw = p, p += B;
    w->ev = p, p += B;
    w->dl = p, p += B;
    w->vbp = p, p += B;
    w->tmp = p, p += B;
    w->lag = p, p += kk * B;
    w->zp = p, p += q * B;
    w->zprev = p, p += r;
    w->dprev = p, p += r;
    w->cross = p, p += r * (kk + q + 2);
    w->acc = p;
    return 0;
}

static void ws_free(chunk_ws *w)
{
    free(w->mem);
    free(w->rows);
}

/* Residual moments, Durbin-Watson and Ljung-Box sums of a block. */
static void block_moments(const dg_pass *ps, dg_chunk *k, chunk_ws *w, size_t t0, size_t cnt)
{
    const double *e = ps->e, mean = ps->mean_e;
    double *dl = w->dl;
    double s2 = 0, s3 = 0, s4 = 0, num = 0, den = 0;
    for (size_t b = 0; b < cnt; b++) {
        const double d = w->ev[b] - mean, d2 = d * d;
        dl[b] = d;
        s2 += d2;
        s3 += d2 * d;
        s4 += d2 * d2;
        den += w->ev[b] * w->ev[b];
    }
    for (size_t b = t0 == 0 ? 1 : 0; b < cnt; b++) {
        const double d = e[t0 + b] - e[t0 + b - 1];
        num += d * d;
    }
    lr__ksum_add(&k->s2, s2);
    lr__ksum_add(&k->s3, s3);
    lr__ksum_add(&k->s4, s4);
    lr__ksum_add(&k->dw_num, num);
    lr__ksum_add(&k->dw_den, den);
    for (size_t lag = 1; lag <= ps->lb_lag; lag++) {
        if (t0 + lag >= ps->n)
            break;
        size_t len = ps->n - t0 - lag < cnt ? ps->n - t0 - lag : cnt;
        double s = 0;
        const double *ahead = e + t0 + lag;
        for (size_t b = 0; b < len; b++)
            s += dl[b] * (ahead[b] - mean);
        lr__ksum_add(&k->lb[lag - 1], s);
    }
}

/* Breusch-Pagan, Breusch-Godfrey and RESET cross products of a block:
 * Z'V for V = [BP's sqrt(w) u | e | lagged e | powers of the fitted
 * values] in one tiled product, and the small V'V sums. */
static void block_aux(const dg_pass *ps, dg_chunk *k, chunk_ws *w, size_t t0, size_t cnt)
{
    const lr_model *m = ps->m;
    const size_t r = ps->r, kk = ps->bg_order, q = ps->reset_q;
    const double *v[LR_DG_BLOCK];
    size_t nv = 0, iv_bp = 0, iv_e = 0, iv_lag = 0, iv_zp = 0;
    if (ps->bp) {
        const double s2 = ps->bp_sigma2;
        for (size_t b = 0; b < cnt; b++) {
            const double e = m->resid[w->rows[b]];
            const double u = ps->bp_studentize ? e * e - s2 : e * e / s2 - 1.0;
            w->vbp[b] = w->sw[b] * u;
        }
        iv_bp = nv;
        v[nv++] = w->vbp;
    }
    if (kk || q) {
        iv_e = nv;
        v[nv++] = w->ev;
    }
    if (kk) {
        iv_lag = nv;
        for (size_t j = 1; j <= kk; j++) {
            double *l = w->lag + (j - 1) * B;
            for (size_t b = 0; b < cnt; b++)
                l[b] = t0 + b >= j ? ps->e[t0 + b - j] : ps->bg_fill;
            v[nv++] = l;
        }
    }
    if (q) {
        const double center = ps->reset_center, scale = ps->reset_scale;
        for (size_t b = 0; b < cnt; b++) {
            const double f = (m->fitted[w->rows[b]] - center) / scale;
            double pw = f;
            for (size_t t = 0; t < q; t++) {
                pw *= f;
                w->zp[b + t * B] = w->sw[b] * pw;
            }
        }
        iv_zp = nv;
        for (size_t t = 0; t < q; t++)
            v[nv++] = w->zp + t * B;
    }
    if (nv == 0)
        return;
    const double *zr[LR_DG_BLOCK];
    for (size_t a = 0; a < r; a++)
        zr[a] = w->z + a * LD;
    double *zv = w->cross;
    memset(zv, 0, r * nv * sizeof(double));
    cross_add(zr, r, v, nv, cnt, zv);
    if (ps->bp)
        for (size_t a = 0; a < r; a++)
            k->bp_g[a] += zv[a + iv_bp * r];
    if (kk || q)
        for (size_t a = 0; a < r; a++)
            k->qe[a] += zv[a + iv_e * r];
    if (kk) {
        for (size_t j = 0; j < kk; j++)
            for (size_t a = 0; a < r; a++)
                k->bg[a + j * r] += zv[a + (iv_lag + j) * r];
        lr_ksum *zz = k->bg_k, *ze = zz + kk * kk, *ee = ze + kk;
        for (size_t j = 0; j < kk; j++) {
            const double *lj = w->lag + j * B;
            for (size_t i = 0; i <= j; i++)
                lr__ksum_add(&zz[i + j * kk], dot(w->lag + i * B, lj, cnt));
            lr__ksum_add(&ze[j], dot(lj, w->ev, cnt));
        }
        lr__ksum_add(ee, dot(w->ev, w->ev, cnt));
    }
    if (q) {
        double *C = k->reset, *P = C + r * q, *Pe = P + q * q;
        for (size_t t = 0; t < q; t++) {
            const double *zt = w->zp + t * B;
            for (size_t a = 0; a < r; a++)
                C[a + t * r] += zv[a + (iv_zp + t) * r];
            for (size_t s2 = 0; s2 <= t; s2++)
                P[s2 + t * q] += dot(w->zp + s2 * B, zt, cnt);
            Pe[t] += dot(zt, w->ev, cnt);
        }
    }
}

/* Gram matrices of [z | e] over the pieces the block overlaps. */
static void block_pieces(const dg_pass *ps, chunk_ws *w, size_t t0, size_t cnt, size_t *piece)
{
    const size_t r = ps->r, m = r + 1;
    const double *rows[LR_DG_BLOCK]; /* r + 1 <= block size is checked by the caller */
    for (size_t a = 0; a < r; a++)
        rows[a] = w->z + a * LD;
    rows[r] = w->ev;
    size_t b = 0;
    while (b < cnt) {
        while (ps->piece_start[*piece + 1] <= t0 + b)
            (*piece)++;
        size_t end = ps->piece_start[*piece + 1] - t0;
        if (end > cnt)
            end = cnt;
        gram_add(rows, m, b, end - b, ps->pieces + *piece * m * m);
        b = end;
    }
}

/* Differenced rows d_t = z_t - z_t-1 (d_0 = 0): their Gram matrix H1 and
 * the trace of H2 = (A Z)'(A Z), (A Z)_t = d_t - d_t+1 with d_n = 0. */
static void block_dw(const dg_pass *ps, dg_chunk *k, chunk_ws *w, size_t t0, size_t cnt)
{
    const size_t r = ps->r;
    if (t0 == 0)
        for (size_t a = 0; a < r; a++)
            w->zprev[a] = w->z[a * LD]; /* so that d_0 = 0 */
    double *acc = w->tmp;
    for (size_t b = 0; b < B; b++)
        acc[b] = 0.0;
    for (size_t a = 0; a < r; a++) {
        const double *za = w->z + a * LD;
        double *da = w->d + a * LD;
        diff_b(da, za, w->zprev[a], cnt);
        /* term of row t0 + b (>= 1): ||d_t-1 - d_t||^2 */
        dd_sqr_add(acc, da, w->dprev[a], cnt);
        w->zprev[a] = za[cnt - 1];
        w->dprev[a] = da[cnt - 1];
    }
    double tr2 = 0.0;
    for (size_t b = t0 == 0 ? 1 : 0; b < cnt; b++)
        tr2 += acc[b];
    k->tr2 += tr2;
    const double *rows[LR_DG_BLOCK];
    for (size_t a = 0; a < r; a++)
        rows[a] = w->d + a * LD;
    gram_add(rows, r, 0, cnt, k->h1);
}

/* Influence measures, flags, summary and outlier candidates of a block. */
static void block_influence(const dg_pass *ps, dg_chunk *k, chunk_ws *w, size_t cnt)
{
    const lr_model *m = ps->m;
    const size_t r = ps->r, p = ps->p;
    const double *h = w->tmp; /* raw leverages */
    int need_u = ps->keep && (ps->keep[LR_INFL_DFBETA] || ps->keep[LR_INFL_DFBETAS]);
    for (size_t b = 0; b < cnt; b++) {
        double v[LR_INFL_SCALARS];
        w->fs[b] = lr__infl_row(&ps->ic, h[b], w->ev[b], v);
        for (int q = 0; q < LR_INFL_SCALARS; q++)
            w->v[q][b] = v[q];
        need_u |= !(fabs(v[LR_INFL_DFFITS]) < 0.5);
    }
    if (need_u) {
        memcpy(w->u, w->z, r * LD * sizeof(double));
        solve_r(m->rfac, r, ps->rinv_diag, w->u);
    }
    double *const *keep = ps->keep;
    for (size_t b = 0; b < cnt; b++) {
        const size_t i = w->rows[b];
        double v[LR_INFL_SCALARS];
        for (int q = 0; q < LR_INFL_SCALARS; q++)
            v[q] = w->v[q][b];
        const double fs = w->fs[b];
        int over = 0;
        if (need_u) {
            for (size_t a = 0; a < r; a++)
                over |= fabs(w->u[a * LD + b] * ps->inv_sd[a] * fs) > 1.0;
            if (!isfinite(fs))
                over = 0;
        }
        const unsigned char f = ps->infl_flags ? lr__infl_flags(&ps->ic, v, over) : 0;
        /* summary and outlier candidates */
        lr_influence_summary *s = &k->summary;
        const double hh = v[LR_INFL_HAT], cd = v[LR_INFL_COOKS_D];
        if (!isnan(hh) && (s->max_hat_row == SIZE_MAX || hh > s->max_hat)) {
            s->max_hat = hh;
            s->max_hat_row = i;
        }
        if (!isnan(cd) && (s->max_cooks_d_row == SIZE_MAX || cd > s->max_cooks_d)) {
            s->max_cooks_d = cd;
            s->max_cooks_d_row = i;
        }
        if (f)
            s->n_flagged++;
        for (int bit = 0; bit < 5; bit++)
            if (f & (1u << bit))
                s->n_flagged_by[bit]++;
        lr__outliers_add(&k->outliers, v[LR_INFL_RSTUDENT], i);
        if (!keep)
            continue;
        for (int q = 0; q < LR_INFL_SCALARS; q++)
            if (keep[q])
                keep[q][i] = v[q];
        if (ps->keep_flags)
            ps->keep_flags[i] = f;
        const double hv = v[LR_INFL_HAT], e = w->ev[b];
        if (keep[LR_INFL_DFBETA]) {
            double *d = keep[LR_INFL_DFBETA] + i * p;
            const double fac = hv == 1.0 ? 0.0 : e / (1.0 - hv);
            if (r < p)
                for (size_t j = 0; j < p; j++)
                    d[j] = NAN;
            for (size_t a = 0; a < r; a++)
                d[m->keep[a]] = w->u[a * LD + b] * m->rscale[a] * fac;
        }
        if (keep[LR_INFL_DFBETAS]) {
            double *d = keep[LR_INFL_DFBETAS] + i * p;
            if (r < p)
                for (size_t j = 0; j < p; j++)
                    d[j] = NAN;
            for (size_t a = 0; a < r; a++) {
                const double x = w->u[a * LD + b] * ps->inv_sd[a] * fs;
                d[m->keep[a]] = isfinite(fs) ? x : lr__finite_or_nan(x);
            }
        }
    }
}

static void pass1_chunk(const dg_pass *ps, dg_chunk *k, size_t c)
{
    size_t t_begin, t_end;
    lr__dg_chunk_range(ps, c, &t_begin, &t_end);
    if (t_begin >= t_end)
        return;
    chunk_ws w;
    if (ws_alloc(ps, &w) != 0) {
        k->st = LR_ERR_NOMEM;
        snprintf(k->msg, sizeof k->msg, "cannot allocate the work space of a chunk");
        return;
    }
    const size_t r = ps->r;
    if (ps->dw_moments) {
        memset(w.dprev, 0, r * sizeof(double));
        if (t_begin >= 1) {
            lr__dg_zrow(ps, t_begin - 1, w.zprev);
            if (t_begin >= 2) {
                lr__dg_zrow(ps, t_begin - 2, w.dprev);
                for (size_t a = 0; a < r; a++)
                    w.dprev[a] = w.zprev[a] - w.dprev[a];
            }
        }
    }
    size_t piece = 0;
    if (ps->npieces)
        while (ps->piece_start[piece + 1] <= t_begin)
            piece++;
    for (size_t t0 = t_begin; t0 < t_end; t0 += B) {
        const size_t cnt = t_end - t0 < B ? t_end - t0 : B;
        pack_block(ps, t0, cnt, w.z, w.sw, w.rows);
        solve_rt(ps->m->rfac, r, ps->rinv_diag, w.z);
        for (size_t b = 0; b < cnt; b++)
            w.ev[b] = ps->e[t0 + b];
        for (size_t b = cnt; b < B; b++)
            w.ev[b] = 0.0;
        if (ps->moments)
            block_moments(ps, k, &w, t0, cnt);
        block_aux(ps, k, &w, t0, cnt);
        if (ps->npieces)
            block_pieces(ps, &w, t0, cnt, &piece);
        if (ps->dw_moments)
            block_dw(ps, k, &w, t0, cnt);
        if (ps->infl) {
            double *h = w.tmp;
            for (size_t b = 0; b < B; b++)
                h[b] = 0.0;
            for (size_t a = 0; a < r; a++)
                sqr_add_b(h, w.z + a * LD);
            block_influence(ps, k, &w, cnt);
        }
    }
    if (ps->dw_moments && t_end == ps->n) {
        double x = 0.0; /* the last row's term ||d_n-1||^2 */
        for (size_t a = 0; a < r; a++)
            x += w.dprev[a] * w.dprev[a];
        k->tr2 += x;
    }
    ws_free(&w);
}

static void sort_job(dg_pass *ps)
{
    memcpy(ps->sorted, ps->e, ps->n * sizeof(double));
    ps->sort_st = lr__sort_doubles(ps->sorted, ps->n);
    if (ps->sort_st != LR_OK)
        snprintf(ps->sort_msg, sizeof ps->sort_msg, "%s", lr_last_error());
}

static void pass1_job(void *vctx, size_t j)
{
    job_ctx *jc = vctx;
    if (jc->ps->sorted) {
        if (j == 0) {
            sort_job(jc->ps);
            return;
        }
        j--;
    }
    pass1_chunk(jc->ps, &jc->ch[j], j);
}

void lr__dg_pass1(dg_pass *ps, dg_chunk *ch)
{
    job_ctx jc = {ps, ch};
    lr__parallel_chunks(ps->nchunks + (ps->sorted ? 1 : 0), 0, pass1_job, &jc);
}

void lr__dg_gram_range(const dg_pass *ps, size_t from, size_t to, double *g)
{
    const size_t m = ps->r + 1;
    memset(g, 0, m * m * sizeof(double));
    for (size_t k = 0; k < ps->npieces; k++) {
        if (ps->piece_start[k] < from || ps->piece_start[k] >= to)
            continue;
        const double *p = ps->pieces + k * m * m;
        for (size_t j = 0; j < m; j++)
            for (size_t i = 0; i <= j; i++)
                g[i + j * m] += p[i + j * m];
    }
}

