#!/usr/bin/env bash
# Installs what building and testing the project needs, from Debian packages only.
# Idempotent and quiet: packages already present are skipped, and when nothing is missing apt is
# not touched at all (no `apt-get update`). Non-interactive; uses sudo when not root.
#   bash tests/install-deps.sh            everything the full test run needs
#   bash tests/install-deps.sh --native   only the native build (cmake, g++, libraries)
#   bash tests/install-deps.sh --demo     the native build and Emscripten (what demo/run.sh builds)
set -euo pipefail

# postgresql: the server the HTTP suite also runs against (tests/server/with-postgres.sh).
# libjemalloc-dev: loyalty-server's allocator (demo/server/CMakeLists.txt).
native=(cmake g++ nlohmann-json3-dev doctest-dev libcli11-dev libcpp-httplib-dev libssl-dev zlib1g-dev
        libsqlite3-dev libpq-dev postgresql libbenchmark-dev libjemalloc-dev)
full=(clang-14 libclang-rt-14-dev clang-format-14 emscripten chromium)

wanted=("${native[@]}")
case "${1:-}" in
    --native) ;;
    --demo) wanted+=(emscripten) ;;
    "") wanted+=("${full[@]}") ;;
    *) echo "usage: bash tests/install-deps.sh [--native | --demo]" >&2; exit 2 ;;
esac

# node and npm often come from outside Debian (nodesource, nvm); a working command is enough,
# and installing Debian's nodejs/npm over another node would fight it.
command -v node >/dev/null || wanted+=(nodejs)
command -v npm >/dev/null || wanted+=(npm)

installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == "installed" ]]
}

missing=()
for package in "${wanted[@]}"; do
    installed "$package" || missing+=("$package")
done
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "deps: all ${#wanted[@]} packages present"
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for package in "${missing[@]}"; do
    installed "$package" || { echo "deps: $package did not install" >&2; exit 1; }
done
echo "deps: installed ${#missing[@]} packages"
