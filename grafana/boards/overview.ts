/** UFO fleet overview: what an operator opens first, with links to drill into the other dashboards. */
import type { BundleConfig } from '../../bundle/config';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { catalogue } from '../../exporter/catalogue';
import { ufoDashboard } from '../dashboard-kit';
import { stat, table, timeSeries, upDownMappings } from '../panels';
import { histogramQuantile, ratePerMinute, series, sumBy, ufoAlerts, zeroWhenAbsent } from '../promql';
import { derivedUnits, unitOf } from '../units';
import { sessionFailureRatioPanel } from './shared-panels';
import { alertThresholds } from '../alert-thresholds';

const finished = catalogue.sessionsFinished.name;

export function overviewDashboard(config: BundleConfig): dashboard.Dashboard {
  const rules = config.rules;
  return ufoDashboard(config, {
    uid: config.grafana.dashboardUids.overview,
    title: 'UFO fleet overview',
    description: 'The UFO agent server at a glance: server health, devices, clients, sessions, alerts and API latency.',
    rows: [
      {
        id: 1,
        title: 'Now',
        panels: [
          stat(
            {
              id: 2,
              title: 'UFO server',
              description: 'Whether the exporter\'s last probe of the server API succeeded (the lowest over the chosen instances).',
              unit: unitOf('up'),
              width: 4,
              targets: [{ expr: `min(${series(catalogue.up.name)})`, legend: 'server' }],
            },
            { mappings: upDownMappings('UP', 'DOWN') },
          ),
          stat(
            {
              id: 3,
              title: 'Devices',
              description: 'Devices by status: online (connected, idle), busy (a session runs on it, whichever client started it), offline (seen, not connected).',
              unit: unitOf('devices'),
              width: 8,
              targets: [{ expr: sumBy(['status'], series(catalogue.devices.name)), legend: '{{status}}' }],
            },
            { text: 'valueAndName' },
          ),
          stat({
            id: 4,
            title: 'Active sessions',
            description: 'Sessions running now, over all client types.',
            unit: unitOf('sessionsActive'),
            width: 4,
            targets: [{ expr: sumBy([], series(catalogue.sessionsActive.name)), legend: 'active' }],
          }),
          stat({
            id: 5,
            title: 'Alerts firing',
            description: 'Prometheus alerts of severity critical or warning firing now. Zero when none fires.',
            unit: derivedUnits.count,
            width: 4,
            thresholds: [
              [null, 'green'],
              [1, 'red'],
            ],
            targets: [
              {
                expr: zeroWhenAbsent(`count(${ufoAlerts(config.alertLabels, 'alertstate="firing"', 'severity=~"critical|warning"')})`),
                legend: 'firing',
              },
            ],
          }),
          stat({
            id: 6,
            title: 'API p95 latency',
            description: "95th percentile of the exporter's probes of the server API, all endpoints together.",
            unit: unitOf('apiRequestDuration'),
            width: 4,
            thresholds: alertThresholds(rules.apiLatencyP95Seconds),
            targets: [{ expr: histogramQuantile(0.95, catalogue.apiRequestDuration.name), legend: 'p95' }],
          }),
        ],
      },
      {
        id: 7,
        title: 'Clients and sessions',
        panels: [
          timeSeries(
            {
              id: 8,
              title: 'Clients by type and platform',
              description: 'Connected clients: devices by platform, and constellation orchestrators.',
              unit: unitOf('clientsConnected'),
              width: 12,
              targets: [
                { expr: sumBy(['client_type', 'platform'], series(catalogue.clientsConnected.name)), legend: '{{client_type}} {{platform}}' },
              ],
            },
            { stacked: true },
          ),
          timeSeries(
            {
              id: 9,
              title: 'Devices by status',
              description: 'Devices online (idle), busy and offline over time.',
              unit: unitOf('devices'),
              width: 12,
              targets: [{ expr: sumBy(['status'], series(catalogue.devices.name)), legend: '{{status}}' }],
            },
            { stacked: true },
          ),
          timeSeries({
            id: 10,
            title: 'Session throughput',
            description: 'Sessions started and finished per minute, finished ones by status.',
            unit: derivedUnits.perMinute,
            width: 12,
            targets: [
              { expr: ratePerMinute(catalogue.sessionsStarted.name), legend: 'started' },
              { expr: ratePerMinute(finished, ['status']), legend: 'finished {{status}}' },
            ],
          }),
          sessionFailureRatioPanel(rules, 11, 12),
        ],
      },
      {
        id: 12,
        title: 'Alerts',
        panels: [
          table({
            id: 13,
            title: 'Firing alerts',
            description: 'Every UFO alert firing now (alerts with the bundle\'s alert labels, e.g. service="ufo"), with its labels. UfoWatchdog always fires: it proves the alerting pipeline works.',
            unit: derivedUnits.none,
            width: 24,
            targets: [{ expr: ufoAlerts(config.alertLabels, 'alertstate="firing"') }],
          }),
        ],
      },
    ],
  });
}
