/** Latency of the exporter's probes of the UFO server API. */

import { metric } from '../../exporter/catalogue';
import { SERVER_NAME, record, series, sumByInstance, warningAndCritical, type RuleGroup } from '../builder';
import type { RulesConfig } from '../config';
import { recording } from '../recording-names';

export function apiGroup(config: RulesConfig): RuleGroup {
  const buckets = series(metric('ufo_api_request_duration_seconds_bucket'), config.exporterSelector);
  return {
    name: 'ufo-api',
    interval: undefined,
    rules: [
      record(recording.apiProbeLatencyP95, `histogram_quantile(0.95, ${sumByInstance(config, `rate(${buckets}[5m])`, 'endpoint', 'le')})`),
      ...warningAndCritical(config, config.apiLatencyP95Seconds, (threshold) => ({
        name: 'UfoSlowApiResponse',
        expr: `${series(recording.apiProbeLatencyP95, config.exporterSelector)} > ${threshold}`,
        for: config.apiLatencyFor,
        summary: `The API of UFO server ${SERVER_NAME} answers slowly.`,
        description: `The p95 latency of the exporter's probes of {{ $labels.endpoint }} on the UFO server behind {{ $labels.instance }} is {{ $value | humanizeDuration }} over 5m (threshold ${threshold}s).`,
        dashboard: 'api',
      })),
    ],
  };
}
