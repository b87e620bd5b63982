#!/usr/bin/env bash
# Installs the npm dependencies when node_modules is missing or older than the lockfile, and compiles
# the exporter (dist/, `npm run build`) when it is missing or older than its sources, so the README's
# commands work on a fresh clone. Messages go to stderr.
#
# A node_modules that is a symlink (a git worktree borrowing another checkout's install) is never
# reinstalled from here: `npm ci` empties the directory it points to, which is the other checkout's
# install. When both lockfiles are the same the borrowed install is used as it is; otherwise this
# stops with what to do.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if [ -L node_modules ]; then
    # readlink -f fails when the target's parent is gone too: then the link's own text names it.
    target="$(readlink -f node_modules || readlink node_modules)"
    if [ ! -d node_modules ]; then
      echo "ensure-deps: node_modules is a symlink to $target, which does not exist;" \
        "remove the symlink (rm node_modules) and run again to install this tree's own." >&2
      exit 1
    fi
    if ! cmp -s package-lock.json "$(dirname "$target")/package-lock.json"; then
      echo "ensure-deps: node_modules is a symlink to $target, installed from another package-lock.json;" \
        "npm ci here would empty that install. Replace the symlink with this tree's own install" \
        "(rm node_modules && npm ci), or bring both lockfiles to the same content." >&2
      exit 1
    fi
  else
    echo "ensure-deps: installing npm dependencies (npm ci)" >&2
    npm ci --no-audit --no-fund >&2
  fi
fi
npx tsx scripts/build-exporter.ts --if-stale
