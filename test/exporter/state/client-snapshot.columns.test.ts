/**
 * The snapshot diff (client-snapshot.ts) reads a list as objects or as columns (client-list.ts): for
 * random polls — repeated ids, missing fields, the same list handed over again, log and push reports
 * in between, a connected-set cap — a tracker fed the columns sees every change and ends in every
 * state exactly as one fed the objects, through the one-block diff and through the sliced plan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClientList } from '../../../exporter/client-list';
import type { ClientSnapshotEntry, ClientType, EventSource } from '../../../exporter/events';
import { toColumns } from '../../../exporter/sources/api/client-columns';
import { SnapshotReconciler } from '../../../exporter/state/client-snapshot';
import { ClientTracker } from '../../../exporter/state/clients';

type Step =
  | { readonly kind: 'poll'; readonly at: number; readonly again: boolean; readonly sliced: boolean; readonly clients: ClientSnapshotEntry[] }
  | { readonly kind: 'report'; readonly connect: boolean; readonly id: string; readonly at: number; readonly source: EventSource };

const id = fc.integer({ min: 0, max: 11 }).map((n) => `c${n}`);
const entry: fc.Arbitrary<ClientSnapshotEntry> = fc
  .record(
    { clientId: id, clientType: fc.constantFrom<ClientType>('device', 'constellation'), platform: fc.constantFrom('linux', 'windows', 'unknown'), connectedAt: fc.integer({ min: 0, max: 50 }) },
    { requiredKeys: ['clientId'] },
  )
  .map((e) => ({ ...e }));
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('poll' as const), at: fc.integer({ min: 0, max: 60 }), again: fc.boolean(), sliced: fc.boolean(), clients: fc.array(entry, { maxLength: 10 }) }),
  fc.record({ kind: fc.constant('report' as const), connect: fc.boolean(), id, at: fc.integer({ min: 0, max: 60 }), source: fc.constantFrom<EventSource>('log', 'push') }),
);

/** Runs the steps with the polls' lists made by `form`, and writes down every change and, after each step, the connected set. */
function run(steps: readonly Step[], form: (clients: ClientSnapshotEntry[]) => ClientList): string[] {
  const seen: string[] = [];
  const tracker = new ClientTracker({
    historyLimit: 8,
    maxConnected: 9,
    maxPushedUnconfirmed: 3,
    maxHeldDisconnects: 4,
    onOverflow: (bound) => seen.push(`overflow ${bound}`),
    knownDevices: [],
    onChange: (c) => seen.push(`${c.kind} ${JSON.stringify(c.client)} ${c.at}`),
    disconnectGraceSeconds: 0,
    now: () => 0,
  });
  const reconciler = new SnapshotReconciler(tracker);
  let last: ClientList | undefined;
  for (const s of steps) {
    if (s.kind === 'report') {
      if (s.connect) tracker.connect(s.id, s.at, s.source);
      else tracker.disconnect(s.id, s.at, s.source, 'closed');
    } else {
      // `again`: the API source hands over the same list object when the answer did not change.
      const clients = s.again && last ? last : form(s.clients);
      last = clients;
      const snapshot = { type: 'clients_snapshot', source: 'api', at: s.at, clients } as const;
      if (s.sliced) for (const _ of reconciler.planInSlices(snapshot, 3));
      reconciler.apply(snapshot);
    }
    seen.push(JSON.stringify([...tracker.connectedClients()]), JSON.stringify(tracker.disconnects()));
  }
  seen.push(`skipped ${reconciler.skipped} planned ${JSON.stringify(reconciler.planned)}`);
  return seen;
}

describe('the snapshot diff over a list as columns', () => {
  it('changes the tracker exactly as the same list as objects does', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        expect(run(steps, toColumns)).toEqual(run(steps, (clients) => clients));
      }),
      { numRuns: 400 },
    );
  });
});
