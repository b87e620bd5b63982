/** Errors the server reports: 5xx answers and ERROR/CRITICAL log messages. */

import { metric } from '../../exporter/catalogue';
import { SERVER_NAME, alert, percent, record, series, warningAndCritical, type RuleGroup } from '../builder';
import type { RulesConfig } from '../config';
import { recording } from '../recording-names';
import { rateRatio } from './common';

export function errorsGroup(config: RulesConfig): RuleGroup {
  return {
    name: 'ufo-errors',
    interval: undefined,
    rules: [
      record(recording.http5xxRatio5m, rateRatio(config, metric('ufo_http_requests_total'), `code=~"${config.serverErrorCodes}"`, '5m')),
      record(recording.logErrorRatio10m, rateRatio(config, metric('ufo_log_messages_total'), `level=~"${config.errorLogLevels}"`, '10m')),
      ...warningAndCritical(config, config.http5xxRatio, (threshold) => ({
        name: 'UfoHighErrorRate',
        expr: `${series(recording.http5xxRatio5m, config.exporterSelector)} > ${threshold}`,
        for: config.http5xxFor,
        summary: `UFO server ${SERVER_NAME} answers many requests with 5xx.`,
        description: `{{ $value | humanizePercentage }} of the HTTP requests to the UFO server behind {{ $labels.instance }} were answered with 5xx over 5m (threshold ${percent(threshold)}).`,
        dashboard: 'api',
      })),
      alert(config, {
        name: 'UfoHighLogErrorRate',
        severity: 'warning',
        expr: `${series(recording.logErrorRatio10m, config.exporterSelector)} > ${config.logErrorRatio}`,
        for: config.logErrorFor,
        summary: `UFO server ${SERVER_NAME} logs many errors.`,
        description: `{{ $value | humanizePercentage }} of the messages the UFO server behind {{ $labels.instance }} logged over 10m were ERROR or CRITICAL (threshold ${percent(config.logErrorRatio)}).`,
        dashboard: 'overview',
      }),
    ],
  };
}
