/**
 * A user's overrides keep the promtool tests green: `build:rules --config --out DIR` with another job,
 * other alert labels and one threshold changed in every rule group writes a unit-test file that the
 * real promtool passes against DIR's rules — the cases follow the config instead of the defaults.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { promtool, PROMTOOL_TIMEOUT_MS } from '../helpers/promtool';
import { useTempDir } from '../helpers/temp-dir';
import { build } from './build-cli';

/** One changed value per rule group (ufo-meta has none); the inputs of the cases still cross each. */
const USER_CONFIG = `
job: my-ufo
alertLabels: { service: ufo-prod, tenant: acme }
rules:
  serverDownFor: 2m                               # ufo-availability
  devicesOfflineRatio: 0.25                       # ufo-fleet
  sessionFailureRatio: { warning: 0.18 }          # ufo-sessions
  http5xxRatio: { warning: 0.06 }                 # ufo-errors
  apiLatencyP95Seconds: { warning: 1.5 }          # ufo-api
  slos: { session_success: { objective: 0.97 } }  # ufo-slo
`;

describe('build:rules --config --out: the promtool tests of an override', () => {
  const dir = useTempDir('ufo-override-promtool-');
  const generated = () => join(dir.path, 'out', 'rules', 'generated');

  it('builds the override into DIR', async () => {
    await writeFile(join(dir.path, 'my.yaml'), USER_CONFIG);
    await build(['--config', join(dir.path, 'my.yaml'), '--out', join(dir.path, 'out')]);
    const rules = await readFile(join(generated(), 'ufo-rules.yml'), 'utf8');
    // The override reached the rules (otherwise a green promtool run below would prove nothing).
    for (const changed of ['job="my-ufo"', 'service: ufo-prod', '> 0.25', '> 0.18', '> 0.06', '> 1.5', 'vector(0.97)', 'for: 2m']) {
      expect(rules, changed).toContain(changed);
    }
    const tests = await readFile(join(generated(), 'ufo-rules.test.yml'), 'utf8');
    expect(tests).not.toContain('job="ufo-exporter"');
    for (const quoted of ['threshold 25%', 'threshold 18%', 'threshold 6%', 'threshold 1.5s', '97% over 30d', 'more than 2m']) {
      expect(tests, quoted).toContain(quoted);
    }
  }, 300_000);

  it('promtool check rules accepts the rules in DIR', async () => {
    const r = await promtool(['check', 'rules', 'ufo-rules.yml'], generated());
    expect(r.output, r.output).toContain('SUCCESS');
    expect(r.code, r.output).toBe(0);
  }, PROMTOOL_TIMEOUT_MS);

  it('promtool test rules passes the unit tests written for the override', async () => {
    const r = await promtool(['test', 'rules', 'ufo-rules.test.yml'], generated());
    expect(r.output, r.output).toContain('SUCCESS');
    expect(r.code, r.output).toBe(0);
  }, PROMTOOL_TIMEOUT_MS);
});
