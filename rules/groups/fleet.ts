/** Devices and clients: enough devices connected, offline devices, flapping clients, rejected registrations. */

import { metric } from '../../exporter/catalogue';
import { SERVER_NAME, alert, percent, record, series, sumByInstance, type RuleGroup } from '../builder';
import type { RulesConfig } from '../config';
import { recording } from '../recording-names';
import { connectedDevices } from './common';

export function fleetGroup(config: RulesConfig): RuleGroup {
  const devices = (...matchers: string[]) => sumByInstance(config, series(metric('ufo_devices'), config.exporterSelector, ...matchers));
  const connected = connectedDevices(config);
  return {
    name: 'ufo-fleet',
    interval: undefined,
    rules: [
      record(recording.devicesOfflineRatio, `${devices('status="offline"')} / ${devices()}`),
      alert(config, {
        name: 'UfoNoDevicesConnected',
        severity: 'critical',
        expr: `${connected} == 0`,
        for: config.noDevicesFor,
        summary: `No device is connected to UFO server ${SERVER_NAME}.`,
        description: `No device has been connected to the UFO server behind {{ $labels.instance }} for ${config.noDevicesFor}; no task can run.`,
        dashboard: 'clients',
      }),
      alert(config, {
        name: 'UfoLowDeviceCount',
        severity: 'warning',
        // Zero devices is UfoNoDevicesConnected's (critical) job.
        expr: `${connected} < ${config.minDevices} > 0`,
        for: config.lowDevicesFor,
        summary: `Few devices are connected to UFO server ${SERVER_NAME}.`,
        description: `Only {{ $value }} devices have been connected to the UFO server behind {{ $labels.instance }} for ${config.lowDevicesFor} (fewer than ${config.minDevices}).`,
        dashboard: 'clients',
      }),
      alert(config, {
        name: 'UfoDevicesOffline',
        severity: 'warning',
        expr: `${series(recording.devicesOfflineRatio, config.exporterSelector)} > ${config.devicesOfflineRatio}`,
        for: config.devicesOfflineFor,
        summary: `Many known devices of UFO server ${SERVER_NAME} are offline.`,
        description: `{{ $value | humanizePercentage }} of the devices known to the UFO server behind {{ $labels.instance }} are offline (threshold ${percent(config.devicesOfflineRatio)}).`,
        dashboard: 'clients',
      }),
      alert(config, {
        name: 'UfoFlakyClient',
        severity: 'warning',
        expr: `round(increase(${series(metric('ufo_client_connections_total'), config.exporterSelector)}[${config.flakyClientWindow}])) > ${config.flakyClientConnects}`,
        noForBecause: `the expression already counts over ${config.flakyClientWindow}`,
        summary: `A client keeps reconnecting to UFO server ${SERVER_NAME}.`,
        description: `Client {{ $labels.client_id }} connected {{ $value }} times in ${config.flakyClientWindow} to the UFO server behind {{ $labels.instance }} (more than ${config.flakyClientConnects}).`,
        dashboard: 'clients',
      }),
      alert(config, {
        name: 'UfoRegistrationsRejected',
        severity: 'warning',
        expr: `${sumByInstance(config, `increase(${series(metric('ufo_registrations_rejected_total'), config.exporterSelector)}[${config.registrationsRejectedWindow}])`, 'reason')} > 0`,
        noForBecause: `the expression already counts over ${config.registrationsRejectedWindow}`,
        summary: `UFO server ${SERVER_NAME} rejects client registrations.`,
        description: `The UFO server behind {{ $labels.instance }} rejected {{ $value | humanize }} client registrations in ${config.registrationsRejectedWindow} (reason: {{ $labels.reason }}).`,
        dashboard: 'clients',
      }),
    ],
  };
}
