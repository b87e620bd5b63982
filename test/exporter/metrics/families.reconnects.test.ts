/**
 * `ufo_client_reconnects_total` is sparse: no series for a client connected once since the exporter
 * started, one from its first reconnect on, whichever source (API poll, log, event socket) reports
 * the connections; and it stays within the per-client cap (the oldest connections).
 */
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../exporter/events';
import { CatalogueRenderer } from '../../../exporter/metrics/renderer';
import { FleetState } from '../../../exporter/state';
import { parseMetrics, type ParsedMetrics } from '../../../scripts/stack/metrics-text';

const build = { version: '1.2.3', revision: 'abc', nodejs: '20' };
const up: FleetEvent = { type: 'upstream_status', source: 'api', at: 1, up: true, pollSeconds: 0.01, probes: [] };

/** The events a source sends for a connect or a disconnect of `ids` (the API: the list it now reports). */
type Reporter = { connect(ids: readonly string[], at: number): FleetEvent[]; disconnect(ids: readonly string[], at: number): FleetEvent[] };

function pushed(source: 'log' | 'push'): Reporter {
  return {
    connect: (ids, at) => ids.map((clientId) => ({ type: 'client_connected', source, at, clientId })),
    disconnect: (ids, at) => ids.map((clientId) => ({ type: 'client_disconnected', source, at, clientId, reason: 'connection_lost' })),
  };
}

function polled(): Reporter {
  const listed = new Set<string>();
  const snapshot = (at: number): FleetEvent[] => [{ type: 'clients_snapshot', source: 'api', at, clients: [...listed].map((clientId) => ({ clientId })) }];
  return {
    connect: (ids, at) => (ids.forEach((id) => listed.add(id)), snapshot(at)),
    disconnect: (ids, at) => (ids.forEach((id) => listed.delete(id)), snapshot(at)),
  };
}

function rig(maxSeries: number) {
  const state = new FleetState();
  state.apply(up);
  const renderer = new CatalogueRenderer({ view: state, maxSeries, build });
  return {
    apply: (events: readonly FleetEvent[]) => events.forEach((e) => state.apply(e)),
    scrape: (): ParsedMetrics => parseMetrics(renderer.render()),
  };
}

const reconnects = (m: ParsedMetrics) => m.find('ufo_client_reconnects_total').map((s) => [s.labels.client_id, s.value]);

describe('ufo_client_reconnects_total', () => {
  for (const [source, reporter] of [
    ['api', polled],
    ['log', () => pushed('log')],
    ['push', () => pushed('push')],
  ] as const) {
    it(`${source}: none for a client connected once; 1 after a disconnect and reconnect, 2 after another`, () => {
      const r = rig(100);
      const report = reporter();
      r.apply(report.connect(['win-1', 'win-2'], 10));
      expect(r.scrape().find('ufo_client_info')).toHaveLength(2);
      expect(reconnects(r.scrape())).toEqual([]);
      r.apply(report.disconnect(['win-1'], 20));
      r.apply(report.connect(['win-1'], 30));
      expect(reconnects(r.scrape())).toEqual([['win-1', 1]]);
      r.apply(report.disconnect(['win-1'], 40));
      expect(reconnects(r.scrape())).toEqual([]); // away: no per-client series
      r.apply(report.connect(['win-1'], 50));
      expect(reconnects(r.scrape())).toEqual([['win-1', 2]]);
    });
  }

  it('stays within --clients.max-series: only the oldest connections that reconnected have one', () => {
    const r = rig(2);
    const log = pushed('log');
    r.apply(log.connect(['a', 'b', 'c', 'd'], 10));
    r.apply(log.disconnect(['b', 'c', 'd'], 20));
    r.apply(log.connect(['c', 'd', 'b'], 30)); // connection order now: a, c, d, b
    const m = r.scrape();
    expect(m.find('ufo_client_info').map((s) => s.labels.client_id)).toEqual(['a', 'c']);
    expect(reconnects(m)).toEqual([['c', 1]]);
    expect(m.value('ufo_exporter_client_series_dropped')).toBe(2);
  });
});
