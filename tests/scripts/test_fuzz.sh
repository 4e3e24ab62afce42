#!/usr/bin/env bash
# Fuzzes the model-document reader (tests/fuzz/fuzz_model_json.c) with
# libFuzzer + ASan + UBSan for a bounded time: LR_FUZZ_SECONDS, default 60
# in CI and 15 elsewhere. Skips (counted neither passed nor failed) when
# clang or its fuzzer runtime is missing, and in the SANITIZE=1 run (the
# fuzzer build is already sanitized). Prints "RESULT <passed> <failed> fuzz".
set -u
cd "$(dirname "$0")/../.."
build=${BUILD:-build/rel}
skip() { echo "SKIP fuzz: $*"; echo "RESULT 0 0 fuzz"; exit 0; }
case "$build" in *san*) skip "runs once, in the plain 'make test' (the fuzzer build is sanitized itself)";; esac
command -v clang >/dev/null 2>&1 || skip "clang is not installed (Debian: apt-get install clang)"
out=$build/fuzz
mkdir -p "$out"
probe=$out/probe.c
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' > "$probe"
if ! clang -fsanitize=fuzzer "$probe" -o "$out/probe" >/dev/null 2>&1; then
    skip "clang's libFuzzer runtime is missing (Debian: apt-get install libclang-rt-14-dev)"
fi
srcs=$(find src -name '*.c' -not -path 'src/cli/*' -not -path 'src/s3/*' | sort)
# shellcheck disable=SC2086
if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude tests/fuzz/fuzz_model_json.c $srcs \
        -o "$out/fuzz_model_json" -llapacke -lopenblas -lgsl -lcjson -lm -lpthread \
        >"$out/build.log" 2>&1; then
    cat "$out/build.log"
    echo "FAIL fuzz: the fuzz target does not build"
    echo "RESULT 0 1 fuzz"
    exit 1
fi
seconds=${LR_FUZZ_SECONDS:-$([ -n "${CI:-}" ] && echo 60 || echo 15)}
corpus=$(mktemp -d "${TMPDIR:-/tmp}/lr_fuzz_corpus.XXXXXX")
trap 'rm -rf "$corpus"' EXIT
cp tests/fuzz/seed/*.json "$corpus/"
echo "fuzzing the model-document reader for ${seconds}s (seed corpus tests/fuzz/seed)"
if "$out/fuzz_model_json" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=16384 -dict=tests/fuzz/model.dict -artifact_prefix="$out/" -print_final_stats=1 \
        "$corpus" >"$out/fuzz.log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$out/fuzz.log"
    echo "PASS fuzz: no crash, leak or sanitizer report in ${seconds}s"
    echo "RESULT 1 0 fuzz"
else
    tail -n 40 "$out/fuzz.log"
    echo "FAIL fuzz: a crashing input was saved under $out/ (see $out/fuzz.log)"
    echo "RESULT 0 1 fuzz"
    exit 1
fi
