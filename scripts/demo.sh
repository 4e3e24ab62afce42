#!/usr/bin/env bash
# make demo: builds the examples against the freshly built library and runs
# the house-price example end to end on the bundled Windsor data, first
# with the C API, then with the command-line tool. No network, no set-up
# beyond 'make' (called by the Makefile's demo target).
set -euo pipefail
cd "$(dirname "$0")/.."
CC=${CC:-cc}
LIBS="-llapacke -lopenblas -lgsl -lcjson -lm -lpthread"
mkdir -p build/examples
for ex in house_prices simulate_houses; do
    $CC -Iinclude -Wall -Wextra -std=c11 -O2 -o "build/examples/$ex" "examples/$ex.c" lib/liblinreg.a $LIBS
done
echo "################ The Windsor house prices with the C API (examples/house_prices.c)"
build/examples/house_prices examples/data/house_prices_windsor.csv
echo
echo "################ The same with the command-line tool (examples/house_prices.sh)"
SIMULATE=build/examples/simulate_houses examples/house_prices.sh bin/linreg
if command -v python3 >/dev/null 2>&1; then
    echo
    echo "################ The same from Python (examples/house_prices.py)"
    env -u AWS_ENDPOINT_URL -u AWS_ACCESS_KEY_ID -u AWS_PROFILE python3 examples/house_prices.py  # no network
fi
