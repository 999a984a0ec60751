#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server: initdb in a temporary directory as the
# `postgres` user, a free loopback port, stopped and removed afterwards whatever the command does.
# The command sees the server as POPSTREAM_TEST_POSTGRES_URL. POPSTREAM_TEST_POSTGRES_OPTIONS, when set, adds
# server settings (for example "-c shared_buffers=1GB" for a benchmark).
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "with-postgres: PostgreSQL server binaries not found (run scripts/install-deps.sh)" >&2
    exit 2
fi

as_postgres=()
if [ "$(id -u)" -eq 0 ]; then as_postgres=(runuser -u postgres --); fi

datadir=$(mktemp -d /tmp/popstream-pg.XXXXXX)
chmod 755 "$datadir"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$datadir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

cleanup() {
    "${as_postgres[@]}" "$bindir/pg_ctl" -D "$datadir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$datadir"
}
trap cleanup EXIT

"${as_postgres[@]}" "$bindir/initdb" -D "$datadir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_postgres[@]}" "$bindir/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$datadir -c max_connections=200 -c fsync=off ${POPSTREAM_TEST_POSTGRES_OPTIONS:-}" \
    start >/dev/null
"${as_postgres[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres popstream_test
# The tests must never run against a server that is not there: fail here, loudly, if it does not answer.
if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -d popstream_test -U postgres; then
    echo "with-postgres: the PostgreSQL server on 127.0.0.1:$port does not answer" >&2
    tail -n 20 "$datadir/server.log" >&2 || true
    exit 1
fi

export POPSTREAM_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/popstream_test"
echo "with-postgres: throw-away server on 127.0.0.1:$port"
"$@"
