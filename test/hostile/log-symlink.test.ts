/**
 * Case 7 of the hardening issue: a log path that is a symlink, swapped to another file and back to
 * one already read, re-read that file from byte 0 and counted its lines twice.
 */
import { appendFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogSource } from '../../exporter/sources/log';
import { waitUntil } from '../../scripts/stack/wait';
import { withTempDir } from '../helpers/temp-dir';
import { connectedIds, connectLine, recordingLogger, recordingSink, type RecordingSink } from '../helpers/recording-sink';

/** Points `link` at `target` atomically (a new link renamed over the old one, as deploy tools do). */
async function repoint(link: string, target: string): Promise<void> {
  await symlink(target, `${link}.new`);
  await rename(`${link}.new`, link);
}

/**
 * A log path `current.log` → a.log (line a-1), followed from its start, then pointed at b.log (line
 * b-1); `run` goes on from there with the paths and the sink.
 */
function afterSwapToB(run: (paths: { a: string; link: string }, sink: RecordingSink) => Promise<void>): Promise<void> {
  return withTempDir('ufo-hostile-log-', async (dir) => {
    const [a, b, link] = [join(dir, 'a.log'), join(dir, 'b.log'), join(dir, 'current.log')];
    await writeFile(a, connectLine('a-1'));
    await writeFile(b, connectLine('b-1'));
    await symlink(a, link);
    const sink = recordingSink();
    const source = createLogSource({ file: link, fromStart: true, logger: recordingLogger(), pollMs: 20 });
    await source.start(sink);
    try {
      await waitUntil('a.log read', () => connectedIds(sink).length === 1);
      await repoint(link, b);
      await waitUntil('b.log read', () => connectedIds(sink).length === 2);
      await run({ a, link }, sink);
    } finally {
      await source.stop();
    }
  });
}

describe('log source following a symlink', () => {
  it('reads on where it left a file the link points back to, counting no line twice', () =>
    afterSwapToB(async ({ a, link }, sink) => {
      await appendFile(a, connectLine('a-2'));
      await repoint(link, a);
      await waitUntil('the new line of a.log', () => connectedIds(sink).includes('a-2'));
      await appendFile(a, connectLine('a-3'));
      await waitUntil('a-3', () => connectedIds(sink).includes('a-3'));
      expect(connectedIds(sink)).toEqual(['a-1', 'b-1', 'a-2', 'a-3']);
    }));

  it('reads a file from its start when its inode was reused by new content', () =>
    afterSwapToB(async ({ a, link }, sink) => {
      // Same inode, different bytes: not the file we read, so it is read from byte 0.
      await writeFile(a, connectLine('x-1') + connectLine('x-2'));
      await repoint(link, a);
      await waitUntil('the rewritten a.log', () => connectedIds(sink).length === 4);
      expect(connectedIds(sink)).toEqual(['a-1', 'b-1', 'x-1', 'x-2']);
    }));
});
