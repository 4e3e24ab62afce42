"""The diagnostics bindings (include/linreg/diag.h, influence.h) against the
fixtures the C tests use (tests/fixtures/diag from R and statsmodels,
tests/fixtures/influence from R), to the C tests' tolerances: statistics
and p-values 1e-8 relative (p-values below 1e-300 only need to be tiny),
degrees of freedom and n exactly. See tests/test_diag_*.c."""

import math
import os
import tempfile
import unittest

from helpers import (DATA, DIAG, FIX_TOL, INFLUENCE, ROOT, Asserts, close_p, fit_spec, linreg,
                     manifest, num, read_columns, read_keyed, read_rows, tolist)

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
            self.assertEqual(d["durbin_watson"], m.durbin_watson())
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
