/** What the client tracker (clients.ts) remembers about a client across its connections. */
import { UNKNOWN, type ClientType } from '../events';

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

export function newHistory(clientType: ClientType): ClientHistory {
  return { clientType, connections: 0, lastPushedAt: 0, seen: false };
}
