#!/usr/bin/env bash
# Runs the Python binding's unittest suite (python/tests, stdlib only) with
# the python3 on PATH against the shared library just built, and ends with
# the line "RESULT <passed> <failed> test_python" (printed by
# python/tests/run.py from unittest's result object). An argument is a file
# pattern for run.py (test_s3.sh runs "test_s3_store.py" this way).
# Under `make test SANITIZE=1` the library is build/san/lib/liblinreg.so
# (SHLIB_DIR), linked with ASan/UBSan: the ASan runtime is preloaded into
# Python, LeakSanitizer is off (the interpreter itself keeps memory until
# exit; the suite has its own leak test) and the RSS leak test is skipped.
set -u
cd "$(dirname "$0")/../.."
name=test_python

fail() {
    echo "FAIL $name: $*"
    echo "RESULT 0 1 $name"
    exit 1
}

py=$(command -v python3) || fail "no python3 on PATH"
lib="${SHLIB_DIR:-lib}/liblinreg.so"
[ -e "$lib" ] || fail "$lib does not exist (run make)"
export LINREG_LIBRARY="$PWD/$lib"

if command -v ldd >/dev/null && ldd "$lib" 2>/dev/null | grep -q 'libasan'; then
    asan=$(ldd "$lib" | awk '/libasan/ {print $3; exit}')
    [ -e "$asan" ] || fail "cannot find the ASan runtime $lib needs"
    export LD_PRELOAD="$asan${LD_PRELOAD:+:$LD_PRELOAD}"
    export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    export LINREG_TEST_SANITIZED=1
fi

echo "python: $py ($("$py" --version 2>&1)), library: $LINREG_LIBRARY"
"$py" python/tests/run.py "$@"
