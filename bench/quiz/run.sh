#!/usr/bin/env bash
# Quiz load test: gunicorn on MariaDB + Redis, the bare endpoint (ceiling) then the start+submit
# flow, in one run. Not part of `make test`. Usage: bench/quiz/run.sh [seconds] [concurrency]
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-/work/main/.venv}
SECONDS_PER_PHASE=${1:-30}
CONCURRENCY=${2:-32}
WORKERS=${BENCH_WORKERS:-4}
PORT=${BENCH_PORT:-8765}
DB=${BENCH_DB:-bench_quiz}
export APP_ENV=development FLASK_APP=wsgi
export DATABASE_URL="mysql+pymysql://root@127.0.0.1:3306/$DB?charset=utf8mb4"
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/4}
# The load comes from one address; the per-address flood guard is not what is measured here.
export RATELIMIT_PER_ADDRESS=1000000/minute
TOKENS=$(mktemp)
mysql -uroot -h127.0.0.1 -e "CREATE DATABASE IF NOT EXISTS $DB CHARACTER SET utf8mb4"
redis-cli -u "$REDIS_URL" flushdb >/dev/null
"$VENV/bin/python" -m bench.quiz.setup_data "$TOKENS"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -g | awk '/Mem/{print $2}') GB RAM; $(mysql -uroot -h127.0.0.1 -N -e 'select version()');" \
  "redis $(redis-server --version | awk '{print $3}' | cut -d= -f2)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$VENV/bin/gunicorn" -w "$WORKERS" -b "127.0.0.1:$PORT" --log-level warning bench.quiz.app:app &
GUNICORN=$!
trap 'kill -TERM $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null; rm -f $TOKENS' EXIT
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/api/v1/openapi.json" && break
  sleep 0.2
done
"$VENV/bin/python" -m bench.quiz.load "$TOKENS" --mode ping --seconds "$SECONDS_PER_PHASE" \
  --concurrency "$CONCURRENCY" --port "$PORT"
echo "load after ceiling: $(cut -d' ' -f1-3 /proc/loadavg)"
"$VENV/bin/python" -m bench.quiz.load "$TOKENS" --mode flow --seconds "$SECONDS_PER_PHASE" \
  --concurrency "$CONCURRENCY" --port "$PORT"
echo "load after flow: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "points credited: $(mysql -uroot -h127.0.0.1 -N -e "select count(*), coalesce(sum(amount),0) from $DB.point_transfers")"
