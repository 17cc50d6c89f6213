#!/usr/bin/env bash
# Import + metrics speed of the core, robust to a shared machine: runs bench_metrics' one-million
# order benchmark in several rounds (each a few repetitions) and reports the fastest, the 25th
# percentile and the median repetition, as CPU ms and orders per second. Neighbours on a shared
# host slow some repetitions down (up to 1.8x within a minute for one binary) and never speed
# one up, so the fastest is the closest to the code's own cost and the median says how it
# fares under the load of the moment. Given two or more binaries (a baseline build first), the
# rounds alternate between them, so each sees the same neighbours.
#
#   bash tests/bench/core_speed.sh [--rounds N] [--filter REGEX] [BENCH_BINARY ...]
#
# Default binary: build-ci/tests/bench/bench_metrics (cmake -DLOYALTY_BUILD_BENCH=ON).
set -euo pipefail

rounds=8
filter='BM_CsvImportAndMetrics$'
binaries=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --filter) filter="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) binaries+=("$1"); shift ;;
    esac
done
root="$(cd "$(dirname "$0")/../.." && pwd)"
[[ ${#binaries[@]} -eq 0 ]] && binaries=("$root/build-ci/tests/bench/bench_metrics")
for b in "${binaries[@]}"; do
    [[ -x "$b" ]] || { echo "core_speed: $b is not an executable (build it with -DLOYALTY_BUILD_BENCH=ON)" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= rounds; ++r)); do
    for i in "${!binaries[@]}"; do
        # Per repetition: the CPU time column (ms) of the benchmark's own rows, not the aggregates.
        "${binaries[$i]}" --benchmark_filter="$filter" --benchmark_repetitions=3 \
            --benchmark_min_time=0.3 2>/dev/null |
            awk '$1 !~ /_(mean|median|stddev|cv)$/ && $3 == "ms" && $5 == "ms" { print $1, $4 }' \
                >> "$work/$i"
    done
done
echo "load average at end:   $(cut -d' ' -f1-3 /proc/loadavg)"
for i in "${!binaries[@]}"; do
    echo "${binaries[$i]}:"
    sort -k1,1 -k2,2n "$work/$i" | awk '
        # Every benchmark but the status one processes one million orders.
        function rate(ms) { return name ~ /Status/ ? "" : sprintf(" (%.2f M orders/s)", 1000 / ms) }
        function report(name, n) {
            printf "  %-28s %3d runs  fastest %7.1f ms%s  p25 %7.1f ms  median %7.1f ms%s\n",
                name, n, t[1], rate(t[1]), t[int(n / 4) + 1], t[int(n / 2) + 1], rate(t[int(n / 2) + 1])
        }
        $1 != name { if (n) report(name, n); name = $1; n = 0 }
        { t[++n] = $2 }
        END { if (n) report(name, n) }'
done
