#!/usr/bin/env bash
# Set up everything `make run` / `make test` need, idempotently:
#   1. the Debian packages (PostgreSQL + PostGIS, GDAL, gettext; Chromium for the browser tests),
#   2. the virtualenv in .venv with the pinned requirements,
#   3. a project-local PostGIS server on 127.0.0.1:$LOCAL_DB_PORT, unless DATABASE_URL is set.
# A second run installs nothing and takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PURPOSE=${1:-run}                      # run | test
LOCAL_DB_PORT=${LOCAL_DB_PORT:-5433}
LOCAL_DB_NAME=${LOCAL_DB_NAME:-geo_participation}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# --- 1. Debian packages -------------------------------------------------------------------
packages=(postgresql-15 postgresql-15-postgis-3 postgresql-client-15 gdal-bin gettext python3-venv fonts-dejavu-core)
# wrk: the load generator of the HTTP benchmarks (benchmarks/_http.py; they skip that part without it).
if [ "$PURPOSE" = test ]; then packages+=(chromium wrk); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- 2. Virtualenv --------------------------------------------------------------------------
PYTHON=$(command -v python3.11 || command -v python3)
if [ ! -x .venv/bin/python ]; then
  say "Creating the virtualenv (.venv) with $PYTHON"
  "$PYTHON" -m venv .venv
fi
requirements=requirements.txt
if [ "$PURPOSE" = test ]; then requirements=requirements-dev.txt; fi
stamp=".venv/.installed-$(cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)-$PURPOSE"
if [ ! -f "$stamp" ]; then
  say "Installing Python packages from $requirements"
  .venv/bin/pip install --quiet --disable-pip-version-check -r "$requirements"
  touch "$stamp"
fi

# --- 3. Local PostGIS (only when DATABASE_URL is not set) ----------------------------------
if [ -n "${DATABASE_URL:-}" ]; then
  say "Using DATABASE_URL from the environment"
  exit 0
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
ADMIN_URL="postgresql://postgres@127.0.0.1:${LOCAL_DB_PORT}"
if ! "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$LOCAL_DB_PORT"; then
  # initdb and pg_ctl refuse to run as root, so root runs them as the postgres user, with the
  # data where that user can reach it; a normal user keeps the cluster inside the project.
  if [ "$(id -u)" -eq 0 ]; then
    PGDATA=/var/lib/postgresql/geo-participation
    as_owner() { runuser -u postgres -- "$@"; }
  else
    PGDATA=$ROOT/.pgdata
    as_owner() { "$@"; }
  fi
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    say "Creating a local PostgreSQL cluster in $PGDATA"
    mkdir -p "$PGDATA"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PGDATA"; chmod 700 "$PGDATA"; fi
    as_owner "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  say "Starting PostgreSQL on 127.0.0.1:$LOCAL_DB_PORT"
  # A development cluster: trading crash safety for speed (no fsync) is fine here, never in production.
  as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start \
    -o "-p $LOCAL_DB_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
fi
# PostGIS in template1, so that every database created later (the test databases too) has it.
psql -q "$ADMIN_URL/template1" -v ON_ERROR_STOP=1 -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
if ! psql -tA "$ADMIN_URL/postgres" -c "SELECT 1 FROM pg_database WHERE datname = '$LOCAL_DB_NAME'" | grep -q 1; then
  say "Creating database $LOCAL_DB_NAME"
  psql -q "$ADMIN_URL/postgres" -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$LOCAL_DB_NAME\""
fi
