/** API and requests: probe latency per endpoint, request rate and 5xx share by route, log levels. */
import type { BundleConfig } from '../../bundle/config';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { catalogue } from '../../exporter/catalogue';
import { alertThresholds, errorLogLevel, serverError } from '../alert-thresholds';
import { ufoDashboard } from '../dashboard-kit';
import { percentileTargets, stat, timeSeries } from '../panels';
import { RANGE, ratePerMinute, ratePerSecond, series, shareOf, sumBy } from '../promql';
import { derivedUnits, unitOf } from '../units';

const requests = catalogue.httpRequests.name;
const logMessages = catalogue.logMessages.name;
const ERROR_PATTERN_LABELS = ['level', 'logger', 'pattern'] as const;
/** How many error patterns the "Top error patterns" panel shows. */
const TOP_ERROR_PATTERNS = 10;

/**
 * Each error pattern's rate per minute (the sparkline), for the `TOP_ERROR_PATTERNS` patterns with the
 * most records over the whole dashboard range (`@ end()`: one choice for the range, not one per step).
 */
function topErrorPatterns(): string {
  const errors = series(catalogue.logErrors.name);
  const perMinute = ratePerMinute(catalogue.logErrors.name, ERROR_PATTERN_LABELS);
  const top = `topk(${TOP_ERROR_PATTERNS}, ${sumBy(ERROR_PATTERN_LABELS, `increase(${errors}[${RANGE}] @ end())`)})`;
  return `(${perMinute}) and on (${ERROR_PATTERN_LABELS.join(', ')}) ${top}`;
}

export function apiDashboard(config: BundleConfig): dashboard.Dashboard {
  const rules = config.rules;
  return ufoDashboard(config, {
    uid: config.grafana.dashboardUids.api,
    title: 'UFO API and requests',
    description: "The UFO server's HTTP API as the exporter probes it, the requests the server serves, and the levels and top error patterns of its log messages.",
    rows: [
      {
        id: 1,
        title: 'API probes',
        panels: [
          timeSeries(
            {
              id: 2,
              title: 'Probe latency by endpoint',
              description: "p50, p95 and p99 of the exporter's probes of each server API endpoint. Orange and red lines: UfoSlowApiResponse (p95) warning and critical.",
              unit: unitOf('apiRequestDuration'),
              width: 16,
              thresholds: alertThresholds(rules.apiLatencyP95Seconds),
              targets: percentileTargets(catalogue.apiRequestDuration.name, ['endpoint']),
            },
            { thresholdLines: true },
          ),
          stat({
            id: 3,
            title: 'Since the last successful poll',
            description: 'Time since the exporter last polled every API endpoint successfully. Grows while the server is down.',
            unit: derivedUnits.seconds,
            width: 8,
            thresholds: [
              [null, 'green'],
              [60, 'orange'],
              [300, 'red'],
            ],
            targets: [{ expr: `time() - max(${series(catalogue.lastSuccessfulPoll.name)})`, legend: 'since last success' }],
          }),
        ],
      },
      {
        id: 4,
        title: 'Requests served',
        panels: [
          timeSeries({
            id: 5,
            title: 'Request rate by route',
            description: 'HTTP requests the UFO server serves per second, by normalised route.',
            unit: derivedUnits.requestsPerSecond,
            width: 8,
            targets: [{ expr: ratePerSecond(requests, ['route']), legend: '{{route}}' }],
          }),
          timeSeries({
            id: 6,
            title: 'Requests by status code',
            description: 'HTTP requests per second, by status code.',
            unit: derivedUnits.requestsPerSecond,
            width: 8,
            targets: [{ expr: ratePerSecond(requests, ['code']), legend: '{{code}}' }],
          }),
          timeSeries(
            {
              id: 7,
              title: '5xx share by route',
              description: 'Share of requests answered with a server error, by route. Orange and red lines: UfoHighErrorRate warning and critical.',
              unit: derivedUnits.ratio,
              width: 8,
              min: 0,
              thresholds: alertThresholds(rules.http5xxRatio),
              targets: [{ expr: shareOf(requests, [serverError(rules)], ['route']), legend: '{{route}}' }],
            },
            { thresholdLines: true },
          ),
        ],
      },
      {
        id: 8,
        title: 'Server log',
        panels: [
          timeSeries(
            {
              id: 9,
              title: 'Log messages by level',
              description: 'Messages the UFO server writes to its log per minute, by level.',
              unit: derivedUnits.perMinute,
              width: 12,
              targets: [{ expr: ratePerMinute(logMessages, ['level']), legend: '{{level}}' }],
            },
            { stacked: true },
          ),
          timeSeries(
            {
              id: 10,
              title: 'Error log share',
              description: 'Share of log messages at ERROR or CRITICAL. The red line is where UfoHighErrorRate (log) fires.',
              unit: derivedUnits.ratio,
              width: 12,
              min: 0,
              thresholds: [
                [null, 'green'],
                [rules.logErrorRatio, 'red'],
              ],
              targets: [{ expr: shareOf(logMessages, [errorLogLevel(rules)]), legend: 'error or critical' }],
            },
            { thresholdLines: true },
          ),
          stat(
            {
              id: 11,
              title: 'Top error patterns',
              description: `The ${TOP_ERROR_PATTERNS} warning/error/critical patterns the server logged most over the dashboard's time range, each with its rate now and its trend. Ids, numbers, quoted values, paths and secrets are placeholders; pattern "other" collects patterns past --errors.max-patterns (docs/error-patterns.md). A pattern new today fires UfoNewErrorPattern.`,
              unit: derivedUnits.perMinute,
              width: 24,
              height: 10,
              noValue: 'no warning or error logged',
              targets: [{ expr: topErrorPatterns(), legend: '{{pattern}} ({{level}}, {{logger}})' }],
            },
            { text: 'valueAndName' },
          ),
        ],
      },
    ],
  });
}
