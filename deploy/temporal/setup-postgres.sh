#!/bin/sh
# One-shot schema job (temporalio/admin-tools): creates Temporal's two PostgreSQL databases and
# brings their schemas to the version this server image expects. Safe to run on every
# `docker compose up`: an existing database is kept and update-schema only applies what is new.
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS must name the PostgreSQL host}"
: "${POSTGRES_USER:?POSTGRES_USER must be set}"
: "${SQL_PASSWORD:?SQL_PASSWORD must be set}"
DB_PORT="${DB_PORT:-5432}"
SCHEMA_ROOT=/etc/temporal/schema/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" -p "$DB_PORT" "$@"
}

setup_database() {
  database="$1"
  schema_dir="$2"
  # `create` succeeds on an existing database (temporal-sql-tool treats PostgreSQL's
  # duplicate_database as done), so any failure here is real and stops the job under `set -e`.
  sql_tool --db "$database" create
  sql_tool --db "$database" setup-schema -v 0.0
  sql_tool --db "$database" update-schema -d "$schema_dir"
}

echo "waiting for PostgreSQL at $POSTGRES_SEEDS:$DB_PORT"
attempt=1
until nc -z -w 5 "$POSTGRES_SEEDS" "$DB_PORT"; do
  if [ "$attempt" -ge 30 ]; then
    echo "PostgreSQL did not accept connections after $attempt attempts" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

setup_database temporal "$SCHEMA_ROOT/temporal/versioned"
setup_database temporal_visibility "$SCHEMA_ROOT/visibility/versioned"
echo "Temporal schema is up to date"
