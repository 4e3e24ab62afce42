#!/usr/bin/env bash
# S3 module tests against a real S3-compatible server on 127.0.0.1:
# s3rver 3.7.1 (npm, installed into tests/s3/node_modules) behind the
# verifying front end tests/s3/harness.js, which checks the SigV4 signature,
# payload hash and checksums of every request, honours If-None-Match and
# injects faults. Runs the harness self-test against the example signature
# AWS publishes, then the C test program (built by make: $BUILD/tests/s3/test_s3),
# the CLI, and the Python binding (python/tests/test_s3_store.py through
# tests/scripts/test_python.sh, so it runs against the same build).
# Skips (counted neither passed nor failed) only when node is missing.
# Prints "RESULT <passed> <failed> s3".
set -u
cd "$(dirname "$0")/../.."
build=${BUILD:-build/rel}
name=s3
if ! command -v node >/dev/null 2>&1; then
    echo "SKIP $name: node is not installed, so the S3 tests cannot start s3rver" \
         "(Debian: apt-get install nodejs npm; CI does this in .ci/setup.d/s3rver.sh)"
    echo "RESULT 0 0 $name"
    exit 0
fi
fail() { echo "FAIL $name: $*"; echo "RESULT 0 1 $name"; exit 1; }
if [ ! -d tests/s3/node_modules/s3rver ]; then
    command -v npm >/dev/null 2>&1 || fail "s3rver is not installed and npm is missing (apt-get install npm)"
    echo "installing s3rver 3.7.1 into tests/s3/node_modules"
    npm ci --prefix tests/s3 --no-audit --no-fund >/dev/null 2>&1 ||
        npm install --prefix tests/s3 --no-audit --no-fund s3rver@3.7.1 >/dev/null 2>&1 ||
        fail "cannot install s3rver with npm"
fi
test_bin=$build/tests/s3/test_s3
[ -x "$test_bin" ] || fail "$test_bin is not built (run make test)"

passed=0
failed=0
# 1. the front end's SigV4 code against the published AWS example
if out=$(node tests/s3/harness.js --self-test 2>&1); then :; fi
echo "$out"
line=$(echo "$out" | grep '^RESULT ' | tail -n 1)
if [ -n "$line" ]; then
    passed=$((passed + $(echo "$line" | awk '{print $2}')))
    failed=$((failed + $(echo "$line" | awk '{print $3}')))
else
    failed=$((failed + 1))
fi

# 2. the server and the C tests
work=$(mktemp -d "${TMPDIR:-/tmp}/lr_s3.XXXXXX")
log=$work/harness.log
NODE_OPTIONS=--openssl-legacy-provider node tests/s3/harness.js --dir "$work/data" \
    --session-token TOKEN-123 --list-page-size 7 >"$log" 2>&1 &
harness=$!
cleanup() {
    kill "$harness" 2>/dev/null
    wait "$harness" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
    grep -q '^READY ' "$log" 2>/dev/null && break
    kill -0 "$harness" 2>/dev/null || break
    sleep 0.1
done
ready=$(grep '^READY ' "$log" | head -n 1)
if [ -z "$ready" ]; then
    cat "$log"
    echo "FAIL $name: the S3 harness did not start"
    echo "RESULT $passed $((failed + 1)) $name"
    exit 1
fi
port=$(echo "$ready" | awk '{print $2}')
cport=$(echo "$ready" | awk '{print $3}')
echo "s3rver behind the verifying front end on 127.0.0.1:$port (control $cport)"
LR_S3_TEST_ENDPOINT=http://127.0.0.1:$port LR_S3_TEST_CONTROL=http://127.0.0.1:$cport \
    timeout 600 "$test_bin" >"$work/test.log" 2>&1
rc=$?
cat "$work/test.log"
line=$(grep '^RESULT ' "$work/test.log" | tail -n 1)
if [ -n "$line" ]; then
    passed=$((passed + $(echo "$line" | awk '{print $2}')))
    failed=$((failed + $(echo "$line" | awk '{print $3}')))
    [ "$rc" -ne 0 ] && [ "$(echo "$line" | awk '{print $3}')" -eq 0 ] && failed=$((failed + 1))
else
    echo "FAIL $name: test_s3 exited with status $rc and no RESULT line"
    failed=$((failed + 1))
fi
# 3. the CLI against the same server: fit --save, predict, show, models
cli=${CLI:-bin/linreg}
if [ -x "$cli" ]; then
    cli_check() { # description, command...
        local what=$1; shift
        if "$@" >"$work/cli.out" 2>"$work/cli.err"; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            echo "FAIL $name: CLI $what: $(cat "$work/cli.err")"
        fi
    }
    export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1 \
        AWS_ENDPOINT_URL=http://127.0.0.1:$port
    unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL_S3
    url=s3://linreg-test/cli/house-$$.json
    data=examples/data/house_prices_windsor.csv
    cli_check "fit --save $url" "$cli" fit "$data" --formula "log(price) ~ ." --save "$url"
    cli_check "fit --save (file)" "$cli" fit "$data" --formula "log(price) ~ ." --save "$work/house.json"
    cli_check "predict from S3" "$cli" predict "$url" examples/data/new_house.csv --interval prediction --format csv
    cp "$work/cli.out" "$work/from_s3.csv"
    cli_check "predict from the file" "$cli" predict "$work/house.json" examples/data/new_house.csv --interval prediction --format csv
    if cmp -s "$work/cli.out" "$work/from_s3.csv"; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL $name: the model from S3 predicts differently from the file"; fi
    cli_check "show --format json" "$cli" show "$url" --format json
    if grep -q '"schema":' "$work/cli.out" && grep -q '"checksum":' "$work/cli.out"; then
        passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name: show --format json"; fi
    cli_check "models" "$cli" models s3://linreg-test/cli/
    if grep -q "house-$$.json" "$work/cli.out"; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL $name: models does not list the saved model"; fi
    "$cli" fit "$data" --formula "price ~ ." --save "$url" >/dev/null 2>"$work/cli.err"
    if [ $? -eq 3 ]; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL $name: CLI overwrote an existing S3 model without --overwrite"; fi
    AWS_SECRET_ACCESS_KEY=wrong "$cli" show "$url" >/dev/null 2>"$work/cli.err"
    rc=$?
    if [ $rc -eq 5 ] && grep -q "403" "$work/cli.err" && ! grep -q "wrong" "$work/cli.err"; then
        passed=$((passed + 1)); else failed=$((failed + 1));
        echo "FAIL $name: a wrong secret must exit 5 with the HTTP status and no secret ($rc: $(cat "$work/cli.err"))"; fi
else
    echo "FAIL $name: the CLI $cli is not built"
    failed=$((failed + 1))
fi

# 4. the Python binding against the same server: save the Windsor model to
# s3://, load it back, predict bit-identically (python/tests/test_s3_store.py)
if command -v python3 >/dev/null 2>&1; then
    env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_ENDPOINT_URL_S3 \
        AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1 \
        AWS_ENDPOINT_URL=http://127.0.0.1:$port LINREG_TEST_S3_ENDPOINT=http://127.0.0.1:$port \
        timeout 600 bash tests/scripts/test_python.sh test_s3_store.py >"$work/py.log" 2>&1
    rc=$?
    grep -E '^(FAIL|SKIP|python)|\.\.\. ' "$work/py.log"
    line=$(grep '^RESULT ' "$work/py.log" | tail -n 1)
    if [ -n "$line" ] && [ "$(echo "$line" | awk '{print $2}')" -gt 0 ]; then
        passed=$((passed + $(echo "$line" | awk '{print $2}')))
        failed=$((failed + $(echo "$line" | awk '{print $3}')))
        [ "$rc" -ne 0 ] && [ "$(echo "$line" | awk '{print $3}')" -eq 0 ] && failed=$((failed + 1))
        if grep -q '^SKIP test_s3_store' "$work/py.log"; then
            echo "FAIL $name: Python S3 tests were skipped although the server runs"
            failed=$((failed + 1))
        fi
    else
        cat "$work/py.log"
        echo "FAIL $name: the Python S3 tests did not run (status $rc)"
        failed=$((failed + 1))
    fi
else
    echo "FAIL $name: no python3 for the Python S3 tests"
    failed=$((failed + 1))
fi

echo "RESULT $passed $failed $name"
[ "$failed" -eq 0 ]
