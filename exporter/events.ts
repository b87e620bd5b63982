/**
 * The typed events every source emits and the fleet state applies (docs/design.md, "One direction
 * of flow"). Sources know their input format; the fleet state knows only these events.
 *
 * Times are Unix seconds (fractions allowed). `at` is when the fact happened as the source saw it
 * (log timestamp, event timestamp, or poll start); sources that cannot tell use the receive time.
 *
 * An optional field given as `undefined` means what leaving it out does: the log source writes every field of an
 * event in one literal, unknown ones `undefined`, so each event type has one shape (docs/performance.md, "One shape
 * per literal").
 */
import type { ClientList } from './client-list';

/** Client types, as the server distinguishes them (`task@device` ids are constellations). */
export const CLIENT_TYPES = ['device', 'constellation'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];
/** How a session ends. */
export const SESSION_STATUSES = ['completed', 'failed', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type EventSource = 'api' | 'log' | 'push';

/** `platform` label value when a source does not know the platform. */
export const UNKNOWN = 'unknown';

interface EventBase {
  readonly source: EventSource;
  readonly at: number;
}

export interface ClientConnected extends EventBase {
  readonly type: 'client_connected';
  readonly clientId: string;
  /** When omitted the fleet state classifies the id (`task@device` is a constellation). */
  readonly clientType?: ClientType;
  readonly platform?: string;
}

export interface ClientDisconnected extends EventBase {
  readonly type: 'client_disconnected';
  readonly clientId: string;
  /** A reason label value: `normal` (1000), `going_away` (1001), `connection_lost` (1006), `code_<n>`, or `unknown`. */
  readonly reason?: string;
}

export interface RegistrationRejected extends EventBase {
  readonly type: 'registration_rejected';
  /** A bounded label value, e.g. `duplicate_client_id`, `constellation_registration_failed`. */
  readonly reason: string;
}

export interface SessionStarted extends EventBase {
  readonly type: 'session_started';
  readonly sessionId: string;
  /** The owning client, when known. */
  readonly clientId?: string;
  /**
   * The device the session runs on, when the source knows it (the log's `Prepared task …
   * target_device=`). Without it the fleet state takes the owner when it is a device, else the
   * device part of a `task@device` owner id.
   */
  readonly deviceId?: string;
  readonly platform?: string;
}

export interface SessionDuration extends EventBase {
  readonly type: 'session_duration';
  readonly sessionId: string;
  /** The server's own measurement ("execution took Xs"); preferred over created→finished. */
  readonly seconds: number;
}

export interface SessionFinished extends EventBase {
  readonly type: 'session_finished';
  readonly sessionId: string;
  readonly status: SessionStatus;
  /** Cancel reason (`device_disconnected`, …) or `none`. */
  readonly reason?: string;
  readonly durationSeconds?: number;
}

export interface HttpRequest extends EventBase {
  readonly type: 'http_request';
  readonly method: string;
  /** Already normalised: no ids, no query strings. */
  readonly route: string;
  readonly code: number;
  readonly durationSeconds?: number;
  /** The request was one of this exporter's own API probes (matched by its caller address and port). */
  readonly byExporter?: boolean;
}

export interface LogLine extends EventBase {
  readonly type: 'log_line';
  /** Lower-case level: debug, info, warning, error, critical. */
  readonly level: string;
}

/**
 * One WARNING/ERROR/CRITICAL record of the server (a traceback included), as its pattern: the
 * message with ids, numbers, quoted values, paths, addresses and secrets replaced by placeholders
 * (exporter/sources/log/error-pattern.ts). Sent besides the record's `log_line`.
 */
export interface LogError extends EventBase {
  readonly type: 'log_error';
  readonly level: 'warning' | 'error' | 'critical';
  /** The record's logger, label-safe (`other` when it is not a tame name). */
  readonly logger: string;
  /** Bounded in length; never holds an id, a number or a secret. */
  readonly pattern: string;
  /** One occurrence as the status page may show it: ids kept, secrets stripped, bounded. */
  readonly example: string;
}

/** One client as seen in one poll of `/api/clients` (or `/api/health`). */
export interface ClientSnapshotEntry {
  readonly clientId: string;
  readonly clientType?: ClientType;
  readonly platform?: string;
  /** Unix seconds, when the server reports it (rich shape). */
  readonly connectedAt?: number;
}

/** The full list of connected clients from one successful poll: the API's authoritative view. */
export interface ClientsSnapshot extends EventBase {
  readonly type: 'clients_snapshot';
  /** Objects, or columns (the API source's main-thread parse): read it through client-list.ts. */
  readonly clients: ClientList;
}

/** The outcome of one poll: whether the server's API answered correctly. */
export interface UpstreamStatus extends EventBase {
  readonly type: 'upstream_status';
  readonly up: boolean;
  /** Why the poll failed (names the URL, never the key). Optional: added for the status page. */
  readonly error?: string;
  /** Duration of the whole poll, seconds (`ufo_exporter_poll_duration_seconds`). */
  readonly pollSeconds?: number;
  /** Duration of each endpoint probe of this poll (`ufo_api_request_duration_seconds{endpoint}`). */
  readonly probes?: readonly ApiProbe[];
}

/** One timed request of the server API during a poll. */
export interface ApiProbe {
  readonly endpoint: 'health' | 'clients';
  readonly seconds: number;
}

export type FleetEvent =
  | ClientConnected
  | ClientDisconnected
  | RegistrationRejected
  | SessionStarted
  | SessionDuration
  | SessionFinished
  | HttpRequest
  | LogLine
  | LogError
  | ClientsSnapshot
  | UpstreamStatus;


/** Where a source delivers what it finds. */
export interface SourceSink {
  /** A typed event for the fleet state. */
  emit(event: FleetEvent): void;
  /**
   * Optional: does the read-only part of applying `snapshot` in slices that yield to the event loop;
   * the state does not change until `emit(snapshot)` (client-snapshot.ts). Emitting without it is correct too.
   */
  prepareSnapshot?(snapshot: ClientsSnapshot): Promise<void>;
  /** A problem (bad line, bad upstream answer, bad pushed message): counted, logged, never fatal. */
  reportError(error: SourceError): void;
  /**
   * Optional: `emit({ source: 'log', at, type: 'log_line', level })` without the event object, for the
   * log source's commonest event (one per record). A sink without it gets the event through `emit`.
   */
  logLine?(level: string, at: number): void;
  /** Lines read from the log file, whether or not they carried an event (log source only). */
  linesRead(count: number): void;
  /** The log file was found (null) or is missing or unreadable (why, naming the file) (log source only). */
  logFileState?(missingDetail: string | null): void;
}

/** A problem a source met. */
export interface SourceError {
  readonly source: EventSource | 'config' | 'exporter';
  /** A bounded label value, e.g. `timeout`, `http_401`, `bad_json`, `unknown_line`. */
  readonly kind: string;
  /** Human-readable: names the problem and where it is (URL, file:line, message field). Never a secret. */
  readonly message: string;
}

/** A long-running source of events. `start` resolves once the source is running. */
export interface Source {
  readonly name: EventSource;
  start(sink: SourceSink): Promise<void>;
  stop(): Promise<void>;
  /**
   * Delivers now what has reached the source but not yet its sink (the log: reads the file to its end),
   * so that a scrape sees everything written before it. Never rejects. Sources that deliver as things
   * arrive have none.
   */
  catchUp?(): Promise<void>;
}
