#!/usr/bin/env bash
# The reference server's load run (docs/performance.md, "Reference server"): builds the server
# and the load client in a Release build dir, then runs a bounded number of requests per kind
# on loopback.
#   bash tests/bench/server_load.sh [build-dir] [requests per kind] [clients]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build-server}"
requests="${2:-2000}"
clients="${3:-16}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLOYALTY_BUILD_SERVER=ON -DLOYALTY_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j2 --target loyalty-server loyalty-server-load
"$build/tests/server/loyalty-server-load" --server "$build/demo/server/loyalty-server" \
    --requests "$requests" --clients "$clients"
