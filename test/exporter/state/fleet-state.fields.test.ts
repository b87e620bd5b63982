/**
 * Fleet-state rules behind the field cases of issue 11 that the log fixture (test/contract/log-field-cases.test.ts)
 * cannot show on its own: the poll and the log racing, and pushed events without a target device.
 */
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../exporter/events';
import { FleetState } from '../../../exporter/state';

const at = (n: number) => 1_000 + n;
const logConnect = (id: string, t: number, platform?: string): FleetEvent => ({
  type: 'client_connected',
  source: 'log',
  at: at(t),
  clientId: id,
  ...(platform === undefined ? {} : { platform }),
});
const logDisconnect = (id: string, t: number, reason: string): FleetEvent => ({ type: 'client_disconnected', source: 'log', at: at(t), clientId: id, reason });
const poll = (t: number, clients: { clientId: string; platform?: string }[]): FleetEvent => ({ type: 'clients_snapshot', source: 'api', at: at(t), clients });
const platforms = (s: FleetState) => Object.fromEntries([...s.clients.connectedClients()].map((c) => [c.clientId, c.platform]));

describe('platform of a reconnecting client', () => {
  it('a reconnect the poll sees before the log line keeps the platform learnt from the earlier connection', () => {
    const s = new FleetState({ now: () => at(100), disconnectGraceSeconds: 30 });
    s.apply(logConnect('win-1', 1, 'windows'));
    s.apply(logDisconnect('win-1', 2, 'connection_lost'));
    s.apply(poll(3, [{ clientId: 'win-1' }]));
    expect(platforms(s)).toEqual({ 'win-1': 'windows' });
    // The log's connect line, when it comes, names no platform here: still windows.
    s.apply(logConnect('win-1', 4));
    expect(platforms(s)).toEqual({ 'win-1': 'windows' });
  });

  it('a platform from a rich poll is kept across a reconnect reported without one', () => {
    const s = new FleetState({ now: () => at(100) });
    s.apply(poll(1, [{ clientId: 'mac-1', platform: 'macos' }]));
    s.apply(poll(2, []));
    s.apply(poll(3, [{ clientId: 'mac-1' }]));
    expect(platforms(s)).toEqual({ 'mac-1': 'macos' });
  });
});

describe('busy devices without a target device in the event (pushed events, older logs)', () => {
  it('a task@device owner makes its device busy; an explicit device wins', () => {
    const s = new FleetState({ now: () => at(100) });
    s.apply(poll(0, [{ clientId: 'win-1' }, { clientId: 'demo@win-1' }, { clientId: 'mac-1' }]));
    s.apply({ type: 'session_started', source: 'push', at: at(1), sessionId: 's-1', clientId: 'demo@win-1' });
    expect(s.devices.counts()).toEqual({ online: 1, busy: 1, offline: 0 });
    // An explicit device wins over the owner's id.
    s.apply({ type: 'session_started', source: 'push', at: at(2), sessionId: 's-2', clientId: 'demo@win-1', deviceId: 'mac-1' });
    expect(s.devices.counts()).toEqual({ online: 0, busy: 2, offline: 0 });
    s.apply({ type: 'session_finished', source: 'push', at: at(3), sessionId: 's-1', status: 'completed' });
    expect(s.devices.counts()).toEqual({ online: 1, busy: 1, offline: 0 });
  });

  it('a start of a running id is the same run; a start after its finish is the next run', () => {
    const s = new FleetState({ now: () => at(100) });
    const start = (t: number): FleetEvent => ({ type: 'session_started', source: 'push', at: at(t), sessionId: 'demo@OK', clientId: 'demo@OK' });
    const finish = (t: number): FleetEvent => ({ type: 'session_finished', source: 'push', at: at(t), sessionId: 'demo@OK', status: 'completed' });
    s.apply(start(0));
    s.apply(start(1));
    s.apply(finish(2));
    s.apply(finish(3));
    s.apply(start(4));
    s.apply(finish(6));
    expect(s.sessions.started).toBe(2);
    expect(s.sessions.finished.entries().map((e) => e.value)).toEqual([2]);
    expect(s.sessions.durations.entries()[0]?.sum).toBe(4);
  });
});
