"""Shared helpers of the binding's tests: import path, fixtures, comparisons."""

import csv
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
if os.path.join(ROOT, "python") not in sys.path:
    sys.path.insert(0, os.path.join(ROOT, "python"))

import linreg  # noqa: E402
from linreg import _buffers  # noqa: E402

np = _buffers.np
NUMPY_SKIP = "numpy is not importable by %s (stdlib-only run)" % sys.executable

DATA = os.path.join(ROOT, "tests", "fixtures", "data")
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "python")
WINDSOR = os.path.join(ROOT, "examples", "data", "house_prices_windsor.csv")


def num(text):
    return math.nan if text == "NA" else float(text)


def read_columns(path):
    """A CSV file with a header as {column: [values]} (numbers where they parse)."""
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    cols = {}
    for j, name in enumerate(header):
        vals = [r[j] for r in body]
        try:
            cols[name] = [num(v) for v in vals]
        except ValueError:
            cols[name] = vals
    return cols


def read_rows(path):
    """A CSV file as (header, list of rows)."""
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def dataset(name):
    return read_columns(os.path.join(DATA, name + ".csv"))


def tolist(v):
    """A vector or matrix result as (nested) lists of floats."""
    if np is not None and isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, list):
        return [tolist(x) if not isinstance(x, (int, float)) else x for x in v]
    return list(v)


def close(a, b, rel=1e-10, abs_=0.0):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= rel * max(abs(a), abs(b)) + abs_


class Asserts:
    """Mixin for unittest.TestCase: relative comparisons that treat NaN == NaN."""

    def assertRel(self, got, want, rel=1e-10, abs_=0.0, what=""):
        self.assertTrue(close(float(got), float(want), rel, abs_),
                        "%s: got %r, want %r (rel %g)" % (what, got, want, rel))

    def assertAllRel(self, got, want, rel=1e-10, abs_=0.0, what=""):
        got, want = tolist(got), tolist(want)
        self.assertEqual(len(got), len(want), what)
        for i, (g, w) in enumerate(zip(got, want)):
            if isinstance(g, list):
                self.assertAllRel(g, w, rel, abs_, "%s[%d]" % (what, i))
            else:
                self.assertRel(g, w, rel, abs_, "%s[%d]" % (what, i))


# ------------------------------------------------ fixtures of the C diagnostics tests

DIAG = os.path.join(ROOT, "tests", "fixtures", "diag")
INFLUENCE = os.path.join(ROOT, "tests", "fixtures", "influence")
ROBUST = os.path.join(ROOT, "tests", "fixtures", "robust")
INTERPRET = os.path.join(ROOT, "tests", "fixtures", "interpret")

#: The C tests' tolerance for statistics and p-values (tests/diag_fixtures.h FIX_TOL,
#: diag_fixture.h / robust tests TOL).
FIX_TOL = 1e-8


def manifest():
    """tests/fixtures/data/manifest.csv as a list of dicts."""
    header, rows = read_rows(os.path.join(DATA, "manifest.csv"))
    return [dict(zip(header, r + [""] * (len(header) - len(r)))) for r in rows]


def fit_spec(spec, path=None, extra_dummy=False, first_rows=None, copy_data=False):
    """Fits a dataset as the C tests do: predictors "a+b" in order, response,
    intercept 0/1, weights column (or empty). Returns (model, columns dict)."""
    cols = read_columns(path or os.path.join(DATA, spec["name"] + ".csv"))
    if first_rows:
        cols = {k: v[:first_rows] for k, v in cols.items()}
    preds = spec["predictors"].split("+")
    X = {p: cols[p] for p in preds}
    if extra_dummy:
        X["d"] = [1.0 if v > 0 else 0.0 for v in cols["x1"]]
    w = cols[spec["weights"]] if spec.get("weights") else None
    m = linreg.fit(X, cols[spec["response"]], weights=w, intercept=spec["intercept"] == "1",
                   copy_data=copy_data)
    return m, cols


def read_keyed(path, key_cols):
    """A fixture CSV as {tuple of key columns: row dict}."""
    header, rows = read_rows(path)
    out = {}
    for r in rows:
        d = dict(zip(header, r))
        out[tuple(d[k] for k in key_cols)] = d
    return out


def close_p(got, want, tol=FIX_TOL):
    """The C tests' p-value rule: references at or below 1e-300 only need a tiny value."""
    if not math.isnan(want) and want <= 1e-300:
        return got <= 1e-290
    return close(got, want, tol)
