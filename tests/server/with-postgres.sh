#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: initdb in a temporary directory, a
# server on a free loopback port, LOYALTY_TEST_POSTGRES set to its URI for the command, then the
# cluster stopped and removed, whatever the command's outcome. Debian's `postgresql` package
# provides the binaries (tests/install-deps.sh installs it). As root, the cluster runs as the
# package's `postgres` user (initdb refuses root). Durability is off for tests (fsync, synchronous
# commit); LOYALTY_PG_DURABLE=1 keeps PostgreSQL's defaults, for benchmarks.
#   bash tests/server/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$bin/initdb" ]] || { echo "with-postgres: no PostgreSQL server (Debian package postgresql)" >&2; exit 1; }

as_owner=()
if [[ $(id -u) -eq 0 ]]; then
    as_owner=(runuser -u postgres --)
fi
dir=$(mktemp -d /tmp/loyalty-pg-XXXXXX)
chmod 755 "$dir"
[[ ${#as_owner[@]} -gt 0 ]] && chown postgres "$dir"
cleanup() {
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

options="-c listen_addresses=127.0.0.1 -c max_connections=300"
if [[ -z "${LOYALTY_PG_DURABLE:-}" ]]; then
    # The cluster is thrown away: fsync would only slow the tests down.
    options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
started=""
for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue  # taken
    if "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir $options" start >/dev/null; then
        started=yes
        break
    fi
done
[[ -n "$started" ]] || { echo "with-postgres: the server did not start:" >&2; cat "$dir/server.log" >&2; exit 1; }

export LOYALTY_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port"
set +e
"$@"
status=$?
set -e
exit "$status"
