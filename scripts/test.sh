#!/usr/bin/env bash
# The README's test command (`npm test`): every check CI runs, in order. Fails on the first red step.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-tools.sh
echo "== typecheck"
npx tsc --noEmit -p .
echo "== generated files match their sources"
npx tsx scripts/build-rules.ts --check
echo "== tests"
mkdir -p test-artifacts
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json "$@" || status=$?
# A closing line CI can read whatever the runner: 'N passed, N failed'.
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-artifacts/vitest.json", "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
  if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
' || status=1
exit $status
