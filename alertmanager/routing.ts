/**
 * The routing tree and inhibition rules, from the policy in config.ts:
 * watchdog → dead-man's switch; `team` label → that team's receivers by severity; otherwise the
 * default on-call's receivers by severity; anything else → the default receiver.
 */
import type { RoutingConfig, Timing } from './config';
import { DEADMANS_SWITCH_RECEIVER, DEFAULT_RECEIVER, ROUTED_SEVERITIES, receiverName, type RoutedSeverity } from './receivers';
import type { InhibitRule, Route, TimeInterval } from './schema';

export const QUIET_HOURS_INTERVAL = 'quiet-hours';

function timing(t: Timing): Pick<Route, 'group_wait' | 'group_interval' | 'repeat_interval'> {
  return { group_wait: t.groupWait, group_interval: t.groupInterval, repeat_interval: t.repeatInterval };
}

function severityRoute(team: string | undefined, severity: RoutedSeverity, c: RoutingConfig): Route {
  const muted = c.quietHours.enabled && (c.quietHours.severities as readonly string[]).includes(severity);
  return {
    matchers: [`severity="${severity}"`],
    receiver: receiverName(team, severity),
    ...(severity === 'critical' ? timing(c.criticalTiming) : {}),
    ...(muted ? { mute_time_intervals: [QUIET_HOURS_INTERVAL] } : {}),
  };
}

function severityRoutes(team: string | undefined, c: RoutingConfig): Route[] {
  return ROUTED_SEVERITIES.map((s) => severityRoute(team, s, c));
}

export function buildRoute(c: RoutingConfig): Route {
  return {
    receiver: DEFAULT_RECEIVER,
    group_by: [...c.groupBy],
    ...timing(c.timing),
    routes: [
      { matchers: [`alertname="${c.watchdogAlertName}"`], receiver: DEADMANS_SWITCH_RECEIVER, ...timing(c.watchdogTiming) },
      // A team route with no matching severity falls back to the never-silent default receiver.
      ...c.teams.map((t) => ({ matchers: [`team="${t.name}"`], receiver: DEFAULT_RECEIVER, routes: severityRoutes(t.name, c) })),
      ...severityRoutes(undefined, c),
    ],
  };
}

const alternatives = (names: readonly string[]): string => names.join('|');

export function buildInhibitRules(c: RoutingConfig): InhibitRule[] {
  return [
    // A more severe variant makes the lesser ones of the same alert on the same instance redundant.
    { source_matchers: ['severity="critical"'], target_matchers: ['severity=~"error|warning"'], equal: ['alertname', 'instance'] },
    { source_matchers: ['severity="error"'], target_matchers: ['severity="warning"'], equal: ['alertname', 'instance'] },
    // The server (or its exporter) being down explains every other alert of that instance: no storm.
    // The watchdog is never inhibited: it must keep proving the pipeline works.
    {
      source_matchers: [`alertname=~"${alternatives(c.outageAlertNames)}"`],
      target_matchers: [
        `alertname=~"${c.alertNamePrefix}.+"`,
        `alertname!~"${alternatives([...c.outageAlertNames, c.watchdogAlertName])}"`,
      ],
      equal: ['instance'],
    },
  ];
}

export function buildTimeIntervals(c: RoutingConfig): TimeInterval[] {
  return c.quietHours.enabled ? [{ name: QUIET_HOURS_INTERVAL, time_intervals: c.quietHours.intervals.map((i) => ({ ...i })) }] : [];
}
