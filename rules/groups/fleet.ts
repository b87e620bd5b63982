/** Devices and clients: enough devices connected, offline devices, flapping clients, rejected registrations. */

import { metric } from '../../exporter/catalogue';
import { SERVER_NAME, alert, percent, record, series, sumByInstance, type RuleGroup } from '../builder';
import type { RulesConfig } from '../config';
import { recording } from '../recording-names';
import { reconnectsWithin } from '../reconnects';
import { connectedDevices, unlessRecentOutage } from './common';

/**
 * The worst clients of the instance, for the flaky-client description: a `query` template run when
 * the alert is evaluated (Prometheus' template functions), listed as `id (n×)`.
 */
function worstClients(config: RulesConfig, reconnectsIn: (selector: string) => string): string {
  // `%[1]s`: the selector appears several times in the query, each the template's one argument.
  const selector = series(metric('ufo_client_reconnects_total'), config.exporterSelector, 'instance="%[1]s"');
  const query = `topk(${config.flakyClientsNamed}, ${reconnectsIn(selector)} > ${config.flakyClientReconnects})`;
  return `{{ range $i, $c := printf \`${query}\` $labels.instance | query }}{{ if $i }}, {{ end }}{{ $c.Labels.client_id }} ({{ $c.Value }}×){{ end }}`;
}

export function fleetGroup(config: RulesConfig): RuleGroup {
  const devices = (...matchers: string[]) => sumByInstance(config, series(metric('ufo_devices'), config.exporterSelector, ...matchers));
  const connected = connectedDevices(config);
  // After an outage devices need time to reconnect: the outage page covers them meanwhile.
  const afterReconnect = (condition: string) => unlessRecentOutage(config, condition, config.outageReconnectGrace);
  const reconnectsIn = (selector: string) => reconnectsWithin(selector, config.flakyClientWindow);
  const rejected = sumByInstance(config, `increase(${series(metric('ufo_registrations_rejected_total'), config.exporterSelector)}[${config.registrationsRejectedWindow}])`, 'reason');
  return {
    name: 'ufo-fleet',
    interval: undefined,
    rules: [
      record(recording.devicesOfflineRatio, `${devices('status="offline"')} / ${devices()}`),
      alert(config, {
        name: 'UfoNoDevicesConnected',
        severity: 'critical',
        expr: afterReconnect(`${connected} == 0`),
        for: config.noDevicesFor,
        summary: `No device is connected to UFO server ${SERVER_NAME}.`,
        description: `No device has been connected to the UFO server behind {{ $labels.instance }} for ${config.noDevicesFor}; no task can run.`,
        dashboard: 'clients',
      }),
      alert(config, {
        name: 'UfoLowDeviceCount',
        severity: 'warning',
        // Zero devices is UfoNoDevicesConnected's (critical) job.
        expr: afterReconnect(`${connected} < ${config.minDevices} > 0`),
        for: config.lowDevicesFor,
        summary: `Few devices are connected to UFO server ${SERVER_NAME}.`,
        description: `Only {{ $value }} devices have been connected to the UFO server behind {{ $labels.instance }} for ${config.lowDevicesFor} (fewer than ${config.minDevices}).`,
        dashboard: 'clients',
      }),
      alert(config, {
        name: 'UfoDevicesOffline',
        severity: 'warning',
        expr: afterReconnect(
          `(${series(recording.devicesOfflineRatio, config.exporterSelector)} > ${config.devicesOfflineRatio}) and on (${config.instanceLabels.join(', ')}) (${devices('status="offline"')} >= ${config.minOfflineDevices})`,
        ),
        for: config.devicesOfflineFor,
        summary: `Many known devices of UFO server ${SERVER_NAME} are offline.`,
        description: `{{ $value | humanizePercentage }} of the devices known to the UFO server behind {{ $labels.instance }} are offline (threshold ${percent(config.devicesOfflineRatio)}, at least ${config.minOfflineDevices} devices).`,
        dashboard: 'clients',
      }),
      alert(config, {
        name: 'UfoFlakyClient',
        severity: 'warning',
        // One alert per server, however many clients flap; the description names the worst.
        expr: unlessRecentOutage(
          config,
          `count by (${config.instanceLabels.join(', ')}) (${reconnectsIn(series(metric('ufo_client_reconnects_total'), config.exporterSelector))} > ${config.flakyClientReconnects})`,
          config.flakyClientWindow,
        ),
        noForBecause: `the expression already counts over ${config.flakyClientWindow}`,
        summary: `Clients keep reconnecting to UFO server ${SERVER_NAME}.`,
        description: `{{ $value }} clients reconnected more than ${config.flakyClientReconnects} times in ${config.flakyClientWindow} to the UFO server behind {{ $labels.instance }}; the most: ${worstClients(config, reconnectsIn)}`,
        dashboard: 'clients',
      }),
      alert(config, {
        name: 'UfoRegistrationsRejected',
        severity: 'warning',
        expr: unlessRecentOutage(config, `${rejected} >= ${config.registrationsRejectedMin}`, config.registrationsRejectedWindow),
        for: config.registrationsRejectedFor,
        summary: `UFO server ${SERVER_NAME} keeps rejecting client registrations.`,
        description: `The UFO server behind {{ $labels.instance }} rejected {{ $value | humanize }} client registrations in ${config.registrationsRejectedWindow} (reason: {{ $labels.reason }}; at least ${config.registrationsRejectedMin}, for ${config.registrationsRejectedFor}).`,
        dashboard: 'clients',
      }),
    ],
  };
}
