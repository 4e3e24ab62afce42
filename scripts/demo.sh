#!/usr/bin/env bash
# The house-price demo: fit sale prices of 546 houses (Windsor, Ontario,
# 1987) with the CLI and print R's summary layout.
# The core reader takes numeric columns only, so this first demo keeps the
# numeric features; categorical features come with the formula layer.
set -euo pipefail
cd "$(dirname "$0")/.."
data=examples/data/house_prices_windsor.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cut -d, -f1-5,11 "$data" >"$tmp/numeric.csv"
echo "== linreg fit $data (numeric features) --y price"
bin/linreg fit "$tmp/numeric.csv" --y price
echo
echo "== the same as JSON"
bin/linreg fit "$tmp/numeric.csv" --y price --format json
