import { percent } from '../builder';
import type { RulesConfig } from '../config';
import type { UnitTestCase } from '../unit-tests';
import { counter, input, targetLabels } from './target';

const finished = (status: string, reason: string, values: string) => input('ufo_sessions_finished_total', { status, reason }, values);
/** Every session alert: the quiet cases check each one. */
const SESSION_ALERTS = ['UfoHighSessionFailureRate', 'UfoHighSessionCancelRate', 'UfoSessionSuccessBudgetBurn'] as const;
const allQuiet = (...at: ('21m' | '25m' | '30m' | '60m')[]) => at.flatMap((t) => SESSION_ALERTS.map((alertname) => ({ alertname, at: t, expect: [] })));

/** The cases of the session alerts; the thresholds they quote are the config's. */
export function sessionsCases(config: RulesConfig): UnitTestCase[] {
  const failureDescription = (ratio: string, threshold: number) =>
    `${ratio} of the sessions that finished on the UFO server behind ufo-exporter:9477 in the last 15m failed (threshold ${percent(threshold)}, at least ${config.minFinishedSessions} finished).`;
  const cancelDescription = (ratio: string, reason: string) =>
    `${ratio} of the sessions that finished on the UFO server behind ufo-exporter:9477 in the last 15m were cancelled with reason ${reason} (all cancellations together above ${percent(config.cancelledSessionRatio)}, at least ${config.minFinishedSessions} finished).`;
  const { warning, critical } = config.sessionFailureRatio;
  return [
    {
      name: 'a quiet server: 2 sessions in 30 minutes, one failed — below the volume guard, nothing fires',
      interval: '1m',
      input: [finished('completed', 'none', counter([0, 9], [1, 1], [0, 50])), finished('failed', 'none', counter([0, 19], [1, 1], [0, 40]))],
      alerts: allQuiet('21m', '25m', '30m'),
      exprs: [{ expr: 'ufo:sessions_failed:ratio_rate15m', at: '25m', samples: [{ labels: 'ufo:sessions_failed:ratio_rate15m{instance="ufo-exporter:9477",job="ufo-exporter"}', value: 1 }] }],
    },
    {
      name: 'an idle fleet (no session at all) fires nothing',
      interval: '1m',
      input: [finished('completed', 'none', counter([0, 60])), finished('failed', 'none', counter([0, 60])), finished('cancelled', 'device_disconnected', counter([0, 60]))],
      alerts: allQuiet('30m', '60m'),
    },
    {
      name: 'UfoHighSessionFailureRate: 20% failed is a warning, not a page',
      interval: '1m',
      input: [finished('completed', 'none', counter([4, 30])), finished('failed', 'none', counter([1, 30]))],
      alerts: [
        { alertname: 'UfoHighSessionFailureRate', at: '1m', expect: [] },
        { alertname: 'UfoHighSessionFailureRate', at: '20m', expect: [{ labels: targetLabels({ severity: 'warning' }), description: failureDescription('20%', warning) }] },
      ],
      exprs: [{ expr: 'ufo:sessions_failed:ratio_rate15m', at: '20m', samples: [{ labels: 'ufo:sessions_failed:ratio_rate15m{instance="ufo-exporter:9477",job="ufo-exporter"}', value: 0.2 }] }],
    },
    {
      name: '60% of sessions suddenly fail at 2 sessions/min: a page within 15 minutes, from one alert name',
      interval: '1m',
      input: [finished('completed', 'none', counter([2, 60], [0.8, 30])), finished('failed', 'none', counter([0, 60], [1.2, 30])), finished('cancelled', 'device_disconnected', counter([0, 90]))],
      alerts: [
        { alertname: 'UfoHighSessionFailureRate', at: '60m', expect: [] },
        {
          alertname: 'UfoHighSessionFailureRate',
          at: '75m',
          expect: [
            { labels: targetLabels({ severity: 'warning' }), description: failureDescription('60%', warning) },
            { labels: targetLabels({ severity: 'critical' }), description: failureDescription('60%', critical) },
          ],
        },
        // The SLO of the same sessions does not page as well (one cause, one page name).
        { alertname: 'UfoSessionSuccessBudgetBurn', at: '75m', expect: [] },
        { alertname: 'UfoHighSessionCancelRate', at: '75m', expect: [] },
      ],
    },
    {
      name: 'failures only: cancellations do not count as failures',
      interval: '1m',
      input: [finished('completed', 'none', counter([1, 30])), finished('cancelled', 'device_disconnected', counter([3, 30]))],
      alerts: [{ alertname: 'UfoHighSessionFailureRate', at: '20m', expect: [] }],
      exprs: [{ expr: 'ufo:sessions_failed:ratio_rate15m', at: '20m', samples: [{ labels: 'ufo:sessions_failed:ratio_rate15m{instance="ufo-exporter:9477",job="ufo-exporter"}', value: 0 }] }],
    },
    {
      name: '30% cancellations and no failures: no page; UfoHighSessionCancelRate warns once per reason',
      interval: '1m',
      input: [
        finished('completed', 'none', counter([7, 40])),
        finished('failed', 'none', counter([0, 40])),
        finished('cancelled', 'device_disconnected', counter([2, 40])),
        finished('cancelled', 'user_request', counter([1, 40])),
      ],
      alerts: [
        { alertname: 'UfoHighSessionCancelRate', at: '5m', expect: [] },
        {
          alertname: 'UfoHighSessionCancelRate',
          at: '30m',
          expect: [
            { labels: targetLabels({ reason: 'device_disconnected', severity: 'warning' }), description: cancelDescription('20%', 'device_disconnected') },
            { labels: targetLabels({ reason: 'user_request', severity: 'warning' }), description: cancelDescription('10%', 'user_request') },
          ],
        },
        { alertname: 'UfoHighSessionFailureRate', at: '30m', expect: [] },
        { alertname: 'UfoSessionSuccessBudgetBurn', at: '30m', expect: [] },
      ],
    },
    {
      name: 'UfoHighSessionCancelRate stays quiet at 10% cancellations',
      interval: '1m',
      input: [finished('completed', 'none', counter([9, 40])), finished('cancelled', 'device_disconnected', counter([1, 40]))],
      alerts: [{ alertname: 'UfoHighSessionCancelRate', at: '30m', expect: [] }],
    },
    {
      name: 'UfoSessionStuck fires once the oldest session is older than 1h',
      interval: '1m',
      input: [input('ufo_sessions_oldest_active_age_seconds', {}, '0+60x80')],
      alerts: [
        { alertname: 'UfoSessionStuck', at: '30m', expect: [] },
        {
          alertname: 'UfoSessionStuck',
          at: '70m',
          expect: [
            {
              labels: targetLabels({ severity: 'warning' }),
              description: 'The oldest running session on the UFO server behind ufo-exporter:9477 has been running for 1h 10m 0s (limit 1h).',
            },
          ],
        },
      ],
    },

  ];
}
