/**
 * Disconnects the API poll noticed first, whose COUNT waits up to the grace window for the reason the
 * log or the event socket gives (see clients.ts). Resolution is lazy (`settle`): the state has no
 * timers. Bounded: past `max`, the oldest held disconnect is counted at once with reason `unknown`.
 */
import { UNKNOWN } from '../events';
import type { ExporterBound } from '../catalogue';
import type { ConnectedClient } from './fleet-view';
import { OldestFirstMap } from './oldest-first-map';

interface HeldDisconnect {
  readonly client: ConnectedClient;
  /** When the poll that noticed the leave started. */
  readonly at: number;
  /** State-clock time (now()) after which it is counted with reason `unknown`. */
  readonly deadline: number;
}

export interface HeldDisconnectsOptions {
  readonly graceSeconds: number;
  readonly max: number;
  readonly now: () => number;
  readonly onOverflow: (bound: ExporterBound) => void;
  /** Counts a disconnect, with the reason it was resolved with. */
  readonly count: (client: ConnectedClient, at: number, reason: string) => void;
}

export class HeldDisconnects {
  /** In insertion order, so deadlines are ascending (a constant grace on a monotonic clock). */
  private readonly held = new OldestFirstMap<string, HeldDisconnect>();

  constructor(private readonly opts: HeldDisconnectsOptions) {}

  /** Holds the count of a disconnect for the grace window; at the bound the oldest held one is counted first (O(1)). */
  hold(client: ConnectedClient, at: number): void {
    if (this.held.size >= this.opts.max) {
      const oldest = this.held.oldestKey();
      if (oldest !== undefined) this.resolve(oldest, UNKNOWN);
      this.opts.onOverflow('held_disconnects');
    }
    this.held.set(client.clientId, { client, at, deadline: this.opts.now() + this.opts.graceSeconds });
  }

  /** Counts the held disconnect of a client, if there is one, with `reason`. */
  resolve(clientId: string, reason: string): boolean {
    const held = this.held.get(clientId);
    if (!held) return false;
    this.held.delete(clientId);
    this.opts.count(held.client, held.at, reason);
    return true;
  }

  /**
   * Whether a log/push report at `at` is about the connection whose leave is held: the report is not
   * newer than the poll that noticed the leave. Unlike the client's history, never evicted while held.
   */
  reportsHeldConnection(clientId: string, at: number): boolean {
    const held = this.held.get(clientId);
    return held !== undefined && at <= held.at;
  }

  /** Counts, with reason `unknown`, the held disconnects whose grace window has passed (cheap when none is held). */
  settle(): void {
    if (this.held.size === 0) return;
    const now = this.opts.now();
    for (let clientId = this.held.oldestKey(); clientId !== undefined; clientId = this.held.oldestKey()) {
      if (this.held.get(clientId)!.deadline > now) return;
      this.resolve(clientId, UNKNOWN);
    }
  }
}
