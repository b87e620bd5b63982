/**
 * The alert thresholds the dashboards draw, read from the rules' own config (rules/config.ts), so a
 * graph's orange and red lines move when an operator changes an alert there.
 */
import { defaultRulesConfig, type SeverityThresholds, type TicketThresholds } from '../rules/config';

export const rules = defaultRulesConfig;

/** Threshold steps for a value that alerts when high: green, orange from warning, red from the worse level (critical or error). */
export function alertThresholds(t: SeverityThresholds | TicketThresholds): [number | null, string][] {
  return [
    [null, 'green'],
    [t.warning, 'orange'],
    ['critical' in t ? t.critical : t.error, 'red'],
  ];
}

/** A finished session that counts as failed for alerts and SLOs (`failedSessionStatuses`: failed; cancellations are not failures). */
export const UNSUCCESSFUL_SESSION = `status=~"${rules.failedSessionStatuses}"`;
/** A server-error HTTP status. */
export const SERVER_ERROR = `code=~"${rules.serverErrorCodes}"`;
/** An ERROR or CRITICAL log message. */
export const ERROR_LOG_LEVEL = `level=~"${rules.errorLogLevels}"`;
