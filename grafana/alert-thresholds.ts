/**
 * The alert thresholds and label filters the dashboards share with the rules, read from the bundle
 * config's rule settings (bundle/defaults.ts or `--config`), so a graph's orange and red lines move
 * when an operator changes an alert.
 */
import type { RuleSettings, SeverityThresholds, TicketThresholds } from '../rules/config';

/** Threshold steps for a value that alerts when high: green, orange from warning, red from the worse level (critical or error). */
export function alertThresholds(t: SeverityThresholds | TicketThresholds): [number | null, string][] {
  return [
    [null, 'green'],
    [t.warning, 'orange'],
    ['critical' in t ? t.critical : t.error, 'red'],
  ];
}

/** A finished session that counts as failed for alerts and SLOs (`failedSessionStatuses`; cancellations are not failures by default). */
export function unsuccessfulSession(rules: RuleSettings): string {
  return `status=~"${rules.failedSessionStatuses}"`;
}
/** A server-error HTTP status. */
export function serverError(rules: RuleSettings): string {
  return `code=~"${rules.serverErrorCodes}"`;
}
/** An ERROR or CRITICAL log message. */
export function errorLogLevel(rules: RuleSettings): string {
  return `level=~"${rules.errorLogLevels}"`;
}
