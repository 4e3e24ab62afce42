#!/usr/bin/env python3
"""The Windsor house prices from Python (see examples/README.md).

Reads the CSV, fits price ~ . (R's lm), prints R's summary and the report
card of the model's assumptions (verdicts, plain sentences, the remedies
applied), predicts the two houses of examples/data/new_house.csv with 95%
prediction intervals,
saves the model to a file, loads it back and checks that it predicts the
same. When AWS credentials or an S3 endpoint are configured (AWS_ENDPOINT_URL,
AWS_ACCESS_KEY_ID or AWS_PROFILE), the model also goes to S3, at
LINREG_EXAMPLE_S3_URL (default s3://linreg-examples/house_price_model.json).

Run from anywhere after `make`, with the Python standard library alone:
    python3 examples/house_prices.py [directory for the saved model]
"""

import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))

import linreg  # noqa: E402

DATA = os.path.join(ROOT, "examples", "data", "house_prices_windsor.csv")
NEW = os.path.join(ROOT, "examples", "data", "new_house.csv")


def show_prediction(p):
    print("%-8s %12s %12s %12s" % ("house", "price", "95% low", "95% high"))
    for i, (fit, low, high) in enumerate(zip(p.fit, p.lower, p.upper)):
        print("%-8d %12.0f %12.0f %12.0f" % (i + 1, fit, low, high))


def same(p, q):
    """Bit-identical predictions (every column of the Prediction)."""
    return all(list(a) == list(b) for a, b in zip(p, q))


def reload_and_compare(model, url, want):
    """Saves model at url (replacing an older copy), loads it back, and
    tells whether the loaded model predicts exactly the same."""
    model.save(url, overwrite=True)
    with linreg.load(url) as back:
        got = back.predict(NEW, interval="prediction", level=0.95)
        print("saved to %s; loaded back (created %s): predicts the same: %s"
              % (url, back.created, "yes" if same(got, want) else "NO"))
        return same(got, want)


def main(argv):
    out_dir = argv[1] if len(argv) > 1 else tempfile.mkdtemp(prefix="linreg-example-")

    houses = linreg.read_csv(DATA)
    print("%d houses; categorical columns: %s" % (
        houses.nrows, ", ".join(n for n, t in houses.types.items() if t == "categorical")))

    # R: lm(price ~ ., data = houses)
    m = linreg.ols("price ~ .", data=houses, call="lm(formula = price ~ ., data = houses)")
    houses.close()  # the model keeps its own design
    print(m.summary())

    # The assumption report card: every assumption of the linear model with
    # its tests, effect sizes, verdict and remedy, in sentences that use the
    # column names (dummies as "yes" against "no"). The price spread grows
    # with the size of the house, so the report applies HC3 standard errors.
    with m.check() as report:
        print("=== Assumptions of price ~ . ===")
        print(report.text())
        hc3 = report["homoscedasticity"].robust
        print("Verdict on constant variance: %s; standard error of gasheatyes %.0f, HC3 %.0f"
              % (report.verdicts["homoscedasticity"], m.bse[m.names.index("gasheatyes")],
                 hc3.bse[hc3.names.index("gasheatyes")]))
        print()

    print("Predicted prices of the new houses (%s):" % os.path.basename(NEW))
    p = m.predict(NEW, interval="prediction", level=0.95)
    show_prediction(p)
    print()

    m.metadata["data"] = os.path.basename(DATA)
    ok = reload_and_compare(m, os.path.join(out_dir, "house_price_model.json"), p)

    env = os.environ
    if env.get("AWS_ENDPOINT_URL") or env.get("AWS_ACCESS_KEY_ID") or env.get("AWS_PROFILE"):
        url = env.get("LINREG_EXAMPLE_S3_URL", "s3://linreg-examples/house_price_model.json")
        try:
            ok = reload_and_compare(m, url, p) and ok
        except linreg.LinregError as e:  # no bucket, no access, no network...
            print("S3: %s: %s" % (type(e).__name__, e))
            ok = False
    else:
        print("(set AWS_ENDPOINT_URL or AWS credentials to save the model to S3 too)")
    m.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
