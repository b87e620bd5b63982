/**
 * The running exporter against the real fleet simulator: exact metric values after scripted fleet
 * changes, in both response shapes, and every failure mode with recovery.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator, type Simulator } from '../../scripts/simulator/index';
import { startTestExporter, type TestExporter } from '../helpers/exporter';

const API_KEY = 'contract-test-key-5f2a';

describe('exporter against the simulator: fleet changes', () => {
  let sim: Simulator;
  let exporter: TestExporter;

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: API_KEY, devices: 2, constellations: 1, seed: 7, shape: 'ids' });
    exporter = await startTestExporter({ 'ufo.url': sim.url, 'ufo.api-key': API_KEY, 'ufo.timeout': '2s', 'devices.known': 'spare-1' });
  });
  afterAll(async () => {
    await exporter?.close();
    await sim?.close();
  });

  it('reports the fleet, then connects, disconnects and a shape switch, counting nobody twice', async () => {
    const initial = sim.control.clients();
    const devices = initial.filter((c) => c.type === 'device');
    expect(devices).toHaveLength(2);
    let m = await exporter.scrape();
    expect(m.value('ufo_up')).toBe(1);
    expect(m.value('ufo_clients_connected', { client_type: 'device', platform: 'unknown' })).toBe(2);
    expect(m.value('ufo_clients_connected', { client_type: 'constellation', platform: 'unknown' })).toBe(1);
    expect(m.find('ufo_client_info').map((s) => s.labels.client_id).sort()).toEqual(initial.map((c) => c.clientId).sort());
    expect(m.value('ufo_devices', { status: 'online' })).toBe(2);
    expect(m.value('ufo_devices', { status: 'offline' })).toBe(1);

    sim.control.connect('mac-9', { platform: 'macos' });
    const gone = devices[0]!.clientId;
    sim.control.disconnect(gone, 1001);
    m = await exporter.scrape();
    expect(m.value('ufo_client_connects_total', { client_type: 'device' })).toBe(3);
    expect(m.value('ufo_client_disconnects_total', { client_type: 'device', reason: 'unknown' })).toBe(1);
    // Connected once since the exporter started: no reconnect series for anybody yet (sparse).
    expect(m.find('ufo_client_reconnects_total')).toEqual([]);
    expect(m.value('ufo_client_info', { client_id: gone })).toBeUndefined();
    expect(m.value('ufo_devices', { status: 'online' })).toBe(2);
    expect(m.value('ufo_devices', { status: 'offline' })).toBe(2);

    sim.control.setShape('rich');
    m = await exporter.scrape();
    expect(m.value('ufo_client_info', { client_id: 'mac-9' }) === 1).toBe(true);
    expect(m.find('ufo_client_info', { client_id: 'mac-9' })[0]?.labels.platform).toBe('macos');
    expect(m.value('ufo_clients_connected', { client_type: 'device', platform: 'macos' })).toBe(1);
    expect(m.value('ufo_client_connects_total', { client_type: 'device' })).toBe(3);
    const richStart = sim.control.clients().find((c) => c.clientId === 'mac-9')!.connectedAt;
    expect(m.value('ufo_client_connection_start_time_seconds', { client_id: 'mac-9' })).toBeCloseTo(richStart, 0);

    sim.control.connect(gone);
    sim.control.setShape('ids');
    m = await exporter.scrape();
    // Disconnected and back: its first reconnect, the only reconnect series.
    expect(m.find('ufo_client_reconnects_total').map((r) => [r.labels.client_id, r.value])).toEqual([[gone, 1]]);
    expect(m.value('ufo_client_connects_total', { client_type: 'device' })).toBe(4);
    // The API error kinds are exported at 0 from start-up; none of them counted.
    expect(m.find('ufo_exporter_errors_total', { source: 'api' }).filter((e) => e.value !== 0)).toEqual([]);
    expect(sim.control.truth().taskResultCalls).toBe(0);
  });
});

describe('exporter against the simulator: failures', () => {
  let sim: Simulator;
  let exporter: TestExporter;
  const TIMEOUT_MS = 400;
  /** Far beyond TIMEOUT_MS and below the test timeout: a scrape that waited for it would fail the test. */
  const SLOW_MS = 20_000;

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: API_KEY, devices: 3, constellations: 1, seed: 11 });
    exporter = await startTestExporter({ 'ufo.url': sim.url, 'ufo.api-key': API_KEY, 'ufo.timeout': `${TIMEOUT_MS}ms` });
  });
  afterEach(() => sim.control.setFault({ kind: 'none' }));
  afterAll(async () => {
    await exporter?.close();
    await sim?.close();
  });

  async function expectRecovery(): Promise<void> {
    sim.control.setFault({ kind: 'none' });
    const m = await exporter.scrape();
    expect(m.value('ufo_up')).toBe(1);
    expect(m.find('ufo_client_info')).toHaveLength(4);
  }

  it.each([
    ['unresponsive', 'timeout', { kind: 'unresponsive' } as const],
    ['slower than the timeout', 'timeout', { kind: 'slow', delayMs: SLOW_MS } as const],
    ['garbage', 'bad_json', { kind: 'garbage' } as const],
    ['wrong shape', 'bad_shape', { kind: 'wrong_shape' } as const],
    ['401', 'http_401', { kind: 'status', status: 401 } as const],
    ['422', 'http_422', { kind: 'status', status: 422 } as const],
    ['500', 'http_5xx', { kind: 'status', status: 500 } as const],
  ])('%s: ufo_up 0, errors{kind=%s} +1, stale clients hidden, one log line, then recovery', async (_name, kind, fault) => {
    await expectRecovery();
    const beforeScrape = await exporter.scrape();
    const before = beforeScrape.value('ufo_exporter_errors_total', { source: 'api', kind }) ?? 0;
    const pollSecondsBefore = beforeScrape.value('ufo_exporter_poll_duration_seconds_sum')!;
    const linesBefore = exporter.logLines.length;
    sim.control.setFault(fault);
    const m = await exporter.scrape();
    // The scrape answers although the server never does (or only after a minute): the poll was
    // aborted at its deadline. How close to --ufo.timeout the answer comes is measured by the bench
    // (`npm run bench`): a wall-clock bound here would fail on a busy machine, not on a bad exporter.
    const pollMs = (m.value('ufo_exporter_poll_duration_seconds_sum')! - pollSecondsBefore) * 1000;
    expect(pollMs).toBeLessThan(SLOW_MS);
    expect(m.value('ufo_up')).toBe(0);
    expect(m.value('ufo_exporter_errors_total', { source: 'api', kind })).toBe(before + 1);
    expect(m.find('ufo_client_info')).toEqual([]);
    expect(m.find('ufo_clients_connected')).toEqual([]);
    expect(m.value('ufo_client_connects_total', { client_type: 'device' })).toBe(3);
    const newLines = exporter.logLines.slice(linesBefore).filter((l) => JSON.parse(l).level === 'warn');
    expect(newLines).toHaveLength(1);
    expect(newLines[0]).toContain(`${sim.url}/api/`);
    expect(newLines.join('\n')).not.toContain(API_KEY);
    // The next scrape still answers.
    expect((await exporter.scrape()).value('ufo_up')).toBe(0);
    await expectRecovery();
  });

  it('a slow server within the timeout is up', async () => {
    sim.control.setFault({ kind: 'slow', delayMs: 100 });
    const m = await exporter.scrape();
    expect(m.value('ufo_up')).toBe(1);
    expect(m.value('ufo_api_request_duration_seconds_bucket', { endpoint: 'health', le: '0.05' })).toBeLessThan(
      m.value('ufo_api_request_duration_seconds_count', { endpoint: 'health' })!,
    );
  });

  it('concurrent scrapes share one poll', async () => {
    sim.control.setFault({ kind: 'slow', delayMs: 150 });
    const before = (await exporter.scrape()).value('ufo_exporter_poll_duration_seconds_count')!;
    await Promise.all([exporter.scrape(), exporter.scrape(), exporter.scrape(), exporter.scrape()]);
    const after = (await exporter.scrape()).value('ufo_exporter_poll_duration_seconds_count')!;
    // One shared poll for the four concurrent scrapes, plus the poll of the final scrape.
    expect(after - before).toBe(2);
  });

  it('server gone: connection_refused, then recovery when it is back on the same port', async () => {
    const port = Number(new URL(sim.url).port);
    await sim.close();
    const m = await exporter.scrape();
    expect(m.value('ufo_up')).toBe(0);
    expect(m.value('ufo_exporter_errors_total', { source: 'api', kind: 'connection_refused' })).toBe(1);
    sim = await startSimulator({ apiKey: API_KEY, devices: 3, constellations: 1, seed: 11, port });
    await expectRecovery();
  });
});

describe('exporter against the simulator: the per-client cap', () => {
  it('exports exactly N per-client series and says how many were dropped', async () => {
    const sim = await startSimulator({ apiKey: API_KEY, devices: 6, constellations: 0, seed: 3 });
    const exporter = await startTestExporter({ 'ufo.url': sim.url, 'ufo.api-key': API_KEY, 'clients.max-series': '4' });
    try {
      const m = await exporter.scrape();
      for (const name of ['ufo_client_info', 'ufo_client_connection_start_time_seconds']) expect(m.find(name), name).toHaveLength(4);
      expect(m.find('ufo_client_reconnects_total')).toEqual([]);
      expect(m.value('ufo_exporter_client_series_dropped')).toBe(2);
      expect(m.value('ufo_clients_connected', { client_type: 'device' })).toBe(6);
      expect(exporter.logLines.filter((l) => l.includes('per-client series capped'))).toHaveLength(1);
      await exporter.scrape();
      expect(exporter.logLines.filter((l) => l.includes('per-client series capped'))).toHaveLength(1);

      // Every client reconnects once: the reconnect series stay within the same cap, on the same clients.
      const ids = sim.control.clients().map((c) => c.clientId);
      for (const id of ids) sim.control.disconnect(id, 1006);
      await exporter.scrape();
      for (const id of ids) sim.control.connect(id);
      const after = await exporter.scrape();
      const reconnects = after.find('ufo_client_reconnects_total');
      expect(reconnects.map((r) => r.value)).toEqual([1, 1, 1, 1]);
      expect(reconnects.map((r) => r.labels.client_id).sort()).toEqual(after.find('ufo_client_info').map((r) => r.labels.client_id).sort());
      expect(after.value('ufo_exporter_client_series_dropped')).toBe(2);
    } finally {
      await exporter.close();
      await sim.close();
    }
  });
});

describe('exporter wiring: the /events socket', () => {
  it('is off without a token and applies pushed events to the same state when configured', async () => {
    const sim = await startSimulator({ apiKey: API_KEY, devices: 1, constellations: 0, seed: 9 });
    const off = await startTestExporter({ 'ufo.url': sim.url, 'ufo.api-key': API_KEY });
    const on = await startTestExporter({ 'ufo.url': sim.url, 'ufo.api-key': API_KEY, 'events.token': 'push-token-1' });
    try {
      const wsUrl = (base: string): string => `${base.replace(/^http/, 'ws')}/events`;
      const refused = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`${wsUrl(off.url)}?token=push-token-1`);
        ws.on('open', () => resolve('open'));
        ws.on('error', () => resolve('refused'));
      });
      expect(refused).toBe('refused');

      const ws = new WebSocket(wsUrl(on.url), { headers: { Authorization: 'Bearer push-token-1' } });
      const reply = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no reply from /events within 5 s')), 5000);
        ws.on('open', () => ws.send(JSON.stringify({ type: 'http_request', method: 'GET', route: '/api/clients', code: 200, duration_seconds: 0.03 })));
        ws.on('message', (data) => {
          clearTimeout(timer);
          resolve(String(data));
        });
        ws.on('error', reject);
      });
      ws.close();
      expect(JSON.parse(reply)).toMatchObject({ type: 'ack', accepted: 1 });
      const m = await on.scrape();
      expect(m.value('ufo_http_request_duration_seconds_count', { method: 'GET', route: '/api/clients' })).toBe(1);
      expect(m.value('ufo_exporter_events_total', { source: 'push' })).toBe(1);
    } finally {
      await off.close();
      await on.close();
      await sim.close();
    }
  });
});
