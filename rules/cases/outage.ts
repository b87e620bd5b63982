/**
 * One incident, one page: a 5-minute outage of a busy server pages once, as UfoServerDown, and no
 * other alert fires during it or after it — although sessions failed and were cancelled, devices
 * took 7 minutes to come back, probes timed out and the SLO windows hold the outage for hours.
 * Without the outage guard the session page, the device page, the slow-API error and the SLO
 * tickets fire after the outage (checked by hand: removing the guard fails this case).
 */

import { allAlerts, buildRules } from '../rules';
import { defaultRulesConfig as config } from '../config';
import type { AlertCheck, UnitTestCase } from '../unit-tests';
import { counter, gauge, input, targetLabels } from './target';

/**
 * Minutes of the run: 60 healthy, 5 down, then past the last minute any page could still see the
 * outage without the guard (the page's 30m short window: 95m; the sessions' 15m; the devices' 7m).
 */
const HEALTHY = 60;
const DOWN = 5;
const AFTER = 70;
const RECONNECT = 7;

const probes = (le: string, healthy: number, down: number) =>
  input('ufo_api_request_duration_seconds_bucket', { endpoint: '/api/health', le }, counter([healthy, HEALTHY], [down, DOWN], [healthy, AFTER - 1]));
const finished = (status: string, reason: string, values: string) => input('ufo_sessions_finished_total', { status, reason }, values);

const DURING = ['62m', '64m'] as const;
const LATER = ['66m', '68m', '70m', '72m', '75m', '80m', '85m', '90m', '95m', '100m', '110m', '120m', '130m'] as const;

/** Every alert but the watchdog, checked at every time: quiet, except UfoServerDown during the outage. */
function checks(): AlertCheck[] {
  const names = [...new Set(allAlerts(buildRules(config)).map((a) => a.alert))].filter((n) => n !== 'UfoWatchdog');
  const serverDown = {
    labels: targetLabels({ severity: 'critical' }),
    description: `The exporter ufo-exporter:9477 (job ufo-exporter) has failed every probe of the UFO server API for more than ${config.serverDownFor}.`,
  };
  return [...DURING, ...LATER].flatMap((at) =>
    names.map((alertname) => ({ alertname, at, expect: alertname === 'UfoServerDown' && (DURING as readonly string[]).includes(at) ? [serverDown] : [] })),
  );
}

export const outageCases: UnitTestCase[] = [
  {
    name: 'a 5-minute outage: exactly one page (UfoServerDown), nothing else during or after it',
    interval: '1m',
    input: [
      input('up', {}, gauge([1, HEALTHY + DOWN + AFTER])),
      input('ufo_up', {}, gauge([1, HEALTHY], [0, DOWN], [1, AFTER])),
      // Sessions die with the server: 15 fail and 4 are cancelled at once.
      finished('completed', 'none', counter([2, HEALTHY], [0, DOWN], [2, AFTER - 1])),
      finished('failed', 'none', counter([0, HEALTHY], [15, 1], [0, DOWN + AFTER - 2])),
      finished('cancelled', 'device_disconnected', counter([0, HEALTHY], [4, 1], [0, DOWN + AFTER - 2])),
      // No presence series while the server is down; devices come back slowly.
      input('ufo_clients_connected', { client_type: 'device', platform: 'windows' }, gauge([4, HEALTHY], ['_', DOWN], [0, RECONNECT], [4, AFTER - RECONNECT])),
      input('ufo_http_requests_total', { method: 'GET', route: '/api/dispatch', code: '200' }, counter([30, HEALTHY], [0, DOWN], [30, AFTER - 1])),
      input('ufo_log_messages_total', { level: 'info' }, counter([30, HEALTHY], [0, DOWN], [30, AFTER - 1])),
      // Probes answer in 5ms, and time out (~4.75s) while the server is down.
      probes('0.005', 4, 0),
      probes('2', 4, 0),
      probes('5', 4, 4),
      probes('+Inf', 4, 4),
    ],
    alerts: checks(),
  },
];
