#!/usr/bin/env bash
# THE test command (README, .ci/run): every check the project has, one summary at the end.
#   bash tests/run-all.sh
# Stages: deps (Debian packages), format (C++ sources follow .clang-format), native (Release
# build + ctest), asan (ASan+UBSan build + ctest),
# wasm (the core compiled by Debian's em++ as a portability check), fuzz (each libFuzzer target
# briefly), js (npm ci, npm run build:wasm, npm test and the browser tests, when a package.json
# exists), demo (`demo/run.sh --check`: the README's first command starts and answers).
# Every stage runs even after one fails; the exit status is non-zero when any failed.
# Environment:
#   LOYALTY_BUILD_PREFIX  build dirs are <prefix>, <prefix>-asan, -wasmcheck, -fuzz
#                         (default build-ci)
#   LOYALTY_FUZZ_SECONDS  seconds per fuzz target (default 20)
#   LOYALTY_SKIP          comma-separated stages to skip, e.g. "deps,fuzz"
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
prefix="${LOYALTY_BUILD_PREFIX:-$root/build-ci}"
fuzz_seconds="${LOYALTY_FUZZ_SECONDS:-20}"
skip=",${LOYALTY_SKIP:-},"
jobs=2
export NODE_PATH=/usr/share/nodejs  # emscripten's node helpers (acorn) live there on Debian
export LOYALTY_BUILD_PREFIX="$prefix"

stage_deps() {
    bash tests/install-deps.sh
}

stage_format() {
    bash tests/format-check.sh
}

# Optional parts of the tree are built as soon as they exist, so they cannot rot unnoticed:
# the reference server (and its tests) in both builds, the benchmarks in the native one only.
optional_parts() {
    [[ -f demo/CMakeLists.txt ]] && echo "-DLOYALTY_BUILD_SERVER=ON"
    [[ "${1:-}" == native && -f tests/bench/CMakeLists.txt ]] && echo "-DLOYALTY_BUILD_BENCH=ON"
    true
}

stage_native() {
    cmake -S . -B "$prefix" -DCMAKE_BUILD_TYPE=Release $(optional_parts native) &&
        cmake --build "$prefix" -j"$jobs" &&
        ctest --test-dir "$prefix" -j"$jobs" --output-on-failure --timeout 900
}

stage_asan() {
    cmake -S . -B "$prefix-asan" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
        -DLOYALTY_SANITIZE=ON $(optional_parts asan) &&
        cmake --build "$prefix-asan" -j"$jobs" &&
        ASAN_OPTIONS=detect_leaks=1 ctest --test-dir "$prefix-asan" -j"$jobs" --output-on-failure --timeout 1800
}

stage_wasm() {
    # A real emcmake build of the core library (compile + archive), warnings as errors, with
    # clang 14 and libc++ 14 as the browser build uses them; then the CLI sources (the rest of
    # core/), syntax only, since the CLI is a native tool that is never linked for the browser.
    command -v emcmake >/dev/null || { echo "emcmake not found (package emscripten)"; return 1; }
    local dir="$prefix-wasmcheck"
    # Configured as web/build.sh configures its build, so the js stage reuses these objects.
    emcmake cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" \
        >/dev/null &&
        cmake --build "$dir" --target loyalty_core -j"$jobs" || return 1
    # Only these two libraries may reach the compile line: all of /usr/include would bring glibc.
    mkdir -p "$dir/cli-shim"
    ln -sfn /usr/include/CLI "$dir/cli-shim/CLI"
    ln -sfn /usr/include/nlohmann "$dir/cli-shim/nlohmann"
    printf '%s\n' core/cli/*.cpp | xargs -P "$jobs" -I{} em++ -std=c++20 -fsyntax-only \
        -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Werror \
        -I core/include -isystem "$dir/cli-shim" {} &&
        echo "em++: core/cli/*.cpp compile"
}

stage_fuzz() {
    bash tests/fuzz/run.sh "$fuzz_seconds" "$prefix-fuzz"
}

has_npm_script() {
    node -e "process.exit(require('./package.json').scripts?.['$1'] ? 0 : 1)"
}

stage_js() {
    # Whatever package.json declares: npm ci, the builds the JS tests load (build:wasm), npm test,
    # and the browser tests (test:e2e) when tests/e2e exists.
    if [[ ! -f package.json ]]; then
        echo "no package.json: nothing to run"
        return 0
    fi
    npm ci --no-audit --no-fund || return 1
    # build:wasm builds the modules, the widget and the calculator page (web/build.sh); the
    # calculator's sample CSV comes from the CLI the native stage built.
    if has_npm_script build:wasm; then
        LOYALTY_WASM_BUILD_DIR="$prefix-wasmcheck" LOYALTY_CLI="$prefix/core/cli/loyalty" \
            npm run build:wasm || return 1
    fi
    npm test || return 1
    if [[ -d tests/e2e ]] && has_npm_script test:e2e; then
        # The shop test drives the reference server built by the native stage.
        [[ -x "$prefix/demo/server/loyalty-server" ]] &&
            export LOYALTY_SERVER="$prefix/demo/server/loyalty-server"
        npm run test:e2e || return 1
    fi
}

stage_demo() {
    # The README's first command in its --check mode, on the builds the stages above made: it
    # starts the demo shop's server on a free port, requests every page and API, and stops.
    LOYALTY_DEMO_BUILD_DIR="$prefix" LOYALTY_WASM_BUILD_DIR="$prefix-wasmcheck" bash demo/run.sh --check
}

names=()
results=()
times=()
failed=0
run_stage() {
    local name="$1"
    if [[ "$skip" == *",$name,"* ]]; then
        names+=("$name"); results+=("SKIP"); times+=("-")
        return
    fi
    echo
    echo "=== [$name] $(date '+%H:%M:%S') ==="
    local start=$SECONDS rc
    ( set -o pipefail; "stage_$name" )
    rc=$?
    names+=("$name")
    times+=("$((SECONDS - start))s")
    if [[ $rc -eq 0 ]]; then
        results+=("PASS")
    else
        results+=("FAIL (exit $rc)")
        failed=1
    fi
    echo "=== [$name] ${results[-1]} in ${times[-1]} ==="
}

total_start=$SECONDS
for stage in deps format native asan wasm fuzz js demo; do
    run_stage "$stage"
done

echo
echo "=== summary ==="
for i in "${!names[@]}"; do
    printf '  %-8s %-16s %s\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
done
printf '  %-8s %-16s %s\n' "total" "$([[ $failed -eq 0 ]] && echo PASS || echo FAIL)" \
    "$((SECONDS - total_start))s"
exit "$failed"
