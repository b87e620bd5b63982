/**
 * Case 1 of the hardening issue: above the client-history limit every connect used to scan the
 * whole history map (connected clients could not be evicted), so 205,000 clients froze the exporter
 * for minutes. Now connected clients' histories live outside the LRU and an overflow is O(1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../exporter/events';
import { FleetState } from '../../exporter/state';
import { startTestExporter, type TestExporter } from '../helpers/exporter';
import { API_KEY, startTestSimulator, type TestSimulator } from '../helpers/simulator';

const connect = (clientId: string, at: number): FleetEvent => ({ type: 'client_connected', source: 'log', at, clientId });
const disconnect = (clientId: string, at: number): FleetEvent => ({ type: 'client_disconnected', source: 'log', at, clientId, reason: 'normal' });

function overflows(state: FleetState, bound: string): number {
  return state.bounds.overflowEntries().find((e) => e.labels.bound === bound)?.value ?? 0;
}

describe('client history past its limit (state)', () => {
  it('connects 60,000 clients over a history of 1,000 and churns 60,000 more, evicting only disconnected ones', () => {
    // Before the fix each of these connects walked the whole map: 60,000² steps, minutes of CPU.
    const state = new FleetState({ clientHistoryLimit: 1000, now: () => 1 });
    for (let i = 0; i < 60_000; i++) state.apply(connect(`dev-${i}`, 1));
    for (let i = 0; i < 60_000; i++) {
      state.apply(connect(`churn-${i}`, 2));
      state.apply(disconnect(`churn-${i}`, 2));
    }
    expect(state.clients.connectedCount).toBe(60_000);
    // Connected clients keep their counts; the disconnected ones beyond the newest 1,000 are forgotten.
    expect(state.clients.connectionCount('dev-0')).toBe(1);
    expect(state.clients.connectionCount('churn-59999')).toBe(1);
    expect(state.clients.connectionCount('churn-0')).toBe(0);
    expect(overflows(state, 'client_history')).toBe(59_000);
    expect(state.bounds.limitEntries()).toContainEqual({ labels: { bound: 'client_history' }, value: 1000 });
  });

  it('drops connects past the tracked-clients cap, counted', () => {
    const state = new FleetState({ maxConnectedClients: 100, now: () => 1 });
    for (let i = 0; i < 150; i++) state.apply(connect(`dev-${i}`, 1));
    expect(state.clients.connectedCount).toBe(100);
    expect(overflows(state, 'clients')).toBe(50);
    state.apply(disconnect('dev-0', 2));
    state.apply(connect('dev-149', 3));
    expect(state.clients.connectedCount).toBe(100);
  });

  it('caps pushed clients that no API poll confirmed; a poll confirms or removes them', () => {
    const state = new FleetState({ maxPushedUnconfirmed: 10, now: () => 1 });
    for (let i = 0; i < 15; i++) state.apply({ ...connect(`p-${i}`, 1), source: 'push' });
    expect(state.clients.connectedCount).toBe(10);
    expect(overflows(state, 'pushed_clients')).toBe(5);
    // The API lists five of them: those are confirmed, the other five leave; room for ten more.
    state.apply({ type: 'clients_snapshot', source: 'api', at: 2, clients: ['p-0', 'p-1', 'p-2', 'p-3', 'p-4'].map((clientId) => ({ clientId })) });
    for (let i = 100; i < 110; i++) state.apply({ ...connect(`p-${i}`, 3), source: 'push' });
    expect(state.clients.connectedCount).toBe(15);
    expect(overflows(state, 'pushed_clients')).toBe(5);
  });
});

describe('disconnects waiting for their reason past their bound (state)', () => {
  const snapshot = (at: number, ids: string[]): FleetEvent => ({ type: 'clients_snapshot', source: 'api', at, clients: ids.map((clientId) => ({ clientId })) });
  const disconnects = (state: FleetState): Record<string, number> =>
    Object.fromEntries(state.clients.disconnects().map((e) => [e.labels.reason, e.value]));

  it('holds at most maxHeldDisconnects: the oldest held disconnect is counted at once as unknown, counted in the bound', () => {
    let now = 1;
    const state = new FleetState({ disconnectGraceSeconds: 10, maxHeldDisconnects: 100, now: () => now });
    const fleet = Array.from({ length: 150 }, (_, i) => `dev-${i}`);
    state.apply(snapshot(1, fleet));
    // The whole fleet missing from one poll: 150 disconnects wait for the log's reasons, 100 may.
    state.apply(snapshot(2, []));
    expect(disconnects(state)).toEqual({ unknown: 50 });
    expect(overflows(state, 'held_disconnects')).toBe(50);
    expect(state.bounds.limitEntries()).toContainEqual({ labels: { bound: 'held_disconnects' }, value: 100 });
    // The log's reasons: the 100 still held take them; the 50 already counted are not counted twice.
    for (const id of fleet) state.apply(disconnect(id, 2));
    expect(disconnects(state)).toEqual({ unknown: 50, normal: 100 });
    now = 100;
    expect(disconnects(state)).toEqual({ unknown: 50, normal: 100 });
  });

  it('defaults to the connected-clients cap, so a whole fleet leaving at once keeps every reason', () => {
    const state = new FleetState({ disconnectGraceSeconds: 10, maxConnectedClients: 500, now: () => 1 });
    expect(state.bounds.limitEntries()).toContainEqual({ labels: { bound: 'held_disconnects' }, value: 500 });
    const fleet = Array.from({ length: 500 }, (_, i) => `dev-${i}`);
    state.apply(snapshot(1, fleet));
    state.apply(snapshot(2, []));
    for (const id of fleet) state.apply(disconnect(id, 2));
    expect(disconnects(state)).toEqual({ normal: 500 });
    expect(overflows(state, 'held_disconnects')).toBe(0);
  });
});

describe('250,000 clients through the simulator (exporter)', () => {
  let sim: TestSimulator;
  let exporter: TestExporter;
  beforeAll(async () => {
    sim = await startTestSimulator({ logFile: undefined });
    sim.control.addDevices(250_000);
    exporter = await startTestExporter({ 'ufo.url': sim.url, 'ufo.api-key': API_KEY, 'ufo.timeout': '60s' });
  }, 120_000);
  afterAll(async () => {
    await exporter?.close();
    await sim?.stop();
  });

  it('scrapes all of them while /-/healthy keeps answering', async () => {
    const scrape = exporter.scrape();
    // Liveness, not a time limit: health checks sent while the first poll of 250,000 clients is
    // applied and rendered must be answered (before the fix the event loop spun for minutes).
    let healthyAnswers = 0;
    let scraped = false;
    const done = scrape.finally(() => (scraped = true));
    while (!scraped || healthyAnswers === 0) {
      const res = await fetch(`${exporter.url}/-/healthy`, { signal: AbortSignal.timeout(60_000) });
      expect(res.status).toBe(200);
      await res.text();
      healthyAnswers++;
    }
    const metrics = await done;
    expect(metrics.value('ufo_clients_connected', { client_type: 'device' })).toBe(250_000);
    expect(metrics.valueOrZero('ufo_exporter_bound_overflows_total', { bound: 'clients' })).toBe(0);
    // A second scrape of the same fleet (cached families) answers too.
    const again = await exporter.scrape();
    expect(again.value('ufo_clients_connected', { client_type: 'device' })).toBe(250_000);
  }, 180_000);
});
