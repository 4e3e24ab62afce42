#!/usr/bin/env bash
# The CLI's fit command: output against R's numbers, JSON layout, exit
# status and one-line messages on errors. Prints "RESULT <passed> <failed>".
set -u
cd "$(dirname "$0")/../.."
CLI=${CLI:-bin/linreg}
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL test_cli_fit: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# JSON numbers against the R fixture (python3 from the stdlib only)
"$CLI" fit tests/fixtures/data/clean.csv --y y --format json >"$tmp/clean.json" 2>"$tmp/err" && ok || bad "fit clean json: $(cat "$tmp/err")"
python3 - "$tmp/clean.json" tests/fixtures/core/clean_coef.csv tests/fixtures/core/clean_fit.csv <<'PY' && ok || bad "clean json differs from R"
import csv, json, sys
doc = json.load(open(sys.argv[1]))
coef = {c["name"]: c for c in doc["coefficients"]}
rel = lambda a, b: abs(a - b) <= 1e-10 * max(abs(b), 1e-300)
for row in csv.DictReader(open(sys.argv[2])):
    c = coef[row["name"]]
    for k in ("estimate", "std_error", "t_value", "p_value"):
        assert rel(c[k], float(row[k])), (row["name"], k, c[k], row[k])
    assert rel(c["ci_low"], float(row["ci95_low"])) and rel(c["ci_high"], float(row["ci95_high"]))
    assert c["aliased"] is False
fit = {r["stat"]: float(r["value"]) for r in csv.DictReader(open(sys.argv[3]))}
for k in ("sigma", "r_squared", "adj_r_squared", "f_statistic", "f_p_value", "log_likelihood", "aic", "bic"):
    assert rel(doc["fit"][k], fit[k]), (k, doc["fit"][k], fit[k])
assert set(doc["fit"]) >= {"n", "rank", "df_model", "df_resid", "condition_number"}
PY

# --level changes the intervals, --x selects columns, --no-intercept drops the intercept
"$CLI" fit tests/fixtures/data/clean.csv --y y --x x1,x2 --level 0.9 --no-intercept --format json >"$tmp/sel.json" && ok || bad "fit with --x/--level/--no-intercept"
python3 -c "
import json,sys; d=json.load(open('$tmp/sel.json')); n=[c['name'] for c in d['coefficients']]
assert n==['x1','x2'], n" && ok || bad "--x and --no-intercept not honoured"

# an aliased column: JSON null statistics and aliased true
"$CLI" fit tests/fixtures/core/aliased_data.csv --y y --format json >"$tmp/al.json" && ok || bad "fit aliased"
python3 -c "
import json; d=json.load(open('$tmp/al.json')); c={x['name']:x for x in d['coefficients']}
assert c['x3']['aliased'] is True and c['x3']['estimate'] is None and c['x3']['std_error'] is None
assert c['x1']['aliased'] is False and d['fit']['rank']==3" && ok || bad "aliased column in JSON"

# text summary: R's layout
"$CLI" fit tests/fixtures/core/aliased_data.csv --y y >"$tmp/al.txt" && ok || bad "text summary"
for s in "Call:" "Residuals:" "Coefficients: (2 not defined because of singularities)" \
         "Residual standard error:" "Multiple R-squared:" "F-statistic:" "Signif. codes:"; do
    grep -qF "$s" "$tmp/al.txt" && ok || bad "summary lacks '$s'"
done

# diagnostics: the JSON member and the text section (values are checked
# against R in tests/test_diag_*.c and against the batch in test_diag_batch.c)
"$CLI" fit tests/fixtures/data/hetero.csv --y y --format json >"$tmp/d.json" && ok || bad "fit json with diagnostics"
python3 - "$tmp/d.json" tests/fixtures/diag/r_tests.csv <<'PY' && ok || bad "the diagnostics JSON"
import csv, json, sys
d = json.load(open(sys.argv[1]))["diagnostics"]
for k in ("shapiro_wilk", "jarque_bera", "omnibus", "anderson_darling", "breusch_pagan", "white",
          "goldfeld_quandt", "durbin_watson", "breusch_godfrey", "ljung_box", "reset", "rainbow",
          "harvey_collier"):
    assert set(d[k]) >= {"statistic", "df", "p_value", "method", "n"}, (k, d[k])
assert set(d["vif"]) == {"x1", "x2"} and "condition_number" in d
assert set(d["influence"]) >= {"max_leverage", "max_cooks_distance", "n_flagged", "outlier_test"}
# the Breusch-Pagan statistic equals R's bptest on this dataset
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r.get("dataset") == "hetero"]
bp = [r for r in rows if r["test"] == "bp_studentized"]
assert bp, "no Breusch-Pagan reference for hetero"
ref = float(bp[0]["statistic"])
assert abs(d["breusch_pagan"]["statistic"] - ref) <= 1e-8 * ref, (d["breusch_pagan"], ref)
PY
"$CLI" fit tests/fixtures/data/hetero.csv --y y >"$tmp/d.txt" && ok || bad "fit text with diagnostics"
grep -q "^Breusch-Pagan (constant variance)" "$tmp/d.txt" && ok || bad "no diagnostics section in the text"
"$CLI" fit tests/fixtures/data/hetero.csv --y y --no-diagnostics --format json | python3 -c "import json,sys; assert 'diagnostics' not in json.load(sys.stdin)" && ok || bad "--no-diagnostics"
# --influence: rows numbered as in the data file, also when rows were dropped
printf 'y,x\n1.0,1\n,2\n3.1,2\n3.9,4\n6.2,5\n5.8,6\n8.1,7\n' >"$tmp/na.csv"
"$CLI" fit "$tmp/na.csv" --formula "y ~ x" --influence "$tmp/infl.csv" --no-diagnostics >/dev/null && ok || bad "--influence"
head -1 "$tmp/infl.csv" | grep -q "^row,hat,rstandard,rstudent,cooks_d" && ok || bad "influence CSV header: $(head -1 "$tmp/infl.csv")"
[ "$(cut -d, -f1 "$tmp/infl.csv" | tail -n +2 | tr '\n' ' ')" = "1 3 4 5 6 7 " ] && ok || bad "influence rows are not the data rows: $(cut -d, -f1 "$tmp/infl.csv" | tr '\n' ' ')"

# errors: non-zero status and one line on stderr naming the problem
expect_error() { # code, needle, args...
    local code=$1 needle=$2; shift 2
    "$CLI" "$@" >/dev/null 2>"$tmp/err"
    local rc=$?
    [ "$rc" -eq "$code" ] && ok || bad "'$*' exited $rc, expected $code"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "'$*' printed $(wc -l <"$tmp/err") lines on stderr"
    grep -qF -- "$needle" "$tmp/err" && ok || bad "'$*' message lacks '$needle': $(cat "$tmp/err")"
}
printf 'y,a\n1,2\n2,x\n' >"$tmp/bad.csv"
printf '' >"$tmp/empty.csv"
printf 'y,a\n1,2\n2\n' >"$tmp/ragged.csv"
expect_error 1 "bad.csv:3: column 'a'" fit "$tmp/bad.csv" --y y --numeric a
expect_error 1 "the file is empty" fit "$tmp/empty.csv" --y y
expect_error 1 "ragged.csv:3" fit "$tmp/ragged.csv" --y y
expect_error 3 "cannot open" fit "$tmp/missing.csv" --y y
expect_error 1 "no column named 'nope'" fit tests/fixtures/data/clean.csv --y nope
expect_error 2 "--y" fit tests/fixtures/data/clean.csv
expect_error 2 "--level" fit tests/fixtures/data/clean.csv --y y --level 2
expect_error 2 "--format" fit tests/fixtures/data/clean.csv --y y --format xml
expect_error 2 "unknown command" frobnicate

echo "RESULT $pass $fail test_cli_fit"
