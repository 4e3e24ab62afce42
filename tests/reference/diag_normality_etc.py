"""Reference values from statsmodels for the diagnostics whose definition
is statsmodels' own: Jarque-Bera, the omnibus K^2 test (omni_normtest =
scipy.stats.normaltest), White's test (het_white) and the residual skewness
and kurtosis reported in the OLS/WLS summary.

Run from the repository root with the system Python that has statsmodels:
    /usr/bin/python3 tests/reference/diag_normality_etc.py
Reads tests/fixtures/data/*.csv and manifest.csv, writes
tests/fixtures/diag/statsmodels.csv (dataset,test,statistic,df1,df2,p_value,n)
with repr() of each double (shortest text that reads back exactly); NA where
a value does not exist.

Residuals: res.wresid, i.e. sqrt(w) * e for a weighted fit (what the
statsmodels summary passes to jarque_bera and omni_normtest). White's
auxiliary regression uses the squared weighted residuals and the products
of the columns of the unweighted design (constant included), as
het_white(res.wresid, X). het_white needs a constant column, so the
no-intercept dataset has NA there (linreg reports LR_ERR_UNDEFINED).
"""
import csv
import os

import numpy as np
import statsmodels
import statsmodels.api as sm
from statsmodels.stats.diagnostic import het_white
from statsmodels.stats.stattools import jarque_bera, omni_normtest

DATA = "tests/fixtures/data"
OUT = "tests/fixtures/diag"


def fmt(x):
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "NA"
    return repr(float(x))


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    names = rows[0]
    cols = {n: np.array([float(r[j]) for r in rows[1:]]) for j, n in enumerate(names)}
    return cols


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(DATA, "manifest.csv"), newline="") as f:
        manifest = list(csv.DictReader(f))
    out = []
    for mf in manifest:
        d = read_csv(os.path.join(DATA, mf["name"] + ".csv"))
        y = d[mf["response"]]
        X = np.column_stack([d[p] for p in mf["predictors"].split("+")])
        if mf["intercept"] == "1":
            X = np.column_stack([np.ones(len(y)), X])
        if mf["weights"]:
            res = sm.WLS(y, X, weights=d[mf["weights"]]).fit()
        else:
            res = sm.OLS(y, X).fit()
        r = res.wresid
        n = len(r)
        ds = mf["name"]

        jb, jbp, skew, kurt = jarque_bera(r)
        out.append((ds, "jarque_bera", jb, 2, None, jbp, n))
        out.append((ds, "skewness", skew, None, None, None, n))
        out.append((ds, "kurtosis", kurt, None, None, None, n))
        k2, k2p = omni_normtest(r)
        out.append((ds, "omnibus", k2, 2, None, k2p, n))
        try:
            lm, lmp, fv, fp = het_white(r, X)
            # the auxiliary regression, refitted to read its degrees of freedom
            i0, i1 = np.triu_indices(X.shape[1])
            aux = sm.OLS(r ** 2, X[:, i0] * X[:, i1]).fit()
            out.append((ds, "white_lm", lm, aux.df_model, None, lmp, n))
            out.append((ds, "white_f", fv, aux.df_model, aux.df_resid, fp, n))
        except (AssertionError, ValueError):
            out.append((ds, "white_lm", None, None, None, None, n))
            out.append((ds, "white_f", None, None, None, None, n))
        if ds == "clean":
            # a 0/1 dummy duplicates its own square: the auxiliary design is
            # rank deficient and df drops by one (the test linreg runs on the
            # model y ~ x1 + x2 + x3 + d with d = (x1 > 0))
            dummy = (d["x1"] > 0).astype(float)
            Xd = np.column_stack([X, dummy])
            rd = sm.OLS(y, Xd).fit().wresid
            lm, lmp, fv, fp = het_white(rd, Xd)
            i0, i1 = np.triu_indices(Xd.shape[1])
            aux = sm.OLS(rd ** 2, Xd[:, i0] * Xd[:, i1]).fit()
            out.append((ds, "white_lm_dummy", lm, aux.df_model, None, lmp, len(rd)))
            out.append((ds, "white_f_dummy", fv, aux.df_model, aux.df_resid, fp, len(rd)))

    with open(os.path.join(OUT, "statsmodels.csv"), "w", newline="") as f:
        f.write("dataset,test,statistic,df1,df2,p_value,n\n")
        for ds, test, st, df1, df2, p, n in out:
            f.write(",".join([ds, test, fmt(st), fmt(df1), fmt(df2), fmt(p), str(n)]) + "\n")
    print("wrote", len(out), "rows with statsmodels", statsmodels.__version__)


if __name__ == "__main__":
    main()
