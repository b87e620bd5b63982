/**
 * The log source inside the REAL exporter process (bin/ufo-exporter.js --ufo.log-file) next to its
 * API poller, against the fleet simulator: /metrics must equal the simulator's ground truth, and a
 * client reported by both the API and the log is counted once, and a scrape reads the log before it answers.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../scripts/simulator/contract';
import { startSimulator } from '../../scripts/simulator/index';
import { spawnExporter, type SpawnedExporter } from '../../scripts/stack/spawn-exporter';
import { useTempDir } from '../helpers/temp-dir';
import { parseMetrics, type ParsedMetrics } from '../../scripts/stack/metrics-text';
import { API_KEY, expectBusyDevices, expectCountersMatchTruth, linesOnDisk, scriptedFleetChanges, scriptedReconnects } from './truth';

/** Routes the exporter itself calls on every scrape: their counts move with each scrape. */
const EXPORTER_POLLS = /^\/api\/(health|clients)$/;

describe('the real exporter following the simulator log', () => {
  const tmp = useTempDir('ufo-e2e-log-');
  let sim: Simulator;
  let exporter: SpawnedExporter | undefined;
  let logFile: string;

  beforeAll(async () => {
    logFile = join(tmp.path, 'server.log');
    sim = await startSimulator({ apiKey: API_KEY, seed: 3, devices: 3, constellations: 1, logFile });
    exporter = await spawnExporter([`--ufo.url=${sim.url}`, `--ufo.api-key=${API_KEY}`, `--ufo.log-file=${logFile}`, '--ufo.log-from-start']);
  });
  afterAll(async () => {
    await exporter?.stop();
    await sim?.close();
  });

  const scrape = async (): Promise<ParsedMetrics> => parseMetrics(await (await fetch(`${exporter!.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text());

  it('exports exactly the counters of the ground truth, each client counted once', async () => {
    await scrape(); // the first poll: the API reports the clients the log already announced
    const reconnecting = scriptedReconnects(sim.control);
    scriptedFleetChanges(sim.control, 1);
    await sim.control.flushLog();
    const written = await linesOnDisk(logFile);
    // One scrape: it reads the log to its end before it answers (its own polls' access lines may come after).
    const samples = await scrape();
    expect(samples.valueOrZero('ufo_exporter_log_lines_read_total'), 'lines read by the scrape').toBeGreaterThanOrEqual(written);
    const truth = sim.control.truth();
    // The exporter's own polls keep adding /api/health and /api/clients lines: compare everything else.
    const withoutPolls = samples.filter((s) => !(s.name === 'ufo_http_requests_total' && EXPORTER_POLLS.test(s.labels['route'] ?? '')));
    const truthWithoutPolls = { ...truth, httpRequests: Object.fromEntries(Object.entries(truth.httpRequests).filter(([k]) => !/ \/api\/(health|clients) /.test(k))) };
    expectCountersMatchTruth(withoutPolls, truthWithoutPolls, false);
    expectBusyDevices(samples, sim.control);
    expect(samples.valueOrZero('ufo_up')).toBe(1);
    // The scripted changes disconnect and reconnect one device and the constellation: each has reconnected once; nobody else has.
    expect(samples.find('ufo_client_reconnects_total').map((r) => [r.labels.client_id, r.value]).sort()).toEqual(
      reconnecting.map((id) => [id, 1]).sort(),
    );
    expect(samples.valueOrZero('ufo_clients_connected', { client_type: 'device', platform: 'windows' }) + samples.valueOrZero('ufo_clients_connected', { client_type: 'device', platform: 'linux' })).toBe(
      sim.control.clients().filter((c) => c.type === 'device').length,
    );
  });

  it('answers every scrape with every line written before it, though a busy log is polled only every 5 s', async () => {
    // After the first round the file is busy: no watch wakes the source, only its 5 s timer or a scrape's read.
    for (let round = 1; round <= 5; round++) {
      for (let i = 0; i < round * 7; i++) sim.control.logHttpRequest('GET', '/api/devices', 200);
      await sim.control.flushLog();
      const written = await linesOnDisk(logFile);
      const read = (await scrape()).valueOrZero('ufo_exporter_log_lines_read_total');
      // The scrape's own poll adds access lines meanwhile: they may or may not be read yet.
      expect(read, `round ${round}`).toBeGreaterThanOrEqual(written);
    }
  });
});
