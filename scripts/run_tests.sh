#!/usr/bin/env bash
# Runs every test program given as an argument, then the CLI and other
# script tests, and ends with one line "N passed, N failed".
# Each C test prints "RESULT <passed> <failed> <name>"; a test program that
# crashes or prints no RESULT line counts as one failure.
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
log_dir=${BUILD:-build/rel}/test-logs
mkdir -p "$log_dir"

run_one() {
    local name=$1; shift
    local log="$log_dir/$name.log"
    "$@" >"$log" 2>&1
    local rc=$?
    local line
    line=$(grep '^RESULT ' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL $name: exited with status $rc and no RESULT line (log: $log)"
        tail -n 20 "$log"
        failed=$((failed + 1))
        return
    fi
    local p f
    p=$(echo "$line" | awk '{print $2}')
    f=$(echo "$line" | awk '{print $3}')
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ] || [ "$rc" -ne 0 ]; then
        grep '^FAIL' "$log" | head -n 30
        [ "$f" -eq 0 ] && { echo "FAIL $name: exit status $rc (log: $log)"; failed=$((failed + 1)); }
    fi
    printf '%-28s %5d passed, %d failed\n' "$name" "$p" "$f"
}

for t in "$@"; do
    run_one "$(basename "$t")" "$t"
done
for s in tests/scripts/test_*.sh; do
    [ -e "$s" ] || continue
    run_one "$(basename "$s" .sh)" bash "$s"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
