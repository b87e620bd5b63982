/** Latency of the exporter's probes of the UFO server API: absolute thresholds and its own baseline. */

import { metric } from '../../exporter/catalogue';
import { histogramQuantile } from '../../promql/build';
import { SERVER_NAME, alert, atEachSeverity, num, record, series, type RuleGroup } from '../builder';
import type { RulesConfig } from '../config';
import { recording } from '../recording-names';
import { unlessRecentOutage } from './common';

/** The p95's rate window: part of the recording rule's name (the dashboards' contract). */
const P95_WINDOW = '5m';

export function apiGroup(config: RulesConfig): RuleGroup {
  const buckets = series(metric('ufo_api_request_duration_seconds_bucket'), config.exporterSelector);
  const p95 = series(recording.apiProbeLatencyP95, config.exporterSelector);
  // Probes time out during an outage: the outage explains the slow p95 until its window is clean.
  const guarded = (condition: string) => unlessRecentOutage(config, condition, P95_WINDOW);
  const baseline = `avg_over_time(${p95}[${config.apiLatencyBaselineWindow}])`;
  return {
    name: 'ufo-api',
    interval: undefined,
    rules: [
      record(recording.apiProbeLatencyP95, histogramQuantile(0.95, [...config.instanceLabels, 'endpoint', 'le'], buckets, P95_WINDOW)),
      ...atEachSeverity(config, config.apiLatencyP95Seconds, (threshold) => ({
        name: 'UfoSlowApiResponse',
        expr: guarded(`${p95} > ${threshold}`),
        for: config.apiLatencyFor,
        summary: `The API of UFO server ${SERVER_NAME} answers slowly.`,
        description: `The p95 latency of the exporter's probes of {{ $labels.endpoint }} on the UFO server behind {{ $labels.instance }} is {{ $value | humanizeDuration }} over ${P95_WINDOW} (threshold ${threshold}s).`,
        dashboard: 'api',
      })),
      alert(config, {
        name: 'UfoApiLatencyAboveBaseline',
        severity: 'warning',
        expr: guarded(`${p95} > ${num(config.apiLatencyBaselineFactor)} * ${baseline} > ${num(config.apiLatencyBaselineMinSeconds)}`),
        for: config.apiLatencyBaselineFor,
        summary: `The API of UFO server ${SERVER_NAME} answers slower than it usually does.`,
        description: `The p95 latency of the exporter's probes of {{ $labels.endpoint }} on the UFO server behind {{ $labels.instance }} is {{ $value | humanizeDuration }} over ${P95_WINDOW}, more than ${num(config.apiLatencyBaselineFactor)}× its average over the last ${config.apiLatencyBaselineWindow} (and above ${num(config.apiLatencyBaselineMinSeconds)}s) for ${config.apiLatencyBaselineFor}.`,
        dashboard: 'api',
      }),
    ],
  };
}
