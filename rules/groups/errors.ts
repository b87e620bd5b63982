/** Errors the server reports: 5xx answers, ERROR/CRITICAL log messages (neither pages: docs/alerting.md), and error patterns new today. */

import { metric } from '../../exporter/catalogue';
import { perMinute as perMinuteOf, rate } from '../../promql/build';
import { SERVER_NAME, alert, atEachSeverity, num, percent, record, series, sumByInstance, type RuleGroup } from '../builder';
import type { RulesConfig } from '../config';
import { recording } from '../recording-names';
import { eventsIn, rateRatio, unlessRecentOutage, withVolume } from './common';

/** Windows of the two ratios: part of the recording rules' names (the dashboards' contract). */
const HTTP_WINDOW = '5m';
const LOG_WINDOW = '10m';

export function errorsGroup(config: RulesConfig): RuleGroup {
  const requests = metric('ufo_http_requests_total');
  const logs = metric('ufo_log_messages_total');
  const guarded = (condition: string, volume: string, min: number, window: string) =>
    unlessRecentOutage(config, withVolume(config, condition, volume, min), window);
  return {
    name: 'ufo-errors',
    interval: undefined,
    rules: [
      record(recording.http5xxRatio5m, rateRatio(config, requests, `code=~"${config.serverErrorCodes}"`, HTTP_WINDOW)),
      record(recording.logErrorRatio10m, rateRatio(config, logs, `level=~"${config.errorLogLevels}"`, LOG_WINDOW)),
      ...atEachSeverity(config, config.http5xxRatio, (threshold) => ({
        name: 'UfoHighErrorRate',
        expr: guarded(`${series(recording.http5xxRatio5m, config.exporterSelector)} > ${threshold}`, eventsIn(config, requests, HTTP_WINDOW), config.minHttpRequests, HTTP_WINDOW),
        for: config.http5xxFor,
        summary: `UFO server ${SERVER_NAME} answers many requests with 5xx.`,
        description: `{{ $value | humanizePercentage }} of the HTTP requests to the UFO server behind {{ $labels.instance }} were answered with 5xx over ${HTTP_WINDOW} (threshold ${percent(threshold)}, at least ${config.minHttpRequests} requests).`,
        dashboard: 'api',
      })),
      alert(config, {
        name: 'UfoHighLogErrorRate',
        severity: 'warning',
        expr: guarded(`${series(recording.logErrorRatio10m, config.exporterSelector)} > ${config.logErrorRatio}`, eventsIn(config, logs, LOG_WINDOW), config.minLogMessages, LOG_WINDOW),
        for: config.logErrorFor,
        summary: `UFO server ${SERVER_NAME} logs many errors.`,
        description: `{{ $value | humanizePercentage }} of the messages the UFO server behind {{ $labels.instance }} logged over ${LOG_WINDOW} were ERROR or CRITICAL (threshold ${percent(config.logErrorRatio)}, at least ${config.minLogMessages} messages).`,
        dashboard: 'overview',
      }),
      newErrorPatternAlert(config),
    ],
  };
}

const PATTERN_LABELS = ['level', 'logger', 'pattern'] as const;

/**
 * A pattern (ufo_log_errors_total label set) logged at a sustained rate that had no series in the
 * previous day — a new kind of failure. The look-back ends an hour ago, so the alert stays up for
 * about an hour after the pattern first appeared; `pattern="other"` (past the cap) never counts.
 */
function newErrorPatternAlert(config: RulesConfig) {
  const errors = series(metric('ufo_log_errors_total'), config.exporterSelector, 'pattern!="other"');
  const on = [...config.instanceLabels, ...PATTERN_LABELS].join(', ');
  const perMinute = perMinuteOf(sumByInstance(config, rate(errors, '10m'), ...PATTERN_LABELS));
  const seenBefore = `max_over_time(${errors}[${config.newErrorPatternHistory}] offset 1h)`;
  return alert(config, {
    name: 'UfoNewErrorPattern',
    severity: 'warning',
    expr: `(${perMinute} >= ${num(config.newErrorPatternPerMinute)}) unless on (${on}) ${seenBefore}`,
    for: config.newErrorPatternFor,
    summary: `UFO server ${SERVER_NAME} logs a new kind of error.`,
    description: `The UFO server behind {{ $labels.instance }} logs {{ $labels.level }} records of a pattern not seen in the ${config.newErrorPatternHistory} before the last hour, {{ $value | humanize }} per minute over 10m (logger {{ $labels.logger }}): {{ $labels.pattern }}`,
    dashboard: 'api',
  });
}
