/* Bad input gets a specific status and a message naming what is wrong
 * (row, column, value); nothing crashes. Degenerate but valid input
 * (duplicate or constant columns) gets R's answer with the aliased columns
 * named. */
#include "linreg.h"
#include "test_util.h"

#include <stdlib.h>

static lr_status fit_rows(const double *x, const double *y, size_t n, size_t k,
                          const lr_options *o, lr_model **m)
{
    lr_matrix X = lr_matrix_row_major(x, n, k);
    lr_vector yv = lr_vector_of(y, n);
    const char *names[] = {"alpha", "beta", "gamma"};
    return lr_fit(&X, &yv, names, o, m);
}

#define EXPECT(st_expr, code, needle)                                                              \
    do {                                                                                           \
        lr_status st_ = (st_expr);                                                                 \
        CHECK(st_ == (code), "%s: status %d (%s), expected %d", #st_expr, (int)st_,                \
              lr_strerror(st_), (int)(code));                                                      \
        CHECK(strstr(lr_last_error(), needle) != NULL, "%s: message '%s' lacks '%s'", #st_expr,    \
              lr_last_error(), needle);                                                            \
    } while (0)

static void fit_errors(void)
{
    double x[12] = {1, 2, 2, 3, 3, 5, 4, 4, 5, 7, 6, 8};
    double y[6] = {1, 2, 3, 4, 5, 6};
    lr_model *m = (lr_model *)&m; /* must be reset to NULL on failure */
    lr_options o;
    lr_options_init(&o);

    x[7] = NAN;
    EXPECT(fit_rows(x, y, 6, 2, &o, &m), LR_ERR_NONFINITE, "column 'beta' has NaN at row 4");
    CHECK(m == NULL, "model not reset to NULL on failure");
    x[7] = INFINITY;
    EXPECT(fit_rows(x, y, 6, 2, &o, &m), LR_ERR_NONFINITE, "column 'beta' has Inf at row 4");
    x[7] = 4;
    y[2] = NAN;
    EXPECT(fit_rows(x, y, 6, 2, &o, &m), LR_ERR_NONFINITE, "y has NaN at row 3");
    y[2] = 3;

    double w[6] = {1, 1, -0.5, 1, 1, 1};
    o.weights = lr_vector_of(w, 6);
    EXPECT(fit_rows(x, y, 6, 2, &o, &m), LR_ERR_NEGATIVE_WEIGHT, "weight at row 3 is negative (-0.5)");
    w[2] = NAN;
    EXPECT(fit_rows(x, y, 6, 2, &o, &m), LR_ERR_NONFINITE, "weight at row 3 is NaN");
    o.weights = lr_vector_of(w, 5);
    EXPECT(fit_rows(x, y, 6, 2, &o, &m), LR_ERR_DIMENSION, "weights have 5 elements but X has 6 rows");
    double zero[6] = {0, 0, 0, 0, 0, 0};
    o.weights = lr_vector_of(zero, 6);
    EXPECT(fit_rows(x, y, 6, 2, &o, &m), LR_ERR_TOO_FEW_ROWS, "0 rows with non-zero weight");
    lr_options_init(&o);

    EXPECT(fit_rows(x, y, 2, 2, &o, &m), LR_ERR_TOO_FEW_ROWS, "2 rows with non-zero weight but 3");
    EXPECT(fit_rows(x, y, 0, 2, &o, &m), LR_ERR_EMPTY, "X has no rows");

    lr_matrix X = lr_matrix_row_major(x, 6, 2);
    lr_vector yv = lr_vector_of(y, 5);
    EXPECT(lr_fit(&X, &yv, NULL, &o, &m), LR_ERR_DIMENSION, "y has 5 elements but X has 6 rows");
    yv = lr_vector_of(y, 6);
    EXPECT(lr_fit(NULL, &yv, NULL, &o, &m), LR_ERR_INVALID_ARG, "must not be NULL");
    EXPECT(lr_fit(&X, &yv, NULL, &o, NULL), LR_ERR_INVALID_ARG, "output pointer is NULL");
    o.level = 1.0;
    EXPECT(lr_fit(&X, &yv, NULL, &o, &m), LR_ERR_INVALID_ARG, "confidence level 1 is not inside");
    lr_options_init(&o);
    o.rank_tol = -1;
    EXPECT(lr_fit(&X, &yv, NULL, &o, &m), LR_ERR_INVALID_ARG, "rank tolerance");
    lr_options_init(&o);
    o.intercept = 0;
    lr_matrix X0 = lr_matrix_row_major(x, 6, 0);
    EXPECT(lr_fit(&X0, &yv, NULL, &o, &m), LR_ERR_INVALID_ARG, "nothing to fit");
    lr_options_init(&o);
    o.x_lo = lr_matrix_row_major(x, 5, 2);
    EXPECT(lr_fit(&X, &yv, NULL, &o, &m), LR_ERR_DIMENSION, "x_lo is 5 x 2 but X is 6 x 2");
}

static void degenerate_columns(void)
{
    /* gamma duplicates alpha; a constant column would be aliased with the intercept */
    double x[18], y[6] = {1.5, 2.1, 2.9, 4.2, 4.8, 6.3};
    double a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {2, 1, 4, 3, 6, 5};
    for (int i = 0; i < 6; i++) {
        x[3 * i] = a[i];
        x[3 * i + 1] = b[i];
        x[3 * i + 2] = a[i];
    }
    lr_model *m = NULL;
    CHECK(fit_rows(x, y, 6, 3, NULL, &m) == LR_OK, "duplicate column: %s", lr_last_error());
    CHECK(lr_model_coef_aliased(m, 3) && !lr_model_coef_aliased(m, 1),
          "the later duplicate (gamma) is aliased, as in R");
    CHECK(lr_model_stat(m, LR_STAT_RANK) == 3, "rank 3");
    double est[4];
    lr_model_coef_column(m, LR_COEF_ESTIMATE, 0.95, est, 4);
    CHECK(isnan(est[3]) && !isnan(est[1]), "aliased estimate is NaN");
    char *text = NULL;
    CHECK(lr_model_summary(m, &text) == LR_OK, "summary");
    CHECK(text && strstr(text, "(1 not defined because of singularities)"), "summary counts aliased");
    CHECK(text && strstr(text, "Aliased") && strstr(text, " gamma"), "summary names gamma");
    lr_free(text);
    lr_model_free(m);

    for (int i = 0; i < 6; i++)
        x[3 * i + 2] = 7.25;
    CHECK(fit_rows(x, y, 6, 3, NULL, &m) == LR_OK, "constant column: %s", lr_last_error());
    CHECK(lr_model_coef_aliased(m, 3), "a constant column is aliased with the intercept");
    lr_model_free(m);

    /* without an intercept a constant column is an ordinary predictor */
    lr_options o;
    lr_options_init(&o);
    o.intercept = 0;
    CHECK(fit_rows(x, y, 6, 3, &o, &m) == LR_OK, "constant column, no intercept");
    CHECK(!lr_model_coef_aliased(m, 2) && lr_model_stat(m, LR_STAT_RANK) == 3, "rank 3");
    lr_model_free(m);

    /* an all-zero column is aliased, never a division by zero */
    for (int i = 0; i < 6; i++)
        x[3 * i + 2] = 0.0;
    CHECK(fit_rows(x, y, 6, 3, NULL, &m) == LR_OK, "zero column");
    CHECK(lr_model_coef_aliased(m, 3), "a zero column is aliased");
    lr_model_free(m);
}

static void getter_errors(void)
{
    double x[6] = {1, 2, 3, 4, 5, 7}, y[6] = {1, 3, 2, 5, 4, 6};
    lr_model *m = NULL;
    CHECK(fit_rows(x, y, 6, 1, NULL, &m) == LR_OK, "fit");
    double out[2];
    EXPECT(lr_model_coef_column(m, LR_COEF_ESTIMATE, 0.95, out, 1), LR_ERR_DIMENSION,
           "out holds 1 values but there are 2 coefficients");
    EXPECT(lr_model_coef_column(m, LR_COEF_CI_LOW, 1.5, out, 2), LR_ERR_INVALID_ARG,
           "confidence level 1.5");
    EXPECT(lr_model_coef_column(m, (lr_coef_column)99, 0.95, out, 2), LR_ERR_INVALID_ARG,
           "unknown coefficient column 99");
    EXPECT(lr_model_vcov(m, out, 2), LR_ERR_DIMENSION, "covariance has 4");
    CHECK(isnan(lr_model_stat(m, (lr_stat)999)), "unknown statistic is NaN");
    CHECK(lr_stat_name((lr_stat)999) == NULL, "unknown statistic has no name");
    CHECK(lr_model_coef_name(m, 5) == NULL, "out-of-range name is NULL");

    double xn[2] = {1, NAN}, fit[2], lo[2], hi[2];
    lr_matrix Xn = lr_matrix_row_major(xn, 2, 1);
    EXPECT(lr_predict(m, &Xn, LR_INTERVAL_PREDICTION, 0.95, fit, NULL, lo, hi), LR_ERR_NONFINITE,
           "has NaN at row 2");
    Xn = lr_matrix_row_major(xn, 1, 2);
    EXPECT(lr_predict(m, &Xn, LR_INTERVAL_NONE, 0.95, fit, NULL, NULL, NULL), LR_ERR_DIMENSION,
           "Xnew has 2 columns but the model was fitted on 1");
    Xn = lr_matrix_row_major(xn, 1, 1);
    EXPECT(lr_predict(m, &Xn, LR_INTERVAL_CONFIDENCE, 0.95, fit, NULL, NULL, hi),
           LR_ERR_INVALID_ARG, "lower and upper");
    EXPECT(lr_predict(m, &Xn, LR_INTERVAL_CONFIDENCE, 0.0, fit, NULL, lo, hi), LR_ERR_INVALID_ARG,
           "confidence level 0");
    lr_model_free(m);
    lr_model_free(NULL);
    lr_frame_free(NULL);
    lr_accumulator_free(NULL);
    lr_free(NULL);
    CHECK(strcmp(lr_strerror((lr_status)12345), "unknown status") == 0, "unknown status text");
    CHECK(strcmp(lr_strerror(LR_OK), "success") == 0, "LR_OK text");
}

static void csv_errors(void)
{
    lr_frame *f = (lr_frame *)&f;
    const char *t;
    t = "";
    EXPECT(lr_frame_parse_csv(t, strlen(t), "e.csv", NULL, &f), LR_ERR_EMPTY, "e.csv: the file is empty");
    CHECK(f == NULL, "frame reset to NULL on failure");
    t = "a,b\n";
    EXPECT(lr_frame_parse_csv(t, strlen(t), "h.csv", NULL, &f), LR_ERR_EMPTY, "no data rows");
    t = "a,b\n1,2\n3\n";
    EXPECT(lr_frame_parse_csv(t, strlen(t), "r.csv", NULL, &f), LR_ERR_PARSE,
           "r.csv:3: 1 field but the header has 2 columns");
    t = "a,b\n1,2\n3,4,5\n";
    EXPECT(lr_frame_parse_csv(t, strlen(t), "r.csv", NULL, &f), LR_ERR_PARSE,
           "r.csv:3: more fields than the 2 header columns");
    /* a text cell in a column forced numeric is an error, never a zero */
    const char *const forced[] = {"b", NULL};
    lr_csv_options co;
    lr_csv_options_init(&co);
    co.numeric = forced;
    t = "a,b\n1,2\n3,x7\n";
    EXPECT(lr_frame_parse_csv(t, strlen(t), "b.csv", &co, &f), LR_ERR_PARSE,
           "b.csv:3: column 'b'");
    CHECK(strstr(lr_last_error(), "x7") != NULL, "the message quotes the cell: %s", lr_last_error());
    t = "a,b\n1,\"2\n";
    EXPECT(lr_frame_parse_csv(t, strlen(t), "q.csv", NULL, &f), LR_ERR_PARSE,
           "q.csv:2: column 'b': unterminated quoted field");
    t = "a,,c\n1,2,3\n";
    EXPECT(lr_frame_parse_csv(t, strlen(t), "n.csv", NULL, &f), LR_ERR_PARSE, "header column 2 has no name");
    /* an empty cell is missing (NaN), not zero */
    t = "a,b\n1,\n2,3\n";
    CHECK(lr_frame_parse_csv(t, strlen(t), "m.csv", NULL, &f) == LR_OK, "empty cell: %s",
          lr_last_error());
    CHECK(f && isnan(lr_frame_column(f, 1)[0]) && lr_frame_column(f, 1)[1] == 3.0,
          "an empty cell reads as missing");
    lr_frame_free(f);
    EXPECT(lr_frame_read_csv("/nonexistent/file.csv", NULL, &f), LR_ERR_IO,
           "cannot open '/nonexistent/file.csv'");
    t = "\xEF\xBB\xBF\"a\",\"b,c\"\r\n1,\"2.5\"\r\n\r\n3,4e1\r\n";
    CHECK(lr_frame_parse_csv(t, strlen(t), "ok.csv", NULL, &f) == LR_OK, "BOM/CRLF/quotes: %s",
          lr_last_error());
    size_t j = 9;
    CHECK(f && lr_frame_nrows(f) == 2 && lr_frame_find(f, "b,c", &j) == LR_OK && j == 1,
          "quoted header with a comma");
    CHECK(f && lr_frame_column(f, 1)[0] == 2.5 && lr_frame_column(f, 1)[1] == 40.0, "values");
    lr_frame_free(f);
}

int main(void)
{
    fit_errors();
    degenerate_columns();
    getter_errors();
    csv_errors();
    return test_report("test_bad_input");
}
