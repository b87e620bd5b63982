/** Expression pieces several groups share. */

import { metric } from '../../exporter/catalogue';
import { increase, rate, ratioOrZero } from '../../promql/build';
import { humanSeconds, series, sumByInstance, type SelectableName } from '../builder';
import { durationSeconds, type RulesConfig } from '../config';

/**
 * Share of `counter`'s rate over `window` whose series match `badMatcher`, per instance. When no bad
 * series exist yet the numerator falls back to 0 (not "no data"), so a healthy server reads 0.
 */
export function rateRatio(config: RulesConfig, counter: SelectableName, badMatcher: string, window: string): string {
  const all = sumByInstance(config, rate(series(counter, config.exporterSelector), window));
  const bad = sumByInstance(config, rate(series(counter, config.exporterSelector, badMatcher), window));
  return ratioOrZero(bad, all);
}

/**
 * Connected devices per instance; 0 (not "no data") while the server answers probes and reports no
 * device, so UfoNoDevicesConnected also fires when the gauge has no device series at all.
 */
export function connectedDevices(config: RulesConfig): string {
  const devices = sumByInstance(config, series(metric('ufo_clients_connected'), config.exporterSelector, 'client_type="device"'));
  const serverUp = `${series(metric('ufo_up'), config.exporterSelector)} == 1`;
  return `(${devices} or on (${config.instanceLabels.join(', ')}) 0 * (${serverUp}))`;
}

/** Alerts that mean "the instance is unreachable": each pages on its own and explains the rest. */
export const OUTAGE_ALERTS = ['UfoServerDown', 'UfoExporterDown'] as const;

/** Events counted by `counter` (matching `matchers`) over `window`, per instance: a ratio's volume. */
export function eventsIn(config: RulesConfig, counter: SelectableName, window: string, ...matchers: string[]): string {
  return sumByInstance(config, increase(series(counter, config.exporterSelector, ...matchers), window));
}

/** `condition`, only where `volume` (per instance) is at least `min`: a handful of events never alerts. */
export function withVolume(config: RulesConfig, condition: string, volume: string, min: number): string {
  return `(${condition}) and on (${config.instanceLabels.join(', ')}) (${volume} >= ${min})`;
}

/**
 * `condition`, except on an instance that had an outage page (a firing UfoServerDown or
 * UfoExporterDown) within the last `window` plus one evaluation interval: the outage was the page,
 * and an alert whose expression spans `window` still sees it until then (docs/alerting.md). Also
 * holds during the outage, before Alertmanager's inhibition sees it.
 */
export function unlessRecentOutage(config: RulesConfig, condition: string, window: string): string {
  const outage = series(metric('ALERTS'), config.exporterSelector, `alertname=~"${OUTAGE_ALERTS.join('|')}"`, 'alertstate="firing"');
  const lookback = humanSeconds(durationSeconds(window) + durationSeconds(config.evaluationInterval));
  return `(${condition}) unless on (${config.instanceLabels.join(', ')}) max_over_time(${outage}[${lookback}])`;
}
