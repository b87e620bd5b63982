import { describe, expect, it } from 'vitest';
import {
  API_ENDPOINTS,
  API_ERROR_KINDS,
  EXPORTER_BOUNDS,
  DISCONNECT_REASONS,
  REGISTRATION_REJECT_REASONS,
  SERVER_LOG_LEVELS,
  SESSION_CANCEL_REASONS,
} from '../../../exporter/catalogue';
import type { ApiProbe, FleetEvent } from '../../../exporter/events';
import { CatalogueRenderer } from '../../../exporter/metrics/renderer';
import type { ProbeFailureKind } from '../../../exporter/sources/api/probe';
import { disconnectReason } from '../../../exporter/sources/log/close-codes';
import { LogParser } from '../../../exporter/sources/log/parser';
import { FleetState } from '../../../exporter/state';
import { parseMetrics, type ParsedMetrics } from '../../../scripts/stack/metrics-text';

const build = { version: '1', revision: 'r', nodejs: '20' };

function scrape(state: FleetState): ParsedMetrics {
  return parseMetrics(new CatalogueRenderer({ view: state, maxSeries: 10, build, now: () => 0 }).render());
}

/** Every sample of a series as `labels → value`, label values joined in key order. */
function series(m: ParsedMetrics, name: string, without: readonly string[] = []): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of m.find(name)) {
    const key = Object.entries(s.labels)
      .filter(([k]) => !without.includes(k))
      .map(([, v]) => v)
      .join('/');
    expect(out[key], `${name}{${key}} exported twice`).toBeUndefined();
    out[key] = s.value;
  }
  return out;
}

/** The events a log parser makes of some lines of the server's log. */
function parseLog(lines: readonly string[]): FleetEvent[] {
  const events: FleetEvent[] = [];
  const parser = new LogParser({ event: (e) => events.push(e), malformed: () => undefined }, () => 0);
  for (const line of lines) parser.parseLine(line);
  parser.endOfData();
  return events;
}

const at = '2026-11-21 04:28:27,535';

describe('series exported at 0 from start-up', () => {
  it('a fresh exporter exports every known label set of the event counters at 0', () => {
    const m = scrape(new FleetState());
    expect(series(m, 'ufo_client_connects_total')).toEqual({ device: 0, constellation: 0 });
    expect(series(m, 'ufo_client_disconnects_total')).toEqual({
      'device/normal': 0,
      'device/going_away': 0,
      'device/connection_lost': 0,
      'device/unknown': 0,
      'constellation/normal': 0,
      'constellation/going_away': 0,
      'constellation/connection_lost': 0,
      'constellation/unknown': 0,
    });
    expect(series(m, 'ufo_sessions_finished_total')).toEqual({
      'completed/none': 0,
      'failed/none': 0,
      'cancelled/device_disconnected': 0,
      'cancelled/constellation_disconnected': 0,
    });
    expect(series(m, 'ufo_registrations_rejected_total')).toEqual({
      duplicate_client_id: 0,
      constellation_registration_failed: 0,
      registration_error: 0,
    });
    expect(series(m, 'ufo_log_messages_total')).toEqual({ debug: 0, info: 0, warning: 0, error: 0, critical: 0 });
    expect(series(m, 'ufo_exporter_errors_total')).toEqual(Object.fromEntries(API_ERROR_KINDS.map((k) => [`api/${k}`, 0])));
    expect(series(m, 'ufo_exporter_auth_failures_total')).toEqual({ missing: 0, malformed: 0, wrong: 0, throttled: 0 });
    expect(series(m, 'ufo_exporter_bound_overflows_total')).toEqual(Object.fromEntries(EXPORTER_BOUNDS.map((b) => [b, 0])));
  });

  it('exports empty histograms for the fixed label sets, every bucket included', () => {
    const m = scrape(new FleetState());
    expect(series(m, 'ufo_session_duration_seconds_count')).toEqual({ completed: 0, failed: 0, cancelled: 0 });
    expect(series(m, 'ufo_session_duration_seconds_sum')).toEqual({ completed: 0, failed: 0, cancelled: 0 });
    expect(m.find('ufo_session_duration_seconds_bucket', { status: 'failed' }).map((s) => s.labels.le)).toContain('+Inf');
    expect(m.find('ufo_session_duration_seconds_bucket').every((s) => s.value === 0)).toBe(true);
    expect(series(m, 'ufo_api_request_duration_seconds_count')).toEqual({ health: 0, clients: 0 });
  });

  it('counts into the same series (never a second sample) and still exports values met later', () => {
    const s = new FleetState();
    s.apply({ type: 'client_connected', source: 'log', at: 1, clientId: 'win-1' });
    s.apply({ type: 'client_disconnected', source: 'log', at: 2, clientId: 'win-1', reason: 'connection_lost' });
    s.apply({ type: 'client_connected', source: 'log', at: 3, clientId: 'win-1' });
    s.apply({ type: 'client_disconnected', source: 'log', at: 4, clientId: 'win-1', reason: 'code_4000' });
    s.apply({ type: 'session_finished', source: 'log', at: 5, sessionId: 's', status: 'failed', durationSeconds: 3 });
    s.apply({ type: 'upstream_status', source: 'api', at: 6, up: true, probes: [{ endpoint: 'clients', seconds: 0.02 }] });
    s.recordError({ source: 'api', kind: 'http_418' });
    const m = scrape(s);
    const disconnects = series(m, 'ufo_client_disconnects_total');
    expect(disconnects['device/connection_lost']).toBe(1);
    expect(disconnects['device/code_4000']).toBe(1);
    expect(Object.keys(disconnects)).toHaveLength(DISCONNECT_REASONS.length * 2 + 1);
    expect(series(m, 'ufo_client_connects_total')).toEqual({ device: 2, constellation: 0 });
    expect(series(m, 'ufo_sessions_finished_total')['failed/none']).toBe(1);
    expect(series(m, 'ufo_session_duration_seconds_count')).toEqual({ completed: 0, failed: 1, cancelled: 0 });
    expect(series(m, 'ufo_api_request_duration_seconds_count')).toEqual({ health: 0, clients: 1 });
    expect(series(m, 'ufo_exporter_errors_total')['api/http_418']).toBe(1);
  });
});

describe('the declared label values are the ones the sources produce', () => {
  it('disconnect reasons: the named close codes and unknown', () => {
    const produced = [1000, 1001, 1006, 99].map(disconnectReason);
    expect(new Set(produced)).toEqual(new Set(DISCONNECT_REASONS));
  });

  it('log levels, rejection reasons and cancel reasons as the log parser emits them', () => {
    const events = parseLog([
      ...['DEBUG', 'INFO', 'WARNING', 'WARN', 'ERROR', 'CRITICAL', 'FATAL'].map((level) => `${at} - ufo - ${level} - hello`),
      // A lone "Error with client None" is a rejection of its own; after a specific one it is not.
      `${at} - UFOWebSocketHandler - ERROR - [WS] Error with client None: boom`,
      `${at} - UFOWebSocketHandler - WARNING - [WS] 🚨 duplicate client_id rejected: win-1`,
      `${at} - UFOWebSocketHandler - ERROR - [WS] Constellation registration failed: no device`,
      ...SESSION_CANCEL_REASONS.map((r, i) => `${at} - SessionManager - INFO - [SessionManager] 🛑 Session s${i} was cancelled (reason: ${r})`),
    ]);
    const levels = new Set(events.flatMap((e) => (e.type === 'log_line' ? [e.level] : [])));
    expect(levels).toEqual(new Set(SERVER_LOG_LEVELS));
    const rejections = events.flatMap((e) => (e.type === 'registration_rejected' ? [e.reason] : []));
    expect(new Set(rejections)).toEqual(new Set(REGISTRATION_REJECT_REASONS));
    const cancels = events.flatMap((e) => (e.type === 'session_finished' ? [`${e.status}/${e.reason}`] : []));
    expect(cancels).toEqual(SESSION_CANCEL_REASONS.map((r) => `cancelled/${r}`));
  });

  it('API endpoints and error kinds match the API source types (checked by the compiler)', () => {
    // Every declared kind is a probe failure kind, and every fixed probe failure kind is declared:
    // only the open-ended `http_<code>` kinds may be missing from the list.
    const declared: readonly ProbeFailureKind[] = API_ERROR_KINDS;
    type Undeclared = Exclude<ProbeFailureKind, (typeof API_ERROR_KINDS)[number]>;
    const onlyOpenEnded: [Undeclared] extends [`http_${number}`] ? true : false = true;
    const endpoints: readonly ApiProbe['endpoint'][] = API_ENDPOINTS;
    const allEndpoints: [Exclude<ApiProbe['endpoint'], (typeof API_ENDPOINTS)[number]>] extends [never] ? true : false = true;
    expect([declared.length, onlyOpenEnded, endpoints.length, allEndpoints]).toEqual([11, true, 2, true]);
  });
});
