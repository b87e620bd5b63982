/**
 * A small typed builder for alerting and recording rules. Series names are typed (catalogue names,
 * Prometheus builtins, recording-rule names), so a misspelt metric does not compile; `lintRules`
 * (rules/lint.ts) then parses every expression and checks every name it uses.
 */

import { metric, type ExternalSeriesName, type SeriesName } from '../exporter/catalogue';
import type { DashboardKey, Duration, RulesConfig } from './config';
import type { RecordingRuleName } from './recording-names';
import { sumBy } from '../promql/build';

/**
 * Severities the rules emit, most severe first (docs/alerting.md): critical pages; error reaches Slack
 * and email without paging; warning is a ticket; `none` is only the watchdog's. The one list:
 * Alertmanager routes all but `none` (alertmanager/receivers.ts).
 */
export const SEVERITIES = ['critical', 'error', 'warning', 'info', 'none'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface AlertRule {
  readonly kind: 'alert';
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold; absent only with `noForBecause`. */
  readonly for: Duration | undefined;
  /** Why the alert may fire on one evaluation (e.g. the expression already spans a long window). */
  readonly noForBecause: string | undefined;
  readonly labels: Readonly<Record<string, string>> & { readonly severity: Severity };
  readonly annotations: {
    readonly summary: string;
    readonly description: string;
    readonly runbook_url: string;
    readonly dashboard_url?: string;
  };
}

export interface RecordingRule {
  readonly kind: 'record';
  readonly record: RecordingRuleName;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
}

export type Rule = AlertRule | RecordingRule;

export interface RuleGroup {
  readonly name: string;
  readonly interval: Duration | undefined;
  readonly rules: readonly Rule[];
}

/** Any series name a rule may select. */
export type SelectableName = SeriesName | ExternalSeriesName | RecordingRuleName;

/** `name{m1,m2}` with a typed name; empty matchers are skipped. */
export function series(name: SelectableName, ...matchers: string[]): string {
  const present = matchers.filter((m) => m.length > 0);
  return present.length > 0 ? `${name}{${present.join(',')}}` : name;
}

/** `sum by (instance, job) (inner)` with the config's instance labels plus `extra`. */
export function sumByInstance(config: RulesConfig, inner: string, ...extra: string[]): string {
  return sumBy([...config.instanceLabels, ...extra], inner);
}

/**
 * The server's name in an alert template: the `server` label (joined in from `ufo_server_info`), else
 * the `instance` (an exporter too old to say). The one template an alert summary may hold (rules/lint.ts):
 * every alert of a notification group is about one server, so the group still has one summary.
 */
export const SERVER_NAME = '{{ with $labels.server }}{{ . }}{{ else }}{{ $labels.instance }}{{ end }}';

/**
 * `expr` with the `server` label of `ufo_server_info` joined in (Prometheus' info-metric convention:
 * the exporter names the server, Prometheus' target labels stay its own). Where no info series
 * matches — an exporter that is down or too old — the series come through as they are, so no alert
 * is lost to the join.
 */
export function withServerName(config: RulesConfig, expr: string): string {
  const on = config.instanceLabels.join(', ');
  const info = `group by (${on}, server) (${series(metric('ufo_server_info'), config.exporterSelector)})`;
  return `(${expr}) * on (${on}) group_left (server) ${info} or on (${on}) (${expr})`;
}

/** The runbook anchor GitHub renders for a `## Name` heading. */
export function runbookAnchor(alertName: string): string {
  return alertName.toLowerCase();
}

export interface AlertSpec {
  readonly name: string;
  readonly severity: Severity;
  readonly expr: string;
  readonly for?: Duration;
  readonly noForBecause?: string;
  readonly summary: string;
  readonly description: string;
  readonly dashboard?: DashboardKey;
  readonly labels?: Readonly<Record<string, string>>;
  /** False for an alert about no particular server (the watchdog): no `server` label is joined in. */
  readonly perServer?: boolean;
}

/** An alert with severity, the config's alert labels, optional team, runbook and dashboard links filled in from the config. */
export function alert(config: RulesConfig, spec: AlertSpec): AlertRule {
  const team: Record<string, string> = config.team === undefined ? {} : { team: config.team };
  return {
    kind: 'alert',
    alert: spec.name,
    expr: spec.perServer === false ? spec.expr : withServerName(config, spec.expr),
    for: spec.for,
    noForBecause: spec.noForBecause,
    labels: { severity: spec.severity, ...config.alertLabels, ...team, ...spec.labels },
    annotations: {
      summary: spec.summary,
      description: spec.description,
      runbook_url: `${config.runbookBaseUrl}#${runbookAnchor(spec.name)}`,
      ...(spec.dashboard ? { dashboard_url: `${config.grafanaUrl}/d/${config.dashboardUids[spec.dashboard]}` } : {}),
    },
  };
}

/**
 * The same alert at one threshold per severity (e.g. `{warning, critical}` or `{warning, error}`):
 * `at(threshold)` builds each variant, least severe first.
 */
export function atEachSeverity(
  config: RulesConfig,
  thresholds: Partial<Readonly<Record<Severity, number>>>,
  at: (threshold: number) => Omit<AlertSpec, 'severity'>,
): AlertRule[] {
  const present = [...SEVERITIES].reverse().filter((s) => thresholds[s] !== undefined);
  return present.map((severity) => alert(config, { ...at(thresholds[severity]!), severity }));
}

export function record(name: RecordingRuleName, expr: string, labels: Readonly<Record<string, string>> = {}): RecordingRule {
  return { kind: 'record', record: name, expr, labels };
}

export function isAlert(rule: Rule): rule is AlertRule {
  return rule.kind === 'alert';
}

export function isRecording(rule: Rule): rule is RecordingRule {
  return rule.kind === 'record';
}

/** A number as PromQL / a description shows it: no float noise (1 - 0.999 → 0.001). */
export function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Seconds as the shortest Prometheus-style duration for human text: 3600 → "1h", 90 → "1m30s". */
export function humanSeconds(seconds: number): string {
  const units: [string, number][] = [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]];
  let rest = seconds;
  let out = '';
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out || '0s';
}

/** A ratio (0–1) as a percentage for human text: 0.2 → "20%". */
export function percent(ratio: number): string {
  return `${num(ratio * 100)}%`;
}
