"""Agreement with R's lm() (tests/reference/python_fixture.R -> tests/fixtures/python)."""

import os
import unittest

from helpers import (FIXTURES, WINDSOR, Asserts, dataset, linreg, num, read_columns,
                     read_rows)

REL = 1e-10
STATS = ["n", "rank", "df_model", "df_resid", "sigma", "r_squared", "adj_r_squared",
         "f_statistic", "f_p_value", "log_likelihood", "aic", "bic"]
ATTRS = {"n": "nobs", "rank": "rank", "df_model": "df_model", "df_resid": "df_resid",
         "sigma": "sigma", "r_squared": "rsquared", "adj_r_squared": "rsquared_adj",
         "f_statistic": "fvalue", "f_p_value": "f_pvalue", "log_likelihood": "llf",
         "aic": "aic", "bic": "bic"}


def windsor():
    """The Windsor data with yes/no columns coded 1/0 and named as R names the dummies."""
    cols = read_columns(WINDSOR)
    y = cols.pop("price")
    X = {}
    for name, vals in cols.items():
        if isinstance(vals[0], str):
            X[name + "yes"] = [1.0 if v == "yes" else 0.0 for v in vals]
        else:
            X[name] = vals
    return X, y


def case_data(case):
    """(X columns dict, y, weights, intercept) of each fixture case."""
    if case == "windsor":
        X, y = windsor()
        return X, y, None, True
    d = dataset({"aliased": "clean"}.get(case, case))
    y = d.pop("y")
    w = d.pop("w", None)
    if case == "aliased":
        d = {"x1": d["x1"], "x2": d["x2"], "x12": [a + b for a, b in zip(d["x1"], d["x2"])],
             "x3": d["x3"]}
    return d, y, w, case != "noint"


class ReferenceCase(Asserts):
    case = None

    @classmethod
    def setUpClass(cls):
        cls.X, cls.y, cls.w, cls.intercept = case_data(cls.case)
        cls.model = linreg.fit(cls.X, cls.y, weights=cls.w, intercept=cls.intercept)

    @classmethod
    def tearDownClass(cls):
        cls.model.close()

    def fixture(self, kind):
        return read_rows(os.path.join(FIXTURES, "%s_%s.csv" % (self.case, kind)))

    def test_coefficients(self):
        header, rows = self.fixture("coef")
        m = self.model
        self.assertEqual(m.names, [r[0] for r in rows])
        self.assertEqual(m.aliased, [r[1] == "NA" for r in rows])
        col = {h: [num(r[i]) for r in rows] for i, h in enumerate(header) if i}
        self.assertAllRel(m.params, col["estimate"], REL, what="estimate")
        self.assertAllRel(m.bse, col["std_error"], REL, what="std_error")
        self.assertAllRel(m.tvalues, col["t_value"], REL, what="t_value")
        self.assertAllRel(m.pvalues, col["p_value"], REL, what="p_value")
        self.assertAllRel(m.conf_int(), list(zip(col["ci_low"], col["ci_high"])), REL,
                          what="conf_int")
        self.assertAllRel(m.conf_int(0.9), list(zip(col["ci90_low"], col["ci90_high"])), REL,
                          what="conf_int(0.9)")

    def test_fit_statistics(self):
        _, rows = self.fixture("fit")
        want = {r[0]: num(r[1]) for r in rows}
        self.assertEqual(sorted(want), sorted(STATS))
        for stat in STATS:
            self.assertRel(getattr(self.model, ATTRS[stat]), want[stat], REL, what=stat)
            self.assertRel(self.model.stats()[stat], want[stat], REL, what=stat)
        d = self.model.to_dict()
        for stat in STATS:
            self.assertRel(d["fit"][stat], want[stat], REL, what="to_dict " + stat)

    def test_covariance(self):
        header, rows = self.fixture("vcov")
        self.assertEqual(header, self.model.names)
        want = [[num(v) for v in r] for r in rows]
        self.assertAllRel(self.model.cov_params(), want, REL, what="vcov")

    def test_fitted_and_residuals(self):
        _, rows = self.fixture("rows")
        self.assertEqual(self.model.nrows, len(rows))
        # Residuals are differences y - fitted: compare them relative to y's scale.
        scale = max(abs(v) for v in self.y)
        self.assertAllRel(self.model.fittedvalues, [num(r[0]) for r in rows], REL,
                          abs_=REL * scale, what="fitted")
        self.assertAllRel(self.model.resid, [num(r[1]) for r in rows], REL,
                          abs_=REL * scale, what="resid")

    def test_prediction(self):
        header, rows = self.fixture("pred")
        col = {h: [num(r[i]) for r in rows] for i, h in enumerate(header)}
        new = {name: vals[:5] for name, vals in self.X.items()}
        self.assertAllRel(self.model.predict(new), col["fit"], REL, what="fit")
        p = self.model.predict(new, interval="confidence", level=0.95)
        self.assertAllRel(p.fit, col["fit"], REL, what="fit")
        self.assertAllRel(p.se_fit, col["se_fit"], REL, what="se_fit")
        self.assertAllRel(p.lower, col["conf_low"], REL, what="conf_low")
        self.assertAllRel(p.upper, col["conf_high"], REL, what="conf_high")
        p = self.model.predict(new, interval="prediction", level=0.90)
        self.assertAllRel(p.lower, col["pred_low"], REL, what="pred_low")
        self.assertAllRel(p.upper, col["pred_high"], REL, what="pred_high")


class CleanTest(ReferenceCase, unittest.TestCase):
    case = "clean"


class AliasedTest(ReferenceCase, unittest.TestCase):
    case = "aliased"


class WeightedTest(ReferenceCase, unittest.TestCase):
    case = "weighted"


class NoInterceptTest(ReferenceCase, unittest.TestCase):
    case = "noint"


class WindsorTest(ReferenceCase, unittest.TestCase):
    case = "windsor"


if __name__ == "__main__":
    unittest.main()
