#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan+UBSan) and runs each for a while.
#   bash tests/fuzz/run.sh [seconds-per-target] [build-dir]
# Defaults: 20 seconds (CI), build dir build-fuzz (or $LOYALTY_FUZZ_BUILD_DIR). Run longer by hand:
#   bash tests/fuzz/run.sh 600
# A crashing, leaking or contract-breaking input is saved as tests/artifacts/fuzz/<target>-crash-*
# (or -leak-, -timeout-, -oom-) and the script exits 1; turn each such input into a vector.
# The corpus each target grows is kept in <build-dir>/fuzz-corpus/<target> between runs.
set -euo pipefail

seconds="${1:-20}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${2:-${LOYALTY_FUZZ_BUILD_DIR:-$root/build-fuzz}}"
cxx="${LOYALTY_FUZZ_CXX:-clang++-14}"
artifacts="$root/tests/artifacts/fuzz"

if ! command -v "$cxx" >/dev/null; then
    echo "fuzz: $cxx not found (bash tests/install-deps.sh installs clang-14)" >&2
    exit 1
fi
if [[ ! -f "$build/CMakeCache.txt" ]]; then
    CXX="$cxx" cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DLOYALTY_FUZZ=ON -DLOYALTY_BUILD_TESTS=OFF -DLOYALTY_BUILD_CLI=OFF >/dev/null
fi
cmake --build "$build" --target fuzz -j2

rm -rf "$build/fuzz-seeds"
"$build/tests/fuzz/loyalty_fuzz_seeds" "$root" "$build/fuzz-seeds"
mkdir -p "$artifacts" "$build/fuzz-logs"

failed=0
ran=0
for target in "$build"/tests/fuzz/fuzz_*; do
    [[ -x "$target" && -f "$target" ]] || continue
    name="$(basename "$target")"
    corpus="$build/fuzz-corpus/$name"
    seeds="$build/fuzz-seeds/$name"
    log="$build/fuzz-logs/$name.log"
    mkdir -p "$corpus" "$seeds"
    ran=$((ran + 1))
    set +e
    "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$artifacts/$name-" "$corpus" "$seeds" >"$log" 2>&1
    rc=$?
    set -e
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)"
    corpus_size="$(find "$corpus" -type f | wc -l)"
    if [[ $rc -eq 0 ]]; then
        echo "fuzz: $name ok: ${runs:-?} inputs in ${seconds}s, corpus $corpus_size files"
    else
        failed=1
        echo "fuzz: $name FAILED (exit $rc); last lines of $log:" >&2
        tail -n 40 "$log" >&2
        for input in $(grep -o "$artifacts/$name-[a-z]*-[0-9a-f]*" "$log" | sort -u); do
            echo "fuzz: input saved: $input" >&2
            echo "fuzz: reproduce:   $target $input" >&2
        done
    fi
done

if [[ $ran -eq 0 ]]; then
    echo "fuzz: no fuzz_* targets were built in $build/tests/fuzz" >&2
    exit 1
fi
exit "$failed"
