import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalPrometheus } from '../../../scripts/stack/prometheus';
import { startProcess } from '../../../scripts/stack/process';
import { waitUntil } from '../../../scripts/stack/wait';
import { useTempDir } from '../../helpers/temp-dir';

describe('stack processes', () => {
  const tmp = useTempDir('ufo-badrules-');

  it('a binary that dies on start fails fast with its own output in the error', async () => {
    const ruleFile = join(tmp.path, 'broken-rules.yml');
    writeFileSync(ruleFile, 'groups:\n  - name: broken\n    rules:\n      - record: "not a metric name"\n        expr: up\n');
    const outcome = await startLocalPrometheus({
      workDir: join(tmp.path, 'prometheus'),
      scrapeInterval: '2s',
      evaluationInterval: '1s',
      exporterTargets: ['127.0.0.1:1'],
      alertmanagerTargets: [],
      ruleFiles: [ruleFile],
    }).then(
      async (prom) => {
        await prom.process.stop();
        return new Error('prometheus started with a broken rule file');
      },
      (err: unknown) => err as Error,
    );
    expect(outcome.message).toMatch(/prometheus exited with code \d+ before it was ready/);
    expect(outcome.message).toMatch(/--- prometheus output ---[\s\S]*broken-rules\.yml/);
    // "before it was ready" is the proof it failed fast: the exit was noticed, not a readiness timeout.
  }, 60_000);

  it('stop() ends a process that ignores SIGTERM with SIGKILL after the grace period', async () => {
    const proc = startProcess({ name: 'stubborn', command: process.execPath, args: ['-e', "process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000);"] });
    // Its SIGTERM handler is installed before it prints "up": wait for the line, not for a time.
    await waitUntil('the stubborn process to print "up"', () => proc.logs() === 'up', 20_000);
    await proc.stop(500);
    expect(proc.exitStatus()).toBe('killed by SIGKILL');
    expect(proc.logs()).toBe('up');
  });

  it('a command that does not exist is reported by name', () => {
    expect(() => startProcess({ name: 'ghost', command: '/nonexistent/ghost-binary', args: [] })).toThrow(/ghost: cannot start "\/nonexistent\/ghost-binary"/);
  });
});
