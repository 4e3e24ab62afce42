#!/usr/bin/env bash
# linreg check: the report card through the CLI calls each violation of
# the shared datasets by name and the clean data clean, in text and JSON;
# --cluster, --reliability and their errors. The numbers themselves are
# checked against R in tests/test_report*.c. Prints "RESULT <passed> <failed>".
set -u
cd "$(dirname "$0")/../.."
CLI=${CLI:-bin/linreg}
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL test_cli_check: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
D=tests/fixtures/data

verdicts() { # data, extra args... -> "assumption=verdict" lines
    local data=$1; shift
    "$CLI" check "$D/$data.csv" --y y --format json "$@" >"$tmp/r.json" 2>"$tmp/err" || {
        echo "ERROR $(cat "$tmp/err")"; return; }
    python3 -c "
import json
d = json.load(open('$tmp/r.json'))
assert set(d) >= {'coefficients', 'fit', 'report'}, list(d)
for k, v in d['report'].items():
    if isinstance(v, dict) and 'verdict' in v:
        print(k + '=' + v['verdict'])"
}
expect() { # data, assumption, verdict regex, extra args...
    local data=$1 a=$2 want=$3; shift 3
    got=$(verdicts "$data" "$@" | grep "^$a=" | cut -d= -f2)
    if echo "$got" | grep -Eq "^($want)$"; then ok; else bad "$data: $a is '$got', expected $want"; fi
}
for a in linearity normality homoscedasticity independence no_multicollinearity no_influential_observations; do
    expect clean $a holds
done
expect clean fixed_features cannot_be_tested
expect hetero homoscedasticity violated
expect autocorr independence violated
expect collinear no_multicollinearity "violated|doubtful"
expect outliers no_influential_observations "violated|doubtful"
expect nonlinear linearity violated
expect skewed normality violated
expect clustered independence violated --cluster g
expect clean fixed_features "holds|doubtful|violated" --reliability x1=0.8

"$CLI" check "$D/nonlinear.csv" --y y >"$tmp/t.txt" 2>&1 && ok || bad "text report"
grep -q "^== Linearity.*VIOLATED" "$tmp/t.txt" && ok || bad "the text names the linearity violation"
grep -q "x1" <(sed -n '/^== Linearity/,/^== /p' "$tmp/t.txt") && ok || bad "the linearity block names x1"
grep -q "^Coefficients:" "$tmp/t.txt" && ok || bad "the text starts with the summary"
"$CLI" check examples/data/house_prices_windsor.csv --formula "price ~ ." >"$tmp/h.txt" 2>&1 && ok || bad "house prices"
grep -q "The spread of price grows with" "$tmp/h.txt" && ok || bad "the house-price report has its plain sentence"

# the interpretation pack: text section and JSON object; the explained
# prediction adds up and equals the model's prediction of that row
"$CLI" check examples/data/house_prices_windsor.csv --formula "price ~ ." --explain-row 3 --format json >"$tmp/i.json" && ok || bad "check --format json with --explain-row"
python3 - "$tmp/i.json" <<'PY' && ok || bad "interpretation JSON"
import json, sys
d = json.load(open(sys.argv[1]))["interpretation"]
assert set(d) >= {"standardized", "order_by_t", "effects", "sentences", "explain"}, list(d)
assert d["order_by_t"][0] == "lotsize" and len(d["sentences"]) == 11
assert any("gasheat yes rather than no" in s for s in d["sentences"])
e = d["explain"]
total = e["mean_prediction"] + sum(e["contributions"].values())
assert abs(total - e["prediction"]) <= 1e-9 * abs(e["prediction"]), (total, e["prediction"])
assert e["row"] == 3
PY
"$CLI" predict examples/data/house_prices_windsor.csv --train examples/data/house_prices_windsor.csv --formula "price ~ ." --format csv >"$tmp/p.csv" && ok || bad "predict the training rows"
python3 - "$tmp/i.json" "$tmp/p.csv" <<'PY' && ok || bad "the explained prediction is the model's prediction of row 3"
import csv, json, sys
e = json.load(open(sys.argv[1]))["interpretation"]["explain"]
rows = list(csv.DictReader(open(sys.argv[2])))
assert abs(float(rows[2]["fit"]) - e["prediction"]) <= 1e-9 * abs(e["prediction"])
PY
"$CLI" check "$D/clean.csv" --y y >"$tmp/c.txt" && ok || bad "check text"
grep -q "^== Interpretation ==" "$tmp/c.txt" && ok || bad "no interpretation section in the text"
grep -q "^Explaining row 1" "$tmp/c.txt" && ok || bad "row 1 is explained by default"
printf 'y,x\n1,1\n,2\n3,2\n4,5\n6,4\n' >"$tmp/na.csv"

err() { # status, needle, args...
    local code=$1 needle=$2; shift 2
    "$CLI" check "$@" >/dev/null 2>"$tmp/err"
    local rc=$?
    [ $rc -eq "$code" ] && ok || bad "'check $*' exited $rc, expected $code"
    grep -qF -- "$needle" "$tmp/err" && ok || bad "'check $*' message lacks '$needle': $(cat "$tmp/err")"
}
err 1 "no column named 'nope'" "$D/clean.csv" --y y --cluster nope
err 2 "--reliability: 'x9' is not a coefficient" "$D/clean.csv" --y y --reliability x9=0.5
err 2 "must be in (0, 1]" "$D/clean.csv" --y y --reliability x1=1.5
err 2 "--alpha" "$D/clean.csv" --y y --alpha 2
err 2 "--format must be text or json" "$D/clean.csv" --y y --format csv
err 2 "--explain-row 2: that row is not in the data the model used" "$tmp/na.csv" --y y --explain-row 2
echo "RESULT $pass $fail test_cli_check"
