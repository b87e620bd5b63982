import { describe, expect, it } from 'vitest';
import type { ClientSnapshotEntry, FleetEvent } from '../../../exporter/events';
import { FleetState, classifyClientId } from '../../../exporter/state';

function snapshot(at: number, clients: (string | ClientSnapshotEntry)[]): FleetEvent {
  return {
    type: 'clients_snapshot',
    source: 'api',
    at,
    clients: clients.map((c) => (typeof c === 'string' ? { clientId: c } : c)),
  };
}

const connected = (id: string, at: number, extra: Partial<FleetEvent> = {}): FleetEvent =>
  ({ type: 'client_connected', source: 'log', at, clientId: id, ...extra }) as FleetEvent;
const disconnected = (id: string, at: number, reason?: string): FleetEvent => ({
  type: 'client_disconnected',
  source: 'log',
  at,
  clientId: id,
  reason,
});

function ids(state: FleetState): string[] {
  return [...state.clients.connectedClients()].map((c) => c.clientId);
}

function counter<L extends string>(entries: { labels: Record<L, string>; value: number }[], labels: Record<L, string>): number {
  return entries.find((e) => Object.entries(labels).every(([k, v]) => e.labels[k as L] === v))?.value ?? 0;
}

describe('classifyClientId', () => {
  it.each([
    ['win-1', 'device'],
    ['demo@win-1', 'constellation'],
    ['@win-1', 'device'],
    ['task@', 'device'],
    ['a@b@c', 'constellation'],
    ['', 'device'],
  ])('%s is a %s', (id, type) => expect(classifyClientId(id)).toBe(type));
});

describe('fleet state: clients', () => {
  it('diffs snapshots into connects and disconnects and counts connections per client', () => {
    const s = new FleetState({ now: () => 100 });
    s.apply(snapshot(1, ['win-1', 'demo@win-1']));
    expect(ids(s)).toEqual(['win-1', 'demo@win-1']);
    expect(counter(s.clients.connects.entries(), { client_type: 'device' })).toBe(1);
    expect(counter(s.clients.connects.entries(), { client_type: 'constellation' })).toBe(1);

    s.apply(snapshot(2, ['win-1', 'mac-1']));
    expect(ids(s)).toEqual(['win-1', 'mac-1']);
    expect(counter(s.clients.disconnects(), { client_type: 'constellation', reason: 'unknown' })).toBe(1);

    s.apply(snapshot(3, ['win-1', 'mac-1', 'demo@win-1']));
    expect(s.clients.connectionCount('demo@win-1')).toBe(2);
    expect(s.clients.connectionCount('win-1')).toBe(1);
    expect(counter(s.clients.connects.entries(), { client_type: 'device' })).toBe(2);
  });

  it('takes type and platform from the event, else classifies and says unknown', () => {
    const s = new FleetState();
    s.apply(connected('a@b', 1));
    s.apply(connected('x', 1, { clientType: 'constellation', platform: 'linux' } as Partial<FleetEvent>));
    s.apply(snapshot(2, [{ clientId: 'a@b' }, { clientId: 'x' }, { clientId: 'w', clientType: 'device', platform: 'windows', connectedAt: 0.5 }]));
    const byId = new Map([...s.clients.connectedClients()].map((c) => [c.clientId, c]));
    expect(byId.get('a@b')).toMatchObject({ clientType: 'constellation', platform: 'unknown', connectedAt: 1 });
    expect(byId.get('x')).toMatchObject({ clientType: 'constellation', platform: 'linux' });
    expect(byId.get('w')).toMatchObject({ clientType: 'device', platform: 'windows', connectedAt: 0.5 });
    expect(counter(s.clients.byTypeAndPlatform(), { client_type: 'constellation', platform: 'unknown' })).toBe(1);
  });

  it('never double-counts a client both the log and the API report', () => {
    const s = new FleetState();
    s.apply(connected('win-1', 10));
    s.apply(snapshot(11, ['win-1']));
    s.apply(connected('win-1', 12));
    expect(s.clients.connectionCount('win-1')).toBe(1);
    expect(s.clients.connects.entries().reduce((n, e) => n + e.value, 0)).toBe(1);
    // The log writes two disconnect lines; the second is a no-op.
    s.apply(disconnected('win-1', 13, 'normal'));
    s.apply(disconnected('win-1', 13.1));
    expect(s.clients.disconnects()).toEqual([{ labels: { client_type: 'device', reason: 'normal' }, value: 1 }]);
  });

  it('a snapshot older than the last log event about a client does not override it', () => {
    const s = new FleetState();
    s.apply(snapshot(1, ['win-1']));
    s.apply(disconnected('win-1', 5, 'connection_lost')); // log: gone at t=5
    s.apply(snapshot(4, ['win-1'])); // poll started at t=4, before the disconnect
    expect(ids(s)).toEqual([]);
    s.apply(connected('mac-1', 7)); // log: connected at t=7
    s.apply(snapshot(6, [])); // poll started at t=6 did not list it yet
    expect(ids(s)).toEqual(['mac-1']);
    s.apply(snapshot(8, ['win-1'])); // a newer poll is authoritative again
    expect(ids(s)).toEqual(['win-1']);
    expect(counter(s.clients.disconnects(), { client_type: 'device', reason: 'unknown' })).toBe(1);
  });

  it('counts devices online, busy and offline (inventory and previously seen)', () => {
    const s = new FleetState({ knownDevices: ['win-1', 'spare'] });
    expect(s.devices.counts()).toEqual({ online: 0, busy: 0, offline: 2 });
    s.apply(snapshot(1, ['win-1', 'mac-1', 'demo@win-1']));
    expect(s.devices.counts()).toEqual({ online: 2, busy: 0, offline: 1 });
    s.apply({ type: 'session_started', source: 'log', at: 2, sessionId: 's1', clientId: 'mac-1' });
    expect(s.devices.counts()).toEqual({ online: 1, busy: 1, offline: 1 });
    s.apply(snapshot(3, ['win-1', 'demo@win-1']));
    expect(s.devices.counts()).toEqual({ online: 1, busy: 0, offline: 2 });
  });

  it('keeps a bounded history of clients but never forgets a connected one', () => {
    const s = new FleetState({ clientHistoryLimit: 3 });
    s.apply(connected('keep', 0));
    for (let i = 0; i < 10; i++) {
      s.apply(connected(`c${i}`, i + 1));
      s.apply(disconnected(`c${i}`, i + 1.5));
    }
    s.apply(connected('keep', 20));
    expect(s.clients.connectionCount('keep')).toBe(1);
    expect(s.clients.connectionCount('c0')).toBe(0); // forgotten
    expect(s.clients.connectionCount('c9')).toBe(1);
  });

  it('remembers a client that just left as the most recently seen, however long it was connected', () => {
    const s = new FleetState({ clientHistoryLimit: 3 });
    s.apply(snapshot(1, ['old']));
    s.apply(connected('a', 2));
    s.apply(disconnected('a', 2.5));
    s.apply(connected('b', 3));
    s.apply(disconnected('b', 3.5));
    for (let at = 4; at < 10; at++) s.apply(snapshot(at, ['old'])); // polls while 'old' stays connected
    s.apply(snapshot(10, [])); // 'old' leaves: last seen now
    s.apply(connected('c', 11));
    s.apply(disconnected('c', 11.5)); // one over the limit: the least recently seen ('a') is forgotten
    expect(s.clients.connectionCount('old')).toBe(1);
    expect(s.clients.connectionCount('a')).toBe(0);
    expect(s.clients.connectionCount('b')).toBe(1);
    expect(s.devices.counts().offline).toBe(3); // old, b, c
  });
});

describe('fleet state: sessions', () => {
  const started = (sid: string, at: number, clientId?: string): FleetEvent => ({ type: 'session_started', source: 'log', at, sessionId: sid, clientId });
  const finished = (sid: string, at: number, status: 'completed' | 'failed' | 'cancelled', reason?: string, durationSeconds?: number): FleetEvent => ({
    type: 'session_finished',
    source: 'log',
    at,
    sessionId: sid,
    status,
    reason,
    durationSeconds,
  });

  it('counts a cancelled-then-failed session once, as cancelled with its reason', () => {
    const s = new FleetState();
    s.apply(connected('win-1', 0));
    s.apply(started('s1', 10, 'win-1'));
    s.apply(finished('s1', 15, 'cancelled', 'device_disconnected'));
    s.apply(finished('s1', 15.1, 'failed'));
    expect(s.sessions.finished.entries()).toEqual([{ labels: { status: 'cancelled', reason: 'device_disconnected' }, value: 1 }]);
    expect(s.sessions.durations.entries()).toEqual([expect.objectContaining({ labels: { status: 'cancelled' }, count: 1, sum: 5 })]);
    expect(s.sessions.running()).toEqual([]);
  });

  it('prefers the server duration, then the event duration, then finished minus started', () => {
    const s = new FleetState();
    s.apply(started('a', 0));
    s.apply({ type: 'session_duration', source: 'log', at: 7, sessionId: 'a', seconds: 6.5 });
    s.apply(finished('a', 8, 'completed', undefined, 99));
    s.apply(started('b', 0));
    s.apply(finished('b', 8, 'completed', undefined, 3));
    s.apply(started('c', 0));
    s.apply(finished('c', 8, 'completed'));
    const completed = s.sessions.durations.entries().find((h) => h.labels.status === 'completed');
    expect(completed?.count).toBe(3);
    expect(completed?.sum).toBe(6.5 + 3 + 8);
  });

  it('counts a finish for a session it never saw start, with the server duration when logged', () => {
    const s = new FleetState();
    s.apply({ type: 'session_duration', source: 'log', at: 7, sessionId: 'old', seconds: 40 });
    s.apply(finished('old', 8, 'failed'));
    s.apply(finished('older', 9, 'completed'));
    expect(counter(s.sessions.finished.entries(), { status: 'failed', reason: 'none' })).toBe(1);
    expect(counter(s.sessions.finished.entries(), { status: 'completed', reason: 'none' })).toBe(1);
    expect(s.sessions.durations.entries()).toEqual([expect.objectContaining({ labels: { status: 'failed' }, count: 1, sum: 40 })]);
    expect(s.sessions.started).toBe(0);
  });

  it('reports active sessions by owner type and the oldest active age at read time', () => {
    let now = 100;
    const s = new FleetState({ now: () => now });
    s.apply(connected('demo@win-1', 0));
    s.apply(started('s1', 40, 'demo@win-1'));
    s.apply(started('s2', 70));
    s.apply(started('s2', 80)); // duplicate start is ignored
    expect(s.sessions.started).toBe(2);
    expect(Object.fromEntries(s.sessions.activeByOwnerType())).toEqual({ constellation: 1, unknown: 1 });
    expect(s.sessions.oldestActiveAge()).toBe(60);
    now = 110;
    expect(s.sessions.oldestActiveAge()).toBe(70);
    s.apply(finished('s1', 110, 'completed'));
    expect(s.sessions.oldestActiveAge()).toBe(40);
  });

  it('forgets sessions whose owner left without a finish, after the grace period', () => {
    let now = 0;
    const s = new FleetState({ now: () => now, orphanGraceSeconds: 60 });
    s.apply(connected('win-1', 0));
    s.apply(started('s1', 1, 'win-1'));
    s.apply(disconnected('win-1', 2, 'connection_lost'));
    now = 30;
    expect(s.sessions.running()).toHaveLength(1);
    now = 63;
    expect(s.sessions.running()).toHaveLength(0);
    expect(s.sessions.forgotten).toBe(1);
    // A late finish still counts once.
    s.apply(finished('s1', 64, 'cancelled', 'device_disconnected'));
    expect(counter(s.sessions.finished.entries(), { status: 'cancelled', reason: 'device_disconnected' })).toBe(1);
  });

  it('lists session starts and finishes in the recent events, a repeated start once', () => {
    const s = new FleetState();
    s.apply(connected('win-1', 0, { platform: 'windows' } as Partial<FleetEvent>));
    s.apply({ type: 'session_started', source: 'log', at: 10, sessionId: 's1', clientId: 'win-1', platform: 'windows' });
    s.apply({ type: 'session_started', source: 'push', at: 10, sessionId: 's1', clientId: 'win-1' });
    s.apply(started('s2', 11));
    s.apply(finished('s1', 15, 'completed'));
    expect(s.recentEvents.latest().map((e) => [e.kind, e.sessionId, e.clientId, e.detail])).toEqual([
      ['session_finished', 's1', 'win-1', 'completed after 5.0s'],
      ['session_started', 's2', undefined, 'owner unknown'],
      ['session_started', 's1', 'win-1', 'device on windows'],
      ['client_connected', undefined, 'win-1', 'device on windows'],
    ]);
  });

  it('keeps the callbacks of each state to itself when several states live in one process (one wiring class for all)', () => {
    let now = 0;
    const [a, b] = [new FleetState({ now: () => now, orphanGraceSeconds: 60 }), new FleetState({ now: () => now, orphanGraceSeconds: 60, maxActiveSessions: 1 })];
    for (const s of [a, b]) {
      s.apply(connected('win-1', 0));
      s.apply(started('s1', 1, 'win-1'));
    }
    b.apply(started('s2', 2, 'win-1')); // over b's cap: s1 forgotten in b only
    b.apply(disconnected('win-1', 3, 'connection_lost'));
    now = 100;
    expect(a.sessions.running().map((r) => r.sessionId)).toEqual(['s1']);
    expect(b.sessions.running()).toEqual([]);
    expect(a.recentEvents.latest().map((e) => e.kind)).toEqual(['session_started', 'client_connected']);
    expect(b.recentEvents.latest().map((e) => e.kind)).toEqual(['client_disconnected', 'session_started', 'session_started', 'client_connected']);
    expect([a.bounds, b.bounds].map((bounds) => bounds.overflowEntries().find((o) => o.labels.bound === 'sessions_active')?.value ?? 0)).toEqual([0, 1]);
  });

  it('bounds the active set and the finished-id memory', () => {
    const s = new FleetState({ maxActiveSessions: 5, finishedSessionMemory: 3 });
    for (let i = 0; i < 20; i++) s.apply(started(`s${i}`, i));
    expect(s.sessions.running().map((a) => a.sessionId)).toEqual(['s15', 's16', 's17', 's18', 's19']);
    for (let i = 0; i < 10; i++) s.apply(finished(`f${i}`, 30, 'completed'));
    s.apply(finished('f9', 31, 'completed')); // still remembered: ignored
    expect(counter(s.sessions.finished.entries(), { status: 'completed', reason: 'none' })).toBe(10);
  });
});

describe('fleet state: other parts', () => {
  it('counts requests, levels, rejections, upstream and keeps recent events newest first', () => {
    const s = new FleetState({ recentEventsCapacity: 3 });
    s.apply({ type: 'http_request', source: 'push', at: 1, method: 'GET', route: '/api/health', code: 200, durationSeconds: 0.02 });
    s.apply({ type: 'http_request', source: 'log', at: 1, method: 'GET', route: '/api/health', code: 200 });
    s.apply({ type: 'log_line', source: 'log', at: 1, level: 'error' });
    s.apply({ type: 'registration_rejected', source: 'log', at: 2, reason: 'duplicate_client_id' });
    s.apply({ type: 'upstream_status', source: 'api', at: 3, up: false, error: 'boom', pollSeconds: 0.5, probes: [{ endpoint: 'health', seconds: 0.5 }] });
    s.apply({ type: 'upstream_status', source: 'api', at: 4, up: true, pollSeconds: 0.1 });
    s.apply(connected('w', 5));
    expect(s.requests.counts.entries()).toEqual([{ labels: { method: 'GET', route: '/api/health', code: '200' }, value: 2 }]);
    expect(s.requests.durations.entries()[0]?.count).toBe(1);
    expect(s.log.levels.entries()).toEqual([{ labels: { level: 'error' }, value: 1 }]);
    expect(s.log.registrationsRejected.entries()).toEqual([{ labels: { reason: 'duplicate_client_id' }, value: 1 }]);
    expect(s.upstream.status()).toMatchObject({ up: true, lastSuccessAt: 4, lastError: 'boom', lastErrorAt: 3, lastPollSeconds: 0.1 });
    expect(s.upstream.polls.entries()[0]?.count).toBe(2);
    expect(s.recentEvents.latest().map((e) => e.kind)).toEqual(['client_connected', 'upstream_up', 'upstream_down']);
    expect(s.recentEvents.latest(1)).toHaveLength(1);
  });

  it('bumps only the version of the part that changed', () => {
    const s = new FleetState();
    const before = s.versions();
    s.apply({ type: 'log_line', source: 'log', at: 1, level: 'info' });
    const after = s.versions();
    expect(after.logs).toBeGreaterThan(before.logs);
    expect(after.presence).toBe(before.presence);
    expect(after.sessions).toBe(before.sessions);
    expect(after.requests).toBe(before.requests);
  });
});
