#!/usr/bin/env bash
# Installs (or checks) the Debian packages linreg needs to build and test.
#   deps.sh --install            install whatever is missing (apt-get; root or sudo)
#   deps.sh --check-or-install   silent when everything is there, else install
set -euo pipefail

PACKAGES=(gcc make pkg-config libopenblas-dev liblapacke-dev libgsl-dev libcurl4-openssl-dev
          libcjson-dev python3)

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    [ "${1:-}" = "--install" ] && echo "deps: all build packages are installed (${PACKAGES[*]})"
    exit 0
fi

echo "deps: missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
else
    echo "deps: cannot install them without root. Run:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "deps: installing with apt-get: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; then
    echo "deps: refreshing the package lists (apt-get update)"
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q "${missing[@]}"
fi
echo "deps: done"
