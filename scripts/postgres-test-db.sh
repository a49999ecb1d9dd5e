#!/usr/bin/env bash
# Start the local PostgreSQL cluster (Debian's postgresql package) and make sure the
# test role and database exist. Prints the SQLAlchemy URL to use.
set -euo pipefail
user=aarhus password=aarhus database=${AARHUS_PG_DATABASE:-aarhus_test}
cluster=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_createcluster "$version" main >/dev/null 2>&1
  cluster="$version main"
fi
pg_ctlcluster $cluster start >/dev/null 2>&1 || true
port=$(pg_lsclusters --no-header | awk 'NR==1 {print $3}')
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
for _ in $(seq 1 30); do as_postgres "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1 && break; sleep 1; done
as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$user'\"" | grep -q 1 \
  || as_postgres "psql -p $port -qc \"CREATE ROLE $user LOGIN SUPERUSER PASSWORD '$password'\"" >/dev/null
as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname='$database'\"" | grep -q 1 \
  || as_postgres "createdb -p $port -O $user $database"
echo "postgresql+psycopg://$user:$password@127.0.0.1:$port/$database"
