/** Clients and connection stability: connects, disconnects and their codes, flaky clients, rejections, uptime. */
import type { BundleConfig } from '../../bundle/config';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { catalogue } from '../../exporter/catalogue';
import { ufoDashboard } from '../dashboard-kit';
import { stat, table, timeSeries } from '../panels';
import { reconnectsWithin } from '../../rules/reconnects';
import { RANGE, ratePerMinute, series, sumBy, zeroWhenAbsent } from '../promql';
import { derivedUnits, unitOf } from '../units';

const FLAKIEST_SHOWN = 10;

/** Seconds each connected client has been connected, with its type and platform (capped per-client series). */
const CLIENT_UPTIME = [
  `time() - ${series(catalogue.clientConnectionStart.name)}`,
  `* on (instance, client_id) group_left (client_type, platform)`,
  series(catalogue.clientInfo.name),
].join(' ');

export function clientsDashboard(config: BundleConfig): dashboard.Dashboard {
  const rules = config.rules;
  return ufoDashboard(config, {
    uid: config.grafana.dashboardUids.clients,
    title: 'UFO clients and connection stability',
    description: 'Devices and constellation orchestrators connecting to the UFO server: connects, disconnects by close code, flaky clients, rejected registrations and per-client uptime.',
    rows: [
      {
        id: 1,
        title: 'Connections',
        panels: [
          timeSeries(
            {
              id: 2,
              title: 'Connected clients by type',
              description: 'Clients connected now: devices and constellation orchestrators.',
              unit: unitOf('clientsConnected'),
              width: 8,
              targets: [{ expr: sumBy(['client_type'], series(catalogue.clientsConnected.name)), legend: '{{client_type}}' }],
            },
            { stacked: true },
          ),
          timeSeries({
            id: 3,
            title: 'Connects',
            description: 'Client connections per minute, by client type.',
            unit: derivedUnits.perMinute,
            width: 8,
            targets: [{ expr: ratePerMinute(catalogue.clientConnects.name, ['client_type']), legend: '{{client_type}}' }],
          }),
          timeSeries({
            id: 4,
            title: 'Disconnects by close code',
            description: 'Client disconnections per minute, by type and reason: the WebSocket close code name (normal 1000, going away 1001, connection lost 1006) or unknown.',
            unit: derivedUnits.perMinute,
            width: 8,
            targets: [
              { expr: zeroWhenAbsent(ratePerMinute(catalogue.clientDisconnects.name, ['client_type', 'reason'])), legend: '{{client_type}} {{reason}}' },
            ],
          }),
        ],
      },
      {
        id: 5,
        title: 'Stability',
        panels: [
          table(
            {
              id: 6,
              title: `Flakiest clients`,
              description: `The ${FLAKIEST_SHOWN} clients that reconnected most often over the selected time range, counted as UfoFlakyClient counts (docs/runbooks.md). UfoFlakyClient fires above ${rules.flakyClientReconnects} reconnects in ${rules.flakyClientWindow}. Clients that never reconnected, and clients past the per-client series cap, are not listed.`,
              unit: derivedUnits.count,
              width: 12,
              decimals: 0,
              targets: [
                {
                  expr: `topk(${FLAKIEST_SHOWN}, ${sumBy(['client_id'], reconnectsWithin(series(catalogue.clientReconnects.name), RANGE))} > 0)`,
                },
              ],
            },
            { sortBy: 'Value' },
          ),
          timeSeries({
            id: 7,
            title: 'Rejected registrations',
            description: 'Registrations the server rejected per minute, by reason (duplicate client id, failed constellation registration).',
            unit: derivedUnits.perMinute,
            width: 12,
            targets: [{ expr: zeroWhenAbsent(ratePerMinute(catalogue.registrationsRejected.name, ['reason'])), legend: '{{reason}}' }],
          }),
        ],
      },
      {
        id: 8,
        title: 'Per client',
        panels: [
          table(
            {
              id: 9,
              title: 'Connected clients and uptime',
              description: 'Each connected client with its type, platform and time connected. Limited to the per-client series cap (see the next panel).',
              unit: derivedUnits.seconds,
              width: 18,
              height: 10,
              targets: [{ expr: CLIENT_UPTIME }],
            },
            { sortBy: 'Value' },
          ),
          stat({
            id: 10,
            title: 'Clients past the series cap',
            description: 'Connected clients whose per-client series are not exported because --clients.max-series was reached: they are missing from the table.',
            unit: unitOf('clientSeriesDropped'),
            width: 6,
            height: 10,
            thresholds: [
              [null, 'green'],
              [1, 'orange'],
            ],
            targets: [{ expr: sumBy([], series(catalogue.clientSeriesDropped.name)), legend: 'dropped' }],
          }),
        ],
      },
    ],
  });
}
