/**
 * The field cases of issue 11 through the REAL exporter process (bin/ufo-exporter.js --ufo.log-file)
 * following the simulator, which behaves like the real server here: a constellation's session makes
 * its device busy, session ids are reused, every API call (the exporter's own included) gets an access
 * line with the caller's real port, and a reconnect can reach the API before the log. Exact values, in
 * both response shapes of the API.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseShape, Simulator } from '../../scripts/simulator/contract';
import { startSimulator } from '../../scripts/simulator/index';
import { spawnExporter, type SpawnedExporter } from '../../scripts/stack/spawn-exporter';
import { parseMetrics, type ParsedMetrics } from '../../scripts/stack/metrics-text';
import { useTempDir } from '../helpers/temp-dir';
import { API_KEY, linesOnDisk } from './truth';

const series = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe.each(['ids', 'rich'] as const satisfies readonly ResponseShape[])('the real exporter and the simulator, %s shape', (shape) => {
  const tmp = useTempDir('ufo-field-');
  let sim: Simulator;
  let exporter: SpawnedExporter | undefined;
  let logFile: string;

  beforeAll(async () => {
    logFile = join(tmp.path, 'server.log');
    // No random churn (the ticker is not started): every change below is the test's.
    sim = await startSimulator({ apiKey: API_KEY, seed: 4, devices: 2, constellations: 0, logFile, shape });
    exporter = await spawnExporter([`--ufo.url=${sim.url}`, `--ufo.api-key=${API_KEY}`, `--ufo.log-file=${logFile}`, '--ufo.log-from-start', '--ufo.timeout=1s']);
  });
  afterAll(async () => {
    await exporter?.stop();
    await sim?.close();
  });

  const scrape = async (): Promise<ParsedMetrics> => parseMetrics(await (await fetch(`${exporter!.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text());
  /** A scrape once the exporter has read every line written before it (the scrape's own probes may follow). */
  async function settled(): Promise<ParsedMetrics> {
    await sim.control.flushLog();
    const written = await linesOnDisk(logFile);
    for (const deadline = Date.now() + 10_000; ; ) {
      const m = await scrape();
      if (m.valueOrZero('ufo_exporter_log_lines_read_total') >= written) return m;
      if (Date.now() > deadline) throw new Error(`exporter read ${m.valueOrZero('ufo_exporter_log_lines_read_total')} of ${written} lines`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('counts a constellation session as its device busy, every run of a reused id, and keeps platforms across a reconnect', async () => {
    sim.control.connect('OK', { platform: 'windows' });
    sim.control.connect('demo@OK');
    sim.control.startSession('demo@OK', { sessionId: 'demo@OK' });
    let m = await settled();
    expect(m.value('ufo_devices', { status: 'busy' })).toBe(1);
    expect(m.value('ufo_devices', { status: 'online' })).toBe(2);
    expect(m.value('ufo_sessions_active', { client_type: 'constellation' })).toBe(1);
    expect(m.value('ufo_sessions_active', { client_type: 'device' })).toBe(0);

    sim.control.finishSession('demo@OK', 'completed', 5);
    sim.control.startSession('demo@OK', { sessionId: 'demo@OK' });
    sim.control.finishSession('demo@OK', 'failed', 2);
    sim.control.startSession('demo@OK', { sessionId: 'demo@OK' });
    sim.control.finishSession('demo@OK', 'completed', 30);
    m = await settled();
    expect(m.value('ufo_sessions_started_total')).toBe(3);
    expect(m.series('ufo_sessions_finished_total')).toEqual(series({ 'reason=none,status=completed': 2, 'reason=none,status=failed': 1 }));
    expect(m.value('ufo_session_duration_seconds_sum', { status: 'completed' })).toBeCloseTo(35, 6);
    expect(m.value('ufo_devices', { status: 'busy' })).toBe(0);

    // mac-1 leaves; its reconnect reaches the API before the log writes it.
    sim.control.connect('mac-1', { platform: 'macos' });
    await settled();
    sim.control.disconnect('mac-1', 1006);
    await settled();
    sim.control.holdLog();
    sim.control.connect('mac-1', { platform: 'macos' });
    m = await scrape();
    expect(m.find('ufo_client_info', { client_id: 'mac-1' }).map((s) => s.labels.platform)).toEqual(['macos']);
    expect(m.value('ufo_clients_connected', { client_type: 'device', platform: 'unknown' })).toBeUndefined();
    sim.control.releaseLog();
    m = await settled();
    expect(m.find('ufo_client_info', { client_id: 'mac-1' }).map((s) => s.labels.platform)).toEqual(['macos']);
    expect(m.value('ufo_client_disconnects_total', { client_type: 'device', reason: 'connection_lost' })).toBe(1);
  });

  it("counts other callers' requests in ufo_http_requests_total and the exporter's own probes apart, exactly", async () => {
    sim.control.logHttpRequest('GET', '/api/health', 200);
    sim.control.logHttpRequest('POST', '/api/dispatch', 500);
    await settled();
    // Stop the probes from writing access lines (an unresponsive server answers nothing), then read to the end.
    sim.control.setFault({ kind: 'unresponsive' });
    let m = await settled();
    m = await settled();
    const truth = sim.control.truth();
    const own = Object.fromEntries(
      Object.entries(truth.httpRequestsOverSockets).map(([key, n]) => {
        const [, route, code] = key.split(' ');
        return [`code=${code},route=${route}`, n];
      }),
    );
    expect(Object.keys(own).length).toBeGreaterThan(0);
    expect(m.series('ufo_exporter_own_requests_total')).toEqual(new Map(Object.entries(own)));
    // Nobody else called /api/clients; the one other /api/health, the failed dispatch and the clients' WebSocket handshakes are the other callers'.
    expect(m.series('ufo_http_requests_total')).toEqual(
      series({
        'code=200,method=GET,route=/api/health': 1,
        'code=500,method=POST,route=/api/dispatch': 1,
        'code=101,method=WEBSOCKET,route=/ws': truth.wsHandshakes.accepted,
      }),
    );
    sim.control.setFault({ kind: 'none' });
  });
});
