/**
 * What readers see of the fleet state: the `FleetView` interface the renderer (metrics/) and the
 * status page (status/) read — one part per tracker, each part's read-only interface — and the value
 * types they return. Only types live here; each tracker implements its part, `FleetState` (the write
 * side) hands the trackers out as the parts.
 */
import type { ClientType } from '../events';
import type { ErrorPatternLabel, ErrorPatternView } from './error-patterns';
import type { ConfiguredSources, LogHealthView } from './log-health';
import type { CounterEntry, CounterReads, HistogramReads } from './series';
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

/** The server's requests, from its access log (requests.ts). */
export interface RequestReads {
  readonly counts: CounterReads<'method' | 'route' | 'code'>;
  readonly durations: HistogramReads<'method' | 'route'>;
  /** The exporter's own API probes, as the server's access log recorded them (not in `counts`). */
  readonly own: CounterReads<'route' | 'code'>;
}

/** The server's error records by pattern (error-patterns.ts). */
export interface ErrorPatternReads {
  /** `ufo_log_errors_total`: error records by level, logger and pattern (capped). */
  entries(): CounterEntry<ErrorPatternLabel>[];
  /** Distinct error label sets counted as `other` because the pattern cap was reached. */
  readonly folded: number;
  /** The pattern cap (--errors.max-patterns). */
  readonly maxPatterns: number;
  /** The `n` error patterns seen last, latest first. */
  recent(n: number): ErrorPatternView[];
}

/** What the server's log records say: levels, rejected registrations, error patterns (server-log.ts). */
export interface ServerLogReads {
  readonly levels: CounterReads<'level'>;
  readonly registrationsRejected: CounterReads<'reason'>;
  readonly errorPatterns: ErrorPatternReads;
}

/** The event sources: which are configured and whether the log feeds the exporter (log-health.ts). */
export interface SourceReads {
  /** The optional event sources configured (the API poll always runs). */
  readonly configured: ConfiguredSources;
  /** Whether the configured log feeds the exporter (missing, silent while clients are connected). */
  logHealth(now?: number): LogHealthView;
}

/** The exporter's own counters (exporter-counters.ts). */
export interface ExporterReads {
  readonly eventsApplied: CounterReads<'source'>;
  readonly errors: CounterReads<'source' | 'kind'>;
  readonly authFailures: CounterReads<'reason'>;
  readonly logLinesRead: number;
}

/** Every bound's limit and overflows (bounds.ts). */
export interface BoundReads {
  /** The limit of each bound (ufo_exporter_bound_limit). */
  limitEntries(): CounterEntry<'bound'>[];
  /** Items past each bound (ufo_exporter_bound_overflows_total). */
  overflowEntries(): CounterEntry<'bound'>[];
}

/**
 * Read-only access to the fleet state, for the renderer and the status page: one part per tracker,
 * in data-flow order (sources → the API poll → clients → sessions → …). Each part answers its reads
 * itself; reads with an effect say so (held disconnects counted, orphaned sessions swept first).
 */
export interface FleetView {
  /** Version counters per part; held disconnects that are due are counted and orphans swept first. */
  versions(): StateVersions;
  /** Which sources are configured and whether the log feeds the exporter (log-health.ts). */
  readonly sources: SourceReads;
  /** The server's API: up/down and poll timings (upstream.ts). */
  readonly upstream: UpstreamReads;
  /** Who is connected; connects and disconnects (clients.ts). */
  readonly clients: ClientReads;
  /** Sessions running and finished (sessions.ts). */
  readonly sessions: SessionReads;
  /** Devices online, busy and offline (devices.ts). */
  readonly devices: DeviceReads;
  /** The server's requests (requests.ts). */
  readonly requests: RequestReads;
  /** The server's log records: levels, rejected registrations, error patterns (server-log.ts). */
  readonly log: ServerLogReads;
  /** Notable events for the status page (recent-events.ts). */
  readonly recentEvents: RecentEventReads;
  /** The exporter's own counters (exporter-counters.ts). */
  readonly exporter: ExporterReads;
  /** Bound limits and overflows (bounds.ts). */
  readonly bounds: BoundReads;
}

/** The parts of the view, without versions(): what FleetState hands out (one tracker each). */
export type FleetViewParts = Omit<FleetView, 'versions'>;
