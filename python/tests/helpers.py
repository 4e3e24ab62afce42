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
        return [tolist(x) if not isinstance(x, float) else x for x in v]
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
