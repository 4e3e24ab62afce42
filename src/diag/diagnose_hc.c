/* Harvey-Collier for the batch diagnostics: the recursive residuals in
 * segments, on the cores (see diagnose_internal.h).
 *
 * The recursive residual of row t depends on the rows before it only
 * through their triangular factor. Pass 1 left the Gram matrix of the
 * rows' coordinates [z | e] over each segment of LR_DG_HC_SEGMENT rows;
 * summed, they give for every segment start the factor of all earlier rows
 * (Cholesky of a Gram matrix in the orthonormal coordinates, where it is
 * well conditioned, mapped back to the scaled design [x~ D | y] through
 * the model's factor: [x~ D | y] = [z | e] [[Rs, Rs b], [0, 1]]). Each
 * segment then runs lr_harvey_collier_test's row-by-row update
 * (Gentleman's square-root-free rotations, same arithmetic) from its own
 * start; the first segment starts empty exactly as that function does.
 * One thread advances eight segments at once as the lanes of vector
 * operations (the update is a chain of divisions and short row updates;
 * one segment at a time leaves the core mostly waiting). Segment sums are
 * combined in order. A start factor with a pivot below 1e-4 of its
 * column's norm (a design whose early rows do not determine a direction)
 * is not trusted: the caller then runs the sequential function. */
#include "../fit/ddouble.h"
#include "diagnose_internal.h"
#include "kernels.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HC_LANES 8
#define HC_PIVOT_TOL2 1e-8
#define HC_AUX_RANK_TOL 1e-7 /* lr_harvey_collier_test's test of the first k rows */

typedef struct {
    size_t t0, t1;         /* used rows of the segment */
    double *D, *U, *theta; /* Gentleman state: r, r x r (rows), r */
    double count, mean, m2;
    lr_dd sum;
    int failed;            /* the first segment: first k rows rank deficient */
} hc_seg;

/* Rows of one segment, packed HC_BLK at a time column by column
 * (x[a * HC_LD + b] = sqrt(w) rscale_a x_ab, the values
 * lr__pack_rows gives), skipping rows with weight 0. */
typedef struct {
    const dg_pass *ps;
    size_t next, end;      /* row indices still to pack: [next, end) */
    double *xb, *sw, *yb;  /* r x HC_BLK, HC_BLK, HC_BLK */
    size_t have, pos;
} hc_rows;

#define HC_BLK 512
#define HC_LD (HC_BLK + 8) /* column stride: not a multiple of 4 KiB (L1 set aliasing) */
#define HC_ROWS_MEM(r) ((r) * HC_LD + 2 * HC_BLK)

static inline void scale_col(double *restrict o, const double *restrict sw,
                             const double *restrict x, double sc, size_t cnt)
{
    for (size_t b = 0; b < cnt; b++)
        o[b] = sw[b] * sc * x[b];
}

static void hc_pack(const lr_model *m, size_t r, size_t first, size_t cnt, double *xb, double *sw,
                    double *yb)
{
    const int icpt = m->intercept;
    if (m->w.data)
        for (size_t b = 0; b < cnt; b++) {
            const double w = lr__vec(&m->w, first + b);
            sw[b] = w == 0.0 ? 0.0 : sqrt(w);
        }
    else
        for (size_t b = 0; b < cnt; b++)
            sw[b] = 1.0;
    const ptrdiff_t rs = m->X.row_stride;
    for (size_t a = 0; a < r; a++) {
        const size_t j = m->keep[a];
        const double sc = m->rscale[a];
        double *o = xb + a * HC_LD;
        if (icpt && j == 0) {
            for (size_t b = 0; b < cnt; b++)
                o[b] = sw[b] * sc;
            continue;
        }
        const double *x = m->X.data + (ptrdiff_t)(j - (size_t)icpt) * m->X.col_stride +
                          (ptrdiff_t)first * rs;
        if (rs == 1)
            scale_col(o, sw, x, sc, cnt);
        else
            for (size_t b = 0; b < cnt; b++)
                o[b] = sw[b] * sc * x[(ptrdiff_t)b * rs];
    }
    for (size_t b = 0; b < cnt; b++)
        yb[b] = sw[b] * lr__vec(&m->y, first + b);
}

/* The next row into x[a * stride] (a < r) and *y; 0 at the end. */
static int rows_next(hc_rows *it, double *x, size_t stride, double *y)
{
    const size_t r = it->ps->r;
    for (;;) {
        while (it->pos < it->have) {
            const size_t b = it->pos++;
            if (it->sw[b] == 0.0)
                continue;
            for (size_t a = 0; a < r; a++)
                x[a * stride] = it->xb[a * HC_LD + b];
            *y = it->yb[b];
            return 1;
        }
        if (it->next >= it->end)
            return 0;
        const size_t cnt = it->end - it->next < HC_BLK ? it->end - it->next : HC_BLK;
        hc_pack(it->ps->m, r, it->next, cnt, it->xb, it->sw, it->yb);
        it->next += cnt;
        it->have = cnt;
        it->pos = 0;
    }
}


/* The same update for HC_LANES rows of independent segments whose factors
 * have positive pivots, the segments as vector lanes: the state is stored
 * lane-innermost (D[a * L + k], U[(a * r + j) * L + k], theta[a * L + k],
 * the rows x[a * L + k]), so each step below is a short loop over the
 * lanes the compiler vectorises. Per lane it is the arithmetic of
 * lr__gentleman_add, except that a zero x_a is rotated with sbar = 0 and cbar
 * equal to 1 within an ulp instead of being skipped (a lane fed a zero row
 * changes nothing beyond that rounding). */
static inline void rot_lanes(double *restrict row, double *restrict xj, const double *restrict cb,
                             const double *restrict sb, const double *restrict xa)
{
    for (int k = 0; k < HC_LANES; k++) {
        const double v = xj[k];
        xj[k] = v - xa[k] * row[k];
        row[k] = cb[k] * row[k] + sb[k] * v;
    }
}

/* One rotation's cbar, sbar for every lane (branch-free, so it
 * vectorises: for x_a = 0 it gives sbar = 0 and cbar = d (1 / d), 1 to
 * within an ulp, where the single-row update skips the rotation). */
static inline void rot_setup(double *restrict D, const double *restrict x, double *restrict w,
                             double *restrict cb, double *restrict sb, double *restrict xa)
{
    for (int k = 0; k < HC_LANES; k++) {
        xa[k] = x[k];
        const double d = D[k], wx = w[k] * xa[k], dn = d + wx * xa[k], inv = 1.0 / dn;
        cb[k] = d * inv;
        sb[k] = wx * inv;
        w[k] *= cb[k];
        D[k] = dn;
    }
}

static void gentleman_lanes(double *D, double *U, double *theta, size_t r, double *x, double *y,
                            double *out)
{
    double w[HC_LANES];
    for (int k = 0; k < HC_LANES; k++)
        w[k] = 1.0;
    for (size_t a = 0; a < r; a++) {
        double cb[HC_LANES], sb[HC_LANES], xa[HC_LANES];
        double *Da = D + a * HC_LANES;
        rot_setup(Da, x + a * HC_LANES, w, cb, sb, xa);
        for (size_t j = a + 1; j < r; j++)
            rot_lanes(U + (a * r + j) * HC_LANES, x + j * HC_LANES, cb, sb, xa);
        rot_lanes(theta + a * HC_LANES, y, cb, sb, xa); /* y -= x_a theta_a; theta_a rotated */
    }
    for (int k = 0; k < HC_LANES; k++)
        out[k] = y[k] * sqrt(w[k]);
}

static void seg_add(hc_seg *s, double w)
{
    s->sum = lr_dd_add_d(s->sum, w);
    s->count += 1.0;
    const double d = w - s->mean;
    s->mean += d / s->count;
    s->m2 += d * (w - s->mean);
}

typedef struct {
    const dg_pass *ps;
    hc_seg *seg;
    size_t nseg, njobs;
    int *nomem;            /* per job: its work space could not be allocated */
} hc_ctx;

static void rows_init(hc_rows *it, const dg_pass *ps, const hc_seg *s, double *buf)
{
    memset(it, 0, sizeof *it);
    it->ps = ps;
    it->next = ps->idx ? ps->idx[s->t0] : s->t0;
    it->end = (ps->idx ? ps->idx[s->t1 - 1] : s->t1 - 1) + 1;
    it->xb = buf;
    it->sw = buf + ps->r * HC_LD;
    it->yb = it->sw + HC_BLK;
}

/* The first segment, from an empty factor, exactly as the single test. */
static void first_segment(const dg_pass *ps, hc_seg *s, double *buf)
{
    const size_t r = ps->r;
    hc_rows it;
    rows_init(&it, ps, s, buf);
    double *cn2 = lr__calloc(2 * r, sizeof(double));
    if (!cn2) {
        s->failed = 1;
        return;
    }
    size_t seen = 0;
    double *x = cn2 + r, y;
    while (rows_next(&it, x, 1, &y)) {
        if (seen < r) {
            for (size_t a = 0; a < r; a++)
                cn2[a] += x[a] * x[a];
            lr__gentleman_add(s->D, s->U, s->theta, r, x, y);
            if (++seen == r)
                for (size_t a = 0; a < r; a++)
                    if (!(s->D[a] >= HC_AUX_RANK_TOL * HC_AUX_RANK_TOL * cn2[a]) || cn2[a] == 0.0)
                        s->failed = 1;
            if (s->failed)
                break;
            continue;
        }
        seg_add(s, lr__gentleman_add(s->D, s->U, s->theta, r, x, y));
    }
    free(cn2);
}

static void hc_job(void *vctx, size_t j)
{
    hc_ctx *c = vctx;
    const dg_pass *ps = c->ps;
    const size_t r = ps->r, per = HC_ROWS_MEM(r), L = HC_LANES;
    double *buf = malloc((L * per + r * r * L + 3 * r * L + 2 * L) * sizeof(double));
    if (!buf) {
        c->nomem[j] = 1;
        return;
    }
    if (j == 0) {
        first_segment(ps, &c->seg[0], buf);
        free(buf);
        return;
    }
    const size_t s0 = 1 + (j - 1) * L;
    hc_seg *seg[HC_LANES];
    hc_rows it[HC_LANES];
    int live[HC_LANES];
    double *D = buf + L * per, *U = D + r * L, *th = U + r * r * L, *x = th + r * L;
    double *y = x + r * L, *out = y + L;
    memset(D, 0, (r * L + r * r * L + r * L) * sizeof(double));
    for (size_t k = 0; k < L; k++) {
        live[k] = s0 + k < c->nseg;
        if (!live[k]) {
            for (size_t a = 0; a < r; a++)
                D[a * L + k] = 1.0;
            continue;
        }
        seg[k] = &c->seg[s0 + k];
        rows_init(&it[k], ps, seg[k], buf + k * per);
        for (size_t a = 0; a < r; a++) {
            D[a * L + k] = seg[k]->D[a];
            th[a * L + k] = seg[k]->theta[a];
            for (size_t b = a + 1; b < r; b++)
                U[(a * r + b) * L + k] = seg[k]->U[a * r + b];
        }
    }
    for (;;) {
        int any = 0;
        for (size_t k = 0; k < L; k++) {
            if (live[k] && rows_next(&it[k], x + k, L, &y[k])) {
                any = 1;
            } else {
                live[k] = 0;
                for (size_t a = 0; a < r; a++)
                    x[a * L + k] = 0.0;
                y[k] = 0.0;
            }
        }
        if (!any)
            break;
        gentleman_lanes(D, U, th, r, x, y, out);
        for (size_t k = 0; k < L; k++)
            if (live[k])
                seg_add(seg[k], out[k]);
    }
    free(buf);
}

/* Gentleman state of the factor of rows [0, t) from the piece Gram
 * matrices: -1 when a pivot is too small to trust. */
static int start_state(const dg_pass *ps, size_t t, hc_seg *s, double *g, double *R)
{
    const lr_model *m = ps->m;
    const size_t r = ps->r, mm = r + 1;
    lr__dg_gram_range(ps, 0, t, g);
    /* first r rows of the Cholesky factor of g: R (r x mm, leading dim r) */
    for (size_t a = 0; a < r; a++) {
        double d = g[a + a * mm];
        for (size_t c = 0; c < a; c++)
            d -= R[c + a * r] * R[c + a * r];
        if (!(d > HC_PIVOT_TOL2 * g[a + a * mm]))
            return -1;
        const double raa = sqrt(d);
        R[a + a * r] = raa;
        for (size_t j = a + 1; j < mm; j++) {
            double v = g[a + j * mm];
            for (size_t c = 0; c < a; c++)
                v -= R[c + a * r] * R[c + j * r];
            R[a + j * r] = v / raa;
        }
    }
    /* rows of [x~ D | y]'s factor: R [[Rs, Rs b], [0, 1]] */
    double *rb = g; /* Rs b (scaled coefficients b_a / rscale_a), reuse g */
    for (size_t c = 0; c < r; c++) {
        double v = 0.0;
        for (size_t j = c; j < r; j++)
            v += m->rfac[c + j * r] * (m->coef[m->keep[j]] / m->rscale[j]);
        rb[c] = v;
    }
    for (size_t a = 0; a < r; a++) {
        double row[LR_DG_BLOCK + 1];
        for (size_t j = a; j < r; j++) {
            double v = 0.0;
            for (size_t c = a; c <= j; c++)
                v += R[a + c * r] * m->rfac[c + j * r];
            row[j] = v;
        }
        double v = R[a + r * r];
        for (size_t c = a; c < r; c++)
            v += R[a + c * r] * rb[c];
        row[r] = v;
        const double raa = row[a];
        if (!(raa != 0.0) || !isfinite(raa))
            return -1;
        s->D[a] = raa * raa;
        for (size_t j = a + 1; j < r; j++)
            s->U[a * r + j] = row[j] / raa;
        s->theta[a] = row[r] / raa;
    }
    return 0;
}

struct lr__dg_hc {
    hc_ctx c;
    double *state, *g;
};

void lr__dg_hc_free(lr__dg_hc *h)
{
    if (!h)
        return;
    free(h->c.seg);
    free(h->c.nomem);
    free(h->state);
    free(h->g);
    free(h);
}

lr_status lr__dg_hc_prepare(const dg_pass *ps, lr__dg_hc **out)
{
    const size_t r = ps->r, n = ps->n;
    const size_t nseg = (n + LR_DG_HC_SEGMENT - 1) / LR_DG_HC_SEGMENT;
    const size_t njobs = 1 + (nseg - 1 + HC_LANES - 1) / HC_LANES;
    *out = NULL;
    lr__dg_hc *h = lr__calloc(1, sizeof *h);
    if (!h)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the Harvey-Collier segments");
    h->c.ps = ps;
    h->c.nseg = nseg;
    h->c.njobs = njobs;
    h->c.seg = lr__calloc(nseg, sizeof(hc_seg));
    h->state = lr__calloc(nseg * (r + r * r + r), sizeof(double));
    h->c.nomem = lr__calloc(njobs, sizeof(int));
    h->g = lr__calloc((r + 1) * (r + 1) + r * (r + 1), sizeof(double));
    if (!h->c.seg || !h->state || !h->c.nomem || !h->g) {
        lr__dg_hc_free(h);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate the Harvey-Collier segments");
    }
    for (size_t s = 0; s < nseg; s++) {
        hc_seg *sg = &h->c.seg[s];
        sg->t0 = s * LR_DG_HC_SEGMENT;
        sg->t1 = n - sg->t0 < LR_DG_HC_SEGMENT ? n : sg->t0 + LR_DG_HC_SEGMENT;
        sg->D = h->state + s * (r + r * r + r);
        sg->U = sg->D + r;
        sg->theta = sg->U + r * r;
        sg->sum = lr_dd_from(0.0);
        if (s > 0 && start_state(ps, sg->t0, sg, h->g, h->g + (r + 1) * (r + 1)) != 0) {
            lr__dg_hc_free(h); /* not trusted: the caller runs the sequential test */
            return LR_ERR_UNDEFINED;
        }
    }
    *out = h;
    return LR_OK;
}

size_t lr__dg_hc_jobs(const lr__dg_hc *h) { return h->c.njobs; }

void lr__dg_hc_job(lr__dg_hc *h, size_t j) { hc_job(&h->c, j); }

lr_status lr__dg_hc_finish(const lr__dg_hc *h, lr_test_result *out)
{
    const dg_pass *ps = h->c.ps;
    const lr_model *m = ps->m;
    for (size_t j = 0; j < h->c.njobs; j++)
        if (h->c.nomem[j])
            return lr__fail(LR_ERR_NOMEM, "cannot allocate the Harvey-Collier work space");
    if (h->c.seg[0].failed)
        return LR_ERR_UNDEFINED;
    double count = 0.0, mean = 0.0, m2 = 0.0;
    lr_dd sum = lr_dd_from(0.0);
    for (size_t s = 0; s < h->c.nseg; s++) {
        const hc_seg *sg = &h->c.seg[s];
        if (sg->count == 0.0)
            continue;
        sum = lr_dd_add(sum, sg->sum);
        const double tot = count + sg->count, delta = sg->mean - mean;
        m2 += sg->m2 + delta * delta * count * sg->count / tot;
        mean += delta * sg->count / tot;
        count = tot;
    }
    const double sd = sqrt(m2 / (count - 1.0)), df = m->n_used - (double)ps->r - 1.0;
    if (!(sd > 0))
        return LR_ERR_UNDEFINED;
    const double stat = fabs(sum.hi) / sqrt(count) / sd;
    memset(out, 0, sizeof *out);
    out->statistic = stat;
    out->df[0] = df;
    out->df[1] = NAN;
    out->p_value = 2.0 * gsl_cdf_tdist_Q(stat, df);
    out->n = (size_t)m->n_used;
    snprintf(out->method, sizeof out->method, "Harvey-Collier test");
    return LR_OK;
}
