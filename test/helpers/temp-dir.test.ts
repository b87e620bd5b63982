import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir, withTempDir } from './temp-dir';

describe('useTempDir', () => {
  let seen = '';
  let outer: { readonly path: string };
  describe('the block that uses it', () => {
    const tmp = useTempDir('ufo-tempdir-test-');
    outer = tmp;

    it('is a fresh dir under os.tmpdir() with the prefix', async () => {
      seen = tmp.path;
      expect(dirname(seen)).toBe(tmpdir());
      expect(basename(seen)).toMatch(/^ufo-tempdir-test-\w{6}$/);
      await writeFile(join(seen, 'file'), 'x');
    });
  });

  it('is removed, with its files, once the block is done, and says so when read after', () => {
    expect(seen).not.toBe('');
    expect(existsSync(seen)).toBe(false);
    expect(() => outer.path).toThrow(/temp dir ufo-tempdir-test-\* is only there while the tests/);
  });
});

describe('withTempDir', () => {
  it('removes the dir also when the callback throws', async () => {
    let seen = '';
    await expect(
      withTempDir('ufo-tempdir-test-', async (dir) => {
        seen = dir;
        await writeFile(join(dir, 'file'), 'x');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seen).not.toBe('');
    expect(existsSync(seen)).toBe(false);
  });
});
