/**
 * The style and catalogue checks (rules/lint.ts): the shipped rules pass them, and each check
 * catches the mistake it is for. build:rules runs the same checks and fails on any problem.
 */

import { describe, expect, it } from 'vitest';
import { alert, record, type AlertSpec, type Rule, type RuleGroup } from '../../rules/builder';
import { defaultRulesConfig, withRulesConfig } from '../../rules/config';
import { generateRuleFiles } from '../../rules/generator';
import { lintRules, templateLabels } from '../../rules/lint';
import { buildRules } from '../../rules/rules';
import { readRunbookAnchors } from '../../rules/runbooks';

const config = defaultRulesConfig;
const shipped = buildRules(config);

/** The shipped groups plus one extra group holding `rules`; returns the problems the extra rules cause. */
function problemsOf(...rules: Rule[]): { check: string; message: string }[] {
  const extra: RuleGroup = { name: 'extra', interval: undefined, rules };
  return lintRules([...shipped, extra], config, { runbookAnchors: new Set(['ufoextra']) })
    .filter((p) => p.where.startsWith('extra'))
    .map(({ check, message }) => ({ check, message }));
}

const good: AlertSpec = {
  name: 'UfoExtra',
  severity: 'warning',
  expr: 'ufo_up{job="ufo-exporter"} == 0',
  for: '5m',
  summary: 'Something is off.',
  description: 'Instance {{ $labels.instance }} is off.',
};
const checksOf = (spec: Partial<AlertSpec>) => problemsOf(alert(config, { ...good, ...spec })).map((p) => p.check);

describe('lintRules', () => {
  it('finds nothing wrong with the shipped rules', () => {
    expect(lintRules(shipped, config, { runbookAnchors: readRunbookAnchors() })).toEqual([]);
  });

  it('accepts a well-formed alert (the baseline for the cases below)', () => {
    expect(checksOf({})).toEqual([]);
  });

  it.each<[string, Partial<AlertSpec>, string]>([
    ['a misspelt metric', { expr: 'ufo_upp == 0' }, 'unknown-series'],
    ['a label the metric does not have', { expr: 'ufo_devices{state="offline"} > 0' }, 'unknown-label'],
    ['a by() label the metric does not have', { expr: 'sum by (state) (ufo_devices) == 0', description: '{{ $labels.state }}' }, 'unknown-label'],
    ['an on() label one side does not have', { expr: 'ufo_up / on (endpoint) ufo_up == 0' }, 'unknown-label'],
    ['a syntax error', { expr: 'sum by (job (ufo_up)' }, 'expression'],
    ['a name without the Ufo prefix', { name: 'ServerDown' }, 'alert-name'],
    ['a snake_case name', { name: 'Ufo_server_down' }, 'alert-name'],
    ['an unknown severity', { severity: 'page' as AlertSpec['severity'] }, 'severity'],
    ['a template in the summary', { summary: 'Instance {{ $labels.instance }} is off.' }, 'summary'],
    ['a description without values', { description: 'Something is off.' }, 'description'],
    ['no for and no reason', { for: undefined }, 'for'],
    ['a for shorter than the evaluation interval', { for: '30s' }, 'for'],
    ['a rate window under 4× the scrape interval', { expr: 'rate(ufo_sessions_started_total[30s]) > 1' }, 'rate-window'],
    ['a subquery window under 4× the scrape interval', { expr: 'max_over_time(ufo_up[45s:15s]) == 0' }, 'rate-window'],
    ['a label summed away', { expr: 'sum(ufo_up) == 0' }, 'template-label'],
    ['a label aggregated away by by()', { expr: 'sum by (job) (ufo_devices) == 0', description: '{{ $labels.status }} on {{ $labels.job }}' }, 'template-label'],
    ['a label dropped by on()', { expr: 'ufo_up / on (job) ufo_up == 0' }, 'template-label'],
    ['a runbook section that does not exist', { name: 'UfoNoRunbook' }, 'runbook'],
  ])('reports %s', (_, spec, check) => {
    expect(checksOf(spec)).toContain(check);
  });

  it('accepts no for when the alert says why', () => {
    expect(checksOf({ for: undefined, noForBecause: 'counts over 1h already' })).toEqual([]);
  });

  it('names the unknown metric and the missing label in its message', () => {
    const messages = problemsOf(alert(config, { ...good, expr: 'ufo_devices{state="x"} + ufo_nope > 0' })).map((p) => p.message);
    expect(messages.join('\n')).toMatch(/ufo_devices has no label "state"/);
    expect(messages.join('\n')).toMatch(/"ufo_nope" is neither in the exporter's catalogue/);
  });

  it('checks recording rules: name pattern, duplicates, and labels they keep for later rules', () => {
    const bad = record('ufo:devices_offline:ratio', 'sum(ufo_devices)');
    expect(problemsOf(bad).map((p) => p.check)).toContain('duplicate');
    const dropsInstance = lintRules(
      [{ name: 'g', interval: undefined, rules: [record('ufo:devices_offline:ratio', 'sum(ufo_devices)'), alert(config, { ...good, expr: 'ufo:devices_offline:ratio > 0.2' })] }],
      config,
    );
    expect(dropsInstance.map((p) => p.check)).toContain('template-label');
    expect(dropsInstance.filter((p) => p.check === 'contract').length).toBeGreaterThan(0);
  });

  it('reads $labels.x and index $labels "x" from templates', () => {
    expect(templateLabels('{{ $labels.instance }} {{ index $labels "client_id" }} {{ $value }}')).toEqual(['instance', 'client_id']);
  });
});

describe('build:rules fails loudly on invalid rules', () => {
  it('throws listing the problems when the config breaks a check', () => {
    expect(() => generateRuleFiles(withRulesConfig({ scrapeInterval: '2m' }))).toThrow(/rate-window.*\[5m\] is shorter than 4× the scrape interval \(2m\)/);
  });
});
