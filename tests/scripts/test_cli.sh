#!/usr/bin/env bash
# CLI tests: linreg fit/predict/show/check on the Windsor data against R's
# fixtures (tests/fixtures/windsor, 1e-10 relative), formulas and --y/--x,
# missing values, CSV options, every output format, help texts, and the
# documented exit codes (0 ok, 1 data/model refused, 2 usage, 3 file,
# 4 not in this build). Prints "RESULT <passed> <failed> test_cli".
set -u
cd "$(dirname "$0")/../.."
CLI=${CLI:-bin/linreg}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

DATA=examples/data/house_prices_windsor.csv
NEW=examples/data/new_house.csv
FIX=tests/fixtures/windsor

# run CMD... : sets $out, $err, $rc
run() {
    "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    out=$(cat "$TMP/out")
    err=$(cat "$TMP/err")
}

# compare_csv GOT WANT KEYCOL COLS...: every listed numeric column of WANT
# (R's quoted CSV) agrees with GOT to 1e-10 relative, row by row
compare_csv() {
    local got=$1 want=$2
    shift 2
    awk -F, -v cols="$*" '
        function unq(s) { gsub(/"/, "", s); return s }
        function abs(x) { return x < 0 ? -x : x }
        NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) gi[unq($i)] = i; next }
                    for (i = 1; i <= NF; i++) g[FNR, i] = unq($i); gn = FNR; next }
        FNR == 1 { for (i = 1; i <= NF; i++) wi[unq($i)] = i; next }
        { n = split(cols, c, " ")
          for (k = 1; k <= n; k++) {
              if (!(c[k] in gi) || !(c[k] in wi)) { print "no column " c[k]; bad++; continue }
              w = unq($(wi[c[k]])) + 0; v = g[FNR, gi[c[k]]] + 0
              tol = 1e-10 * (abs(w) > 1e-300 ? abs(w) : 1e-300)
              if (abs(v - w) > tol) { printf "row %d %s: %s vs R %s\n", FNR, c[k], v, w; bad++ }
          }
          rows++ }
        END { if (rows + 1 != gn) { print "row count " gn - 1 " vs " rows; bad++ } exit bad > 0 }
    ' "$got" "$want"
}

# ---- fit: coefficient tables against R
for m in "price:price ~ ." "log_price:log(price) ~ ."; do
    id=${m%%:*}; f=${m#*:}
    run "$CLI" fit "$DATA" --formula "$f" --format csv
    check "fit $id exit 0" '[ $rc -eq 0 ]'
    echo "$out" >"$TMP/$id.csv"
    check "fit $id names" '[ "$(cut -d, -f1 "$TMP/$id.csv" | tr -d \")" = "$(cut -d, -f1 $FIX/${id}_coef.csv | tr -d \")" ]'
    if compare_csv "$TMP/$id.csv" "$FIX/${id}_coef.csv" estimate std_error t_value ci_low ci_high; then ok; else bad "fit $id values vs R"; fi
done

# ---- text summary
run "$CLI" fit "$DATA" --formula "price ~ ."
check "summary exit 0" '[ $rc -eq 0 ]'
check "summary call line" 'grep -q "lm(formula = price ~ ., data = house_prices_windsor.csv)" <<<"$out"'
check "summary has airconyes" 'grep -q "^airconyes" <<<"$out"'
check "summary R-squared" 'grep -q "Multiple R-squared:  0.6731" <<<"$out"'

# ---- --y/--x is the same model as the formula
run "$CLI" fit "$DATA" --y price --format csv
check "--y alone = price ~ ." '[ "$out" = "$(cat "$TMP/price.csv")" ]'
run "$CLI" fit "$DATA" --y price --x lotsize,aircon --format csv
a=$out
run "$CLI" fit "$DATA" --formula "price ~ lotsize + aircon" --format csv
check "--x list = formula" '[ "$a" = "$out" ] && [ -n "$a" ]'
run "$CLI" fit "$DATA" --y price --x lotsize --no-intercept --format csv
check "--no-intercept" '[ $rc -eq 0 ] && ! grep -q Intercept <<<"$out" && grep -q "^lotsize" <<<"$out"'
run "$CLI" fit "$DATA" --formula "price ~ lotsize" --no-intercept --format csv
check "--no-intercept with --formula" '[ "$(cut -d, -f1 <<<"$out" | tail -n +2)" = "lotsize" ]'

# ---- JSON keeps coefficients/fit and adds formula/data
run "$CLI" fit "$DATA" --formula "price ~ ." --format json
check "json exit 0" '[ $rc -eq 0 ]'
if command -v python3 >/dev/null; then
    check "json document" 'python3 -c "
import json, sys
d = json.loads(sys.stdin.read())
assert [c[\"name\"] for c in d[\"coefficients\"]][9] == \"airconyes\"
assert d[\"fit\"][\"n\"] == 546 and d[\"fit\"][\"df_resid\"] == 534
assert d[\"data\"][\"rows_read\"] == 546 and d[\"data\"][\"rows_dropped\"] == 0
assert d[\"formula\"][\"terms\"][4] == \"driveway\"
" <<<"$out"'
else
    check "json keys" 'grep -q "\"coefficients\"" <<<"$out" && grep -q "\"data\"" <<<"$out"'
fi

# ---- predict against R (95% confidence, 90% prediction)
for m in "price:price ~ ." "log_price:log(price) ~ ."; do
    id=${m%%:*}; f=${m#*:}
    run "$CLI" predict "$NEW" --train "$DATA" --formula "$f" --interval confidence --se --format csv
    check "predict $id exit 0" '[ $rc -eq 0 ]'
    echo "$out" | sed '1s/lwr/conf_lwr/; 1s/upr/conf_upr/' >"$TMP/p.csv"
    if compare_csv "$TMP/p.csv" "$FIX/${id}_predict.csv" fit se_fit conf_lwr conf_upr; then ok; else bad "predict $id confidence vs R"; fi
    run "$CLI" predict "$NEW" --train "$DATA" --formula "$f" --interval prediction --level 0.90 --format csv
    echo "$out" | sed '1s/lwr/pred90_lwr/; 1s/upr/pred90_upr/' >"$TMP/p.csv"
    if compare_csv "$TMP/p.csv" "$FIX/${id}_predict.csv" fit pred90_lwr pred90_upr; then ok; else bad "predict $id prediction vs R"; fi
done
run "$CLI" predict "$NEW" --train "$DATA" --formula "price ~ ." --interval prediction --format json
check "predict json" '[ $rc -eq 0 ] && grep -q "\"interval\":\"prediction\"" <<<"$out" && grep -q "\"row\":2" <<<"$out"'
run "$CLI" predict "$NEW" --train "$DATA" --formula "price ~ ."
check "predict text" '[ $rc -eq 0 ] && grep -q "93538.4" <<<"$out"'

# ---- missing values: dropped, reported, padded
printf 'y,x,g\n1.5,1,a\n2.5,2,b\nNA,3,a\n4.1,,b\n5.5,5,a\n6.2,6,b\n7.9,7,a\n' >"$TMP/na.csv"
run "$CLI" fit "$TMP/na.csv" --formula "y ~ x + g" --fitted "$TMP/fitted.csv"
check "na fit" '[ $rc -eq 0 ]'
check "na summary note" 'grep -q "(2 observations deleted due to missingness; missing: y 1, x 1)" <<<"$out"'
check "fitted file padded" '[ "$(sed -n 4p "$TMP/fitted.csv")" = "3,NA,NA" ] && [ "$(wc -l <"$TMP/fitted.csv")" -eq 8 ]'
run "$CLI" fit "$TMP/na.csv" --formula "y ~ x + g" --format json
check "na json" 'grep -q "\"rows_dropped\":2" <<<"$out" && grep -q "\"dropped_because\":{\"y\":1,\"x\":1}" <<<"$out" && grep -q "\"dropped_rows\":\[3,4\]" <<<"$out"'
run "$CLI" fit "$TMP/na.csv" --formula "y ~ x" --na-action fail
check "na-action fail exit 1" '[ $rc -eq 1 ] && grep -q "row 3" <<<"$err"'
printf 'y;x;g\n1,5;1;a\n2;-999;b\n3;3;a\n4;4;b\n6;5;b\n' >"$TMP/semi.csv"
run "$CLI" fit "$TMP/semi.csv" --delimiter ';' --na "NA,,-999" --formula "y ~ g" --format csv
check "delimiter and --na (y is categorical: decimal comma)" '[ $rc -eq 1 ] && grep -q "must be numeric" <<<"$err"'
run "$CLI" fit "$TMP/semi.csv" --delimiter ';' --na "NA,,-999" --formula "x ~ g" --format json
check "custom missing marker" '[ $rc -eq 0 ] && grep -q "\"rows_dropped\":1" <<<"$out"'
printf 'y,zone\n1,1\n2,2\n3,1\n5,2\n4,3\n' >"$TMP/zone.csv"
run "$CLI" fit "$TMP/zone.csv" --categorical zone --formula "y ~ zone" --format csv
check "--categorical" '[ $rc -eq 0 ] && grep -q "^zone2," <<<"$out" && grep -q "^zone3," <<<"$out"'

# ---- errors and exit codes
run "$CLI" fit "$DATA" --formula "price ~ lotsze"
check "unknown column exit 1" '[ $rc -eq 1 ] && grep -q "no column named .lotsze." <<<"$err"'
run "$CLI" fit "$DATA" --formula "price ~ (lotsize"
check "bad formula exit 1" '[ $rc -eq 1 ] && grep -q "unbalanced" <<<"$err"'
run "$CLI" fit "$DATA" --formula "price ~ log(bedrooms - 3)"
check "log of non-positive names the term" '[ $rc -eq 1 ] && grep -q "term .log(bedrooms - 3)." <<<"$err"'
run "$CLI" fit no/such.csv --formula "y ~ x"
check "missing file exit 3" '[ $rc -eq 3 ] && grep -q "no/such.csv" <<<"$err"'
printf 'a,b\n1,2\n3\n' >"$TMP/ragged.csv"
run "$CLI" fit "$TMP/ragged.csv" --formula "a ~ b"
check "ragged row exit 1 names the line" '[ $rc -eq 1 ] && grep -q "ragged.csv:3:" <<<"$err"'
printf 'a,b\n1,"2\n' >"$TMP/quote.csv"
run "$CLI" fit "$TMP/quote.csv" --formula "a ~ b"
check "unterminated quote exit 1" '[ $rc -eq 1 ] && grep -q "unterminated" <<<"$err"'
printf 'a,b\n1,2\n3,x\n' >"$TMP/text.csv"
run "$CLI" fit "$TMP/text.csv" --numeric b --formula "a ~ b"
check "forced numeric exit 1" '[ $rc -eq 1 ] && grep -q "column .b.: cannot read .x." <<<"$err"'
run "$CLI" fit "$DATA" --formula "price ~ ." --bogus
check "unknown option exit 2" '[ $rc -eq 2 ]'
run "$CLI" fit "$DATA" --formula "price ~ ." --format xml
check "bad format exit 2" '[ $rc -eq 2 ]'
run "$CLI" fit "$DATA"
check "no model exit 2" '[ $rc -eq 2 ] && grep -q "formula" <<<"$err"'
run "$CLI" fit "$DATA" --formula "price ~ ." --y price
check "formula and --y exit 2" '[ $rc -eq 2 ]'
run "$CLI" fit "$DATA" --formula "price ~ ." --level 1.5
check "bad level exit 2" '[ $rc -eq 2 ]'
run "$CLI" frobnicate
check "unknown command exit 2" '[ $rc -eq 2 ]'
run "$CLI"
check "no command exit 2" '[ $rc -eq 2 ]'
run "$CLI" fit "$DATA" --formula "price ~ ." --save "file://$TMP/no/such/dir/m.json"
check "--save into a missing directory exit 3" '[ $rc -eq 3 ]'
run "$CLI" show "$TMP/model.json"
check "show of a missing model exit 3" '[ $rc -eq 3 ] && grep -q "model.json" <<<"$err"'
run "$CLI" check "$DATA" --formula "price ~ ."
check "check runs" '[ $rc -eq 0 ] && grep -q "^== Constant variance" <<<"$out"'
run "$CLI" predict "$TMP/model.json" "$NEW"
check "predict from a missing model exit 3" '[ $rc -eq 3 ]'
run "$CLI" predict "$NEW" --formula "price ~ ."
check "predict without --train exit 2" '[ $rc -eq 2 ]'
printf 'lotsize,bedrooms,bathrooms,stories,driveway,recreation,fullbase,gasheat,aircon,garage,prefer\n6000,3,2,2,maybe,no,yes,no,yes,1,no\n' >"$TMP/newlevel.csv"
run "$CLI" predict "$TMP/newlevel.csv" --train "$DATA" --formula "price ~ ."
check "new level exit 1" '[ $rc -eq 1 ] && grep -q "new level .maybe." <<<"$err"'

# ---- help texts
for c in fit predict show check models; do
    run "$CLI" "$c" --help
    check "$c --help" '[ $rc -eq 0 ] && grep -q "usage: linreg $c" <<<"$out"'
    run "$CLI" help "$c"
    check "help $c" '[ $rc -eq 0 ] && grep -q "usage: linreg $c" <<<"$out"'
done
run "$CLI" fit --help
check "fit help has examples" 'grep -q "examples:" <<<"$out" && grep -q -- "--formula" <<<"$out"'
run "$CLI" --help
check "main help lists exit status" '[ $rc -eq 0 ] && grep -q "exit status" <<<"$out"'
run "$CLI" version
check "version" '[ $rc -eq 0 ] && grep -q "^linreg [0-9]" <<<"$out"'

echo "RESULT $pass $fail test_cli"
