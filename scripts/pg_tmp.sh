#!/usr/bin/env bash
# scripts/pg_tmp.sh — a throw-away PostgreSQL cluster for tests and benchmarks.
#
#   scripts/pg_tmp.sh start DIR   initdb into DIR (created), start the server on a
#                                 Unix socket in DIR only (no TCP), and print the
#                                 libpq connection string of its database "noaber"
#   scripts/pg_tmp.sh stop DIR    stop it (fast) and remove DIR
#   scripts/pg_tmp.sh crash DIR   stop it the hard way (pg_ctl stop -m immediate:
#                                 no checkpoint, recovery from the WAL at the next start)
#   scripts/pg_tmp.sh restart DIR start the stopped (or crashed) cluster in DIR again
#
# initdb refuses to run as root, so as root the cluster belongs to the user
# "postgres" (Debian's postgresql package creates it); otherwise to the caller.
# Trust authentication on the socket only: the socket lives in DIR (mode 0700
# directory of the cluster's owner... made 0755 so the tests can reach it).
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop|crash|restart DIR" >&2; exit 2; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "pg_tmp: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts the cluster in $dir (the same settings at every start).
pg_start() {
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=on -c max_connections=200" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
}

case "$cmd" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    chmod 0755 "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    pg_start
    as_owner "$bindir/createdb" -h "$dir" -U postgres noaber
    echo "host=$dir user=postgres dbname=noaber"
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
crash)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    ;;
restart)
    pg_start
    ;;
*)
    echo "usage: $0 start|stop|crash|restart DIR" >&2
    exit 2
    ;;
esac
