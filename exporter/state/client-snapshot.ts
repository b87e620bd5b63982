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
 */
import { UNKNOWN, type ClientsSnapshot } from '../events';
import type { ClientTracker } from './clients';

export class SnapshotReconciler {
  /** Snapshots skipped because nothing had changed; tests and the bench read it. */
  skipped = 0;
  /** The last snapshot fully applied, when applying it again would change nothing. */
  private lastApplied: { readonly clients: ClientsSnapshot['clients']; readonly mutations: number } | undefined;

  constructor(private readonly tracker: ClientTracker) {}

  apply(snapshot: ClientsSnapshot): void {
    const tracker = this.tracker;
    if (this.lastApplied?.clients === snapshot.clients && this.lastApplied.mutations === tracker.mutations) {
      this.skipped++;
      return;
    }
    let deferred = false;
    const listed = new Set<string>();
    for (const entry of snapshot.clients) {
      listed.add(entry.clientId);
      tracker.confirm(entry.clientId);
      if (tracker.lastPushedAt(entry.clientId) > snapshot.at) {
        deferred = true;
        tracker.fillPlatform(entry.clientId, entry.platform);
      } else tracker.connect(entry.clientId, entry.connectedAt ?? snapshot.at, 'api', entry.clientType, entry.platform);
    }
    const missing: string[] = [];
    for (const { clientId } of tracker.connectedClients()) {
      if (listed.has(clientId)) continue;
      if (tracker.lastPushedAt(clientId) > snapshot.at) deferred = true;
      else missing.push(clientId);
    }
    for (const id of missing) tracker.disconnect(id, snapshot.at, 'api', UNKNOWN);
    this.lastApplied = deferred ? undefined : { clients: snapshot.clients, mutations: tracker.mutations };
  }
}
