#!/usr/bin/env bash
# The Windsor house prices with the command-line tool (see examples/README.md):
# fit price ~ . and log(price) ~ ., check the assumptions,
# predict a new house with a prediction interval, and the synthetic
# heteroscedastic houses. Run from the repository root after 'make':
#   examples/house_prices.sh [path/to/linreg]
set -euo pipefail
cd "$(dirname "$0")/.."
LINREG=${1:-bin/linreg}
DATA=examples/data/house_prices_windsor.csv
NEW=examples/data/new_house.csv

echo "=== Model 1: price on every feature ==="
echo "\$ linreg fit $DATA --formula \"price ~ .\""
"$LINREG" fit "$DATA" --formula "price ~ ."

echo
echo "=== Model 2: log(price): coefficients are relative effects ==="
echo "\$ linreg fit $DATA --formula \"log(price) ~ .\" --format csv"
"$LINREG" fit "$DATA" --formula "log(price) ~ ." --format csv

echo
echo "=== Assumption check: verdicts, plain sentences, remedies applied ==="
echo "\$ linreg check $DATA --formula \"price ~ .\""
"$LINREG" check "$DATA" --formula "price ~ ." | sed -n '/^== /,$p'

echo
echo "=== Predicted prices of new houses, 95% prediction intervals ==="
echo "\$ linreg predict $NEW --train $DATA --formula \"price ~ .\" --interval prediction"
"$LINREG" predict "$NEW" --train "$DATA" --formula "price ~ ." --interval prediction

SIM=${SIMULATE:-build/examples/simulate_houses}
if [ -x "$SIM" ]; then
    echo
    echo "=== Synthetic houses: the price spread grows with the living area ==="
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    "$SIM" houses 400 7 >"$tmp/houses.csv"
    echo "\$ simulate_houses houses 400 7 > houses.csv; linreg fit houses.csv --formula \"price ~ area\""
    "$LINREG" fit "$tmp/houses.csv" --formula "price ~ area" --fitted "$tmp/fitted.csv"
    echo "Residual spread by living area (|residual| grows with size: heteroscedasticity):"
    paste -d, "$tmp/houses.csv" "$tmp/fitted.csv" | awk -F, 'NR > 1 {
        b = $1 < 127 ? 1 : $1 < 213 ? 2 : 3; s[b] += ($5 < 0 ? -$5 : $5); n[b]++ }
        END { printf "  area  40-127 m2: mean |residual| %8.0f\n", s[1] / n[1]
              printf "  area 127-213 m2: mean |residual| %8.0f\n", s[2] / n[2]
              printf "  area 213-300 m2: mean |residual| %8.0f\n", s[3] / n[3] }'
fi
