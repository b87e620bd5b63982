import type { UnitTestCase } from '../unit-tests';
import { input, targetLabels } from './target';

/** Cumulative buckets of `/api/health` probes: `counts[le]` requests per minute at or below `le`. */
function probes(endpoint: string, perMinute: Readonly<Record<string, number>>) {
  return Object.entries(perMinute).map(([le, n]) => input('ufo_api_request_duration_seconds_bucket', { endpoint, le }, `0+${n}x20`));
}
const fastClients = probes('/api/clients', { '0.005': 10, '+Inf': 10 });
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
    name: 'UfoSlowApiResponse: p95 above 2s is warning and critical',
    interval: '1m',
    input: probes('/api/health', { '2': 0, '5': 10, '+Inf': 10 }),
    alerts: [
      {
        alertname: 'UfoSlowApiResponse',
        at: '15m',
        expect: [
          { labels: targetLabels({ endpoint: '/api/health', severity: 'warning' }), description: slowDescription('4.85s', '1s') },
          { labels: targetLabels({ endpoint: '/api/health', severity: 'critical' }), description: slowDescription('4.85s', '2s') },
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
];
