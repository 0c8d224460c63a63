#!/usr/bin/env bash
# `make walkthroughs`: run the README's examples against a fresh `make run`, so that a README
# that drifts from the API fails CI.
#
# It starts `make run` on the embedded default (SQLite, in-process Redis, jobs inline, the
# WeChat stand-in) with its own instance folder in a temporary directory, on PORT (default 5401)
# and STANDIN_PORT (default 5455), so it can run beside a developer's own `make run`. Then it
# runs, in order and in one shell with `set -euo pipefail`, the ```sh blocks of the README's
# "Quick start" and "Walk-throughs" sections (blocks fenced ```sh not-run are skipped), and
# stops the server and the stand-in. It exits non-zero naming the README line, the block and
# the command that failed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
README=$(realpath "${README:-README.md}")
VENV=$(cd "${VENV:-.venv}" && pwd)
PORT=${PORT:-5401}
STANDIN_PORT=${STANDIN_PORT:-5455}
SECTIONS=("Quick start" "Walk-throughs")

work=$(mktemp -d "${TMPDIR:-/tmp}/walkthroughs.XXXXXX")
server_pid=
stop_server() {
  [ -n "$server_pid" ] || return 0
  # The server runs in its own process group (setsid below): end make, run.sh, the stand-in
  # and flask together, then make sure none of them outlives this script.
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 -- "-$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$server_pid" 2>/dev/null || true
  server_pid=
}
finish() {
  status=$?
  stop_server
  if [ "$status" -ne 0 ] && [ -f "$work/run.log" ]; then
    echo "--- last lines of make run's output ($work/run.log) ---" >&2
    tail -n 40 "$work/run.log" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

for port in "$PORT" "$STANDIN_PORT"; do
  # Someone else's server on our port would answer in place of ours.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "walk-throughs: port $port is in use; set PORT / STANDIN_PORT to free ones" >&2
    exit 1
  fi
done

# The README as shell: the lines of runnable blocks kept, every other line blank, so that
# $LINENO in the runner is the README's own line number.
python3 - "$README" "${SECTIONS[@]}" >"$work/readme.sh" <<'PY'
import shlex
import sys

readme, sections = sys.argv[1], set(sys.argv[2:])
section = title = ""
fence = None  # the info string of the block we are in, None outside blocks
for line in open(readme, encoding="utf-8").read().splitlines():
    out = ""
    if fence is None and line.startswith("```"):
        fence = line[3:].strip()
        if fence == "sh" and section in sections:
            name = f"{section} › {title}" if title else section
            out = f'BLOCK={shlex.quote(name)}; echo "--- $BLOCK"'
    elif fence is not None and line.startswith("```"):
        fence = None
    elif fence is None and line.startswith("## "):
        section, title = line[3:].strip(), ""
    elif fence is None and line.startswith("### "):
        title = line[4:].strip()
    elif fence == "sh" and section in sections:
        out = line
    print(out)
PY
if ! grep -q '^BLOCK=' "$work/readme.sh"; then
  echo "walk-throughs: no sh blocks found under ${SECTIONS[*]} in $README" >&2
  exit 1
fi

# A fresh embedded default, whatever this shell has set for other runs.
unset APP_ENV REDIS_URL WECHAT_API_BASE UPLOAD_DIR SURVEY_EXPORT_DIR
export INSTANCE_DIR="$work/instance" DATABASE_URL="sqlite:///$work/instance/walkthroughs.db"
echo "walk-throughs: make run on 127.0.0.1:$PORT (stand-in :$STANDIN_PORT, instance $INSTANCE_DIR)"
PORT=$PORT STANDIN_PORT=$STANDIN_PORT setsid make --no-print-directory run VENV="$VENV" \
  >"$work/run.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/v1/openapi.json" && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "walk-throughs: make run exited before it answered" >&2
    exit 1
  fi
  sleep 0.5
done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/v1/openapi.json" || {
  echo "walk-throughs: make run did not answer on port $PORT within 60 s" >&2
  exit 1
}

# The README promises that `make run` prints how to log in as each demo role.
for openid in demo_resident demo_volunteer demo_station_admin demo_association_admin \
  demo_union_admin; do
  grep -q "127.0.0.1:$PORT/api/v1/auth/wechat/login.*test-$openid" "$work/run.log" || {
    echo "walk-throughs: make run did not print the login of $openid" >&2
    exit 1
  }
done

# The README is written for the default port 5000; point it at this run. On failure the runner
# names the README line as written ($BASH_COMMAND would show the helper's `return 1`); its own
# line goes before README line 1, hence LINENO - 1.
{
  cat <<'SH'
set -euo pipefail; BLOCK=; trap 'n=$((LINENO - 1)); echo "walk-throughs: FAILED at $README line $n ($BLOCK): $(sed -n "${n}p" "$README")" >&2' ERR
SH
  sed "s#127\.0\.0\.1:5000#127.0.0.1:$PORT#g" "$work/readme.sh"
} >"$work/blocks.sh"
mkdir -p "$work/cwd"
status=0
(
  # The `flask` lines (operator commands) reach the same instance through the same
  # environment (INSTANCE_DIR, DATABASE_URL above) and the same stand-in.
  cd "$work/cwd"
  export PATH="$VENV/bin:$PATH" FLASK_APP="$ROOT/wsgi.py" TMPDIR="$work" README
  export WECHAT_API_BASE="http://127.0.0.1:$STANDIN_PORT"
  timeout 300 bash "$work/blocks.sh"
) || status=$?
if [ "$status" -ne 0 ]; then
  [ "$status" -ne 124 ] || echo "walk-throughs: timed out after 300 s" >&2
  exit "$status"
fi
echo "walk-throughs: all blocks passed"
