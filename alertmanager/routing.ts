/**
 * The routing tree and inhibition rules, from the routing policy (bundle config `alerting`). All UFO
 * routing hangs under one route that matches the alerts' own labels (`alertLabels`, default
 * `service="ufo"`), so it can be merged into an existing Alertmanager (ufo-route.yml) without
 * touching anyone else's alerts. Under it: watchdog → dead-man's switch; `team` label → that team's
 * receivers by severity; otherwise the default on-call's receivers by severity; anything else →
 * the default receiver.
 */
import type { RoutingConfig, Timing } from './config';
import { deadMansSwitchReceiver, defaultReceiver, ROUTED_SEVERITIES, receiverName, type RoutedSeverity } from './receivers';
import type { InhibitRule, Route, TimeInterval } from './schema';

export const QUIET_HOURS_INTERVAL = 'quiet-hours';

function timing(t: Timing): Pick<Route, 'group_wait' | 'group_interval' | 'repeat_interval'> {
  return { group_wait: t.groupWait, group_interval: t.groupInterval, repeat_interval: t.repeatInterval };
}

function severityRoute(team: string | undefined, severity: RoutedSeverity, c: RoutingConfig): Route {
  const muted = c.quietHours.enabled && (c.quietHours.severities as readonly string[]).includes(severity);
  return {
    matchers: [`severity="${severity}"`],
    receiver: receiverName(c, team, severity),
    ...(severity === 'critical' ? timing(c.criticalTiming) : {}),
    ...(muted ? { mute_time_intervals: [QUIET_HOURS_INTERVAL] } : {}),
  };
}

function severityRoutes(team: string | undefined, c: RoutingConfig): Route[] {
  return ROUTED_SEVERITIES.map((s) => severityRoute(team, s, c));
}

/** Labels every UFO alert carries, as the matchers that select UFO alerts and nothing else. */
export type AlertScope = Readonly<Record<string, string>>;

export function scopeMatchers(scope: AlertScope): string[] {
  const matchers = Object.entries(scope).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  if (matchers.length === 0) throw new Error('alertLabels is empty: UFO alerts need a label (e.g. service: ufo) that Alertmanager can route them on');
  return matchers;
}

/** The one route holding all UFO routing: matches the UFO alerts' labels, nothing else. */
export function buildUfoRoute(c: RoutingConfig, scope: AlertScope): Route {
  return {
    matchers: scopeMatchers(scope),
    receiver: defaultReceiver(c),
    group_by: [...c.groupBy],
    ...timing(c.timing),
    routes: [
      { matchers: [`alertname="${c.watchdogAlertName}"`], receiver: deadMansSwitchReceiver(c), ...timing(c.watchdogTiming) },
      // A team route with no matching severity falls back to the never-silent default receiver.
      ...c.teams.map((t) => ({ matchers: [`team="${t.name}"`], receiver: defaultReceiver(c), routes: severityRoutes(t.name, c) })),
      ...severityRoutes(undefined, c),
    ],
  };
}

/** The root route of the complete alertmanager.yml: the UFO route, and the default receiver for anything else. */
export function buildRoute(c: RoutingConfig, scope: AlertScope): Route {
  return {
    receiver: defaultReceiver(c),
    group_by: [...c.groupBy],
    ...timing(c.timing),
    routes: [buildUfoRoute(c, scope)],
  };
}

const alternatives = (names: readonly string[]): string => names.join('|');

/** Inhibitions among UFO alerts only: both sides match the UFO alerts' labels. */
export function buildInhibitRules(c: RoutingConfig, scope: AlertScope): InhibitRule[] {
  const ufo = scopeMatchers(scope);
  return [
    // A more severe variant makes the lesser ones of the same alert on the same instance redundant.
    { source_matchers: [...ufo, 'severity="critical"'], target_matchers: [...ufo, 'severity=~"error|warning"'], equal: ['alertname', 'instance'] },
    { source_matchers: [...ufo, 'severity="error"'], target_matchers: [...ufo, 'severity="warning"'], equal: ['alertname', 'instance'] },
    // The server (or its exporter) being down explains every other alert of that instance: no storm.
    // The watchdog is never inhibited: it must keep proving the pipeline works.
    {
      source_matchers: [...ufo, `alertname=~"${alternatives(c.outageAlertNames)}"`],
      target_matchers: [
        ...ufo,
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
