/**
 * Checks a RoutingConfig before anything is generated: every problem is reported with the path of
 * the offending setting (e.g. `teams[1].slackApiUrlFile`), all at once.
 */
import type { Destinations, RoutingConfig, Timing } from './config';
import type { TimeIntervalSpec } from './schema';
import { parsePrometheusDurationMs } from '../exporter/duration';

const TEAM_NAME = /^[a-z][a-z0-9_-]*$/;
const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const WEEKDAYS = new RegExp(`^${WEEKDAY}(?::${WEEKDAY})?$`);

function checkTiming(where: string, t: Timing, problems: string[]): void {
  const wait = parsePrometheusDurationMs(t.groupWait);
  const interval = parsePrometheusDurationMs(t.groupInterval);
  const repeat = parsePrometheusDurationMs(t.repeatInterval);
  if (wait === undefined) problems.push(`${where}.groupWait: "${t.groupWait}" is not a duration like 30s or 5m`);
  if (interval === undefined || interval === 0)
    problems.push(`${where}.groupInterval: "${t.groupInterval}" is not a positive duration like 5m`);
  if (repeat === undefined) problems.push(`${where}.repeatInterval: "${t.repeatInterval}" is not a duration like 4h`);
  if (interval && repeat !== undefined && (repeat < interval || repeat % interval !== 0))
    problems.push(
      `${where}.repeatInterval: ${t.repeatInterval} must be a multiple of groupInterval ${t.groupInterval} ` +
        '(Alertmanager only re-sends on a group interval tick, so anything else is rounded up silently)',
    );
}

function checkSecretFile(where: string, path: string, problems: string[]): void {
  if (!path.startsWith('/') || /\s|:\/\//.test(path))
    problems.push(`${where}: "${path}" must be an absolute file path holding the secret, not the secret itself`);
}

function checkDestinations(where: string, d: Destinations, problems: string[]): void {
  for (const key of ['slackChannel', 'slackLowPriorityChannel'] as const)
    if (!/^#[a-z0-9_-]+$/.test(d[key])) problems.push(`${where}.${key}: "${d[key]}" is not a Slack channel like #ufo-alerts`);
  checkSecretFile(`${where}.slackApiUrlFile`, d.slackApiUrlFile, problems);
  checkSecretFile(`${where}.pagerdutyRoutingKeyFile`, d.pagerdutyRoutingKeyFile, problems);
  if (!/^[^@\s]+@[^@\s]+$/.test(d.email)) problems.push(`${where}.email: "${d.email}" is not an email address`);
}

function checkInterval(where: string, spec: TimeIntervalSpec, problems: string[]): void {
  spec.times?.forEach((t, i) => {
    for (const key of ['start_time', 'end_time'] as const)
      if (!CLOCK.test(t[key])) problems.push(`${where}.times[${i}].${key}: "${t[key]}" is not HH:MM`);
    if (t.start_time >= t.end_time) problems.push(`${where}.times[${i}]: start_time must be before end_time`);
  });
  spec.weekdays?.forEach((w, i) => {
    if (!WEEKDAYS.test(w)) problems.push(`${where}.weekdays[${i}]: "${w}" is not a weekday or range like monday:friday`);
  });
}

/** Every problem in the config, each naming the setting; empty when the config is usable. */
export function findConfigProblems(c: RoutingConfig): string[] {
  const problems: string[] = [];
  if (!c.groupBy.includes('alertname')) problems.push('groupBy: must include alertname (one notification per alert)');
  checkTiming('timing', c.timing, problems);
  checkTiming('criticalTiming', c.criticalTiming, problems);
  checkTiming('watchdogTiming', c.watchdogTiming, problems);
  if (parsePrometheusDurationMs(c.resolveTimeout) === undefined) problems.push(`resolveTimeout: "${c.resolveTimeout}" is not a duration`);
  checkDestinations('defaults', c.defaults, problems);
  const seen = new Set<string>();
  c.teams.forEach((t, i) => {
    if (!TEAM_NAME.test(t.name)) problems.push(`teams[${i}].name: "${t.name}" must match ${TEAM_NAME.source}`);
    if (seen.has(t.name)) problems.push(`teams[${i}].name: "${t.name}" is listed twice`);
    if (t.name === 'default') problems.push(`teams[${i}].name: "default" is reserved for the default receiver`);
    seen.add(t.name);
    checkDestinations(`teams[${i}]`, t, problems);
  });
  if (c.quietHours.enabled && c.quietHours.intervals.length === 0)
    problems.push('quietHours.intervals: quiet hours are enabled but no interval is given');
  c.quietHours.intervals.forEach((spec, i) => checkInterval(`quietHours.intervals[${i}]`, spec, problems));
  for (const name of [c.watchdogAlertName, ...c.outageAlertNames])
    if (!name.startsWith(c.alertNamePrefix)) problems.push(`alert name "${name}" does not start with alertNamePrefix "${c.alertNamePrefix}"`);
  checkSecretFile('email.authPasswordFile', c.email.authPasswordFile, problems);
  checkSecretFile('deadMansSwitch.credentialsFile', c.deadMansSwitch.credentialsFile, problems);
  if (!/^[^\s:]+:\d+$/.test(c.email.smarthost)) problems.push(`email.smarthost: "${c.email.smarthost}" is not host:port`);
  for (const [where, url] of [['pagerduty.url', c.pagerduty.url], ['deadMansSwitch.url', c.deadMansSwitch.url]] as const)
    if (!/^https?:\/\/[^\s@]+$/.test(url)) problems.push(`${where}: "${url}" is not an http(s) URL without credentials`);
  return problems;
}

export function assertValidConfig(c: RoutingConfig): void {
  const problems = findConfigProblems(c);
  if (problems.length > 0) throw new Error(`alertmanager/config.ts is invalid:\n  - ${problems.join('\n  - ')}`);
}
