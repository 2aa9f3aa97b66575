#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for development and CI: own port, trust auth, fsync off.
#
#   eval "$(scripts/pg-throwaway.sh start)"   # exports TINNHIEM_DATABASE_URL, TINNHIEM_TEST_POSTGRES_URL, PGROOT
#   ... tinnhiem init / pytest ...
#   scripts/pg-throwaway.sh stop              # stops the cluster in $PGROOT and deletes it
#
# Env: PGPORT (default: a free port), PGBIN (default: newest /usr/lib/postgresql/*/bin),
#      PGDB (database created for the app, default "tinnhiem").
# initdb refuses to run as root, so as root the cluster runs as user "postgres" (runuser).
set -euo pipefail

PGBIN=${PGBIN:-$( (pg_config --bindir 2>/dev/null || true; ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V) | tail -1)}
PGDB=${PGDB:-tinnhiem}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    [ -x "$PGBIN/initdb" ] || { echo "no PostgreSQL binaries (set PGBIN)" >&2; exit 1; }
    PGPORT=${PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
    PGROOT=$(mktemp -d /tmp/tinnhiem-pg.XXXXXX)
    chmod 755 "$PGROOT"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGROOT"
    as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/pg.log" -w \
      -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
      start >/dev/null
    as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "CREATE DATABASE \"$PGDB\"" >/dev/null
    echo "export PGROOT=$PGROOT"
    echo "export TINNHIEM_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$PGPORT/$PGDB"
    echo "export TINNHIEM_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
    ;;
  stop)
    : "${PGROOT:?PGROOT is not set (eval the output of 'start' first)}"
    case "$PGROOT" in /tmp/tinnhiem-pg.*) ;; *) echo "refusing to remove $PGROOT" >&2; exit 1 ;; esac
    as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null || true
    rm -rf "$PGROOT"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
