/** The generated site-agent configs (one per central store) pass `promtool check config --agent`. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/build/run';
import { REMOTE_WRITE_EXAMPLES } from '../../scripts/stack/global-view';

describe('site agent configs (deploy/prometheus/agent-*.yml)', () => {
  it.each(Object.keys(REMOTE_WRITE_EXAMPLES))('promtool accepts the agent config for %s', (store) => {
    const file = join(REPO_ROOT, 'deploy', 'prometheus', `agent-${store}.yml`);
    expect(execFileSync('promtool', ['check', 'config', '--agent', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 })).toMatch(/SUCCESS/);
  });

  it('promtool refuses an agent config with rule files (so the check can fail)', () => {
    const file = join(REPO_ROOT, 'deploy', 'prometheus', 'prometheus.yml');
    expect(() => execFileSync('promtool', ['check', 'config', '--agent', '--syntax-only', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 })).toThrow();
  });
});
