#!/usr/bin/env bash
# Installs (if needed) and starts a throw-away PostgreSQL on 127.0.0.1:${PGPORT:-55432}.
# Prints the admin URL on stdout. initdb refuses root, so the cluster runs as the postgres user.
set -euo pipefail
port="${PGPORT:-55432}"
dir="${PGDATA_DIR:-/tmp/pa-ci-pg}"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installing postgresql (Debian package)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run_as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if run_as_pg "$bin/pg_isready -h 127.0.0.1 -p $port" >/dev/null 2>&1; then
  echo "postgres://postgres:postgres@127.0.0.1:$port/postgres"
  exit 0
fi
rm -rf "$dir"; mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
echo postgres > /tmp/pa-ci-pgpass; chmod 644 /tmp/pa-ci-pgpass
run_as_pg "$bin/initdb -D $dir/data -U postgres --pwfile=/tmp/pa-ci-pgpass -A scram-sha-256 -E UTF8 --locale=C.UTF-8" >&2
run_as_pg "$bin/pg_ctl -D $dir/data -l $dir/log -w -o '-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off' start" >&2
echo "postgres://postgres:postgres@127.0.0.1:$port/postgres"
