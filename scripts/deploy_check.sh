#!/usr/bin/env bash
# `make deploy-check`: validate deploy/ with the real tools from Debian's packages.
#   nginx -t        the site, inside a throw-away nginx.conf under a temporary prefix
#   systemd-analyze verify   every unit (templates as an instance), offline: --root points at a
#                   temporary tree holding the system's own units (so targets like sysinit.target
#                   resolve) and stand-ins for the programs the units run (verify checks that each
#                   ExecStart= path is executable, and /srv/wanganlian is not installed here);
#                   no PID 1 systemd is needed. Any warning (unknown key, bad value) fails.
#   promtool        check rules and test rules on deploy/prometheus
#   logrotate -d    parses deploy/logrotate/wanganlian without rotating anything
# Needs: apt-get install nginx systemd prometheus logrotate (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
DEPLOY=$PWD/deploy
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "deploy-check: $*" >&2; exit 1; }
for tool in nginx systemd-analyze promtool logrotate; do
  command -v "$tool" >/dev/null || fail "$tool is missing: apt-get install nginx systemd prometheus logrotate"
done

echo "== nginx -t"
mkdir -p "$TMP/nginx/logs"
sed -e "s#/etc/nginx/wanganlian-proxy.conf#$TMP/nginx/wanganlian-proxy.conf#" \
    -e "s#/var/log/nginx/#$TMP/nginx/logs/#" "$DEPLOY/nginx/wanganlian.conf" > "$TMP/nginx/site.conf"
cp "$DEPLOY/nginx/wanganlian-proxy.conf" "$TMP/nginx/"
cat > "$TMP/nginx/nginx.conf" <<CONF
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    include $TMP/nginx/site.conf;
}
CONF
nginx -t -q -p "$TMP/nginx" -e "$TMP/nginx/logs/error.log" -c "$TMP/nginx/nginx.conf"
echo "nginx: the site is valid"

echo "== systemd-analyze verify"
ROOT=$TMP/root
mkdir -p "$ROOT/etc/systemd/system" "$ROOT/usr/lib/systemd"
cp -a /usr/lib/systemd/system "$ROOT/usr/lib/systemd/"
units=()
for unit in "$DEPLOY"/systemd/*; do
  name=$(basename "$unit")
  cp "$unit" "$ROOT/etc/systemd/system/$name"
  # A template is verified as its first instance.
  units+=("$ROOT/etc/systemd/system/${name/@./@1.}")
  if [[ $name == *@.* ]]; then cp "$unit" "$ROOT/etc/systemd/system/${name/@./@1.}"; fi
  { grep -hoE '^Exec[A-Za-z]*=[-@:+!]*/[^ ]+' "$unit" || true; } | sed -E 's/^[^=]+=[-@:+!]*//' | while read -r program; do
    mkdir -p "$ROOT$(dirname "$program")"
    [ -e "$ROOT$program" ] || { printf '#!/bin/sh\n' > "$ROOT$program"; chmod +x "$ROOT$program"; }
  done
done
out=$(systemd-analyze verify --root="$ROOT" --man=no --generators=no "${units[@]}" 2>&1) \
  || fail "systemd-analyze verify failed: $out"
[ -z "$out" ] || fail "systemd-analyze verify warned: $out"
echo "systemd: ${#units[@]} units verified"

echo "== promtool"
promtool check rules "$DEPLOY/prometheus/alerts.yml"
(cd "$DEPLOY/prometheus" && promtool test rules alerts_test.yml)

echo "== logrotate -d"
logrotate -d -s "$TMP/logrotate.state" "$DEPLOY/logrotate/wanganlian" > "$TMP/logrotate.out" 2>&1 \
  || { cat "$TMP/logrotate.out"; fail "logrotate refused deploy/logrotate/wanganlian"; }
grep -qi "error" "$TMP/logrotate.out" && { cat "$TMP/logrotate.out"; fail "logrotate reported an error"; }
echo "logrotate: valid"
echo "deploy-check: all passed"
