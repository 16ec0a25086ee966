#!/usr/bin/env bash
# What the scale-out test (tests/e2e/test_scale_out.py) needs besides the Python packages:
# Debian's PostgreSQL server and Redis server. The test starts its own throwaway instances in a
# temporary folder (initdb/pg_ctl, redis-server --port), never the system's services.
# Idempotent: does nothing when both are there. Usage: tests/e2e/install-scale-out-deps.sh
set -euo pipefail

have_postgres() { compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }
have_redis() { command -v redis-server >/dev/null 2>&1; }

if ! have_postgres || ! have_redis; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends postgresql redis-server
fi
echo "postgresql: $(ls -d /usr/lib/postgresql/*/bin | tail -1); redis-server: $(command -v redis-server)"
