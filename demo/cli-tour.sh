#!/usr/bin/env bash
# A tour of the `loyalty` CLI: builds it and runs every operation on the examples in
# demo/examples (a Russian book shop's program, three customers, a generated order history).
#   bash demo/cli-tour.sh
# Build dir: build-demo (or $LOYALTY_DEMO_BUILD_DIR). Needs cmake, g++ and the Debian -dev
# packages; `bash tests/install-deps.sh --native` installs them when missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LOYALTY_DEMO_BUILD_DIR:-$root/build-demo}"
examples="$root/demo/examples"
cd "$root"

bash tests/install-deps.sh --native
if [[ -f "$build/CMakeCache.txt" ]]; then
    cmake -S . -B "$build" >/dev/null  # an existing build keeps its own settings
else
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DLOYALTY_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target loyalty -j2 >/dev/null
loyalty="$build/core/cli/loyalty"

# show <title> <max-lines> <command...>: prints the command, then at most max-lines of output.
# $shown_as, when set, is printed instead of the command (for a command piped into a filter).
show() {
    local title="$1" max="$2" output lines rc
    shift 2
    local shown="${shown_as:-$*}"
    shown_as=""
    shown="${shown//$root\//}"
    shown="${shown//$tmp\//\$tmp/}"
    printf '\n\033[1m== %s\033[0m\n$ %s\n' "$title" "$shown"
    set +e
    output="$("$@")"
    rc=$?
    set -e
    lines="$(printf '%s\n' "$output" | wc -l)"
    printf '%s\n' "$output" | head -n "$max"
    if ((lines > max)); then echo "  ... ($((lines - max)) more lines)"; fi
    echo "(exit code $rc)"
}

# A request document from parts: {"customer": <file>, ...extra members}.
customer_request() {
    printf '{"customer": %s%s}' "$(cat "$1")" "${2:+, $2}"
}
shown_as=""
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
now="2026-11-28T15:00:00+03:00"  # Black Friday weekend in the example program

show "1. Validate the example program" 12 \
    "$loyalty" validate "$examples/program.json" --pretty

customer_request "$examples/customers/anna.json" '"history_limit": 3' >"$tmp/anna-status.json"
show "2. Anna's status on $now (balance, expiring points, tier, last 3 events)" 40 \
    "$loyalty" status "$tmp/anna-status.json" --program "$examples/program.json" --now "$now" --pretty

customer_request "$examples/customers/anna.json" \
    '"cart": {"lines": [{"sku": "book-dostoevsky", "category": "books", "price": 120000, "quantity": 2}, {"sku": "gift-card-1000", "category": "gift-cards", "price": 100000}], "shipping": 29900}' \
    >"$tmp/anna-cart.json"
show "3. What Anna's cart earns during the Black Friday campaign, and what she can redeem" 60 \
    "$loyalty" preview "$tmp/anna-cart.json" --program "$examples/program.json" --now "$now" --pretty

printf '{"survey_id": "nps-2026", "visitor": {"id": "v-42", "first_visit": "2026-10-01T10:00:00+03:00", "visits": 5, "last_shown": "2026-11-25T10:00:00+03:00"}}' \
    >"$tmp/visitor.json"
show "4. May the NPS survey be shown to a visitor who saw it 3 days ago?" 20 \
    "$loyalty" survey-eligibility "$tmp/visitor.json" --program "$examples/program.json" --now "$now" --pretty

printf '{"kind": "nps", "responses": [10, 10, 9, 9, 9, 8, 7, 6, 3, {"dismissed": true}]}' >"$tmp/nps.json"
show "5. NPS of ten answers (one dismissed)" 20 "$loyalty" survey-summary "$tmp/nps.json" --pretty

"$loyalty" sample-orders --count 200000 --seed 42 >"$tmp/orders.csv"
show "6. A generated order history (first lines of 200 000 orders)" 4 head -n 4 "$tmp/orders.csv"
start=$(date +%s%N)
"$loyalty" metrics "$tmp/orders.csv" --program "$examples/program.json" \
    --from 2025-01-01 --to 2025-12-31 --pretty >"$tmp/metrics.json"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
# The whole answer also has every month and the import report; show the period's numbers.
summary() {
    grep -E '^  "[a-z_]+": [^{[]' "$1" | sed 's/,$//'
    sed -n '/^  "program": {/,/^  }/p' "$1" | grep -v '"issues"'
}
shown_as="$loyalty metrics $tmp/orders.csv --program $examples/program.json --from 2025-01-01 --to 2025-12-31 --pretty"
show "7. Metrics and a program replay for 2025 over that history (took ${ms} ms)" 60 \
    summary "$tmp/metrics.json"
echo
echo "More: bash tests/run-all.sh runs every test; docs/cli.md documents each subcommand."
