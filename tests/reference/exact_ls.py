#!/usr/bin/env python3
"""Exact least squares in rational arithmetic (Python's fractions, stdlib
only): the data are doubles, hence exact rationals, so the normal equations
solved exactly give the exact least-squares answer of the rounded data, with
no rounding error at all. Square roots (sigma, standard errors) are taken
in 50-digit decimal arithmetic. This is the independent reference for
ill-conditioned cases where R's lm itself loses digits.

usage: exact_ls.py DATA.csv PREDICTORS(a+b) INTERCEPT(0|1) OUT.csv
writes name,estimate,std_error and the rows sigma, r_squared.
"""
import csv
import sys
from decimal import Decimal, getcontext
from fractions import Fraction

getcontext().prec = 50


def solve(a, b):
    """Gauss-Jordan elimination in exact rationals."""
    n = len(a)
    m = [row[:] + [bb] for row, bb in zip(a, b)]
    for c in range(n):
        piv = next(r for r in range(c, n) if m[r][c] != 0)
        m[c], m[piv] = m[piv], m[c]
        for r in range(n):
            if r != c and m[r][c] != 0:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def inverse_diag(a):
    n = len(a)
    return [solve(a, [Fraction(int(i == j)) for i in range(n)])[j] for j in range(n)]


def dec(q):
    return Decimal(q.numerator) / Decimal(q.denominator)


def main():
    path, preds, icpt, out = sys.argv[1], sys.argv[2].split("+"), sys.argv[3] == "1", sys.argv[4]
    rows = list(csv.DictReader(open(path)))
    y = [Fraction(float(r["y"])) for r in rows]
    x = [([Fraction(1)] if icpt else []) + [Fraction(float(r[p])) for p in preds] for r in rows]
    names = (["(Intercept)"] if icpt else []) + preds
    p, n = len(names), len(rows)
    xtx = [[sum(xi[a] * xi[b] for xi in x) for b in range(p)] for a in range(p)]
    xty = [sum(xi[a] * yi for xi, yi in zip(x, y)) for a in range(p)]
    beta = solve(xtx, xty)
    res = [yi - sum(c * v for c, v in zip(beta, xi)) for xi, yi in zip(x, y)]
    rss = sum(r * r for r in res)
    s2 = rss / (n - p)
    ybar = sum(y) / n if icpt else Fraction(0)
    tss = sum((yi - ybar) ** 2 for yi in y)
    diag = inverse_diag(xtx)
    with open(out, "w") as f:
        f.write("name,estimate,std_error\n")
        for nm, b, d in zip(names, beta, diag):
            f.write("%s,%s,%s\n" % (nm, repr(float(b)), repr(float((dec(s2) * dec(d)).sqrt()))))
        f.write("sigma,%s,NA\n" % repr(float(dec(s2).sqrt())))
        f.write("r_squared,%s,NA\n" % repr(float(1 - rss / tss)))


if __name__ == "__main__":
    main()
