/**
 * The metric catalogue: the single source of truth for every metric the exporter exports.
 *
 * The exporter registers metrics only from here; `rules/` and `grafana/` import the names from here,
 * so a rule or panel naming a metric the exporter does not export fails to compile (typed names) or
 * fails a test (PromQL parsed and checked against `knownSeriesNames`). `docs/metrics.md` is
 * generated from this file by `npm run build:rules`.
 */
import { CLIENT_TYPES, SESSION_STATUSES } from './events';

export type MetricType = 'counter' | 'gauge' | 'histogram';

/** The unit of a metric's value; drives Grafana panel units and the docs. */
export type MetricUnit = 'seconds' | 'timestamp_seconds' | 'bytes' | 'ratio' | 'boolean' | 'count' | 'info';

/** Where a metric's data comes from (for the docs and the exporter dashboard). */
export type MetricSource = 'api' | 'log' | 'push' | 'exporter';

export interface MetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly unit: MetricUnit;
  readonly sources: readonly MetricSource[];
  /** Histogram bucket upper bounds, in the metric's unit. */
  readonly buckets?: readonly number[];
  /** Carries a `client_id` label: bounded by `--clients.max-series`, dropped past the cap. */
  readonly perClient?: boolean;
}

/** Probe latencies of the server's HTTP API: 5 ms … 10 s. */
export const API_LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10] as const;
/** Session durations: 1 s … 1 h (docs/design.md, Conventions). */
export const SESSION_DURATION_BUCKETS = [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600] as const;
/** Request latencies reported by the server (pushed events): 5 ms … 30 s. */
export const HTTP_LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

/** `client_type` label values: the domain's client types (defined with the events). */
export { CLIENT_TYPES };
/** `ufo_devices{status}` values. */
export const DEVICE_STATUSES = ['online', 'busy', 'offline'] as const;
/** `ufo_exporter_auth_failures_total{reason}` values: why the web or event-socket credential was refused (`throttled`: too many failures or checks queued). */
export const AUTH_FAILURE_REASONS = ['missing', 'malformed', 'wrong', 'throttled'] as const;
export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];
/** `ufo_sessions_finished_total{status}` and `ufo_session_duration_seconds{status}` values: the domain's session outcomes. */
export { SESSION_STATUSES };

/*
 * Label values the sources are known to produce. The exporter exports these series at 0 from
 * start-up (exporter/metrics/initial-series.ts): increase()/rate() cannot see the first increment of
 * a series that appears already at 1. Other values the sources meet are still exported when seen.
 */
/** `ufo_client_disconnects_total{reason}`: WebSocket close code names (exporter/sources/log/close-codes.ts), or unknown. */
export const DISCONNECT_REASONS = ['normal', 'going_away', 'connection_lost', 'unknown'] as const;
/** `ufo_sessions_finished_total{reason}` of cancelled sessions, as the server logs them; other statuses have reason `none`. */
export const SESSION_CANCEL_REASONS = ['device_disconnected', 'constellation_disconnected'] as const;
/** `ufo_registrations_rejected_total{reason}` values the log parser emits (exporter/sources/log/messages.ts). */
export const REGISTRATION_REJECT_REASONS = ['duplicate_client_id', 'constellation_registration_failed', 'registration_error'] as const;
/** `ufo_log_messages_total{level}`: the server's Python levels, lower-cased (WARN → warning, FATAL → critical). */
export const SERVER_LOG_LEVELS = ['debug', 'info', 'warning', 'error', 'critical'] as const;
/** `ufo_api_request_duration_seconds{endpoint}`: the server API endpoints the exporter probes. */
export const API_ENDPOINTS = ['health', 'clients'] as const;
/** `ufo_exporter_errors_total{source="api",kind}`: the fixed failure kinds of an API probe (exporter/sources/api/probe.ts); other HTTP codes are `http_<code>`. */
export const API_ERROR_KINDS = [
  'timeout',
  'connection_refused',
  'connection_reset',
  'dns',
  'network',
  'http_401',
  'http_422',
  'http_5xx',
  'bad_json',
  'bad_shape',
  'body_too_large',
] as const;

/**
 * `ufo_exporter_bound_limit{bound}` and `ufo_exporter_bound_overflows_total{bound}`: every container
 * or rate the exporter caps (docs/hardening.md says what each one does past its limit).
 */
export const EXPORTER_BOUNDS = [
  'clients',
  'client_history',
  'pushed_clients',
  'sessions_active',
  'session_memory',
  'label_length',
  'push_connections',
  'push_buffered_bytes',
  'push_rate',
  'web_connections',
  'web_slow_requests',
  'auth_attempts',
  'auth_queue',
] as const;
export type ExporterBound = (typeof EXPORTER_BOUNDS)[number];

export const catalogue = {
  up: {
    name: 'ufo_up',
    type: 'gauge',
    help: 'Whether the last probe of the UFO server API succeeded (1) or failed (0).',
    labelNames: [],
    unit: 'boolean',
    sources: ['api'],
  },
  serverInfo: {
    name: 'ufo_server_info',
    type: 'gauge',
    help: 'Always 1; labels name the UFO server (--ufo.server-name or a servers: entry; default the URL\'s host:port) and its URL (credential redacted). Rules join `server` in from it.',
    labelNames: ['server', 'url'],
    unit: 'info',
    sources: ['exporter'],
  },
  lastSuccessfulPoll: {
    name: 'ufo_api_last_success_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time of the last fully successful poll of the UFO server API (0 before the first).',
    labelNames: [],
    unit: 'timestamp_seconds',
    sources: ['api'],
  },
  buildInfo: {
    name: 'ufo_exporter_build_info',
    type: 'gauge',
    help: 'Always 1; labels carry the exporter version, git revision and Node.js version.',
    labelNames: ['version', 'revision', 'nodejs'],
    unit: 'info',
    sources: ['exporter'],
  },
  exporterErrors: {
    name: 'ufo_exporter_errors_total',
    type: 'counter',
    help: 'Errors met by the exporter, by source (api, log, push, config) and kind.',
    labelNames: ['source', 'kind'],
    unit: 'count',
    sources: ['exporter'],
  },
  exporterEvents: {
    name: 'ufo_exporter_events_total',
    type: 'counter',
    help: 'Typed fleet events applied to the fleet state, by the source that produced them.',
    labelNames: ['source'],
    unit: 'count',
    sources: ['exporter'],
  },
  logLinesRead: {
    name: 'ufo_exporter_log_lines_read_total',
    type: 'counter',
    help: 'Lines read from the UFO server log file, whether or not they carried an event.',
    labelNames: [],
    unit: 'count',
    sources: ['log'],
  },
  pollDuration: {
    name: 'ufo_exporter_poll_duration_seconds',
    type: 'histogram',
    help: 'Duration of one complete poll of the UFO server API (all endpoints).',
    labelNames: [],
    unit: 'seconds',
    sources: ['api'],
    buckets: API_LATENCY_BUCKETS,
  },
  sourceConfigured: {
    name: 'ufo_exporter_source_configured',
    type: 'gauge',
    help: 'Whether each event source is configured (1) or not (0): api (always), log (--ufo.log-file), push (--events.token). Families only unconfigured sources feed are not exported.',
    labelNames: ['source'],
    unit: 'boolean',
    sources: ['exporter'],
  },
  logProblem: {
    name: 'ufo_exporter_log_problem',
    type: 'gauge',
    help: 'The configured UFO server log does not feed the exporter: missing (the file does not exist or cannot be read) or silent (no line for --ufo.log-silence while clients are connected). 1 while it holds.',
    labelNames: ['problem'],
    unit: 'boolean',
    sources: ['log'],
  },
  clientSeriesDropped: {
    name: 'ufo_exporter_client_series_dropped',
    type: 'gauge',
    help: 'Connected clients whose per-client series are not exported because --clients.max-series was reached.',
    labelNames: [],
    unit: 'count',
    sources: ['exporter'],
  },
  clientSeriesLimit: {
    name: 'ufo_exporter_client_series_limit',
    type: 'gauge',
    help: 'The configured maximum number of clients with per-client series (--clients.max-series).',
    labelNames: [],
    unit: 'count',
    sources: ['exporter'],
  },
  boundLimit: {
    name: 'ufo_exporter_bound_limit',
    type: 'gauge',
    help: 'The configured limit of each bounded container or rate of the exporter (docs/hardening.md).',
    labelNames: ['bound'],
    unit: 'count',
    sources: ['exporter'],
  },
  boundOverflows: {
    name: 'ufo_exporter_bound_overflows_total',
    type: 'counter',
    help: 'Items dropped, evicted, shortened or refused because a bound of the exporter was reached, by bound.',
    labelNames: ['bound'],
    unit: 'count',
    sources: ['exporter'],
  },
  authFailures: {
    name: 'ufo_exporter_auth_failures_total',
    type: 'counter',
    help: 'Requests to the exporter rejected for a missing or wrong credential.',
    labelNames: ['reason'],
    unit: 'count',
    sources: ['exporter'],
  },
  apiRequestDuration: {
    name: 'ufo_api_request_duration_seconds',
    type: 'histogram',
    help: "Duration of the exporter's probes of the UFO server API, by endpoint.",
    labelNames: ['endpoint'],
    unit: 'seconds',
    sources: ['api'],
    buckets: API_LATENCY_BUCKETS,
  },
  clientsConnected: {
    name: 'ufo_clients_connected',
    type: 'gauge',
    help: 'Clients connected to the UFO server, by client type and platform.',
    labelNames: ['client_type', 'platform'],
    unit: 'count',
    sources: ['api', 'log', 'push'],
  },
  clientInfo: {
    name: 'ufo_client_info',
    type: 'gauge',
    help: 'Always 1 for each connected client; labels carry its id, type and platform.',
    labelNames: ['client_id', 'client_type', 'platform'],
    unit: 'info',
    sources: ['api', 'log', 'push'],
    perClient: true,
  },
  clientConnectionStart: {
    name: 'ufo_client_connection_start_time_seconds',
    type: 'gauge',
    help: 'Unix time at which the connected client connected.',
    labelNames: ['client_id'],
    unit: 'timestamp_seconds',
    sources: ['api', 'log', 'push'],
    perClient: true,
  },
  clientConnections: {
    name: 'ufo_client_connections_total',
    type: 'counter',
    help: 'Connections made by each client since the exporter started.',
    labelNames: ['client_id'],
    unit: 'count',
    sources: ['api', 'log', 'push'],
    perClient: true,
  },
  clientConnects: {
    name: 'ufo_client_connects_total',
    type: 'counter',
    help: 'Client connections, by client type.',
    labelNames: ['client_type'],
    unit: 'count',
    sources: ['api', 'log', 'push'],
  },
  clientDisconnects: {
    name: 'ufo_client_disconnects_total',
    type: 'counter',
    help: 'Client disconnections, by client type and reason (WebSocket close code name, or unknown).',
    labelNames: ['client_type', 'reason'],
    unit: 'count',
    sources: ['api', 'log', 'push'],
  },
  registrationsRejected: {
    name: 'ufo_registrations_rejected_total',
    type: 'counter',
    help: 'Client registrations the server rejected, by reason.',
    labelNames: ['reason'],
    unit: 'count',
    sources: ['log', 'push'],
  },
  devices: {
    name: 'ufo_devices',
    type: 'gauge',
    help: 'Devices by status: online (connected, idle), busy (a session runs on it, whichever client started it), offline (known or seen, not connected).',
    labelNames: ['status'],
    unit: 'count',
    sources: ['api', 'log', 'push'],
  },
  sessionsActive: {
    name: 'ufo_sessions_active',
    type: 'gauge',
    help: 'Sessions currently running, by the type of client that owns them.',
    labelNames: ['client_type'],
    unit: 'count',
    sources: ['log', 'push'],
  },
  sessionsStarted: {
    name: 'ufo_sessions_started_total',
    type: 'counter',
    help: 'Session runs started by the server (each run of a reused session id counts).',
    labelNames: [],
    unit: 'count',
    sources: ['log', 'push'],
  },
  sessionsFinished: {
    name: 'ufo_sessions_finished_total',
    type: 'counter',
    help: 'Sessions finished, by status (completed, failed, cancelled) and reason (cancel reason, or none).',
    labelNames: ['status', 'reason'],
    unit: 'count',
    sources: ['log', 'push'],
  },
  sessionDuration: {
    name: 'ufo_session_duration_seconds',
    type: 'histogram',
    help: 'Execution time of finished sessions, by status.',
    labelNames: ['status'],
    unit: 'seconds',
    sources: ['log', 'push'],
    buckets: SESSION_DURATION_BUCKETS,
  },
  sessionsOldestActiveAge: {
    name: 'ufo_sessions_oldest_active_age_seconds',
    type: 'gauge',
    help: 'Age of the oldest running session (0 when none is running).',
    labelNames: [],
    unit: 'seconds',
    sources: ['log', 'push'],
  },
  httpRequests: {
    name: 'ufo_http_requests_total',
    type: 'counter',
    help: "HTTP requests served by the UFO server to callers other than this exporter (its own API probes are ufo_exporter_own_requests_total), by method, normalised route and status code.",
    labelNames: ['method', 'route', 'code'],
    unit: 'count',
    sources: ['log', 'push'],
  },
  httpRequestDuration: {
    name: 'ufo_http_request_duration_seconds',
    type: 'histogram',
    help: 'Duration of HTTP requests served by the UFO server, by method and normalised route (pushed events only).',
    labelNames: ['method', 'route'],
    unit: 'seconds',
    sources: ['push'],
    buckets: HTTP_LATENCY_BUCKETS,
  },
  ownRequests: {
    name: 'ufo_exporter_own_requests_total',
    type: 'counter',
    help: "The exporter's own API probes as the UFO server's access log recorded them, by route and status code (not counted in ufo_http_requests_total).",
    labelNames: ['route', 'code'],
    unit: 'count',
    sources: ['log'],
  },
  logMessages: {
    name: 'ufo_log_messages_total',
    type: 'counter',
    help: 'Messages written to the UFO server log, by level.',
    labelNames: ['level'],
    unit: 'count',
    sources: ['log', 'push'],
  },
  logErrors: {
    name: 'ufo_log_errors_total',
    type: 'counter',
    help: 'WARNING, ERROR and CRITICAL records of the UFO server (a traceback counts with its record), by level, logger and pattern: the message with ids, numbers, quoted values, paths, addresses and secrets replaced by placeholders (at most 120 characters). At most --errors.max-patterns label sets; past it new ones count as logger="other", pattern="other" (docs/error-patterns.md).',
    labelNames: ['level', 'logger', 'pattern'],
    unit: 'count',
    sources: ['log', 'push'],
  },
  logErrorPatternsFolded: {
    name: 'ufo_log_error_patterns_folded',
    type: 'gauge',
    help: 'Distinct error label sets (level, logger, pattern) counted as pattern="other" because --errors.max-patterns was reached.',
    labelNames: [],
    unit: 'count',
    sources: ['log', 'push'],
  },
  logErrorPatternsLimit: {
    name: 'ufo_log_error_patterns_limit',
    type: 'gauge',
    help: 'The configured maximum number of error label sets in ufo_log_errors_total (--errors.max-patterns).',
    labelNames: [],
    unit: 'count',
    sources: ['exporter'],
  },
} as const satisfies Record<string, MetricDefinition>;

export type CatalogueKey = keyof typeof catalogue;
export type Catalogue = typeof catalogue;
/** Every metric name the exporter exports, as a literal union. */
export type MetricName = Catalogue[CatalogueKey]['name'];
type HistogramName = Extract<Catalogue[CatalogueKey], { type: 'histogram' }>['name'];
/** Every series name a query may use: metric names plus histograms' `_bucket`, `_sum`, `_count`. */
export type SeriesName = MetricName | `${HistogramName}_${'bucket' | 'sum' | 'count'}`;
/** The label names of one metric, as a literal union. */
export type LabelsOf<K extends CatalogueKey> = Catalogue[K]['labelNames'][number];

export const metricDefinitions: readonly MetricDefinition[] = Object.values(catalogue);

/**
 * Series that exist in Prometheus without this exporter defining them: Prometheus' own synthetic
 * series and prom-client's process metrics (served from a separate registry, see exporter docs).
 */
export const PROMETHEUS_BUILTIN_SERIES = ['up', 'ALERTS', 'ALERTS_FOR_STATE', 'scrape_duration_seconds', 'scrape_samples_scraped'] as const;
export const PROCESS_SERIES = [
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'process_start_time_seconds',
  'process_open_fds',
  'nodejs_heap_size_used_bytes',
  'nodejs_heap_size_total_bytes',
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_p99_seconds',
] as const;
export type ExternalSeriesName = (typeof PROMETHEUS_BUILTIN_SERIES)[number] | (typeof PROCESS_SERIES)[number];

/** Every series name of the catalogue, histograms expanded. */
export function catalogueSeriesNames(): Set<string> {
  const names = new Set<string>();
  for (const def of metricDefinitions) {
    names.add(def.name);
    if (def.type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(def.name + s);
  }
  return names;
}

/** Series names a rule or panel may use besides recording rules: the catalogue, builtins, process metrics. */
export function knownSeriesNames(): Set<string> {
  const names = catalogueSeriesNames();
  for (const n of [...PROMETHEUS_BUILTIN_SERIES, ...PROCESS_SERIES]) names.add(n);
  return names;
}

/** A typed metric-name reference for PromQL builders: `metric('ufo_up')` fails to compile if misspelt. */
export function metric<N extends SeriesName | ExternalSeriesName>(name: N): N {
  return name;
}
