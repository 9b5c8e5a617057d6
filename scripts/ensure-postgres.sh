#!/usr/bin/env bash
# Makes PostgreSQL reachable on 127.0.0.1:5432 for the test suite (its Postgres tests use a real
# server): installs Debian's `postgresql` when it is missing, starts the cluster when it is
# stopped, and lets the local `postgres` user in without a password (trust, loopback only).
# Machines that already run PostgreSQL are left untouched. Needs root (or sudo) to install.
set -euo pipefail

reachable() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
if reachable; then exit 0; fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "ensure-postgres: installing Debian's postgresql ..."
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /etc/postgresql | sort -V | tail -1)
hba=/etc/postgresql/$version/main/pg_hba.conf
if ! as_root grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
  # Test machines only: loopback connections need no password, as on this project's CI.
  as_root sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
fi
echo "ensure-postgres: starting cluster $version/main ..."
as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do reachable && exit 0; sleep 1; done
echo "ensure-postgres: PostgreSQL did not come up on 127.0.0.1:5432" >&2
exit 1
