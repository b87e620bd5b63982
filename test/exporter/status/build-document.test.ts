import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../exporter/events';
import { FleetState } from '../../../exporter/state';
import { buildStatusDocument } from '../../../exporter/status/build-document';

const T0 = 1_800_000_000;

function stateWith(events: readonly FleetEvent[], knownDevices: string[] = []): FleetState {
  const state = new FleetState({ now: () => T0 + 100, knownDevices });
  for (const e of events) state.apply(e);
  return state;
}

const snapshot = (at: number, ids: readonly [string, string, number][]): FleetEvent => ({
  type: 'clients_snapshot',
  source: 'api',
  at,
  clients: ids.map(([clientId, platform, connectedAt]) => ({ clientId, platform, connectedAt })),
});

const server = { name: 'lab-a', url: 'http://ufo-a:8000' };
const options = { listLimit: 1000, version: '1.2.3', server, startedAt: T0, now: T0 + 100, alerts: { configured: false } as const };

describe('status document', () => {
  it('reports upstream, devices, clients by type and platform, sessions and events from the fleet state', () => {
    const state = stateWith(
      [
        snapshot(T0, [
          ['win-1', 'windows', T0 - 50],
          ['linux-1', 'linux', T0 - 40],
          ['task@win-1', 'windows', T0 - 30],
        ]),
        { type: 'upstream_status', source: 'api', at: T0, up: true, pollSeconds: 0.03, probes: [{ endpoint: 'health', seconds: 0.01 }, { endpoint: 'health', seconds: 0.03 }] },
        { type: 'session_started', source: 'log', at: T0 + 10, sessionId: 's-1', clientId: 'win-1' },
        { type: 'session_started', source: 'log', at: T0 + 20, sessionId: 's-2', clientId: 'linux-1' },
        { type: 'session_finished', source: 'log', at: T0 + 30, sessionId: 's-2', status: 'failed' },
        { type: 'registration_rejected', source: 'log', at: T0 + 40, reason: 'duplicate_client_id' },
      ],
      ['win-1', 'linux-1', 'mac-1'],
    );
    const doc = buildStatusDocument(state, options);
    expect(doc.upstream).toMatchObject({ up: true, lastSuccessAt: T0, lastPollSeconds: 0.03, lastError: null });
    expect(doc.upstream.meanProbeSeconds['health']).toBeCloseTo(0.02, 6);
    expect(doc.devices).toEqual({ online: 1, busy: 1, offline: 1 });
    expect(doc.clients.total).toBe(3);
    expect(doc.clients.byType).toEqual({ device: 2, constellation: 1 });
    expect(doc.clients.byTypeAndPlatform).toEqual([
      { type: 'device', platform: 'windows', count: 1 },
      { type: 'device', platform: 'linux', count: 1 },
      { type: 'constellation', platform: 'windows', count: 1 },
    ].sort((a, b) => a.type.localeCompare(b.type) || a.platform.localeCompare(b.platform)));
    expect(doc.clients.list.map((c) => c.id)).toEqual(['win-1', 'linux-1', 'task@win-1']);
    expect(doc.clients.list[2]).toEqual({ id: 'task@win-1', type: 'constellation', platform: 'windows', connectedAt: T0 - 30 });
    expect(doc.clients.listCapped).toBe(false);
    expect(doc.sessions).toEqual({
      total: 1,
      capped: false,
      sourceProblem: null,
      active: [{ id: 's-1', clientId: 'win-1', clientType: 'device', startedAt: T0 + 10, ageSeconds: 90 }],
    });
    expect(doc.events[0]).toMatchObject({ kind: 'registration_rejected', detail: 'duplicate_client_id', at: T0 + 40 });
    expect(doc.events.map((e) => e.at)).toEqual([...doc.events.map((e) => e.at)].sort((a, b) => b - a));
    expect(doc.events.some((e) => e.kind === 'session_finished' && e.sessionId === 's-2')).toBe(true);
    expect(doc.alerts).toEqual({ configured: false });
    expect(doc.exporter).toEqual({ version: '1.2.3', startedAt: T0 });
    expect(doc.server).toEqual(server);
  });

  it('cuts the client and session lists at the per-client cap and says so', () => {
    const ids = Array.from({ length: 5 }, (_, i) => [`dev-${i}`, 'linux', T0 + i] as [string, string, number]);
    const sessions: FleetEvent[] = ids.map(([id], i) => ({ type: 'session_started', source: 'log', at: T0 + 50 - i, sessionId: `s-${i}`, clientId: id }));
    const doc = buildStatusDocument(stateWith([snapshot(T0, ids), ...sessions]), { ...options, listLimit: 2 });
    expect(doc.clients.total).toBe(5);
    expect(doc.clients.list.map((c) => c.id)).toEqual(['dev-0', 'dev-1']);
    expect(doc.clients.listCapped).toBe(true);
    expect(doc.clients.listLimit).toBe(2);
    expect(doc.sessions.total).toBe(5);
    expect(doc.sessions.capped).toBe(true);
    // Oldest first: s-4 started at T0+46, s-3 at T0+47.
    expect(doc.sessions.active.map((s) => s.id)).toEqual(['s-4', 's-3']);
  });

  it('reports the last poll\'s probe durations as API latency, the mean since start only as secondary', () => {
    const poll = (at: number, up: boolean, health: number, clients: number): FleetEvent => ({
      type: 'upstream_status',
      source: 'api',
      at,
      up,
      pollSeconds: Math.max(health, clients),
      probes: [{ endpoint: 'health', seconds: health }, { endpoint: 'clients', seconds: clients }],
    });
    const before = buildStatusDocument(stateWith([]), options);
    expect(before.upstream.lastProbeSeconds).toEqual({});
    // One 5 s timeout, then fast polls: the page must show the fast ones.
    const state = stateWith([poll(T0, false, 5, 5), poll(T0 + 5, true, 0.002, 0.003), poll(T0 + 10, true, 0.004, 0.001)]);
    const doc = buildStatusDocument(state, options);
    expect(doc.upstream.lastProbeSeconds).toEqual({ health: 0.004, clients: 0.001 });
    expect(doc.upstream.meanProbeSeconds['health']).toBeCloseTo((5 + 0.002 + 0.004) / 3, 9);
    // A status event without probes (older sources) keeps the last known probe durations.
    state.apply({ type: 'upstream_status', source: 'api', at: T0 + 15, up: true });
    expect(buildStatusDocument(state, options).upstream.lastProbeSeconds).toEqual({ health: 0.004, clients: 0.001 });
  });

  it('keeps the failed poll error and last success when the server goes down', () => {
    const state = stateWith([
      { type: 'upstream_status', source: 'api', at: T0, up: true },
      { type: 'upstream_status', source: 'api', at: T0 + 5, up: false, error: 'GET http://ufo/api/health: timeout' },
    ]);
    const doc = buildStatusDocument(state, options);
    expect(doc.upstream).toMatchObject({ up: false, lastSuccessAt: T0, lastPollAt: T0 + 5, lastError: 'GET http://ufo/api/health: timeout' });
    expect(doc.events[0]).toMatchObject({ kind: 'upstream_down' });
  });
});
