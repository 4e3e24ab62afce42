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

static inline size_t row_of(const dg_pass *ps, size_t t) { return ps->idx ? ps->idx[t] : t; }

static inline double min_d(double a, double b) { return b < a ? b : a; }
static inline double max_d(double a, double b) { return b > a ? b : a; }

/* Used rows of chunk c: [*t0, *t1). */
static void chunk_range(const dg_pass *ps, size_t c, size_t *t0, size_t *t1)
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

/* out[c] = x . y_c for four vectors y_c (one pass over x). */
static inline void dot4(const double *restrict x, const double *restrict y0,
                        const double *restrict y1, const double *restrict y2,
                        const double *restrict y3, size_t len, double *out)
{
    double a0[4] = {0, 0, 0, 0}, a1[4] = {0, 0, 0, 0}, a2[4] = {0, 0, 0, 0}, a3[4] = {0, 0, 0, 0};
    size_t b = 0;
    for (; b + 4 <= len; b += 4)
        for (int l = 0; l < 4; l++) {
            const double v = x[b + l];
            a0[l] += v * y0[b + l];
            a1[l] += v * y1[b + l];
            a2[l] += v * y2[b + l];
            a3[l] += v * y3[b + l];
        }
    double s0 = (a0[0] + a0[1]) + (a0[2] + a0[3]), s1 = (a1[0] + a1[1]) + (a1[2] + a1[3]);
    double s2 = (a2[0] + a2[1]) + (a2[2] + a2[3]), s3 = (a3[0] + a3[1]) + (a3[2] + a3[3]);
    for (; b < len; b++) {
        s0 += x[b] * y0[b];
        s1 += x[b] * y1[b];
        s2 += x[b] * y2[b];
        s3 += x[b] * y3[b];
    }
    out[0] += s0;
    out[1] += s1;
    out[2] += s2;
    out[3] += s3;
}

/* G (m x m, leading dimension m, upper triangle) += sum over block rows
 * [b0, b0 + len) of v v', v_a = row[a][b]. */
static void gram_add(const double *const *row, size_t m, size_t b0, size_t len, double *G)
{
    for (size_t a = 0; a < m; a++) {
        const double *x = row[a] + b0;
        size_t c = a;
        for (; c + 4 <= m; c += 4) {
            double s[4] = {0, 0, 0, 0};
            dot4(x, row[c] + b0, row[c + 1] + b0, row[c + 2] + b0, row[c + 3] + b0, len, s);
            for (int l = 0; l < 4; l++)
                G[a + (c + (size_t)l) * m] += s[l];
        }
        for (; c < m; c++)
            G[a + c * m] += dot(x, row[c] + b0, len);
    }
}

/* z = Rs^-T z in place on a packed block (row a at z + a * B). */
static void solve_rt(const double *R, size_t r, const double *rinv, double *z)
{
    for (size_t a = 0; a < r; a++) {
        double *restrict za = z + a * B;
        for (size_t c = 0; c < a; c++) {
            const double rc = R[c + a * r];
            const double *restrict zc = z + c * B;
            for (size_t b = 0; b < B; b++)
                za[b] -= rc * zc[b];
        }
        const double iv = rinv[a];
        for (size_t b = 0; b < B; b++)
            za[b] *= iv;
    }
}

/* u = Rs^-1 u in place on a packed block. */
static void solve_r(const double *R, size_t r, const double *rinv, double *u)
{
    for (size_t a = r; a-- > 0;) {
        double *restrict ua = u + a * B;
        for (size_t c = a + 1; c < r; c++) {
            const double rc = R[a + c * r];
            const double *restrict uc = u + c * B;
            for (size_t b = 0; b < B; b++)
                ua[b] -= rc * uc[b];
        }
        const double iv = rinv[a];
        for (size_t b = 0; b < B; b++)
            ua[b] *= iv;
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
        double *o = xs + a * B;
        if (icpt && j == 0) {
            for (size_t b = 0; b < cnt; b++)
                o[b] = sw[b] * sc;
        } else {
            const double *col = m->X.data + (ptrdiff_t)(j - (size_t)icpt) * m->X.col_stride;
            if (!ps->idx) {
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
        if (kk) {
            bad |= !(k->bg = lr__calloc(r + r * kk, sizeof(double)));
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
    chunk_range(ps, c, &t0, &t1);
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
    double *z, *u, *d, *v[LR_INFL_SCALARS], *fs, *sw, *ev, *dl, *vbp, *lag, *zp, *tmp;
    size_t *rows;
    double *zprev, *dprev, *acc;
    double *mem;
} chunk_ws;

static int ws_alloc(const dg_pass *ps, chunk_ws *w)
{
    const size_t r = ps->r, kk = ps->bg_order, q = ps->reset_q;
    const size_t nd = 3 * r * B + (LR_INFL_SCALARS + 6) * B + kk * B + q * B + 3 * r + 64;
    memset(w, 0, sizeof *w);
    w->mem = malloc(nd * sizeof(double));
    w->rows = malloc(B * sizeof(size_t));
    if (!w->mem || !w->rows) {
        free(w->mem);
        free(w->rows);
        return -1;
    }
    double *p = w->mem;
    w->z = p, p += r * B;
    w->u = p, p += r * B;
    w->d = p, p += r * B;
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

/* Breusch-Pagan, Breusch-Godfrey and RESET cross products of a block. */
static void block_aux(const dg_pass *ps, dg_chunk *k, chunk_ws *w, size_t t0, size_t cnt)
{
    const lr_model *m = ps->m;
    const size_t r = ps->r, kk = ps->bg_order, q = ps->reset_q;
    if (ps->bp) {
        const double s2 = ps->bp_sigma2;
        for (size_t b = 0; b < cnt; b++) {
            const double e = m->resid[w->rows[b]];
            const double u = ps->bp_studentize ? e * e - s2 : e * e / s2 - 1.0;
            w->vbp[b] = w->sw[b] * u;
        }
        for (size_t a = 0; a < r; a++)
            k->bp_g[a] += dot(w->z + a * B, w->vbp, cnt);
    }
    if (kk) {
        for (size_t j = 1; j <= kk; j++) {
            double *l = w->lag + (j - 1) * B;
            for (size_t b = 0; b < cnt; b++)
                l[b] = t0 + b >= j ? ps->e[t0 + b - j] : ps->bg_fill;
        }
        for (size_t a = 0; a < r; a++) {
            const double *za = w->z + a * B;
            k->bg[a] += dot(za, w->ev, cnt);
            for (size_t j = 0; j < kk; j++)
                k->bg[r + a + j * r] += dot(za, w->lag + j * B, cnt);
        }
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
        const double center = ps->reset_center, scale = ps->reset_scale;
        for (size_t b = 0; b < cnt; b++) {
            const double f = (m->fitted[w->rows[b]] - center) / scale;
            double pw = f;
            for (size_t t = 0; t < q; t++) {
                pw *= f;
                w->zp[b + t * B] = w->sw[b] * pw;
            }
        }
        double *C = k->reset, *P = C + r * q, *Pe = P + q * q;
        for (size_t t = 0; t < q; t++) {
            const double *zt = w->zp + t * B;
            for (size_t a = 0; a < r; a++)
                C[a + t * r] += dot(w->z + a * B, zt, cnt);
            for (size_t s = 0; s <= t; s++)
                P[s + t * q] += dot(w->zp + s * B, zt, cnt);
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
        rows[a] = w->z + a * B;
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
            w->zprev[a] = w->z[a * B]; /* so that d_0 = 0 */
    double *acc = w->tmp;
    for (size_t b = 0; b < B; b++)
        acc[b] = 0.0;
    for (size_t a = 0; a < r; a++) {
        const double *za = w->z + a * B;
        double *da = w->d + a * B;
        da[0] = za[0] - w->zprev[a];
        for (size_t b = 1; b < cnt; b++)
            da[b] = za[b] - za[b - 1];
        for (size_t b = cnt; b < B; b++)
            da[b] = 0.0;
        /* term of row t0 + b (>= 1): ||d_t-1 - d_t||^2 */
        double x = w->dprev[a] - da[0];
        acc[0] += x * x;
        for (size_t b = 1; b < cnt; b++) {
            x = da[b - 1] - da[b];
            acc[b] += x * x;
        }
        w->zprev[a] = za[cnt - 1];
        w->dprev[a] = da[cnt - 1];
    }
    double tr2 = 0.0;
    for (size_t b = t0 == 0 ? 1 : 0; b < cnt; b++)
        tr2 += acc[b];
    k->tr2 += tr2;
    const double *rows[LR_DG_BLOCK];
    for (size_t a = 0; a < r; a++)
        rows[a] = w->d + a * B;
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
        memcpy(w->u, w->z, r * B * sizeof(double));
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
                over |= fabs(w->u[a * B + b] * ps->inv_sd[a] * fs) > 1.0;
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
                d[m->keep[a]] = w->u[a * B + b] * m->rscale[a] * fac;
        }
        if (keep[LR_INFL_DFBETAS]) {
            double *d = keep[LR_INFL_DFBETAS] + i * p;
            if (r < p)
                for (size_t j = 0; j < p; j++)
                    d[j] = NAN;
            for (size_t a = 0; a < r; a++) {
                const double x = w->u[a * B + b] * ps->inv_sd[a] * fs;
                d[m->keep[a]] = isfinite(fs) ? x : lr__finite_or_nan(x);
            }
        }
    }
}

static void pass1_chunk(const dg_pass *ps, dg_chunk *k, size_t c)
{
    size_t t_begin, t_end;
    chunk_range(ps, c, &t_begin, &t_end);
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
            for (size_t a = 0; a < r; a++) {
                const double *za = w.z + a * B;
                for (size_t b = 0; b < B; b++)
                    h[b] += za[b] * za[b];
            }
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

/* ------------------------------------------------- Anderson-Darling sum */

typedef struct {
    const dg_pass *ps;
    double mean, sd;
    double *part;
} ad_ctx;

static void ad_job(void *vctx, size_t c)
{
    ad_ctx *a = vctx;
    size_t t0, t1;
    chunk_range(a->ps, c, &t0, &t1);
    a->part[c] = t1 > t0 ? lr__ad_partial(a->ps->sorted, t0, t1 - t0, a->ps->n, a->mean, a->sd)
                         : 0.0;
}

double lr__dg_ad_sum(const dg_pass *ps, double mean, double sd)
{
    double part[64], *pp = ps->nchunks <= 64 ? part : lr__calloc(ps->nchunks, sizeof(double));
    if (!pp)
        return NAN;
    ad_ctx a = {ps, mean, sd, pp};
    lr__parallel_chunks(ps->nchunks, 0, ad_job, &a);
    lr_ksum s = {0, 0};
    for (size_t c = 0; c < ps->nchunks; c++)
        lr__ksum_add(&s, pp[c]);
    if (pp != part)
        free(pp);
    return lr__ksum_value(&s);
}
