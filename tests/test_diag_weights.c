/* Zero weights. Rows with weight 0 do not count (as R's lm and
 * weighted.residuals): every test on the weighted residuals or the
 * whitened design must give the same answer as the fit without those
 * rows. Breusch-Pagan follows lmtest's bptest, which keeps zero-weight
 * rows in one sum of squares: it is checked against R on that model. */
#include "diag_fixtures.h"

static const size_t zero_rows[] = {4, 16, 39}; /* 0-based: R's rows 5, 17, 40 */

static int is_zero_row(size_t i)
{
    for (size_t k = 0; k < 3; k++)
        if (zero_rows[k] == i)
            return 1;
    return 0;
}

static void same(lr_status s1, const lr_test_result *a, lr_status s2, const lr_test_result *b,
                 const char *what)
{
    CHECK(s1 == LR_OK && s2 == LR_OK, "%s: %s", what, lr_last_error());
    CHECK_REL(a->statistic, b->statistic, 1e-10, what);
    CHECK_REL(a->p_value, b->p_value, 1e-9, what);
    CHECK_REL(a->df[0], b->df[0], 0, what);
    CHECK_REL(a->df[1], b->df[1], 0, what);
    CHECK(a->n == b->n, "%s: n %zu vs %zu", what, a->n, b->n);
}

int main(void)
{
    lr_frame *fr = NULL;
    lr_status st = lr_frame_read_csv("tests/fixtures/data/weighted.csv", NULL, &fr);
    CHECK(st == LR_OK, "read: %s", lr_last_error());
    if (st != LR_OK)
        return test_report("test_diag_weights");
    size_t n = lr_frame_nrows(fr), iy, i1, i2, iw;
    lr_frame_find(fr, "y", &iy);
    lr_frame_find(fr, "x1", &i1);
    lr_frame_find(fr, "x2", &i2);
    lr_frame_find(fr, "w", &iw);
    double *X0 = calloc(2 * n, sizeof(double)), *y0 = calloc(n, sizeof(double)),
           *w0 = calloc(n, sizeof(double));
    double *X1 = calloc(2 * n, sizeof(double)), *y1 = calloc(n, sizeof(double)),
           *w1 = calloc(n, sizeof(double)), *z0 = calloc(n, sizeof(double)),
           *z1 = calloc(n, sizeof(double));
    size_t n1 = 0;
    for (size_t i = 0; i < n; i++) {
        double x1 = lr_frame_column(fr, i1)[i], x2 = lr_frame_column(fr, i2)[i];
        double y = lr_frame_column(fr, iy)[i], w = lr_frame_column(fr, iw)[i];
        X0[2 * i] = x1;
        X0[2 * i + 1] = x2;
        y0[i] = y;
        w0[i] = is_zero_row(i) ? 0.0 : w;
        z0[i] = x2;
        if (!is_zero_row(i)) {
            X1[2 * n1] = x1;
            X1[2 * n1 + 1] = x2;
            y1[n1] = y;
            w1[n1] = w;
            z1[n1] = x2;
            n1++;
        }
    }
    lr_frame_free(fr);
    lr_matrix Xa = lr_matrix_row_major(X0, n, 2), Xb = lr_matrix_row_major(X1, n1, 2);
    lr_vector ya = lr_vector_of(y0, n), yb = lr_vector_of(y1, n1);
    lr_options oa, ob;
    lr_options_init(&oa);
    lr_options_init(&ob);
    oa.weights = lr_vector_of(w0, n);
    ob.weights = lr_vector_of(w1, n1);
    lr_model *ma = NULL, *mb = NULL;
    CHECK(lr_fit(&Xa, &ya, NULL, &oa, &ma) == LR_OK, "fit with zero weights");
    CHECK(lr_fit(&Xb, &yb, NULL, &ob, &mb) == LR_OK, "fit without the rows");
    if (!ma || !mb)
        return test_report("test_diag_weights");

    lr_test_result a, b;
    lr_status sa, sb;
#define SAME(name, call_a, call_b)                                                               \
    do {                                                                                         \
        sa = (call_a);                                                                           \
        sb = (call_b);                                                                           \
        same(sa, &a, sb, &b, name);                                                              \
    } while (0)
    SAME("Shapiro-Wilk", lr_shapiro_wilk(ma, &a), lr_shapiro_wilk(mb, &b));
    SAME("Jarque-Bera", lr_jarque_bera(ma, &a), lr_jarque_bera(mb, &b));
    SAME("omnibus", lr_omnibus_normality(ma, &a), lr_omnibus_normality(mb, &b));
    SAME("Anderson-Darling", lr_anderson_darling(ma, &a), lr_anderson_darling(mb, &b));
    SAME("White", lr_white(ma, 0, &a), lr_white(mb, 0, &b));
    SAME("White F", lr_white(ma, 1, &a), lr_white(mb, 1, &b));
    SAME("Goldfeld-Quandt", lr_goldfeld_quandt(ma, NULL, &a), lr_goldfeld_quandt(mb, NULL, &b));
    lr_gq_options ga, gb;
    lr_gq_options_init(&ga);
    lr_gq_options_init(&gb);
    ga.order_values = lr_vector_of(z0, n);
    gb.order_values = lr_vector_of(z1, n1);
    ga.fraction = gb.fraction = 0.2;
    SAME("Goldfeld-Quandt by x2", lr_goldfeld_quandt(ma, &ga, &a), lr_goldfeld_quandt(mb, &gb, &b));
    ga.order_values.data = gb.order_values.data = NULL;
    ga.order_by = gb.order_by = 0;
    SAME("Goldfeld-Quandt by x1", lr_goldfeld_quandt(ma, &ga, &a), lr_goldfeld_quandt(mb, &gb, &b));
    lr_bg_options bo;
    lr_bg_options_init(&bo);
    bo.order = 2;
    bo.f_form = 1;
    SAME("Breusch-Godfrey", lr_breusch_godfrey(ma, &bo, &a), lr_breusch_godfrey(mb, &bo, &b));
    SAME("Ljung-Box", lr_ljung_box(ma, 0, 0, &a), lr_ljung_box(mb, 0, 0, &b));

    double ska, kua, skb, kub;
    CHECK(lr_residual_moments(ma, &ska, &kua) == LR_OK && lr_residual_moments(mb, &skb, &kub) == LR_OK,
          "moments");
    CHECK_REL(ska, skb, 1e-10, "skewness");
    CHECK_REL(kua, kub, 1e-10, "kurtosis");

    for (int meth = 0; meth < 3; meth++) {
        lr_dw_result da, db;
        CHECK(lr_durbin_watson(ma, (lr_dw_method)meth, &da) == LR_OK &&
                  lr_durbin_watson(mb, (lr_dw_method)meth, &db) == LR_OK,
              "DW method %d: %s", meth, lr_last_error());
        CHECK_REL(da.statistic, db.statistic, 1e-10, "DW statistic");
        CHECK_REL(da.p_positive, db.p_positive, 1e-9, "DW p positive");
        CHECK_REL(da.p_negative, db.p_negative, 1e-9, "DW p negative");
        CHECK(da.n == n1 && db.n == n1, "DW n");
    }

    size_t ca, cb;
    double *ta = calloc(n, sizeof(double)), *qa = calloc(n, sizeof(double));
    double *tb = calloc(n, sizeof(double)), *qb = calloc(n, sizeof(double));
    CHECK(lr_qq_data(ma, ta, qa, n, &ca) == LR_OK && lr_qq_data(mb, tb, qb, n, &cb) == LR_OK, "qq");
    CHECK(ca == n1 && cb == n1, "qq count %zu %zu", ca, cb);
    for (size_t i = 0; i < ca && i < cb; i++) {
        CHECK_REL(ta[i], tb[i], 1e-14, "qq theoretical");
        CHECK_REL(qa[i], qb[i], 1e-10, "qq sample");
    }

    /* Breusch-Pagan: lmtest's own handling, from R. */
    fix_row rows[512];
    size_t nr = fix_read("tests/fixtures/diag/r_tests.csv", rows, 512);
    const fix_row *r1 = fix_find(rows, nr, "weighted_w0", "bp_studentized");
    const fix_row *r2 = fix_find(rows, nr, "weighted_w0", "bp_original");
    CHECK(r1 && r2, "no weighted_w0 reference");
    if (r1 && r2) {
        CHECK(lr_breusch_pagan(ma, 1, &a) == LR_OK, "BP: %s", lr_last_error());
        fix_check_result(&a, r1, "BP studentized, zero weights");
        CHECK(lr_breusch_pagan(ma, 0, &a) == LR_OK, "BP: %s", lr_last_error());
        fix_check_result(&a, r2, "BP original, zero weights");
    }
    free(ta);
    free(qa);
    free(tb);
    free(qb);
    lr_model_free(ma);
    lr_model_free(mb);
    free(X0);
    free(y0);
    free(w0);
    free(X1);
    free(y1);
    free(w1);
    free(z0);
    free(z1);
    return test_report("test_diag_weights");
}
