/**
 * What readers see of the fleet state: the `FleetView` interface the renderer (metrics/) and the
 * status page (status/) read, and the value types it returns. Only types live here; `FleetState`
 * implements them.
 */
import type { ClientType } from '../events';
import type { ErrorPatternLabel, ErrorPatternView } from './error-patterns';
import type { ConfiguredSources, LogHealthView } from './log-health';
import type { CounterEntry, CounterReads, HistogramEntry, HistogramReads } from './series';
import type { ActiveSession } from './sessions';

export type { ActiveSession, ConfiguredSources, ErrorPatternView, LogHealthView };

/** Version counters, one per part of the state; a reader re-renders only when its parts moved. */
export interface StateVersions {
  /** Connected set, client types and platforms. */
  readonly presence: number;
  /** Connect/disconnect counters and per-client connection counts. */
  readonly connections: number;
  readonly sessions: number;
  readonly requests: number;
  /** Log levels, error patterns and rejected registrations. */
  readonly logs: number;
  readonly upstream: number;
  /** The exporter's own counters: errors, events applied, lines read. */
  readonly exporter: number;
  /** Bound limits and overflows. */
  readonly bounds: number;
}

export interface ConnectedClient {
  readonly clientId: string;
  readonly clientType: ClientType;
  readonly platform: string;
  /** Unix seconds. */
  readonly connectedAt: number;
}

/** Who is connected, and the connects and disconnects counted (clients.ts). */
export interface ClientReads {
  /** Connected clients, oldest connection first. */
  connectedClients(): IterableIterator<ConnectedClient>;
  readonly connectedCount: number;
  /** Connections of a client since the exporter started (0 when forgotten or never seen). */
  connectionCount(clientId: string): number;
  readonly connects: CounterReads<'client_type'>;
  /** Counts the held disconnects whose grace window has passed (reason `unknown`) before it answers. */
  disconnects(): CounterEntry<'client_type' | 'reason'>[];
  /** Connected clients by type and platform. */
  byTypeAndPlatform(): CounterEntry<'client_type' | 'platform'>[];
}

/** What runs now, what finished and how long it took (sessions.ts). */
export interface SessionReads {
  /** Running sessions; orphans past their grace period are forgotten first (swept at most once a second). */
  running(): ActiveSession[];
  activeByOwnerType(): Map<string, number>;
  /** Seconds since the oldest running session started (0 when none runs). */
  oldestActiveAge(now?: number): number;
  readonly started: number;
  /** Running sessions forgotten without a finish (orphaned past the grace period, or over the cap). */
  readonly forgotten: number;
  readonly finished: CounterReads<'status' | 'reason'>;
  readonly durations: HistogramReads<'status'>;
}

export interface UpstreamView {
  /** null before the first poll finished. */
  readonly up: boolean | null;
  readonly lastPollAt: number | null;
  readonly lastSuccessAt: number | null;
  readonly lastError: string | null;
  readonly lastErrorAt: number | null;
  readonly lastPollSeconds: number | null;
  /** Seconds each API endpoint probe took in the last poll that reported probes ({} before one did). */
  readonly lastProbeSeconds: Readonly<Record<string, number>>;
}

/** The server's API as the poller saw it (upstream.ts). */
export interface UpstreamReads {
  /** Up/down, last poll, last success and error. */
  status(): UpstreamView;
  /** Seconds each API endpoint probe took (`ufo_exporter_api_request_duration_seconds`). */
  readonly probes: HistogramReads<'endpoint'>;
  /** Seconds each whole poll took. */
  readonly polls: HistogramReads<never>;
}

export interface DeviceCounts {
  readonly online: number;
  readonly busy: number;
  readonly offline: number;
}

/** Devices online, busy and offline, from the clients and sessions (devices.ts). */
export interface DeviceReads {
  counts(): DeviceCounts;
}

export type RecentEventKind =
  | 'client_connected'
  | 'client_disconnected'
  | 'session_started'
  | 'session_finished'
  | 'registration_rejected'
  | 'upstream_up'
  | 'upstream_down';

/** A notable fleet event, kept in a small ring buffer for the status page. */
export interface RecentEvent {
  readonly at: number;
  readonly kind: RecentEventKind;
  readonly clientId?: string;
  readonly sessionId?: string;
  /** Short human-readable detail: reason, status, platform, error. */
  readonly detail: string;
}

/** The status page's list of notable events (recent-events.ts). */
export interface RecentEventReads {
  /** The last `n` events, newest first; held disconnects that are due are counted first, so their reasons show. */
  latest(n?: number): RecentEvent[];
}

/** Read-only access to the fleet state, for collectors and the status page. */
export interface FleetView {
  versions(): StateVersions;
  /** Who is connected; connects and disconnects (clients.ts). */
  readonly clients: ClientReads;
  /** Devices online, busy and offline (devices.ts). */
  readonly devices: DeviceReads;
  /** Sessions running and finished (sessions.ts). */
  readonly sessions: SessionReads;
  httpRequests(): CounterEntry<'method' | 'route' | 'code'>[];
  httpRequestDurations(): HistogramEntry<'method' | 'route'>[];
  /** The exporter's own API probes, as the server's access log recorded them (not in httpRequests). */
  ownRequests(): CounterEntry<'route' | 'code'>[];
  logMessages(): CounterEntry<'level'>[];
  /** `ufo_log_errors_total`: error records by level, logger and pattern (capped, see error-patterns.ts). */
  logErrors(): CounterEntry<ErrorPatternLabel>[];
  /** Distinct error label sets counted as `other` because the pattern cap was reached. */
  errorPatternsFolded(): number;
  /** The pattern cap (--errors.max-patterns). */
  errorPatternLimit(): number;
  /** The `n` error patterns seen last, latest first. */
  recentErrorPatterns(n: number): ErrorPatternView[];
  registrationsRejected(): CounterEntry<'reason'>[];
  /** The server's API: up/down and poll timings (upstream.ts). */
  readonly upstream: UpstreamReads;
  errors(): CounterEntry<'source' | 'kind'>[];
  eventsApplied(): CounterEntry<'source'>[];
  logLinesRead(): number;
  authFailures(): CounterEntry<'reason'>[];
  /** The limit of each bound (ufo_exporter_bound_limit). */
  boundLimits(): CounterEntry<'bound'>[];
  /** Items past each bound (ufo_exporter_bound_overflows_total). */
  boundOverflows(): CounterEntry<'bound'>[];
  /** Notable events for the status page (recent-events.ts). */
  readonly recentEvents: RecentEventReads;
  /** The optional event sources configured (the API poll always runs). */
  configuredSources(): ConfiguredSources;
  /** Whether the configured log feeds the exporter (missing, silent while clients are connected). */
  logHealth(now?: number): LogHealthView;
}
