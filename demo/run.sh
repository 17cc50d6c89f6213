#!/usr/bin/env bash
# The quick start's main job: builds everything and starts the demo shop.
#   bash demo/run.sh            build, then serve until Ctrl+C
#   bash demo/run.sh --check    build, start, check every page and API answers, stop (CI uses this)
#   bash demo/run.sh --fresh    forget the demo database (bookings, survey answers) first
# What it builds: the `loyalty` CLI and the reference server `loyalty-server` (native, in
# build-demo/), the WebAssembly modules, the widget and the calculator page (web/dist/, by
# web/build.sh). What it serves, from one origin: the shop in Russian (/) and English (/en/) with the
# widget embedded as docs/integration.md says, the calculator page (/calculator/), the owner's
# console (/admin; its Surveys section at /admin/surveys) and the HTTP API (docs/server.md), on a
# SQLite database seeded with the four sample customers of demo/examples/customers.
# Environment:
#   LOYALTY_PORT (8080), LOYALTY_HOST (127.0.0.1; 0.0.0.0 to reach it from another machine)
#   LOYALTY_DEMO_BUILD_DIR   native build directory (default build-demo)
#   LOYALTY_WASM_BUILD_DIR   Emscripten build directory (default build-wasm)
#   LOYALTY_CLOCK            run the server's clock from this instant (default: the real time)
#   LOYALTY_CUSTOMER_SECRET, LOYALTY_ADMIN_TOKEN   the server's secrets; by default generated once
#                            and kept in <build>/demo-secrets.env, so sign-ins survive a restart
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="${LOYALTY_DEMO_BUILD_DIR:-$root/build-demo}"
host="${LOYALTY_HOST:-127.0.0.1}"
port="${LOYALTY_PORT:-8080}"
mode=serve
fresh=0
for arg in "$@"; do
    case "$arg" in
        --check) mode=check ;;
        --fresh) fresh=1 ;;
        -h | --help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "demo/run.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
    esac
done

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1/4 Debian packages (installs only what is missing)"
bash tests/install-deps.sh --demo

step "2/4 Native build: the loyalty CLI and loyalty-server ($build)"
if [[ -f "$build/CMakeCache.txt" ]]; then
    cmake -S . -B "$build" -DLOYALTY_BUILD_SERVER=ON >/dev/null
else
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DLOYALTY_BUILD_SERVER=ON \
        -DLOYALTY_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target loyalty loyalty-server -j2
server="$build/demo/server/loyalty-server"

step "3/4 WebAssembly, widget and calculator page (web/dist)"
LOYALTY_CLI="$build/core/cli/loyalty" bash web/build.sh

step "4/4 Starting the shop"
secrets="$build/demo-secrets.env"
if [[ ! -f "$secrets" ]]; then
    # Random, generated once: 32 hex characters each (the server wants at least 16 bytes).
    umask 077
    {
        echo "LOYALTY_CUSTOMER_SECRET=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
        echo "LOYALTY_ADMIN_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    } >"$secrets"
fi
# Values already in the environment win over the file.
customer_secret="${LOYALTY_CUSTOMER_SECRET:-$(sed -n 's/^LOYALTY_CUSTOMER_SECRET=//p' "$secrets")}"
admin_token="${LOYALTY_ADMIN_TOKEN:-$(sed -n 's/^LOYALTY_ADMIN_TOKEN=//p' "$secrets")}"
export LOYALTY_CUSTOMER_SECRET="$customer_secret" LOYALTY_ADMIN_TOKEN="$admin_token"

db="$build/shop.db"
if [[ "$mode" == check ]]; then
    db="$(mktemp -d)/shop.db"  # the check never touches the demo's own data
    port=0
elif ((fresh)); then
    rm -f "$db" "$db-wal" "$db-shm"
fi

args=(--host "$host" --port "$port" --db "$db" --log-format text
      --program demo/examples/program.json
      --static /loyalty/=web/dist/widget --static /calculator/=web/dist/calculator
      --static /=demo/shop
      --seed-demo --seed-dir demo/examples/customers --demo-login)

if [[ "$mode" == serve ]]; then
    shown_host="$host"
    [[ "$host" == 0.0.0.0 ]] && shown_host="$(hostname -I 2>/dev/null | cut -d' ' -f1)"
    base="http://${shown_host:-localhost}:$port"
    cat <<EOF

  Shop (Russian)   $base/
  Shop (English)   $base/en/
  Calculator       $base/calculator/
  Owner's console  $base/admin#token=$admin_token
  HTTP API         $base/api/loyalty/program   (docs/server.md)

  Pick Anna, Boris or Vera in the shop's header to see their balance, tier and rewards, claim a
  reward for a code and use it in the cart; Daria is a newcomer: open Boris's referral link (his
  account page) as her. The NPS survey appears on a shopper's second page view.
  Data: $db (--fresh forgets it).
  Stop with Ctrl+C.

EOF
    exec "$server" "${args[@]}"
fi

# --check: start on a free port, wait for the "listening" line, request each page, stop.
log="$(dirname "$db")/server.log"
"$server" "${args[@]}" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$(dirname "$db")"' EXIT
for _ in $(seq 100); do
    port="$(grep -o 'port[=:" ]*[0-9]\+' "$log" | grep -o '[0-9]\+$' | head -n1 || true)"
    [[ -n "$port" ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "demo/run.sh: the server did not start" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$port" ]] || { cat "$log"; echo "demo/run.sh: no listening line from the server" >&2; exit 1; }
base="http://127.0.0.1:$port"
failed=0
# expect <path> <status> <text in the body> [curl options...]
expect() {
    local path="$1" status="$2" text="$3" body code
    shift 3
    body="$(curl -sS --max-time 10 -w '\n%{http_code}' "$@" "$base$path")" || body=$'\n000'
    code="${body##*$'\n'}"
    body="${body%$'\n'*}"
    if [[ "$code" == "$status" && "$body" == *"$text"* ]]; then
        echo "  ok    $code $path"
    else
        echo "  FAIL  $code $path (expected $status and \"$text\")"
        failed=1
    fi
}
expect / 200 'loyalty-widget.js'
expect /en/ 200 'loyalty-widget.js'
expect /en/cart.html 200 'loyalty-widget'
expect /loyalty/loyalty-widget.js 200 'LoyaltyWidget'
expect /calculator/ 200 'calculator.js'
expect /calculator/sample-orders.csv 200 ';'
expect /api/loyalty/program 200 '"tiers"'
expect /demo/customers 200 'c-anna'
expect /api/loyalty/me 204 ''
expect /healthz 200 ''
expect /admin 200 '<'
expect /admin/surveys 200 '<'
expect /api/admin/surveys 200 '"nps"' -H "Authorization: Bearer $admin_token"
expect /api/admin/surveys 401 'message'  # the console's data needs the admin token
wasm="$(sed -n 's/.*"wasm": *"\([^"]*\)".*/\1/p' web/dist/widget/manifest.json)"
type="$(curl -sS -o /dev/null -w '%{content_type}' "$base/loyalty/$wasm")"
if [[ "$type" == application/wasm* ]]; then echo "  ok    /loyalty/$wasm is $type"; else
    echo "  FAIL  /loyalty/$wasm is served as '$type', not application/wasm"; failed=1; fi
if ((failed)); then
    echo "--- server log ---"; cat "$log"
    exit 1
fi
echo "demo/run.sh --check: the shop, widget, calculator, console and API answer"
