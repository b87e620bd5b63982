import { describe, expect, it } from 'vitest';
import { metricDefinitions } from '../../../exporter/catalogue';
import type { FleetEvent } from '../../../exporter/events';
import { createLogger } from '../../../exporter/logging';
import { CatalogueRenderer } from '../../../exporter/metrics/renderer';
import { createStateSink } from '../../../exporter/sink';
import { FleetState } from '../../../exporter/state';
import { parseMetrics } from '../../../scripts/stack/metrics-text';

const build = { version: '1.2.3', revision: 'abc', nodejs: '20' };

function fleet(n: number, at = 1): FleetEvent {
  return {
    type: 'clients_snapshot',
    source: 'api',
    at,
    clients: Array.from({ length: n }, (_, i) => ({ clientId: i % 10 === 0 ? `task${i}@dev${i}` : `dev${i}`, platform: 'windows' })),
  };
}

function busyState(): FleetState {
  const s = new FleetState({ now: () => 100, knownDevices: ['spare'] });
  const events: FleetEvent[] = [
    { type: 'upstream_status', source: 'api', at: 1, up: true, pollSeconds: 0.01, probes: [{ endpoint: 'health', seconds: 0.01 }] },
    fleet(5),
    { type: 'session_started', source: 'log', at: 50, sessionId: 's1', clientId: 'dev1' },
    { type: 'session_started', source: 'log', at: 60, sessionId: 's2', clientId: 'dev2' },
    { type: 'session_finished', source: 'log', at: 70, sessionId: 's2', status: 'cancelled', reason: 'device_disconnected' },
    { type: 'http_request', source: 'push', at: 1, method: 'GET', route: '/api/clients', code: 200, durationSeconds: 0.2 },
    { type: 'log_line', source: 'log', at: 1, level: 'warning' },
    { type: 'registration_rejected', source: 'log', at: 1, reason: 'duplicate_client_id' },
    { type: 'client_disconnected', source: 'log', at: 80, clientId: 'dev3', reason: 'connection_lost' },
  ];
  for (const e of events) s.apply(e);
  s.recordError({ source: 'log', kind: 'unknown_line' });
  return s;
}

describe('catalogue renderer', () => {
  it('exports every catalogue metric with HELP and TYPE, and nothing else', () => {
    const text = new CatalogueRenderer({ view: busyState(), maxSeries: 1000, build, now: () => 100 }).render();
    const parsed = parseMetrics(text);
    for (const def of metricDefinitions) {
      expect(parsed.types.get(def.name), def.name).toBe(def.type);
      expect(parsed.help.get(def.name), def.name).toBe(def.help);
    }
    const allowed = new Set(metricDefinitions.flatMap((d) => (d.type === 'histogram' ? [`${d.name}_bucket`, `${d.name}_sum`, `${d.name}_count`] : [d.name])));
    for (const sample of parsed.samples) expect(allowed.has(sample.name), sample.name).toBe(true);
  });

  it('reports the state exactly', () => {
    const m = parseMetrics(new CatalogueRenderer({ view: busyState(), maxSeries: 1000, build, now: () => 100 }).render());
    expect(m.value('ufo_up')).toBe(1);
    expect(m.value('ufo_exporter_build_info', { version: '1.2.3', revision: 'abc', nodejs: '20' })).toBe(1);
    expect(m.value('ufo_clients_connected', { client_type: 'device', platform: 'windows' })).toBe(3);
    expect(m.value('ufo_clients_connected', { client_type: 'constellation', platform: 'windows' })).toBe(1);
    expect(m.value('ufo_devices', { status: 'busy' })).toBe(1);
    expect(m.value('ufo_devices', { status: 'online' })).toBe(2);
    expect(m.value('ufo_devices', { status: 'offline' })).toBe(2); // spare + dev3
    expect(m.value('ufo_sessions_active', { client_type: 'device' })).toBe(1);
    expect(m.value('ufo_sessions_active', { client_type: 'constellation' })).toBe(0);
    expect(m.value('ufo_sessions_oldest_active_age_seconds')).toBe(50);
    expect(m.value('ufo_sessions_finished_total', { status: 'cancelled', reason: 'device_disconnected' })).toBe(1);
    expect(m.value('ufo_session_duration_seconds_bucket', { status: 'cancelled', le: '10' })).toBe(1);
    expect(m.value('ufo_session_duration_seconds_bucket', { status: 'cancelled', le: '5' })).toBe(0);
    expect(m.value('ufo_http_request_duration_seconds_count', { method: 'GET', route: '/api/clients' })).toBe(1);
    expect(m.value('ufo_client_disconnects_total', { client_type: 'device', reason: 'connection_lost' })).toBe(1);
    expect(m.value('ufo_exporter_errors_total', { source: 'log', kind: 'unknown_line' })).toBe(1);
    expect(m.value('ufo_log_messages_total', { level: 'warning' })).toBe(1);
    expect(m.find('ufo_client_info')).toHaveLength(4);
  });

  it('escapes label values', () => {
    const s = new FleetState();
    s.apply({ type: 'client_connected', source: 'push', at: 1, clientId: 'we"ird\\id\nx', platform: 'p' });
    const m = parseMetrics(new CatalogueRenderer({ view: s, maxSeries: 10, build }).render());
    expect(m.find('ufo_client_info')[0]?.labels.client_id).toBe('we"ird\\id\nx');
  });

  it('caps per-client series at the oldest N connections, keeps aggregates complete, logs once per crossing', () => {
    const lines: string[] = [];
    const s = new FleetState();
    const sink = createStateSink({ state: s, logger: createLogger({ write: (l) => lines.push(l) }), maxSeries: 3 });
    const renderer = new CatalogueRenderer({ view: s, maxSeries: 3, build });
    sink.emit(fleet(10));
    renderer.render();
    const m = parseMetrics(renderer.render());
    for (const name of ['ufo_client_info', 'ufo_client_connection_start_time_seconds'])
      expect(m.find(name).map((x) => x.labels.client_id), name).toEqual(['task0@dev0', 'dev1', 'dev2']);
    expect(m.find('ufo_client_reconnects_total')).toEqual([]); // nobody reconnected
    expect(m.value('ufo_exporter_client_series_dropped')).toBe(7);
    expect(m.value('ufo_exporter_client_series_limit')).toBe(3);
    expect(m.value('ufo_clients_connected', { client_type: 'device' })).toBe(9);
    expect(m.value('ufo_client_connects_total', { client_type: 'device' })).toBe(9);
    sink.emit(fleet(12, 2));
    expect(lines.filter((l) => l.includes('capped'))).toHaveLength(1);
    sink.emit(fleet(2, 3));
    sink.emit(fleet(5, 4));
    expect(lines.filter((l) => l.includes('capped'))).toHaveLength(2);
    expect(lines.filter((l) => l.includes('back under'))).toHaveLength(1);
  });

  it('hides presence families while the API is down and keeps counters', () => {
    const s = busyState();
    s.apply({ type: 'upstream_status', source: 'api', at: 2, up: false, error: 'x' });
    const m = parseMetrics(new CatalogueRenderer({ view: s, maxSeries: 1000, build }).render());
    expect(m.value('ufo_up')).toBe(0);
    expect(m.find('ufo_client_info')).toEqual([]);
    expect(m.find('ufo_clients_connected')).toEqual([]);
    expect(m.find('ufo_devices')).toEqual([]);
    expect(m.value('ufo_exporter_client_series_dropped')).toBe(0);
    expect(m.value('ufo_client_connects_total', { client_type: 'device' })).toBe(4);
    expect(m.types.get('ufo_client_info')).toBe('gauge');
  });

  it('re-renders only the families whose state moved', () => {
    const s = busyState();
    const renderer = new CatalogueRenderer({ view: s, maxSeries: 1000, build, now: () => 100 });
    const first = renderer.render();
    const afterFirst = renderer.renders;
    expect(afterFirst).toBe(metricDefinitions.length);
    expect(renderer.render()).toBe(first);
    expect(renderer.renders - afterFirst).toBe(2); // only the time-dependent gauges: oldest age, log problem
    s.apply({ type: 'http_request', source: 'log', at: 3, method: 'POST', route: '/api/dispatch', code: 200 });
    const third = parseMetrics(renderer.render());
    // Since the first render: the 2 time-dependent gauges twice, the 3 request families (other callers' count and
    // duration, the exporter's own probes), the 4 families of the exporter's own counters (the
    // applied-events counter moved). Nothing else.
    expect(renderer.renders - afterFirst).toBe(4 + 3 + 4);
    expect(third.value('ufo_http_requests_total', { method: 'POST' })).toBe(1);
  });
  // promtool check metrics runs on a live exporter's whole /metrics body: promtool-metrics.test.ts.
});
