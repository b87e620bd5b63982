/**
 * The log source against logs written by the REAL fleet simulator, through the real fleet state and
 * metrics renderer: counters must equal the simulator's ground truth exactly, in all three formats,
 * and while the log is rotated and truncated under the source.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../../exporter/events';
import { silentLogger } from '../../exporter/logging';
import { CatalogueRenderer } from '../../exporter/metrics/renderer';
import { createStateSink } from '../../exporter/sink';
import { createLogSource } from '../../exporter/sources/log';
import { FleetState } from '../../exporter/state';
import type { GroundTruth, Simulator, SimulatorControl } from '../../scripts/simulator/contract';
import { startSimulator } from '../../scripts/simulator/index';
import { parseSamples, series, value, type Samples } from './metrics-text';
import { waitFor, withTempDir } from './source-helpers';

const API_KEY = 'sim-key-that-must-never-leak';
const CLOSE_REASON: Readonly<Record<string, string>> = { '1000': 'normal', '1001': 'going_away', '1006': 'connection_lost' };
const closeReason = (code: string): string => CLOSE_REASON[code] ?? `code_${code}`;

interface Rig {
  readonly state: FleetState;
  readonly source: Source;
  readonly sim: Simulator;
}
const rigs: Rig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    await rig.source.stop();
    await rig.sim.close();
  }
});

function scrape(state: FleetState): Samples {
  return parseSamples(new CatalogueRenderer({ view: state, maxSeries: 1000 }).render());
}

async function linesOnDisk(file: string): Promise<number> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').length - 1;
}

/** A scripted day of the fleet: every kind of fact the log carries. Returns the execution seconds it reported. */
function scriptedFleetChanges(c: SimulatorControl, round: number): number {
  const [first, second] = c.clients().filter((cl) => cl.type === 'device');
  const constellation = c.clients().find((cl) => cl.type === 'constellation');
  if (!first || !second || !constellation) throw new Error('simulator fleet lacks devices or a constellation');
  c.finishSession(c.startSession(first.clientId), 'completed', 12.5);
  c.finishSession(c.startSession(second.clientId), 'failed', 3);
  c.startSession(second.clientId);
  c.disconnect(second.clientId, 1006); // cancels its running session (device_disconnected)
  c.startSession(constellation.clientId);
  c.disconnect(constellation.clientId, 1001); // cancels (constellation_disconnected)
  c.rejectRegistration(first.clientId); // duplicate_client_id
  c.rejectRegistration(`orchestrator-x@nowhere-${round}`); // constellation_registration_failed
  c.logHttpRequest('GET', '/api/health', 200);
  c.logHttpRequest('GET', '/api/health', 200);
  c.logHttpRequest('GET', `/api/task_result/job-${round}?verbose=1`, 200);
  c.logHttpRequest('POST', '/api/dispatch', 404);
  c.logHttpRequest('GET', '/favicon.ico', 404);
  c.connect(`mac-${round}`, { platform: 'macos' });
  c.disconnect(`mac-${round}`, 4001);
  // Back to the starting fleet, with one session left running on `first` (busy).
  c.connect(second.clientId, { platform: second.platform });
  c.connect(constellation.clientId);
  c.startSession(first.clientId);
  return 12.5 + 3;
}

function expectCountersMatchTruth(samples: Samples, truth: GroundTruth, legacy: boolean): void {
  expect(value(samples, 'ufo_sessions_started_total')).toBe(truth.sessionsStarted);
  const finished = new Map<string, number>();
  for (const [status, byReason] of Object.entries(truth.sessionsFinished))
    for (const [reason, n] of Object.entries(byReason)) finished.set(`reason=${reason},status=${status}`, n);
  expect(series(samples, 'ufo_sessions_finished_total')).toEqual(finished);

  expect(series(samples, 'ufo_registrations_rejected_total')).toEqual(
    new Map(Object.entries(truth.registrationsRejected).map(([reason, n]) => [`reason=${reason}`, n])),
  );

  const http = new Map<string, number>();
  for (const [k, n] of Object.entries(truth.httpRequests)) {
    const [method, route, code] = k.split(' ');
    http.set(`code=${code},method=${method},route=${route}`, n);
  }
  if (truth.wsHandshakes.accepted > 0) http.set('code=101,method=WEBSOCKET,route=/ws', truth.wsHandshakes.accepted);
  if (truth.wsHandshakes.forbidden > 0) http.set('code=403,method=WEBSOCKET,route=/ws', truth.wsHandshakes.forbidden);
  // Routes the server does not serve are folded into `other`.
  const folded = new Map<string, number>();
  for (const [k, n] of http) {
    const route = /route=(.*)$/.exec(k)![1]!;
    const known = ['/api/health', '/api/clients', '/api/dispatch', '/api/task_result/{name}', '/ws', '/'].includes(route);
    const kk = known ? k : k.replace(/route=.*$/, 'route=other');
    folded.set(kk, (folded.get(kk) ?? 0) + n);
  }
  expect(series(samples, 'ufo_http_requests_total')).toEqual(folded);

  expect(series(samples, 'ufo_log_messages_total')).toEqual(new Map(Object.entries(truth.logRecords).map(([level, n]) => [`level=${level}`, n])));

  for (const type of ['device', 'constellation'] as const) {
    expect(value(samples, 'ufo_client_connects_total', { client_type: type })).toBe(truth.connects[type]);
    const total = Object.values(truth.disconnects[type]).reduce((a, b) => a + b, 0);
    if (legacy) {
      // The older format logs no close code: every disconnect has reason unknown.
      expect(value(samples, 'ufo_client_disconnects_total', { client_type: type, reason: 'unknown' })).toBe(total);
    } else {
      for (const [code, n] of Object.entries(truth.disconnects[type]))
        expect(value(samples, 'ufo_client_disconnects_total', { client_type: type, reason: closeReason(code) })).toBe(n);
    }
  }
  expect(value(samples, 'ufo_exporter_errors_total', { source: 'log', kind: 'malformed_line' })).toBe(0);
}

function expectBusyDevices(samples: Samples, c: SimulatorControl): void {
  const devices = new Set(c.clients().filter((cl) => cl.type === 'device').map((cl) => cl.clientId));
  const busy = new Set(c.sessions().map((s) => s.clientId).filter((id) => devices.has(id)));
  expect(busy.size).toBeGreaterThan(0);
  expect(value(samples, 'ufo_devices', { status: 'busy' })).toBe(busy.size);
  expect(value(samples, 'ufo_devices', { status: 'online' })).toBe(devices.size - busy.size);
}

describe.each(['current', 'legacy', 'json'] as const)('log source on the simulator log (%s format)', (format) => {
  it('turns the whole log into exactly the counters the simulator recorded', () =>
    withTempDir(async (dir) => {
      const logFile = join(dir, 'ufo-server.log');
      const sim = await startSimulator({ apiKey: API_KEY, seed: 11, devices: 3, constellations: 1, logFile, logFormat: format });
      const state = new FleetState();
      const sink = createStateSink({ state, logger: silentLogger, maxSeries: 1000 });
      const source = createLogSource({ file: logFile, fromStart: true, logger: silentLogger, pollMs: 20 });
      rigs.push({ state, source, sim });

      const executionSeconds = scriptedFleetChanges(sim.control, 1);
      await sim.control.flushLog();
      await source.start(sink);
      const written = await linesOnDisk(logFile);
      expect(state.logLinesRead()).toBe(written);

      const samples = scrape(state);
      expectCountersMatchTruth(samples, sim.control.truth(), format === 'legacy');
      // The older format names no session owner, so it cannot tell which device is busy.
      if (format !== 'legacy') expectBusyDevices(samples, sim.control);
      if (format !== 'legacy') {
        // The server's own "execution took" values, not created→finished wall time.
        const sum = value(samples, 'ufo_session_duration_seconds_sum', { status: 'completed' }) + value(samples, 'ufo_session_duration_seconds_sum', { status: 'failed' });
        expect(sum).toBeCloseTo(executionSeconds, 6);
      }
      expect(new CatalogueRenderer({ view: state, maxSeries: 1000 }).render()).not.toContain(API_KEY);
    }));
});

describe('log source following the simulator while the log is rotated and truncated', () => {
  it('keeps exact counts across a late-created file, a rotation and a copytruncate', () =>
    withTempDir(async (dir) => {
      const logFile = join(dir, 'ufo-server.log');
      const state = new FleetState();
      const sink = createStateSink({ state, logger: silentLogger, maxSeries: 1000 });
      // Started before the server: the file does not exist yet.
      const source = createLogSource({ file: logFile, fromStart: false, logger: silentLogger, pollMs: 20 });
      await source.start(sink);
      const sim = await startSimulator({ apiKey: API_KEY, seed: 5, devices: 4, constellations: 1, logFile });
      rigs.push({ state, source, sim });

      let readBefore = 0;
      const caughtUp = async (what: string): Promise<void> => {
        await sim.control.flushLog();
        const onDisk = await linesOnDisk(logFile);
        await waitFor(what, () => state.logLinesRead() === readBefore + onDisk);
      };

      scriptedFleetChanges(sim.control, 1);
      await caughtUp('round 1');
      readBefore = state.logLinesRead();
      await sim.control.rotateLog();
      scriptedFleetChanges(sim.control, 2);
      await caughtUp('round 2 in the new file');
      // copytruncate loses what the tailer had not read yet; real logrotate has the same race.
      readBefore = state.logLinesRead();
      await sim.control.truncateLog();
      scriptedFleetChanges(sim.control, 3);
      await caughtUp('round 3 after truncation');

      const samples = scrape(state);
      expectCountersMatchTruth(samples, sim.control.truth(), false);
      expectBusyDevices(samples, sim.control);
    }));
});
