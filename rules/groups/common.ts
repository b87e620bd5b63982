/** Expression pieces several groups share. */

import { metric } from '../../exporter/catalogue';
import { series, sumByInstance, type SelectableName } from '../builder';
import type { RulesConfig } from '../config';

/**
 * Share of `counter`'s rate over `window` whose series match `badMatcher`, per instance. When no bad
 * series exist yet the numerator falls back to 0 (not "no data"), so a healthy server reads 0.
 */
export function rateRatio(config: RulesConfig, counter: SelectableName, badMatcher: string, window: string): string {
  const all = sumByInstance(config, `rate(${series(counter, config.exporterSelector)}[${window}])`);
  const bad = sumByInstance(config, `rate(${series(counter, config.exporterSelector, badMatcher)}[${window}])`);
  return `(${bad} or 0 * ${all}) / ${all}`;
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
