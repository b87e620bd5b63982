/**
 * The sliced snapshot diff (client-snapshot.ts): while the plan is made, slice by slice (driven by hand
 * here, no timers), the state is the old fleet; after apply it is the new one, exactly as the one-block
 * diff would have left it; and a log/push change between two slices drops the plan.
 */
import { describe, expect, it } from 'vitest';
import type { ClientSnapshotEntry, ClientsSnapshot, ClientType } from '../../../exporter/events';
import { SnapshotReconciler } from '../../../exporter/state/client-snapshot';
import { ClientTracker, type ClientChange } from '../../../exporter/state/clients';
import { FleetState } from '../../../exporter/state';
import { countLoopTurns } from '../../helpers/loop-turns';

function world(maxConnected = 1_000): { tracker: ClientTracker; reconciler: SnapshotReconciler; changes: string[] } {
  const changes: string[] = [];
  const tracker = new ClientTracker({
    historyLimit: 1_000,
    maxConnected,
    // Small, so that a client the poll failed to confirm would refuse later pushed connects.
    maxPushedUnconfirmed: 3,
    maxHeldDisconnects: 100,
    onOverflow: () => undefined,
    knownDevices: [],
    onChange: (c: ClientChange) => changes.push(`${c.kind} ${c.client.clientId} ${c.client.clientType} ${c.client.platform} ${c.at}${c.kind === 'disconnect_counted' ? ` ${c.reason}` : ''}`),
    disconnectGraceSeconds: 0,
    now: () => 1_000,
  });
  return { tracker, reconciler: new SnapshotReconciler(tracker), changes };
}

/** Everything a reader can see of the clients. */
function seen(t: ClientTracker): unknown {
  const connected = [...t.connectedClients()].map((c) => ({ ...c, connections: t.connectionCount(c.clientId) }));
  return { connected, connects: t.connects.entries(), disconnects: t.disconnects(), byTypeAndPlatform: t.byTypeAndPlatform() };
}

const snap = (at: number, clients: ClientSnapshotEntry[]): ClientsSnapshot => ({ type: 'clients_snapshot', source: 'api', at, clients });
const entry = (clientId: string, clientType?: ClientType, platform?: string, connectedAt?: number): ClientSnapshotEntry => ({
  clientId,
  ...(clientType && { clientType }),
  ...(platform && { platform }),
  ...(connectedAt !== undefined && { connectedAt }),
});

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomList(r: () => number, size: number): ClientSnapshotEntry[] {
  const types: (ClientType | undefined)[] = [undefined, 'device', 'constellation'];
  const platforms = [undefined, 'linux', 'windows', 'unknown', ''];
  return Array.from({ length: size }, () => entry(`c${Math.floor(r() * 40)}`, types[Math.floor(r() * 3)], platforms[Math.floor(r() * 5)], r() < 0.5 ? Math.floor(r() * 100) : undefined));
}

describe('sliced snapshot diff', () => {
  it('shows the old fleet between slices and the new one after apply', () => {
    const { tracker, reconciler } = world();
    reconciler.apply(snap(10, [entry('a', 'device', 'linux'), entry('b', 'device'), entry('c', 'constellation')]));
    const before = seen(tracker);
    const next = snap(20, [entry('a', 'device', 'linux'), entry('c', 'constellation', 'windows'), entry('d'), entry('e', 'device'), entry('f')]);
    const slices = reconciler.planInSlices(next, 2);
    let yields = 0;
    while (!slices.next().done) {
      yields++;
      expect(seen(tracker)).toEqual(before);
    }
    expect(yields).toBeGreaterThanOrEqual(3);
    expect(seen(tracker)).toEqual(before);
    reconciler.apply(next);
    expect(reconciler.planned).toEqual({ applied: 1, dropped: 0 });
    expect([...tracker.connectedClients()].map((c) => `${c.clientId}:${c.platform}`)).toEqual(['a:linux', 'c:windows', 'd:unknown', 'e:unknown', 'f:unknown']);
  });

  it('leaves the same state and changes as the one-block diff, for random fleets and lists', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const cap = r() < 0.2 ? 15 : 1_000;
      const whole = world(cap);
      const sliced = world(cap);
      for (let poll = 0; poll < 4; poll++) {
        const at = 100 + poll * 10;
        // Log/push reports (pushed connects wait for a poll's confirmation), some newer than the poll (the snapshot defers to those).
        for (let k = 0; k < 3; k++) {
          const id = `c${Math.floor(r() * 40)}`;
          const when = at - 5 + Math.floor(r() * 10);
          const connect = r() < 0.5;
          const source = r() < 0.5 ? 'log' : 'push';
          for (const w of [whole, sliced]) {
            if (connect) w.tracker.connect(id, when, source, 'device', 'linux');
            else w.tracker.disconnect(id, when, source, 'closed');
          }
        }
        const list = randomList(r, Math.floor(r() * 30));
        whole.reconciler.apply(snap(at, list));
        for (const _ of sliced.reconciler.planInSlices(snap(at, list), 1 + Math.floor(r() * 5)));
        sliced.reconciler.apply(snap(at, list));
        expect(seen(sliced.tracker), `seed ${seed} poll ${poll}`).toEqual(seen(whole.tracker));
        expect(sliced.changes, `seed ${seed} poll ${poll}`).toEqual(whole.changes);
      }
      expect(sliced.reconciler.planned.dropped).toBe(0);
    }
  });

  it('drops the plan when the log changes the clients between two slices', () => {
    const { tracker, reconciler, changes } = world();
    reconciler.apply(snap(10, [entry('a', 'device'), entry('b', 'device'), entry('c', 'device')]));
    const next = snap(20, [entry('a', 'device'), entry('c', 'device'), entry('d', 'device')]);
    const slices = reconciler.planInSlices(next, 1);
    slices.next();
    // A log line, newer than the poll, says b left: the snapshot defers to it, and d is still new.
    tracker.disconnect('b', 25, 'log', 'closed');
    while (!slices.next().done);
    reconciler.apply(next);
    expect(reconciler.planned).toEqual({ applied: 0, dropped: 1 });
    expect([...tracker.connectedClients()].map((c) => c.clientId)).toEqual(['a', 'c', 'd']);
    expect(changes.filter((c) => c.startsWith('disconnect_counted'))).toEqual(['disconnect_counted b device unknown 25 closed']);
  });

  it('a repeated list is still skipped, and a plan for another list is not used', () => {
    const { reconciler } = world();
    const list = [entry('a', 'device')];
    reconciler.apply(snap(10, list));
    for (const _ of reconciler.planInSlices(snap(20, list)));
    reconciler.apply(snap(20, list));
    expect(reconciler.skipped).toBe(1);
    for (const _ of reconciler.planInSlices(snap(30, [entry('b')])));
    reconciler.apply(snap(30, [entry('b')]));
    expect(reconciler.planned).toEqual({ applied: 0, dropped: 1 });
  });

  it('FleetState.prepareSnapshot yields to the event loop and changes nothing until apply', async () => {
    const state = new FleetState({ now: () => 1_000 });
    state.apply(snap(5, Array.from({ length: 10_000 }, (_, i) => entry(`old${i}`, 'device'))));
    const list = Array.from({ length: 10_000 }, (_, i) => entry(`c${i}`, 'device'));
    const loop = countLoopTurns();
    await state.prepareSnapshot(snap(10, list));
    loop.stop();
    // 10,000 entries in slices of 4,096: the loop ran between them.
    expect(loop.turns()).toBeGreaterThanOrEqual(2);
    expect([...state.clients.connectedClients()][0]?.clientId).toBe('old0');
    state.apply(snap(10, list));
    expect(state.clients.connectedCount).toBe(10_000);
    expect([...state.clients.connectedClients()][0]?.clientId).toBe('c0');
    expect(state.snapshots).toMatchObject({ planned: { applied: 1, dropped: 0 } });
  });
});
