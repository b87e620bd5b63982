/** Sessions: throughput by status and cancel reason, durations, stuck sessions, failures against the SLO. */
import type { BundleConfig } from '../../bundle/config';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { catalogue } from '../../exporter/catalogue';
import { recording } from '../../rules/recording-names';
import { ufoDashboard } from '../dashboard-kit';
import { heatmap, percentileTargets, stat, timeSeries } from '../panels';
import { aggregatedSeries, increase, ratePerMinute, series, sumBy, zeroWhenAbsent } from '../promql';
import { derivedUnits, unitOf } from '../units';
import { sessionFailureRatioPanel } from './shared-panels';

const finished = catalogue.sessionsFinished.name;
const duration = catalogue.sessionDuration.name;
const SESSION_SLO = 'slo="session_success"';

export function sessionsDashboard(config: BundleConfig): dashboard.Dashboard {
  const rules = config.rules;
  return ufoDashboard(config, {
    uid: config.grafana.dashboardUids.sessions,
    title: 'UFO sessions',
    description: 'Sessions the UFO server runs: started and finished by status and cancel reason, durations, stuck sessions and the session-success SLO.',
    rows: [
      {
        id: 1,
        title: 'Throughput',
        panels: [
          timeSeries({
            id: 2,
            title: 'Sessions started and finished',
            description: 'Sessions created, and sessions finished by status (completed, failed, cancelled), per minute.',
            unit: derivedUnits.perMinute,
            width: 12,
            targets: [
              { expr: ratePerMinute(catalogue.sessionsStarted.name), legend: 'started' },
              { expr: ratePerMinute(finished, ['status']), legend: '{{status}}' },
            ],
          }),
          timeSeries({
            id: 3,
            title: 'Cancelled sessions by reason',
            description: 'Sessions cancelled per minute, by reason (e.g. device_disconnected, constellation_disconnected). A single 0 line while nothing was cancelled.',
            unit: derivedUnits.perMinute,
            width: 12,
            targets: [{ expr: zeroWhenAbsent(ratePerMinute(finished, ['reason'], 'status="cancelled"')), legend: '{{reason}}' }],
          }),
          timeSeries(
            {
              id: 4,
              title: 'Active sessions by client type',
              description: 'Sessions running now, by the type of client that owns them.',
              unit: unitOf('sessionsActive'),
              width: 12,
              targets: [{ expr: sumBy(['client_type'], series(catalogue.sessionsActive.name)), legend: '{{client_type}}' }],
            },
            { stacked: true },
          ),
          stat({
            id: 5,
            title: 'Oldest active session',
            description: 'Age of the oldest running session (0 when none runs). Red from the age at which UfoSessionStuck fires.',
            unit: unitOf('sessionsOldestActiveAge'),
            width: 12,
            thresholds: [
              [null, 'green'],
              [rules.stuckSessionSeconds / 2, 'orange'],
              [rules.stuckSessionSeconds, 'red'],
            ],
            targets: [{ expr: `max(${series(catalogue.sessionsOldestActiveAge.name)})`, legend: 'oldest' }],
          }),
        ],
      },
      {
        id: 6,
        title: 'Duration',
        panels: [
          timeSeries({
            id: 7,
            title: 'Session duration percentiles',
            description: 'p50, p95 and p99 of the execution time of sessions that finished, any status.',
            unit: unitOf('sessionDuration'),
            width: 12,
            targets: percentileTargets(duration),
          }),
          heatmap({
            id: 8,
            title: 'Session duration distribution',
            description: 'How many sessions finished in each duration bucket (1 s … 1 h), over time.',
            unit: unitOf('sessionDuration'),
            width: 12,
            targets: [{ expr: sumBy(['le'], increase(series(`${duration}_bucket`))), legend: '{{le}}' }],
          }),
        ],
      },
      {
        id: 9,
        title: 'Failures',
        panels: [
          sessionFailureRatioPanel(rules, 10, 12),
          timeSeries({
            id: 11,
            title: 'Failure ratio against the SLO',
            description: 'The session-success SLO error ratio over 1 h and 1 d (recording rules), against the error ratio the objective allows (1 − objective).',
            unit: derivedUnits.ratio,
            width: 12,
            min: 0,
            targets: [
              { expr: aggregatedSeries(recording.sloErrorRatio('1h'), SESSION_SLO), legend: 'error ratio 1h' },
              { expr: aggregatedSeries(recording.sloErrorRatio('1d'), SESSION_SLO), legend: 'error ratio 1d' },
              { expr: `1 - ${aggregatedSeries(recording.sloObjective, SESSION_SLO)}`, legend: 'allowed (1 − objective)' },
            ],
          }),
        ],
      },
    ],
  });
}
