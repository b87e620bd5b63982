import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalPrometheus } from '../../scripts/stack/prometheus';
import { startProcess } from '../../scripts/stack/process';
import { useTempDir } from '../helpers/temp-dir';

describe('stack processes', () => {
  const tmp = useTempDir('ufo-badrules-');

  it('a binary that dies on start fails fast with its own output in the error', async () => {
    const ruleFile = join(tmp.path, 'broken-rules.yml');
    writeFileSync(ruleFile, 'groups:\n  - name: broken\n    rules:\n      - record: "not a metric name"\n        expr: up\n');
    const started = Date.now();
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
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 20_000);

  it('stop() ends a process that ignores SIGTERM with SIGKILL after the grace period', async () => {
    const proc = startProcess({ name: 'stubborn', command: process.execPath, args: ['-e', "process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000);"] });
    await new Promise((r) => setTimeout(r, 300));
    await proc.stop(500);
    expect(proc.exitStatus()).toBe('killed by SIGKILL');
    expect(proc.logs()).toBe('up');
  });

  it('a command that does not exist is reported by name', () => {
    expect(() => startProcess({ name: 'ghost', command: '/nonexistent/ghost-binary', args: [] })).toThrow(/ghost: cannot start "\/nonexistent\/ghost-binary"/);
  });
});
