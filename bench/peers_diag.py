"""statsmodels on the data of bench_diag (written by `bench_diag N P 1 dump FILE`).

usage: /usr/bin/python3 bench/peers_diag.py FILE N P [REPS]

Times, on the same data as the linreg benchmark, the set the issue quotes:
OLS fit + summary + Breusch-Pagan + Durbin-Watson + Jarque-Bera + VIF of
every column + Cook's distance; then a set closer to linreg's default set
(adding Goldfeld-Quandt, Breusch-Godfrey, Ljung-Box, omnibus, Anderson-
Darling, RESET, rainbow, the condition number, and the influence measures
statsmodels has in closed form: leverage, Cook's distance, internally
studentized residuals, DFFITS of those). Left out because statsmodels
computes them with a leave-one-out loop (n refits) or a Python loop over
the rows, which does not finish at 10^6 rows: externally studentized
residuals, DFFITS, DFBETAS, COVRATIO, outlier_test, Harvey-Collier.
Prints seconds (best and median of REPS).
"""
import sys
import time

import numpy as np
import statsmodels.api as sm
from statsmodels.stats.diagnostic import (acorr_breusch_godfrey, acorr_ljungbox,
                                          het_breuschpagan, het_goldfeldquandt,
                                          linear_rainbow, linear_reset, normal_ad)
from statsmodels.stats.outliers_influence import OLSInfluence, variance_inflation_factor
from statsmodels.stats.stattools import durbin_watson, jarque_bera, omni_normtest


def issue_set(X, y):
    Xc = sm.add_constant(X)
    res = sm.OLS(y, Xc).fit()
    res.summary()
    het_breuschpagan(res.resid, Xc)
    durbin_watson(res.resid)
    jarque_bera(res.resid)
    [variance_inflation_factor(Xc, j) for j in range(1, Xc.shape[1])]
    OLSInfluence(res).cooks_distance
    return res


def default_set(X, y):
    Xc = sm.add_constant(X)
    res = sm.OLS(y, Xc).fit()
    res.summary()
    e = res.resid
    jarque_bera(e)
    omni_normtest(e)
    normal_ad(e)
    het_breuschpagan(e, Xc)
    het_goldfeldquandt(y, Xc)
    durbin_watson(e)
    acorr_breusch_godfrey(res, nlags=1)
    acorr_ljungbox(e, lags=[10])
    linear_reset(res, power=3, use_f=True)
    linear_rainbow(res)
    [variance_inflation_factor(Xc, j) for j in range(1, Xc.shape[1])]
    np.linalg.cond(Xc / np.linalg.norm(Xc, axis=0))
    infl = OLSInfluence(res)
    infl.hat_matrix_diag
    infl.cooks_distance
    infl.resid_studentized_internal
    infl.dffits_internal
    return res


def best(fn, X, y, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn(X, y)
        times.append(time.perf_counter() - t0)
    return min(times), sorted(times)[len(times) // 2]


def main():
    path, n, p = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    reps = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    raw = np.fromfile(path, dtype="<f8")
    X = raw[: n * p].reshape(p, n).T.copy()
    y = raw[n * p:].copy()
    b, m = best(issue_set, X, y, reps)
    print(f"statsmodels n={n} p={p} fit+summary+BP+DW+JB+VIF+Cook: best {b:.2f} s median {m:.2f} s")
    b, m = best(default_set, X, y, reps)
    print(f"statsmodels n={n} p={p} linreg's default set, closed-form influence only: "
          f"best {b:.2f} s median {m:.2f} s")


if __name__ == "__main__":
    main()
