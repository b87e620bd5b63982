#!/usr/bin/env bash
# Installs the npm dependencies when node_modules is missing or older than the lockfile, and compiles
# the exporter (dist/, `npm run build`) when it is missing or older than its sources, so the README's
# commands work on a fresh clone. Messages go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure-deps: installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
npx tsx scripts/build-exporter.ts --if-stale
