/* The CSV reader and frames: RFC 4180 quoting, line ends, BOM, delimiters,
 * header or not, type inference and forcing, missing values, correctly
 * rounded numbers (against strtod), locale independence, records cut at
 * every block boundary, the second pass when a column turns categorical,
 * frames from C arrays, and every error with its message. */
#define _GNU_SOURCE
#include "linreg.h"
#include "test_util.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

lr_status lr__frame_parse_csv_block(const char *text, size_t len, const char *source,
                                    const lr_csv_options *opts, size_t block, lr_frame **out);

static lr_frame *parse(const char *text, const lr_csv_options *o)
{
    lr_frame *f = NULL;
    lr_status st = lr_frame_parse_csv(text, strlen(text), "t.csv", o, &f);
    CHECK(st == LR_OK, "parse failed: %s (text %.40s)", lr_last_error(), text);
    return f;
}

/* Expects failure with status st and a message containing every given piece. */
static void expect_error(const char *text, const lr_csv_options *o, lr_status st, const char *a,
                         const char *b, const char *c)
{
    lr_frame *f = NULL;
    lr_status got = lr_frame_parse_csv(text, strlen(text), "bad.csv", o, &f);
    CHECK(got == st, "expected status %d, got %d (%s) for %.40s", (int)st, (int)got,
          lr_last_error(), text);
    CHECK(f == NULL, "frame must be NULL on failure");
    const char *msg = lr_last_error();
    const char *parts[3] = {a, b, c};
    for (int i = 0; i < 3; i++)
        if (parts[i])
            CHECK(strstr(msg, parts[i]) != NULL, "message '%s' lacks '%s'", msg, parts[i]);
    lr_frame_free(f);
}

static int same_double(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static int frames_equal(const lr_frame *a, const lr_frame *b)
{
    if (lr_frame_nrows(a) != lr_frame_nrows(b) || lr_frame_ncols(a) != lr_frame_ncols(b))
        return 0;
    for (size_t j = 0; j < lr_frame_ncols(a); j++) {
        if (strcmp(lr_frame_name(a, j), lr_frame_name(b, j)) ||
            lr_frame_column_type(a, j) != lr_frame_column_type(b, j) ||
            lr_frame_nmissing(a, j) != lr_frame_nmissing(b, j))
            return 0;
        if (lr_frame_column_type(a, j) == LR_COLUMN_NUMERIC) {
            for (size_t i = 0; i < lr_frame_nrows(a); i++)
                if (!same_double(lr_frame_column(a, j)[i], lr_frame_column(b, j)[i]))
                    return 0;
        } else {
            if (lr_frame_nlevels(a, j) != lr_frame_nlevels(b, j))
                return 0;
            for (size_t l = 0; l < lr_frame_nlevels(a, j); l++)
                if (strcmp(lr_frame_level(a, j, l), lr_frame_level(b, j, l)))
                    return 0;
            if (memcmp(lr_frame_codes(a, j), lr_frame_codes(b, j), lr_frame_nrows(a) * sizeof(int)))
                return 0;
        }
    }
    return 1;
}

static void test_basic(void)
{
    lr_frame *f = parse("a,b,c\n1,2.5,-3e2\n4,5,6\n", NULL);
    if (!f)
        return;
    CHECK(lr_frame_nrows(f) == 2 && lr_frame_ncols(f) == 3, "shape %zu x %zu", lr_frame_nrows(f),
          lr_frame_ncols(f));
    CHECK(!strcmp(lr_frame_name(f, 2), "c"), "name");
    CHECK(lr_frame_column(f, 1)[0] == 2.5 && lr_frame_column(f, 2)[0] == -300.0, "values");
    size_t j = 99;
    CHECK(lr_frame_find(f, "b", &j) == LR_OK && j == 1, "find");
    CHECK(lr_frame_find(f, "zz", &j) == LR_ERR_NOT_FOUND && strstr(lr_last_error(), "zz"),
          "find unknown");
    CHECK(lr_frame_column(f, 3) == NULL && lr_frame_name(f, 3) == NULL, "out of range");
    CHECK(lr_frame_codes(f, 0) == NULL && lr_frame_nlevels(f, 0) == 0, "numeric has no levels");
    lr_frame_free(f);
    lr_frame_free(NULL);
}

static void test_quoting_and_line_ends(void)
{
    const char *text = "\xEF\xBB\xBF\"na,me\",\"q\"\"x\"\r\n"
                       "\"a,b\",1\r\n"
                       "\"line\nbreak\",\"2\"\r\n"
                       "\r\n"
                       "  plain  , 3 \r\n"
                       "\"\"\"\",4"; /* no final line end */
    lr_frame *f = parse(text, NULL);
    if (!f)
        return;
    CHECK(!strcmp(lr_frame_name(f, 0), "na,me") && !strcmp(lr_frame_name(f, 1), "q\"x"),
          "quoted header names with BOM: '%s' '%s'", lr_frame_name(f, 0), lr_frame_name(f, 1));
    CHECK(lr_frame_nrows(f) == 4, "rows %zu (blank line skipped)", lr_frame_nrows(f));
    CHECK(lr_frame_column_type(f, 0) == LR_COLUMN_CATEGORICAL, "text column categorical");
    CHECK(lr_frame_column_type(f, 1) == LR_COLUMN_NUMERIC, "quoted numbers stay numeric");
    const double *q = lr_frame_column(f, 1);
    CHECK(q && q[0] == 1 && q[1] == 2 && q[2] == 3 && q[3] == 4, "numbers");
    /* levels sorted bytewise: "\"" < "a,b" < "line\nbreak" < "plain" */
    CHECK(lr_frame_nlevels(f, 0) == 4, "levels %zu", lr_frame_nlevels(f, 0));
    CHECK(!strcmp(lr_frame_level(f, 0, 0), "\"") && !strcmp(lr_frame_level(f, 0, 1), "a,b") &&
              !strcmp(lr_frame_level(f, 0, 2), "line\nbreak") &&
              !strcmp(lr_frame_level(f, 0, 3), "plain"),
          "levels and trimming");
    const int *c = lr_frame_codes(f, 0);
    CHECK(c[0] == 1 && c[1] == 2 && c[2] == 3 && c[3] == 0, "codes");
    lr_frame_free(f);

    /* old Mac line ends (CR only) and LF give the same frame */
    lr_frame *a = parse("x,y\r1,2\r3,4\r", NULL), *b = parse("x,y\n1,2\n3,4\n", NULL);
    CHECK(a && b && frames_equal(a, b), "CR and LF line ends");
    lr_frame_free(a);
    lr_frame_free(b);
}

static void test_delimiters_and_header(void)
{
    lr_csv_options o;
    lr_csv_options_init(&o);
    CHECK(o.delimiter == ',' && o.header == 1 && !o.na_strings && !o.numeric && !o.categorical,
          "defaults");
    o.delimiter = ';';
    lr_frame *f = parse("a;b\n1,5;x\n2,5;y\n", &o);
    if (f) {
        CHECK(lr_frame_column_type(f, 0) == LR_COLUMN_CATEGORICAL,
              "decimal commas are not numbers (no decimal-comma option)");
        CHECK(!strcmp(lr_frame_level(f, 0, 0), "1,5"), "level with a comma");
        lr_frame_free(f);
    }
    o.delimiter = '\t';
    f = parse("a\tb\n 1\t2\n", &o);
    if (f) {
        CHECK(lr_frame_column(f, 0)[0] == 1 && lr_frame_column(f, 1)[0] == 2, "tab-separated");
        lr_frame_free(f);
    }
    lr_csv_options_init(&o);
    o.header = 0;
    f = parse("1,a\n2,b\n", &o);
    if (f) {
        CHECK(lr_frame_nrows(f) == 2 && !strcmp(lr_frame_name(f, 0), "V1") &&
                  !strcmp(lr_frame_name(f, 1), "V2"),
              "no header: V1, V2 and the first record is data");
        CHECK(lr_frame_column(f, 0)[0] == 1, "first record kept");
        lr_frame_free(f);
    }
    o.header = 1;
    o.delimiter = '"';
    expect_error("a\n1\n", &o, LR_ERR_INVALID_ARG, "delimiter", NULL, NULL);
}

static void test_types_and_missing(void)
{
    /* levels sort bytewise as R's sort() in the C locale: digits < upper < lower */
    lr_frame *f = parse("g,n\nb,1\nB,2\n10,3\n9,NA\na,\n", NULL);
    if (f) {
        CHECK(lr_frame_column_type(f, 0) == LR_COLUMN_CATEGORICAL, "mixed column categorical");
        const char *want[] = {"10", "9", "B", "a", "b"};
        CHECK(lr_frame_nlevels(f, 0) == 5, "levels %zu", lr_frame_nlevels(f, 0));
        for (size_t l = 0; l < 5 && l < lr_frame_nlevels(f, 0); l++)
            CHECK(!strcmp(lr_frame_level(f, 0, l), want[l]), "level %zu: '%s' want '%s'", l,
                  lr_frame_level(f, 0, l), want[l]);
        CHECK(lr_frame_nmissing(f, 1) == 2 && isnan(lr_frame_column(f, 1)[3]) &&
                  lr_frame_is_missing(f, 4, 1) && !lr_frame_is_missing(f, 0, 1),
              "NA and empty numeric cells are missing");
        lr_frame_free(f);
    }
    /* every default marker, quoted or not, in both kinds of column */
    f = parse("n,g\nNA,\"NA\"\nNaN,null\nnull,\n\"\",x\n1,y\n", NULL);
    if (f) {
        CHECK(lr_frame_column_type(f, 0) == LR_COLUMN_NUMERIC, "markers keep a column numeric");
        CHECK(lr_frame_nmissing(f, 0) == 4 && lr_frame_nmissing(f, 1) == 3,
              "missing counts %zu %zu", lr_frame_nmissing(f, 0), lr_frame_nmissing(f, 1));
        CHECK(lr_frame_nlevels(f, 1) == 2 && lr_frame_codes(f, 1)[0] == -1, "missing code -1");
        lr_frame_free(f);
    }
    /* configurable markers: "-999" is missing (and turns the fast path off), "NA" is text */
    lr_csv_options o;
    lr_csv_options_init(&o);
    const char *na[] = {"-999", "", NULL};
    o.na_strings = na;
    f = parse("x,g\n-999,NA\n2.5,b\n-999.5,\n", &o);
    if (f) {
        const double *x = lr_frame_column(f, 0);
        CHECK(x && isnan(x[0]) && x[1] == 2.5 && x[2] == -999.5, "custom marker");
        CHECK(lr_frame_nlevels(f, 1) == 2 && !strcmp(lr_frame_level(f, 1, 0), "NA"),
              "NA is an ordinary level when not a marker");
        lr_frame_free(f);
    }
    /* a column of 0/1 forced categorical; a column forced numeric */
    const char *cat[] = {"garage", NULL}, *num[] = {"n", NULL};
    lr_csv_options_init(&o);
    o.categorical = cat;
    o.numeric = num;
    f = parse("garage,n\n1,1\n0,NA\n2,3\n", &o);
    if (f) {
        CHECK(lr_frame_column_type(f, 0) == LR_COLUMN_CATEGORICAL && lr_frame_nlevels(f, 0) == 3 &&
                  !strcmp(lr_frame_level(f, 0, 0), "0"),
              "forced categorical");
        lr_frame_free(f);
    }
    expect_error("garage,n\n1,1\n0,abc\n", &o, LR_ERR_PARSE, "bad.csv:3", "'n'", "'abc'");
    const char *missing_col[] = {"nope", NULL};
    o.numeric = missing_col;
    expect_error("garage,n\n1,1\n", &o, LR_ERR_NOT_FOUND, "nope", "numeric", NULL);
    const char *both[] = {"n", NULL};
    o.numeric = both;
    o.categorical = both;
    expect_error("garage,n\n1,1\n", &o, LR_ERR_INVALID_ARG, "both", NULL, NULL);
    /* an all-missing column is numeric */
    f = parse("a,b\n,1\nNA,2\n", NULL);
    if (f) {
        CHECK(lr_frame_column_type(f, 0) == LR_COLUMN_NUMERIC && lr_frame_nmissing(f, 0) == 2,
              "all missing");
        lr_frame_free(f);
    }
    /* Inf and hexadecimal read as strtod reads them */
    f = parse("a\nInf\n-inf\n0x1p-3\n1e400\n", NULL);
    if (f) {
        const double *a = lr_frame_column(f, 0);
        CHECK(a && isinf(a[0]) && a[0] > 0 && isinf(a[1]) && a[1] < 0 && a[2] == 0.125 &&
                  isinf(a[3]),
              "strtod syntax");
        lr_frame_free(f);
    }
}

/* xorshift64 for reproducible random numbers */
static uint64_t rng = 0x853c49e6748fea9bull;
static uint64_t next_u64(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void test_numbers_match_strtod(void)
{
    /* Numbers of every shape: shortest round-trip text of random doubles
     * (up to 17 digits), 15-digit decimals, 19-digit mantissas, numbers
     * near the midpoint between two doubles, exponents at the edges of
     * the fast path, and long digit strings that need strtod. */
    enum { N = 60000 };
    size_t cap = (size_t)N * 48 + 16, len = 0;
    char *text = malloc(cap);
    double *want = malloc(N * sizeof *want);
    if (!text || !want) {
        CHECK(0, "out of memory");
        free(text);
        free(want);
        return;
    }
    len += (size_t)snprintf(text, cap, "x\n");
    for (int i = 0; i < N; i++) {
        char buf[64];
        double d;
        uint64_t b = next_u64();
        switch (i % 8) {
        case 0:
            memcpy(&d, &b, sizeof d);
            if (!isfinite(d))
                d = 1.5;
            snprintf(buf, sizeof buf, "%.17g", d);
            break;
        case 1:
            snprintf(buf, sizeof buf, "%.15g", (double)(b >> 11) * 0x1p-53 * 40 - 20);
            break;
        case 2:
            snprintf(buf, sizeof buf, "%llu.%llue%d", (unsigned long long)(b % 10000000000ull),
                     (unsigned long long)(next_u64() % 1000000000ull), (int)(next_u64() % 45) - 22);
            break;
        case 3: {
            d = (double)(b >> 11) * pow(10, (int)(next_u64() % 30) - 15);
            long double mid = ((long double)d + (long double)nextafter(d, INFINITY)) / 2;
            snprintf(buf, sizeof buf, "%.18Le", mid);
            break;
        }
        case 4:
            snprintf(buf, sizeof buf, "%llue%d", (unsigned long long)(b % 9007199254740993ull),
                     23 + (int)(next_u64() % 16));
            break;
        case 5:
            snprintf(buf, sizeof buf, "%.25f", (double)(b >> 11) * 0x1p-53);
            break;
        case 6:
            snprintf(buf, sizeof buf, "-%.16e", (double)(b >> 11) * 0x1p-40);
            break;
        default:
            snprintf(buf, sizeof buf, "%llu", (unsigned long long)b);
        }
        want[i] = strtod(buf, NULL);
        len += (size_t)snprintf(text + len, cap - len, "%s\n", buf);
    }
    lr_frame *f = NULL;
    lr_status st = lr_frame_parse_csv(text, len, "numbers", NULL, &f);
    CHECK(st == LR_OK, "numbers: %s", lr_last_error());
    if (f) {
        const double *x = lr_frame_column(f, 0);
        int bad = 0;
        for (int i = 0; i < N && x; i++)
            if (!same_double(x[i], want[i]) && bad++ < 5)
                CHECK(0, "row %d: %.17g, strtod gives %.17g", i + 1, x[i], want[i]);
        CHECK(x && bad == 0, "%d of %d numbers differ from strtod", bad, N);
        lr_frame_free(f);
    }
    /* the same numbers under a locale with a decimal comma, when one can be built */
    if (system("mkdir -p build/test-locale && (test -d build/test-locale/de_DE.UTF-8 || "
               "localedef -i de_DE -f UTF-8 build/test-locale/de_DE.UTF-8) >/dev/null 2>&1") == 0) {
        setenv("LOCPATH", "build/test-locale", 1);
        if (setlocale(LC_ALL, "de_DE.UTF-8")) {
            char probe[16];
            snprintf(probe, sizeof probe, "%.1f", 1.5);
            CHECK(!strcmp(probe, "1,5"), "the test locale uses a decimal comma");
            lr_frame *g = NULL;
            st = lr_frame_parse_csv(text, len, "numbers", NULL, &g);
            CHECK(st == LR_OK && g && f, "parse under de_DE");
            (void)f;
            if (g) {
                const double *x = lr_frame_column(g, 0);
                int bad = 0;
                for (int i = 0; i < N && x; i++)
                    bad += !same_double(x[i], want[i]);
                CHECK(x && bad == 0, "%d numbers differ under a decimal-comma locale", bad);
                lr_frame_free(g);
            }
            setlocale(LC_ALL, "C");
        } else {
            printf("note: de_DE.UTF-8 could not be loaded; locale check skipped\n");
        }
    } else {
        printf("note: localedef unavailable; locale check skipped\n");
    }
    free(text);
    free(want);
}

/* Every record cut at every position: small blocks give the same frame. */
static void test_block_boundaries(void)
{
    const char *text = "\xEF\xBB\xBF" "id,\"name\",x,flag\r\n"
                       "1,\"a \"\"quoted\"\"\nname\",1.25,yes\r\n"
                       "2,plain,-0.5e-3,no\r\n"
                       "\r\n"
                       "3,\"x,y\",NA,\r\n"
                       "4,  spaced  ,12345678901234567890,yes\n"
                       "5,last,0.1,no";
    lr_frame *ref = NULL;
    lr_status st = lr_frame_parse_csv(text, strlen(text), "cut", NULL, &ref);
    CHECK(st == LR_OK, "reference parse: %s", lr_last_error());
    if (!ref)
        return;
    CHECK(lr_frame_nrows(ref) == 5 && lr_frame_ncols(ref) == 4, "shape");
    for (size_t block = 4; block <= 80; block++) {
        lr_frame *f = NULL;
        st = lr__frame_parse_csv_block(text, strlen(text), "cut", NULL, block, &f);
        CHECK(st == LR_OK && frames_equal(f, ref), "block %zu differs (%s)", block, lr_last_error());
        lr_frame_free(f);
    }
    lr_frame_free(ref);
}

/* A column that looks numeric for many rows and then holds text: the
 * reader reads a second time with the column categorical, from a file too. */
static void test_late_categorical(void)
{
    size_t n = 5000, cap = n * 16 + 64, len = 0;
    char *text = malloc(cap);
    if (!text)
        return;
    len += (size_t)snprintf(text, cap, "zip,v\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s,%zu\n",
                                i == n - 2 ? "K1A0B1" : (i % 2 ? "1000" : "02139"), i);
    lr_frame *f = NULL;
    lr_status st = lr__frame_parse_csv_block(text, len, "zips", NULL, 4096, &f);
    CHECK(st == LR_OK, "late categorical: %s", lr_last_error());
    if (f) {
        CHECK(lr_frame_column_type(f, 0) == LR_COLUMN_CATEGORICAL && lr_frame_nlevels(f, 0) == 3,
              "zip categorical with 3 levels");
        CHECK(!strcmp(lr_frame_level(f, 0, 0), "02139"), "leading zero kept: '%s'",
              lr_frame_level(f, 0, 0));
        CHECK(lr_frame_codes(f, 0)[0] == 0 && lr_frame_codes(f, 0)[1] == 1 &&
                  lr_frame_codes(f, 0)[n - 2] == 2,
              "codes of the re-read column");
        CHECK(lr_frame_column(f, 1)[n - 1] == (double)(n - 1), "other column intact");
        lr_frame_free(f);
    }
    const char *path = "build/test_csv_late.csv";
    FILE *fp = fopen(path, "wb");
    if (fp) {
        fwrite(text, 1, len, fp);
        fclose(fp);
        st = lr_frame_read_csv(path, NULL, &f);
        CHECK(st == LR_OK && lr_frame_column_type(f, 0) == LR_COLUMN_CATEGORICAL &&
                  lr_frame_nrows(f) == n,
              "late categorical from a file: %s", lr_last_error());
        lr_frame_free(f);
        remove(path);
    }
    /* forced numeric: the same text is an error naming the line */
    lr_csv_options o;
    lr_csv_options_init(&o);
    const char *num[] = {"zip", NULL};
    o.numeric = num;
    char line[32];
    snprintf(line, sizeof line, "bad.csv:%zu:", n);
    expect_error(text, &o, LR_ERR_PARSE, line, "'zip'", "'K1A0B1'");
    free(text);
}

static void test_errors(void)
{
    expect_error("a,b\n1,2\n3\n", NULL, LR_ERR_PARSE, "bad.csv:3:", "1 field", "'b'");
    expect_error("a,b\n1,2\n3,4,5\n", NULL, LR_ERR_PARSE, "bad.csv:3:", "more fields", NULL);
    expect_error("a,b\n1,2\n\"3,4\n5,6\n", NULL, LR_ERR_PARSE, "bad.csv:3:", "unterminated",
                 "'a'");
    expect_error("a,b\n1,\"x\"y\n", NULL, LR_ERR_PARSE, "bad.csv:2:", "after the closing quote",
                 "'y'");
    expect_error("", NULL, LR_ERR_EMPTY, "bad.csv", "empty", NULL);
    expect_error("\n\n", NULL, LR_ERR_EMPTY, "bad.csv", "empty", NULL);
    expect_error("a,b\n", NULL, LR_ERR_EMPTY, "bad.csv", "no data rows", NULL);
    expect_error("a,,c\n1,2,3\n", NULL, LR_ERR_PARSE, "bad.csv:1:", "column 2 has no name", NULL);
    expect_error("a,b,a\n1,2,3\n", NULL, LR_ERR_PARSE, "bad.csv:1:", "'a' appears twice", NULL);
    char nul[] = "a\n1\nx\0y\n";
    lr_frame *f = NULL;
    CHECK(lr_frame_parse_csv(nul, sizeof nul - 1, "nul.csv", NULL, &f) == LR_ERR_PARSE &&
              strstr(lr_last_error(), "NUL"),
          "NUL byte: %s", lr_last_error());
    CHECK(lr_frame_read_csv("no/such/file.csv", NULL, &f) == LR_ERR_IO &&
              strstr(lr_last_error(), "no/such/file.csv") && f == NULL,
          "missing file: %s", lr_last_error());
    CHECK(lr_frame_read_csv("tests", NULL, &f) == LR_ERR_IO && strstr(lr_last_error(), "directory"),
          "directory: %s", lr_last_error());
    CHECK(lr_frame_read_csv(NULL, NULL, &f) == LR_ERR_INVALID_ARG, "NULL path");
    CHECK(lr_frame_parse_csv(NULL, 3, "x", NULL, &f) == LR_ERR_INVALID_ARG, "NULL text");
}

static void test_windsor_file(void)
{
    lr_frame *f = NULL;
    lr_status st = lr_frame_read_csv("examples/data/house_prices_windsor.csv", NULL, &f);
    CHECK(st == LR_OK, "Windsor: %s", lr_last_error());
    if (!f)
        return;
    CHECK(lr_frame_nrows(f) == 546 && lr_frame_ncols(f) == 12, "Windsor shape %zu x %zu",
          lr_frame_nrows(f), lr_frame_ncols(f));
    size_t j;
    CHECK(lr_frame_find(f, "aircon", &j) == LR_OK && lr_frame_column_type(f, j) ==
                                                         LR_COLUMN_CATEGORICAL &&
              lr_frame_nlevels(f, j) == 2 && !strcmp(lr_frame_level(f, j, 1), "yes"),
          "aircon no/yes");
    CHECK(lr_frame_find(f, "price", &j) == LR_OK && lr_frame_column(f, j)[0] == 42000,
          "first price");
    lr_frame_free(f);
}

static void test_frame_from_arrays(void)
{
    lr_frame *f = NULL;
    CHECK(lr_frame_create(3, &f) == LR_OK, "create");
    double x[3] = {1, NAN, 3};
    const char *g[3] = {"b", NULL, "a"};
    CHECK(lr_frame_add_numeric(f, "x", x) == LR_OK, "add numeric");
    CHECK(lr_frame_add_categorical(f, "g", g) == LR_OK, "add categorical");
    CHECK(lr_frame_add_numeric(f, "x", x) == LR_ERR_INVALID_ARG && strstr(lr_last_error(), "'x'"),
          "duplicate name");
    CHECK(lr_frame_add_numeric(f, "", x) == LR_ERR_INVALID_ARG, "empty name");
    CHECK(lr_frame_ncols(f) == 2 && lr_frame_nmissing(f, 0) == 1 && lr_frame_nmissing(f, 1) == 1,
          "missing");
    CHECK(!strcmp(lr_frame_level(f, 1, 0), "a") && lr_frame_codes(f, 1)[0] == 1 &&
              lr_frame_codes(f, 1)[1] == -1,
          "sorted levels from arrays");
    lr_frame_free(f);
}

/* Malformed input of every kind: random mutations of a CSV parsed with
 * random block sizes must give either a consistent frame or an error with
 * a message, never a crash (run under ASan/UBSan by make test SANITIZE=1). */
static void test_garbage(void)
{
    const char *base = "id,\"name\",x,flag\r\n1,\"a \"\"q\"\"\nb\",1.25,yes\n2,plain,-0.5e-3,no\n"
                       "3,\"x,y\",NA,\n4,  s  ,12345678901234567890,yes\n";
    const char alphabet[] = {'"', ',', '\n', '\r', '\0', ' ', 'a', '1', '.', 'e', '-', ';', '\t'};
    size_t blen = strlen(base), bad_status = 0, bad_frame = 0, ok = 0;
    char buf[256];
    for (int it = 0; it < 4000; it++) {
        size_t len = blen;
        memcpy(buf, base, blen);
        int edits = 1 + (int)(next_u64() % 4);
        for (int e = 0; e < edits; e++) {
            size_t pos = (size_t)(next_u64() % (len + 1));
            char c = alphabet[next_u64() % sizeof alphabet];
            switch (next_u64() % 3) {
            case 0: /* replace */
                if (pos < len)
                    buf[pos] = c;
                break;
            case 1: /* insert */
                if (len + 1 < sizeof buf) {
                    memmove(buf + pos + 1, buf + pos, len - pos);
                    buf[pos] = c;
                    len++;
                }
                break;
            default: /* delete */
                if (pos < len) {
                    memmove(buf + pos, buf + pos + 1, len - pos - 1);
                    len--;
                }
            }
        }
        if (next_u64() % 4 == 0)
            len = (size_t)(next_u64() % (len + 1)); /* truncated file */
        lr_frame *f = NULL;
        lr_status st = lr__frame_parse_csv_block(buf, len, "g.csv", NULL, 4 + next_u64() % 64, &f);
        if (st != LR_OK) {
            bad_status += f != NULL || !*lr_last_error();
            continue;
        }
        ok++;
        for (size_t j = 0; j < lr_frame_ncols(f); j++) {
            const int *c = lr_frame_codes(f, j);
            for (size_t i = 0; c && i < lr_frame_nrows(f); i++)
                bad_frame += c[i] >= (int)lr_frame_nlevels(f, j) || c[i] < -1;
        }
        bad_frame += lr_frame_nrows(f) == 0;
        lr_frame_free(f);
    }
    CHECK(bad_status == 0, "%zu failures without a message or with a frame", bad_status);
    CHECK(bad_frame == 0, "%zu inconsistent frames", bad_frame);
    CHECK(ok > 100, "only %zu of the mutated files parsed", ok);
}

int main(void)
{
    test_basic();
    test_quoting_and_line_ends();
    test_delimiters_and_header();
    test_types_and_missing();
    test_numbers_match_strtod();
    test_block_boundaries();
    test_late_categorical();
    test_errors();
    test_windsor_file();
    test_frame_from_arrays();
    test_garbage();
    return test_report("test_csv");
}
