"""The remedies and interpretation bindings (include/linreg/robust.h) against
the fixtures the C tests use (tests/fixtures/robust and
tests/fixtures/interpret, from tests/reference/remedies.R), to the C tests'
tolerances: 1e-8 relative; the Box-Cox maximiser 1e-6 and its
log-likelihood 1e-11 (see tests/test_robust_*.c)."""

import array
import math
import os
import unittest

from helpers import (DATA, FIX_TOL, INTERPRET, ROBUST, WINDSOR, Asserts, linreg, manifest,
                     num, read_columns, read_rows, tolist)

DATASETS = ("clean", "hetero", "autocorr", "collinear", "outliers", "noint", "weighted",
            "nonlinear", "clustered", "skewed", "weighted_zero", "aliased")

#: label -> (cov_type, keyword arguments) as tests/test_robust_vcov.c computes them
TYPES = {
    "HC0": ("HC0", {}), "HC1": ("HC1", {}), "HC2": ("HC2", {}), "HC3": ("HC3", {}),
    "HC4": ("HC4", {}), "HC4m": ("HC4m", {}), "HC5": ("HC5", {}),
    "NW": ("NW", {}), "NW_L2": ("Newey-West", dict(lag=2, prewhite=False)),
    "NW_L3_ADJ": ("nw", dict(lag=3, prewhite=True, adjust=True)), "HAC": ("HAC", {}),
    "CL1": ("cluster", dict(groups="c1")), "CL1_HC0": ("cluster", dict(groups="c1",
                                                                         cluster_type="HC0")),
    "CL2": ("cluster", dict(groups="c1", groups2="c2")),
}

V = linreg.VcovType
EXPECTED_TYPE = {"HC0": V.HC0, "HC1": V.HC1, "HC2": V.HC2, "HC3": V.HC3, "HC4": V.HC4,
                 "HC4m": V.HC4M, "HC5": V.HC5, "NW": V.NEWEY_WEST, "NW_L2": V.NEWEY_WEST,
                 "NW_L3_ADJ": V.NEWEY_WEST, "HAC": V.HAC, "CL1": V.CLUSTER,
                 "CL1_HC0": V.CLUSTER, "CL2": V.CLUSTER}


def load(name):
    """A dataset as tests/robust_fixtures.h ds_load builds it: (model, data dict)
    where data holds X (dict), y, w, c1, c2 and k."""
    base = {"weighted_zero": "weighted", "aliased": "clean"}.get(name, name)
    spec = [s for s in manifest() if s["name"] == base][0]
    cols = read_columns(os.path.join(DATA, base + ".csv"))
    preds = spec["predictors"].split("+")
    X = {p: cols[p] for p in preds}
    if name == "aliased":
        X["x4"] = [a + b for a, b in zip(X["x1"], X["x2"])]
    n = len(cols["y"])
    w = list(cols[spec["weights"]]) if spec["weights"] else None
    if name == "weighted_zero":
        w[2] = w[9] = 0.0
    if name == "clustered":
        c1, c2 = cols["g"], cols["h"]
    else:
        c1 = [float(i // 5 + 1) for i in range(n)]
        c2 = [float(i % 7 + 1) for i in range(n)]
    m = linreg.fit(X, cols["y"], weights=w, intercept=spec["intercept"] == "1")
    return m, dict(X=X, y=cols["y"], w=w, c1=c1, c2=c2, k=len(X), n=n)


def by_dataset(path):
    header, rows = read_rows(os.path.join(path))
    out = {}
    for r in rows:
        out.setdefault(r[0], []).append(dict(zip(header, r)))
    return out


class Each(Asserts):
    def each(self, body, names=DATASETS):
        for name in names:
            with self.subTest(dataset=name):
                m, d = load(name)
                with m:
                    body(name, m, d)


class RobustFixtureTest(Each, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.vcov = by_dataset(os.path.join(ROBUST, "vcov.csv"))
        cls.coef = by_dataset(os.path.join(ROBUST, "coeftest.csv"))
        cls.scalars = {ds: {r["key"]: num(r["value"]) for r in rows}
                       for ds, rows in by_dataset(os.path.join(ROBUST, "scalars.csv")).items()}

    def robust(self, m, d, label):
        cov_type, kw = TYPES[label]
        kw = dict(kw)
        for key in ("groups", "groups2"):
            if key in kw:
                kw[key] = d[kw[key]]
        return m.robust(cov_type, **kw)

    def test_every_covariance_and_table(self):
        def body(ds, m, d):
            p = len(m.names)
            for label in TYPES:
                with self.robust(m, d, label) as r:
                    self.assertEqual(r.names, m.names)
                    v = tolist(r.cov_params())
                    seen = 0
                    for row in self.vcov[ds]:
                        if row["type"] != label:
                            continue
                        a, b = m.names.index(row["row"]), m.names.index(row["col"])
                        ref = num(row["value"])
                        scale = math.sqrt(abs(v[a][a] * v[b][b]))
                        what = "%s %s vcov[%s,%s]" % (ds, label, row["row"], row["col"])
                        if a != b and abs(ref) < 1e-6 * scale:
                            self.assertLessEqual(abs(v[a][b] - ref), FIX_TOL * scale, what)
                        else:
                            self.assertRel(v[a][b], ref, FIX_TOL, what=what)
                        seen += 1
                    self.assertEqual(seen, m.rank ** 2, "%s %s" % (ds, label))
                    for j in range(p):
                        if m.aliased[j]:
                            self.assertTrue(math.isnan(v[j][j]) and math.isnan(v[j][0]))
                    cols = {}
                    for row in self.coef[ds]:
                        if row["type"] != label:
                            continue
                        level = num(row["level"])
                        if level not in cols:
                            ci = tolist(r.conf_int(level))
                            cols[level] = dict(estimate=tolist(r.params), std_error=tolist(r.bse),
                                               t_value=tolist(r.tvalues),
                                               p_value=tolist(r.pvalues),
                                               ci_low=[c[0] for c in ci], ci_high=[c[1] for c in ci])
                        j = m.names.index(row["name"])
                        for key, got in cols[level].items():
                            ref = num(row[key])
                            what = "%s %s %s %s (level %g)" % (ds, label, row["name"], key, level)
                            if key == "p_value" and ref < 1e-290:
                                self.assertLess(got[j], 1e-280, what)
                            else:
                                self.assertRel(got[j], ref, FIX_TOL, what=what)
                    sc = self.scalars[ds]
                    if label == "NW":
                        self.assertRel(r.bandwidth, sc["nw_bandwidth"], FIX_TOL)
                        self.assertEqual(r.lag, sc["nw_lag"])
                    elif label == "HAC":
                        self.assertRel(r.bandwidth, sc["hac_bandwidth"], FIX_TOL)
                        self.assertEqual(r.lag, sc["hac_nlags"])
                    elif label == "CL2":
                        self.assertEqual(r.nclusters, (sc["ncl1"], sc["ncl2"], sc["ncl12"]))
                    elif label == "NW_L2":
                        self.assertEqual((r.lag, r.bandwidth), (2, None))
                    elif label.startswith("HC"):
                        self.assertEqual((r.lag, r.bandwidth, r.nclusters), (None, None, None))
                    self.assertEqual(r.df_resid, m.df_resid)
                    self.assertEqual(r.type, EXPECTED_TYPE[label])
                    self.assertEqual(r.cov_type, linreg.VcovType(r.type).name.replace(
                        "NEWEY_WEST", "Newey-West").replace("CLUSTER", "cluster").replace(
                        "HC4M", "HC4m"))
                    if label == "HC3":
                        js = r.to_dict()
                        self.assertEqual(js["type"], "HC3")
                        self.assertEqual(js["distribution"], "t")
                        for j, c in enumerate(js["coefficients"]):
                            self.assertEqual(c["name"], m.names[j])
                            se = tolist(r.bse)[j]
                            self.assertEqual(c["std_error"], None if math.isnan(se) else se)
                        self.assertIn("HC3", r.summary())
        self.each(body)

    def test_cluster_id_kinds_agree(self):
        """Doubles, int64 (zero-copy array('q')), labels and a predictor column
        give the same clustering (tests/test_robust_errors.c)."""
        m0, d = load("clustered")
        m0.close()
        X = dict(d["X"])
        X["g"] = d["c1"]
        with linreg.fit(X, d["y"]) as m:
            ints = array.array("q", (int(v) * 1000003 - 5 for v in d["c1"]))
            labels = ["patient %d" % v for v in d["c1"]]
            got = []
            for groups in (d["c1"], array.array("d", d["c1"]), ints, labels, "g",
                           tuple(int(v) for v in d["c1"])):
                with m.robust("cluster", groups=groups) as r:
                    got.append(tolist(r.cov_params()))
                    self.assertEqual(r.nclusters[0], 30)
            for g in got[1:]:
                self.assertEqual(g, got[0])


class RemediesFixtureTest(Each, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fwls_rows = by_dataset(os.path.join(ROBUST, "fwls.csv"))
        cls.grid = by_dataset(os.path.join(ROBUST, "boxcox_grid.csv"))
        cls.bc = {r["dataset"]: r for rows in by_dataset(os.path.join(ROBUST, "boxcox.csv"))
                  .values() for r in rows}
        cls.eiv = by_dataset(os.path.join(ROBUST, "eiv.csv"))

    def test_fwls(self):
        def body(ds, m, d):
            if d["w"] is not None:
                with self.assertRaises(linreg.UnsupportedError):
                    m.fwls()
                return
            wls, aux = m.fwls(return_aux=True)
            with wls, aux:
                seen = 0
                for row in self.fwls_rows[ds]:
                    g = wls if row["model"] == "wls" else aux
                    if row["name"] == "sigma":
                        self.assertRel(g.sigma, num(row["estimate"]), FIX_TOL)
                    else:
                        j = g.names.index(row["name"])
                        for key, col in (("estimate", g.params), ("std_error", g.bse),
                                         ("t_value", g.tvalues), ("p_value", g.pvalues)):
                            self.assertRel(col[j], num(row[key]), FIX_TOL,
                                           what="%s %s %s" % (ds, row["model"], key))
                    seen += 1
                self.assertGreater(seen, 0)
                self.assertEqual(wls.nrows, d["n"])
                with m.fwls() as again:
                    self.assertAllRel(again.params, wls.params, 0)
        self.each(body)

    def test_boxcox(self):
        def body(ds, m, d):
            if ds not in self.bc:
                # R had no value: the response is not positive or the fit is weighted
                with self.assertRaises((linreg.InvalidArgumentError,
                                        linreg.UnsupportedError)) as ctx:
                    m.boxcox()
                if isinstance(ctx.exception, linreg.InvalidArgumentError):
                    self.assertIn("row ", str(ctx.exception))
                return
            ref = self.bc[ds]
            b = m.boxcox(-2, 2, 0.1, 0.95)
            self.assertIsInstance(b, linreg.BoxCox)
            grid = self.grid[ds]
            self.assertEqual(len(b.grid_lambda), 41)
            self.assertEqual(tolist(b.grid_lambda), [num(r["lambda"]) for r in grid])
            self.assertAllRel(b.grid_loglik, [num(r["loglik"]) for r in grid], FIX_TOL)
            self.assertRel(b.lambda_hat, num(ref["lambda_hat"]), 1e-6)
            self.assertRel(b.loglik_max, num(ref["loglik_max"]), 1e-11)
            self.assertRel(b.ci_low, num(ref["ci_low"]), FIX_TOL)
            self.assertRel(b.ci_high, num(ref["ci_high"]), FIX_TOL)
            self.assertEqual(b.level, 0.95)
            self.assertRel(m.boxcox_loglik(0.01), num(ref["loglik_at_0.01"]), FIX_TOL)
            self.assertRel(m.boxcox_loglik(0.3), num(ref["loglik_at_0.3"]), FIX_TOL)
            self.assertEqual(tolist(m.boxcox(step=0).grid_lambda), tolist(b.grid_lambda))
        self.each(body)

    def test_fixed_features(self):
        cyc = (0.8, 0.9, 0.95)

        def case(ds, m, name):
            ref = [math.nan] * len(m.names)
            rows = 0
            for row in self.eiv[ds]:
                if row["case"] == name and row["name"] in m.names:
                    ref[m.names.index(row["name"])] = num(row["value"])
                    rows += 1
            return ref, rows

        def body(ds, m, d):
            k = d["k"]
            rel = [cyc[c % 3] for c in range(k)]
            ref, rows = case(ds, m, "given")
            self.assertEqual(rows, m.rank)
            if math.isnan(ref[0]):  # impossible for these data
                with self.assertRaises(linreg.UndefinedError):
                    m.fixed_features(reliability=rel)
            else:
                ff = m.fixed_features(reliability=rel)
                self.assertAllRel(ff.params, ref, FIX_TOL, what=ds + " eiv")
                self.assertIn("corrected", ff.note)
                self.assertEqual(str(ff), ff.note)
                # the same as a mapping, and through the error variances
                named = m.fixed_features(reliability=dict(zip(m.predictor_names, rel)))
                self.assertAllRel(named.params, ff.params, 0)
                evar = []
                for c, name in enumerate(d["X"]):
                    x = d["X"][name]
                    w = d["w"] or [1.0] * len(x)
                    sw = sum(w)
                    mean = sum(wi * xi for wi, xi in zip(w, x)) / sw
                    evar.append((1 - rel[c]) * sum(wi * (xi - mean) ** 2
                                                   for wi, xi in zip(w, x)) / sw)
                ev = m.fixed_features(error_var=evar)
                self.assertAllRel(ev.params, ref, 1e-8, what=ds + " eiv by variances")
                self.assertTrue(ev.note)
            ff = m.fixed_features()
            self.assertIsNone(ff.params)
            self.assertEqual(ff.levels, (1.0, 0.9, 0.8, 0.7))
            self.assertIn("cannot be tested from the data", ff.note)
            self.assertEqual(list(ff.sensitivity), m.predictor_names)
            for c, name in enumerate(m.predictor_names):
                aliased = m.aliased[c + (1 if m.has_intercept else 0)]
                for lv, label in zip(ff.levels, ("1", "0.9", "0.8", "0.7")):
                    ref, rows = case(ds, m, "sens_%s_%s" % (name, label))
                    self.assertEqual(rows == 0, aliased)
                    self.assertAllRel(ff.sensitivity[name][lv], ref, FIX_TOL,
                                      what="%s sens %s %s" % (ds, name, label))
            again = m.fixed_features_sensitivity()
            self.assertEqual(list(again), list(ff.sensitivity))
            for name in again:
                self.assertEqual(list(again[name]), list(ff.levels))
                for lv in ff.levels:
                    self.assertAllRel(again[name][lv], ff.sensitivity[name][lv], 0)
            two = m.fixed_features_sensitivity(levels=[0.9, 0.8])
            for name in m.predictor_names:
                self.assertEqual(list(two[name]), [0.9, 0.8])
                self.assertAllRel(two[name][0.8], ff.sensitivity[name][0.8], 0)
            # reliability 1 everywhere is the least-squares fit
            if not math.isnan(case(ds, m, "given")[0][0]):
                self.assertAllRel(m.fixed_features(reliability=[1.0] * k).params, m.params,
                                  1e-9)
        self.each(body)

    def test_notes(self):
        m, d = load("clean")
        with m:
            note = m.fixed_features_note()
            self.assertIn("cannot be tested from the data", note)
            self.assertIn("reliability", note)
            note = m.fixed_features_note([0.8] * d["k"])
            self.assertIn("corrected", note)
            self.assertIn("x1", note)
            self.assertEqual(note, m.fixed_features(reliability=[0.8] * d["k"]).note)


class InterpretationFixtureTest(Each, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.std = by_dataset(os.path.join(INTERPRET, "standardized.csv"))
        cls.eff = by_dataset(os.path.join(INTERPRET, "effects.csv"))
        cls.expl = by_dataset(os.path.join(INTERPRET, "explain.csv"))

    def test_standardized(self):
        def body(ds, m, d):
            b = tolist(m.standardized_params())
            rows = self.std[ds]
            for row in rows:
                self.assertRel(b[m.names.index(row["name"])], num(row["value"]), FIX_TOL)
            self.assertEqual(len(rows), m.rank - (1 if m.has_intercept else 0))
            if m.has_intercept:
                self.assertTrue(math.isnan(b[0]))
        self.each(body)

    def test_effects(self):
        def body(ds, m, d):
            e = m.effects()
            self.assertEqual(list(e), m.predictor_names)
            for row in self.eff[ds]:
                got = e[row["name"]]
                self.assertIsInstance(got, linreg.Effect)
                for q in ("min", "q1", "median", "q3", "max"):
                    self.assertRel(getattr(got, q), num(row[q]), FIX_TOL, what=q)
        self.each(body)

    def test_explain(self):
        def body(ds, m, d):
            x = [d["X"][name][0] for name in m.predictor_names]  # the first row, as remedies.R
            e = m.explain(x)
            self.assertEqual(e, m.explain(dict(zip(m.predictor_names, x))))
            for row in self.expl[ds]:
                ref = num(row["value"])
                got = {"mean_prediction": e.mean_prediction,
                       "prediction": e.prediction}.get(row["name"])
                if got is None:
                    got = e.contributions[row["name"]]
                if ref == 0.0:
                    self.assertEqual(got, 0.0)
                else:
                    self.assertRel(got, ref, FIX_TOL, what=row["name"])
            total = e.mean_prediction + sum(e.contributions.values())
            mag = abs(e.mean_prediction) + sum(abs(v) for v in e.contributions.values())
            self.assertLessEqual(abs(total - e.prediction), 8 * 2.220446e-16 *
                                 (mag + abs(e.prediction)))
            self.assertRel(e.prediction, m.predict([x])[0], 1e-13)
        self.each(body)

    def test_order_and_weight_table(self):
        def body(ds, m, d):
            order = m.coef_order()
            self.assertEqual(sorted(order), list(range(len(m.names))))
            t = [abs(v) for v in tolist(m.tvalues)]
            for a, b in zip(order, order[1:]):
                self.assertFalse(math.isnan(t[a]) and not math.isnan(t[b]))
                if not math.isnan(t[a]) and not math.isnan(t[b]):
                    self.assertGreaterEqual(t[a], t[b])
            text = m.weight_table()
            self.assertIn("Std. beta", text)
            self.assertTrue(text.splitlines()[2].startswith(m.names[order[0]]))
            self.assertIn("90%", m.weight_table(0.9))
        self.each(body)

    def test_sentences_match_r(self):
        cols = read_columns(WINDSOR)
        y = cols.pop("price")
        X = {k: ([1.0 if v == "yes" else 0.0 for v in vals] if isinstance(vals[0], str)
                 else vals) for k, vals in cols.items()}
        with open(os.path.join(INTERPRET, "sentences_house.txt"), encoding="utf-8") as fh:
            expect = fh.read()
        with linreg.fit(X, y) as m:
            labels = {"bathrooms": "bathroom", "bedrooms": {"unit": "bedroom"},
                      "gasheat": {"level": "gas heating", "reference": "no gas heating"}}
            text = m.sentences("price", labels)
            self.assertEqual(text, expect)
            self.assertIn("one more bathroom is associated with a price higher by 14,336 "
                          "(95% CI 11,409 to 17,262).", text)
            generic = m.sentences(level=0.9)
            self.assertIn("one unit more of bathrooms is associated with a response higher by "
                          "14,336 (90% CI", generic)

    def test_format_grouped(self):
        cases = [(14335.558468, 5, None, "14,336"), (-224.74089, 5, None, "-224.74"),
                 (1832.003466, 5, 1, "1,832.0"), (3.546303, 5, None, "3.5463"),
                 (-0.0123456, 5, None, "-0.012346"), (1234567.8, 5, None, "1,234,568"),
                 (999.5, 3, 0, "1,000"), (0.0, 5, None, "0.0000"), (100.0, 5, 0, "100"),
                 (-1000000.0, 5, 2, "-1,000,000.00"), (math.nan, 5, None, "NaN")]
        for v, sig, dec, want in cases:
            self.assertEqual(linreg.format_grouped(v, sig, dec), want)
        self.assertEqual(linreg.format_grouped(14335.558468), "14,336")
        big = linreg.format_grouped(2.0 ** 130, 5, 20)  # longer than the first buffer
        self.assertEqual(big, "{:,}".format(2 ** 130) + "." + "0" * 20)
        self.assertGreater(len(big), 64)
        self.assertEqual(linreg.format_grouped(1.5e80), "1.5e+80")  # C's %g above 1e40


if __name__ == "__main__":
    unittest.main()
