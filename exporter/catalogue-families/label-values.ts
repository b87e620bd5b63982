/** Label values of the catalogue's families: the values the exporter knows each label can take. */
import { CLIENT_TYPES, SESSION_STATUSES } from '../events';

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
  'held_disconnects',
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
