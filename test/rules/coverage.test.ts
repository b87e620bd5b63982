/**
 * Every alert has a promtool case where it fires (with exact labels and description) and one where it
 * does not; every recording rule has an expression test. Read from the TS definitions, so a new
 * alert or recording rule without tests fails here.
 */

import { describe, expect, it } from 'vitest';
import { isRecording } from '../../rules/builder';
import { unitTestCases } from '../../rules/cases/index';
import { defaultRulesConfig } from '../../rules/config';
import { selectors } from '../../promql/parse';
import { recordingRuleNames } from '../../rules/recording-names';
import { allAlerts, alertSummary, buildRules } from '../../rules/rules';

const groups = buildRules(defaultRulesConfig);
const checks = unitTestCases(defaultRulesConfig).flatMap((c) => c.alerts ?? []);

describe('promtool unit-test coverage', () => {
  const alerts = allAlerts(groups);

  it.each(alerts.map((a) => [a.alert, a.labels.severity] as const))('%s (%s) has a case where it fires', (name, severity) => {
    expect(checks.some((c) => c.alertname === name && c.expect.some((e) => e.labels.severity === severity))).toBe(true);
  });

  it.each(alerts.filter((a) => a.labels.severity !== 'none').map((a) => [a.alert, a.labels.severity] as const))(
    '%s (%s) has a case where it does not fire',
    (name, severity) => {
      expect(checks.some((c) => c.alertname === name && !c.expect.some((e) => e.labels.severity === severity))).toBe(true);
    },
  );

  it('only the Watchdog (severity none) is exempt from a not-firing case', () => {
    expect(alerts.filter((a) => a.labels.severity === 'none').map((a) => a.alert)).toEqual(['UfoWatchdog']);
  });

  it('every expected alert names an alert the rules define', () => {
    const known = new Set(alerts.map((a) => `${a.alert}/${a.labels.severity}`));
    for (const c of checks) {
      expect(alerts.some((a) => a.alert === c.alertname), c.alertname).toBe(true);
      for (const e of c.expect) expect(known.has(`${c.alertname}/${e.labels.severity}`), `${c.alertname}/${e.labels.severity}`).toBe(true);
    }
  });

  const recorded = [...new Set(groups.flatMap((g) => g.rules.filter(isRecording).map((r) => r.record)))];
  const tested = new Set(unitTestCases(defaultRulesConfig).flatMap((c) => c.exprs ?? []).flatMap((e) => selectors(e.expr).map((s) => s.name)));

  it.each(recorded)('recording rule %s has an expression test', (name) => {
    expect(tested.has(name)).toBe(true);
  });

  it('records exactly the names promised to the dashboards (rules/recording-names.ts)', () => {
    expect([...recorded].sort()).toEqual([...recordingRuleNames()].sort());
  });
});

describe('alertSummary (for the Alertmanager and stack engineers)', () => {
  it('lists each alert once with the severities it fires at', () => {
    const summary = alertSummary();
    expect(summary.find((s) => s.alert === 'UfoHighErrorRate')?.severities).toEqual(['warning', 'error']);
    expect(summary.find((s) => s.alert === 'UfoWatchdog')?.severities).toEqual(['none']);
    expect(new Set(summary.map((s) => s.alert)).size).toBe(summary.length);
    expect(summary.map((s) => s.alert)).toEqual(
      expect.arrayContaining(['UfoServerDown', 'UfoExporterDown', 'UfoApiAvailabilityBudgetBurn', 'UfoSessionSuccessBudgetBurn']),
    );
  });
});
