import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogSource } from '../../../../exporter/sources/log';
import { LOG_INLINING_FLAG } from '../../../../exporter/sources/log/inlining-budget';
import { EXPORTER_NODE_FLAGS } from '../../../../scripts/stack/spawn-exporter';
import { withTempDir } from '../../../helpers/temp-dir';
import { recordingLogger, recordingSink } from '../../../helpers/recording-sink';

const CUMULATIVE = '--max-inlined-bytecode-size-cumulative=';
const budgetIn = (flag: string | undefined): number => Number(flag?.slice(CUMULATIVE.length));

/** Runs `node <EXPORTER_NODE_FLAGS> -e` setting `flags` at run time; V8 writes an unknown flag's name to stderr. */
function setAtRunTime(flags: string): string {
  const r = spawnSync(process.execPath, [...EXPORTER_NODE_FLAGS, '-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flags)})`], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stderr;
}

describe("the log source gives V8's inlining budget back", () => {
  it('sets the flag when it starts, and only then', async () => {
    await withTempDir('ufo-inlining-', async (dir) => {
      const file = join(dir, 'ufo.log');
      await writeFile(file, '');
      const set: string[] = [];
      const source = createLogSource({ file, fromStart: true, logger: recordingLogger(), pollMs: 20, setV8Flags: (f) => set.push(f) });
      expect(set).toEqual([]);
      await source.start(recordingSink());
      await source.stop();
      expect(set).toEqual([LOG_INLINING_FLAG]);
    });
  });

  it('is a larger budget than the one the exporter starts with', () => {
    const start = EXPORTER_NODE_FLAGS.find((f) => f.startsWith(CUMULATIVE));
    expect(budgetIn(start)).toBeGreaterThan(0);
    expect(LOG_INLINING_FLAG.startsWith(CUMULATIVE)).toBe(true);
    expect(budgetIn(LOG_INLINING_FLAG)).toBeGreaterThan(budgetIn(start));
  });

  it('is a flag this node accepts at run time', () => {
    expect(setAtRunTime(`${CUMULATIVE.slice(0, -1)}-not-a-flag=1`)).toMatch(/unrecognized flag/);
    expect(setAtRunTime(LOG_INLINING_FLAG)).toBe('');
  });
});
