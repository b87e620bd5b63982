/**
 * The real exporter polling the simulator's API and following its log: a disconnect the poll notices
 * before the log line with its close code is read still gets that close code as its reason.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../scripts/simulator/index';
import type { ParsedMetrics } from '../../scripts/stack/metrics-text';
import { startTestExporter, type TestExporter } from '../helpers/exporter';

const API_KEY = 'disconnect-reason-key-81c3';

async function scrapeUntil(exporter: TestExporter, done: (m: ParsedMetrics) => boolean, timeoutMs = 20_000): Promise<ParsedMetrics> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = await exporter.scrape();
    if (done(m) || Date.now() > deadline) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('exporter with the API and the log: disconnect reasons', () => {
  let dir: string;
  let sim: Simulator;
  let exporter: TestExporter;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ufo-disconnect-reason-'));
    const logFile = join(dir, 'server.log');
    sim = await startSimulator({ apiKey: API_KEY, devices: 3, constellations: 0, seed: 11, shape: 'rich', logFile });
    exporter = await startTestExporter({ 'ufo.url': sim.url, 'ufo.api-key': API_KEY, 'ufo.timeout': '2s', 'ufo.log-file': logFile });
  });
  afterAll(async () => {
    await exporter?.close();
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('counts each disconnect once, with the close code the log reports after the poll saw it', async () => {
    await exporter.scrape();
    const [a, b] = sim.control.clients();
    sim.control.disconnect(a!.clientId, 1006);
    sim.control.disconnect(b!.clientId, 1000);
    // Scraped at once: the poll sees both gone before the log tailer (stat poll, 250 ms) reads the lines.
    const first = await exporter.scrape();
    expect(first.value('ufo_clients_connected', { client_type: 'device', platform: 'windows' })).toBe(1);
    const reasons = (m: ParsedMetrics): Record<string, number> =>
      Object.fromEntries(m.find('ufo_client_disconnects_total', { client_type: 'device' }).map((s) => [s.labels.reason, s.value]));
    const m = await scrapeUntil(exporter, (x) => reasons(x).connection_lost === 1 && reasons(x).normal === 1);
    expect(reasons(m)).toEqual({ normal: 1, going_away: 0, connection_lost: 1, unknown: 0 });
  });
});
