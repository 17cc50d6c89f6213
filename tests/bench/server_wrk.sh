#!/usr/bin/env bash
# Order bookings per second and their latency, measured by wrk (Debian's `wrk`) on loopback:
#   sqlite        one server on a SQLite file
#   postgres x1   one server on PostgreSQL (a throwaway cluster with PostgreSQL's durable
#                 defaults, tests/server/with-postgres.sh)
#   postgres x2   two servers on that database, each loaded by its own wrk at once
# Each run books orders of 1,000 customers in turn (short histories) for DURATION seconds over
# CONNECTIONS connections per server, then checks that every answer was 201 and that the server
# stored every order wrk counted (plus at most one in flight per connection when time was up).
# Prints one line per run with the servers' CPU time per booking (user and system, from
# /proc/<pid>/stat) and the load average.
#   bash tests/bench/server_wrk.sh [build-dir] [duration-seconds] [connections]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build-server}"
duration="${2:-10}"
connections="${3:-32}"
if ! command -v wrk >/dev/null; then  # Debian's wrk, installed as tests/install-deps.sh installs
    sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends wrk >/dev/null ||
        { echo "server_wrk: wrk is missing and could not be installed (apt-get install wrk)" >&2; exit 1; }
fi
server="$build/demo/server/loyalty-server"
if [[ -z "${LOYALTY_WRK_INNER:-}" ]]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLOYALTY_BUILD_SERVER=ON >/dev/null
    cmake --build "$build" -j2 --target loyalty-server >/dev/null
fi
admin="wrk-admin-token-0123456789"
work=$(mktemp -d /tmp/loyalty-wrk-XXXXXX)
# Servers start inside $(...), a subshell whose variables are lost: their pids go to a file.
stop_servers() {
    [[ -f "$work/pids" ]] || return 0
    while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$work/pids"
    while read -r pid; do  # a clean stop finishes in-flight requests; 10 s, then SIGKILL
        for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
        kill -9 "$pid" 2>/dev/null || true
    done <"$work/pids"
    : >"$work/pids"
}
cleanup() {
    stop_servers
    rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/orders.lua" <<'LUA'
-- Unique order ids per wrk thread; customers c-0 .. c-999 in turn.
local threads = {}
function setup(thread)
    table.insert(threads, thread)
    thread:set("tid", #threads)
end
local prefix, token, n = "", "", 0
function init(args)
    prefix = args[1] .. "-" .. tid .. "-"
    token = args[2]
end
function request()
    n = n + 1
    local body = '{"customer_id":"c-' .. (n % 1000) .. '","order_id":"' .. prefix .. n ..
                 '","lines":[{"sku":"book","price":12345}]}'
    return wrk.format("POST", "/api/loyalty/orders",
                      {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token},
                      body)
end
LUA

start_server() {  # db, log -> echoes the port
    "$server" --port 0 --db "$1" --program "$root/tests/server/data/program.json" \
        --admin-token "$admin" --clock 2026-06-01T12:00:00+03:00 --threads 16 \
        --log-format json >"$2" 2>&1 &
    echo $! >>"$work/pids"
    for _ in $(seq 300); do
        port=$(grep -o '"msg":"listening".*"port":[0-9]*' "$2" 2>/dev/null | grep -o '[0-9]*$' || true)
        [[ -n "$port" ]] && { echo "$port"; return; }
        sleep 0.05
    done
    echo "server_wrk: the server did not start:" >&2; cat "$2" >&2; exit 1
}

# "user system" clock ticks the running servers have used (/proc/<pid>/stat fields 14 and 15):
# their CPU per booking, which is what limits bookings/s when wrk shares the machine's cores.
server_cpu_ticks() {
    local user=0 system=0 u s
    while read -r pid; do
        read -r u s < <(awk '{ print $14, $15 }' "/proc/$pid/stat" 2>/dev/null || echo "0 0")
        user=$((user + u)); system=$((system + s))
    done <"$work/pids"
    echo "$user $system"
}

# wrk's report -> "requests non2xx rps p50 p99" (latencies in ms).
summarize() {
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /requests in/ { requests = $1 }
        /Non-2xx/ { non2xx = $NF }
        /Requests\/sec/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        END { printf "%d %d %.0f %.1f %.1f\n", requests, non2xx, rps, p50, p99 }' "$1"
}

stored_orders() {  # port -> orders stored, counted by the server's own status of each customer
    local port=$1 total=0
    # A customer's purchases, as the core counts them from the stored ledger.
    for c in $(seq 0 999); do
        n=$(curl -s -H "Authorization: Bearer $admin" "http://127.0.0.1:$port/api/loyalty/customers/c-$c?history_limit=0" |
            grep -o '"purchases":[0-9]*' | grep -o '[0-9]*$' || echo 0)
        total=$((total + ${n:-0}))
    done
    echo "$total"
}

run() {  # label db instances
    local label=$1 db=$2 instances=$3 ports=() i
    for ((i = 0; i < instances; i++)); do ports+=("$(start_server "$db" "$work/server-$label-$i.log")"); done
    local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
    local cpu_before; cpu_before=$(server_cpu_ticks)
    for ((i = 0; i < instances; i++)); do
        wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/orders.lua" \
            "http://127.0.0.1:${ports[$i]}" -- "$label-$i" "$admin" >"$work/wrk-$label-$i.txt" &
    done
    wait $(jobs -p | tail -n "$instances")
    local cpu_after; cpu_after=$(server_cpu_ticks)
    local requests=0 non2xx=0 rps=0 p50=0 p99=0
    for ((i = 0; i < instances; i++)); do
        read -r r n s a b < <(summarize "$work/wrk-$label-$i.txt")
        requests=$((requests + r)); non2xx=$((non2xx + n))
        rps=$((rps + s))
        p50=$(awk -v x="$p50" -v y="$a" 'BEGIN { print (y > x ? y : x) }')
        p99=$(awk -v x="$p99" -v y="$b" 'BEGIN { print (y > x ? y : x) }')
    done
    local stored; stored=$(stored_orders "${ports[0]}")
    local cpu; cpu=$(awk -v b="$cpu_before" -v a="$cpu_after" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {
        split(b, x); split(a, y); printf "user %.3f ms, sys %.3f ms", (y[1] - x[1]) * 1000 / hz / n, (y[2] - x[2]) * 1000 / hz / n }')
    printf '%-12s bookings/s %6d  p50 %6.1f ms  p99 %6.1f ms  answers %d, not 201: %d, stored %d  server CPU per booking: %s  (load average before: %s)\n' \
        "$label" "$rps" "$p50" "$p99" "$requests" "$non2xx" "$stored" "$cpu" "$load"
    # wrk counts the answers it read before its time was up; the requests still in flight then
    # (at most one per connection) are booked too, unanswered to wrk.
    [[ "$non2xx" -eq 0 && "$stored" -ge "$requests" &&
        "$stored" -le $((requests + instances * connections)) ]] ||
        { echo "server_wrk: answers refused, or bookings missing" >&2; exit 1; }
    stop_servers
}

if [[ -z "${LOYALTY_WRK_INNER:-}" ]]; then
    run sqlite "$work/wrk.db" 1
    # PostgreSQL with its durable defaults (fsync, synchronous commit), as SQLite's synchronous=FULL.
    LOYALTY_WRK_INNER=1 LOYALTY_PG_DURABLE=1 bash "$root/tests/server/with-postgres.sh" \
        bash "$0" "$build" "$duration" "$connections"
else
    psql -q "$LOYALTY_TEST_POSTGRES" -c "CREATE DATABASE wrk1" -c "CREATE DATABASE wrk2"
    base="${LOYALTY_TEST_POSTGRES%/*}"
    run "postgres-x1" "$base/wrk1" 1
    run "postgres-x2" "$base/wrk2" 2
fi
