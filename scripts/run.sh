#!/usr/bin/env bash
# `make run`: migrate, seed the demo data and serve the API. With no settings it runs on the
# embedded default (SQLite, in-process Redis, jobs inline, the WeChat stand-in on :5055).
# A second run beside it sets its own PORT, STANDIN_PORT and INSTANCE_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export PATH="$VENV/bin:$PATH"
export FLASK_APP=wsgi
export PORT=${PORT:-5000}
children=()
cleanup() { for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

# A busy port would make this run fail late, or worse, talk to another run's stand-in.
require_free_port() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then
    echo "port $2 is in use (another make run?): set $1 to a free port" >&2
    exit 1
  fi
}
require_free_port PORT "$PORT"

if [ -z "${WECHAT_API_BASE:-}" ]; then
  STANDIN_PORT=${STANDIN_PORT:-5055}
  require_free_port STANDIN_PORT "$STANDIN_PORT"
  python -m app.wechat.standin --port "$STANDIN_PORT" &
  children+=($!)
  export WECHAT_API_BASE="http://127.0.0.1:$STANDIN_PORT"
  echo "WeChat stand-in on $WECHAT_API_BASE (login codes: test-<openid>)"
fi

scripts/build-console.sh
flask db upgrade
flask seed-demo

if [ -n "${REDIS_URL:-}" ]; then
  flask rq worker &
  children+=($!)
  echo "RQ worker started on $REDIS_URL"
else
  echo "No REDIS_URL: in-process Redis, jobs run inline."
fi

echo "API on http://127.0.0.1:$PORT/api/v1 (OpenAPI: /api/v1/openapi.json)"
echo "Web console on http://127.0.0.1:$PORT/console/"
flask run --host 127.0.0.1 --port "$PORT" --no-reload &
children+=($!)
wait "${children[-1]}"
