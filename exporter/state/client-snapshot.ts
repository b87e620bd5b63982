/**
 * Snapshot reconciliation: brings the connected set in line with one successful poll of the API
 * (`clients_snapshot`), which is authoritative but can race with the log and the event socket. A
 * client the log/push reported on after the snapshot was taken keeps what they said (the snapshot
 * defers to them); everything else is connected or disconnected to match the list. The connect and
 * disconnect bookkeeping itself is the ClientTracker's (clients.ts).
 *
 * The API source hands over the same `clients` list object when the answer did not change
 * (exporter/sources/api/unchanged-body.ts). When that list was fully applied last time and nothing
 * has touched the clients since (no log or /events connect or disconnect, no platform learnt),
 * applying it again would change nothing: the diff is skipped. A snapshot that deferred to a newer
 * log/push event is never skipped the next time, since a later poll may no longer defer.
 *
 * A changed list of 100k clients is a diff of ~100+ ms. `prepare()` runs its read-only part in
 * slices that yield to the event loop (health checks are answered in between) and keeps a plan:
 * which entries change something and which connected clients are missing. `apply()` then changes
 * the state in one synchronous step, so a reader never sees half a snapshot; if anything touched the
 * clients while the plan was made, it is dropped and the whole diff runs as before.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { clientIdAt, clientTypeAt, connectedAtAt, listLength, platformAt } from '../client-list';
import { UNKNOWN, type ClientsSnapshot } from '../events';
import type { ClientTracker } from './clients';

/** Entries looked at per slice of prepare(): a few ms at 100k on this kind of machine. */
export const SNAPSHOT_SLICE = 4096;

/** The read-only part of a diff, valid while the tracker's mutation count is still `mutations`. */
interface SnapshotPlan {
  readonly snapshot: ClientsSnapshot;
  readonly mutations: number;
  readonly listed: ReadonlySet<string>;
  /** Indexes of the entries that may change something (new, deferred to the log/push, other type or platform, a repeated id). */
  readonly changing: readonly number[];
  /** Connected clients the list lacks, in connection order. */
  readonly missing: readonly string[];
}

export class SnapshotReconciler {
  /** Snapshots skipped because nothing had changed; tests and the bench read it. */
  skipped = 0;
  /** Snapshots applied from a plan made by prepare(), and plans dropped because the clients changed meanwhile. */
  readonly planned = { applied: 0, dropped: 0 };
  /** The last snapshot fully applied, when applying it again would change nothing. */
  private lastApplied: { readonly clients: ClientsSnapshot['clients']; readonly mutations: number } | undefined;
  private plan: SnapshotPlan | undefined;

  constructor(private readonly tracker: ClientTracker) {}

  /** Makes the plan for `snapshot` in slices of `slice` entries, yielding to the event loop between them. */
  async prepare(snapshot: ClientsSnapshot, slice = SNAPSHOT_SLICE): Promise<void> {
    for (const _ of this.planInSlices(snapshot, slice)) await yieldToLoop();
  }

  /**
   * The plan, made between yields (each `yield` ends a slice; the caller decides when to go on, so tests
   * drive it by hand). Changes no state but the stored plan, which it sets when done.
   */
  *planInSlices(snapshot: ClientsSnapshot, slice = SNAPSHOT_SLICE): Generator<void, void, void> {
    this.plan = undefined;
    // With nobody connected every entry is a connect: no read-only part worth slicing (the first poll).
    if (this.skips(snapshot) || this.tracker.connectedCount === 0) return;
    const tracker = this.tracker;
    const mutations = tracker.mutations;
    const listed = new Set<string>();
    const changing: number[] = [];
    const list = snapshot.clients;
    for (let i = 0, n = listLength(list); i < n; i++) {
      if (i > 0 && i % slice === 0) {
        yield;
        if (this.changedSince(mutations)) return;
      }
      const clientId = clientIdAt(list, i);
      // A repeated id meets the state its earlier entry left: it goes through connect like any changing one.
      if (listed.has(clientId) || !tracker.listedUnchanged(clientId, snapshot.at, clientTypeAt(list, i), platformAt(list, i))) changing.push(i);
      listed.add(clientId);
    }
    // Walking the connected Map across yields is safe: any change to it bumps the mutation count, which ends the plan.
    const missing: string[] = [];
    let walked = 0;
    for (const { clientId } of tracker.connectedClients()) {
      if (walked++ % slice === 0) {
        yield;
        if (this.changedSince(mutations)) return;
      }
      if (!listed.has(clientId)) missing.push(clientId);
    }
    yield;
    if (this.changedSince(mutations)) return;
    this.plan = { snapshot, mutations, listed, changing, missing };
  }

  apply(snapshot: ClientsSnapshot): void {
    const plan = this.plan;
    this.plan = undefined;
    if (this.skips(snapshot)) {
      this.skipped++;
      return;
    }
    if (plan?.snapshot.clients === snapshot.clients && plan.snapshot.at === snapshot.at && plan.mutations === this.tracker.mutations) {
      this.planned.applied++;
      return this.applyPlan(plan);
    }
    if (plan) this.planned.dropped++;
    this.applyWhole(snapshot);
  }

  /** Whether something touched the clients since the plan began (then the plan is dropped). */
  private changedSince(mutations: number): boolean {
    if (this.tracker.mutations === mutations) return false;
    this.planned.dropped++;
    return true;
  }

  private skips(snapshot: ClientsSnapshot): boolean {
    return this.lastApplied?.clients === snapshot.clients && this.lastApplied.mutations === this.tracker.mutations;
  }

  /** The diff as one block: every entry through connect (or the deferral), then the missing ones. */
  private applyWhole(snapshot: ClientsSnapshot): void {
    const listed = new Set<string>();
    const list = snapshot.clients;
    for (let i = 0, n = listLength(list); i < n; i++) {
      const clientId = clientIdAt(list, i);
      listed.add(clientId);
      this.tracker.confirm(clientId);
    }
    const missing: string[] = [];
    for (const { clientId } of this.tracker.connectedClients()) if (!listed.has(clientId)) missing.push(clientId);
    this.finish(snapshot, undefined, missing);
  }

  /** The same outcome as applyWhole: the entries left out of `changing` would only have bumped the mutation count. */
  private applyPlan(plan: SnapshotPlan): void {
    this.tracker.confirmListed(plan.listed);
    this.tracker.mutations++;
    this.finish(plan.snapshot, plan.changing, plan.missing);
  }

  /** Connects (or defers) the entries at `indexes` (all when undefined) in list order, then disconnects (or defers) the `missing` clients. */
  private finish(snapshot: ClientsSnapshot, indexes: readonly number[] | undefined, missing: readonly string[]): void {
    const tracker = this.tracker;
    let deferred = false;
    const list = snapshot.clients;
    const count = indexes ? indexes.length : listLength(list);
    for (let k = 0; k < count; k++) {
      const i = indexes ? indexes[k]! : k;
      const clientId = clientIdAt(list, i);
      if (tracker.lastPushedAt(clientId) > snapshot.at) {
        deferred = true;
        tracker.fillPlatform(clientId, platformAt(list, i));
      } else tracker.connect(clientId, connectedAtAt(list, i) ?? snapshot.at, 'api', clientTypeAt(list, i), platformAt(list, i));
    }
    const gone: string[] = [];
    for (const id of missing) {
      if (tracker.lastPushedAt(id) > snapshot.at) deferred = true;
      else gone.push(id);
    }
    for (const id of gone) tracker.disconnect(id, snapshot.at, 'api', UNKNOWN);
    this.lastApplied = deferred ? undefined : { clients: snapshot.clients, mutations: tracker.mutations };
  }
}
