"""The diagnostics bindings (include/linreg/diag.h, influence.h) against the
fixtures the C tests use (tests/fixtures/diag from R and statsmodels,
tests/fixtures/influence from R), to the C tests' tolerances: statistics
and p-values 1e-8 relative (p-values below 1e-300 only need to be tiny),
degrees of freedom and n exactly. See tests/test_diag_*.c."""

import collections
import json
import math
import os
import random
import subprocess
import tempfile
import unittest

from helpers import (DATA, DIAG, FIX_TOL, INFLUENCE, ROOT, Asserts, close, close_p, fit_spec,
                     linreg, manifest, num, read_columns, read_keyed, read_rows, tolist)

#: The batch against the single-test functions: tests/test_diag_batch.c's
#: tolerances (statistics 1e-12, p-values 1e-10 relative; Harvey-Collier,
#: whose sum of recursive residuals cancels, 100 times those; per-row
#: measures 1e-10 of their largest magnitude).
BATCH_STAT, BATCH_P, BATCH_ROWS = 1e-12, 1e-10, 1e-10


def batch_equals_single(tc, a, b, name, hc_factor=100):
    """A batch TestResult (or DurbinWatson) against the single method's."""
    f = hc_factor if name == "harvey_collier" else 1
    tc.assertIs(type(a), type(b), name)
    tc.assertTrue(close(a.statistic, b.statistic, BATCH_STAT * f),
                  "%s statistic %r vs %r" % (name, a.statistic, b.statistic))
    tc.assertTrue(close_p(a.pvalue, b.pvalue, BATCH_P * f),
                  "%s p-value %r vs %r" % (name, a.pvalue, b.pvalue))
    tc.assertEqual(a.df, b.df, name + " df")
    tc.assertEqual((a.n, a.method), (b.n, b.method), name)
    if isinstance(a, linreg.DurbinWatson):
        tc.assertTrue(close_p(a.pvalue_negative, b.pvalue_negative, BATCH_P), name)
        tc.assertTrue(close_p(a.pvalue_two_sided, b.pvalue_two_sided, BATCH_P), name)
        tc.assertEqual(a.exact, b.exact, name)


R_TESTS = read_keyed(os.path.join(DIAG, "r_tests.csv"), ("dataset", "test"))
SM_TESTS = read_keyed(os.path.join(DIAG, "statsmodels.csv"), ("dataset", "test"))


class Checks(Asserts):
    def check_result(self, r, ref, what):
        """A TestResult against a fixture row (statistic, df1, df2, p_value, n)."""
        self.assertIsInstance(r, (linreg.TestResult, linreg.DurbinWatson), what)
        self.assertRel(r.statistic, num(ref["statistic"]), FIX_TOL, what=what + " statistic")
        self.assertRel(r.df1, num(ref["df1"]), 1e-15, what=what + " df1")
        self.assertRel(r.df2, num(ref["df2"]), 1e-15, what=what + " df2")
        self.assertTrue(close_p(r.pvalue, num(ref["p_value"])),
                        "%s p-value: got %r, want %s" % (what, r.pvalue, ref["p_value"]))
        self.assertEqual(r.n, int(ref["n"]), what + " n")
        self.assertTrue(r.method, what + " method")

    def check_or_undefined(self, call, ref, what):
        """R's NA (the reference cannot run the test) means UndefinedError here."""
        if math.isnan(num(ref["statistic"])):
            with self.assertRaises(linreg.UndefinedError, msg=what):
                call()
            return None
        r = call()
        self.check_result(r, ref, what)
        return r


class DiagFixtureTest(Checks, unittest.TestCase):
    """Every dataset of tests/fixtures/data/manifest.csv, as test_diag_{normality,
    homoscedasticity,independence}.c check them."""

    @classmethod
    def setUpClass(cls):
        cls.specs = manifest()
        assert len(cls.specs) >= 10

    def each(self, body):
        """Runs body(name, model, columns) on every dataset, one subTest each."""
        for spec in self.specs:
            with self.subTest(dataset=spec["name"]):
                m, cols = fit_spec(spec)
                with m:
                    body(spec["name"], m, cols)

    def test_normality(self):
        qq = {}
        _, rows = read_rows(os.path.join(DIAG, "r_qq.csv"))
        for r in rows:
            qq.setdefault(r[0], []).append((float(r[1]), float(r[2])))

        def body(ds, m, _):
            self.check_result(m.shapiro_wilk(), R_TESTS[ds, "shapiro_wilk"], ds + " SW")
            self.check_result(m.anderson_darling(), R_TESTS[ds, "anderson_darling"], ds + " AD")
            self.check_result(m.jarque_bera(), SM_TESTS[ds, "jarque_bera"], ds + " JB")
            self.check_result(m.omnibus(), SM_TESTS[ds, "omnibus"], ds + " omnibus")
            mo = m.residual_moments()
            self.assertRel(mo.skewness, num(SM_TESTS[ds, "skewness"]["statistic"]), FIX_TOL)
            self.assertRel(mo.kurtosis, num(SM_TESTS[ds, "kurtosis"]["statistic"]), FIX_TOL)
            q = m.qq_data()
            want = qq[ds]
            self.assertEqual(len(q.theoretical), len(want))
            self.assertAllRel(q.theoretical, [w[0] for w in want], FIX_TOL, what=ds + " qq th")
            self.assertAllRel(q.sample, [w[1] for w in want], FIX_TOL, what=ds + " qq sample")
        self.each(body)

    def test_homoscedasticity(self):
        def body(ds, m, cols):
            r = m.breusch_pagan()
            self.check_result(r, R_TESTS[ds, "bp_studentized"], ds + " BP")
            self.assertEqual(r.method, "studentized Breusch-Pagan test")
            self.check_result(m.breusch_pagan(studentize=False), R_TESTS[ds, "bp_original"],
                              ds + " BP original")
            self.check_or_undefined(m.white, SM_TESTS[ds, "white_lm"], ds + " White LM")
            self.check_or_undefined(lambda: m.white(f_form=True), SM_TESTS[ds, "white_f"],
                                    ds + " White F")
            self.check_or_undefined(m.goldfeld_quandt, R_TESTS[ds, "gq_default"], ds + " GQ")
            for alt in ("greater", "two.sided", "less"):
                # by predictor index, and by name
                for key in (0, "x1"):
                    self.check_or_undefined(
                        lambda: m.goldfeld_quandt(order_by=key, fraction=0.2, alternative=alt),
                        R_TESTS[ds, "gq_x1_0.2_" + alt], ds + " GQ " + alt)
            self.check_or_undefined(
                lambda: m.goldfeld_quandt(order_by=cols["x1"], point=0.4, fraction=4),
                R_TESTS[ds, "gq_x1_point0.4_frac4"], ds + " GQ by values")
        self.each(body)
        spec = [s for s in self.specs if s["name"] == "clean"][0]
        with fit_spec(spec, extra_dummy=True)[0] as m:
            self.check_result(m.white(), SM_TESTS["clean", "white_lm_dummy"], "White dummy")
            self.check_result(m.white(True), SM_TESTS["clean", "white_f_dummy"], "White F dummy")

    def test_independence(self):
        def body(ds, m, _):
            for kind in ("auto", "exact", "normal"):
                d = m.durbin_watson(kind)
                self.assertIsInstance(d, linreg.DurbinWatson)
                for alt, p in (("greater", d.pvalue), ("less", d.pvalue_negative),
                               ("two.sided", d.pvalue_two_sided)):
                    ref = R_TESTS[ds, "dw_%s_%s" % (kind, alt)]
                    self.assertRel(d.statistic, num(ref["statistic"]), FIX_TOL)
                    self.assertTrue(close_p(p, num(ref["p_value"])), "%s DW %s %s: %r vs %s"
                                    % (ds, kind, alt, p, ref["p_value"]))
                    self.assertEqual(d.n, int(ref["n"]))
                self.assertEqual(d.pvalue_positive, d.pvalue)
                self.assertIsNone(d.df)
                if kind == "auto":
                    self.assertEqual(d.exact, d.n < 100)
                elif kind == "exact":
                    self.assertTrue(d.exact and "exact" in d.method)
                else:
                    self.assertTrue(not d.exact and "normal approximation" in d.method)
            self.check_result(m.breusch_godfrey(), R_TESTS[ds, "bg_1_chisq"], ds + " BG1")
            self.check_result(m.breusch_godfrey(f_form=True), R_TESTS[ds, "bg_1_F"], ds)
            self.check_result(m.breusch_godfrey(2, f_form=True), R_TESTS[ds, "bg_2_F"], ds)
            self.check_result(m.breusch_godfrey(order=2), R_TESTS[ds, "bg_2_chisq"], ds)
            self.check_result(m.breusch_godfrey(3, fill=0.5), R_TESTS[ds, "bg_3_chisq_fill0.5"],
                              ds)
            self.check_result(m.ljung_box(), R_TESTS[ds, "lb_default"], ds + " LB")
            self.check_result(m.ljung_box(5), R_TESTS[ds, "lb_5"], ds + " LB 5")
            self.check_result(m.ljung_box(5, fitdf=2), R_TESTS[ds, "lb_5_fitdf2"], ds)
        self.each(body)
        self.assertEqual(linreg.ljung_box_default_lag(30), 6)
        self.assertEqual(linreg.ljung_box_default_lag(4), 0)
        self.assertEqual(linreg.ljung_box_default_lag(3000), 10)

    def test_diagnostics_collects_the_default_tests(self):
        def body(ds, m, _):
            d = m.diagnostics()
            self.assertIsInstance(d, dict)
            self.assertEqual(list(d), [t for t in linreg.DEFAULT_TESTS if t in d])
            self.assertEqual(set(d) | set(d.errors), set(linreg.DEFAULT_TESTS))
            self.check_result(d["shapiro_wilk"], R_TESTS[ds, "shapiro_wilk"], ds)
            self.check_result(d["breusch_pagan"], R_TESTS[ds, "bp_studentized"], ds)
            self.check_result(d["breusch_godfrey"], R_TESTS[ds, "bg_1_chisq"], ds)
            self.check_result(d["ljung_box"], R_TESTS[ds, "lb_default"], ds)
            # the batch adds the same quantities in another order: equal to rounding
            batch_equals_single(self, d["durbin_watson"], m.durbin_watson(), "durbin_watson")
            if ds == "noint":  # White needs an intercept: recorded, not raised
                self.assertIsInstance(d.errors["white"], linreg.UndefinedError)
                self.assertIn("intercept", str(d.errors["white"]))
                self.assertIn("white", d.to_dict())
                self.assertIn("error", d.to_dict()["white"])
            js = d.to_dict()
            self.assertEqual(js["breusch_pagan"]["df"], d["breusch_pagan"].df)
            self.assertEqual(js["durbin_watson"]["exact"], d["durbin_watson"].exact)
            self.assertIn("shapiro_wilk", d.summary())
            self.assertEqual(str(d), d.summary())
        self.each(body)


class InfluenceFixtureTest(Checks, unittest.TestCase):
    """Every dataset of tests/fixtures/influence/datasets.csv, as
    test_diag_{collinearity,specification,influence}.c check them."""

    @classmethod
    def setUpClass(cls):
        header, rows = read_rows(os.path.join(INFLUENCE, "datasets.csv"))
        cls.specs = [dict(zip(header, r + [""] * (len(header) - len(r)))) for r in rows]
        assert len(cls.specs) >= 15

    def each(self, body):
        """Runs body(spec, model, fixture values) on every dataset, one subTest each."""
        for spec in self.specs:
            with self.subTest(dataset=spec["name"]):
                m, _ = fit_spec(spec, path=os.path.join(ROOT, spec["file"]))
                values = {}
                _, rows = read_rows(os.path.join(INFLUENCE, spec["name"] + "_values.csv"))
                for k, v in rows:
                    values[k] = num(v)
                with m:
                    body(spec, m, values)

    def test_collinearity(self):
        saw_gvif = 0

        def body(spec, m, kv):
            nonlocal saw_gvif
            p = len(m.names)
            vif = m.vif()
            self.assertEqual(list(vif), m.predictor_names)
            for j, name in enumerate(m.names):
                key = "vif_%d" % (j + 1)
                if key in kv:
                    self.assertRel(vif[name], kv[key], FIX_TOL, what=spec["name"] + " " + key)
                else:  # the intercept (left out) or an aliased coefficient (NaN)
                    self.assertTrue((m.has_intercept and j == 0) or
                                    (m.aliased[j] and math.isnan(vif[name])))
            c = m.collinearity()
            self.assertEqual(c.names, m.names)
            ci, prop = tolist(c.condition_indices), tolist(c.proportions)
            self.assertRel(ci[m.rank - 1], kv["cond_number"], FIX_TOL)
            self.assertRel(m.condition_number, ci[m.rank - 1], 1e-10)
            for k in range(p):
                key = "cond_index_%d" % (k + 1)
                if key in kv:
                    self.assertRel(ci[k], kv[key], FIX_TOL, what=key)
                else:
                    self.assertTrue(math.isnan(ci[k]) and k >= m.rank)
                for j in range(p):
                    key = "prop_%d_%d" % (k + 1, j + 1)
                    if key in kv:
                        self.assertLessEqual(abs(prop[k][j] - kv[key]),
                                             FIX_TOL * max(abs(kv[key]), 1e-6), key)
                    else:
                        self.assertTrue(math.isnan(prop[k][j]), key)
            if spec["assign"]:
                saw_gvif += 1
                assign = [int(a) for a in spec["assign"].split()]
                g = m.gvif(assign)
                self.assertEqual(list(g), list(range(1, max(assign) + 1)))
                for t, row in g.items():
                    self.assertIsInstance(row, linreg.GVIF)
                    self.assertRel(row.gvif, kv["gvif_%d" % t], FIX_TOL)
                    self.assertRel(row.gvif_adj, kv["gvif_adj_%d" % t], FIX_TOL)
                    self.assertEqual(row.df, kv["gvif_df_%d" % t])
                # the same terms by name
                terms = {}
                for name, t in zip(m.names, assign):
                    if t:
                        terms.setdefault("term%d" % t, []).append(name)
                byname = m.gvif(terms)
                self.assertEqual(list(byname), sorted(terms))
                self.assertEqual([tuple(v) for v in byname.values()],
                                 [tuple(v) for v in g.values()])
        self.each(body)
        self.assertEqual(saw_gvif, 2)

    def test_specification(self):
        undefined = 0

        def body(spec, m, kv):
            nonlocal undefined
            for prefix, call, two_df in (("reset", m.reset, True), ("rainbow", m.rainbow, True),
                                         ("hc", m.harvey_collier, False)):
                want = kv["%s_stat" % prefix]
                if math.isnan(want):
                    with self.assertRaises(linreg.UndefinedError):
                        call()
                    undefined += 1
                    continue
                r = call()
                self.assertRel(r.statistic, want, FIX_TOL, what=prefix)
                self.assertTrue(close_p(r.pvalue, kv["%s_p" % prefix]), prefix)
                if two_df:
                    self.assertEqual(r.df, (kv[prefix + "_df1"], kv[prefix + "_df2"]))
                else:
                    self.assertEqual(r.df, kv[prefix + "_df"])
                    self.assertTrue(math.isnan(r.df2))
                self.assertEqual(r.n, kv["n"])
            a, b = m.reset(), m.reset(max_power=3)
            self.assertEqual(a, b)
        self.each(body)
        self.assertEqual(undefined, 2)

    def test_influence_measures(self):
        names = ("hat", "rstandard", "rstudent", "cooks_d", "dffits", "covratio", "sigma")
        flag_cols = ("inf_dfb", "inf_dffit", "inf_covr", "inf_cook", "inf_hat")

        def body(spec, m, kv):
            ref = read_columns(os.path.join(INFLUENCE, spec["name"] + "_rows.csv"))
            inf = m.influence()
            n, p = m.nrows, len(m.names)
            self.assertEqual(inf.nrows, n)
            self.assertEqual(sorted(inf), sorted(names + ("dfbeta", "dfbetas")))
            for name in names:
                self.assertAllRel(inf[name], ref[name], FIX_TOL, what=name)
                self.assertIs(getattr(inf, name), inf[name])
            for scaled in ("dfbeta", "dfbetas"):
                mat = tolist(inf[scaled])
                self.assertEqual((len(mat), len(mat[0])), (n, p))
                for j in range(p):
                    self.assertAllRel([row[j] for row in mat], ref["%s_%d" % (scaled, j + 1)],
                                      FIX_TOL, what="%s %d" % (scaled, j))
            for i in range(n):
                for b, col in enumerate(flag_cols):
                    want = ref[col][i]
                    got = bool(inf.flags[i] & (1 << b))
                    self.assertEqual(got, False if math.isnan(want) else want == 1.0,
                                     "%s row %d" % (col, i + 1))
                self.assertEqual(inf.influential[i], bool(inf.flags[i]))
            # one measure at a time gives the same numbers
            self.assertAllRel(m.influence_measure("cooks_d"), inf.cooks_d, 0)
            self.assertAllRel(m.influence_measure(linreg.InfluenceMeasure.DFBETAS),
                              inf.dfbetas, 0)
            # the one-pass summary
            s = m.influence_summary()
            self.assertEqual(s.n, kv["n"])
            self.assertEqual(s.n_flagged, kv["n_flagged"])
            self.assertRel(s.max_hat, kv["max_hat"], FIX_TOL)
            self.assertEqual(s.max_hat_row + 1, kv["max_hat_row"])
            self.assertRel(s.max_cooks_d, kv["max_cook"], FIX_TOL)
            self.assertEqual(s.max_cooks_d_row + 1, kv["max_cook_row"])
            self.assertEqual(sorted(s.n_flagged_by), sorted(["dfbetas", "dffits", "covratio",
                                                             "cooks_d", "hat"]))
            self.assertEqual(s.n_flagged, sum(inf.influential))
        self.each(body)

    def test_outlier_test(self):
        def body(spec, m, kv):
            o = m.outlier_test()
            self.assertEqual(len(o.rows), kv["outlier_count"])
            self.assertEqual(o.test.n, kv["outlier_n"])
            self.assertEqual(o.test.df, kv["outlier_df"])
            self.assertEqual(o.significant, kv["outlier_signif"] == 1.0)
            for i, row in enumerate(o.rows):
                self.assertEqual(row + 1, kv["outlier_%d_row" % (i + 1)])
                self.assertRel(o.rstudent[i], kv["outlier_%d_rstudent" % (i + 1)], FIX_TOL)
                self.assertTrue(close_p(o.p_unadjusted[i], kv["outlier_%d_p" % (i + 1)]))
                self.assertTrue(close_p(o.p_bonferroni[i], kv["outlier_%d_bonf" % (i + 1)]))
            self.assertEqual((o.test.statistic, o.test.pvalue), (o.rstudent[0], o.p_bonferroni[0]))
            one = m.outlier_test(n_max=1)
            self.assertEqual(one.rows, o.rows[:1])
        self.each(body)

    def test_influence_csv(self):
        def body(spec, m, kv):
            ref = read_columns(os.path.join(INFLUENCE, spec["name"] + "_rows.csv"))
            text = m.influence_csv()
            with tempfile.TemporaryDirectory() as tmp:
                path = os.path.join(tmp, "infl.csv")
                self.assertIsNone(m.influence_csv(path))
                with open(path, newline="") as fh:
                    self.assertEqual(fh.read(), text)
            lines = text.splitlines()
            header = lines[0].split(",")
            p = len(m.names)
            self.assertEqual(len(lines) - 1, m.nrows)
            self.assertEqual(header[:7], ["row", "hat", "rstandard", "rstudent", "cooks_d",
                                          "dffits", "covratio"])
            self.assertEqual(header[-1], "flagged")
            self.assertEqual(len(header), 7 + 2 * p + 1)
            rows = [[num(v) for v in ln.split(",")] for ln in lines[1:]]
            self.assertEqual([r[0] for r in rows], list(range(1, m.nrows + 1)))
            self.assertAllRel([r[1] for r in rows], ref["hat"], FIX_TOL, what="csv hat")
            self.assertAllRel([r[7 + 2 * p - 1] for r in rows], ref["dfbetas_%d" % p], FIX_TOL,
                              what="csv dfbetas")
            inf = m.influence()
            for r, h, flagged in zip(rows, ref["hat"], inf.influential):
                self.assertTrue(math.isnan(r[-1]) if math.isnan(h) else r[-1] == flagged)
        self.each(body)


def _single(m, name, o):
    """The single-test method of test `name` with the batch options o."""
    if name == "breusch_pagan":
        return m.breusch_pagan(o.get("bp_studentize", True))
    if name == "white":
        return m.white(o.get("white_f_form", False))
    if name == "goldfeld_quandt":
        return m.goldfeld_quandt(o.get("gq_point", 0.5), o.get("gq_fraction", 0.0),
                                 o.get("gq_alternative", "greater"), o.get("gq_order_by"))
    if name == "durbin_watson":
        return m.durbin_watson(o.get("dw_method", "auto"))
    if name == "breusch_godfrey":
        return m.breusch_godfrey(o.get("bg_order", 1), o.get("bg_f_form", False),
                                 o.get("bg_fill", 0.0))
    if name == "ljung_box":
        return m.ljung_box(o.get("lb_lag"), o.get("lb_fitdf", 0))
    if name == "reset":
        return m.reset(o.get("reset_power", 3))
    if name == "rainbow":
        return m.rainbow(o.get("rainbow_fraction", 0.5), o.get("rainbow_center", 0.5))
    return getattr(m, name)()


def _outcome(call):
    try:
        return call(), None
    except linreg.LinregError as e:
        return None, e


ALL_ON = dict({t: True for t in linreg.DEFAULT_TESTS}, keep_dfbetas=True)
#: tests/test_diag_batch.c's non-default options
OPTIONS = dict({t: True for t in linreg.DEFAULT_TESTS}, keep_influence=True,
               bp_studentize=False, white_f_form=True, bg_order=3, bg_f_form=True, bg_fill=0.5,
               lb_lag=4, lb_fitdf=1, reset_power=4, rainbow_fraction=0.4, rainbow_center=0.6,
               gq_fraction=0.2, gq_alternative="two.sided", dw_method="normal",
               outlier_cutoff=1.0, outlier_max=3)


def influence_specs():
    """tests/fixtures/influence/datasets.csv: the shared datasets plus the
    zero-weight, aliased, leverage-1 and GVIF ones."""
    header, rows = read_rows(os.path.join(INFLUENCE, "datasets.csv"))
    return [dict(zip(header, r + [""] * (len(header) - len(r)))) for r in rows]


class BatchDiagnosticsTest(Asserts, unittest.TestCase):
    """m.diagnostics() (lr_diagnose, one fused pass) against the single-test
    methods (already matched to R and statsmodels above) on every shared
    dataset, with the defaults and with tests/test_diag_batch.c's options:
    tests, errors, moments, VIFs, condition number, influence summary,
    outlier test and every per-row measure; the JSON object."""

    @classmethod
    def setUpClass(cls):
        cls.specs = influence_specs()
        assert len(cls.specs) >= 15

    def each(self, body):
        for spec in self.specs:
            m, cols = fit_spec(spec, path=os.path.join(ROOT, spec["file"]))
            with m:
                body(spec["name"], m, cols)

    def option_sets(self, m, cols):
        sets = [("defaults", {}), ("all on", ALL_ON), ("options", OPTIONS),
                ("ordered GQ, exact DW", dict(OPTIONS, gq_order_by=0, dw_method="exact")),
                ("GQ by name", dict(OPTIONS, gq_order_by="x1", gq_point=0.4, gq_fraction=4)),
                ("GQ by values", dict(OPTIONS, gq_order_by=cols["x1"][:m.nrows]))]
        if m.nrows > 120:  # orders and lags beyond what the fused pass takes
            sets.append(("long lags", dict(OPTIONS, bg_order=70, lb_lag=100)))
        return sets

    def compare(self, m, o, what):
        with m.diagnostics(**o) as d:
            self.assertEqual(d.names, m.names)
            self.assertEqual(d.nobs, m.nobs)
            self.assertEqual(list(d), [t for t in linreg.DEFAULT_TESTS if t in d], what)
            self.assertEqual(set(d) | set(d.errors) | set(d.skipped), set(linreg.DEFAULT_TESTS))
            self.assertEqual(d.skipped, {}, what)  # small models: White in the default set
            for name in linreg.DEFAULT_TESTS:
                want, err = _outcome(lambda: _single(m, name, o))
                if err is not None:
                    got = d.errors.get(name)
                    self.assertIs(type(got), type(err), "%s %s: %r" % (what, name, got))
                    self.assertEqual(got.detail, err.detail, "%s %s" % (what, name))
                    self.assertNotIn(name, d)
                    continue
                self.assertNotIn(name, d.errors, what)
                batch_equals_single(self, d[name], want, "%s %s" % (what, name))
            # moments
            want, err = _outcome(m.residual_moments)
            if err is None:
                self.assertRel(d.moments.skewness, want.skewness, 1e3 * BATCH_STAT, what=what)
                self.assertRel(d.moments.kurtosis, want.kurtosis, BATCH_STAT, what=what)
            else:
                with self.assertRaises(type(err)):
                    d.moments
            # VIFs and the condition number: the same functions, bit for bit
            vif = m.vif()
            self.assertEqual(list(d.vif), list(vif))
            for k, v in vif.items():
                self.assertTrue(d.vif[k] == v or (math.isnan(d.vif[k]) and math.isnan(v)), k)
            self.assertEqual(d.condition_number,
                             tolist(m.collinearity().condition_indices)[m.rank - 1])
            self.compare_influence(m, d, o, what)
            # the JSON: lr_diagnostics_json of this result, lr_model_diagnostics_json
            # of the model, and to_dict() built from the copies are the same object
            text = d.to_json()
            self.assertEqual(text, m.diagnostics_json(**o), what)
            self.assertEqual(d.to_dict(), json.loads(text), what)
            return d

    def compare_influence(self, m, d, o, what):
        want, err = _outcome(m.influence_summary)
        if err is not None:
            for attr in ("influence", "outliers", "influence_values", "flags"):
                with self.assertRaises(type(err), msg=attr) as ctx:
                    getattr(d, attr)
                self.assertEqual(ctx.exception.detail, err.detail)
            return
        s = d.influence
        self.assertEqual((s.n, s.max_hat_row, s.max_cooks_d_row, s.n_flagged, s.n_flagged_by),
                         (want.n, want.max_hat_row, want.max_cooks_d_row, want.n_flagged,
                          want.n_flagged_by), what)
        self.assertRel(s.max_hat, want.max_hat, BATCH_STAT, what=what)
        self.assertRel(s.max_cooks_d, want.max_cooks_d, 100 * BATCH_STAT, what=what)
        cutoff, n_max = o.get("outlier_cutoff", 0.05), o.get("outlier_max", 10)
        a, b = d.outliers, m.outlier_test(cutoff, n_max)
        self.assertEqual((a.rows, a.cutoff, a.significant), (b.rows, b.cutoff, b.significant))
        self.assertAllRel(a.rstudent, b.rstudent, BATCH_STAT, what=what)
        for x, y in ((a.p_unadjusted, b.p_unadjusted), (a.p_bonferroni, b.p_bonferroni)):
            for u, v in zip(tolist(x), tolist(y)):
                self.assertTrue(close_p(u, v, BATCH_P), "%s outlier p %r vs %r" % (what, u, v))
        batch_equals_single(self, a.test, b.test, what + " outlier test")
        if not (o.get("keep_influence") or o.get("keep_dfbetas")):
            with self.assertRaises(linreg.NotFoundError) as ctx:
                d.influence_values
            self.assertIn("keep_influence", str(ctx.exception))
            return
        inf, ref = d.influence_values, m.influence()
        self.assertIsInstance(inf, linreg.Influence)
        names = ["hat", "rstandard", "rstudent", "cooks_d", "dffits", "covratio", "sigma"]
        if o.get("keep_dfbetas"):
            names += ["dfbeta", "dfbetas"]
        self.assertEqual(sorted(inf), sorted(names), what)
        for name in names:
            self.assert_rows(inf[name], ref[name], "%s %s" % (what, name))
        self.assertEqual(d.flags, ref.flags, what)
        self.assertEqual(inf.influential, ref.influential, what)
        self.assertEqual(inf.names, m.names)

    def assert_rows(self, got, want, what):
        """tests/test_diag_batch.c's rule: |a - b| <= tol (|b| + max |b|)."""
        got, want = tolist(got), tolist(want)
        if want and isinstance(want[0], list):
            got = [v for row in got for v in row]
            want = [v for row in want for v in row]
        self.assertEqual(len(got), len(want), what)
        scale = max([abs(v) for v in want if math.isfinite(v)], default=0.0)
        for i, (a, b) in enumerate(zip(got, want)):
            ok = math.isnan(a) if math.isnan(b) else abs(a - b) <= BATCH_ROWS * (abs(b) + scale)
            self.assertTrue(ok, "%s[%d]: %r vs %r" % (what, i, a, b))

    def test_batch_equals_the_single_tests(self):
        def body(ds, m, cols):
            for label, o in self.option_sets(m, cols):
                with self.subTest(dataset=ds, options=label):
                    self.compare(m, o, "%s (%s)" % (ds, label))
        self.each(body)

    def test_small_and_degenerate_models(self):
        """As tests/test_diag_batch.c's small_models: too few rows, an exact
        fit, one predictor, the intercept alone: every status and message as
        the single methods give them."""
        rnd = random.Random(5)
        seen = set()
        for n in (3, 4, 5, 6, 9, 12, 40):
            for kind in range(4):
                k = 0 if kind == 3 else 1 if kind == 2 else 2
                X = [[rnd.gauss(0, 1) for _ in range(k)] for _ in range(n)]
                y = [0.5 + sum((j + 1) * v for j, v in enumerate(row)) +
                     (0.0 if kind == 1 else rnd.gauss(0, 1)) for row in X]
                try:
                    m = linreg.fit(X if k else None, y)
                except linreg.TooFewRowsError:
                    continue
                with m, self.subTest(n=n, kind=kind):
                    d = self.compare(m, ALL_ON, "small n=%d kind %d" % (n, kind))
                    seen.update(type(e).__name__ for e in d.errors.values())
        # the error paths this exercised
        self.assertTrue({"TooFewRowsError", "UndefinedError"} <= seen, seen)

    def test_json_keys_follow_the_c_enum(self):
        """The JSON object lists the tests in lr_diag_test order; switching
        DEFAULT_TESTS[t] off removes exactly that entry (so the Python names
        and the C enum agree)."""
        d0, y = dataset_model("clean")
        with linreg.fit(d0, y) as m:
            doc = json.loads(m.diagnostics_json(**ALL_ON),
                             object_pairs_hook=collections.OrderedDict)
            self.assertEqual(list(doc), list(linreg.DEFAULT_TESTS) +
                             ["vif", "condition_number", "influence"])
            for t, name in enumerate(linreg.DEFAULT_TESTS):
                self.assertEqual(linreg.DiagTest(t).name.lower(), name)
                with m.diagnostics(**{name: False}) as d:
                    keys = set(json.loads(d.to_json()))
                    self.assertEqual(set(linreg.DEFAULT_TESTS) - keys, {name})
                    self.assertNotIn(name, d)
                    self.assertNotIn(name, d.errors)
                    self.assertNotIn(name, d.to_dict())
                    self.assertEqual(d[linreg.DEFAULT_TESTS[t - 1]].method,
                                     _single(m, linreg.DEFAULT_TESTS[t - 1], {}).method)
            # switched off, the parts are absent from the object
            with m.diagnostics(collinearity=False, influence=False, reset="off") as d:
                js = json.loads(d.to_json())
                self.assertEqual(js, d.to_dict())
                for key in ("vif", "condition_number", "influence", "reset"):
                    self.assertNotIn(key, js)
                self.assertNotIn("vif", d.summary())
                for attr, text in (("vif", "collinearity was switched off"),
                                   ("condition_number", "collinearity was switched off"),
                                   ("influence", "influence measures were switched off"),
                                   ("outliers", "influence measures were switched off"),
                                   ("influence_values", "influence measures were switched off")):
                    with self.assertRaises(linreg.NotFoundError) as ctx:
                        getattr(d, attr)
                    self.assertEqual(str(ctx.exception), text)
            # "on"/"off"/"default" spell the same choices
            with m.diagnostics(white="on", reset="off", omnibus="default") as a, \
                    m.diagnostics(white=True, reset=False, omnibus=None) as b:
                self.assertEqual(a.to_json(), b.to_json())

    def test_summary(self):
        d0, y = dataset_model("clean")
        with linreg.fit(d0, y) as m, m.diagnostics(max_work=0) as d:
            text = d.summary()
            self.assertEqual(str(d), text)
            lines = text.splitlines()
            self.assertEqual(lines[0].split(), ["test", "statistic", "df", "p-value", "method"])
            self.assertEqual([ln.split()[0] for ln in lines[1:14]], list(linreg.DEFAULT_TESTS))
            self.assertTrue(lines[6].startswith("white             skipped: "), lines[6])
            self.assertIn("vif               x1 %.4g, x2" % d.vif["x1"], text)
            self.assertIn("condition number  %.6g" % d.condition_number, text)
            self.assertIn("max leverage %.4g" % d.influence.max_hat, text)
            self.assertIn("Bonferroni p %.4g" % d.outliers.test.pvalue, text)

    def test_white_skipped_above_max_work(self):
        """White is in the default set while n q^2 <= max_work (q = r(r+1)/2 - 1
        generated regressors for rank r): clean has n = 60, r = 4, q = 9."""
        d0, y = dataset_model("clean")
        with linreg.fit(d0, y) as m:
            limit = 60 * 9 ** 2
            with m.diagnostics(max_work=limit) as d:
                batch_equals_single(self, d["white"], m.white(), "white at the limit")
                self.assertEqual(d.skipped, {})
            with m.diagnostics(max_work=limit - 1) as d:
                self.assertNotIn("white", d)
                self.assertNotIn("white", d.errors)
                reason = d.skipped["white"]
                self.assertTrue(reason.startswith("skipped: "), reason)
                self.assertIn("9 generated regressors", reason)
                entry = json.loads(d.to_json())["white"]
                self.assertEqual(entry, d.to_dict()["white"])
                self.assertEqual((entry["skipped"], entry["error"], entry["statistic"],
                                  entry["n"]), (True, reason, None, 60))
                self.assertIs(type(d.to_dict()["white"]["n"]), int)
                self.assertEqual(len(d), len(linreg.DEFAULT_TESTS) - 1)
            # asked for, it runs whatever the limit
            with m.diagnostics(max_work=0, white=True) as d:
                batch_equals_single(self, d["white"], m.white(), "white asked for")
            with m.diagnostics(max_work=0, white=False) as d:
                self.assertEqual((d.skipped, "white" in d.to_dict()), ({}, False))

    def test_white_skipped_from_the_default_set_of_a_wide_model(self):
        """The default limit (1e9): 30 predictors (q = 495) and 4100 rows give
        n q^2 = 1.005e9."""
        n, k = 4100, 30
        rnd = random.Random(11)
        X = [[rnd.gauss(0, 1) for _ in range(k)] for _ in range(n)]
        y = [sum(row[:5]) + rnd.gauss(0, 1) for row in X]
        q = (k + 1) * (k + 2) // 2 - 1
        self.assertGreater(n * q * q, linreg.DIAG_WHITE_MAX_WORK)
        with linreg.fit(X, y) as m, m.diagnostics() as d:
            self.assertEqual(list(d.skipped), ["white"])
            self.assertIn("%d generated regressors" % q, d.skipped["white"])
            self.assertEqual(len(d) + len(d.errors), len(linreg.DEFAULT_TESTS) - 1)
            self.assertEqual(d.to_dict(), json.loads(d.to_json()))
            self.assertEqual(len(d.vif), k)
            for name in ("breusch_pagan", "reset", "shapiro_wilk"):
                batch_equals_single(self, d[name], getattr(m, name)(), name)

    def test_json_equals_the_cli(self):
        """The CLI's "diagnostics" object of `linreg fit --format json`, when
        the CLI writes one (lr_model_diagnostics_json with the defaults)."""
        cli = os.path.join(ROOT, os.environ.get("CLI") or "bin/linreg")
        if not os.access(cli, os.X_OK):
            self.skipTest("no CLI at %s" % cli)
        path = os.path.join(DATA, "clean.csv")
        out = subprocess.run([cli, "fit", path, "--formula", "y ~ .", "--format", "json"],
                             capture_output=True, text=True, check=True).stdout
        doc = json.loads(out)
        if "diagnostics" not in doc:
            self.skipTest("this CLI's `fit --format json` has no \"diagnostics\" object yet")
        with linreg.ols("y ~ .", data=path) as m:
            self.assertEqual(doc["diagnostics"], json.loads(m.diagnostics_json()))
            with m.diagnostics() as d:
                self.assertEqual(doc["diagnostics"], d.to_dict())


def dataset_model(name):
    cols = read_columns(os.path.join(DATA, name + ".csv"))
    y = cols.pop("y")
    return cols, y


class WeightedDiagnosticsTest(Checks, unittest.TestCase):
    """Zero weights: the tests on the weighted residuals give the answer of the
    fit without those rows (tests/test_diag_weights.c)."""

    def test_zero_weight_rows_do_not_count(self):
        cols = read_columns(os.path.join(DATA, "weighted.csv"))
        zero = {4, 16, 39}
        w0 = [0.0 if i in zero else w for i, w in enumerate(cols["w"])]
        keep = [i for i in range(len(w0)) if i not in zero]
        X = {"x1": cols["x1"], "x2": cols["x2"]}
        Xk = {k: [v[i] for i in keep] for k, v in X.items()}
        with linreg.fit(X, cols["y"], weights=w0) as a, \
                linreg.fit(Xk, [cols["y"][i] for i in keep],
                           weights=[cols["w"][i] for i in keep]) as b:
            for name in ("shapiro_wilk", "jarque_bera", "ljung_box", "durbin_watson", "white",
                         "breusch_godfrey", "reset", "harvey_collier"):
                ra, rb = getattr(a, name)(), getattr(b, name)()
                self.assertRel(ra.statistic, rb.statistic, 1e-10, what=name)
                self.assertRel(ra.pvalue, rb.pvalue, 1e-9, what=name)
                self.assertEqual(ra.n, rb.n)
            inf = a.influence()
            for i in zero:
                self.assertTrue(math.isnan(inf.hat[i]) and not inf.flags[i])


if __name__ == "__main__":
    unittest.main()
