import { defaultRulesConfig as config } from '../config';
import type { UnitTestCase } from '../unit-tests';
import { counter, input, targetLabels } from './target';

/** Cumulative buckets of `/api/health` probes: `counts[le]` requests per minute at or below `le`. */
function probes(endpoint: string, perMinute: Readonly<Record<string, number>>) {
  return Object.entries(perMinute).map(([le, n]) => input('ufo_api_request_duration_seconds_bucket', { endpoint, le }, `0+${n}x20`));
}
const fastClients = probes('/api/clients', { '0.005': 10, '+Inf': 10 });

const BUCKETS = [0.005, 0.01, 0.1, 0.25, 0.5, 1, 2] as const;
/**
 * Cumulative buckets of `/api/health` probes, 10 a minute, phase after phase: in each phase every
 * probe takes up to `latency` seconds (an upper bucket bound).
 */
function probePhases(...phases: readonly { readonly latency: (typeof BUCKETS)[number]; readonly minutes: number }[]) {
  const bucket = (le: number) => counter(...phases.map((p) => [p.latency <= le ? 10 : 0, p.minutes] as const));
  return [
    ...BUCKETS.map((le) => input('ufo_api_request_duration_seconds_bucket', { endpoint: '/api/health', le: String(le) }, bucket(le))),
    input('ufo_api_request_duration_seconds_bucket', { endpoint: '/api/health', le: '+Inf' }, bucket(Number.POSITIVE_INFINITY)),
  ];
}
const baselineDescription = (latency: string) =>
  `The p95 latency of the exporter's probes of /api/health on the UFO server behind ufo-exporter:9477 is ${latency} over 5m, more than ${config.apiLatencyBaselineFactor}× its average over the last ${config.apiLatencyBaselineWindow} (and above ${config.apiLatencyBaselineMinSeconds}s) for ${config.apiLatencyBaselineFor}.`;
const slowDescription = (latency: string, threshold: string) =>
  `The p95 latency of the exporter's probes of /api/health on the UFO server behind ufo-exporter:9477 is ${latency} over 5m (threshold ${threshold}).`;

export const apiCases: UnitTestCase[] = [
  {
    name: 'UfoSlowApiResponse: p95 between 1s and 2s is a warning, for the slow endpoint only',
    interval: '1m',
    input: [...probes('/api/health', { '1': 0, '2': 10, '+Inf': 10 }), ...fastClients],
    alerts: [
      { alertname: 'UfoSlowApiResponse', at: '4m', expect: [] },
      { alertname: 'UfoSlowApiResponse', at: '15m', expect: [{ labels: targetLabels({ endpoint: '/api/health', severity: 'warning' }), description: slowDescription('1.95s', '1s') }] },
    ],
    // promtool compares exactly: the values are float64 results of the bucket interpolation.
    exprs: [
      {
        expr: 'ufo:api_request_duration_seconds:p95_rate5m',
        at: '15m',
        samples: [
          { labels: 'ufo:api_request_duration_seconds:p95_rate5m{endpoint="/api/health",instance="ufo-exporter:9477",job="ufo-exporter"}', value: 1.9500000000000002 },
          { labels: 'ufo:api_request_duration_seconds:p95_rate5m{endpoint="/api/clients",instance="ufo-exporter:9477",job="ufo-exporter"}', value: 0.004750000000000001 },
        ],
      },
    ],
  },
  {
    name: 'UfoSlowApiResponse: p95 above 2s is warning and error (Slack and email, no page)',
    interval: '1m',
    input: probes('/api/health', { '2': 0, '5': 10, '+Inf': 10 }),
    alerts: [
      {
        alertname: 'UfoSlowApiResponse',
        at: '15m',
        expect: [
          { labels: targetLabels({ endpoint: '/api/health', severity: 'warning' }), description: slowDescription('4.85s', '1s') },
          { labels: targetLabels({ endpoint: '/api/health', severity: 'error' }), description: slowDescription('4.85s', '2s') },
        ],
      },
    ],
  },
  {
    name: 'UfoSlowApiResponse: fast probes stay quiet',
    interval: '1m',
    input: fastClients,
    alerts: [{ alertname: 'UfoSlowApiResponse', at: '15m', expect: [] }],
  },
  {
    name: 'UfoApiLatencyAboveBaseline: p95 from ~240ms to ~975ms for 30m is a warning, below the absolute thresholds',
    interval: '1m',
    input: probePhases({ latency: 0.25, minutes: 60 }, { latency: 1, minutes: 45 }),
    alerts: [
      { alertname: 'UfoApiLatencyAboveBaseline', at: '70m', expect: [] },
      { alertname: 'UfoApiLatencyAboveBaseline', at: '100m', expect: [{ labels: targetLabels({ endpoint: '/api/health', severity: 'warning' }), description: baselineDescription('975ms') }] },
      { alertname: 'UfoSlowApiResponse', at: '100m', expect: [] },
    ],
  },
  {
    name: 'UfoApiLatencyAboveBaseline: steady latency, and fast probes getting 2× slower (5ms → 10ms), stay quiet',
    interval: '1m',
    input: probePhases({ latency: 0.005, minutes: 60 }, { latency: 0.01, minutes: 45 }),
    alerts: [
      { alertname: 'UfoApiLatencyAboveBaseline', at: '55m', expect: [] },
      { alertname: 'UfoApiLatencyAboveBaseline', at: '100m', expect: [] },
    ],
  },
];
