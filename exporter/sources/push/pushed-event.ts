/**
 * The TypeScript shape of events.schema.json (kept in step by test/exporter/sources/push/validate.test.ts), and its
 * translation into the fleet's typed events.
 */
import type { ClientType, FleetEvent, LogError, SessionStatus } from '../../events';
import { ERROR_LEVELS, exceptionTypeOfTraceback, logErrorEvent } from '../log/error-records';
import { disconnectReason } from '../log/close-codes';
import { normaliseMethod, normaliseRoute } from '../log/http-labels';

type Timestamped = { readonly timestamp?: number | string };

export type PushedEvent = Timestamped &
  (
    | { readonly type: 'client_connected'; readonly client_id: string; readonly client_type?: ClientType; readonly platform?: string }
    | { readonly type: 'client_disconnected'; readonly client_id: string; readonly code?: number }
    | { readonly type: 'session_started'; readonly session_id: string; readonly client_id?: string; readonly device_id?: string; readonly platform?: string }
    | {
        readonly type: 'session_finished';
        readonly session_id: string;
        readonly status: SessionStatus;
        readonly reason?: string;
        readonly duration_seconds?: number;
      }
    | { readonly type: 'http_request'; readonly method: string; readonly route: string; readonly code: number; readonly duration_seconds: number }
    | { readonly type: 'registration_rejected'; readonly reason: string }
    | {
        readonly type: 'log_line';
        readonly level: 'debug' | 'info' | 'warning' | 'error' | 'critical';
        readonly logger?: string;
        readonly message?: string;
        readonly exc_info?: string;
      }
  );

export const PUSHED_EVENT_TYPES = [
  'client_connected',
  'client_disconnected',
  'session_started',
  'session_finished',
  'http_request',
  'registration_rejected',
  'log_line',
] as const satisfies readonly PushedEvent['type'][];

/** Unix seconds of the event: its timestamp (validated already), else `receivedAt`. */
function timeOf(event: Timestamped, receivedAt: number): number {
  if (typeof event.timestamp === 'number') return event.timestamp;
  if (typeof event.timestamp === 'string') {
    const ms = Date.parse(event.timestamp);
    if (Number.isFinite(ms)) return ms / 1000;
  }
  return receivedAt;
}

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** A schema-valid pushed event → the fleet event it stands for (labels normalised like the log's). */
export function toFleetEvent(event: PushedEvent, receivedAt: number): FleetEvent {
  const base = { source: 'push', at: timeOf(event, receivedAt) } as const;
  switch (event.type) {
    case 'client_connected':
      return {
        ...base,
        type: 'client_connected',
        clientId: event.client_id,
        ...optional('clientType', event.client_type),
        ...optional('platform', event.platform?.toLowerCase()),
      };
    case 'client_disconnected':
      return { ...base, type: 'client_disconnected', clientId: event.client_id, reason: event.code === undefined ? 'unknown' : disconnectReason(event.code) };
    case 'session_started':
      return {
        ...base,
        type: 'session_started',
        sessionId: event.session_id,
        ...optional('clientId', event.client_id),
        ...optional('deviceId', event.device_id),
        ...optional('platform', event.platform?.toLowerCase()),
      };
    case 'session_finished':
      return {
        ...base,
        type: 'session_finished',
        sessionId: event.session_id,
        status: event.status,
        reason: event.status === 'cancelled' ? (event.reason ?? 'unknown') : 'none',
        ...optional('durationSeconds', event.duration_seconds),
      };
    case 'http_request':
      return {
        ...base,
        type: 'http_request',
        method: normaliseMethod(event.method),
        route: normaliseRoute(event.route),
        code: event.code,
        durationSeconds: event.duration_seconds,
      };
    case 'registration_rejected':
      return { ...base, type: 'registration_rejected', reason: event.reason };
    case 'log_line':
      return { ...base, type: 'log_line', level: event.level };
  }
}

/** A pushed warning-or-worse `log_line` with a message also stands for an error record (ufo_log_errors_total). */
export function toLogError(event: PushedEvent, at: number): LogError | undefined {
  if (event.type !== 'log_line' || event.message === undefined || !ERROR_LEVELS.has(event.level)) return undefined;
  const exception = event.exc_info === undefined ? undefined : exceptionTypeOfTraceback(event.exc_info);
  return logErrorEvent('push', at, event.level as LogError['level'], event.logger, event.message, exception);
}
