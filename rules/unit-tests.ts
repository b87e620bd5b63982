/**
 * promtool unit tests as typed TS: each case lists input series and what must (or must not) fire.
 * Expected alerts carry their exact labels and description; summary, runbook_url and dashboard_url
 * are filled in from the rule the alert names, so the rendered file asserts every annotation.
 */

import { isAlert, SERVER_NAME, type AlertRule, type RuleGroup } from './builder';
import type { Duration, RulesConfig } from './config';

export interface InputSeries {
  /** `name{label="value",…}` */
  readonly series: string;
  /** promtool's expanding notation, e.g. `0+1x10`, `1x5 0x5`, `_` for a missing sample. */
  readonly values: string;
}

export interface ExpectedAlert {
  /** Every label of the alert except `alertname` (promtool adds it) and the config's alert labels (added when rendered), severity included. */
  readonly labels: Readonly<Record<string, string>> & { readonly severity: string };
  /** The description exactly as Prometheus renders it. */
  readonly description: string;
}

export interface AlertCheck {
  readonly alertname: string;
  readonly at: Duration;
  /** Empty: the alert must not fire at `at`. */
  readonly expect: readonly ExpectedAlert[];
}

export interface ExprCheck {
  readonly expr: string;
  readonly at: Duration;
  readonly samples: readonly { readonly labels: string; readonly value: number }[];
}

export interface UnitTestCase {
  readonly name: string;
  readonly interval: Duration;
  readonly input: readonly InputSeries[];
  readonly alerts?: readonly AlertCheck[];
  readonly exprs?: readonly ExprCheck[];
  /** Prometheus' external URL as templates see it (`$externalURL`). */
  readonly externalUrl?: string;
}

function findAlert(groups: readonly RuleGroup[], alertname: string, severity: string, testName: string): AlertRule {
  const rule = groups.flatMap((g) => g.rules.filter(isAlert)).find((r) => r.alert === alertname && r.labels.severity === severity);
  if (!rule) throw new Error(`unit test "${testName}" expects ${alertname} with severity ${severity}, which no rule defines`);
  return rule;
}

/** What the rendered test file takes from the config. */
export type UnitTestSettings = Pick<RulesConfig, 'evaluationInterval' | 'alertLabels'>;

function renderAlertCheck(groups: readonly RuleGroup[], testName: string, check: AlertCheck, alertLabels: Readonly<Record<string, string>>): Record<string, unknown> {
  return {
    eval_time: check.at,
    alertname: check.alertname,
    exp_alerts: check.expect.map((e) => {
      const rule = findAlert(groups, check.alertname, e.labels.severity, testName);
      // The summary's one template, the server's name, rendered as Prometheus does from the alert's labels.
      const summary = rule.annotations.summary.split(SERVER_NAME).join(e.labels.server ?? e.labels.instance ?? '');
      return { exp_labels: { ...alertLabels, ...e.labels }, exp_annotations: { ...rule.annotations, summary, description: e.description } };
    }),
  };
}

/** The promtool test file (`promtool test rules <file>`) for `ruleFiles`, relative to the test file. */
export function renderUnitTests(groups: readonly RuleGroup[], cases: readonly UnitTestCase[], ruleFiles: readonly string[], config: UnitTestSettings): object {
  return {
    rule_files: [...ruleFiles],
    evaluation_interval: config.evaluationInterval,
    tests: cases.map((c) => ({
      name: c.name,
      interval: c.interval,
      ...(c.externalUrl ? { external_url: c.externalUrl } : {}),
      input_series: c.input.map((s) => ({ series: s.series, values: s.values })),
      ...(c.alerts ? { alert_rule_test: c.alerts.map((a) => renderAlertCheck(groups, c.name, a, config.alertLabels)) } : {}),
      ...(c.exprs
        ? { promql_expr_test: c.exprs.map((e) => ({ expr: e.expr, eval_time: e.at, exp_samples: e.samples.map((s) => ({ labels: s.labels, value: s.value })) })) }
        : {}),
    })),
  };
}
