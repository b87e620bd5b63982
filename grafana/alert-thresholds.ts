/**
 * The alert thresholds and label filters the dashboards share with the rules, read from the bundle
 * config's rule settings (bundle/defaults.ts or `--config`), so a graph's orange and red lines move
 * when an operator changes an alert.
 */
import type { RuleSettings, SeverityThresholds } from '../rules/config';

/** Threshold steps for a value that alerts when high: green, orange from warning, red from critical. */
export function alertThresholds(t: SeverityThresholds): [number | null, string][] {
  return [
    [null, 'green'],
    [t.warning, 'orange'],
    [t.critical, 'red'],
  ];
}

/** A finished session that counts as failed for alerts and SLOs. */
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
