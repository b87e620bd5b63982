/** What the client tracker (clients.ts) remembers about a client across its connections. */
import { UNKNOWN, type ClientType } from '../events';
import type { ConnectedClient } from './fleet-view';

/** A platform worth keeping: not empty, not `unknown`. */
export function knownPlatform(platform: string | undefined): string | undefined {
  return platform && platform !== UNKNOWN ? platform : undefined;
}

/** What the exporter remembers about a client across connections. */
export interface ClientHistory {
  clientType: ClientType;
  connections: number;
  /** `at` of the last connect/disconnect the log or the event socket reported (0 if none). */
  lastPushedAt: number;
  /** The last platform a source reported (a reconnect the poll sees first keeps it). */
  platform?: string;
  /** A connection of this client is known (seen connecting, or leaving after connecting before the exporter started). */
  seen: boolean;
  /** `at` of the poll that noticed the client leave, until the log/push reports that leave. */
  leftUnreported?: number;
}

/** Whether a log/push report at `at` is about the connection whose leave the poll noticed and the log has not reported yet. */
export function beforeUnreportedLeave(history: ClientHistory | undefined, at: number): boolean {
  return history?.leftUnreported !== undefined && at <= history.leftUnreported;
}

/**
 * Every field present from the start (the optional ones as undefined): one object shape with all its
 * fields inside the object. Added later, `platform` and `leftUnreported` moved each history to a
 * second shape with a separate property array (~40 bytes more per client: 0.4 MB at 10,000).
 */
export function newHistory(clientType: ClientType): ClientHistory {
  return { clientType, connections: 0, lastPushedAt: 0, platform: undefined, seen: false, leftUnreported: undefined };
}

/**
 * A connected client as the tracker keeps it: the public fields, and its history in a private field
 * (not enumerable: readers and tests see a plain ConnectedClient). The history used to live in a second
 * Map keyed by the client id, whose table took ~0.45 MB at 10,000 clients (and its growth as much in
 * garbage at the first poll).
 */
export class TrackedClient implements ConnectedClient {
  readonly #history: ClientHistory;

  constructor(
    readonly clientId: string,
    readonly clientType: ClientType,
    readonly platform: string,
    readonly connectedAt: number,
    history: ClientHistory,
  ) {
    this.#history = history;
  }

  /** The client's history, kept out of the LRU while it is connected (its counts must keep counting). */
  history(): ClientHistory {
    return this.#history;
  }
}
