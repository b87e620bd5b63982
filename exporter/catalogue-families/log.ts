/** What the server's log and pushed events report besides clients and sessions: HTTP requests, log messages, error patterns. */
import { HTTP_LATENCY_BUCKETS, type MetricDefinition } from './definition';

export const logFamilies = {
  httpRequests: {
    name: 'ufo_http_requests_total',
    type: 'counter',
    help: "HTTP requests served by the UFO server to callers other than this exporter (its own API probes are ufo_exporter_own_requests_total), by method, normalised route and status code.",
    labelNames: ['method', 'route', 'code'],
    unit: 'count',
    sources: ['log', 'push'],
  },
  httpRequestDuration: {
    name: 'ufo_http_request_duration_seconds',
    type: 'histogram',
    help: 'Duration of HTTP requests served by the UFO server, by method and normalised route (pushed events only).',
    labelNames: ['method', 'route'],
    unit: 'seconds',
    sources: ['push'],
    buckets: HTTP_LATENCY_BUCKETS,
  },
  ownRequests: {
    name: 'ufo_exporter_own_requests_total',
    type: 'counter',
    help: "The exporter's own API probes as the UFO server's access log recorded them, by route and status code (not counted in ufo_http_requests_total).",
    labelNames: ['route', 'code'],
    unit: 'count',
    sources: ['log'],
  },
  logMessages: {
    name: 'ufo_log_messages_total',
    type: 'counter',
    help: 'Messages written to the UFO server log, by level.',
    labelNames: ['level'],
    unit: 'count',
    sources: ['log', 'push'],
  },
  logErrors: {
    name: 'ufo_log_errors_total',
    type: 'counter',
    help: 'WARNING, ERROR and CRITICAL records of the UFO server (a traceback counts with its record), by level, logger and pattern: the message with ids, numbers, quoted values, paths, addresses and secrets replaced by placeholders (at most 120 characters). At most --errors.max-patterns label sets; past it new ones count as logger="other", pattern="other" (docs/error-patterns.md).',
    labelNames: ['level', 'logger', 'pattern'],
    unit: 'count',
    sources: ['log', 'push'],
  },
  logErrorPatternsFolded: {
    name: 'ufo_log_error_patterns_folded',
    type: 'gauge',
    help: 'Distinct error label sets (level, logger, pattern) counted as pattern="other" because --errors.max-patterns was reached.',
    labelNames: [],
    unit: 'count',
    sources: ['log', 'push'],
  },
  logErrorPatternsLimit: {
    name: 'ufo_log_error_patterns_limit',
    type: 'gauge',
    help: 'The configured maximum number of error label sets in ufo_log_errors_total (--errors.max-patterns).',
    labelNames: [],
    unit: 'count',
    sources: ['exporter'],
  },
} as const satisfies Record<string, MetricDefinition>;
