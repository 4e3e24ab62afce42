"""Every public function and method of the package, on the stdlib path
(and on the numpy path when numpy is importable)."""

import array
import ctypes
import json
import math
import os
import pathlib
import re
import subprocess
import tempfile
import unittest

from helpers import DATA, ROOT, Asserts, dataset, linreg, tolist
from linreg import _api, _library

CLEAN = os.path.join(DATA, "clean.csv")


def clean():
    d = dataset("clean")
    y = d.pop("y")
    return d, y


def cli_path():
    path = os.environ.get("CLI") or "bin/linreg"
    path = os.path.join(ROOT, path)
    return path if os.access(path, os.X_OK) else None


class FitTest(Asserts, unittest.TestCase):
    def test_matrix_and_mapping_inputs_agree(self):
        d, y = clean()
        rows = [list(r) for r in zip(d["x1"], d["x2"], d["x3"])]
        with linreg.fit(rows, y, names=["x1", "x2", "x3"]) as a, linreg.fit(d, y) as b, \
                linreg.fit(tuple(map(tuple, rows)), tuple(y)) as c:
            self.assertEqual(a.names, ["(Intercept)", "x1", "x2", "x3"])
            self.assertEqual(b.names, a.names)
            self.assertEqual(c.names, a.names)  # default names x1..xk
            self.assertEqual(tolist(a.params), tolist(b.params))
            self.assertEqual(tolist(a.params), tolist(c.params))
            self.assertEqual(a.k, 3)
            self.assertTrue(a.has_intercept)

    def test_mapping_with_named_response_and_weights(self):
        d = dataset("weighted")
        with linreg.fit(d, "y", weights="w") as m:
            self.assertEqual(m.names, ["(Intercept)", "x1", "x2"])
            self.assertIn("lm(formula = y ~ x1 + x2, weights = w)", m.summary())
            self.assertIn("Weighted Residuals:", m.summary())
        with linreg.fit(d, "y", names=["x2"], weights="w", intercept=False) as m:
            self.assertEqual(m.names, ["x2"])
            self.assertIn("lm(formula = y ~ x2 - 1, weights = w)", m.summary())
            self.assertFalse(m.has_intercept)
        with linreg.fit(d, "y", names=[]) as m:  # intercept only
            self.assertEqual(m.names, ["(Intercept)"])
            self.assertIn("lm(formula = y ~ 1)", m.summary())

    def test_intercept_only(self):
        y = [1.0, 2.0, 4.0, 7.0]
        with linreg.fit(None, y) as m:
            self.assertEqual(m.names, ["(Intercept)"])
            self.assertRel(m.params[0], 3.5, 1e-15)
            self.assertTrue(math.isnan(m.fvalue))
            self.assertEqual(m.k, 0)
            self.assertRel(m.predict({})[0], 3.5, 1e-15)

    def test_one_dimensional_x_is_one_column(self):
        x = [1.0, 2.0, 3.0, 4.0, 5.0]
        y = [2.1, 3.9, 6.2, 7.8, 10.1]
        with linreg.fit(x, y, names=["dose"]) as m:
            self.assertEqual(m.names, ["(Intercept)", "dose"])
            self.assertEqual(len(m.predict([6.0, 7.0])), 2)  # k == 1: a column

    def test_options(self):
        d, y = clean()
        with linreg.fit(d, y, refine="always") as a, linreg.fit(d, y, refine="never") as b:
            self.assertTrue(a.refined)
            self.assertFalse(b.refined)
            self.assertAllRel(a.params, b.params, 1e-12)
        zeros = {k: [0.0] * len(v) for k, v in d.items()}
        lo = [list(r) for r in zip(*zeros.values())]
        with linreg.fit(d, y, x_lo=lo) as a, linreg.fit(d, y) as b:
            self.assertAllRel(a.params, b.params, 1e-14)
        with linreg.fit(d, y, level=0.9) as m:
            self.assertEqual(m.level, 0.9)
            self.assertEqual(tolist(m.conf_int()), tolist(m.conf_int(0.9)))
            self.assertEqual(m.to_dict(), m.to_dict(0.9))
            self.assertNotEqual(m.to_dict(), m.to_dict(0.95))
        with linreg.fit(d, y, copy_data=True, call="my call") as m:
            self.assertEqual(m._borrowed, [])
            self.assertIn("Call:\nmy call\n", m.summary())
        with linreg.fit([[1.0], [2.0], [3.0]], [1.0, 2.0, 3.5]) as m:
            self.assertIn("Call:\nlm(y ~ X)\n", m.summary())

    def test_rank_tolerance_and_aliasing(self):
        d, y = clean()
        d["twice"] = [2.0 * v for v in d["x1"]]
        with linreg.fit(d, y) as m:
            self.assertEqual(m.aliased, [False, False, False, False, True])
            self.assertEqual(m.rank, 4)
            self.assertTrue(math.isnan(m.params[4]))
            self.assertIn("(1 not defined because of singularities)", m.summary())
            self.assertTrue(m.to_dict()["coefficients"][4]["aliased"])
            self.assertIsNone(m.to_dict()["coefficients"][4]["estimate"])
            cov = tolist(m.cov_params())
            self.assertTrue(all(math.isnan(v) for v in cov[4]))


class ModelTest(Asserts, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d, cls.y = clean()
        cls.m = linreg.fit(cls.d, cls.y)

    @classmethod
    def tearDownClass(cls):
        cls.m.close()

    def test_coefficient_table_is_consistent(self):
        m = self.m
        params, bse, t = tolist(m.params), tolist(m.bse), tolist(m.tvalues)
        for j in range(4):
            self.assertRel(t[j], params[j] / bse[j], 1e-14)
        cov = tolist(m.cov_params())
        for j in range(4):
            self.assertRel(math.sqrt(cov[j][j]), bse[j], 1e-14)
            self.assertEqual(cov[j][3 - j], cov[3 - j][j])
        ci = tolist(m.conf_int(0.5))
        for j in range(4):
            self.assertLess(ci[j][0], params[j])
            self.assertRel((ci[j][0] + ci[j][1]) / 2, params[j], 1e-14)
        d = m.to_dict()
        self.assertEqual([c["name"] for c in d["coefficients"]], m.names)
        for j, c in enumerate(d["coefficients"]):
            self.assertEqual(c["estimate"], params[j])  # JSON round-trips exactly
            self.assertEqual(c["p_value"], tolist(m.pvalues)[j])
            self.assertFalse(c["aliased"])
        self.assertEqual(json.loads(m.to_json()), d)

    def test_statistics(self):
        m = self.m
        s = m.stats()
        self.assertEqual(list(s), [_api.STAT_NAMES[k] for k in sorted(_api.STAT_NAMES)])
        self.assertEqual(m.nobs, s["n"])
        self.assertEqual(m.rank, 4)
        self.assertEqual((m.df_model, m.df_resid), (3.0, 56.0))
        self.assertEqual(m.sigma, s["sigma"])
        self.assertRel(m.scale, s["sigma"] ** 2, 1e-15)
        self.assertEqual(m.ssr, s["rss"])
        self.assertEqual(m.tss, s["tss"])
        self.assertRel(m.rsquared, 1 - m.ssr / m.tss, 1e-13)
        self.assertEqual(m.condition_number, s["condition_number"])
        self.assertEqual((m.fvalue, m.f_pvalue, m.llf, m.aic, m.bic, m.rsquared_adj),
                         (s["f_statistic"], s["f_p_value"], s["log_likelihood"], s["aic"],
                          s["bic"], s["adj_r_squared"]))
        self.assertEqual(m.nrows, 60)
        self.assertIn("R-squared=0.8945", repr(m))

    def test_rows_and_prediction(self):
        m = self.m
        fitted, resid = tolist(m.fittedvalues), tolist(m.resid)
        for f, r, y in zip(fitted, resid, self.y):
            self.assertRel(f + r, y, 1e-14, abs_=1e-15)
        rows = [list(r) for r in zip(self.d["x1"], self.d["x2"], self.d["x3"])]
        self.assertAllRel(m.predict(rows), fitted, 1e-13)
        one = m.predict([rows[0]], interval="prediction", level=0.9)
        self.assertIsInstance(one, linreg.Prediction)
        flat = m.predict(rows[0], interval="prediction", level=0.9)  # a 1-D row
        named = m.predict({"x3": rows[0][2], "x1": rows[0][0], "x2": rows[0][1], "other": 1},
                          interval="prediction", level=0.9)
        self.assertEqual(tolist(one.fit), tolist(flat.fit))
        self.assertEqual([tolist(v) for v in one], [tolist(v) for v in named])
        conf = m.predict([rows[0]], interval="confidence", level=0.9)
        self.assertLess(one.lower[0], conf.lower[0])
        self.assertGreater(one.upper[0], conf.upper[0])
        self.assertEqual(tolist(one.se_fit), tolist(conf.se_fit))
        self.assertRel(conf.upper[0] - conf.fit[0], conf.fit[0] - conf.lower[0], 1e-12)
        self.assertEqual(tolist(m.predict([rows[0]], interval="none")), tolist(one.fit))

    def test_summary_matches_the_cli(self):
        cli = cli_path()
        if cli is None:
            self.skipTest("the CLI bin/linreg is not built")
        cases = [(["--y", "y"], dict()), (["--y", "y", "--no-intercept"], dict(intercept=False)),
                 (["--y", "y", "--weights", "w"], dict(weights="w"))]
        for dataset_name, (args, kwargs) in zip(("clean", "noint", "weighted"), cases):
            path = os.path.join(DATA, dataset_name + ".csv")
            out = subprocess.run([cli, "fit", path, "--no-diagnostics"] + args, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, check=True).stdout.decode()
            with linreg.read_csv(path) as frame, linreg.fit(frame, "y", **kwargs) as m:
                # the CLI's Call line names the file (data = clean.csv), which a
                # frame does not know; everything after it must be identical
                body = lambda text: text.split("\n\n", 2)[2]
                self.assertEqual(body(m.summary()), body(out))
            js = subprocess.run([cli, "fit", path, "--format", "json"] + args,
                                stdout=subprocess.PIPE, check=True).stdout.decode()
            with linreg.read_csv(path) as frame, linreg.fit(frame, "y", **kwargs) as m:
                # the CLI adds "formula" and "data" sections; the shared ones are identical
                cli_doc = json.loads(js)
                ours = json.loads(m.to_json())
                self.assertEqual(ours["coefficients"], cli_doc["coefficients"])
                self.assertEqual(ours["fit"], cli_doc["fit"])

    def test_model_needs_a_handle(self):
        with self.assertRaises(linreg.InvalidArgumentError):
            linreg.Model(_api.ModelP())


class DiagnosticsApiTest(Asserts, unittest.TestCase):
    """Shapes and conventions of the diagnostics and remedies results (their
    values are checked against R in test_diagnostics.py / test_remedies.py)."""

    def test_result_types(self):
        d, y = clean()
        with linreg.fit(d, y) as m:
            bp, gq, sw, dw = m.breusch_pagan(), m.goldfeld_quandt(), m.shapiro_wilk(), \
                m.durbin_watson()
            self.assertEqual(bp.df, 3.0)
            self.assertEqual((bp.df1, math.isnan(bp.df2)), (3.0, True))
            self.assertEqual(gq.df, (gq.df1, gq.df2))
            self.assertTrue(sw.df is None and math.isnan(sw.df1))
            statistic, df, pvalue, method, n = bp  # a namedtuple
            self.assertEqual((n, method), (60, "studentized Breusch-Pagan test"))
            self.assertEqual(tuple(dw[:5]), (dw.statistic, None, dw.pvalue, dw.method, dw.n))
            inf = m.influence()
            self.assertEqual(len(inf), 9)
            self.assertEqual(inf.names, m.names)
            self.assertIn("60 rows", repr(inf))
            with self.assertRaises(AttributeError):
                inf.leverage
            self.assertEqual(m.predictor_names, ["x1", "x2", "x3"])
            self.assertEqual(linreg.remedies.vcov_type("newey-west"), linreg.VcovType.NEWEY_WEST)
            self.assertEqual(linreg.remedies.vcov_type("hc4M"), linreg.VcovType.HC4M)
            ff = m.fixed_features(levels=[0.5])
            self.assertEqual(ff.levels, (0.5,))
            self.assertEqual(list(ff.sensitivity["x1"]), [0.5])

    def test_intercept_only_model(self):
        with linreg.fit(None, [1.0, 2, 4, 3, 5, 7, 6, 8, 9, 12]) as m:
            self.assertEqual((m.vif(), m.effects(), m.fixed_features_sensitivity()), ({}, {}, {}))
            e = m.explain([])
            self.assertEqual((e.contributions, e.mean_prediction, e.prediction), ({}, 5.7, 5.7))
            self.assertEqual(m.explain({}), e)
            self.assertEqual(m.coef_order(), [0])
            self.assertEqual(m.sentences(), "")
            d = m.diagnostics()
            self.assertIsInstance(d.errors["breusch_pagan"], linreg.UndefinedError)
            self.assertIsInstance(d.errors["reset"], linreg.UndefinedError)
            self.assertIn("not run: ", d.summary())
            self.assertEqual(len(d) + len(d.errors), len(linreg.DEFAULT_TESTS))


class AccumulatorTest(Asserts, unittest.TestCase):
    def test_blocks_and_merge_match_the_in_memory_fit(self):
        d = dataset("weighted")
        rows = [list(r) for r in zip(d["x1"], d["x2"])]
        y, w = d["y"], d["w"]
        with linreg.fit(rows, y, weights=w, names=["x1", "x2"]) as ref, \
                linreg.Accumulator(2) as a, linreg.Accumulator(2) as b:
            self.assertIs(a.add(rows[:25], y[:25], w[:25]), a)
            b.add(rows[25:40], array.array("d", y[25:40]), w[25:40])
            b.add(rows[40:], y[40:], weights=w[40:])
            self.assertIs(a.merge(b), a)
            with a.finish(names=["x1", "x2"]) as m:
                self.assertEqual(m.names, ref.names)
                self.assertAllRel(m.params, ref.params, 1e-12)
                self.assertAllRel(m.bse, ref.bse, 1e-12)
                self.assertRel(m.rsquared, ref.rsquared, 1e-12)
                self.assertRel(m.llf, ref.llf, 1e-12)
                self.assertEqual(m.nobs, 60)
                self.assertNotIn("Residuals:", m.summary())
                self.assertAllRel(m.predict(rows[:3]), tolist(ref.predict(rows[:3])), 1e-12)
            a.add(rows[:1], y[:1], w[:1])  # still usable after finish
            with a.finish() as m:
                self.assertEqual(m.nobs, 61)
                self.assertEqual(m.names, ["(Intercept)", "x1", "x2"])
            self.assertEqual(a.k, 2)
        self.assertTrue(a.closed)

    def test_no_intercept_and_options(self):
        d = dataset("noint")
        rows = [list(r) for r in zip(d["x1"], d["x2"])]
        with linreg.Accumulator(2, intercept=False, level=0.9, call="streamed") as a:
            a.add(rows, d["y"])
            with a.finish() as m, linreg.fit(rows, d["y"], intercept=False) as ref:
                self.assertEqual(m.names, ["x1", "x2"])
                self.assertAllRel(m.params, ref.params, 1e-12)
                self.assertEqual(m.level, 0.9)
                self.assertIn("Call:\nstreamed\n", m.summary())


class FrameTest(Asserts, unittest.TestCase):
    def test_read_and_parse(self):
        with linreg.read_csv(pathlib.Path(CLEAN)) as f:
            self.assertEqual(f.names, ["y", "x1", "x2", "x3"])
            self.assertEqual((f.nrows, f.ncols, len(f)), (60, 4, 4))
            self.assertEqual(list(f), f.names)
            self.assertEqual(f.find("x2"), 2)
            d = dataset("clean")
            self.assertEqual(tolist(f.column(1)), d["x1"])
            self.assertEqual(tolist(f["x3"]), d["x3"])
            self.assertEqual(tolist(f.column("y")), d["y"])
            self.assertEqual({k: tolist(v) for k, v in f.to_dict().items()}, d)
            self.assertIn("x1", f)
            self.assertNotIn("zz", f)
            self.assertIsNone(f.get("zz"))
            self.assertIn("60 rows x 4 columns", repr(f))
        self.assertTrue(f.closed)
        self.assertIn("closed", repr(f))
        for delim, text in ((";", "a;b\n1;2\n3;4\n"), ("\t", "a\tb\n1\t2\n3\t4\n"),
                            ("tab", "a\tb\n1\t2\n3\t4\n"), (",", b"a,b\n1,2\n3,4\n")):
            with linreg.parse_csv(text, delimiter=delim) as f:
                self.assertEqual(tolist(f["b"]), [2.0, 4.0])
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "t.csv")
            with open(path, "w") as fh:
                fh.write("p;q\n1.5;2\n")
            with linreg.read_csv(path, delimiter=";") as f:
                self.assertEqual(tolist(f["p"]), [1.5])

    def test_frame_as_fit_input(self):
        with linreg.read_csv(CLEAN) as f, linreg.fit(f, "y") as a:
            d, y = clean()
            with linreg.fit(d, y) as b:
                self.assertEqual(tolist(a.params), tolist(b.params))


class LibraryTest(Asserts, unittest.TestCase):
    def test_version_matches_package_and_header(self):
        self.assertEqual(linreg.version(), linreg.__version__)
        with open(os.path.join(ROOT, "include", "linreg.h")) as fh:
            header = fh.read()
        self.assertIn('#define LR_VERSION_STRING "%s"' % linreg.__version__, header)
        self.assertTrue(os.path.exists(linreg.library_path()) or "linreg" in linreg.library_path())

    def test_candidate_order(self):
        c = _library.candidates(environ={}, root="/r", find_library=lambda n: "liblinreg.so.0")
        self.assertEqual([p for _, p in c],
                         ["/r/lib/liblinreg.so", "/r/lib/liblinreg.so.0", "liblinreg.so.0"])
        c = _library.candidates(environ={"LINREG_LIBRARY": "/x/l.so"}, root="/r")
        self.assertEqual(c, [("LINREG_LIBRARY", "/x/l.so")])
        with tempfile.TemporaryDirectory() as tmp:
            c = _library.candidates(environ={"LINREG_LIBRARY": tmp}, root="/r")
            self.assertEqual([p for _, p in c], [os.path.join(tmp, "liblinreg.so"),
                                                 os.path.join(tmp, "liblinreg.so.0")])

    def test_load_failure_lists_every_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            bogus = os.path.join(tmp, "lib", "liblinreg.so")
            os.makedirs(os.path.dirname(bogus))
            with open(bogus, "w") as fh:
                fh.write("not a shared object")
            with self.assertRaises(linreg.LibraryError) as ctx:
                _library.load(environ={}, root=tmp, find_library=lambda n: None)
            msg = str(ctx.exception)
            self.assertIn(bogus + ": ", msg)                  # tried, failed to load
            self.assertIn(bogus + ".0: no such file", msg)    # tried, absent
            self.assertIn("find_library('linreg'): nothing found", msg)
            self.assertIn("LINREG_LIBRARY", msg)
            self.assertIsInstance(ctx.exception, ImportError)
            with self.assertRaises(linreg.LibraryError) as ctx:
                _library.load(environ={"LINREG_LIBRARY": os.path.join(tmp, "none.so")})
            self.assertIn("none.so: no such file", str(ctx.exception))

    def test_import_in_a_fresh_process_reports_a_bad_path(self):
        env = dict(os.environ, LINREG_LIBRARY="/nonexistent/liblinreg.so")
        r = subprocess.run([__import__("sys").executable, "-c", "import linreg"],
                           cwd=os.path.join(ROOT, "python"), env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(b"LibraryError", r.stderr)
        self.assertIn(b"/nonexistent/liblinreg.so: no such file", r.stderr)

    def test_bind_reports_missing_functions(self):
        cdll = ctypes.CDLL(linreg.library_path())
        with self.assertRaises(linreg.LibraryError) as ctx:
            _api.bind(cdll, _api.PROTOTYPES + [("lr_no_such_function", None, [])])
        self.assertIn("lacks lr_no_such_function", str(ctx.exception))

    def test_prototype_table(self):
        names = [p[0] for p in _api.PROTOTYPES]
        self.assertEqual(len(names), len(set(names)))
        for name, restype, argtypes in _api.PROTOTYPES:
            fn = getattr(_api.api, name)
            self.assertEqual(list(fn.argtypes), list(argtypes), name)
            if restype is _api.STATUS:
                self.assertIsNotNone(fn.errcheck, name)

    def test_every_function_of_the_bound_headers_is_declared(self):
        """Each LR_API function of these headers has an entry in PROTOTYPES.
        Add a header here when its block is bound (docs/python.md)."""
        bound_headers = ["linreg.h", "linreg/frame.h", "linreg/diag.h", "linreg/influence.h",
                         "linreg/robust.h", "linreg/design.h", "linreg/io.h", "linreg/report.h",
                         "linreg/diagnose.h"]
        declared = set(p[0] for p in _api.PROTOTYPES)
        # every header linreg.h includes is bound
        with open(os.path.join(ROOT, "include", "linreg.h")) as fh:
            included = re.findall(r'#include "(linreg/\w+\.h)"', fh.read())
        self.assertEqual(sorted(set(included) - set(bound_headers)), [],
                         "headers included by linreg.h but not bound")
        self._check_declared(bound_headers, declared, "PROTOTYPES")
        # the S3 module's header, against its own table
        self._check_declared(["linreg_s3.h"], set(p[0] for p in _api.S3_PROTOTYPES),
                             "S3_PROTOTYPES")

    def _check_declared(self, bound_headers, declared, table):
        for h in bound_headers:
            with open(os.path.join(ROOT, "include", h)) as fh:
                text = fh.read()
            funcs = re.findall(r"LR_API\b[^;(]*?\b(lr_\w+)\s*\(", text)
            self.assertTrue(funcs, h)
            missing = sorted(set(funcs) - declared)
            self.assertEqual(missing, [], "declared in include/%s but not in %s of "
                             "python/linreg/_api.py" % (h, table))

    def test_struct_mirrors(self):
        self.assertEqual(ctypes.sizeof(_api.LrMatrix), 5 * 8)
        self.assertEqual(ctypes.sizeof(_api.LrVector), 3 * 8)
        # lr_options_init writes only inside the mirror (checked at import too).
        _api._check_layouts(_api.api)
        o = _api.LrOptions()
        _api.api.lr_options_init(ctypes.byref(o))
        self.assertEqual((o.intercept, o.level, o.rank_tol, o.refine, o.copy_data),
                         (1, 0.95, 1e-11, 0, 0))

    def test_result_struct_mirrors(self):
        """lr_test_result, lr_dw_result and lr_influence_summary have no _init
        function: the C functions that fill them must write only inside the
        mirror (guard bytes after it) and the values must read back."""
        def guarded(cls):
            size = ctypes.sizeof(cls)
            raw = (ctypes.c_ubyte * (size + 64))(*([0xA5] * (size + 64)))
            return raw, ctypes.cast(raw, ctypes.POINTER(cls)), size

        d, y = clean()
        with linreg.fit(d, y) as m:
            h = m._h()
            raw, ptr, size = guarded(_api.LrTestResult)
            _api.api.lr_breusch_pagan(h, 1, ptr)
            self.assertTrue(all(b == 0xA5 for b in raw[size:]))
            r = ptr.contents
            self.assertEqual((r.n, r.df[0], r.method), (60, 3.0, b"studentized Breusch-Pagan test"))
            self.assertTrue(math.isnan(r.df[1]) and 0 < r.p_value < 1 and r.statistic > 0)
            raw, ptr, size = guarded(_api.LrDwResult)
            _api.api.lr_durbin_watson(h, _api.DwMethod.NORMAL, ptr)
            self.assertTrue(all(b == 0xA5 for b in raw[size:]))
            r = ptr.contents
            self.assertEqual((r.n, r.exact), (60, 0))
            self.assertRel(r.p_positive + r.p_negative, 1.0, 1e-12)
            self.assertIn(b"normal approximation", r.method)
            raw, ptr, size = guarded(_api.LrInfluenceSummary)
            _api.api.lr_influence_summarize(h, ptr)
            self.assertTrue(all(b == 0xA5 for b in raw[size:]))
            s = ptr.contents
            self.assertEqual((s.n, s.n_flagged), (60, m.influence_summary().n_flagged))
            self.assertEqual(s.max_hat_row, m.influence_summary().max_hat_row)
        # the option structs and cluster ids (also checked at import)
        g = _api.LrGqOptions()
        _api.api.lr_gq_options_init(ctypes.byref(g))
        self.assertEqual((g.point, g.fraction, g.alternative, g.order_by), (0.5, 0.0, 0, -1))
        ro = _api.LrRobustOptions()
        _api.api.lr_robust_options_init(ctypes.byref(ro), _api.VcovType.NEWEY_WEST)
        self.assertEqual((ro.type, ro.lag, ro.prewhite, ro.adjust, ro.cluster_type, ro.cadjust),
                         (7, -1, 1, 0, 1, 1))
        self.assertEqual({t: _api.api.lr_vcov_type_name(t).decode() for t in _api.VcovType},
                         _api.VCOV_TYPE_NAMES)


if __name__ == "__main__":
    unittest.main()
