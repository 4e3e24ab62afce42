"""Formulas (include/linreg/design.h) from Python: linreg.ols and Design
against the R fixtures of the C tests (tests/fixtures/windsor from
tests/reference/windsor.R, tests/fixtures/formulas from
tests/reference/formulas.R) to the C tests' tolerance 1e-10; the summary
against the CLI byte for byte; prediction from new data; padding (R's
na.exclude); error paths."""

import math
import os
import subprocess
import sys
import tempfile
import unittest

from helpers import (NUMPY_SKIP, ROOT, WINDSOR, Asserts, close, linreg, np, read_columns,
                     read_rows, tolist)
from test_errors import CErrorAsserts

TOL = 1e-10
WFIX = os.path.join(ROOT, "tests", "fixtures", "windsor")
FFIX = os.path.join(ROOT, "tests", "fixtures", "formulas")
FDATA = os.path.join(FFIX, "data.csv")
NEW_HOUSE = os.path.join(ROOT, "examples", "data", "new_house.csv")
WINDSOR_MODELS = [("price", "price ~ ."), ("log_price", "log(price) ~ .")]
COEF_COLS = ["estimate", "std_error", "t_value", "p_value", "ci_low", "ci_high"]
STATS = {"n": "nobs", "sigma": "sigma", "r_squared": "rsquared",
         "adj_r_squared": "rsquared_adj", "f_statistic": "fvalue", "df_model": "df_model",
         "df_resid": "df_resid", "f_p_value": "f_pvalue", "log_likelihood": "llf", "aic": "aic",
         "bic": "bic"}


def fixture(path):
    header, rows = read_rows(path)
    return [dict(zip(header, r)) for r in rows]


def num(s):
    return math.nan if s == "NA" else float(s)


def cli():
    """The CLI built with this library (make test passes CLI), or None."""
    path = os.environ.get("CLI") or os.path.join(ROOT, "bin", "linreg")
    path = path if os.path.isabs(path) else os.path.join(ROOT, path)
    return path if os.access(path, os.X_OK) else None


def run_cli(*args):
    return subprocess.run([cli()] + list(args), cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=True).stdout.decode("utf-8")


def formula_data_dict():
    """tests/fixtures/formulas/data.csv as Python columns: numbers, texts,
    None for "NA" (what R's read.csv makes of it)."""
    cols = read_columns(FDATA)
    for name, vals in cols.items():
        if any(isinstance(v, str) for v in vals):
            cols[name] = [None if v == "NA" else v for v in vals]
    return cols


def windsor_dict():
    return read_columns(WINDSOR)


class WindsorTest(Asserts, unittest.TestCase):
    def check_fit(self, m, ident, what):
        coefs = fixture(os.path.join(WFIX, ident + "_coef.csv"))
        self.assertEqual(m.names, [r["name"] for r in coefs], what)
        table = [m.params, m.bse, m.tvalues, m.pvalues] + [tolist(m.conf_int(0.95))]
        ci = table.pop()
        for j, r in enumerate(coefs):
            got = [tolist(t)[j] for t in table] + ci[j]
            for c, g in zip(COEF_COLS, got):
                want = float(r[c])
                if c == "p_value" and want < 1e-300:
                    self.assertLess(g, 1e-290, "%s %s %s" % (what, r["name"], c))
                else:
                    self.assertRel(g, want, TOL, what="%s: %s of %s" % (what, c, r["name"]))
        for r in fixture(os.path.join(WFIX, ident + "_stats.csv")):
            got, want = getattr(m, STATS[r["key"]]), float(r["value"])
            if r["key"] == "f_p_value" and want < 1e-300:
                self.assertLess(got, 1e-290)
            else:
                self.assertRel(got, want, TOL, what="%s: %s" % (what, r["key"]))

    def check_predictions(self, m, ident, what, newdata=NEW_HOUSE):
        want = fixture(os.path.join(WFIX, ident + "_predict.csv"))
        conf = m.predict(newdata, interval="confidence", level=0.95)
        pred = m.predict(newdata, interval="prediction", level=0.90)
        fit = m.predict(newdata)
        for i, r in enumerate(want):
            for got, key in ((conf.fit, "fit"), (fit, "fit"), (conf.se_fit, "se_fit"),
                             (conf.lower, "conf_lwr"), (conf.upper, "conf_upr"),
                             (pred.lower, "pred90_lwr"), (pred.upper, "pred90_upr")):
                self.assertRel(tolist(got)[i], float(r[key]), TOL,
                               what="%s: %s of new house %d" % (what, key, i + 1))

    def test_matches_r_from_a_path_a_dict_and_a_frame(self):
        for ident, formula in WINDSOR_MODELS:
            for how in ("path", "dict", "frame"):
                what = "%s (%s)" % (formula, how)
                if how == "path":
                    data = WINDSOR
                elif how == "dict":
                    data = windsor_dict()
                else:
                    data = linreg.read_csv(WINDSOR)
                with linreg.ols(formula, data=data) as m:
                    self.check_fit(m, ident, what)
                    self.check_predictions(m, ident, what)
                    self.assertEqual((m.formula, m.response),
                                     (formula, "price" if ident == "price" else "log(price)"))
                    self.assertEqual(len(tolist(m.resid)), 546)
                if how == "frame":
                    self.assertFalse(data.closed)  # the caller's frame stays the caller's
                    data.close()

    def test_predict_from_a_dict_a_frame_and_design_columns(self):
        with linreg.ols("price ~ .", data=WINDSOR) as m:
            new = read_columns(NEW_HOUSE)
            self.check_predictions(m, "price", "dict", newdata=new)
            with linreg.read_csv(NEW_HOUSE) as f:
                self.check_predictions(m, "price", "frame", newdata=f)
            one = {k: v[0] for k, v in new.items()}  # scalars: one row
            self.assertEqual(tolist(m.predict(one)), tolist(m.predict(NEW_HOUSE))[:1])
            with m.design.apply(NEW_HOUSE) as d:
                # the design matrix of the new rows goes through lr_predict
                self.assertEqual(tolist(m.predict(d.X)), tolist(m.predict(NEW_HOUSE)))

    def test_summary_is_the_cli_text(self):
        if cli() is None:
            self.skipTest("the CLI is not built")
        for _, formula in WINDSOR_MODELS:
            want = run_cli("fit", WINDSOR, "--formula", formula, "--no-diagnostics")
            with linreg.ols(formula, data=WINDSOR) as m:
                self.assertEqual(m.summary(), want)
            self.assertIn("lm(formula = %s, data = house_prices_windsor.csv)" % formula, want)
        with linreg.ols("price ~ .", data=windsor_dict()) as m:
            self.assertIn("\nlm(formula = price ~ .)\n", m.summary())
        with linreg.ols("price ~ .", data=windsor_dict(), call="my call") as m:
            self.assertIn("\nmy call\n", m.summary())
        # weights as a column, with rows dropped for missing values
        f = "y ~ x + g + log(z)"
        want = run_cli("fit", FDATA, "--formula", f, "--weights", "wt", "--no-diagnostics")
        with linreg.ols(f, data=FDATA, weights="wt") as m:
            self.assertEqual(m.summary(), want)
        self.assertIn("weights = wt)", want)

    def test_the_issue_done_when_command(self):
        if cli() is None:
            self.skipTest("the CLI is not built")
        code = ("import sys; sys.path.insert(0, 'python'); import linreg; "
                "print(linreg.ols('price ~ .', data='examples/data/house_prices_windsor.csv')"
                ".summary())")
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                             check=True).stdout.decode("utf-8")
        want = run_cli("fit", "examples/data/house_prices_windsor.csv", "--formula", "price ~ .",
                       "--no-diagnostics")
        self.assertEqual(out, want + "\n")

    def test_design_of_the_fit(self):
        cols = windsor_dict()
        with linreg.ols("price ~ .", data=cols) as m:
            d = m.design
            self.assertEqual(d.formula, "price ~ .")
            self.assertEqual((d.response, d.intercept), ("price", True))
            self.assertEqual(d.coef_names, m.names)
            self.assertEqual(d.column_names, m.names[1:])
            self.assertEqual(d.term_labels, [c for c in cols if c != "price"])
            self.assertEqual(d.assign, list(range(12)))
            self.assertEqual(d.terms["aircon"], ["airconyes"])
            self.assertEqual(d.categorical, ["driveway", "recreation", "fullbase", "gasheat",
                                             "aircon", "prefer"])
            self.assertEqual((d.nrows_data, d.nrows, d.dropped, d.na_counts), (546, 546, [], {}))
            self.assertEqual(d.rows, list(range(546)))
            X = tolist(d.X)
            self.assertEqual(len(X), 546)
            for j, name in enumerate(d.column_names):
                src = name[:-3] if name.endswith("yes") else name
                want = [(1.0 if v == "yes" else 0.0) if isinstance(v, str) else v
                        for v in cols[src]]
                self.assertEqual([row[j] for row in X], want, name)
            self.assertEqual(tolist(d.y), cols["price"])
            self.assertIsNone(d.X_lo)
            self.assertIsNone(d.weights)
            labels = d.coef_labels()  # lr_design_coef_labels
            self.assertEqual(list(labels), m.names)
            self.assertEqual(labels["(Intercept)"], {})
            self.assertEqual(labels["lotsize"], {"term": "lotsize"})
            self.assertEqual(labels["airconyes"], {"term": "aircon", "level": "yes",
                                                   "reference": "no"})
            self.assertIn("aircon yes rather than no is associated with a price higher by "
                          "12,633", m.sentences())
            with linreg.from_document(m.to_document()) as back:  # the specification only
                self.assertEqual(back.design.coef_labels(), labels)
            with linreg.design("price ~ C(stories) + aircon - 1", cols) as d2:
                self.assertEqual(d2.coef_labels()["C(stories)1"], {"term": "C(stories)",
                                                                  "level": "1"})
                self.assertEqual(d2.coef_labels()["airconyes"]["reference"], "no")
            js = m.to_dict()
            self.assertEqual(js["formula"]["text"], "price ~ .")
            self.assertEqual(js["data"]["rows_read"], 546)
            self.assertEqual([c["name"] for c in js["coefficients"]], m.names)
        with self.assertRaises(linreg.ClosedError) as ctx:
            d.X
        self.assertIn("belongs to a model that is closed", str(ctx.exception))
        with linreg.fit({"a": [1.0, 2, 3, 4], "y": [1.0, 3, 2, 5]}, "y") as m:
            self.assertIsNone(m.design)
            self.assertNotIn("formula", m.to_dict())

    def test_derived_columns_carry_their_low_order_parts(self):
        cols = windsor_dict()
        with linreg.design("log(price) ~ log(lotsize) + bedrooms", WINDSOR) as d:
            X, lo, y = tolist(d.X), tolist(d.X_lo), tolist(d.y)
            for i in range(546):
                exact = math.log(cols["lotsize"][i])
                self.assertLessEqual(abs(X[i][0] - exact), 2.0 ** -52 * abs(exact))
                self.assertLessEqual(abs(lo[i][0]), 2.0 ** -53 * abs(X[i][0]))
                self.assertEqual(lo[i][1], 0.0)  # bedrooms is exact
                self.assertRel(y[i], math.log(cols["price"][i]), 1e-15)

    def test_design_apply(self):
        with linreg.design("price ~ .", WINDSOR) as d:
            with d.apply(NEW_HOUSE) as nd:
                self.assertEqual(tolist(nd.X)[0], [6000, 3, 2, 2, 1, 0, 1, 0, 1, 1, 0])
                self.assertEqual(tolist(nd.X)[1], [4000, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0])
                self.assertIsNone(nd.y)
                self.assertEqual((nd.nrows_data, nd.nrows), (2, 2))
            new = read_columns(NEW_HOUSE)
            new["lotsize"][0] = None
            with d.apply(new) as nd:
                self.assertEqual((nd.nrows, nd.rows, nd.dropped), (1, [1], [0]))
                self.assertEqual(nd.na_counts, {"lotsize": 1})
        self.assertTrue(d.closed)
        with self.assertRaises(linreg.ClosedError):
            d.X


class RFormulaModelsTest(Asserts, unittest.TestCase):
    """Every model of tests/reference/formulas.R: data with missing values,
    factors, derived columns, weights; residuals padded as R's na.exclude."""

    def test_every_model(self):
        models = fixture(os.path.join(FFIX, "models.csv"))
        coefs = fixture(os.path.join(FFIX, "coefficients.csv"))
        resid = fixture(os.path.join(FFIX, "residuals.csv"))
        cols = formula_data_dict()
        N = len(cols["y"])
        self.assertEqual(len(models), 29)
        for spec in models:
            ident, formula = spec["id"], spec["formula"]
            weights = "wt" if spec["weighted"] == "1" else None
            for how, data in (("path", FDATA), ("dict", cols)):
                what = "%s (%s, %s)" % (ident, formula, how)
                with linreg.ols(formula, data=data, weights=weights, na_action="exclude") as m:
                    self.assertEqual(m.nobs, float(spec["n"]), what)
                    self.assertRel(m.sigma, float(spec["sigma"]), TOL, what=what)
                    self.assertRel(m.rsquared, float(spec["r_squared"]), TOL, what=what)
                    rows = [r for r in coefs if r["id"] == ident]
                    self.assertEqual(m.names, [r["name"] for r in rows], what)
                    est, se = tolist(m.params), tolist(m.bse)
                    for j, r in enumerate(rows):
                        self.assertRel(est[j], num(r["estimate"]), TOL, what=what)
                        self.assertRel(se[j], num(r["std_error"]), TOL, what=what)
                    want = [num(r["residual"]) for r in resid if r["id"] == ident]
                    got = tolist(m.resid)  # padded: na_action="exclude"
                    self.assertEqual(len(got), N, what)
                    for i, (g, w) in enumerate(zip(got, want)):
                        self.assertEqual(math.isnan(g), math.isnan(w), "%s row %d" % (what, i))
                        if not math.isnan(w):
                            self.assertLessEqual(abs(g - w), TOL * m.sigma, what)
                    self.assertEqual(len(m.design.dropped), int(spec["dropped"]), what)
                    self.assertEqual(sorted(m.design.rows + m.design.dropped), list(range(N)))
                    self.assertEqual(len(tolist(m.fittedvalues)), N)

    def test_weights_as_a_sequence(self):
        spec = [r for r in fixture(os.path.join(FFIX, "models.csv")) if r["id"] == "weighted"][0]
        cols = formula_data_dict()
        data = {k: v for k, v in cols.items() if k != "wt"}
        with linreg.ols(spec["formula"], data=data, weights=cols["wt"]) as m:
            self.assertRel(m.sigma, float(spec["sigma"]), TOL)
            self.assertRel(m.rsquared, float(spec["r_squared"]), TOL)
            self.assertIn("\nlm(formula = y ~ x + g + log(z))\n", m.summary())
            # the design records the weights of the rows used
            self.assertEqual(tolist(m.design.weights), [cols["wt"][i] for i in m.design.rows])
        with linreg.design(spec["formula"], cols, weights="wt") as d:
            w = tolist(d.weights)
            self.assertEqual(w, [cols["wt"][i] for i in d.rows])

    def test_padding(self):
        cols = formula_data_dict()
        N = len(cols["y"])
        with linreg.ols("y ~ x + g", data=cols) as m:  # na.omit: rows used only
            n = int(m.nobs)
            self.assertEqual((n, m.nrows_data, m.na_action), (57, N, "omit"))
            self.assertEqual(len(tolist(m.resid)), n)
            padded = tolist(m.resid_padded())
            self.assertAllRel(m.pad(m.resid), padded, 0.0)
            self.assertAllRel(m.design.pad(m.resid), padded, 0.0)
            self.assertEqual([i for i, v in enumerate(padded) if math.isnan(v)], m.design.dropped)
            self.assertEqual(m.design.dropped, [2, 16, 24])  # y rows 3, 17; g row 25 (R: 1-based)
            self.assertEqual(m.design.na_counts, {"y": 2, "g": 1})
            self.assertIn("3 observations deleted due to missingness", m.summary())
            fp = tolist(m.fitted_padded())
            self.assertEqual([i for i, v in enumerate(fp) if math.isnan(v)], [2, 16, 24])
            hat = m.influence_measure("hat")  # any per-row measure
            self.assertEqual(len(tolist(m.pad(hat))), N)
            with self.assertRaises(linreg.DimensionError):
                m.pad([1.0, 2.0])
        with linreg.fit({"a": [1.0, 2, 3, 4], "y": [1.0, 3, 2, 5]}, "y") as m:
            self.assertEqual(tolist(m.pad(m.resid)), tolist(m.resid))
            self.assertEqual(m.nrows_data, 4)

    @unittest.skipIf(np is None, NUMPY_SKIP)
    def test_numpy_columns_in_and_out(self):
        cols = formula_data_dict()
        data = {"y": np.array(cols["y"]), "x": np.array(cols["x"]),
                "g": np.array(cols["g"], dtype=object)}
        with linreg.ols("y ~ x + g", data=data) as m, linreg.ols("y ~ x + g", data=FDATA) as r:
            self.assertEqual(tolist(m.params), tolist(r.params))
            self.assertIsInstance(m.design.X, np.ndarray)
            self.assertEqual(m.design.X.shape, (57, 3))


class PredictNewDataTest(Asserts, CErrorAsserts, unittest.TestCase):
    def test_missing_values_give_nan(self):
        with linreg.ols("price ~ .", data=WINDSOR) as m:
            new = read_columns(NEW_HOUSE)
            new["lotsize"][0] = None
            whole = m.predict(NEW_HOUSE, interval="prediction")
            p = m.predict(new, interval="prediction")
            for got, want in zip(p, whole):
                self.assertTrue(math.isnan(tolist(got)[0]))
                self.assertEqual(tolist(got)[1], tolist(want)[1])
            self.assertTrue(math.isnan(tolist(m.predict(new))[0]))
            # with no complete row at all, the design layer reports it
            new["aircon"][1] = None
            self.raises(linreg.EmptyError, m.predict, new,
                        contains="no complete rows: each of the 2 rows has a missing value")

    def test_numbers_in_a_categorical_column(self):
        zones = ["1", "2", "3"] * 10
        y = [float(i % 7) + (2.0 if z == "2" else 0.0) for i, z in enumerate(zones)]
        x = [float((i * 5) % 11) for i in range(30)]
        with linreg.ols("y ~ x + zone", data={"y": y, "x": x, "zone": zones}) as m:
            self.assertEqual(m.names, ["(Intercept)", "x", "zone2", "zone3"])
            want = tolist(m.predict({"x": [1.0, 2.0], "zone": ["2", "3"]}))
            # numbers for the zone: converted to their texts
            self.assertEqual(tolist(m.predict({"x": [1.0, 2.0], "zone": [2, 3]})), want)
            with tempfile.TemporaryDirectory() as tmp:
                path = os.path.join(tmp, "new.csv")
                with open(path, "w") as fh:
                    fh.write("x,zone\n1,2\n2,3\n")  # zone reads as numbers: read again
                self.assertEqual(tolist(m.predict(path)), want)

    def test_matrix_model_predicts_from_a_path_and_a_frame(self):
        cols = read_columns(WINDSOR)
        X = {k: cols[k] for k in ("lotsize", "bedrooms", "bathrooms")}
        with linreg.fit(X, cols["price"]) as m:
            want = tolist(m.predict({k: read_columns(NEW_HOUSE)[k] for k in X}))
            self.assertEqual(tolist(m.predict(NEW_HOUSE)), want)
            with linreg.read_csv(NEW_HOUSE) as f:
                self.assertEqual(tolist(m.predict(f)), want)
            with linreg.parse_csv("lotsize,bedrooms\n1,2\n") as f:
                with self.assertRaises(linreg.NotFoundError) as ctx:
                    m.predict(f)
                self.assertIn("no column 'bathrooms'", str(ctx.exception))

    def test_errors(self):
        with linreg.ols("price ~ .", data=WINDSOR) as m:
            new = {k: v[0] for k, v in read_columns(NEW_HOUSE).items()}
            new["driveway"] = "maybe"
            self.raises(linreg.InvalidArgumentError, m.predict, new,
                        contains="factor 'driveway' has new level 'maybe' at row 1")
            self.raises(linreg.NotFoundError, m.predict, {"lotsize": 6000},
                        contains="the data has no column 'bedrooms'")
            self.raises(linreg.InvalidArgumentError, m.predict, NEW_HOUSE, "confidence",
                        level=2.0)
            with self.assertRaises(linreg.InvalidArgumentError):
                m.predict(NEW_HOUSE, interval="sometimes")


class ExampleTest(unittest.TestCase):
    def test_examples_house_prices_py(self):
        """examples/house_prices.py end to end, without S3 (test_s3_store.py
        runs it with S3)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "house_prices.py"),
                                tmp], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            out = r.stdout.decode("utf-8")
            self.assertEqual(r.returncode, 0, out + r.stderr.decode("utf-8"))
            self.assertTrue(os.path.exists(os.path.join(tmp, "house_price_model.json")))
        with linreg.ols("price ~ .", data=WINDSOR, call="lm(formula = price ~ ., data = houses)") \
                as m:
            self.assertIn(m.summary(), out)
            p = m.predict(NEW_HOUSE, interval="prediction")
            with m.check() as r:  # the report card, after the summary
                self.assertIn(m.summary() + "\n=== Assumptions of price ~ . ===\n" + r.text(),
                              out)
        self.assertIn("Verdict on constant variance: violated; standard error of gasheatyes "
                      "3218, HC3 4435", out)
        self.assertIn("1        %12.0f %12.0f %12.0f" % (tolist(p.fit)[0], tolist(p.lower)[0],
                                                         tolist(p.upper)[0]), out)
        self.assertIn("predicts the same: yes", out)
        self.assertIn("set AWS_ENDPOINT_URL or AWS credentials", out)


class FormulaErrorTest(CErrorAsserts, unittest.TestCase):
    def test_formula_errors_name_the_term(self):
        e = self.raises(linreg.NotFoundError, linreg.ols, "price ~ lotsze", data=WINDSOR,
                        contains="formula \"price ~ lotsze\": term 'lotsze': no column named "
                                 "'lotsze' in the data (columns: price, lotsize,")
        self.assertIsInstance(e, LookupError)
        self.raises(linreg.ParseError, linreg.ols, "price ~ (lotsize", data=WINDSOR,
                    contains="unbalanced parenthesis at character 9")
        self.raises(linreg.InvalidArgumentError, linreg.ols, "price ~ log(aircon)", data=WINDSOR,
                    contains="term 'log(aircon)': column 'aircon' is categorical")
        self.raises(linreg.InvalidArgumentError, linreg.ols, "price ~ log(bedrooms - 3)",
                    data=WINDSOR, contains="term 'log(bedrooms - 3)': log of a non-positive")
        self.raises(linreg.NotFoundError, linreg.design, "price ~ nope", WINDSOR,
                    contains="term 'nope'")
        self.raises(linreg.NonFiniteError, linreg.ols, "y ~ x",
                    data={"y": [1.0, None, 3, 4], "x": [1.0, 2, 3, 4.5]}, na_action="fail",
                    contains="row 2 of the data: column 'y' is missing")
        self.raises(linreg.EmptyError, linreg.ols, "y ~ x",
                    data={"y": [1.0, None], "x": [None, 2.0]})
        self.raises(linreg.DimensionError, linreg.ols, "y ~ x",
                    data={"y": [1.0, 2, 3, 4], "x": [1.0, 2, 3, 5]}, weights=[1.0, 1.0])
        self.raises(linreg.InputOutputError, linreg.ols, "y ~ x", data="/nonexistent/d.csv",
                    contains="cannot open '/nonexistent/d.csv'")

    def test_python_side_errors(self):
        with self.assertRaises(linreg.InvalidArgumentError) as ctx:
            linreg.ols("y ~ x", data={"y": [1.0, 2], "x": [1.0, 2]}, na_action="drop")
        self.assertIn("na_action must be 'omit', 'exclude' or 'fail'", str(ctx.exception))
        with self.assertRaises(linreg.InvalidArgumentError):
            linreg.ols("y ~ x", data=42)
        with self.assertRaises(linreg.InvalidArgumentError):
            linreg.ols("y ~ x", data={"y": [1.0, 2], "x": [1.0, 2]}, csv={"delimiter": ";"})
        with self.assertRaises(linreg.InvalidArgumentError):
            linreg.design("y ~ x", {"y": [1.0, 2], "x": [1.0, 2]}, weights=[1.0, 2.0])


if __name__ == "__main__":
    unittest.main()
