/**
 * The node this project runs on accepts every flag of EXPORTER_NODE_FLAGS: node refuses an unknown
 * option with `bad option` and exit code 9 instead of starting, so a flag renamed or dropped by a
 * newer V8 would stop the exporter from starting at all.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXPORTER_NODE_ENV, EXPORTER_NODE_FLAGS } from '../../../scripts/stack/spawn-exporter';

describe('the node flags the exporter runs with, on this node', () => {
  it('start node with the exporter environment', () => {
    const run = spawnSync(process.execPath, [...EXPORTER_NODE_FLAGS, '-e', 'process.stdout.write("ok")'], {
      encoding: 'utf8',
      env: { ...process.env, ...EXPORTER_NODE_ENV },
    });
    expect(run.stderr).not.toMatch(/bad option/);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('ok');
  });

  it('would be refused if one were unknown (the check above can fail)', () => {
    const run = spawnSync(process.execPath, [...EXPORTER_NODE_FLAGS, '--no-such-v8-flag-here', '-e', '0'], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/bad option/);
  });
});
