/** Sessions: failure ratio (the page), cancellations (their own warning) and sessions that never finish. */

import { metric } from '../../exporter/catalogue';
import { rate } from '../../promql/build';
import { SERVER_NAME, alert, atEachSeverity, humanSeconds, percent, record, series, sumByInstance, type RuleGroup } from '../builder';
import type { RulesConfig } from '../config';
import { recording } from '../recording-names';
import { eventsIn, rateRatio, unlessRecentOutage, withVolume } from './common';

/** The window of the session ratios: part of the recording rule's name (the dashboards' contract). */
export const SESSION_WINDOW = '15m';
const CANCELLED = 'status="cancelled"';

/**
 * Share of finished sessions cancelled, per cancel reason, where all cancellations together exceed
 * the threshold: one series per reason that occurred, so the reason is in the alert's labels.
 */
function cancelledByReason(config: RulesConfig): string {
  const finished = metric('ufo_sessions_finished_total');
  const finishedRate = (...matchers: string[]) => rate(series(finished, config.exporterSelector, ...matchers), SESSION_WINDOW);
  const on = config.instanceLabels.join(', ');
  const byReason = `${sumByInstance(config, finishedRate(CANCELLED), 'reason')} / on (${on}) group_left ${sumByInstance(config, finishedRate())}`;
  const total = rateRatio(config, finished, CANCELLED, SESSION_WINDOW);
  return `(${byReason} > 0) and on (${on}) (${total} > ${config.cancelledSessionRatio})`;
}

export function sessionsGroup(config: RulesConfig): RuleGroup {
  const failedRatio = series(recording.sessionsFailedRatio15m, config.exporterSelector);
  const finishedIn15m = eventsIn(config, metric('ufo_sessions_finished_total'), SESSION_WINDOW);
  const guarded = (condition: string) => unlessRecentOutage(config, withVolume(config, condition, finishedIn15m, config.minFinishedSessions), SESSION_WINDOW);
  return {
    name: 'ufo-sessions',
    interval: undefined,
    rules: [
      record(
        recording.sessionsFailedRatio15m,
        rateRatio(config, metric('ufo_sessions_finished_total'), `status=~"${config.failedSessionStatuses}"`, SESSION_WINDOW),
      ),
      ...atEachSeverity(config, config.sessionFailureRatio, (threshold) => ({
        name: 'UfoHighSessionFailureRate',
        expr: guarded(`${failedRatio} > ${threshold}`),
        for: config.sessionFailureFor,
        summary: `Many sessions on UFO server ${SERVER_NAME} fail.`,
        description: `{{ $value | humanizePercentage }} of the sessions that finished on the UFO server behind {{ $labels.instance }} in the last ${SESSION_WINDOW} failed (threshold ${percent(threshold)}, at least ${config.minFinishedSessions} finished).`,
        dashboard: 'sessions',
      })),
      alert(config, {
        name: 'UfoHighSessionCancelRate',
        severity: 'warning',
        expr: guarded(cancelledByReason(config)),
        for: config.cancelledSessionFor,
        summary: `Many sessions on UFO server ${SERVER_NAME} are cancelled.`,
        description: `{{ $value | humanizePercentage }} of the sessions that finished on the UFO server behind {{ $labels.instance }} in the last ${SESSION_WINDOW} were cancelled with reason {{ $labels.reason }} (all cancellations together above ${percent(config.cancelledSessionRatio)}, at least ${config.minFinishedSessions} finished).`,
        dashboard: 'sessions',
      }),
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
