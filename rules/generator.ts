/**
 * `npm run build:rules` for rules/: the Prometheus rule file, the PrometheusRule resource and the
 * promtool unit tests, from `buildRules(defaultRulesConfig)`. Fails when any rule breaks a check
 * (unknown metric or label, short rate window, missing runbook section, …).
 */

import { readFileSync } from 'node:fs';
import type { GeneratedFile, Generator } from '../scripts/build/generated';
import { defaultRulesConfig, rulesConfigOf, type RulesConfig } from './config';
import { unitTestCases } from './cases/index';
import { assertRulesValid } from './lint';
import { renderPrometheusRule, renderRuleFile, toYaml } from './render';
import { buildRules } from './rules';
import { fillRunbookValues } from './runbook-values';
import { readRunbookAnchors, RUNBOOKS_PATH } from './runbooks';
import { renderUnitTests } from './unit-tests';

export const GENERATED_DIR = 'rules/generated';
export const RULE_FILE = `${GENERATED_DIR}/ufo-rules.yml`;
/** In the kustomization's folder (k8s/), beside the ServiceMonitor, so kustomize needs no --load-restrictor. */
export const PROMETHEUS_RULE_FILE = 'k8s/generated/prometheus-rule.yaml';
export const UNIT_TEST_FILE = `${GENERATED_DIR}/ufo-rules.test.yml`;
export const RUNBOOKS_FILE = 'docs/runbooks.md';

export function generateRuleFiles(config: RulesConfig = defaultRulesConfig): GeneratedFile[] {
  const groups = buildRules(config);
  assertRulesValid(groups, config, { runbookAnchors: readRunbookAnchors() });
  const ruleFileName = RULE_FILE.slice(GENERATED_DIR.length + 1);
  return [
    { path: RULE_FILE, content: renderRuleFile(groups) },
    { path: PROMETHEUS_RULE_FILE, content: renderPrometheusRule(groups, config) },
    { path: UNIT_TEST_FILE, content: toYaml(renderUnitTests(groups, unitTestCases(config), [ruleFileName], config)) },
    // The runbook quotes thresholds; they follow the config (rules/runbook-values.ts).
    { path: RUNBOOKS_FILE, content: fillRunbookValues(readFileSync(RUNBOOKS_PATH, 'utf8'), config), handWritten: true },
  ];
}

export const rulesGenerator: Generator = {
  name: 'rules',
  sources: 'rules/*.ts, rules/groups/*.ts, rules/cases/*.ts',
  ownedDirs: [GENERATED_DIR],
  generate: (bundle) => generateRuleFiles(rulesConfigOf(bundle)),
};
