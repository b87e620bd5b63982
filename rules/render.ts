/**
 * Renders rule groups as Prometheus rule files and as a PrometheusRule resource (Prometheus
 * Operator). Only fields Prometheus 2.42 and 3.x both accept are written.
 */

import { PrometheusRule, type IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { stringify } from 'yaml';
import { isAlert, type Rule, type RuleGroup } from './builder';
import type { RulesConfig } from './config';

/** A rule group and a rule as the PrometheusRule model types them (its 4.x line runs on Node 20). */
type IRuleGroup = NonNullable<IPrometheusRule['spec']['groups']>[number];
type IRule = NonNullable<IRuleGroup['rules']>[number];

/** One rule as Prometheus' rule-file format spells it (TS-only fields such as `noForBecause` dropped). */
function ruleObject(rule: Rule): IRule {
  if (isAlert(rule)) {
    return {
      alert: rule.alert,
      expr: rule.expr,
      ...(rule.for ? { for: rule.for } : {}),
      labels: { ...rule.labels },
      annotations: { ...rule.annotations },
    };
  }
  return { record: rule.record, expr: rule.expr, ...(Object.keys(rule.labels).length > 0 ? { labels: { ...rule.labels } } : {}) };
}

/** The groups in the shape both Prometheus rule files and the PrometheusRule spec use. */
export function ruleGroupObjects(groups: readonly RuleGroup[]): IRuleGroup[] {
  return groups.map((g) => ({ name: g.name, ...(g.interval ? { interval: g.interval } : {}), rules: g.rules.map(ruleObject) }));
}

/** YAML without line folding, so every expression stays on one greppable line. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

/** A Prometheus rule file (`rule_files:` in prometheus.yml). */
export function renderRuleFile(groups: readonly RuleGroup[]): string {
  return toYaml({ groups: ruleGroupObjects(groups) });
}

/** The same groups as a PrometheusRule; throws with the schema's message when the resource is invalid. */
export function prometheusRule(groups: readonly RuleGroup[], config: RulesConfig): PrometheusRule {
  const meta = config.prometheusRule;
  const resource = new PrometheusRule({
    metadata: { name: meta.name, ...(meta.namespace ? { namespace: meta.namespace } : {}), labels: { ...meta.labels } },
    spec: { groups: ruleGroupObjects(groups) },
  });
  resource.validate();
  return resource;
}

export function renderPrometheusRule(groups: readonly RuleGroup[], config: RulesConfig): string {
  return toYaml(prometheusRule(groups, config).toJSON());
}
