#!/usr/bin/env bash
# `make fuzz`: the property-based contract pass. A fresh schema in its own MariaDB database,
# the demo data, the API served by gunicorn on MariaDB + Redis with the WeChat stand-in, then
# schemathesis over every operation of /api/v1/openapi.json as a resident and as the union admin
# (scripts/fuzz.py). Exits non-zero on any failure.
#
#   FUZZ_DATABASE   MariaDB database to (re)create      default: fuzz
#   FUZZ_DB_SERVER  server URL without a database       default: mysql+pymysql://root@127.0.0.1:3306
#   FUZZ_REDIS_URL  Redis db (flushed at the start)     default: redis://127.0.0.1:6379/12
#   FUZZ_PORT, FUZZ_STANDIN_PORT                        default: free loopback ports
#   FUZZ_REPORT_DIR     JUnit reports and server.log    default: instance/fuzz
#   FUZZ_MAX_EXAMPLES, FUZZ_SEED, FUZZ_WORKERS, FUZZ_BUDGET   see scripts/fuzz.py
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export PATH="$VENV/bin:$PATH"
export FLASK_APP=wsgi APP_ENV=development

FUZZ_DATABASE=${FUZZ_DATABASE:-fuzz}
FUZZ_DB_SERVER=${FUZZ_DB_SERVER:-mysql+pymysql://root@127.0.0.1:3306}
export DATABASE_URL="$FUZZ_DB_SERVER/$FUZZ_DATABASE?charset=utf8mb4"
export REDIS_URL=${FUZZ_REDIS_URL:-redis://127.0.0.1:6379/12}
# The fuzzer sends thousands of requests a minute from one address and two accounts: limits
# sized for people would answer most of them 429 and hide everything behind.
export RATELIMIT_PER_ACCOUNT=1000000/minute RATELIMIT_PER_ADDRESS=1000000/minute
export RATELIMIT_LOGIN_PER_OPENID=1000000/minute
export FUZZ_REPORT_DIR=${FUZZ_REPORT_DIR:-instance/fuzz}
export UPLOAD_DIR="$FUZZ_REPORT_DIR/uploads"
rm -rf "$FUZZ_REPORT_DIR" && mkdir -p "$UPLOAD_DIR"

free_port() { python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=${FUZZ_PORT:-$(free_port)}
STANDIN_PORT=${FUZZ_STANDIN_PORT:-$(free_port)}
export WECHAT_API_BASE="http://127.0.0.1:$STANDIN_PORT"

children=()
cleanup() { for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done; wait; }
trap cleanup EXIT INT TERM

python - "$FUZZ_DB_SERVER" "$FUZZ_DATABASE" <<'EOF'
import sys
from sqlalchemy import create_engine, text
server, name = sys.argv[1:]
engine = create_engine(server, isolation_level="AUTOCOMMIT")
with engine.connect() as connection:
    connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
    connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
EOF
python -c 'import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()' "$REDIS_URL"

python -m app.wechat.standin --port "$STANDIN_PORT" >/dev/null &
children+=($!)
flask db upgrade >/dev/null
flask seed-demo >/dev/null

# Two workers of two threads: the fuzzer's concurrent requests overlap as real clients' do.
# Server tracebacks go to server.log: the fuzzer's report names the failing requests.
# --limit-request-line 0: gunicorn's own 414 (an HTML page, before the app runs) is the server's
# limit, not the API's contract; the fuzzer's long query strings must reach the app.
gunicorn --bind "127.0.0.1:$PORT" --workers 2 --threads 2 --log-level warning \
  --limit-request-line 0 \
  wsgi:app 2>"$FUZZ_REPORT_DIR/server.log" &
children+=($!)

python scripts/fuzz.py "http://127.0.0.1:$PORT" || {
  echo "fuzz: server log in $FUZZ_REPORT_DIR/server.log"
  exit 1
}
