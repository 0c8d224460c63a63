#!/usr/bin/env bash
# Scale-out rehearsal on one machine (issue 20): two API instances (gunicorn, deploy/gunicorn.conf.py)
# behind nginx (deploy/nginx/wanganlian.conf, ports rewritten), two RQ workers on every queue,
# two schedulers (only the Redis leader enqueues), one MariaDB, one Redis. The quiz flow
# (bench/quiz/load.py) runs through nginx; instance A is stopped (SIGTERM, as `systemctl stop`
# does) a third into the run and started again two thirds in. Afterwards: every status seen, what
# each instance served, no attempt credited twice, `flask points reconcile` clean.
# Usage: bench/rehearsal/run.sh [seconds] [concurrency]   (defaults 45 s, 16 virtual users)
# Ports: NGINX_PORT (5660), API_A_PORT (5662), API_B_PORT (5663); database $REHEARSAL_DB.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
VENV=${VENV:-$ROOT/.venv}
SECONDS_TOTAL=${1:-45}
CONCURRENCY=${2:-16}
NGINX_PORT=${NGINX_PORT:-5660}
A=${API_A_PORT:-5662}
B=${API_B_PORT:-5663}
DB=${REHEARSAL_DB:-test_f_rehearsal}
export APP_ENV=development FLASK_APP=wsgi PROXY_FIX_X_FOR=1 LOG_LEVEL=INFO
export DATABASE_URL="mysql+pymysql://root@127.0.0.1:3306/$DB?charset=utf8mb4"
export REDIS_URL=${REHEARSAL_REDIS_URL:-redis://127.0.0.1:6379/10}
export RATELIMIT_PER_ADDRESS=1000000/minute BENCH_USERS=${BENCH_USERS:-2000}
export GUNICORN_WORKERS=${GUNICORN_WORKERS:-2} GUNICORN_THREADS=${GUNICORN_THREADS:-4}
WORK=$(mktemp -d)
export PROMETHEUS_MULTIPROC_DIR=$WORK/metrics
mkdir -p "$WORK/metrics" "$WORK/nginx/logs" "$WORK/logs"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx/nginx.pid" ] && kill -QUIT "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "logs kept in $WORK"
}
trap cleanup EXIT

mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4"
redis-cli -u "$REDIS_URL" flushdb >/dev/null
"$VENV/bin/python" -m bench.quiz.setup_data "$WORK/tokens" >/dev/null
"$VENV/bin/flask" db stamp head >/dev/null 2>&1  # setup_data builds the schema; /readyz wants head

sed -e "s#/etc/nginx/wanganlian-proxy.conf#$WORK/nginx/proxy.conf#" \
    -e "s#/var/log/nginx/#$WORK/nginx/logs/#" -e "s#listen 80;#listen 127.0.0.1:$NGINX_PORT;#" \
    -e "/listen \[::\]:80;/d" -e "s#server 127.0.0.1:8000 \(.*\);#server 127.0.0.1:$A \1;\n    server 127.0.0.1:$B \1;#" \
    deploy/nginx/wanganlian.conf > "$WORK/nginx/site.conf"
cp deploy/nginx/wanganlian-proxy.conf "$WORK/nginx/proxy.conf"
printf 'pid %s;\nerror_log %s;\nworker_processes 1;\nevents {}\nhttp { include /etc/nginx/mime.types; include %s; }\n' \
  "$WORK/nginx/nginx.pid" "$WORK/nginx/logs/error.log" "$WORK/nginx/site.conf" > "$WORK/nginx/nginx.conf"
nginx -p "$WORK/nginx" -e "$WORK/nginx/logs/error.log" -c "$WORK/nginx/nginx.conf"

api() {  # api NAME PORT: one gunicorn instance, its JSON logs in $WORK/logs/NAME.log
  GUNICORN_BIND=127.0.0.1:$2 "$VENV/bin/gunicorn" -c deploy/gunicorn.conf.py bench.quiz.app:app \
    >>"$WORK/logs/$1.log" 2>&1 &
  echo $!
}
API_A=$(api a "$A"); API_B=$(api b "$B"); PIDS+=("$API_B")
for n in 1 2; do
  "$VENV/bin/flask" rq worker settlements notifications default >"$WORK/logs/worker$n.log" 2>&1 &
  PIDS+=($!)
  TZ=Asia/Shanghai "$VENV/bin/flask" rq scheduler >"$WORK/logs/scheduler$n.log" 2>&1 &
  PIDS+=($!)
done
for port in "$A" "$B"; do
  for _ in $(seq 1 100); do curl -sf -o /dev/null "127.0.0.1:$port/healthz" && break; sleep 0.2; done
done
for _ in $(seq 1 60); do  # the first scheduler beat makes it ready
  [ "$(curl -s -o /dev/null -w '%{http_code}' 127.0.0.1:$NGINX_PORT/readyz)" = 200 ] && break; sleep 1
done
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "readyz through nginx: $(curl -s -o /dev/null -w '%{http_code}' 127.0.0.1:$NGINX_PORT/readyz)"

"$VENV/bin/python" -m bench.quiz.load "$WORK/tokens" --mode flow --seconds "$SECONDS_TOTAL" \
  --warmup 0 --concurrency "$CONCURRENCY" --port "$NGINX_PORT" > "$WORK/result.json" &
LOAD=$!
sleep $((SECONDS_TOTAL / 3))
kill -TERM "$API_A"; wait "$API_A" 2>/dev/null || true
echo "t=$((SECONDS_TOTAL / 3))s: instance A stopped (SIGTERM, graceful)"
sleep $((SECONDS_TOTAL / 3))
API_A=$(api a "$A"); PIDS+=("$API_A")
echo "t=$((2 * SECONDS_TOTAL / 3))s: instance A started again"
wait "$LOAD"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$WORK/result.json"

served() { grep -c '"logger": "app.requests", "message": "POST' "$WORK/logs/$1.log" || true; }
echo "POSTs served: instance A $(served a), instance B $(served b)"
echo "nginx statuses: $(awk '{print $7}' "$WORK/nginx/logs/wanganlian.access.log" | sort | uniq -c | tr -s ' \n' ' ')"
echo "nginx upstream errors: $(grep '\[error\]' "$WORK/nginx/logs/wanganlian.error.log" | grep -o '[a-z()]* failed ([0-9]*: [A-Za-z ]*)\|upstream [a-z ]*' | sort | uniq -c | tr -s ' \n' ' ')"
echo "attempts credited twice: $(mysql -uroot -h127.0.0.1 -N -e "SELECT COUNT(*) FROM (SELECT reference_id FROM $DB.point_transfers WHERE reference_type='quiz_attempt' GROUP BY reference_id HAVING COUNT(*) > 1) d")"
echo "attempts (all / submitted / scoring) and quiz credits: $(mysql -uroot -h127.0.0.1 -N -e "SELECT (SELECT COUNT(*) FROM $DB.quiz_attempts), (SELECT COUNT(*) FROM $DB.quiz_attempts WHERE status='submitted'), (SELECT COUNT(*) FROM $DB.quiz_attempts WHERE points_awarded > 0), (SELECT COUNT(*) FROM $DB.point_transfers WHERE reference_type='quiz_attempt')" | tr '\t' ' ')"
echo "scheduler leader: $(redis-cli -u "$REDIS_URL" get wanganlian:cron:leader); schedulers running: 2"
"$VENV/bin/flask" points reconcile && echo "reconcile: clean"
