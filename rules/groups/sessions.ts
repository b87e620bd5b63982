/** Sessions: failure ratio and sessions that never finish. */

import { metric } from '../../exporter/catalogue';
import { SERVER_NAME, alert, humanSeconds, percent, record, series, warningAndCritical, type RuleGroup } from '../builder';
import type { RulesConfig } from '../config';
import { recording } from '../recording-names';
import { rateRatio } from './common';

export function sessionsGroup(config: RulesConfig): RuleGroup {
  const failedRatio = series(recording.sessionsFailedRatio15m, config.exporterSelector);
  return {
    name: 'ufo-sessions',
    interval: undefined,
    rules: [
      record(
        recording.sessionsFailedRatio15m,
        rateRatio(config, metric('ufo_sessions_finished_total'), `status=~"${config.failedSessionStatuses}"`, '15m'),
      ),
      ...warningAndCritical(config, config.sessionFailureRatio, (threshold) => ({
        name: 'UfoHighSessionFailureRate',
        expr: `${failedRatio} > ${threshold}`,
        for: config.sessionFailureFor,
        summary: `Many sessions on UFO server ${SERVER_NAME} fail or are cancelled.`,
        description: `{{ $value | humanizePercentage }} of the sessions that finished on the UFO server behind {{ $labels.instance }} in the last 15m failed or were cancelled (threshold ${percent(threshold)}).`,
        dashboard: 'sessions',
      })),
      alert(config, {
        name: 'UfoSessionStuck',
        severity: 'warning',
        expr: `${series(metric('ufo_sessions_oldest_active_age_seconds'), config.exporterSelector)} > ${config.stuckSessionSeconds}`,
        for: config.stuckSessionFor,
        summary: `A session on UFO server ${SERVER_NAME} has been running too long.`,
        description: `The oldest running session on the UFO server behind {{ $labels.instance }} has been running for {{ $value | humanizeDuration }} (limit ${humanSeconds(config.stuckSessionSeconds)}).`,
        dashboard: 'sessions',
      }),
    ],
  };
}
