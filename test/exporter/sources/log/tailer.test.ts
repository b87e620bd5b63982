import { appendFile, rename, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Source } from '../../../../exporter/events';
import { createLogSource } from '../../../../exporter/sources/log';
import { FileTailer } from '../../../../exporter/sources/log/tailer';
import { waitUntil } from '../../../../scripts/stack/wait';
import { withTempDir } from '../../../helpers/temp-dir';
import { connectedIds, connectLine, recordingLogger, recordingSink, type RecordingSink } from '../../../helpers/recording-sink';

const POLL_MS = 20;

/** Runs `run` on a log file path in a fresh temp dir, the file holding `content` (not created when undefined). */
function withLogFile(content: string | undefined, run: (file: string) => Promise<void>): Promise<void> {
  return withTempDir('ufo-log-', async (dir) => {
    const file = join(dir, 'ufo.log');
    if (content !== undefined) await writeFile(file, content);
    await run(file);
  });
}

async function follow(file: string, fromStart: boolean, run: (sink: RecordingSink, logger: ReturnType<typeof recordingLogger>) => Promise<void>): Promise<void> {
  const sink = recordingSink();
  const logger = recordingLogger();
  const source: Source = createLogSource({ file, fromStart, logger, pollMs: POLL_MS });
  await source.start(sink);
  try {
    await run(sink, logger);
  } finally {
    await source.stop();
  }
}

/** What a FileTailer that polls only when told has delivered and reported so far. */
interface ManualTailer {
  readonly tailer: FileTailer;
  /** Everything delivered, decoded. */
  text(): string;
  readonly counts: { waits: number; rotations: number; truncations: number };
}

/** Runs `run` with a FileTailer on `file` whose timer (60 s) does not fire within a test and that watches nothing: it polls only when told. */
async function withManualTailer(file: string, run: (t: ManualTailer) => Promise<void>): Promise<void> {
  let text = '';
  const counts = { waits: 0, rotations: 0, truncations: 0 };
  const tailer = new FileTailer(file, { fromStart: false, pollMs: 60_000, watch: false }, {
    data: (chunk) => void (text += Buffer.from(chunk).toString('utf8')),
    opened: () => undefined,
    waiting: () => void counts.waits++,
    rotated: () => void counts.rotations++,
    truncated: () => void counts.truncations++,
    caughtUp: () => undefined,
    failed: (error) => {
      throw error;
    },
  });
  await tailer.start();
  try {
    await run({ tailer, text: () => text, counts });
  } finally {
    await tailer.stop();
  }
}

describe('log source: following a file like tail -F', () => {
  it('starts at the end of an existing file by default, and at its start with fromStart', () =>
    withLogFile(connectLine('old-1') + connectLine('old-2'), async (file) => {
      await follow(file, false, async (sink) => {
        await appendFile(file, connectLine('new-1'));
        await waitUntil('new-1', () => connectedIds(sink).length === 1);
        expect(connectedIds(sink)).toEqual(['new-1']);
      });
      await follow(file, true, async (sink) => {
        // start() resolves after the existing content was read.
        expect(connectedIds(sink)).toEqual(['old-1', 'old-2', 'new-1']);
        expect(sink.lines).toBe(3);
      });
    }));

  it('buffers a partial last line until its newline, even with an emoji split across writes', () =>
    withLogFile('', async (file) => {
      await follow(file, false, async (sink) => {
        const bytes = Buffer.from(connectLine('emoji-1'));
        const emojiAt = bytes.indexOf(Buffer.from('📱'));
        // A whole line, then half of the 4-byte emoji, in one write: once the whole line is seen,
        // the poll that read it has read the half line too (a poll reads to the end of the file).
        await appendFile(file, Buffer.concat([Buffer.from(connectLine('whole-1')), bytes.subarray(0, emojiAt + 2)]));
        await waitUntil('the whole line', () => connectedIds(sink).length === 1);
        expect(connectedIds(sink)).toEqual(['whole-1']);
        expect(sink.lines).toBe(1);
        await appendFile(file, bytes.subarray(emojiAt + 2));
        await waitUntil('the completed line', () => connectedIds(sink).length === 2);
        expect(connectedIds(sink)).toEqual(['whole-1', 'emoji-1']);
        expect(sink.lines).toBe(2);
        expect(sink.errors).toEqual([]);
      });
    }));

  it('survives rotation: reads the rest of the old file, then the new file from its start', () =>
    withLogFile('', async (file) => {
      await follow(file, false, async (sink, logger) => {
        await appendFile(file, connectLine('before-1'));
        await waitUntil('before-1', () => connectedIds(sink).length === 1);
        // Written just before the rename, never seen by a poll on the old name:
        await appendFile(file, connectLine('before-2'));
        await rename(file, `${file}.1`);
        await writeFile(file, connectLine('after-1') + connectLine('after-2'));
        await waitUntil('the new file', () => connectedIds(sink).length === 4);
        expect(connectedIds(sink)).toEqual(['before-1', 'before-2', 'after-1', 'after-2']);
        expect(logger.lines.some((l) => l.msg.includes('rotated'))).toBe(true);
      });
    }));

  it('survives truncation (copytruncate): reads again from byte 0', () =>
    withLogFile('', async (file) => {
      await follow(file, false, async (sink, logger) => {
        await appendFile(file, connectLine('a') + connectLine('b'));
        await waitUntil('a, b', () => connectedIds(sink).length === 2);
        await truncate(file, 0);
        // A poll saw the empty file when it says so; 'c' is shorter than a + b, so it is only read if the shrink was noticed.
        await waitUntil('the truncation to be noticed', () => logger.lines.some((l) => l.msg.includes('truncated')));
        await appendFile(file, connectLine('c'));
        await waitUntil('c', () => connectedIds(sink).length === 3);
        expect(connectedIds(sink)).toEqual(['a', 'b', 'c']);
      });
    }));

  it('waits for a file that does not exist yet (one log line, not one per poll) and reads it from its start', () =>
    withLogFile(undefined, async (file) => {
      await follow(file, false, async (sink, logger) => {
        // That it is reported once however many polls find no file is tested on FileTailer below.
        await waitUntil('the missing file to be reported', () => logger.lines.some((l) => l.msg.includes('does not exist')));
        await writeFile(file, connectLine('first'));
        await waitUntil('first', () => connectedIds(sink).length === 1);
        expect(logger.lines.filter((l) => l.msg.includes('does not exist'))).toHaveLength(1);
        expect(sink.errors).toEqual([]);
      });
    }));

  it('reports a malformed line with file:line, and keeps going', () =>
    withLogFile(connectLine('x') + '2026-11-21 04:28:27,535 no separators\n' + connectLine('y'), async (file) => {
      await follow(file, true, async (sink) => {
        expect(connectedIds(sink)).toEqual(['x', 'y']);
        expect(sink.errors).toEqual([{ source: 'log', kind: 'malformed_line', message: expect.stringContaining(`${file}:2:`) }]);
      });
      // Following from the end of the file, line numbers count from there.
      await follow(file, false, async (sink) => {
        await appendFile(file, '{"level": broken\n');
        await waitUntil('the error', () => sink.errors.length === 1);
        expect(sink.errors[0]).toMatchObject({ kind: 'bad_json', message: expect.stringContaining(`${file}:+1:`) });
      });
    }));

  it('drops an over-long line with one error and reads the next line', () =>
    withLogFile('x'.repeat(600_000) + '\n' + connectLine('after-huge'), async (file) => {
      await follow(file, true, async (sink) => {
        expect(connectedIds(sink)).toEqual(['after-huge']);
        expect(sink.errors.map((e) => e.kind)).toEqual(['line_too_long']);
      });
    }));
});

describe('FileTailer: a missing file', () => {
  it('is reported once however many polls find it missing, and read from byte 0 when it appears', () =>
    withLogFile(undefined, (file) =>
      withManualTailer(file, async ({ tailer, text, counts }) => {
        await tailer.poll();
        await tailer.poll();
        expect(counts.waits).toBe(1);
        await writeFile(file, 'first\n');
        await tailer.poll();
        expect(text()).toBe('first\n');
      }),
    ));
});

describe('FileTailer: a copytruncate refilled past the old position between two polls', () => {
  it('notices the rewrite (the bytes before its position changed) and reads the new content from byte 0', () =>
    withLogFile('', (file) =>
      withManualTailer(file, async ({ tailer, text, counts }) => {
        await appendFile(file, 'first line\n');
        await tailer.poll();
        expect(text()).toBe('first line\n');
        // Truncated and refilled beyond the old size: by size alone this looks like an append.
        await truncate(file, 0);
        await appendFile(file, 'a longer second line\n');
        await tailer.poll();
        expect(counts.truncations).toBe(1);
        expect(text()).toBe('first line\na longer second line\n');
        // Plain appends afterwards are not mistaken for rewrites.
        await appendFile(file, 'third\n');
        await tailer.poll();
        expect(counts.truncations).toBe(1);
        expect(text()).toBe('first line\na longer second line\nthird\n');
      }),
    ));
});

describe('FileTailer: rotation while the old file still grows', () => {
  it('reads the old file while it grows, and switches to the new one within a few polls even if the old keeps growing', () =>
    withLogFile('', (file) =>
      withManualTailer(file, async ({ tailer, text, counts }) => {
        await appendFile(file, 'old 1\n');
        await tailer.poll();
        await rename(file, `${file}.1`);
        await writeFile(file, 'new 1\n');
        // A writer still on the renamed file: each poll finds it grown.
        let polls = 0;
        for (let i = 2; counts.rotations === 0; i++) {
          expect(polls).toBeLessThan(8);
          await appendFile(`${file}.1`, `old ${i}\n`);
          await tailer.poll();
          polls++;
        }
        const oldLines = text().split('\n').filter((l) => l.startsWith('old'));
        expect(oldLines).toEqual(Array.from({ length: polls + 1 }, (_, i) => `old ${i + 1}`));
        expect(text().endsWith('new 1\n')).toBe(true);
        // Once switched, appends to the old file are no longer read.
        await appendFile(`${file}.1`, 'old late\n');
        await appendFile(file, 'new 2\n');
        await tailer.poll();
        expect(text().endsWith('new 1\nnew 2\n')).toBe(true);
        expect(counts.rotations).toBe(1);
      }),
    ));
});

describe('FileTailer: a quiet file is watched, not polled', () => {
  it('reads a line appended to a quiet file long before its next timer poll (60 s)', () =>
    withLogFile('', async (file) => {
      let text = '';
      const tailer = new FileTailer(file, { fromStart: false, pollMs: 60_000 }, {
        data: (chunk) => void (text += Buffer.from(chunk).toString('utf8')),
        opened: () => undefined,
        waiting: () => undefined,
        rotated: () => undefined,
        truncated: () => undefined,
        caughtUp: () => undefined,
        failed: (error) => {
          throw error;
        },
      });
      await tailer.start();
      try {
        // Start found the file quiet, armed the watch and set the timer a minute out: only the watch can wake it.
        await appendFile(file, 'first\n');
        await waitUntil('the watched change to be read', () => text === 'first\n');
      } finally {
        await tailer.stop();
      }
    }));
});
