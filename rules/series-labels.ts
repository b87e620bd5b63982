/**
 * Which labels each series a rule may select carries: catalogue metrics (plus the target labels
 * Prometheus adds), Prometheus' builtins, process metrics, and the recording rules (their result
 * labels, worked out from their own expressions).
 */

import { metricDefinitions, PROCESS_SERIES, PROMETHEUS_BUILTIN_SERIES } from '../exporter/catalogue';
import { isRecording, type RuleGroup } from './builder';
import type { RulesConfig } from './config';
import { resultLabels, type SeriesLabels } from '../promql/labels';

/** Labels of `ALERTS` / `ALERTS_FOR_STATE` besides the alerts' own labels (and the config's `alertLabels`). */
const ALERTS_LABELS = ['alertname', 'alertstate', 'severity'];

function exportedSeriesLabels(config: RulesConfig): Map<string, ReadonlySet<string>> {
  const target = config.instanceLabels;
  const out = new Map<string, ReadonlySet<string>>();
  for (const def of metricDefinitions) {
    const labels = [...target, ...def.labelNames];
    out.set(def.name, new Set(labels));
    if (def.type === 'histogram') {
      out.set(`${def.name}_bucket`, new Set([...labels, 'le']));
      out.set(`${def.name}_sum`, new Set(labels));
      out.set(`${def.name}_count`, new Set(labels));
    }
  }
  for (const name of [...PROMETHEUS_BUILTIN_SERIES, ...PROCESS_SERIES]) out.set(name, new Set(target));
  for (const name of ['ALERTS', 'ALERTS_FOR_STATE']) out.set(name, new Set([...target, ...ALERTS_LABELS, ...Object.keys(config.alertLabels)]));
  return out;
}

/**
 * A `SeriesLabels` lookup over the exporter's series and the groups' recording rules. A recording
 * rule's labels are the union over every rule recording that name (e.g. one per `slo`), computed on
 * first use; a rule that (indirectly) selects itself is reported.
 */
export function seriesLabelsFor(groups: readonly RuleGroup[], config: RulesConfig): SeriesLabels {
  const known = exportedSeriesLabels(config);
  const recordings = groups.flatMap((g) => g.rules.filter(isRecording));
  const resolving = new Set<string>();
  const lookup: SeriesLabels = (name) => {
    const cached = known.get(name);
    if (cached) return cached;
    const rules = recordings.filter((r) => r.record === name);
    if (rules.length === 0) return undefined;
    if (resolving.has(name)) throw new Error(`recording rule ${name} selects itself (through ${[...resolving].join(' → ')})`);
    resolving.add(name);
    const labels = new Set<string>();
    for (const rule of rules) {
      for (const l of resultLabels(rule.expr, lookup)) labels.add(l);
      for (const l of Object.keys(rule.labels)) labels.add(l);
    }
    resolving.delete(name);
    known.set(name, labels);
    return labels;
  };
  return lookup;
}
