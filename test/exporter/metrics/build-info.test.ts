/**
 * The git revision in `ufo_exporter_build_info`, read from `.git` without a `git` process: a plain
 * checkout (loose or packed ref), a detached HEAD, a `git worktree` (whose `.git` is a file and whose
 * refs live in the common directory), and no `.git` at all.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGitHead } from '../../../exporter/metrics/build-info';
import { withTempDir } from '../../helpers/temp-dir';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const OTHER = 'fedcba9876543210fedcba9876543210fedcba98';

async function put(file: string, text: string): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, text);
}

describe('readGitHead', () => {
  it("follows HEAD to the branch's loose ref, and names the files it read", () =>
    withTempDir('ufo-git-', async (root) => {
      await put(join(root, '.git/HEAD'), 'ref: refs/heads/main\n');
      await put(join(root, '.git/refs/heads/main'), `${COMMIT}\n`);
      expect(readGitHead(root)).toEqual({ revision: COMMIT.slice(0, 12), files: [join(root, '.git/HEAD'), join(root, '.git/refs/heads/main')] });
    }));

  it('finds a packed ref, and a detached HEAD', () =>
    withTempDir('ufo-git-', async (root) => {
      await put(join(root, '.git/HEAD'), 'ref: refs/heads/main\n');
      await put(join(root, '.git/packed-refs'), `# pack-refs with: peeled\n${OTHER} refs/heads/other\n${COMMIT} refs/heads/main\n`);
      expect(readGitHead(root).revision).toBe(COMMIT.slice(0, 12));
      expect(readGitHead(root).files).toContain(join(root, '.git/packed-refs'));
      await put(join(root, '.git/HEAD'), `${OTHER}\n`);
      expect(readGitHead(root).revision).toBe(OTHER.slice(0, 12));
    }));

  it("reads a worktree's HEAD in its own git dir and the ref in the common one", () =>
    withTempDir('ufo-git-', async (dir) => {
      const common = join(dir, 'repo/.git');
      const own = join(common, 'worktrees/wt');
      await put(join(own, 'HEAD'), 'ref: refs/heads/feature\n');
      await put(join(own, 'commondir'), '../..\n');
      await put(join(common, 'refs/heads/feature'), `${OTHER}\n`);
      await put(join(dir, 'wt/.git'), `gitdir: ${own}\n`);
      expect(readGitHead(join(dir, 'wt'))).toEqual({ revision: OTHER.slice(0, 12), files: [join(own, 'HEAD'), join(common, 'refs/heads/feature')] });
    }));

  it("answers 'unknown' without a .git or with a ref that is nowhere", () =>
    withTempDir('ufo-git-', async (root) => {
      expect(readGitHead(root).revision).toBe('unknown');
      await put(join(root, '.git/HEAD'), 'ref: refs/heads/gone\n');
      expect(readGitHead(root).revision).toBe('unknown');
    }));
});
