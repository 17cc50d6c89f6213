#!/usr/bin/env bash
# Drives the `loyalty` binary as a user would and checks exit codes (0 ok, 2 invalid input with
# the error document on stdout, 1 usage/I-O error with a message on stderr), stdin input, --help,
# and the CSV metrics summary. Registered with ctest as `cli`.
#   bash tests/cli/cli_test.sh <path-to-loyalty> <tests/cli/data>
set -uo pipefail

bin="$1"
data="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [[ ! -x "$bin" || ! -d "$data" ]]; then
    echo "usage: cli_test.sh <path-to-loyalty> <tests/cli/data>" >&2
    exit 1
fi
checks=0
failures=0
out="" err="" rc=0

# run <stdin-file> args...: runs the CLI (stdin from the file, or /dev/null for "") and keeps
# its stdout, stderr and exit code in $out, $err, $rc.
run() {
    local input="$1"
    shift
    "$bin" "$@" <"${input:-/dev/null}" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    out="$(cat "$tmp/out")"
    err="$(cat "$tmp/err")"
}

fail() {
    failures=$((failures + 1))
    echo "FAIL: $1"
    echo "  command exit code: $rc"
    echo "  stdout: ${out:0:600}"
    echo "  stderr: ${err:0:600}"
}

# check <description> <condition...>: the condition is a command; failing it reports the run.
check() {
    local what="$1"
    shift
    checks=$((checks + 1))
    "$@" || fail "$what"
}
has() { [[ "$1" == *"$2"* ]]; }
is() { [[ "$1" == "$2" ]]; }
differs() { [[ "$1" != "$2" ]]; }
# line_in <text> <line>: the text has exactly this line (a trailing comma ignored). With --pretty
# output the indentation says the depth: two spaces is a top-level member, four one level down.
# (grep reads to the end rather than -q: an early exit would fail sed with SIGPIPE, and pipefail
# would turn that into a false negative.)
line_in() { sed 's/,$//' <<<"$1" | grep -xF -- "$2" >/dev/null; }

# --- help, version, usage errors -----------------------------------------------------------------
run "" --help
check "--help exits 0" is "$rc" 0
check "--help shows usage" has "$out" "Usage"
top_help="$out"
for sub in validate status preview survey-eligibility survey-summary metrics sample-orders; do
    check "--help lists $sub" has "$top_help" "$sub"
    run "" "$sub" --help
    check "$sub --help exits 0" is "$rc" 0
    check "$sub --help shows an example" has "$out" "Example"
done
run "" --version
check "--version exits 0 and names the tool" is "$rc:$out" "0:loyalty 0.1.0"

run ""
check "no subcommand is a usage error (1)" is "$rc" 1
check "no subcommand says why on stderr" has "$err" "subcommand"
check "a usage error prints nothing on stdout" is "$out" ""
run "" status --no-such-flag
check "an unknown flag is a usage error (1)" is "$rc" 1
run "" sample-orders --count many
check "a non-numeric --count is a usage error (1)" is "$rc" 1

# --- I/O errors ----------------------------------------------------------------------------------
run "" validate "$tmp/missing.json"
check "a missing request file is an I/O error (1)" is "$rc" 1
check "the I/O error names the file" has "$err" "$tmp/missing.json"
check "an I/O error prints nothing on stdout" is "$out" ""
run "" status "$data/nps.json" --program "$tmp/missing-program.json"
check "a missing --program file is an I/O error (1)" is "$rc" 1

# --- JSON operations: files, stdin, exit codes ---------------------------------------------------
run "" validate "$data/program.json"
check "validate of a valid program exits 0" is "$rc" 0
check "validate of a valid program answers ok:true" has "$out" '"ok":true'

run "" survey-summary "$data/nps.json"
check "survey-summary from a file exits 0" is "$rc" 0
# 10 and 9 promote, 8 is passive, 3 detracts: n = 4.
check "survey-summary counts promoters" has "$out" '"promoters":2'
check "survey-summary counts passives" has "$out" '"passives":1'
check "survey-summary counts detractors" has "$out" '"detractors":1'
check "survey-summary counts respondents" has "$out" '"n":4'
from_file="$out"
run "$data/nps.json" survey-summary -
check "\"-\" reads the request from stdin" is "$rc:$out" "0:$from_file"
run "$data/nps.json" survey-summary
check "no request argument reads stdin too" is "$rc:$out" "0:$from_file"
run "$data/nps.json" --pretty survey-summary
check "--pretty exits 0" is "$rc" 0
check "--pretty indents the response" has "$out" $'{\n  "'
run "$data/nps.json" survey-summary --pretty
check "--pretty also works after the subcommand" has "$out" $'\n  "ok": true'

run "$data/nps.json" survey-summary --time 3
check "--time prints the same answer" is "$rc:$out" "0:$from_file"
check "--time reports the median of its runs on stderr" \
    [ -n "$(grep -E '^survey-summary: [0-9]+\.[0-9]{3} ms median of 3$' <<<"$err")" ]
run "$data/nps.json" survey-summary --time 0
check "--time 0 is a usage error (1)" is "$rc:$out" "1:"
check "--time 0 says the range" has "$err" "not in range 1 to 1000"

printf '{"kind": "nps", ' >"$tmp/truncated.json"
run "$tmp/truncated.json" survey-summary -
check "malformed JSON is invalid input (2)" is "$rc" 2
check "malformed JSON still prints the error document" has "$out" '"ok":false'
check "invalid input writes nothing on stderr" is "$err" ""
printf '{"kind": "nps", "responses": "ten"}' >"$tmp/wrong-type.json"
run "$tmp/wrong-type.json" survey-summary
check "a wrong type is invalid input (2)" is "$rc" 2
check "the error names the field's JSON Pointer" has "$out" '"path":"/responses"'
run "" survey-summary
check "an empty stdin is invalid input (2)" is "$rc" 2
printf '{"kind": "nps", ' >"$tmp/bad-program.json"
run "" status "$data/nps.json" --program "$tmp/bad-program.json"
check "a --program file that is not JSON is invalid input (2)" is "$rc" 2
check "its error points at /program" has "$out" '"path":"/program"'

# --- metrics over a CSV --------------------------------------------------------------------------
run "" metrics "$data/orders.csv" --pretty
check "metrics of a CSV exits 0" is "$rc" 0
# Good rows: alice 1000.00 + 500.00, bob 250.50 -> 3 orders, 2 customers,
# revenue 100000 + 50000 + 25050 = 175050 kopecks; alice is the one repeat customer of 2 -> 0.5.
check "metrics counts orders" line_in "$out" '  "orders": 3'
check "metrics counts customers" line_in "$out" '  "customers": 2'
check "metrics sums revenue in minor units" line_in "$out" '  "revenue": 175050'
check "metrics gives the repeat purchase rate" line_in "$out" '  "repeat_purchase_rate": 0.5'
# Line 5 has a bad date, line 6 a bad amount (line 1 is the header).
check "metrics counts bad rows" line_in "$out" '    "bad_rows": 2'
check "metrics names the bad date's line" line_in "$out" '        "line": 5'
check "metrics names the bad amount's line" line_in "$out" '        "line": 6'
run "" metrics "$data/orders.csv"
whole="$out"
run "" metrics "$data/orders.csv" --chunk-bytes 5
check "reading the CSV 5 bytes at a time gives the same answer" is "$rc:$out" "0:$whole"
run "$data/orders.csv" metrics -
check "metrics reads the CSV from stdin" is "$rc:$out" "0:$whole"
{
    printf '{"csv": "'
    awk '{ printf "%s\\n", $0 }' "$data/orders.csv"
    printf '"}'
} >"$tmp/metrics-request.json"
run "" metrics --request "$tmp/metrics-request.json"
check "metrics --request with the same CSV text gives the same answer" is "$rc:$out" "0:$whole"

run "" metrics "$data/orders.csv" --from 2025-02-01 --to 2025-02-28 --pretty
# Only alice's A2 (500.00) is dated in February.
check "a period keeps only its orders" line_in "$out" '  "orders": 1'
check "a period sums only its revenue" line_in "$out" '  "revenue": 50000'
check "the period is echoed" line_in "$out" '    "from": "2025-02-01"'

run "" metrics "$data/orders.csv" --program "$data/program.json" --pretty
check "metrics with a program exits 0" is "$rc" 0
# 5 points per 100 RUB, floor. January: alice 1000.00 -> 50, bob 250.50 -> floor(12.525) = 12.
# 1 February: alice spends all 50 points (point value 100 kopecks: 50.00 off, the default "max"
# policy) and pays 450.00 -> floor(22.5) = 22. Issued 50 + 12 + 22 = 84, outstanding 84 - 50 = 34.
check "the program replay issues the hand-counted points" line_in "$out" '    "points_issued": 84'
check "the program replay redeems alice's 50 points" line_in "$out" '    "points_redeemed": 50'
check "the program replay leaves 34 points outstanding" line_in "$out" '    "points_outstanding": 34'

run "" metrics "$data/orders.csv" --from 2025-03-01 --to 2025-01-01
check "a reversed period is invalid input (2)" is "$rc" 2
check "the reversed period's error is at /period" has "$out" '"path":"/period"'
run "" metrics "$data/orders.csv" --currency XYZ
check "an unknown currency is invalid input (2)" is "$rc" 2
check "the currency error is at /currency" has "$out" '"path":"/currency"'
printf 'hello\nworld\n' >"$tmp/no-header.csv"
run "" metrics "$tmp/no-header.csv"
check "a CSV without a usable header is invalid input (2)" is "$rc" 2
check "a CSV without a usable header prints the error document" has "$out" '"ok":false'
run "" metrics "$tmp/missing.csv"
check "a missing CSV is an I/O error (1)" is "$rc" 1
run "" metrics "$data/orders.csv" --request "$tmp/metrics-request.json"
check "a CSV and --request together are a usage error (1)" is "$rc" 1

# --- sample-orders -------------------------------------------------------------------------------
run "" sample-orders --count 50 --seed 3
check "sample-orders exits 0" is "$rc" 0
first="$out"
run "" sample-orders --count 50 --seed 3
check "the same seed gives the same bytes" is "$out" "$first"
run "" sample-orders --count 50 --seed 4
check "another seed gives other bytes" differs "$out" "$first"
"$bin" sample-orders --count 50 --seed 3 >"$tmp/sample.csv"
run "$tmp/sample.csv" metrics - --pretty
check "generated orders import with no bad rows" line_in "$out" '    "bad_rows": 0'
check "all 50 generated orders are counted" line_in "$out" '  "orders": 50'
"$bin" sample-orders --count 50 --seed 3 --style english >"$tmp/sample-en.csv"
run "$tmp/sample-en.csv" metrics - --pretty
check "English-style generated orders import too" line_in "$out" '    "bad_rows": 0'
check "English-style: all 50 orders are counted" line_in "$out" '  "orders": 50'

echo "cli: $((checks - failures)) of $checks checks passed"
[[ $failures -eq 0 ]]
