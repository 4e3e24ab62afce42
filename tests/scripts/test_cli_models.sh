#!/usr/bin/env bash
# Saved models through the CLI (files; S3 is covered by test_s3.sh):
# fit --save, refusal to overwrite and --overwrite, predict from the saved
# model bit-identical to a refit, show as text and as the stored JSON,
# models, and the errors. Prints "RESULT <passed> <failed>".
set -u
cd "$(dirname "$0")/../.."
CLI=${CLI:-bin/linreg}
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL test_cli_models: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data=examples/data/house_prices_windsor.csv
new=examples/data/new_house.csv
f='log(price) ~ . + I(lotsize^2) + poly(bedrooms, 2)'

"$CLI" fit "$data" --formula "$f" --save "$tmp/m.json" >"$tmp/fit.txt" 2>"$tmp/err" && ok || bad "fit --save: $(cat "$tmp/err")"
[ -s "$tmp/m.json" ] && ok || bad "no model file written"
"$CLI" fit "$data" --formula "price ~ ." --save "$tmp/m.json" >/dev/null 2>"$tmp/err"
[ $? -eq 3 ] && ok || bad "saving over an existing model must fail with status 3"
grep -q "overwrite" "$tmp/err" && ok || bad "the refusal mentions --overwrite: $(cat "$tmp/err")"
cp "$tmp/m.json" "$tmp/keep.json"
"$CLI" fit "$data" --formula "price ~ ." --save "file://$tmp/other.json" >/dev/null && ok || bad "file:// URL"
"$CLI" fit "$data" --formula "$f" --save "$tmp/m.json" --overwrite >/dev/null && ok || bad "--overwrite"

for kind in none confidence prediction; do
    "$CLI" predict "$tmp/m.json" "$new" --interval $kind --se --format csv >"$tmp/a.csv" 2>"$tmp/err" && ok ||
        bad "predict from the saved model: $(cat "$tmp/err")"
    "$CLI" predict "$new" --train "$data" --formula "$f" --interval $kind --se --format csv >"$tmp/b.csv" && ok ||
        bad "predict with --train"
    cmp -s "$tmp/a.csv" "$tmp/b.csv" && ok || bad "saved model predicts differently ($kind): $(diff "$tmp/a.csv" "$tmp/b.csv" | head -4)"
done

"$CLI" show "$tmp/m.json" >"$tmp/show.txt" && ok || bad "show"
for s in "Coefficients:" "airconyes" "I(lotsize^2)" "poly(bedrooms, 2)1" "Residual standard error:"; do
    grep -qF "$s" "$tmp/show.txt" && ok || bad "show lacks '$s'"
done
# the coefficient lines of show equal those of the fit
sed -n '/^Coefficients:/,/^---/p' "$tmp/fit.txt" >"$tmp/c1"
sed -n '/^Coefficients:/,/^---/p' "$tmp/show.txt" >"$tmp/c2"
cmp -s "$tmp/c1" "$tmp/c2" && ok || bad "show's coefficient table differs from fit's"
"$CLI" show "$tmp/m.json" --format json >"$tmp/show.json" && ok || bad "show --format json"
cmp -s "$tmp/show.json" "$tmp/m.json" && ok || bad "show --format json is not the stored document"
python3 - "$tmp/show.json" <<'PY' && ok || bad "stored coefficients use the keys of fit --format json"
import json, sys
doc = json.load(open(sys.argv[1]))
for c in doc["coefficients"]:
    assert set(c) == {"name", "estimate", "std_error", "t_value", "p_value", "ci_low", "ci_high", "aliased"}, c
assert doc["design"]["formula"].startswith("log(price)")
PY

"$CLI" models "$tmp" >"$tmp/list.txt" && ok || bad "models"
# m.json, keep.json, other.json and show.json
[ "$(wc -l <"$tmp/list.txt")" -eq 4 ] && ok || bad "models lists $(wc -l <"$tmp/list.txt") entries, expected 4"
grep -q "m.json" "$tmp/list.txt" && ok || bad "models misses m.json"

expect() { # status, needle, args...
    local code=$1 needle=$2; shift 2
    "$CLI" "$@" >/dev/null 2>"$tmp/err"
    local rc=$?
    [ "$rc" -eq "$code" ] && ok || bad "'$*' exited $rc, expected $code ($(cat "$tmp/err"))"
    grep -qF -- "$needle" "$tmp/err" && ok || bad "'$*' message lacks '$needle': $(cat "$tmp/err")"
}
expect 3 "cannot open" show "$tmp/missing.json"
sed 's/"std_error":/"std_err0r":/' "$tmp/keep.json" >"$tmp/edited.json"
expect 1 "checksum" show "$tmp/edited.json"
python3 - "$tmp/keep.json" "$tmp/hand.json" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
doc = json.loads(text)
del doc["checksum"]
doc["coefficients"][2]["std_error"] = "big"
json.dump(doc, open(sys.argv[2], "w"))
PY
expect 1 "coefficients[2].std_error" show "$tmp/hand.json"
expect 4 "no storage backend for the scheme 'ftp'" show "ftp://host/m.json"
expect 2 "not both" predict "$tmp/m.json" "$new" --formula "y ~ x"
printf 'lotsize,bedrooms\n1,2\n' >"$tmp/short.csv"
expect 1 "bathrooms" predict "$tmp/m.json" "$tmp/short.csv"

echo "RESULT $pass $fail test_cli_models"
