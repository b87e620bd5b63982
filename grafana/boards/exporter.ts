/** The exporter itself: is it scraped, its errors, poll duration, what it reads, and its process. */
import type { BundleConfig } from '../../bundle/config';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { catalogue, metric } from '../../exporter/catalogue';
import { ufoDashboard } from '../dashboard-kit';
import { percentileTargets, stat, timeSeries, upDownMappings } from '../panels';
import { rate, ratePerMinute, ratePerSecond, series, sumBy, zeroWhenAbsent } from '../promql';
import { derivedUnits, unitOf } from '../units';


export function exporterDashboard(config: BundleConfig): dashboard.Dashboard {
  return ufoDashboard(config, {
    uid: config.grafana.dashboardUids.exporter,
    title: 'UFO exporter',
    description: 'The UFO exporter itself: scrape health, its errors by source and kind, poll duration, events and log lines it reads, the per-client series cap, and its process.',
    rows: [
      {
        id: 1,
        title: 'Health',
        panels: [
          stat(
            {
              id: 2,
              title: 'Scraped by Prometheus',
              description: 'Whether Prometheus scraped the exporter successfully (the built-in up series; the lowest over the chosen instances).',
              unit: derivedUnits.boolean,
              width: 4,
              targets: [{ expr: `min(${series(metric('up'))})`, legend: 'up' }],
            },
            { mappings: upDownMappings('UP', 'DOWN') },
          ),
          stat(
            {
              id: 3,
              title: 'Version',
              description: 'Exporter version, git revision and Node.js version, from ufo_exporter_build_info.',
              unit: unitOf('buildInfo'),
              width: 8,
              targets: [
                { expr: series(catalogue.buildInfo.name), legend: '{{version}} ({{revision}}, Node.js {{nodejs}})' },
              ],
            },
            { text: 'name' },
          ),
          stat({
            id: 4,
            title: 'Scrape duration',
            description: 'How long Prometheus took to scrape the exporter (the built-in scrape_duration_seconds series).',
            unit: derivedUnits.seconds,
            width: 4,
            targets: [{ expr: `max(${series(metric('scrape_duration_seconds'))})`, legend: 'scrape' }],
          }),
          stat({
            id: 5,
            title: 'Per-client series cap',
            description: 'The configured --clients.max-series; past it the exporter keeps aggregates only.',
            unit: unitOf('clientSeriesLimit'),
            width: 4,
            targets: [{ expr: `max(${series(catalogue.clientSeriesLimit.name)})`, legend: 'limit' }],
          }),
          stat({
            id: 6,
            title: 'Clients past the cap',
            description: 'Connected clients without per-client series because the cap was reached.',
            unit: unitOf('clientSeriesDropped'),
            width: 4,
            thresholds: [
              [null, 'green'],
              [1, 'orange'],
            ],
            targets: [{ expr: sumBy([], series(catalogue.clientSeriesDropped.name)), legend: 'dropped' }],
          }),
        ],
      },
      {
        id: 7,
        title: 'Work and errors',
        panels: [
          timeSeries({
            id: 8,
            title: 'Errors by source and kind',
            description: 'Errors the exporter met per minute, by source (api, log, push, config) and kind. A single 0 line while there were none.',
            unit: derivedUnits.perMinute,
            width: 12,
            targets: [{ expr: zeroWhenAbsent(ratePerMinute(catalogue.exporterErrors.name, ['source', 'kind'])), legend: '{{source}} {{kind}}' }],
          }),
          timeSeries({
            id: 9,
            title: 'Poll duration',
            description: 'p50, p95 and p99 of one complete poll of the UFO server API (all endpoints).',
            unit: unitOf('pollDuration'),
            width: 12,
            targets: percentileTargets(catalogue.pollDuration.name),
          }),
          timeSeries({
            id: 10,
            title: 'Events applied by source',
            description: 'Typed fleet events applied to the fleet state per second, by the source that produced them (api, log, push).',
            unit: derivedUnits.perSecond,
            width: 8,
            targets: [{ expr: ratePerSecond(catalogue.exporterEvents.name, ['source']), legend: '{{source}}' }],
          }),
          timeSeries({
            id: 11,
            title: 'Log lines read',
            description: 'Lines read from the UFO server log per second, whether or not they carried an event.',
            unit: derivedUnits.perSecond,
            width: 8,
            targets: [{ expr: ratePerSecond(catalogue.logLinesRead.name), legend: 'lines' }],
          }),
          timeSeries({
            id: 12,
            title: 'Rejected exporter requests',
            description: 'Requests to the exporter rejected per minute for a missing or wrong credential, by reason.',
            unit: derivedUnits.perMinute,
            width: 8,
            targets: [{ expr: zeroWhenAbsent(ratePerMinute(catalogue.authFailures.name, ['reason'])), legend: '{{reason}}' }],
          }),
        ],
      },
      {
        id: 13,
        title: 'Process',
        panels: [
          timeSeries({
            id: 14,
            title: 'CPU',
            description: 'CPU used by the exporter process: 100% is one core busy.',
            unit: derivedUnits.cpuCores,
            width: 8,
            min: 0,
            targets: [{ expr: rate(series(metric('process_cpu_seconds_total'))), legend: '{{instance}}' }],
          }),
          timeSeries({
            id: 15,
            title: 'Memory',
            description: 'Resident memory of the exporter process, and the V8 heap in use.',
            unit: derivedUnits.bytes,
            width: 8,
            min: 0,
            targets: [
              { expr: series(metric('process_resident_memory_bytes')), legend: 'resident {{instance}}' },
              { expr: series(metric('nodejs_heap_size_used_bytes')), legend: 'heap used {{instance}}' },
            ],
          }),
          timeSeries({
            id: 16,
            title: 'Event-loop lag',
            description: 'p99 of the Node.js event-loop lag: high values delay scrapes and event handling.',
            unit: derivedUnits.seconds,
            width: 8,
            min: 0,
            targets: [{ expr: series(metric('nodejs_eventloop_lag_p99_seconds')), legend: 'p99 {{instance}}' }],
          }),
        ],
      },
    ],
  });
}
