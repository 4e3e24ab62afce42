#!/usr/bin/env bash
# CI setup for the S3 tests (tests/scripts/test_s3.sh): node and npm from
# Debian when missing, then s3rver 3.7.1 (pinned by tests/s3/package-lock.json)
# into the git-ignored tests/s3/node_modules. The fuzz test needs clang with
# its libFuzzer runtime; it is installed here too so CI runs the fuzzer
# (tests/scripts/test_fuzz.sh skips with a message without it).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive
need=()
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v clang >/dev/null 2>&1 || need+=(clang)
dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed" ||
    need+=(libclang-rt-14-dev)
if [ "${#need[@]}" -gt 0 ]; then
    echo "s3rver setup: installing ${need[*]}"
    apt-get install -y -q "${need[@]}" >/dev/null 2>&1 || {
        apt-get update -q >/dev/null
        apt-get install -y -q "${need[@]}"
    }
fi
if [ ! -d tests/s3/node_modules/s3rver ]; then
    npm ci --prefix tests/s3 --no-audit --no-fund
fi
node -e "console.log('s3rver', require('./tests/s3/node_modules/s3rver/package.json').version)"
