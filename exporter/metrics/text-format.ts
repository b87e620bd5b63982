/**
 * The Prometheus text exposition format (version 0.0.4), just what the catalogue needs:
 * HELP/TYPE headers, samples with escaped label values, and histogram series.
 */
import type { MetricDefinition } from '../catalogue';
import type { HistogramEntry } from '../state';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type LabelPairs = Readonly<Record<string, string>>;

export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

export function familyHeader(def: MetricDefinition): string {
  return `# HELP ${def.name} ${escapeHelp(def.help)}\n# TYPE ${def.name} ${def.type}\n`;
}

/** `{a="1",b="2"}`, or '' for no labels. Label order follows `labelNames`. */
export function formatLabels(labelNames: readonly string[], labels: LabelPairs, extra?: string): string {
  const parts: string[] = [];
  for (const name of labelNames) parts.push(`${name}="${escapeLabelValue(labels[name] ?? '')}"`);
  if (extra !== undefined) parts.push(extra);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/**
 * One sample line, as a flat string: `join` copies the parts once, where a template literal would
 * leave a rope of concatenations behind — per-client lines are cached, and at 10,000 clients those
 * ropes held ~8 MB of the heap.
 */
export function sampleLine(name: string, labelNames: readonly string[], labels: LabelPairs, value: number): string {
  return [name, formatLabels(labelNames, labels), ' ', formatValue(value), '\n'].join('');
}

/**
 * The beginnings of a series' lines (name and labels, up to the value), made once per label set and
 * family. The families that re-render at every poll (the poll's histograms, counters) keep their label
 * objects from poll to poll (state/series.ts), so a scrape formats only the numbers; label objects made
 * per call just miss (and their entries go with them: a WeakMap).
 */
const linePrefixes = new WeakMap<LabelPairs, { readonly def: MetricDefinition; readonly prefixes: readonly string[] }>();

function prefixesOf(def: MetricDefinition, labels: LabelPairs, make: () => string[]): readonly string[] {
  const cached = linePrefixes.get(labels);
  if (cached?.def === def) return cached.prefixes;
  const prefixes = make();
  linePrefixes.set(labels, { def, prefixes });
  return prefixes;
}

/** A counter's (or gauge's) sample line, as sampleLine writes it, for label objects that are kept. */
export function counterLine(def: MetricDefinition, labels: LabelPairs, value: number): string {
  const [prefix] = prefixesOf(def, labels, () => [`${def.name}${formatLabels(def.labelNames, labels)} `]);
  return `${prefix!}${formatValue(value)}\n`;
}

/** The `_bucket`, `_sum` and `_count` series of one labelled histogram. */
export function histogramLines(def: MetricDefinition, entry: HistogramEntry<string>): string {
  const buckets = def.buckets ?? [];
  const prefixes = prefixesOf(def, entry.labels, () => [
    ...buckets.map((upper) => `${def.name}_bucket${formatLabels(def.labelNames, entry.labels, `le="${formatValue(upper)}"`)} `),
    `${def.name}_bucket${formatLabels(def.labelNames, entry.labels, 'le="+Inf"')} `,
    `${def.name}_sum${formatLabels(def.labelNames, entry.labels)} `,
    `${def.name}_count${formatLabels(def.labelNames, entry.labels)} `,
  ]);
  const n = buckets.length;
  let out = '';
  for (let i = 0; i < n; i++) out += `${prefixes[i]!}${entry.cumulative[i] ?? 0}\n`;
  return `${out}${prefixes[n]!}${entry.count}\n${prefixes[n + 1]!}${formatValue(entry.sum)}\n${prefixes[n + 2]!}${entry.count}\n`;
}
