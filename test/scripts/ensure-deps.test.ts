/**
 * scripts/ensure-deps.sh in a tree whose node_modules is a symlink to another checkout's install (a git
 * worktree borrowing main's): it must never run `npm ci` there, which would empty the other install. The
 * real script runs in throwaway trees; their build step is a one-line script that records that it ran.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/build/run';
import { useTempDir } from '../helpers/temp-dir';

const LOCK = '{"lockfileVersion":3,"packages":{}}\n';

interface Trees {
  /** The borrowing tree: the script runs here. */
  readonly borrower: string;
  /** The install the borrower's node_modules points to. */
  readonly installed: string;
  /** The checkout that owns the install. */
  readonly owner: string;
}

/**
 * An owner checkout with an install (a marker file, and the real tsx so the build step can run) and a
 * borrower whose node_modules links to it, its package-lock.json `lock` and newer than the install.
 */
async function trees(dir: string, lock: string): Promise<Trees> {
  const owner = path.join(dir, 'owner');
  const installed = path.join(owner, 'node_modules');
  await mkdir(path.join(installed, '.bin'), { recursive: true });
  await writeFile(path.join(owner, 'package-lock.json'), LOCK);
  await writeFile(path.join(installed, '.package-lock.json'), LOCK);
  await writeFile(path.join(installed, 'marker'), 'the owner install');
  await symlink(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), path.join(installed, '.bin/tsx'));
  const borrower = path.join(dir, 'borrower');
  await mkdir(path.join(borrower, 'scripts'), { recursive: true });
  await copyFile(path.join(REPO_ROOT, 'scripts/ensure-deps.sh'), path.join(borrower, 'scripts/ensure-deps.sh'));
  await writeFile(path.join(borrower, 'scripts/build-exporter.ts'), `require('node:fs').writeFileSync('built', process.argv.slice(2).join(' '));\n`);
  await writeFile(path.join(borrower, 'package-lock.json'), lock);
  // A checkout's files are newer than the install it borrows: the script's mtime test says "stale".
  const old = new Date(Date.now() - 3_600_000);
  await utimes(path.join(installed, '.package-lock.json'), old, old);
  await symlink(installed, path.join(borrower, 'node_modules'));
  return { borrower, installed, owner };
}

function ensureDeps(borrower: string): { status: number | null; stderr: string } {
  const run = spawnSync('bash', [path.join(borrower, 'scripts/ensure-deps.sh')], { encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true' } });
  return { status: run.status, stderr: run.stderr };
}

describe('ensure-deps.sh with a symlinked node_modules', () => {
  const tmp = useTempDir('ufo-ensure-deps-');

  it('uses the borrowed install as it is when both lockfiles are the same, and goes on to the build step', async () => {
    const { borrower, installed } = await trees(path.join(tmp.path, 'same'), LOCK);
    const run = ensureDeps(borrower);
    expect(run.stderr).not.toMatch(/npm ci/);
    expect(run.status).toBe(0);
    expect(existsSync(path.join(installed, 'marker'))).toBe(true);
    expect(readFileSync(path.join(borrower, 'built'), 'utf8')).toBe('--if-stale');
  });

  it('stops with what to do, the install untouched, when the lockfiles differ', async () => {
    const { borrower, installed } = await trees(path.join(tmp.path, 'other'), LOCK.replace('{}', '{"node_modules/x":{}}'));
    const run = ensureDeps(borrower);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`node_modules is a symlink to ${installed}, installed from another package-lock.json`);
    expect(run.stderr).toContain('rm node_modules && npm ci');
    expect(existsSync(path.join(installed, 'marker'))).toBe(true);
    expect(existsSync(path.join(borrower, 'built'))).toBe(false);
  });

  it.each([
    ['its target', 'installed'],
    ['its target and the checkout around it', 'owner'],
  ] as const)('names a symlink that points nowhere: %s removed', async (what, removed) => {
    const made = await trees(path.join(tmp.path, `dangling-${removed}`), LOCK);
    await rm(made[removed], { recursive: true });
    const run = ensureDeps(made.borrower);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`node_modules is a symlink to ${made.installed}, which does not exist`);
    expect(existsSync(path.join(made.borrower, 'built'))).toBe(false);
  });
});
