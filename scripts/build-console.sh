#!/usr/bin/env bash
# Build the web console into console/dist (npm ci + vite build), skipped when dist is newer
# than every source file. Production serves dist as static files: no Node at run time.
set -euo pipefail
cd "$(dirname "$0")/../console"
stamp=dist/index.html
if [ -f "$stamp" ] && [ -z "$(find src index.html vite.config.js package.json package-lock.json -newer "$stamp" -print -quit)" ]; then
  echo "console: dist is up to date"
  exit 0
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npx vite build --logLevel warn
echo "console: built into console/dist (served at /console/)"
