/**
 * The rules, as a pure function of the config: `buildRules(config)` returns every group; the
 * generator renders them, the tests and the stack read them (`alertSummary` lists alert names and
 * severities for the Alertmanager and stack engineers).
 */

import { isAlert, type AlertRule, type RuleGroup, type Severity } from './builder';
import { defaultRulesConfig, type RulesConfig } from './config';
import { apiGroup } from './groups/api';
import { availabilityGroup, metaGroup } from './groups/availability';
import { errorsGroup } from './groups/errors';
import { fleetGroup } from './groups/fleet';
import { sessionsGroup } from './groups/sessions';
import { sloGroup } from './groups/slo';

export function buildRules(config: RulesConfig = defaultRulesConfig): RuleGroup[] {
  return [availabilityGroup, fleetGroup, sessionsGroup, errorsGroup, apiGroup, sloGroup, metaGroup].map((g) => g(config));
}

export function allAlerts(groups: readonly RuleGroup[]): AlertRule[] {
  return groups.flatMap((g) => g.rules.filter(isAlert));
}

export interface AlertSummary {
  readonly alert: string;
  readonly severities: readonly Severity[];
}

/** Every alert name once, with the severities it can fire at, in definition order. */
export function alertSummary(config: RulesConfig = defaultRulesConfig): AlertSummary[] {
  const byName = new Map<string, Severity[]>();
  for (const a of allAlerts(buildRules(config))) {
    const severities = byName.get(a.alert) ?? [];
    if (!severities.includes(a.labels.severity)) severities.push(a.labels.severity);
    byName.set(a.alert, severities);
  }
  return [...byName].map(([alert, severities]) => ({ alert, severities }));
}
