/**
 * Checks every rule against the catalogue and the conventions (docs/design.md): expressions parse, name
 * only known series and labels, rate windows are ≥ 4× the scrape interval, alerts are named, labelled
 * and annotated by the rules, descriptions only use labels the expression keeps. `build:rules` fails
 * on any problem; the tests assert each check catches what it should.
 */

import { isAlert, isRecording, runbookAnchor, SERVER_NAME, SEVERITIES, type AlertRule, type Rule, type RuleGroup } from './builder';
import { durationSeconds, type RulesConfig } from './config';
import { rangeWindows, selectors } from '../promql/parse';
import { labelProblems, resultLabels } from '../promql/labels';
import { recordingRuleNames } from './recording-names';
import { seriesLabelsFor } from './series-labels';

export interface Problem {
  /** The group and the alert or record name, e.g. `ufo-fleet/UfoLowDeviceCount`. */
  readonly where: string;
  readonly check: string;
  readonly message: string;
}

export interface LintOptions {
  /** Anchors that exist in docs/runbooks.md; when given, every runbook_url must point at one. */
  readonly runbookAnchors?: ReadonlySet<string>;
}

const ALERT_NAME = /^Ufo[A-Z][A-Za-z0-9]*$/;
/** `level:metric:operations` (Prometheus recording-rule naming). */
const RECORD_NAME = /^[a-z][a-z0-9_]*:[a-z0-9_]+:[a-z0-9_]+$/;
/** Labels a Go template reads: `$labels.x` and `index $labels "x"`. */
const TEMPLATE_LABEL = /\$labels\.([A-Za-z_][A-Za-z0-9_]*)|index\s+\$labels\s+"([^"]+)"/g;

function ruleName(rule: Rule): string {
  return isAlert(rule) ? rule.alert : rule.record;
}

/** Labels a template string reads from `$labels`. */
export function templateLabels(template: string): string[] {
  return [...template.matchAll(TEMPLATE_LABEL)].map((m) => m[1] ?? m[2] ?? '');
}

function lintAlert(rule: AlertRule, config: RulesConfig, options: LintOptions, problem: (check: string, message: string) => void): void {
  if (!ALERT_NAME.test(rule.alert)) problem('alert-name', `alert name must match ${ALERT_NAME} (CamelCase, prefixed Ufo)`);
  if (!(SEVERITIES as readonly string[]).includes(rule.labels.severity))
    problem('severity', `severity "${rule.labels.severity}" is not one of ${SEVERITIES.join(', ')}`);
  const { summary, description, runbook_url } = rule.annotations;
  if (summary.trim() === '') problem('summary', 'summary is empty');
  // The server's name is the one template allowed: one notification group is about one server.
  if (summary.split(SERVER_NAME).join('').includes('{{')) problem('summary', `summary must not use templates other than the server name: "${summary}"`);
  if (!description.includes('{{')) problem('description', `description must show values through templates: "${description}"`);
  const expectedRunbook = `${config.runbookBaseUrl}#${runbookAnchor(rule.alert)}`;
  if (runbook_url !== expectedRunbook) problem('runbook', `runbook_url is "${runbook_url}", expected "${expectedRunbook}"`);
  if (options.runbookAnchors && !options.runbookAnchors.has(runbookAnchor(rule.alert)))
    problem('runbook', `docs/runbooks.md has no section "## ${rule.alert}" (anchor #${runbookAnchor(rule.alert)})`);
  if (rule.for === undefined && !rule.noForBecause)
    problem('for', 'alert has no `for`: add one so a single bad evaluation does not fire it, or say why not (noForBecause)');
  if (rule.for !== undefined && durationSeconds(rule.for) < durationSeconds(config.evaluationInterval))
    problem('for', `for: ${rule.for} is shorter than the evaluation interval ${config.evaluationInterval}`);
}

function lintExpression(rule: Rule, config: RulesConfig, lookup: ReturnType<typeof seriesLabelsFor>, problem: (check: string, message: string) => void): void {
  let allKnown = true;
  for (const sel of selectors(rule.expr)) {
    if (sel.name === undefined) continue;
    const labels = lookup(sel.name);
    if (labels) continue;
    allKnown = false;
    problem('unknown-series', `"${sel.name}" is neither in the exporter's catalogue, a Prometheus builtin, nor a recording rule`);
  }
  // Matchers, by/without, on/ignoring, group_left/right and label_replace sources: every label named
  // must exist. The full analysis needs every series known; otherwise check the matchers one by one.
  if (allKnown) for (const message of labelProblems(rule.expr, lookup)) problem('unknown-label', message);
  else
    for (const sel of selectors(rule.expr)) {
      const labels = sel.name === undefined ? undefined : lookup(sel.name);
      if (labels)
        for (const m of sel.matchers)
          if (!labels.has(m.label)) problem('unknown-label', `${sel.name} has no label "${m.label}" (it has: ${[...labels].join(', ')})`);
    }
  const minWindow = 4 * durationSeconds(config.scrapeInterval);
  for (const w of rangeWindows(rule.expr))
    if (durationSeconds(w) < minWindow) problem('rate-window', `range [${w}] is shorter than 4× the scrape interval (${config.scrapeInterval})`);
  if (!isAlert(rule)) return;
  const kept = new Set([...resultLabels(rule.expr, lookup), ...Object.keys(rule.labels)]);
  for (const [key, template] of Object.entries(rule.annotations))
    for (const label of templateLabels(template))
      if (!kept.has(label))
        problem('template-label', `${key} uses $labels.${label}, which the expression does not keep (it keeps: ${[...kept].join(', ') || 'nothing'})`);
}

export function lintRules(groups: readonly RuleGroup[], config: RulesConfig, options: LintOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const lookup = seriesLabelsFor(groups, config);
  const seen = new Set<string>();
  for (const group of groups) {
    if (seen.has(`group ${group.name}`)) problems.push({ where: group.name, check: 'duplicate', message: 'two groups have this name' });
    seen.add(`group ${group.name}`);
    for (const rule of group.rules) {
      const where = `${group.name}/${ruleName(rule)}`;
      const problem = (check: string, message: string) => problems.push({ where, check, message });
      const identity = isAlert(rule) ? `alert ${rule.alert} ${rule.labels.severity}` : `record ${rule.record} ${JSON.stringify(rule.labels)}`;
      if (seen.has(identity)) problem('duplicate', `another rule has the same name and labels (${identity})`);
      seen.add(identity);
      if (isRecording(rule) && !RECORD_NAME.test(rule.record)) problem('record-name', `recording rule name must be level:metric:operations`);
      if (isAlert(rule)) lintAlert(rule, config, options, problem);
      try {
        lintExpression(rule, config, lookup, problem);
      } catch (err) {
        problem('expression', err instanceof Error ? err.message : String(err));
      }
    }
  }
  const recorded = new Set<string>(groups.flatMap((g) => g.rules.filter(isRecording).map((r) => r.record)));
  for (const name of recordingRuleNames())
    if (!recorded.has(name))
      problems.push({ where: 'rules/recording-names.ts', check: 'contract', message: `recording rule ${name} is promised to the dashboards but never recorded` });
  return problems;
}

/** Throws listing every problem (build:rules uses this to fail loudly). */
export function assertRulesValid(groups: readonly RuleGroup[], config: RulesConfig, options: LintOptions = {}): void {
  const problems = lintRules(groups, config, options);
  if (problems.length > 0)
    throw new Error(`invalid rules:\n${problems.map((p) => `  ${p.where}: [${p.check}] ${p.message}`).join('\n')}`);
}
