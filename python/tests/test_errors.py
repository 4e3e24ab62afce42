"""Every status maps to its exception class; every error path raises the
right class carrying the C library's message (lr_last_error)."""

import array
import copy
import json
import math
import os
import pickle
import tempfile
import unittest

from helpers import DATA, linreg, read_columns
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


class CErrorAsserts:
    """Mixin: assert a failure detected by the C library (class + message)."""

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


class CErrorPathTest(CErrorAsserts, unittest.TestCase):
    """Failures detected by the C library: class + message == lr_last_error()."""

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


def gen(i):
    """A deterministic, varied sample (tests/test_diag_normality.c)."""
    return math.sin(0.7 * i) + 0.001 * (i % 97)


def streamed(k=1, n=100):
    """A model finished from the accumulator: no per-row data."""
    X = [[i / n + 0.1 * j * gen(i + j) for j in range(k)] for i in range(n)]
    y = [1.0 + 2.0 * X[i][0] + gen(i) for i in range(n)]
    with linreg.Accumulator(k) as a:
        a.add(X, y)
        return a.finish()


def clustered():
    d = read_columns(os.path.join(DATA, "clustered.csv"))
    return linreg.fit({"x1": d["x1"], "x2": d["x2"]}, d["y"]), d


class DiagnosticsErrorTest(CErrorAsserts, unittest.TestCase):
    """The error paths of the diagnostics and remedies (tests/test_diag_*.c,
    tests/test_robust_errors.c): the class of the status and the C message."""

    def test_normality_limits(self):
        with linreg.fit(None, [1.0, 3.0]) as m:
            self.raises(linreg.TooFewRowsError, m.shapiro_wilk, contains="at least 3")
            self.raises(linreg.TooFewRowsError, m.anderson_darling)
            self.raises(linreg.TooFewRowsError, m.omnibus)
            self.assertEqual(m.jarque_bera().n, 2)
        n = 6000
        x = [i / n for i in range(n)]
        y = [1.0 + 2.0 * x[i] + gen(i) for i in range(n)]
        with linreg.fit(x, y) as m:
            self.raises(linreg.UndefinedError, m.shapiro_wilk, contains="5000")
            self.assertEqual(m.anderson_darling().n, n)
            d = m.diagnostics()  # the other tests still run
            self.assertIsInstance(d.errors["shapiro_wilk"], linreg.UndefinedError)
            self.assertIn("5000", str(d.errors["shapiro_wilk"]))
            self.assertEqual(d["jarque_bera"].n, n)
            self.raises(linreg.UndefinedError, m.durbin_watson, "exact")
            self.assertFalse(m.durbin_watson("auto").exact)
            self.raises(linreg.InvalidArgumentError, m.ljung_box, n)
            self.raises(linreg.InvalidArgumentError, m.ljung_box, 5, fitdf=5)
            self.raises(linreg.InvalidArgumentError, m.breusch_godfrey, 0)
            self.raises(linreg.InvalidArgumentError, m.breusch_godfrey, fill=math.nan)
        with linreg.fit(x[:5000], y[:5000]) as m:
            r = m.shapiro_wilk()
            self.assertEqual(r.n, 5000)
            self.assertTrue(0 < r.statistic <= 1 and 0 <= r.pvalue <= 1)

    def test_streamed_model_has_no_rows(self):
        with streamed(2) as m:
            for call in (m.shapiro_wilk, m.jarque_bera, m.omnibus, m.anderson_darling,
                         m.residual_moments, m.qq_data, m.breusch_pagan, m.white,
                         m.goldfeld_quandt, m.durbin_watson, m.breusch_godfrey, m.ljung_box,
                         m.diagnostics):
                self.raises(linreg.NoDataError, call, contains="streaming")
            for call in (m.reset, m.rainbow, m.harvey_collier, m.influence,
                         lambda: m.influence_measure("hat"), m.influence_summary,
                         m.outlier_test, m.influence_csv):
                self.raises(linreg.NoDataError, call, contains="no rows")
            for call in (m.robust, lambda: m.robust("HAC"), m.fwls, m.boxcox,
                         lambda: m.fixed_features(reliability=[0.9, 0.9]),
                         m.fixed_features_sensitivity, m.standardized_params, m.effects,
                         lambda: m.explain([1.0, 2.0]), lambda: m.boxcox_loglik(1.0)):
                self.raises(linreg.NoDataError, call)
            self.raises(linreg.NoDataError, m.robust, "cluster", groups=list(range(100)))
            # what needs only the triangular factor still works
            self.assertEqual(sorted(m.vif()), ["x1", "x2"])
            self.assertEqual(len(m.collinearity().condition_indices), 3)
            self.assertEqual(len(m.gvif([0, 1, 2])), 2)
            self.assertIn("cannot be tested", m.fixed_features_note())
            self.assertIn("x1", m.sentences("y"))
            self.assertEqual(sorted(m.coef_order()), [0, 1, 2])
            self.assertIn("Std. beta", m.weight_table())

    def test_homoscedasticity_errors(self):
        x = [float(i) for i in range(40)]
        y = [1 + 0.5 * i + math.sin(1.3 * i) for i in range(40)]
        with linreg.fit(None, y) as m:
            self.raises(linreg.UndefinedError, m.breusch_pagan)
            self.raises(linreg.UndefinedError, m.white)
        with linreg.fit(x, y, intercept=False) as m:
            self.raises(linreg.UndefinedError, m.white, contains="intercept")
        with linreg.fit(x, y) as m:
            self.raises(linreg.UndefinedError, m.goldfeld_quandt, fraction=0.99)
            self.raises(linreg.DimensionError, m.goldfeld_quandt, order_by=x[:39])
            self.raises(linreg.InvalidArgumentError, m.goldfeld_quandt, point=10.5)
            a = m.goldfeld_quandt()
            b = m.goldfeld_quandt(order_by=[-v for v in x])
            self.assertAlmostEqual(a.statistic * b.statistic, 1.0, places=12)
            self.assertAlmostEqual(a.pvalue + b.pvalue, 1.0, places=12)

    def test_specification_and_influence_errors(self):
        d = read_columns(os.path.join(DATA, "clean.csv"))
        X = {k: d[k] for k in ("x1", "x2", "x3")}
        with linreg.fit({k: v[:5] for k, v in X.items()}, d["y"][:5]) as m:
            self.raises(linreg.TooFewRowsError, m.harvey_collier, contains="rank + 2")
            self.raises(linreg.TooFewRowsError, m.influence)
            self.raises(linreg.TooFewRowsError, m.outlier_test)
        with linreg.fit({k: v[:6] for k, v in X.items()}, d["y"][:6]) as m:
            self.raises(linreg.TooFewRowsError, m.reset)
            self.raises(linreg.TooFewRowsError, m.rainbow)
            self.assertEqual(m.reset(2).df, (1.0, 1.0))
        with linreg.fit(X, d["y"]) as m:
            self.raises(linreg.InvalidArgumentError, m.reset, 1)
            self.raises(linreg.InvalidArgumentError, m.rainbow, 0.0)
            self.raises(linreg.InvalidArgumentError, m.rainbow, 0.5, 0.2)
            self.raises(linreg.InvalidArgumentError, m.outlier_test, 0.0)
            self.raises(linreg.InvalidArgumentError, m.outlier_test, 0.05, 0)
            self.raises(linreg.InvalidArgumentError, m.gvif, [0, 1, 1, 3],
                        contains="term 2 has no coefficient")
            self.raises(linreg.InvalidArgumentError, m.gvif, [1, 1, 1, 1])
        xs = [1.0, 2, 3, 4, 5, 6, 7, 8]
        with linreg.fit(xs, [2 + 0.5 * v for v in xs]) as m:  # an exact fit
            for call in (m.influence, m.reset, m.rainbow, m.harvey_collier):
                self.raises(linreg.UndefinedError, call)

    def test_robust_errors(self):
        m, d = clustered()
        with m:
            e = self.raises(linreg.DimensionError, m.robust, "cluster", groups=d["g"][:119])
            self.assertIn("119", str(e))
            self.assertIn("120", str(e))
            self.raises(linreg.DimensionError, m.robust, "cluster", groups=d["g"],
                        groups2=d["h"] + [1, 2, 3])
            self.raises(linreg.UndefinedError, m.robust, "cluster", groups=[7.0] * 120,
                        contains="single cluster")
            ids = [7.0] * 120
            ids[5] = math.nan
            self.raises(linreg.NonFiniteError, m.robust, "cluster", groups=ids,
                        contains="row 6")
            self.raises(linreg.InvalidArgumentError, m.robust, "cluster")  # no ids
            self.raises(linreg.UnsupportedError, m.robust, "cluster", groups=d["g"],
                        cluster_type="HC3")
            with m.robust() as r:
                self.assertEqual(r.cov_type, "HC3")
                self.raises(linreg.InvalidArgumentError, r.conf_int, 1.0)
                self.raises(linreg.InvalidArgumentError, r.to_json, 0.0)
            X = [[v, 1.0 if i == 5 else 0.0] for i, v in enumerate([1.0, 2, 3, 4, 5, 6, 7, 8])]
            with linreg.fit(X, [1.2, 2.1, 2.9, 4.4, 5.1, 9.0, 6.8, 8.3]) as h1:
                self.raises(linreg.UndefinedError, h1.robust, "HC3", contains="row 6")
                h1.robust("HC0").close()
            with linreg.fit([1.0, 2.0], [1.2, 2.1]) as m2:
                self.raises(linreg.UndefinedError, m2.robust)

    def test_remedy_errors(self):
        m, d = clustered()
        y = [abs(v) + 1.0 for v in d["y"]]
        y[16] = -0.5
        X = {"x1": d["x1"], "x2": d["x2"]}
        with linreg.fit(X, y) as bad:
            self.raises(linreg.InvalidArgumentError, bad.boxcox, contains="row 17")
        y[16] = 3.0
        with linreg.fit(X, y) as ok:
            self.raises(linreg.InvalidArgumentError, ok.boxcox, 2, -2)
            self.raises(linreg.InvalidArgumentError, ok.boxcox, level=1.5)
            b = ok.boxcox()
            # the interval brackets the maximum (a limit is NaN when the profile
            # stays above the cutoff), and L at a limit is max - qchisq(.95, 1) / 2
            self.assertFalse(b.ci_low > b.lambda_hat or b.ci_high < b.lambda_hat)
            limit = b.ci_low if not math.isnan(b.ci_low) else b.ci_high
            self.assertFalse(math.isnan(limit))
            self.assertAlmostEqual(ok.boxcox_loglik(limit), b.loglik_max - 1.9207294103470498,
                                   places=8)
        with m:
            for bad in (0.0, 1.5, -0.1, math.nan):
                self.raises(linreg.InvalidArgumentError, m.fixed_features,
                            reliability=[0.9, bad], contains="'x2'")
            self.raises(linreg.InvalidArgumentError, m.fixed_features, error_var=[0.1, -1.0],
                        contains="'x2'")
            self.raises(linreg.UndefinedError, m.fixed_features, error_var=[1e6, 0.0])
            self.raises(linreg.InvalidArgumentError, m.fixed_features_sensitivity, [0.9, 1.2])
            self.raises(linreg.NonFiniteError, m.explain, [1.0, math.nan], contains="'x2'")
            self.raises(linreg.InvalidArgumentError, m.sentences, level=0.0)
        w = read_columns(os.path.join(DATA, "weighted.csv"))
        with linreg.fit({"x1": w["x1"], "x2": w["x2"]}, w["y"], weights=w["w"]) as wm:
            self.raises(linreg.UnsupportedError, wm.fwls)
            self.raises(linreg.UnsupportedError, wm.boxcox)


    def test_batch_option_errors_carry_the_c_message(self):
        """lr_diagnose checks its options before any work (the checks of the
        single-test functions); both entry points raise the C message."""
        with linreg.fit(X3 * 4, Y3 * 4) as m:
            for kwargs, contains in (
                    ({"gq_point": -1}, "Goldfeld-Quandt point -1"),
                    ({"gq_fraction": math.nan}, "Goldfeld-Quandt fraction"),
                    ({"bg_order": 0}, "Breusch-Godfrey order must be at least 1"),
                    ({"bg_fill": math.inf}, "Breusch-Godfrey fill must be finite"),
                    ({"reset_power": 11}, "RESET max_power 11 is not in 2..10"),
                    ({"rainbow_fraction": 1.5}, "rainbow fraction 1.5"),
                    ({"rainbow_center": 1.0}, "rainbow center 1"),
                    ({"outlier_cutoff": 0.0}, "outlier cutoff 0"),
                    ({"outlier_max": 0}, "outlier_max must be at least 1"),
                    ({"max_work": -1}, "max_work -1 must be >= 0")):
                for call in (m.diagnostics, m.diagnostics_json):
                    self.raises(linreg.InvalidArgumentError, call, contains=contains, **kwargs)
            # switched off, the influence options are not looked at (as in C)
            with m.diagnostics(influence=False, outlier_max=0) as d:
                self.assertEqual(len(d), len(linreg.DEFAULT_TESTS))

    def test_batch_model_dependent_option_errors_are_the_tests_own(self):
        """An option valid in general but not for this model fails that test
        only, with the single method's class and message."""
        d0 = read_columns(os.path.join(DATA, "clean.csv"))
        y = d0.pop("y")
        with linreg.fit(d0, y) as m:
            with m.diagnostics(lb_lag=100000, gq_order_by=[1.0, 2.0]) as d:
                for name, single in (("ljung_box", lambda: m.ljung_box(100000)),
                                     ("goldfeld_quandt",
                                      lambda: m.goldfeld_quandt(order_by=[1.0, 2.0]))):
                    e = self.raises(type(d.errors[name]), single)
                    self.assertEqual(d.errors[name].detail, e.detail)
                    self.assertEqual(d.errors[name].status, e.status)
                self.assertIn("lag", str(d.errors["ljung_box"]))
                self.assertIn("breusch_pagan", d)

    def test_batch_on_a_model_without_rows(self):
        with streamed(2) as m:
            # every test asked for needs the rows: NoDataError, as diagnostics() always raised
            self.raises(linreg.NoDataError, m.diagnostics, contains="streaming")
            self.raises(linreg.NoDataError, m.diagnostics, keep_influence=True,
                        contains="streaming")
            tests_off = {t: False for t in linreg.DEFAULT_TESTS}
            self.raises(linreg.NoDataError, m.diagnostics, contains="no rows", **tests_off)
            # what needs only the triangular factor: the collinearity part
            with m.diagnostics(influence=False, **tests_off) as d:
                self.assertEqual((len(d), d.errors, d.skipped), (0, {}, {}))
                self.assertEqual(d.vif, m.vif())
                self.assertGreaterEqual(d.condition_number, 1.0)
                with self.assertRaises(linreg.NoDataError):
                    d.moments
                self.assertEqual(json.loads(d.to_json()), d.to_dict())
                self.assertEqual(sorted(d.to_dict()), ["condition_number", "vif"])
            # the JSON document carries each test's reason instead of raising
            doc = json.loads(m.diagnostics_json())
            for t in linreg.DEFAULT_TESTS:
                self.assertIn("stream", doc[t]["error"])  # "streaming accumulator", "streamed fit"
                self.assertIsNone(doc[t]["statistic"])
            self.assertIn("no rows", doc["influence"]["error"])
            self.assertEqual(sorted(doc["vif"]), ["x1", "x2"])


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
                                   contains="no per-row data (streamed fit or loaded model)")
                    self.assertEqual(e.status_text, linreg.strerror(S.NO_DATA))
                self.assertEqual(m.nrows, 0)
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, linreg.Accumulator, -1)
        with linreg.Accumulator(2) as a:
            self.check(linreg.DimensionError, S.DIMENSION, a.finish, names=["a"])
            self.check(linreg.InvalidArgumentError, S.INVALID_ARG, a.merge, "x")
        a.close()
        with self.assertRaises(linreg.ClosedError):
            a.add(X3, Y3)

    def test_diagnostics_misuse(self):
        m = linreg.fit(X3, Y3 * 1)
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.goldfeld_quandt,
                   alternative="bigger", contains="alternative must be one of")
        self.check(linreg.NotFoundError, S.NOT_FOUND, m.goldfeld_quandt, order_by="zz",
                   contains="no predictor 'zz'")
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.goldfeld_quandt, order_by=2,
                   contains="predictor index 2 is out of range")
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.durbin_watson, "pan",
                   contains="method must be one of")
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.ljung_box, -1)
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.influence_measure, "leverage",
                   contains="measure must be one of")
        self.check(linreg.DimensionError, S.DIMENSION, m.gvif, [0, 1],
                   contains="assign has 2 entries but the model has 3")
        self.check(linreg.NotFoundError, S.NOT_FOUND, m.gvif, {"t": ["x1", "zz"]})
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.gvif,
                   {"a": ["x1"], "b": ["x1", "x2"]}, contains="in terms 'a' and 'b'")
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, linreg.ljung_box_default_lag, -3)
        with tempfile.TemporaryDirectory() as d:
            self.check(linreg.InputOutputError, S.IO, m.influence_csv,
                       os.path.join(d, "no", "such", "dir.csv"), contains="cannot open")
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.robust, "HC9",
                   contains="unknown covariance type 'HC9'")
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.robust, "HC3", groups=[1] * 5,
                   contains="cluster covariance only")
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.robust, "HC3", lag=2,
                   contains="Newey-West covariance only")
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.robust, "NW", lag=-1)
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.robust, "cluster",
                   groups2=[1] * 5, contains="groups2 needs groups")
        self.check(linreg.NotFoundError, S.NOT_FOUND, m.robust, "cluster", groups="zz")
        self.check(linreg.InputTypeError, S.INVALID_ARG, m.robust, "cluster", groups=3,
                   contains="sequence of cluster ids")
        self.check(linreg.InputTypeError, S.INVALID_ARG, m.robust, "cluster",
                   groups=[[1], [2], [3], [4], [5]], contains="hashable")
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.fixed_features,
                   reliability=[0.9, 0.9], error_var=[0.0, 0.0], contains="not both")
        self.check(linreg.DimensionError, S.DIMENSION, m.fixed_features, reliability=[0.9],
                   contains="reliability has 1 values but 2 are needed")
        self.check(linreg.NotFoundError, S.NOT_FOUND, m.fixed_features,
                   reliability={"zz": 0.9})
        self.check(linreg.DimensionError, S.DIMENSION, m.explain, [1.0, 2.0, 3.0],
                   contains="x has 3 values but 2 are needed")
        self.check(linreg.NotFoundError, S.NOT_FOUND, m.explain, {"x1": 1.0},
                   contains="no value for predictor 'x2'")
        self.check(linreg.NotFoundError, S.NOT_FOUND, m.sentences, labels={"zz": "unit"})
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.sentences,
                   labels={"x1": {"units": "u"}}, contains="unknown key 'units'")
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.sentences, response=3)
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.sentences, labels=["x1"],
                   contains="labels must be a mapping")
        self.check(linreg.InvalidArgumentError, S.INVALID_ARG, m.sentences, labels={"x1": 3},
                   contains="must be a unit string or a mapping")
        self.check(linreg.InputTypeError, S.INVALID_ARG, m.fixed_features,
                   reliability={"x1": "high"}, contains="not a number")
        m.close()
        for call in (m.diagnostics, m.diagnostics_json, m.shapiro_wilk, m.vif, m.influence,
                     m.outlier_test, m.robust, m.fwls, m.boxcox, m.fixed_features_note, m.effects,
                     lambda: m.explain([1.0, 2.0]), m.sentences, m.influence_csv):
            with self.assertRaises(linreg.ClosedError):
                call()

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

    def test_batch_options_found_by_the_binding(self):
        with linreg.fit(X3 * 4, Y3 * 4) as m:
            for call in (m.diagnostics, m.diagnostics_json):
                e = self.check(linreg.InvalidArgumentError, S.INVALID_ARG, call, whte=False,
                               contains="diagnostics: unknown option 'whte'")
                self.assertIn("white", str(e))  # lists the valid names
                self.assertIn("keep_influence", str(e))
                self.check(linreg.InvalidArgumentError, S.INVALID_ARG, call, white="maybe",
                           contains="white must be True/'on', False/'off' or None/'default'")
                self.check(linreg.InvalidArgumentError, S.INVALID_ARG, call, reset=1,
                           contains="reset must be")
                self.check(linreg.InvalidArgumentError, S.INVALID_ARG, call, bg_order=-1,
                           contains="bg_order must be an integer >= 0")
                self.check(linreg.InvalidArgumentError, S.INVALID_ARG, call, lb_lag=2.5,
                           contains="lb_lag must be an integer")
                self.check(linreg.InputTypeError, S.INVALID_ARG, call, rainbow_fraction="half",
                           contains="rainbow_fraction must be a number")
                self.check(linreg.InputTypeError, S.INVALID_ARG, call, max_work=True)
                self.check(linreg.InvalidArgumentError, S.INVALID_ARG, call, dw_method="imhof",
                           contains="dw_method must be one of")
                self.check(linreg.InvalidArgumentError, S.INVALID_ARG, call,
                           gq_alternative="bigger", contains="gq_alternative must be one of")
                self.check(linreg.NotFoundError, S.NOT_FOUND, call, gq_order_by="zz",
                           contains="the model has no predictor 'zz'")
                self.check(linreg.InvalidArgumentError, S.INVALID_ARG, call, gq_order_by=7,
                           contains="predictor index 7 is out of range")
            d = m.diagnostics()
            with self.assertRaises(linreg.NotFoundError) as ctx:
                d.influence_values
            self.assertIn("keep_influence", str(ctx.exception))
            with self.assertRaises(TypeError):
                copy.copy(d)  # would share, and free twice, the C handle
            with self.assertRaises(TypeError):
                pickle.dumps(d)
            self.assertEqual(dict(d), {k: d[k] for k in d})  # a plain dict copy is fine
            d.close()
            with self.assertRaises(linreg.ClosedError):
                d.to_json()


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
