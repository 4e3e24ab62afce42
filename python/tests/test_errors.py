"""Every status maps to its exception class; every error path raises the
right class carrying the C library's message (lr_last_error)."""

import array
import math
import os
import tempfile
import unittest

from helpers import linreg
from linreg import errors

S = linreg.Status
X3 = [[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [4.0, 3.0], [5.0, 4.0]]
Y3 = [1.0, 2.0, 2.5, 4.0, 5.5]


class StatusMappingTest(unittest.TestCase):
    def test_every_status_has_a_class_and_c_text(self):
        self.assertEqual(len(S), errors.STATUS_COUNT)
        self.assertEqual(linreg.strerror(S.OK), "success")
        for code in range(1, errors.STATUS_COUNT):
            cls = errors.STATUS_CLASSES[S(code)]
            self.assertTrue(issubclass(cls, linreg.LinregError))
            self.assertIsNot(cls, linreg.LinregError)
            text = linreg.strerror(code)
            self.assertNotEqual(text, "unknown status", code)
            e = errors.error_for_status(code, "detail %d" % code, text)
            self.assertIs(type(e), cls)
            self.assertEqual((e.status, e.detail, e.status_text, str(e)),
                             (code, "detail %d" % code, text, "detail %d" % code))
        # The C enum has exactly STATUS_COUNT codes: the next one is unknown to C.
        self.assertEqual(linreg.strerror(errors.STATUS_COUNT), "unknown status")
        self.assertEqual(len(set(errors.STATUS_CLASSES.values())), errors.STATUS_COUNT - 1)

    def test_kinds_derive_from_builtin_exceptions(self):
        self.assertTrue(issubclass(linreg.DimensionError, ValueError))
        self.assertTrue(issubclass(linreg.InputOutputError, OSError))
        self.assertTrue(issubclass(linreg.NotFoundError, LookupError))
        self.assertTrue(issubclass(linreg.OutOfMemoryError, MemoryError))
        self.assertTrue(issubclass(linreg.NetworkError, linreg.RemoteError))
        self.assertTrue(issubclass(linreg.NetworkError, ConnectionError))
        self.assertTrue(issubclass(linreg.AuthError, PermissionError))
        self.assertTrue(issubclass(linreg.ConflictError, linreg.RemoteError))
        self.assertTrue(issubclass(linreg.ServerError, linreg.RemoteError))
        self.assertTrue(issubclass(linreg.LibraryError, ImportError))
        self.assertTrue(issubclass(linreg.InputTypeError, TypeError))
        self.assertTrue(issubclass(linreg.InputTypeError, linreg.InvalidArgumentError))

    def test_unknown_status_gives_the_base_class(self):
        e = errors.error_for_status(999, "from a newer library")
        self.assertIs(type(e), linreg.LinregError)
        self.assertEqual((e.status, str(e)), (999, "from a newer library"))
        e = errors.error_for_status(S.PARSE, "", "malformed input")
        self.assertEqual(str(e), "malformed input")


class CErrorPathTest(unittest.TestCase):
    """Failures detected by the C library: class + message == lr_last_error()."""

    def raises(self, cls, fn, *args, contains=None, **kwargs):
        with self.assertRaises(cls) as ctx:
            fn(*args, **kwargs)
        e = ctx.exception
        self.assertIs(type(e), cls)
        self.assertTrue(e.detail)
        self.assertEqual(e.detail, linreg.last_error())  # the C thread-local message
        self.assertEqual(str(e), e.detail)
        self.assertEqual(e.status_text, linreg.strerror(e.status))
        if contains:
            self.assertIn(contains, e.detail)
        return e

    def test_fit_errors(self):
        e = self.raises(linreg.DimensionError, linreg.fit, X3, Y3[:4],
                        contains="y has 4 elements but X has 5 rows")
        self.assertEqual(e.status, S.DIMENSION)
        self.raises(linreg.DimensionError, linreg.fit, X3, Y3, weights=[1.0] * 4,
                    contains="weights have 4 elements")
        bad = [row[:] for row in X3]
        bad[2][1] = math.nan
        self.raises(linreg.NonFiniteError, linreg.fit, bad, Y3, names=["a", "b"],
                    contains="column 'b' has NaN at row 3")
        self.raises(linreg.NonFiniteError, linreg.fit, X3, Y3[:4] + [math.inf],
                    contains="y has Inf at row 5")
        self.raises(linreg.NegativeWeightError, linreg.fit, X3, Y3, weights=[1, 1, -2, 1, 1],
                    contains="weight at row 3 is negative")
        self.raises(linreg.TooFewRowsError, linreg.fit, X3[:2], Y3[:2],
                    contains="2 rows with non-zero weight but 3 coefficients")
        self.raises(linreg.InvalidArgumentError, linreg.fit, X3, Y3, level=1.5,
                    contains="confidence level 1.5")
        self.raises(linreg.InvalidArgumentError, linreg.fit, X3, Y3, rank_tol=2.0,
                    contains="rank tolerance 2")
        self.raises(linreg.InvalidArgumentError, linreg.fit, None, Y3, intercept=False,
                    contains="nothing to fit")
        self.raises(linreg.EmptyError, linreg.fit, [], [], contains="X has no rows")
        self.raises(linreg.DimensionError, linreg.fit, X3, Y3, x_lo=[[0.0, 0.0]],
                    contains="x_lo is 1 x 2")

    def test_model_errors(self):
        with linreg.fit(X3, Y3) as m:
            self.raises(linreg.InvalidArgumentError, m.conf_int, 0.0,
                        contains="confidence level 0")
            self.raises(linreg.InvalidArgumentError, m.to_json, 1.0,
                        contains="confidence level 1")
            self.raises(linreg.DimensionError, m.predict, [[1.0, 2.0, 3.0]],
                        contains="Xnew has 3 columns but the model was fitted on 2")
            self.raises(linreg.NonFiniteError, m.predict, [[1.0, math.nan]],
                        contains="new data column 'x2' has NaN at row 1")
            self.raises(linreg.InvalidArgumentError, m.predict, [[1.0, 2.0]],
                        interval="prediction", level=2.0, contains="confidence level 2")

    def test_accumulator_errors(self):
        with linreg.Accumulator(2) as a, linreg.Accumulator(3) as b, \
                linreg.Accumulator(2, intercept=False) as c:
            self.raises(linreg.DimensionError, a.add, [[1.0, 2.0, 3.0]], [1.0],
                        contains="X has 3 columns but the accumulator expects 2")
            self.raises(linreg.DimensionError, a.add, X3, Y3[:3], contains="y has 3 elements")
            self.raises(linreg.NonFiniteError, a.add, X3, Y3[:4] + [math.nan],
                        contains="y is not finite at row 5")
            self.raises(linreg.NegativeWeightError, a.add, X3, Y3, [1, 1, 1, 1, -1])
            self.raises(linreg.DimensionError, a.merge, b, contains="cannot merge")
            self.raises(linreg.DimensionError, a.merge, c, contains="intercept 0")
            a.add(X3[:1], Y3[:1])
            self.raises(linreg.TooFewRowsError, a.finish, contains="1 rows with non-zero weight")
        self.raises(linreg.InvalidArgumentError, linreg.Accumulator, 0, intercept=False,
                    contains="nothing to fit")
        self.raises(linreg.InvalidArgumentError, linreg.Accumulator, 2, level=-1,
                    contains="confidence level -1")

    def test_frame_errors(self):
        self.raises(linreg.InputOutputError, linreg.read_csv, "/nonexistent/dir/x.csv",
                    contains="cannot open '/nonexistent/dir/x.csv'")
        self.raises(linreg.ParseError, linreg.parse_csv, "a,b\n1,\"x\n", source="mem.csv",
                    contains="mem.csv:2: column 'b': unterminated quoted field")
        self.raises(linreg.ParseError, linreg.parse_csv, "a,a\n1,2\n",
                    contains="column name 'a' appears twice")
        self.raises(linreg.EmptyError, linreg.parse_csv, "", source="e.csv",
                    contains="e.csv: the file is empty")
        self.raises(linreg.EmptyError, linreg.parse_csv, "a,b\n", contains="no data rows")
        # "inf" reads as a number (as R's read.csv); the fit refuses it
        with linreg.parse_csv("a,b\ninf,1\n2,3\n4,5\n") as frame:
            self.raises(linreg.NonFiniteError, linreg.fit, frame, "a",
                        contains="y has Inf at row 1")
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bad.csv")
            with open(path, "w") as fh:
                fh.write("a,b\n1,2,3\n")
            self.raises(linreg.ParseError, linreg.read_csv, path,
                        contains="more fields than the 2 header columns")
        with linreg.parse_csv("a,b\n1,2\n") as f:
            e = self.raises(linreg.NotFoundError, f.find, "zz", contains="no column named 'zz'")
            self.assertIsInstance(e, LookupError)


class PythonSideErrorTest(unittest.TestCase):
    """Failures the binding detects before calling C: same classes, C-style messages."""

    def check(self, cls, status, fn, *args, contains=None, **kwargs):
        with self.assertRaises(cls) as ctx:
            fn(*args, **kwargs)
        e = ctx.exception
        self.assertIs(type(e), cls)
        self.assertEqual(e.status, status)
        if contains:
            self.assertIn(contains, str(e))
        return e

    def test_inputs(self):
        self.check(linreg.DimensionError, S.DIMENSION, linreg.fit, X3, Y3, names=["a"],
                   contains="names has 1 entries but X has 2 columns")
        self.check(linreg.DimensionError, S.DIMENSION, linreg.fit, [[1, 2], [3]], [1, 2],
                   contains="X row 2 has 1 values but row 1 has 2")
        self.check(linreg.InputTypeError, S.INVALID_ARG, linreg.fit, [[1, "a"], [3, 4]], [1, 2],
                   contains="X row 1, column 2 is 'a', not a number")
        self.check(linreg.InputTypeError, S.INVALID_ARG, linreg.fit, "abc", [1, 2],
                   contains="X must be numbers, not str")
        self.check(linreg.InputTypeError, S.INVALID_ARG, linreg.fit, 3.0, [1, 2],
                   contains="not a scalar")
        self.check(linreg.InputTypeError, S.INVALID_ARG, linreg.fit, X3, {"y": Y3},
                   contains="y must be a sequence or an array, not a mapping")
        self.check(linreg.DimensionError, S.DIMENSION, linreg.fit, X3, X3,
                   contains="y must be one-dimensional, got shape (5, 2)")
        self.check(linreg.NotFoundError, S.NOT_FOUND, linreg.fit, {"a": [1, 2, 3]}, "b",
                   contains="data has no column 'b'")
        self.check(linreg.DimensionError, S.DIMENSION, linreg.fit,
                   {"a": [1, 2, 3], "b": [1, 2]}, [1, 2, 3],
                   contains="data column 'b' has 2 values but column 'a' has 3")
        self.check(linreg.InputTypeError, S.INVALID_ARG, linreg.fit, X3, Y3, names=["a", 2],
                   contains="names[1] is 2, not a string")
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, linreg.fit, X3, Y3,
                   refine="sometimes", contains="refine must be")
        if linreg._buffers._get_buffer is not None:
            cube = memoryview(array.array("d", [0.0] * 8)).cast("B").cast("d", (2, 2, 2))
            self.check(linreg.DimensionError, S.DIMENSION, linreg.fit, cube, [1.0, 2.0],
                       contains="X must be one- or two-dimensional, got shape (2, 2, 2)")

    def test_model_misuse(self):
        m = linreg.fit(X3, Y3)
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.predict, X3, interval="mean",
                   contains="interval must be None, 'confidence' or 'prediction'")
        self.check(linreg.DimensionError, S.DIMENSION, m.predict, [1.0, 2.0, 3.0],
                   contains="one row of the model's 2 predictors, but it has 3 values")
        self.check(linreg.NotFoundError, S.NOT_FOUND, m.predict, {"x1": 1.0},
                   contains="new data has no column 'x2'")
        m.close()
        for call in (lambda: m.params, m.summary, lambda: m.predict(X3), m.cov_params,
                     lambda: m.fittedvalues, m.stats):
            with self.assertRaises(linreg.ClosedError):
                call()
        self.assertTrue(m.closed)
        self.assertIn("closed", repr(m))

    def test_streamed_model_has_no_rows(self):
        with linreg.Accumulator(2) as a:
            a.add(X3, Y3)
            with a.finish() as m:
                for attr in ("fittedvalues", "resid"):
                    e = self.check(linreg.NoDataError, S.NO_DATA, getattr, m, attr,
                                   contains="no per-row data (streamed fit)")
                    self.assertEqual(e.status_text, linreg.strerror(S.NO_DATA))
                self.assertEqual(m.nrows, 0)
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, linreg.Accumulator, -1)
        with linreg.Accumulator(2) as a:
            self.check(linreg.DimensionError, S.DIMENSION, a.finish, names=["a"])
            self.check(linreg.InvalidArgumentError, S.INVALID_ARG, a.merge, "x")
        a.close()
        with self.assertRaises(linreg.ClosedError):
            a.add(X3, Y3)

    def test_frame_misuse(self):
        f = linreg.parse_csv("a,b\n1,2\n")
        self.check(linreg.NotFoundError, S.NOT_FOUND, f.column, 5, contains="no column 5")
        with self.assertRaises(KeyError):
            f["zz"]
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, linreg.parse_csv, "a\n1\n",
                   delimiter="::")
        f.close()
        with self.assertRaises(linreg.ClosedError):
            f.column(0)


class ThreadLocalErrorTest(unittest.TestCase):
    def test_last_error_follows_the_latest_call(self):
        with self.assertRaises(linreg.DimensionError):
            linreg.fit(X3, Y3[:2])
        msg = linreg.last_error()
        self.assertIn("y has 2 elements", msg)
        linreg.fit(X3, Y3).close()  # lr_fit clears the message on entry
        self.assertEqual(linreg.last_error(), "")


if __name__ == "__main__":
    unittest.main()
