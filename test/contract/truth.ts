/** Shared by the simulator-driven log tests: a scripted fleet, and counters checked against the simulator's ground truth. */
import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import type { GroundTruth, SimulatorControl } from '../../scripts/simulator/contract';
import type { ParsedMetrics } from '../../scripts/stack/metrics-text';

export const API_KEY = 'sim-key-that-must-never-leak';
const CLOSE_REASON: Readonly<Record<string, string>> = { '1000': 'normal', '1001': 'going_away', '1006': 'connection_lost' };
const closeReason = (code: string): string => CLOSE_REASON[code] ?? `code_${code}`;

export async function linesOnDisk(file: string): Promise<number> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').length - 1;
}

/** A scripted day of the fleet: every kind of fact the log carries. Returns the execution seconds it reported. */
/** The devices and the constellation a scripted round acts on. */
function scriptedClients(c: SimulatorControl) {
  const [first, second] = c.clients().filter((cl) => cl.type === 'device');
  const constellation = c.clients().find((cl) => cl.type === 'constellation');
  if (!first || !second || !constellation) throw new Error('simulator fleet lacks devices or a constellation');
  return { first, second, constellation };
}

/** The clients the next scriptedFleetChanges disconnects and connects again (ask before it runs: it reorders the fleet). */
export function scriptedReconnects(c: SimulatorControl): string[] {
  const { second, constellation } = scriptedClients(c);
  return [second.clientId, constellation.clientId];
}

export function scriptedFleetChanges(c: SimulatorControl, round: number): number {
  const { first, second, constellation } = scriptedClients(c);
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

export function expectCountersMatchTruth(samples: ParsedMetrics, truth: GroundTruth, legacy: boolean): void {
  expect(samples.valueOrZero('ufo_sessions_started_total')).toBe(truth.sessionsStarted);
  const finished = new Map<string, number>();
  for (const [status, byReason] of Object.entries(truth.sessionsFinished))
    for (const [reason, n] of Object.entries(byReason)) finished.set(`reason=${reason},status=${status}`, n);
  expect(samples.series('ufo_sessions_finished_total')).toEqual(finished);

  expect(samples.series('ufo_registrations_rejected_total')).toEqual(
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
  expect(samples.series('ufo_http_requests_total')).toEqual(folded);

  expect(samples.series('ufo_log_messages_total')).toEqual(new Map(Object.entries(truth.logRecords).map(([level, n]) => [`level=${level}`, n])));

  for (const type of ['device', 'constellation'] as const) {
    expect(samples.valueOrZero('ufo_client_connects_total', { client_type: type })).toBe(truth.connects[type]);
    const total = Object.values(truth.disconnects[type]).reduce((a, b) => a + b, 0);
    if (legacy) {
      // The older format logs no close code: every disconnect has reason unknown.
      expect(samples.valueOrZero('ufo_client_disconnects_total', { client_type: type, reason: 'unknown' })).toBe(total);
    } else {
      for (const [code, n] of Object.entries(truth.disconnects[type]))
        expect(samples.valueOrZero('ufo_client_disconnects_total', { client_type: type, reason: closeReason(code) })).toBe(n);
    }
  }
  expect(samples.valueOrZero('ufo_exporter_errors_total', { source: 'log', kind: 'malformed_line' })).toBe(0);
}

export function expectBusyDevices(samples: ParsedMetrics, c: SimulatorControl): void {
  const devices = new Set(c.clients().filter((cl) => cl.type === 'device').map((cl) => cl.clientId));
  // The device a session runs on is busy, whichever client (the device, or a constellation) started it.
  const busy = new Set(c.sessions().map((s) => s.deviceId).filter((id) => devices.has(id)));
  expect(busy.size).toBeGreaterThan(0);
  expect(samples.valueOrZero('ufo_devices', { status: 'busy' })).toBe(busy.size);
  expect(samples.valueOrZero('ufo_devices', { status: 'online' })).toBe(devices.size - busy.size);
}
