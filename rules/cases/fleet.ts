import { percent } from '../builder';
import type { RulesConfig } from '../config';
import type { UnitTestCase } from '../unit-tests';
import { flakyClientCases } from './flaky-clients';
import { counter, labelSet, testTarget } from './target';

/** The promtool cases of fleet.ts for a rules config: the series carry its job, the texts quote its values. */
export function fleetCases(config: RulesConfig): UnitTestCase[] {
  const { TARGET, input, targetLabels, sampleOf } = testTarget(config);
  const device = (platform: string, values: string) => input('ufo_clients_connected', { client_type: 'device', platform }, values);
  const constellations = input('ufo_clients_connected', { client_type: 'constellation', platform: 'unknown' }, '4x30');
  const serverUp = input('ufo_up', {}, '1x30');

  return [
    {
      name: 'UfoNoDevicesConnected fires when the device count drops to zero; UfoLowDeviceCount leaves zero to it',
      interval: '1m',
      input: [serverUp, constellations, device('windows', '2 2 0x28')],
      alerts: [
        { alertname: 'UfoNoDevicesConnected', at: '5m', expect: [] },
        {
          alertname: 'UfoNoDevicesConnected',
          at: '10m',
          expect: [{ labels: targetLabels({ severity: 'critical' }), description: `No device has been connected to the UFO server behind ufo-exporter:9477 for ${config.noDevicesFor}; no task can run.` }],
        },
        { alertname: 'UfoLowDeviceCount', at: '20m', expect: [] },
      ],
    },
    {
      name: 'UfoNoDevicesConnected fires when the server is up and reports no device series at all',
      interval: '1m',
      input: [serverUp, constellations],
      alerts: [
        {
          alertname: 'UfoNoDevicesConnected',
          at: '10m',
          expect: [{ labels: targetLabels({ severity: 'critical' }), description: `No device has been connected to the UFO server behind ufo-exporter:9477 for ${config.noDevicesFor}; no task can run.` }],
        },
      ],
    },
    {
      name: 'UfoLowDeviceCount fires with 2 devices (summed over platforms) for 10m',
      interval: '1m',
      input: [serverUp, constellations, device('windows', '1x30'), device('linux', '1x30')],
      alerts: [
        { alertname: 'UfoLowDeviceCount', at: '5m', expect: [] },
        {
          alertname: 'UfoLowDeviceCount',
          at: '15m',
          expect: [{ labels: targetLabels({ severity: 'warning' }), description: `Only 2 devices have been connected to the UFO server behind ufo-exporter:9477 for ${config.lowDevicesFor} (fewer than ${config.minDevices}).` }],
        },
        { alertname: 'UfoNoDevicesConnected', at: '15m', expect: [] },
      ],
    },
    {
      name: 'enough devices: neither device-count alert fires',
      interval: '1m',
      input: [serverUp, device('windows', '3x30'), device('linux', '2x30')],
      alerts: [
        { alertname: 'UfoLowDeviceCount', at: '20m', expect: [] },
        { alertname: 'UfoNoDevicesConnected', at: '20m', expect: [] },
      ],
    },
    {
      name: 'UfoDevicesOffline fires with 30% of known devices offline',
      interval: '1m',
      input: [
        input('ufo_devices', { status: 'offline' }, '3x30'),
        input('ufo_devices', { status: 'online' }, '5x30'),
        input('ufo_devices', { status: 'busy' }, '2x30'),
      ],
      alerts: [
        { alertname: 'UfoDevicesOffline', at: '5m', expect: [] },
        {
          alertname: 'UfoDevicesOffline',
          at: '15m',
          expect: [{ labels: targetLabels({ severity: 'warning' }), description: `30% of the devices known to the UFO server behind ufo-exporter:9477 are offline (threshold ${percent(config.devicesOfflineRatio)}, at least ${config.minOfflineDevices} devices).` }],
        },
      ],
      exprs: [{ expr: 'ufo:devices_offline:ratio', at: '15m', samples: [{ labels: sampleOf('ufo:devices_offline:ratio'), value: 0.3 }] }],
    },
    {
      name: 'UfoDevicesOffline stays quiet with 10% offline, and with one of two known devices offline (volume guard)',
      interval: '1m',
      input: [
        input('ufo_devices', { status: 'offline' }, '1x30'),
        input('ufo_devices', { status: 'online' }, '9x30'),
        { series: `ufo_devices${labelSet({ instance: 'small:9477', job: TARGET.job, status: 'offline' })}`, values: '1x30' },
        { series: `ufo_devices${labelSet({ instance: 'small:9477', job: TARGET.job, status: 'online' })}`, values: '1x30' },
      ],
      alerts: [{ alertname: 'UfoDevicesOffline', at: '20m', expect: [] }],
    },
    ...flakyClientCases(config),
    {
      name: 'UfoRegistrationsRejected: one rejection is nothing',
      interval: '1m',
      input: [input('ufo_registrations_rejected_total', { reason: 'duplicate_client_id' }, counter([0, 2], [1, 1], [0, 30]))],
      alerts: (['5m', '10m', '20m'] as const).map((at) => ({ alertname: 'UfoRegistrationsRejected', at, expect: [] })),
    },
    {
      name: 'UfoRegistrationsRejected: sustained rejections are a warning, per reason',
      interval: '1m',
      input: [
        input('ufo_registrations_rejected_total', { reason: 'duplicate_client_id' }, counter([0, 2], [1, 30])),
        input('ufo_registrations_rejected_total', { reason: 'constellation_registration_failed' }, counter([0, 32])),
      ],
      alerts: [
        { alertname: 'UfoRegistrationsRejected', at: '6m', expect: [] },
        {
          alertname: 'UfoRegistrationsRejected',
          at: '20m',
          expect: [
            {
              labels: targetLabels({ reason: 'duplicate_client_id', severity: 'warning' }),
              description: `The UFO server behind ufo-exporter:9477 rejected 15 client registrations in ${config.registrationsRejectedWindow} (reason: duplicate_client_id; at least ${config.registrationsRejectedMin}, for ${config.registrationsRejectedFor}).`,
            },
          ],
        },
      ],
    },
  ];
}
