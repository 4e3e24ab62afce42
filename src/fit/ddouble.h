/* Double-double arithmetic: a value is hi + lo with |lo| <= ulp(hi)/2,
 * about 106 bits of precision. Error-free transformations after Knuth
 * (TwoSum) and Dekker/Kahan (TwoProduct through fma), as in Hida, Li and
 * Bailey, "Library for double-double and quad-double arithmetic" (2007).
 * Used for residuals and Gram matrices in the iterative refinement, where
 * 80-bit long double is not enough (docs/numerics.md). */
#ifndef LR_DDOUBLE_H
#define LR_DDOUBLE_H

#include <math.h>

typedef struct { double hi, lo; } lr_dd;

static inline lr_dd lr_dd_two_sum(double a, double b)
{
    double s = a + b;
    double bb = s - a;
    lr_dd r = {s, (a - (s - bb)) + (b - bb)};
    return r;
}

static inline lr_dd lr_dd_quick_two_sum(double a, double b)
{
    double s = a + b;
    lr_dd r = {s, b - (s - a)};
    return r;
}

static inline lr_dd lr_dd_two_prod(double a, double b)
{
    double p = a * b;
    lr_dd r = {p, fma(a, b, -p)};
    return r;
}

/* a + b, both double-double (the accurate "IEEE" addition). */
static inline lr_dd lr_dd_add(lr_dd a, lr_dd b)
{
    lr_dd s = lr_dd_two_sum(a.hi, b.hi);
    lr_dd t = lr_dd_two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = lr_dd_quick_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return lr_dd_quick_two_sum(s.hi, s.lo);
}

/* a + b with b a double. */
static inline lr_dd lr_dd_add_d(lr_dd a, double b)
{
    lr_dd s = lr_dd_two_sum(a.hi, b);
    s.lo += a.lo;
    return lr_dd_quick_two_sum(s.hi, s.lo);
}

/* a * b, both double-double. */
static inline lr_dd lr_dd_mul(lr_dd a, lr_dd b)
{
    lr_dd p = lr_dd_two_prod(a.hi, b.hi);
    p.lo += a.hi * b.lo + a.lo * b.hi;
    return lr_dd_quick_two_sum(p.hi, p.lo);
}

/* a * b with b a double. */
static inline lr_dd lr_dd_mul_d(lr_dd a, double b)
{
    lr_dd p = lr_dd_two_prod(a.hi, b);
    p.lo += a.lo * b;
    return lr_dd_quick_two_sum(p.hi, p.lo);
}

static inline lr_dd lr_dd_neg(lr_dd a)
{
    lr_dd r = {-a.hi, -a.lo};
    return r;
}

static inline lr_dd lr_dd_from(double a)
{
    lr_dd r = {a, 0.0};
    return r;
}

/* acc + (a_hi + a_lo) * b, the inner step of a dot product with a
 * double-double left operand and a double right operand. */
static inline lr_dd lr_dd_fma(lr_dd acc, double a_hi, double a_lo, double b)
{
    lr_dd p = lr_dd_two_prod(a_hi, b);
    p.lo += a_lo * b;
    return lr_dd_add(acc, p);
}

/* sqrt of a double-double (one Newton step on the double sqrt). */
static inline lr_dd lr_dd_sqrt(lr_dd a)
{
    if (a.hi <= 0.0)
        return lr_dd_from(sqrt(a.hi));
    double x = sqrt(a.hi);
    lr_dd xx = lr_dd_two_prod(x, x);
    lr_dd d = lr_dd_add(a, lr_dd_neg(xx));
    return lr_dd_quick_two_sum(x, d.hi / (2.0 * x));
}

#endif
