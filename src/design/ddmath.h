/* Double-double division, powers, exp and log for derived design columns
 * (log(x), exp(x), I(x^k), I(a/b)), after Hida, Li and Bailey (2007):
 * exp by argument reduction x = k ln2 + r, r / 512, Taylor series of
 * expm1 and nine doublings; log by one Newton step on exp from the double
 * log. Relative accuracy about 2^-100 in the ranges a design meets.
 * Not installed. */
#ifndef LR_DDMATH_H
#define LR_DDMATH_H

#include "../fit/ddouble.h"

#include <math.h>

static inline lr_dd lr_dd_sub(lr_dd a, lr_dd b) { return lr_dd_add(a, lr_dd_neg(b)); }

/* a / b, both double-double (three quotient digits). */
static inline lr_dd lr_dd_div(lr_dd a, lr_dd b)
{
    double q1 = a.hi / b.hi;
    lr_dd r = lr_dd_sub(a, lr_dd_mul_d(b, q1));
    double q2 = r.hi / b.hi;
    r = lr_dd_sub(r, lr_dd_mul_d(b, q2));
    double q3 = r.hi / b.hi;
    lr_dd q = lr_dd_quick_two_sum(q1, q2);
    return lr_dd_add_d(q, q3);
}

/* a^n for an integer n (binary powering; n < 0 gives 1 / a^-n). */
static inline lr_dd lr_dd_powi(lr_dd a, long n)
{
    unsigned long m = n < 0 ? (unsigned long)(-n) : (unsigned long)n;
    lr_dd r = lr_dd_from(1.0), s = a;
    while (m) {
        if (m & 1)
            r = lr_dd_mul(r, s);
        m >>= 1;
        if (m)
            s = lr_dd_mul(s, s);
    }
    return n < 0 ? lr_dd_div(lr_dd_from(1.0), r) : r;
}

static inline lr_dd lr_dd_ldexp(lr_dd a, int e)
{
    lr_dd r = {ldexp(a.hi, e), ldexp(a.lo, e)};
    return r;
}

/* exp(a); hi is Inf past overflow, 0 past underflow. */
static inline lr_dd lr_dd_exp(lr_dd a)
{
    const lr_dd ln2 = {0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56};
    if (a.hi > 709.79)
        return lr_dd_from(INFINITY);
    if (a.hi < -745.2)
        return lr_dd_from(0.0);
    if (a.hi == 0.0)
        return lr_dd_from(1.0);
    double k = floor(a.hi / ln2.hi + 0.5);
    lr_dd r = lr_dd_sub(a, lr_dd_mul_d(ln2, k));
    r = lr_dd_ldexp(r, -9); /* |r| < 2^-10 */
    /* expm1(r) = r + r^2/2! + r^3/3! + ... */
    lr_dd s = r, term = r;
    for (int i = 2; i <= 12; i++) {
        term = lr_dd_div(lr_dd_mul(term, r), lr_dd_from((double)i));
        s = lr_dd_add(s, term);
        if (fabs(term.hi) < 1e-36)
            break;
    }
    /* expm1(2x) = 2 expm1(x) + expm1(x)^2, nine times */
    for (int i = 0; i < 9; i++)
        s = lr_dd_add(lr_dd_ldexp(s, 1), lr_dd_mul(s, s));
    s = lr_dd_add_d(s, 1.0);
    return lr_dd_ldexp(s, (int)k);
}

/* log(a) for a > 0 (the caller checks); one Newton step
 * x1 = x0 + a exp(-x0) - 1 doubles the 53 correct bits of the double log. */
static inline lr_dd lr_dd_log(lr_dd a)
{
    double x0 = log(a.hi);
    lr_dd x = lr_dd_from(x0);
    lr_dd t = lr_dd_mul(a, lr_dd_exp(lr_dd_from(-x0)));
    return lr_dd_add(x, lr_dd_add_d(t, -1.0));
}

/* a^b for a > 0 and non-integer b: exp(b log a). */
static inline lr_dd lr_dd_pow(lr_dd a, lr_dd b) { return lr_dd_exp(lr_dd_mul(b, lr_dd_log(a))); }

#endif
