"""The assumption report card (include/linreg/report.h) from Python, against
the fixtures the C report tests use (tests/fixtures/report, from
tests/reference/report.R; see tests/test_report.c and test_report_io.c),
to the same tolerances: 1e-8 relative (the RESET R-squared increase and the
refit's change in standard errors 1e-7); every number the report takes
from a library function equals the bound function's result exactly.

The models are fitted with linreg.ols and the manifest's formula (the C
tests fit the same columns with lr_fit): the shared datasets, `weighted`
with two zero weights (`weighted_zero`) and the Windsor house prices
(`price ~ .`, whose dummies "drivewayyes"... are R's 0/1 columns "driveway"
of report.R). The text equals `linreg check DATA --formula F` after the
summary, and the JSON the CLI's "report" object."""

import array
import gc
import json
import math
import os
import subprocess
import unittest

from helpers import (DATA, ROOT, WINDSOR, Asserts, linreg, manifest, np, read_columns,
                     read_rows, tolist, NUMPY_SKIP)
from linreg._api import VERDICT_NAMES, api
from test_resources import SANITIZED, CountingFree, rss_bytes

REPORT = os.path.join(ROOT, "tests", "fixtures", "report")
TOL = 1e-8
SETS = [s["name"] for s in manifest()] + ["weighted_zero", "house"]
#: the sets report.R gives cluster ids: g (clustered), else (row // 5) + 1
WITH_IDS = ("clustered", "clean", "weighted", "weighted_zero")


def cli():
    path = os.environ.get("CLI") or os.path.join(ROOT, "bin", "linreg")
    path = path if os.path.isabs(path) else os.path.join(ROOT, path)
    return path if os.access(path, os.X_OK) else None


def run_cli(*args):
    return subprocess.run([cli()] + list(args), cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=True).stdout.decode("utf-8")


def spec_of(name):
    base = "weighted" if name == "weighted_zero" else name
    return [s for s in manifest() if s["name"] == base][0]


def formula_of(name):
    if name == "house":
        return "price ~ ."
    s = spec_of(name)
    return "%s ~ %s%s" % (s["response"], " + ".join(s["predictors"].split("+")),
                          "" if s["intercept"] == "1" else " - 1")


def fit(name):
    """(model, ids or None) as report.R fits the set."""
    if name == "house":
        return linreg.ols("price ~ .", data=WINDSOR), None
    spec = spec_of(name)
    path = os.path.join(DATA, spec["name"] + ".csv")
    w = spec["weights"] or None
    if name == "weighted_zero":
        data = read_columns(path)
        data["w"][2] = data["w"][9] = 0.0
    else:
        data = path
    m = linreg.ols(formula_of(name), data=data, weights=w)
    ids = None
    if name in WITH_IDS and name != "clustered":
        ids = [i // 5 + 1 for i in range(int(m.nrows))]
    return m, ids


def r_names(m):
    """coefficient name -> report.R's name (a yes/no dummy is R's 0/1 column)."""
    if m.design is None:
        return {n: n for n in m.names}
    return {n: (lab["term"] if "level" in lab else n)
            for n, lab in m.design.coef_labels().items()}


class Fixtures:
    def __init__(self):
        header, rows = read_rows(os.path.join(REPORT, "values.csv"))
        self.values = {(r[0], r[1]): r[2] for r in rows}
        self.curv = {}
        for r in read_rows(os.path.join(REPORT, "curvature.csv"))[1]:
            self.curv.setdefault(r[0], []).append(r[1:])
        self.refit = {}
        for r in read_rows(os.path.join(REPORT, "refit.csv"))[1]:
            self.refit.setdefault(r[0], []).append(r[1:])

    def str(self, set_, key):
        return self.values.get((set_, key))

    def num(self, set_, key):
        s = self.str(set_, key)
        return math.nan if s is None or s == "NA" else float(s)


def nan_eq(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


class ReportFixtureTest(Asserts, unittest.TestCase):
    """tests/test_report.c from Python."""

    @classmethod
    def setUpClass(cls):
        cls.fx = Fixtures()

    def each(self, body, sets=SETS, with_ids=False):
        for name in sets:
            if with_ids and name not in WITH_IDS:
                continue
            with self.subTest(dataset=name, with_ids=with_ids):
                m, ids = fit(name)
                with m:
                    if with_ids:
                        clusters = "g" if name == "clustered" else ids
                        r = m.check(clusters=clusters)
                    else:
                        r = m.check()
                    with r:
                        body(name, m, r, ids)

    def assert_same_test(self, t, lib, what):
        """The report's entry equals the library function's result bit for bit."""
        self.assertIsNone(t.skipped, what)
        self.assertTrue(nan_eq(t.statistic, lib.statistic), "%s statistic" % what)
        self.assertTrue(nan_eq(t.pvalue, lib.pvalue), "%s p" % what)
        self.assertEqual(t.df, lib.df, "%s df" % what)
        self.assertEqual(t.n, lib.n, "%s n" % what)

    def assert_same_table(self, view, lib, what):
        for col in ("params", "bse", "tvalues", "pvalues"):
            a, b = tolist(getattr(view, col)), tolist(getattr(lib, col))
            self.assertTrue(all(nan_eq(x, y) for x, y in zip(a, b)), "%s %s" % (what, col))
        self.assertEqual(tolist(view.conf_int()), tolist(lib.conf_int()), what)
        self.assertEqual(view.type, lib.type, what)

    def ratio_pair(self, name, check, effect, key):
        for end in ("max", "min"):
            self.assertRel(check.effects["%s_%s" % (effect, end)],
                           self.fx.num(name, "%s_%s" % (key, end)), TOL,
                           what="%s %s_%s" % (name, effect, end))

    def named(self, check, names):
        return ";".join(names[n] for n in check.named) or "none"

    # ---------------------------------------------------------- linearity
    def test_linearity(self):
        def body(name, m, r, ids):
            c = r["linearity"]
            self.assert_same_test(c.test("reset"), m.reset(3), name + " reset")
            self.assertRel(c.effects["reset_r_squared_increase"],
                           self.fx.num(name, "reset_r2_increase"), 1e-7, what=name)
            self.assertRel(c.effects["reset_unexplained_share"],
                           self.fx.num(name, "reset_unexplained_share"), TOL, what=name)
            back = {v: k for k, v in r_names(m).items()}
            rows = self.fx.curv[name]
            for pred, t, df, p in rows:
                got = c.test("curvature", back[pred])
                self.assertIsNotNone(got, "%s: no curvature test of %s" % (name, pred))
                if t == "NA":
                    self.assertIsNotNone(got.skipped, "%s %s should be skipped" % (name, pred))
                    self.assertTrue(math.isnan(got.statistic))
                    continue
                self.assertIsNone(got.skipped)
                self.assertRel(got.statistic, float(t), TOL, what="%s t %s" % (name, pred))
                self.assertEqual(got.df, float(df))
                self.assertRel(got.pvalue, float(p), TOL, what="%s p %s" % (name, pred))
            self.assertEqual(len(rows), m.k)
            self.assertEqual(len([t for t in c.tests if t.name == "curvature"]), m.k)
        self.each(body)

    # ---------------------------------------------------------- normality
    def test_normality(self):
        def body(name, m, r, ids):
            c = r.normality
            self.assert_same_test(c.test("shapiro_wilk"), m.shapiro_wilk(), name)
            mom = m.residual_moments()
            self.assertEqual(c.effects["skewness"], mom.skewness)
            self.assertEqual(c.effects["excess_kurtosis"], mom.kurtosis - 3.0)
            self.assertEqual(r.effect("normality", "skewness"), mom.skewness)
        self.each(body)

    # --------------------------------------------------- homoscedasticity
    def test_homoscedasticity(self):
        def body(name, m, r, ids):
            c = r.homoscedasticity
            names = r_names(m)
            bp = c.test("breusch_pagan")
            if name not in ("weighted", "weighted_zero"):
                self.assert_same_test(bp, m.breusch_pagan(True), name)
            else:  # the weighted residuals on the design (statsmodels' het_breuschpagan)
                self.assertRel(bp.statistic, self.fx.num(name, "bp_weighted_stat"), TOL)
                self.assertEqual(bp.df, self.fx.num(name, "bp_weighted_df"))
                self.assertRel(bp.pvalue, self.fx.num(name, "bp_weighted_p"), TOL)
            try:
                white = m.white()
            except linreg.LinregError:
                self.assertIsNotNone(c.test("white").skipped, name)
            else:
                self.assert_same_test(c.test("white"), white, name + " white")
            self.assertRel(c.effects["bp_aux_r_squared"], self.fx.num(name, "bp_aux_r2"), TOL,
                           what=name)
            aux = c.remedy_details["bp_auxiliary"]["t_values"]
            for coef in m.predictor_names:
                self.assertRel(aux[coef], self.fx.num(name, "bp_aux_t_" + names[coef]), TOL,
                               what="%s aux t %s" % (name, coef))
            driver = c.remedy_details["driver"]
            self.assertEqual(names[driver["name"]], self.fx.str(name, "bp_driver"))
            self.assertEqual(driver["direction"], "increases"
                             if self.fx.num(name, "bp_driver_sign") > 0 else "decreases")
            view = c.robust
            with m.robust("HC3") as lib:
                self.assert_same_table(view, lib, name + " HC3")
            self.assertEqual(view.cov_type, "HC3")
            self.assertEqual(c.remedy_details["table"]["type"], "HC3")
            self.ratio_pair(name, c, "se_ratio", "hc3_ratio")
            self.assertEqual(self.named(c, names), self.fx.str(name, "hc3_sig_changes"))
        self.each(body)

    # -------------------------------------------------------- independence
    def test_independence(self):
        def body(name, m, r, ids):
            c = r.independence
            names = r_names(m)
            dw, t = m.durbin_watson(), c.test("durbin_watson")
            self.assertEqual((t.statistic, t.pvalue, t.n), (dw.statistic, dw.pvalue_two_sided,
                                                            dw.n))
            self.assert_same_test(c.test("ljung_box"), m.ljung_box(), name + " Ljung-Box")
            self.assertRel(c.effects["lag1_autocorrelation"], self.fx.num(name, "lag1"), TOL,
                           what=name)
            self.assertIsNone(c.test("cluster_anova"))
            view = c.robust
            if view is not None:
                with m.robust("NW") as lib:
                    self.assert_same_table(view, lib, name + " NW")
                self.ratio_pair(name, c, "se_ratio", "nw_ratio")
                self.ratio_pair(name, c, "se_ratio_over_hc", "nw_hc0_ratio")
                self.assertEqual(self.named(c, names), self.fx.str(name, "nw_sig_changes"))
        self.each(body)

    def test_independence_with_cluster_ids(self):
        def body(name, m, r, ids):
            c = r.independence
            t = c.test("cluster_anova")
            self.assertIsNone(t.skipped)
            self.assertRel(t.statistic, self.fx.num(name, "icc_f"), TOL, what=name)
            self.assertEqual(t.df, (self.fx.num(name, "icc_df1"), self.fx.num(name, "icc_df2")))
            self.assertRel(t.pvalue, self.fx.num(name, "icc_p"), TOL, what=name)
            self.assertRel(c.effects["icc"], self.fx.num(name, "icc"), TOL, what=name)
            self.assertEqual(c.effects["clusters"], self.fx.num(name, "icc_clusters"))
            groups = ids if ids is not None else dataset_column("clustered", "g")
            with m.robust("cluster", groups=groups) as lib:
                self.assert_same_table(c.robust, lib, name + " cluster")
            self.assertEqual(c.robust.cov_type, "cluster")
            self.ratio_pair(name, c, "se_ratio", "cl_ratio")
            self.ratio_pair(name, c, "se_ratio_over_hc", "cl_hc1_ratio")
            self.assertEqual(self.named(c, r_names(m)), self.fx.str(name, "cl_sig_changes"))
        self.each(body, with_ids=True)

    # ---------------------------------------------------- multicollinearity
    def test_multicollinearity(self):
        def body(name, m, r, ids):
            c = r.multicollinearity
            vif = [v for v in m.vif().values() if not math.isnan(v)]
            if m.k >= 2:
                self.assertEqual(c.effects["max_vif"], max(vif))
                self.assertRel(c.effects["max_vif"], self.fx.num(name, "max_vif"), TOL)
            ci = tolist(m.collinearity().condition_indices)
            self.assertEqual(c.effects["condition_number"], ci[m.rank - 1])
            if c.verdict != "holds":
                self.assertEqual(self.named(c, r_names(m)), self.fx.str(name, "belsley_involved"))
        self.each(body)

    # ------------------------------------------------------------ influence
    def test_influence(self):
        def body(name, m, r, ids):
            c = r["no_influential_observations"]
            ot = m.outlier_test(0.05, 10)
            self.assert_same_test(c.test("outlier_bonferroni"), ot.test, name)
            s = m.influence_summary()
            self.assertEqual(c.effects["max_cooks_distance"], s.max_cooks_d)
            self.assertRel(c.effects["max_cooks_distance"], self.fx.num(name, "max_cooks"), TOL)
            self.assertEqual(c.effects["max_cooks_distance_row"],
                             self.fx.num(name, "max_cooks_row"))
            got = ";".join(str(i + 1) for i in r.flagged_rows) or "none"
            self.assertEqual(got, self.fx.str(name, "flagged_rows"))
            self.assertEqual(c.effects["n_flagged"], len(r.flagged_rows))
            if not r.flagged_rows:
                return
            self.assertEqual([f["row"] for f in c.remedy_details["flagged_rows"]],
                             [i + 1 for i in r.flagged_rows])
            self.assertRel(c.effects["max_change_in_se"], self.fx.num(name, "max_change_in_se"),
                           TOL)
            coefs = {e["name"]: e for e in
                     c.remedy_details["refit_without_flagged"]["coefficients"]}
            names = r_names(m)
            seen = 0
            for coef, est, change in self.fx.refit[name]:
                e = coefs[{v: k for k, v in names.items()}[coef]]
                self.assertRel(e["without_flagged"], float(est), TOL, what="%s %s" % (name, coef))
                self.assertRel(e["change_in_se"], float(change), 1e-7)
                seen += 1
            self.assertEqual(seen, len(m.names))
        self.each(body)

    # ------------------------------------------------------------ verdicts
    def test_verdicts(self):
        for name, kw in [("clean", {}), ("clean", {"clusters": [i // 5 for i in range(60)]}),
                         ("hetero", {}), ("autocorr", {}), ("collinear", {}), ("outliers", {}),
                         ("nonlinear", {}), ("skewed", {}),
                         ("clustered", {"clusters": "g", "cluster_name": "patient"})]:
            with self.subTest(dataset=name, options=sorted(kw)):
                m, _ = fit(name)
                with m, m.check(**kw) as r:
                    v = r.verdicts
                    self.assertEqual(list(v), list(linreg.ASSUMPTIONS))
                    self.check_verdicts(name, r, v, kw)

    def check_verdicts(self, name, r, v, kw):
        if name == "clean":
            want = {a: "holds" for a in linreg.ASSUMPTIONS}
            want["fixed_features"] = "cannot_be_tested"
            self.assertEqual(v, want)
            for check in r.values():  # every test that ran holds at alpha
                for t in check.tests:
                    self.assertTrue(t.skipped or t.pvalue >= 0.05 or
                                    t.p_adjusted >= 0.05, t)
        elif name == "hetero":
            self.assertEqual(v["homoscedasticity"], "violated")
            self.assertIn("The spread of y grows with x1", r.homoscedasticity.explanation)
            self.assertTrue(r.homoscedasticity.remedy_details["needed"])
        elif name == "autocorr":
            self.assertEqual(v["independence"], "violated")
            self.assertEqual(r.independence.robust.type, linreg.VcovType.NEWEY_WEST)
        elif name == "collinear":
            self.assertIn(v["no_multicollinearity"], ("violated", "doubtful"))
            self.assertEqual(r.multicollinearity.named, ["x1", "x2"])
        elif name == "outliers":
            self.assertEqual(v["no_influential_observations"], "violated")
            self.assertIn("Rows 7, 23 and 31", r.influence.explanation)
            self.assertEqual(r.flagged_rows, [6, 22, 30])
        elif name == "nonlinear":
            self.assertEqual(v["linearity"], "violated")
            self.assertEqual(r.linearity.named, ["x1"])
            self.assertIn("I(x1^2)", r.linearity.remedy)
        elif name == "skewed":
            self.assertEqual(v["normality"], "violated")
            self.assertIn("skewed to the right", r.normality.explanation)
        elif name == "clustered":
            self.assertEqual(v["independence"], "violated")
            t = r.independence.test("cluster_anova")
            self.assertLess(t.p_adjusted, 0.05)
            self.assertLess(t.pvalue, 0.05 / 3)
            self.assertEqual(r.independence.robust.type, linreg.VcovType.CLUSTER)
            self.assertIn("Rows of the same patient resemble each other",
                          r.independence.explanation)


def dataset_column(name, col):
    return read_columns(os.path.join(DATA, name + ".csv"))[col]


class ReportOutputTest(Asserts, unittest.TestCase):
    """The text and JSON against the CLI, the JSON's shape, the getters."""

    def test_text_and_json_equal_the_cli(self):
        if cli() is None:
            self.skipTest("the CLI bin/linreg is not built")
        cases = [(s["name"], formula_of(s["name"]), {}, []) for s in manifest()
                 if not s["weights"]]
        cases += [("weighted", formula_of("weighted"), {"weights": "w"}, ["--weights", "w"]),
                  ("clustered", "y ~ x1 + x2", {"clusters": "g"}, ["--cluster", "g"]),
                  ("house", "price ~ .", {}, []),
                  ("house", "log(price) ~ lotsize + bathrooms + aircon",
                   {"reliability": {"lotsize": 0.9}}, ["--reliability", "lotsize=0.9"]),
                  ("clean", "y ~ x1 + x2 + x3", {"alpha": 0.01, "level": 0.9},
                   ["--alpha", "0.01", "--level", "0.9"])]
        for name, formula, kw, args in cases:
            with self.subTest(dataset=name, formula=formula, args=args):
                path = WINDSOR if name == "house" else os.path.join(DATA, name + ".csv")
                fit_kw = {"weights": kw["weights"]} if "weights" in kw else {}
                if "level" in kw:
                    fit_kw["level"] = kw["level"]
                check_kw = {k: v for k, v in kw.items() if k not in ("weights", "level")}
                out = run_cli("check", path, "--formula", formula, *args)
                js = json.loads(run_cli("check", path, "--formula", formula, "--format", "json",
                                        *args))
                with linreg.ols(formula, data=path, **fit_kw) as m, m.check(**check_kw) as r:
                    summary = m.summary()
                    self.assertTrue(out.startswith(summary + "\n"))
                    # the CLI prints the summary, the report, then the interpretation pack
                    report_part = out[len(summary) + 1:].split("\n== Interpretation ==\n")[0]
                    self.assertEqual(report_part, r.text())
                    self.assertEqual(str(r), r.text())
                    self.assertEqual(js["report"], r.to_dict())
                    self.assertEqual(json.loads(r.to_json()), r.to_dict())

    def test_json_shape(self):
        m, _ = fit("hetero")
        with m, m.check() as r:
            d = r.to_dict()
            self.assertEqual((d["alpha"], d["level"], d["n"], d["response"], d["model"]),
                             (0.05, 0.95, 80, "y", "y ~ x1 + x2"))
            self.assertEqual((r.alpha, r.level, r.n, r.response, r.formula),
                             (0.05, 0.95, 80, "y", "y ~ x1 + x2"))
            self.assertEqual(list(d)[5:], list(linreg.ASSUMPTIONS))
            for name, check in r.items():
                o = d[name]
                self.assertEqual(o["verdict"], check.verdict)
                for key in ("reason", "explanation", "consequence"):
                    self.assertEqual(o[key], getattr(check, key))
                    self.assertTrue(o[key])
                self.assertEqual(len(o["tests"]), len(check.tests))
                for jt, t in zip(o["tests"], check.tests):
                    self.assertEqual((jt["name"], jt["label"], jt.get("predictor")),
                                     (t.name, t.label, t.predictor))
                    if t.skipped:
                        self.assertEqual(jt["skipped"], t.skipped)
                        continue
                    self.assertEqual((jt["statistic"], jt["p_value"], jt["method"], jt["n"]),
                                     (t.statistic, t.pvalue, t.method, t.n))
                    df = jt["df"]
                    self.assertEqual(tuple(df) if isinstance(df, list) else df, t.df)
                    if "p_adjusted" in jt:
                        self.assertEqual(jt["p_adjusted"], t.p_adjusted)
                    else:
                        self.assertTrue(math.isnan(t.p_adjusted))
                self.assertEqual(list(o["effect"]), list(check.effects))
                for key, value in check.effects.items():
                    self.assertTrue(o["effect"][key] is None and math.isnan(value)
                                    or o["effect"][key] == value)
                    self.assertTrue(nan_eq(r.effect(name, key), value))
                self.assertEqual(o["remedy"]["text"], check.remedy)
                self.assertEqual(o["remedy"], check.remedy_details)
                self.assertEqual(o["remedy"]["needed"], check.verdict == "violated")
            # the HC3 table has the keys of the model's results JSON
            table = d["homoscedasticity"]["remedy"]["table"]
            self.assertEqual(table, r.homoscedasticity.robust.to_dict())
            rows = m.to_dict()["coefficients"]
            self.assertEqual([c["name"] for c in table["coefficients"]], m.names)
            for got, want in zip(table["coefficients"], rows):
                self.assertEqual(set(want) - set(got), set())
                self.assertEqual(got["estimate"], want["estimate"])

    def test_mapping_and_attributes(self):
        m, _ = fit("hetero")
        with m, m.check() as r:
            self.assertEqual(list(r), list(linreg.ASSUMPTIONS))
            self.assertEqual(len(r), 7)
            self.assertEqual(r["multicollinearity"].assumption, "no_multicollinearity")
            self.assertEqual(r.influence.assumption, "no_influential_observations")
            self.assertEqual(r[linreg.Assumption.HOMOSCEDASTICITY].verdict, "violated")
            self.assertIn("homoscedasticity", r)
            self.assertNotIn("nonsense", r)
            with self.assertRaises(KeyError):
                r["nonsense"]
            with self.assertRaises(AttributeError):
                r.nonsense
            self.assertIn("homoscedasticity: violated", repr(r.homoscedasticity))
            self.assertIn("homoscedasticity: violated", str(r.homoscedasticity))
            self.assertIn("1 violated", repr(r))
            self.assertIsNone(r.linearity.robust)
            self.assertIsNone(r.linearity.test("no such test"))
            self.assertTrue(math.isnan(r.effect("normality", "no such effect")))
            t = r.homoscedasticity.test("breusch_pagan")
            self.assertTrue(t.ran)
            self.assertEqual((t.df1, t.df2 != t.df2), (2.0, True))
            self.assertEqual(r.homoscedasticity.test("white").df1, 5.0)
            # assumption and verdict names are the library's (checked at import too)
            codes = {name: code for code, name in VERDICT_NAMES.items()}
            for a in linreg.Assumption:
                name = list(linreg.ASSUMPTIONS)[a]
                self.assertEqual(api.lr_assumption_name(a).decode(), name)
                self.assertEqual(api.lr_report_verdict(r._h(), a), codes[r.verdicts[name]])
            self.assertIsNone(api.lr_assumption_name(7))
            self.assertEqual([api.lr_verdict_name(v).decode() for v in linreg.Verdict],
                             ["holds", "doubtful", "violated", "cannot_be_tested"])
            self.assertIsNone(api.lr_verdict_name(4))
            self.assertEqual(api.lr_report_verdict(r._h(), 7), 4)  # LR_VERDICT_COUNT_

    def test_check_constants_match_the_header(self):
        import re
        with open(os.path.join(ROOT, "include", "linreg", "report.h")) as fh:
            found = dict(re.findall(r"#define LR_CHECK_(\w+) (\S+)", fh.read()))
        self.assertEqual(set(found), set(linreg.CHECK_CONSTANTS))
        for key, value in found.items():
            self.assertEqual(float(value), linreg.CHECK_CONSTANTS[key], key)

    def test_options(self):
        """alpha, level, response, cluster_name, reliability, error_var and
        labels reach the C options."""
        m, _ = fit("clean")
        with m:
            with m.check(alpha=0.01, level=0.9, response="blood pressure") as r:
                self.assertEqual((r.alpha, r.level, r.response), (0.01, 0.9, "blood pressure"))
                self.assertIn("blood pressure ~ x1 + x2 + x3", r.text())
                self.assertEqual(r.homoscedasticity.robust.level, 0.9)
            rel = m.check(reliability={"x1": 0.7})
            ff = m.fixed_features(reliability=[0.7, 1.0, 1.0])
            corrected = [e["corrected"] for e in
                         rel.fixed_features.remedy_details["corrected"]]
            self.assertEqual(corrected, tolist(ff.params))
            self.assertIn("the weight of x1", rel.fixed_features.explanation)
            se, b = tolist(m.bse), tolist(m.params)
            shift = abs(corrected[1] - b[1]) / se[1]
            self.assertRel(rel.fixed_features.effects["max_change_in_se"], shift, 1e-15)
            self.assertEqual(rel.verdicts["fixed_features"],
                             "violated" if shift >= linreg.CHECK_CONSTANTS["SHIFT_SE"]
                             else "doubtful")
            rel.close()
            for kw in ({"reliability": [1.0, 1.0, 1.0]}, {"error_var": {"x2": 0.0}}):
                with m.check(**kw) as r:
                    self.assertEqual(r.verdicts["fixed_features"], "holds")
            with m.check(error_var=array.array("d", [0.5, 0.0, 0.0])) as r:
                self.assertEqual(r.fixed_features.remedy_details["corrected"][1]["corrected"],
                                 tolist(m.fixed_features(error_var=[0.5, 0, 0]).params)[1])
            # the sensitivity table is the library's
            with m.check() as r:
                sens = m.fixed_features_sensitivity()
                rows = r.fixed_features.remedy_details["sensitivity"]
                self.assertEqual(len(rows), 12)
                for row in rows:
                    want = tolist(sens[row["predictor"]][row["reliability"]])
                    self.assertEqual([row["coefficients"][n] for n in m.names], want)
            # cluster ids: sequences, labels, buffers and a predictor column agree
            g = [i // 5 for i in range(60)]
            icc = []
            for ids in (g, ["p%d" % v for v in g], array.array("q", g),
                        array.array("d", [float(v) for v in g])):
                with m.check(clusters=ids) as r:
                    icc.append(r.independence.effects["icc"])
                    self.assertEqual(r.independence.test("cluster_anova").label,
                                     "residuals alike within cluster (ANOVA F)")
            self.assertEqual(len(set(icc)), 1)
            with m.check(clusters=g, cluster_name="school") as r:
                self.assertEqual(r.independence.test("cluster_anova").label,
                                 "residuals alike within school (ANOVA F)")
                self.assertIn("rows of the same school are no more alike",
                              r.independence.explanation)

    def test_labels(self):
        """A dummy's label reaches the sentences: by default from the design
        of a formula model; a mapping replaces an entry."""
        import random
        rnd = random.Random(3)
        n = 400
        dose = [rnd.gauss(0, 1) for _ in range(n)]
        grp = ["treated" if i % 2 else "control" for i in range(n)]
        y = [1 + d + 0.5 * (g == "treated") + (1 + 3 * (g == "treated")) * rnd.gauss(0, 1)
             for d, g in zip(dose, grp)]
        data = {"bp": y, "dose": dose, "group": grp}
        with linreg.ols("bp ~ dose + group", data=data) as m:
            self.assertEqual(m.design.coef_labels()["grouptreated"],
                             {"term": "group", "level": "treated", "reference": "control"})
            with m.check() as r:
                self.assertEqual(r.verdicts["homoscedasticity"], "violated")
                self.assertIn("The spread of bp around the fitted values is larger for treated "
                              "than for control.", r.homoscedasticity.explanation)
            with m.check(response="blood pressure",
                         labels={"grouptreated": {"level": "the treated",
                                                  "reference": "the others"}}) as r:
                self.assertIn("The spread of blood pressure around the fitted values is larger "
                              "for the treated than for the others.",
                              r.homoscedasticity.explanation)
            with m.check(labels=False) as r:
                self.assertIn("The spread of bp grows with grouptreated",
                              r.homoscedasticity.explanation)
            skipped = r.linearity.test("curvature", "grouptreated").skipped
            self.assertIn("0/1", skipped)
            # sentences() uses the same defaults
            self.assertIn("group treated rather than control is associated with a bp higher",
                          m.sentences())
            self.assertIn("one unit more of grouptreated is associated with a response",
                          m.sentences(response=None, labels=False).replace("bp", "response"))


class ReportErrorTest(unittest.TestCase):
    """Bad options raise the exception of the C status with lr_last_error()
    (test_report_io.c's bad-input cases); a model without rows gives a
    report that says what cannot be tested."""

    def raises(self, cls, fn, *args, contains=None, c_message=True, **kw):
        with self.assertRaises(cls) as ctx:
            fn(*args, **kw)
        e = ctx.exception
        if c_message:
            self.assertEqual(e.detail, linreg.last_error())
        if contains:
            self.assertIn(contains, str(e))
        return e

    def test_bad_options(self):
        m, _ = fit("clean")
        with m:
            for a in (0.0, 1.0, -0.1, math.nan):
                self.raises(linreg.InvalidArgumentError, m.check, alpha=a,
                            contains="significance level alpha")
            self.raises(linreg.InvalidArgumentError, m.check, level=1.0,
                        contains="confidence level 1 is not inside (0, 1)")
            self.raises(linreg.InputTypeError, m.check, alpha="0.05", c_message=False)
            self.raises(linreg.InvalidArgumentError, m.check, reliability=[0.9, 1, 1],
                        error_var=[0, 0, 0], contains="not both")
            e = self.raises(linreg.InvalidArgumentError, m.check, reliability={"x2": 0.0},
                            contains="the reliability of predictor 2 (x2) is 0, outside (0, 1]")
            self.assertEqual(e.status, linreg.Status.INVALID_ARG)
            self.raises(linreg.InvalidArgumentError, m.check, reliability=[1.0, 1.2, 1.0],
                        contains="(x2) is 1.2")
            self.raises(linreg.InvalidArgumentError, m.check, error_var={"x3": -1.0},
                        contains="variance of predictor 3 (x3) is -1")
            # a name the model does not have: found before the C call
            self.raises(linreg.NotFoundError, m.check, reliability={"zz": 0.9},
                        contains="reliability: the model has no predictor 'zz'", c_message=False)
            self.raises(linreg.DimensionError, m.check, reliability=[0.9, 1.0], c_message=False)
            g = [float(i // 5) for i in range(60)]
            self.raises(linreg.DimensionError, m.check, clusters=g[:-1],
                        contains="the cluster ids have 59 elements but the model has 60 rows")
            g[4] = math.nan
            self.raises(linreg.NonFiniteError, m.check, clusters=g,
                        contains="the cluster id at row 5 is not finite")
            self.raises(linreg.NotFoundError, m.check, clusters="nope",
                        contains="no column named 'nope'")
            self.raises(linreg.InputTypeError, m.check, clusters=3.0, c_message=False)
            self.raises(linreg.InvalidArgumentError, m.check, labels={"x1": 3},
                        c_message=False)
            self.raises(linreg.NotFoundError, m.check, labels={"zz": "unit"}, c_message=False)
            # a single cluster: the cluster test is skipped, the report works
            with m.check(clusters=[1] * 60) as r:
                self.assertIsNotNone(r.independence.test("cluster_anova").skipped)
                self.assertEqual(r.verdicts["independence"], "holds")

    def test_cluster_columns_of_the_data(self):
        path = os.path.join(DATA, "clustered.csv")
        cols = read_columns(path)
        want = None
        for data in (path, cols, linreg.read_csv(path)):
            with linreg.ols("y ~ x1 + x2", data=data) as m, m.check(clusters="g") as r:
                if want is None:
                    want = r.text()
                self.assertEqual(r.text(), want)
                self.assertIn("Rows of the same g resemble each other",
                              r.independence.explanation)
        # the column is read at the rows the model used (missing y rows dropped)
        cols2 = dict(cols)
        cols2["y"] = [None if i in (3, 50) else v for i, v in enumerate(cols["y"])]
        with linreg.ols("y ~ x1 + x2", data=cols2) as m:
            ids = [v for i, v in enumerate(cols["g"]) if i not in (3, 50)]
            with m.check(clusters="g") as a, m.check(clusters=ids, cluster_name="g") as b:
                self.assertEqual(a.text(), b.text())
            cols2["g"] = list(cols["g"])
            cols2["g"][7] = None
            self.raises(linreg.NonFiniteError, m.check, clusters="g",
                        contains="column 'g' is missing at data row 7", c_message=False)
            cols2["g"] = cols["g"][:10]
            self.raises(linreg.DimensionError, m.check, clusters="g", c_message=False,
                        contains="column 'g' has 10 values")
        f = linreg.read_csv(path)
        m = linreg.ols("y ~ x1 + x2", data=f)
        f.close()
        self.raises(linreg.ClosedError, m.check, clusters="g", c_message=False,
                    contains="the frame the model was fitted from is closed")
        m.close()
        # a matrix fit keeps no data: a predictor name, or the ids
        with linreg.fit({"x1": cols["x1"], "x2": cols["x2"]}, cols["y"]) as m:
            self.raises(linreg.NotFoundError, m.check, clusters="g", c_message=False,
                        contains="keeps no data to read a column 'g' from")
            with m.check(clusters="x1") as r:  # a predictor column as the ids
                self.assertEqual(r.independence.test("cluster_anova").label,
                                 "residuals alike within x1 (ANOVA F)")

    def test_streamed_model_cannot_be_tested(self):
        m, _ = fit("collinear")
        cols = read_columns(os.path.join(DATA, "collinear.csv"))
        X = [list(r) for r in zip(cols["x1"], cols["x2"], cols["x3"])]
        with m, m.check() as full:
            with linreg.Accumulator(3) as acc:
                acc.add(X, cols["y"])
                with acc.finish(names=["x1", "x2", "x3"]) as sm:
                    r = sm.check(reliability=[0.9, 1.0, 1.0],
                                 clusters=[i // 5 for i in range(len(X))])
        with r:
            for name, check in r.items():
                if name == "no_multicollinearity":
                    self.assertEqual(check.verdict, full.verdicts[name])
                    self.assertEqual(check.verdict, "violated")
                    self.assertEqual(check.effects["max_vif"],
                                     full.multicollinearity.effects["max_vif"])
                    continue
                self.assertEqual(check.verdict, "cannot_be_tested", name)
                self.assertTrue(check.explanation)
                for t in check.tests:
                    self.assertTrue(t.skipped, (name, t))
                    self.assertTrue(math.isnan(t.statistic))
            self.assertIn("cannot be computed", r.fixed_features.reason)
            self.assertEqual(r.flagged_rows, [])
            self.assertIn("cannot be tested", r.text())
            self.assertEqual(r.to_dict()["independence"]["verdict"], "cannot_be_tested")

    def test_exact_fit(self):
        x = [1.0, 2, 3, 4, 5, 6, 7, 8]
        with linreg.fit(x, [1 + 2 * v for v in x]) as m, m.check() as r:
            for name in ("linearity", "normality", "homoscedasticity", "independence",
                         "no_influential_observations"):
                self.assertEqual(r.verdicts[name], "cannot_be_tested")
                self.assertIn("fits the data exactly", r[name].reason)
            self.assertEqual(r.verdicts["no_multicollinearity"], "holds")
        with linreg.fit(None, [1.0, 3, 2, 5, 4, 6]) as m, m.check() as r:
            self.assertEqual(r.verdicts["no_multicollinearity"], "holds")

    def test_closed(self):
        m, _ = fit("hetero")
        r = m.check()
        m.close()
        self.raises(linreg.ClosedError, m.check, c_message=False)
        view = r.homoscedasticity.robust
        r.close()
        r.close()
        self.assertTrue(r.closed and view.closed)
        for fn in (r.text, r.to_json, r.to_dict, lambda: r.effect("normality", "skewness"),
                   lambda: view.bse, lambda: r.homoscedasticity.robust):
            self.raises(linreg.ClosedError, fn, c_message=False, contains="closed")
        # the copies stay
        self.assertEqual(r.verdicts["homoscedasticity"], "violated")
        self.assertEqual(r.homoscedasticity.tests[0].name, "breusch_pagan")
        self.assertIn("closed", repr(r))
        self.assertIn("closed", str(r))
        self.assertIn("closed", repr(view))


class ReportLifetimeTest(Asserts, unittest.TestCase):
    def test_report_outlives_the_model(self):
        m, _ = fit("autocorr")
        r = m.check()
        text, js = r.text(), r.to_json()
        nw = r.independence.robust
        want = (tolist(nw.bse), tolist(nw.cov_params()), tolist(nw.conf_int(0.9)), nw.lag)
        nw_json = nw.to_json()
        m.close()
        del m
        gc.collect()
        junk = [array.array("d", [9.9] * 200) for _ in range(200)]  # reuse freed memory
        self.assertEqual((r.text(), r.to_json()), (text, js))
        self.assertEqual((tolist(nw.bse), tolist(nw.cov_params()), tolist(nw.conf_int(0.9)),
                          nw.lag), want)
        self.assertEqual(tolist(r.independence.robust.bse), want[0])
        self.assertEqual(json.loads(nw_json), r.to_dict()["independence"]["remedy"]["table"])
        with self.assertRaises(linreg.ClosedError):  # the JSON of the table reads the model
            nw.to_json()
        del junk
        r.close()

    def test_report_frees_its_handle_once(self):
        m, _ = fit("hetero")
        with m, CountingFree("lr_report_free") as free, \
                CountingFree("lr_robust_free") as rfree:
            r = m.check()
            r.close()
            r.close()
            self.assertEqual(free.calls, 1)
            with m.check() as r:
                view = r.homoscedasticity.robust
                view.close()  # borrowed: does nothing
                self.assertFalse(view.closed)
                view.bse
            self.assertEqual(free.calls, 2)
            r = m.check()
            del r
            gc.collect()
            self.assertEqual(free.calls, 3)
            self.assertEqual(rfree.calls, 0)  # the report frees its tables itself
            # no reference cycle: the report goes with its last reference,
            # and a robust table keeps it alive
            gc.disable()
            try:
                r = m.check()
                view = r["homoscedasticity"].robust
                check = r.independence
                del r
                self.assertEqual(free.calls, 3)
                view.bse
                del view
                self.assertEqual(free.calls, 3)  # the check holds the report too
                del check
                self.assertEqual(free.calls, 4)
            finally:
                gc.enable()

    @unittest.skipIf(SANITIZED, "RSS is meaningless under ASan's quarantine; "
                     "the release run checks it")
    def test_no_leak_over_report_cycles(self):
        if rss_bytes() is None:
            self.skipTest("no /proc/self/statm on this system")
        m, ids = fit("clean")
        groups = array.array("q", (i // 5 for i in range(60)))

        def cycles(count):
            for i in range(count):
                kind = i % 3
                if kind == 0:
                    m.check().close()
                elif kind == 1:
                    with m.check(clusters=groups, reliability=[0.9, 1, 1]) as r:
                        r.independence.robust.bse
                        r.text()
                else:
                    r = m.check()  # freed by __del__ when rebound
                    r.to_json()

        cycles(500)
        gc.collect()
        before = rss_bytes()
        cycles(4000)
        gc.collect()
        grown = rss_bytes() - before
        m.close()
        # One leaked report (tests, texts, JSON remedies, robust tables: > 10 KiB)
        # per cycle would be > 40 MB.
        print("rss growth over 4e3 report cycles: %d bytes" % grown)
        self.assertLess(grown, 4 << 20, "RSS grew by %d bytes over 4e3 cycles" % grown)


@unittest.skipIf(np is None, NUMPY_SKIP)
class NumpyReportTest(unittest.TestCase):
    def test_numpy_cluster_ids_and_reliability(self):
        m, _ = fit("clean")
        g = np.arange(60) // 5
        with m, m.check(clusters=g) as a, m.check(clusters=g.astype(float)) as b, \
                m.check(clusters=list(g)) as c:
            self.assertEqual(a.text(), b.text())
            self.assertEqual(a.text(), c.text())
            with m.check(reliability=np.array([0.8, 1.0, 1.0])) as r, \
                    m.check(reliability=[0.8, 1.0, 1.0]) as s:
                self.assertEqual(r.to_json(), s.to_json())
            self.assertIsInstance(a.homoscedasticity.robust.bse, np.ndarray)


if __name__ == "__main__":
    unittest.main()
