import { percent } from '../builder';
import type { RulesConfig } from '../config';
import type { UnitTestCase } from '../unit-tests';
import { input, targetLabels } from './target';

const finished = (status: string, reason: string, values: string) => input('ufo_sessions_finished_total', { status, reason }, values);
const failureDescription = (ratio: string, threshold: string) =>
  `${ratio} of the sessions that finished on the UFO server behind ufo-exporter:9477 in the last 15m failed or were cancelled (threshold ${threshold}).`;

/** The cases of the session alerts; the thresholds they quote are the config's. */
export function sessionsCases(config: RulesConfig): UnitTestCase[] {
  const warning = percent(config.sessionFailureRatio.warning);
  const critical = percent(config.sessionFailureRatio.critical);
  return [
    {
      name: 'UfoHighSessionFailureRate: 50% failed or cancelled is a warning, not critical',
      interval: '1m',
      input: [finished('completed', 'none', '0+2x30'), finished('failed', 'none', '0+1x30'), finished('cancelled', 'device_disconnected', '0+1x30')],
      alerts: [
        { alertname: 'UfoHighSessionFailureRate', at: '3m', expect: [] },
        { alertname: 'UfoHighSessionFailureRate', at: '20m', expect: [{ labels: targetLabels({ severity: 'warning' }), description: failureDescription('50%', warning) }] },
      ],
      exprs: [{ expr: 'ufo:sessions_failed:ratio_rate15m', at: '20m', samples: [{ labels: 'ufo:sessions_failed:ratio_rate15m{instance="ufo-exporter:9477",job="ufo-exporter"}', value: 0.5 }] }],
    },
    {
      name: 'UfoHighSessionFailureRate: 75% failed fires warning and critical',
      interval: '1m',
      input: [finished('completed', 'none', '0+1x30'), finished('failed', 'none', '0+3x30')],
      alerts: [
        {
          alertname: 'UfoHighSessionFailureRate',
          at: '20m',
          expect: [
            { labels: targetLabels({ severity: 'warning' }), description: failureDescription('75%', warning) },
            { labels: targetLabels({ severity: 'critical' }), description: failureDescription('75%', critical) },
          ],
        },
      ],
    },
    {
      name: 'UfoHighSessionFailureRate: no failed series at all reads as ratio 0, not as no data',
      interval: '1m',
      input: [finished('completed', 'none', '0+5x30')],
      alerts: [{ alertname: 'UfoHighSessionFailureRate', at: '20m', expect: [] }],
      exprs: [{ expr: 'ufo:sessions_failed:ratio_rate15m', at: '20m', samples: [{ labels: 'ufo:sessions_failed:ratio_rate15m{instance="ufo-exporter:9477",job="ufo-exporter"}', value: 0 }] }],
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
