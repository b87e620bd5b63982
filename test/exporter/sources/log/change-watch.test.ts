import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChangeWatch } from '../../../../exporter/sources/log/change-watch';
import { waitUntil } from '../../../../scripts/stack/wait';
import { withTempDir } from '../../../helpers/temp-dir';

describe('ChangeWatch', () => {
  it('calls back once per arming, at the first change, and is disarmed after it', () =>
    withTempDir('ufo-watch-', async (dir) => {
      const file = join(dir, 'a.log');
      await writeFile(file, '');
      let changes = 0;
      const watch = new ChangeWatch(file, () => void changes++);
      try {
        expect(watch.arm()).toBe(true);
        expect(watch.armed).toBe(true);
        await appendFile(file, 'x\n');
        await waitUntil('the change', () => changes === 1);
        expect(watch.armed).toBe(false);
        expect(watch.arm()).toBe(true);
        await appendFile(file, 'y\n');
        await waitUntil('the second change', () => changes === 2);
      } finally {
        watch.disarm();
      }
    }));

  it('cannot arm on a missing path, and arms once the file is there (a missing file does not give watching up)', () =>
    withTempDir('ufo-watch-', async (dir) => {
      const file = join(dir, 'later.log');
      const watch = new ChangeWatch(file, () => undefined);
      expect(watch.arm()).toBe(false);
      expect(watch.armed).toBe(false);
      await writeFile(file, '');
      expect(watch.arm()).toBe(true);
      watch.disarm();
      expect(watch.armed).toBe(false);
    }));
});
