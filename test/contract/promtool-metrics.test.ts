/**
 * `promtool check metrics` (the real Debian promtool) on the whole /metrics body of a running
 * exporter — the catalogue with every source busy (API poll, log, pushed events) and the Node.js
 * process metrics — reports nothing.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../exporter/catalogue';
import { REMOVED_PROCESS_METRICS } from '../../exporter/process-metrics';
import { startSimulator, type Simulator } from '../../scripts/simulator/index';
import { useTempDir } from '../helpers/temp-dir';
import { waitFor } from '../../scripts/stack/wait';
import { startTestExporter, type TestExporter } from '../helpers/exporter';

const API_KEY = 'promtool-test-key-3c9d';
const tmp = useTempDir('ufo-promtool-');
let sim: Simulator;
let exporter: TestExporter;

beforeAll(async () => {
  const logFile = path.join(tmp.path, 'ufo-server.log');
  sim = await startSimulator({ apiKey: API_KEY, devices: 4, constellations: 1, seed: 5, logFile });
  // Sessions that start, complete, fail and are cancelled, connects and disconnects, all in the log.
  sim.control.advance(40);
  await sim.control.flushLog();
  exporter = await startTestExporter({
    'ufo.url': sim.url,
    'ufo.api-key': API_KEY,
    'ufo.timeout': '2s',
    'ufo.log-file': logFile,
    'ufo.log-from-start': 'true',
    'events.token': 'promtool-events-token',
  });
});

afterAll(async () => {
  await exporter?.close();
  await sim?.close();
});

async function rawMetrics(): Promise<string> {
  const res = await fetch(exporter.metricsUrl, { signal: AbortSignal.timeout(5_000) });
  expect(res.status).toBe(200);
  return res.text();
}

describe('promtool check metrics on the full /metrics body', () => {
  it('reports no problem', async () => {
    // Wait for the log source to catch up with the simulator's log: a session has been counted.
    const body = await waitFor(async () => {
      const text = await rawMetrics();
      return /^ufo_sessions_started_total [1-9]/m.test(text) ? text : undefined;
    }, { what: 'a started session in /metrics', timeoutMs: 20_000, intervalMs: 20 });
    expect(body).toMatch(/^ufo_sessions_started_total [1-9]/m);
    expect(body).toContain(`${catalogue.up.name} 1`);
    expect(body).toMatch(/^process_cpu_seconds_total /m);
    expect(body).toMatch(/^nodejs_active_handles\{type="/m);
    for (const name of REMOVED_PROCESS_METRICS) expect(body).not.toContain(name);

    const result = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8', timeout: 20_000 });
    expect(result.error).toBeUndefined();
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });
});
