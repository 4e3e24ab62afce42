/* Decimal text to double, correctly rounded and locale-independent.
 *
 * Fast path (Clinger 1990, "How to read floating point numbers
 * accurately"): a decimal m * 10^e with an integer mantissa m <= 2^53 and
 * |e| <= 22 is exact as two doubles (m and 10^|e|, both exactly
 * representable), so one IEEE multiplication or division rounds the exact
 * value once: the result is the correctly rounded double, the same as
 * strtod's. For 22 < e <= 37 the same holds when m * 10^(e-22) is still an
 * integer <= 2^53 (then one multiplication by 1e22). Mantissas of 17 to 19
 * digits (above 2^53) with |e| <= 22 take a double-double product with a
 * rounding-boundary check (lr__dd_decimal). Everything else (more than 19
 * digits, larger exponents, hexadecimal, inf/nan) goes to strtod_l
 * with the C locale. This needs round-to-nearest double arithmetic without
 * extended intermediates (FLT_EVAL_METHOD == 0, as on x86-64 and AArch64);
 * elsewhere every number takes the strtod_l path. Not installed. */
#ifndef LR_NUMBER_H
#define LR_NUMBER_H

#include <float.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>

static const double lr__pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

#define LR__TWO53 9007199254740992ull

/* 10^-k as double-double (hi + lo, |lo| <= ulp(hi)/2), k = 0..22. */
static const double lr__pow10_neg[23][2] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.999999999999ap-4, -0x1.999999999999ap-58},
    {0x1.47ae147ae147bp-7, -0x1.eb851eb851eb8p-63},
    {0x1.0624dd2f1a9fcp-10, -0x1.89374bc6a7efap-66},
    {0x1.a36e2eb1c432dp-14, -0x1.6a161e4f765fep-68},
    {0x1.4f8b588e368f1p-17, -0x1.ee78183f91e64p-71},
    {0x1.0c6f7a0b5ed8dp-20, 0x1.b5a63f9a49c2cp-75},
    {0x1.ad7f29abcaf48p-24, 0x1.5e1e99483b023p-78},
    {0x1.5798ee2308c3ap-27, -0x1.03023df2d4c94p-82},
    {0x1.12e0be826d695p-30, -0x1.34674bfabb83bp-84},
    {0x1.b7cdfd9d7bdbbp-34, -0x1.20a5465df8d2cp-88},
    {0x1.5fd7fe1796495p-37, 0x1.7f7bc7b4d28aap-91},
    {0x1.19799812dea11p-40, 0x1.97f27f0f6e886p-96},
    {0x1.c25c268497682p-44, -0x1.ecd79a5a0df95p-99},
    {0x1.6849b86a12b9bp-47, 0x1.ea70909833de7p-107},
    {0x1.203af9ee75616p-50, -0x1.937831647f5a0p-104},
    {0x1.cd2b297d889bcp-54, 0x1.5b4c2ebe68799p-109},
    {0x1.70ef54646d497p-57, -0x1.db7b2080a3029p-111},
    {0x1.2725dd1d243acp-60, -0x1.7c628066e8ceep-114},
    {0x1.d83c94fb6d2acp-64, 0x1.a52b31e9e3d07p-119},
    {0x1.79ca10c924223p-67, 0x1.75447a5d8e536p-121},
    {0x1.2e3b40a0e9b4fp-70, 0x1.f769fb7e0b75ep-124},
    {0x1.e392010175ee6p-74, -0x1.a7566d9cba769p-128},
};


/* The rounding error of a * b (a * b = fl(a * b) + err exactly), by
 * Dekker's splitting: no fma instruction is assumed (without -mfma the C
 * fma() is a library call, three times slower here). Valid while
 * |a|, |b| < 2^996 and no underflow, as below. */
static inline double lr__two_prod_err(double a, double b, double p)
{
    const double split = 134217729.0; /* 2^27 + 1 */
    double t = split * a, ah = t - (t - a), al = a - ah;
    t = split * b;
    double bh = t - (t - b), bl = b - bh;
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/* m * 10^e for 2^53 < m < 10^19 and |e| <= 22, correctly rounded, or 0
 * when it cannot be decided here. The product is formed in
 * double-double (m = mh + ml exactly; 10^e an exact double for e >= 0 and a
 * double-double to 2^-107 for e < 0; TwoProduct by Dekker's splitting),
 * with a relative error below 2^-100; the double nearest to that
 * approximation is the correctly rounded result unless the approximation
 * lies within 2^-95 (relative) of a rounding boundary (the midpoint to a
 * neighbouring double), which is reported as undecided (fewer than one
 * number in 10^12; strtod_l then decides). */
static inline int lr__dd_decimal(uint64_t m, int e, double *out)
{
    double mh = (double)m;
    uint64_t mi = (uint64_t)mh;
    double ml = mi >= m ? -(double)(mi - m) : (double)(m - mi);
    double xh, xl;
    if (e >= 0) {
        double p = lr__pow10[e];
        double ph = mh * p;
        double pl = lr__two_prod_err(mh, p, ph) + ml * p;
        xh = ph + pl;
        xl = pl - (xh - ph);
    } else { /* (mh + ml) (h + l) with h + l = 10^e to 2^-107: no division */
        double h = lr__pow10_neg[-e][0], l = lr__pow10_neg[-e][1];
        double ph = mh * h;
        double pl = lr__two_prod_err(mh, h, ph) + (mh * l + ml * h);
        xh = ph + pl;
        xl = pl - (xh - ph);
    }
    uint64_t bits;
    memcpy(&bits, &xh, sizeof bits);
    int expo = (int)((bits >> 52) & 0x7ff);
    if (expo <= 53 || expo >= 0x7fe)
        return 0;
    uint64_t ubits = (uint64_t)(expo - 52) << 52; /* 2^(expo-1075): the spacing above xh */
    double ulp;
    memcpy(&ulp, &ubits, sizeof ulp);
    double ulp_below = (bits & 0xfffffffffffffull) == 0 ? ulp / 2 : ulp;
    double delta = xh * 0x1p-95;
    if (xl >= ulp / 2 - delta || xl <= -ulp_below / 2 + delta)
        return 0;
    *out = xh;
    return 1;
}

/* Parses an ordinary decimal number ([+-]digits[.digits][(e|E)[+-]digits])
 * starting at s. Returns 1 and sets *out and *end (first byte after the
 * number) when the fast path applies; returns 0 (nothing set) otherwise,
 * including when s does not start a number. The text must be followed by a
 * byte that is not a digit, '.', 'e' or 'E' inside readable memory (the CSV
 * reader keeps a NUL after its buffer). */
#if defined(__GNUC__)
#define LR__HOT_INLINE inline __attribute__((always_inline))
#else
#define LR__HOT_INLINE inline
#endif

static LR__HOT_INLINE int lr__fast_double(const char *s, const char **end, double *out)
{
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    const char *p = s;
    int neg = *p == '-';
    p += (*p == '-' || *p == '+');
    uint64_t m = 0;
    const char *d0 = p;
    while ((unsigned)(*p - '0') < 10u)
        m = m * 10u + (uint64_t)(*p++ - '0');
    size_t ndig = (size_t)(p - d0);
    int64_t e = 0;
    if (*p == '.') {
        const char *f0 = ++p;
        while ((unsigned)(*p - '0') < 10u)
            m = m * 10u + (uint64_t)(*p++ - '0');
        ndig += (size_t)(p - f0);
        e = -(int64_t)(p - f0);
    }
    if (ndig == 0 || ndig > 19)
        return 0;
    if ((*p | 0x20) == 'e') {
        const char *q = p + 1;
        int eneg = *q == '-';
        q += (*q == '-' || *q == '+');
        if ((unsigned)(*q - '0') >= 10u)
            return 0;
        int64_t x = 0;
        while ((unsigned)(*q - '0') < 10u) {
            if (x < 100000)
                x = x * 10 + (*q - '0');
            q++;
        }
        e += eneg ? -x : x;
        p = q;
    }
    double v;
    if (m == 0) {
        v = 0.0;
    } else if (m > LR__TWO53) {
        if (e < -22 || e > 22 || !lr__dd_decimal(m, (int)e, &v))
            return 0;
    } else if (e >= 0 && e <= 22) {
        v = (double)m * lr__pow10[e];
    } else if (e < 0 && e >= -22) {
        v = (double)m / lr__pow10[-e];
    } else if (e > 22 && e <= 22 + 15) {
        uint64_t scale = (uint64_t)lr__pow10[e - 22];
        if (m > LR__TWO53 / scale)
            return 0;
        v = (double)(m * scale) * 1e22;
    } else {
        return 0;
    }
    *out = neg ? -v : v;
    *end = p;
    return 1;
#else
    (void)s;
    (void)end;
    (void)out;
    return 0;
#endif
}

#endif
