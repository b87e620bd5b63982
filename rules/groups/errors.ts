/** Errors the server reports: 5xx answers and ERROR/CRITICAL log messages. Neither pages: see docs/alerting.md. */

import { metric } from '../../exporter/catalogue';
import { SERVER_NAME, alert, atEachSeverity, percent, record, series, type RuleGroup } from '../builder';
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
    ],
  };
}
