import type { UnitTestCase } from '../unit-tests';
import { input, targetLabels } from './target';

const device = (platform: string, values: string) => input('ufo_clients_connected', { client_type: 'device', platform }, values);
const constellations = input('ufo_clients_connected', { client_type: 'constellation', platform: 'unknown' }, '4x30');
const serverUp = input('ufo_up', {}, '1x30');

export const fleetCases: UnitTestCase[] = [
  {
    name: 'UfoNoDevicesConnected fires when the device count drops to zero; UfoLowDeviceCount leaves zero to it',
    interval: '1m',
    input: [serverUp, constellations, device('windows', '2 2 0x28')],
    alerts: [
      { alertname: 'UfoNoDevicesConnected', at: '5m', expect: [] },
      {
        alertname: 'UfoNoDevicesConnected',
        at: '10m',
        expect: [{ labels: targetLabels({ severity: 'critical' }), description: 'No device has been connected to the UFO server behind ufo-exporter:9477 for 5m; no task can run.' }],
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
        expect: [{ labels: targetLabels({ severity: 'critical' }), description: 'No device has been connected to the UFO server behind ufo-exporter:9477 for 5m; no task can run.' }],
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
        expect: [{ labels: targetLabels({ severity: 'warning' }), description: 'Only 2 devices have been connected to the UFO server behind ufo-exporter:9477 for 10m (fewer than 3).' }],
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
        expect: [{ labels: targetLabels({ severity: 'warning' }), description: '30% of the devices known to the UFO server behind ufo-exporter:9477 are offline (threshold 20%).' }],
      },
    ],
    exprs: [{ expr: 'ufo:devices_offline:ratio', at: '15m', samples: [{ labels: 'ufo:devices_offline:ratio{instance="ufo-exporter:9477",job="ufo-exporter"}', value: 0.3 }] }],
  },
  {
    name: 'UfoDevicesOffline stays quiet with 10% offline',
    interval: '1m',
    input: [input('ufo_devices', { status: 'offline' }, '1x30'), input('ufo_devices', { status: 'online' }, '9x30')],
    alerts: [{ alertname: 'UfoDevicesOffline', at: '20m', expect: [] }],
  },
  {
    name: 'UfoFlakyClient fires for the client that reconnected 4 times, not for the stable one',
    interval: '1m',
    input: [
      input('ufo_client_connections_total', { client_id: 'win-1' }, '1 2 3 4 5 5 5 5 5 5 5'),
      input('ufo_client_connections_total', { client_id: 'linux-1' }, '1 1 1 2 2 2 2 2 2 2 2'),
    ],
    alerts: [
      {
        alertname: 'UfoFlakyClient',
        at: '10m',
        expect: [{ labels: targetLabels({ client_id: 'win-1', severity: 'warning' }), description: 'Client win-1 connected 4 times in 1h to the UFO server behind ufo-exporter:9477 (more than 3).' }],
      },
    ],
  },
  {
    name: 'UfoFlakyClient stays quiet for clients that connect once',
    interval: '1m',
    input: [input('ufo_client_connections_total', { client_id: 'win-1' }, '1x10')],
    alerts: [{ alertname: 'UfoFlakyClient', at: '10m', expect: [] }],
  },
  {
    name: 'UfoRegistrationsRejected fires per reason while rejections are recent',
    interval: '1m',
    input: [
      input('ufo_registrations_rejected_total', { reason: 'duplicate_client_id' }, '0 0 1 2 2 2 2 2 2 2 2'),
      input('ufo_registrations_rejected_total', { reason: 'constellation_registration_failed' }, '0x10'),
    ],
    alerts: [
      {
        alertname: 'UfoRegistrationsRejected',
        at: '10m',
        expect: [
          {
            labels: targetLabels({ reason: 'duplicate_client_id', severity: 'warning' }),
            description: 'The UFO server behind ufo-exporter:9477 rejected 2 client registrations in 15m (reason: duplicate_client_id).',
          },
        ],
      },
    ],
  },
  {
    name: 'UfoRegistrationsRejected stays quiet without rejections',
    interval: '1m',
    input: [input('ufo_registrations_rejected_total', { reason: 'duplicate_client_id' }, '0x10')],
    alerts: [{ alertname: 'UfoRegistrationsRejected', at: '10m', expect: [] }],
  },
];
