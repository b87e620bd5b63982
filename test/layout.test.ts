/**
 * test/README.md's layout rule: a module's test is found by its name. Every test file either sits
 * in a folder for tests that are not about one module, or is named after a module (or folder) at
 * the same path in the code (`<module>.test.ts`, `<module>.<aspect>.test.ts`), or is one of the
 * few feature tests listed here.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../scripts/build/run';

const TEST_ROOT = join(REPO_ROOT, 'test');
/** Folders of tests that are not about one module (test/README.md). */
const NOT_ONE_MODULE = ['contract', 'fuzz', 'hostile', 'deploy', 'e2e', 'docs'];
/** Tests of a feature spanning a folder's modules, named after the feature. */
const FEATURE_TESTS = new Set([
  'exporter/status/disabled.test.ts',
  'exporter/status/status-page.test.ts',
  'exporter/status/status-page-alerts.test.ts',
  'exporter/status/telemetry-link.test.ts',
  'exporter/web/access-control.test.ts',
  'rules/coverage.test.ts',
  'rules/promtool.test.ts',
  'layout.test.ts',
]);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [relative(TEST_ROOT, join(dir, e.name))] : [],
  );
}

/** The code a test file is named after: `a/b/c.aspect.test.ts` → `a/b/c.ts`, a shell script `a/b/c.sh`, or the folder `a/b/c/`. */
function namesModule(file: string): boolean {
  const dir = join(file, '..');
  const module = file.slice(dir === '.' ? 0 : dir.length + 1).split('.')[0] ?? '';
  // Tests of the test helpers sit beside them, in test/helpers/.
  const base = dir.startsWith('helpers') ? TEST_ROOT : REPO_ROOT;
  return ['.ts', '.sh', ''].some((ext) => existsSync(join(base, dir, module + ext)));
}

describe('test layout', () => {
  it('finds the test files, and tells a mirrored name from a feature-grouped one (the check below is not blind)', () => {
    expect(testFiles(TEST_ROOT).length).toBeGreaterThan(50);
    expect(namesModule('exporter/state/fleet-state.disconnect-grace.test.ts')).toBe(true);
    expect(namesModule('exporter/sources/push/index.test.ts')).toBe(true);
    expect(namesModule('scripts/ensure-deps.test.ts')).toBe(true); // scripts/ensure-deps.sh
    expect(namesModule('log/fuzz.test.ts')).toBe(false);
    expect(namesModule('exporter/fleet-state.test.ts')).toBe(false);
  });

  it('names every test after its module, or puts it in a not-one-module folder, or lists it as a feature test', () => {
    const misplaced = testFiles(TEST_ROOT).filter((f) => !NOT_ONE_MODULE.includes(f.split('/')[0] ?? '') && !FEATURE_TESTS.has(f) && !namesModule(f));
    expect(misplaced, 'see test/README.md: test/<path of the module>/<module>[.<aspect>].test.ts').toEqual([]);
  });
});
