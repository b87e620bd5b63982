import { describe, expect, it } from 'vitest';
import type { ClientSnapshotEntry, FleetEvent } from '../../../exporter/events';
import { CatalogueRenderer } from '../../../exporter/metrics/renderer';
import { FleetState } from '../../../exporter/state';
import { parseMetrics } from '../../../scripts/stack/metrics-text';

const GRACE = 10;

const snapshot = (at: number, clients: (string | ClientSnapshotEntry)[]): FleetEvent => ({
  type: 'clients_snapshot',
  source: 'api',
  at,
  clients: clients.map((c) => (typeof c === 'string' ? { clientId: c } : c)),
});
const logConnect = (id: string, at: number, platform?: string): FleetEvent => ({ type: 'client_connected', source: 'log', at, clientId: id, platform });
const logDisconnect = (id: string, at: number, reason?: string): FleetEvent => ({ type: 'client_disconnected', source: 'log', at, clientId: id, reason });

interface Rig {
  readonly state: FleetState;
  setNow(t: number): void;
  /** win-1 is listed by a poll at 0, and missing from the poll at `t` (the clock moved to `t`). */
  win1LeavesAt(t: number): void;
}

/** A fleet state with a hand-moved clock, with the grace window of an exporter that follows a log. */
function rig(grace = GRACE): Rig {
  let now = 0;
  const state = new FleetState({ now: () => now, disconnectGraceSeconds: grace });
  const setNow = (t: number): void => {
    now = t;
  };
  return {
    state,
    setNow,
    win1LeavesAt(t) {
      state.apply(snapshot(0, ['win-1']));
      setNow(t);
      state.apply(snapshot(t, []));
    },
  };
}

const disconnects = (s: FleetState): Record<string, number> =>
  Object.fromEntries(s.clients.disconnects().map((e) => [`${e.labels.client_type}/${e.labels.reason}`, e.value]));
const ids = (s: FleetState): string[] => [...s.clients.connectedClients()].map((c) => c.clientId);

describe('a disconnect the poll notices first waits for its reason from the log', () => {
  it('leaves the connected set at once and is counted once, with the reason the log reports within the window', () => {
    const { state, setNow, win1LeavesAt } = rig();
    win1LeavesAt(20);
    expect(ids(state)).toEqual([]);
    expect(disconnects(state)).toEqual({});

    setNow(23);
    state.apply(logDisconnect('win-1', 19.5, 'connection_lost')); // the log line, a little late
    state.apply(logDisconnect('win-1', 19.5)); // its plain second line
    state.apply(snapshot(24, []));
    setNow(100);
    expect(disconnects(state)).toEqual({ 'device/connection_lost': 1 });
  });

  it('is counted with reason unknown once the window passes, on a read alone; a later log line changes nothing', () => {
    const { state, setNow } = rig();
    state.apply(snapshot(0, ['win-1', 'demo@win-1']));
    setNow(20);
    state.apply(snapshot(20, ['win-1']));
    const before = state.versions().connections;
    setNow(20 + GRACE - 0.1);
    expect(disconnects(state)).toEqual({});
    setNow(20 + GRACE);
    expect(state.versions().connections).toBeGreaterThan(before); // collectors see the change
    expect(disconnects(state)).toEqual({ 'constellation/unknown': 1 });
    expect(state.recentEvents.latest()[0]).toMatchObject({ kind: 'client_disconnected', clientId: 'demo@win-1', detail: 'reason unknown' });
    state.apply(logDisconnect('demo@win-1', 19, 'going_away'));
    expect(disconnects(state)).toEqual({ 'constellation/unknown': 1 });
  });

  it('each read that shows the count settles it by itself (disconnects, recent events), without versions() or an apply first', () => {
    const first = rig();
    first.win1LeavesAt(20);
    first.setNow(20 + GRACE);
    expect(disconnects(first.state)).toEqual({ 'device/unknown': 1 });

    const second = rig();
    second.win1LeavesAt(20);
    expect(second.state.recentEvents.latest()[0]).toMatchObject({ clientId: 'win-1', detail: 'reason pending' });
    second.setNow(20 + GRACE);
    expect(second.state.recentEvents.latest()[0]).toMatchObject({ kind: 'client_disconnected', clientId: 'win-1', detail: 'reason unknown' });
  });

  it('still counts the disconnect when the client reconnects within the window, with the log reason if it comes', () => {
    const { state, setNow, win1LeavesAt } = rig();
    win1LeavesAt(10);
    setNow(12);
    state.apply(snapshot(12, ['win-1'])); // back before the log caught up
    expect(ids(state)).toEqual(['win-1']);
    state.apply(logDisconnect('win-1', 9.8, 'going_away')); // the old connection's close code
    state.apply(logConnect('win-1', 11)); // the log's line of the reconnect: already counted by the poll
    setNow(100);
    expect(ids(state)).toEqual(['win-1']); // the late disconnect line did not end the new connection
    expect(disconnects(state)).toEqual({ 'device/going_away': 1 });
    expect(state.clients.connectionCount('win-1')).toBe(2);
    expect(state.clients.connects.entries()).toEqual([{ labels: { client_type: 'device' }, value: 2 }]);
  });

  it('a reconnect without any log line is counted as unknown when the window passes', () => {
    const { state, setNow, win1LeavesAt } = rig();
    win1LeavesAt(10);
    state.apply(snapshot(11, ['win-1']));
    setNow(10 + GRACE);
    expect(disconnects(state)).toEqual({ 'device/unknown': 1 });
    expect(ids(state)).toEqual(['win-1']);
  });

  it('a log connect with no disconnect line before it counts the held disconnect at once (the log is ordered)', () => {
    const { state, win1LeavesAt } = rig();
    win1LeavesAt(10);
    state.apply(logConnect('win-1', 11, 'windows'));
    expect(disconnects(state)).toEqual({ 'device/unknown': 1 });
    state.apply(logDisconnect('win-1', 12, 'normal')); // this one is the new connection's
    expect(disconnects(state)).toEqual({ 'device/unknown': 1, 'device/normal': 1 });
    expect(ids(state)).toEqual([]);
  });

  it('two poll-noticed disconnects of one client in a window are two counts', () => {
    const { state, setNow, win1LeavesAt } = rig();
    win1LeavesAt(1);
    state.apply(snapshot(2, ['win-1']));
    state.apply(snapshot(3, []));
    state.apply(logDisconnect('win-1', 2.5, 'connection_lost'));
    setNow(100);
    expect(disconnects(state)).toEqual({ 'device/unknown': 1, 'device/connection_lost': 1 });
  });

  it('without a log or push source (grace 0) counts at once, as before', () => {
    const { state } = rig(0);
    state.apply(snapshot(0, ['win-1']));
    state.apply(snapshot(1, []));
    expect(disconnects(state)).toEqual({ 'device/unknown': 1 });
  });

  it('orphans the sessions at once, and the recent event carries the final reason', () => {
    let now = 0;
    const state = new FleetState({ now: () => now, disconnectGraceSeconds: GRACE, orphanGraceSeconds: 30 });
    state.apply(snapshot(0, ['win-1']));
    state.apply({ type: 'session_started', source: 'log', at: 1, sessionId: 's1', clientId: 'win-1' });
    expect(state.devices.counts()).toEqual({ online: 0, busy: 1, offline: 0 });
    now = 5;
    state.apply(snapshot(5, []));
    expect(state.devices.counts()).toEqual({ online: 0, busy: 0, offline: 1 });
    // Listed at once (the status page shows who left), its reason filled in when counted.
    expect(state.recentEvents.latest()[0]).toMatchObject({ kind: 'client_disconnected', clientId: 'win-1', detail: 'reason pending', at: 5 });
    state.apply(logDisconnect('win-1', 4.9, 'connection_lost'));
    const disconnectEvents = state.recentEvents.latest().filter((e) => e.kind === 'client_disconnected');
    expect(disconnectEvents).toEqual([expect.objectContaining({ clientId: 'win-1', detail: 'reason connection_lost', at: 5 })]);
    // The orphan grace runs from when the client left (t=5), not from when its disconnect was counted.
    now = 35.5;
    expect(state.sessions.running()).toEqual([]);
    expect(state.sessions.forgotten).toBe(1);
  });

  it('a scrape after the window shows the count (the renderer cache follows the lazy resolution)', () => {
    const { state, setNow } = rig();
    const renderer = new CatalogueRenderer({ view: state, maxSeries: 10, build: { version: '1', revision: 'r', nodejs: '20' }, now: () => 0 });
    const unknownDevices = (): number | undefined =>
      parseMetrics(renderer.render()).value('ufo_client_disconnects_total', { client_type: 'device', reason: 'unknown' });
    state.apply(snapshot(0, ['win-1']));
    setNow(1);
    state.apply(snapshot(1, []));
    expect(unknownDevices()).toBe(0);
    setNow(1 + GRACE);
    expect(unknownDevices()).toBe(1);
  });
});

describe('a client connected without a platform gets it later', () => {
  it('from a rich poll taken before the log connect', () => {
    const s = new FleetState();
    s.apply(logConnect('win-1', 10));
    s.apply(snapshot(9, [{ clientId: 'win-1', clientType: 'device', platform: 'windows', connectedAt: 9.5 }]));
    expect([...s.clients.connectedClients()]).toEqual([expect.objectContaining({ clientId: 'win-1', platform: 'windows', connectedAt: 10 })]);
  });

  it('never replaces a known platform from an older poll', () => {
    const s = new FleetState();
    s.apply(logConnect('win-1', 10, 'linux'));
    s.apply(snapshot(9, [{ clientId: 'win-1', platform: 'windows' }]));
    expect([...s.clients.connectedClients()][0]?.platform).toBe('linux');
  });

  it("from a device's session (its platform), not from a constellation's (the target device's)", () => {
    const s = new FleetState();
    s.apply(logConnect('win-1', 1));
    s.apply(logConnect('demo@win-1', 1));
    s.apply({ type: 'session_started', source: 'log', at: 2, sessionId: 'a', clientId: 'win-1', platform: 'windows' });
    s.apply({ type: 'session_started', source: 'log', at: 2, sessionId: 'b', clientId: 'demo@win-1', platform: 'windows' });
    expect(Object.fromEntries([...s.clients.connectedClients()].map((c) => [c.clientId, c.platform]))).toEqual({ 'win-1': 'windows', 'demo@win-1': 'unknown' });
    expect(s.clients.byTypeAndPlatform()).toContainEqual({ labels: { client_type: 'device', platform: 'windows' }, value: 1 });
  });
});

describe('a log that lags behind the poll by more than a connection lasts (issue 11d)', () => {
  const connects = (s: FleetState): number => s.clients.connects.entries().reduce((n, e) => n + e.value, 0);
  // The rich shape's connected_at may precede the log's "connected" line (the API lists a client first).
  const rich: ClientSnapshotEntry = { clientId: 'win-1', clientType: 'device', connectedAt: 0.4 };

  it.each([['plain', 'win-1'] as const, ['rich', rich] as const])('the late connect of a connection the poll saw come and go is not a second connection (%s shape)', (_shape, entry) => {
    const { state, setNow } = rig();
    state.apply(snapshot(1, [entry]));
    setNow(2);
    state.apply(snapshot(2, [])); // left: counted when the log gives the reason
    state.apply(logConnect('win-1', 0.5, 'windows')); // the log catches up: that connection's connect…
    expect(ids(state)).toEqual([]);
    state.apply(logDisconnect('win-1', 1.5, 'going_away')); // …and its disconnect, with its close code
    state.apply(logDisconnect('win-1', 1.5)); // its plain second line
    setNow(100);
    expect(disconnects(state)).toEqual({ 'device/going_away': 1 });
    expect(connects(state)).toBe(1);
    expect(state.clients.connectionCount('win-1')).toBe(1);
    expect(ids(state)).toEqual([]);
  });

  it('nor does it end a reconnect the poll has already listed', () => {
    const { state, setNow } = rig();
    state.apply(snapshot(1, ['win-1']));
    state.apply(snapshot(2, []));
    setNow(3);
    state.apply(snapshot(3, ['win-1'])); // back
    state.apply(logConnect('win-1', 0.5));
    state.apply(logDisconnect('win-1', 1.5, 'going_away'));
    state.apply(logConnect('win-1', 2.5)); // the reconnect's own line
    setNow(100);
    expect(ids(state)).toEqual(['win-1']);
    expect(disconnects(state)).toEqual({ 'device/going_away': 1 });
    expect(connects(state)).toBe(2);
  });

  it('a log later than the grace window: the leave counted as unknown is not counted again, a reconnect not ended', () => {
    const { state, setNow } = rig();
    state.apply(snapshot(1, ['win-1']));
    state.apply(snapshot(2, []));
    setNow(2 + GRACE);
    expect(disconnects(state)).toEqual({ 'device/unknown': 1 });
    state.apply(snapshot(12.5, ['win-1'])); // back
    state.apply(logConnect('win-1', 0.5));
    state.apply(logDisconnect('win-1', 1.5, 'going_away')); // (the log source drops a plain line after a coded one)
    setNow(100);
    expect(ids(state)).toEqual(['win-1']);
    expect(disconnects(state)).toEqual({ 'device/unknown': 1 });
    expect(connects(state)).toBe(2);
    state.apply(logConnect('win-1', 12)); // the reconnect's line, then its leave: counted
    state.apply(logDisconnect('win-1', 20, 'normal'));
    expect(ids(state)).toEqual([]);
    expect(disconnects(state)).toEqual({ 'device/unknown': 1, 'device/normal': 1 });
    expect(connects(state)).toBe(2);
  });

  it('holds even when the client history was evicted (more clients left than it remembers)', () => {
    const state = new FleetState({ now: () => 2, disconnectGraceSeconds: GRACE, clientHistoryLimit: 1 });
    state.apply(snapshot(1, ['win-1', 'win-2']));
    state.apply(snapshot(2, [])); // win-2's history evicts win-1's
    for (const id of ['win-1', 'win-2']) {
      state.apply(logConnect(id, 0.5));
      state.apply(logDisconnect(id, 1.5, 'going_away'));
    }
    expect(ids(state)).toEqual([]);
    expect(disconnects(state)).toEqual({ 'device/going_away': 2 });
    expect(connects(state)).toBe(2);
  });

  it('the reverse (the log first, polls that started before its lines) counts one connect and one disconnect', () => {
    const { state, setNow } = rig();
    state.apply(logConnect('win-1', 1));
    state.apply(snapshot(0.9, ['win-1']));
    state.apply(logDisconnect('win-1', 2, 'going_away'));
    state.apply(snapshot(1.9, ['win-1'])); // started before the disconnect line: defers to it
    state.apply(snapshot(3, []));
    setNow(100);
    expect(ids(state)).toEqual([]);
    expect(disconnects(state)).toEqual({ 'device/going_away': 1 });
    expect(connects(state)).toBe(1);
  });

  it('a log connect newer than the poll-noticed leave is a reconnect, and counts', () => {
    const { state, setNow } = rig();
    state.apply(snapshot(1, ['win-1']));
    state.apply(snapshot(2, []));
    state.apply(logConnect('win-1', 0.5));
    state.apply(logDisconnect('win-1', 1.5, 'going_away'));
    state.apply(logConnect('win-1', 2.5)); // after the poll saw it leave: a new connection
    expect(ids(state)).toEqual(['win-1']);
    state.apply(logDisconnect('win-1', 3, 'normal'));
    setNow(100);
    expect(ids(state)).toEqual([]);
    expect(disconnects(state)).toEqual({ 'device/going_away': 1, 'device/normal': 1 });
    expect(connects(state)).toBe(2);
  });
});
