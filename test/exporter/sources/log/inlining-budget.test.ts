import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createLogSource } from '../../../../exporter/sources/log';
import { giveTheLogV8sInliningBudget, LOG_INLINING_FLAG } from '../../../../exporter/sources/log/inlining-budget';
import { EXPORTER_NODE_FLAGS } from '../../../../scripts/stack/spawn-exporter';
import { withTempDir } from '../../../helpers/temp-dir';
import { recordingLogger, recordingSink } from '../../../helpers/recording-sink';

// The log source's own call, seen through a stand-in for the module; the real function is tested below it.
const calls = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../../../exporter/sources/log/inlining-budget', async (importActual) => {
  const actual = await importActual<typeof import('../../../../exporter/sources/log/inlining-budget')>();
  return { ...actual, giveTheLogV8sInliningBudget: () => void calls.n++ };
});

const CUMULATIVE = '--max-inlined-bytecode-size-cumulative=';
const budgetIn = (flag: string | undefined): number => Number(flag?.slice(CUMULATIVE.length));

/** Runs `node <EXPORTER_NODE_FLAGS> -e` setting `flags` at run time; V8 writes an unknown flag's name to stderr. */
function setAtRunTime(flags: string): string {
  const r = spawnSync(process.execPath, [...EXPORTER_NODE_FLAGS, '-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flags)})`], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stderr;
}

describe("the log source gives V8's inlining budget back", () => {
  it('asks for it when it starts', async () => {
    await withTempDir('ufo-inlining-', async (dir) => {
      const file = join(dir, 'ufo.log');
      await writeFile(file, '');
      const source = createLogSource({ file, fromStart: true, logger: recordingLogger(), pollMs: 20 });
      expect(calls.n).toBe(0);
      await source.start(recordingSink());
      await source.stop();
      expect(calls.n).toBe(1);
    });
  });

  it('sets the flag once per process', async () => {
    const { giveTheLogV8sInliningBudget: real } = await vi.importActual<typeof import('../../../../exporter/sources/log/inlining-budget')>('../../../../exporter/sources/log/inlining-budget');
    expect(real).not.toBe(giveTheLogV8sInliningBudget);
    const set: string[] = [];
    real((f) => set.push(f));
    real((f) => set.push(f));
    expect(set).toEqual([LOG_INLINING_FLAG]);
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
