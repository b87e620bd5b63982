/**
 * How a FleetState is built: its options (flags reach it through config/ and main.ts) and the
 * defaults of the bounds the state keeps itself.
 */
import type { ConfiguredSources } from './log-health';

export interface FleetStateOptions {
  /** Devices reported offline when not connected (--devices.known). */
  readonly knownDevices?: readonly string[];
  /** Current Unix time in seconds; injectable for tests. */
  readonly now?: () => number;
  readonly recentEventsCapacity?: number;
  /** Disconnected clients remembered (connection counts, offline devices). */
  readonly clientHistoryLimit?: number;
  /** Connected clients tracked at most (--clients.max-tracked). */
  readonly maxConnectedClients?: number;
  /** Disconnects waiting for their reason (the grace window) at most; default the connected-clients cap. */
  readonly maxHeldDisconnects?: number;
  /** Connected clients known only from /events pushes, unconfirmed by an API poll (--events.max-unconfirmed-clients). */
  readonly maxPushedUnconfirmed?: number;
  readonly finishedSessionMemory?: number;
  readonly maxActiveSessions?: number;
  readonly orphanGraceSeconds?: number;
  /**
   * Seconds a disconnect the API poll noticed first waits for the log/push to report its reason
   * before it is counted with reason `unknown` (--clients.disconnect-grace). 0 (the default, for an
   * exporter without a log or push source) counts it at once.
   */
  readonly disconnectGraceSeconds?: number;
  /** Most error patterns in `ufo_log_errors_total` (--errors.max-patterns); default 100. */
  readonly maxErrorPatterns?: number;
  /** Called once, when the first error pattern is folded into `other` (for a log line). */
  readonly onErrorPatternCap?: (limit: number) => void;
  /**
   * The optional sources configured; families only they feed are exported only when one is. The
   * default (both) suits a state fed by hand, as in tests.
   */
  readonly configuredSources?: ConfiguredSources;
  /** Seconds a configured log may stay silent while clients are connected before it is a problem (--ufo.log-silence). */
  readonly logSilenceSeconds?: number;
}

/** Default of --errors.max-patterns. */
export const DEFAULT_MAX_ERROR_PATTERNS = 100;

/** The limits of the bounds kept inside the state (ufo_exporter_bound_limit{bound}). */
export function stateBoundLimits(opts: FleetStateOptions) {
  return {
    client_history: opts.clientHistoryLimit ?? 200_000,
    clients: opts.maxConnectedClients ?? 1_000_000,
    pushed_clients: opts.maxPushedUnconfirmed ?? 100_000,
    // As many as can be connected: even the whole fleet leaving in one poll keeps its reasons.
    held_disconnects: opts.maxHeldDisconnects ?? opts.maxConnectedClients ?? 1_000_000,
    session_memory: opts.finishedSessionMemory ?? 50_000,
    sessions_active: opts.maxActiveSessions ?? 100_000,
  } as const;
}
