/**
 * A small parser of the Prometheus text exposition format for tests: samples with their labels,
 * plus HELP/TYPE per family. Throws on a line it cannot read, so malformed output fails a test.
 * Lookups for exact-value assertions (`value`, `valueOrZero`, `series`) and a key per series
 * (`byKey`) to compare two scrapes.
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface ParsedMetrics {
  readonly samples: readonly Sample[];
  readonly types: ReadonlyMap<string, string>;
  readonly help: ReadonlyMap<string, string>;
  /** Value of the one sample matching name and (a subset of) labels; undefined if none; throws if several. */
  value(name: string, labels?: Readonly<Record<string, string>>): number | undefined;
  /** Like `value`, but 0 when no sample matches (a counter never incremented). */
  valueOrZero(name: string, labels?: Readonly<Record<string, string>>): number;
  /** Every sample of a series name matching (a subset of) labels. */
  find(name: string, labels?: Readonly<Record<string, string>>): Sample[];
  /**
   * Every non-zero series of a metric, as `label=value,…` (labels sorted) → value. Zero series are
   * left out like absent ones: the exporter exports known label sets at 0 from start-up.
   */
  series(name: string): Map<string, number>;
  /** Every sample's value by `seriesKey`, e.g. to check that no counter went down between scrapes. */
  readonly byKey: ReadonlyMap<string, number>;
  /** The same metrics with only the samples `keep` accepts. */
  filter(keep: (sample: Sample) => boolean): ParsedMetrics;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

function parseLabels(text: string, lineNo: number): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const m = LABEL.exec(text);
    if (!m) throw new Error(`line ${lineNo}: bad labels {${text}}`);
    labels[m[1] ?? ''] = unescape(m[2] ?? '');
  }
  return labels;
}

function parseValue(text: string, lineNo: number): number {
  // Case-insensitive like Prometheus' own parser (prom-client writes `Nan`).
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`line ${lineNo}: bad value ${text}`);
  return value;
}

function labelPairs(labels: Readonly<Record<string, string>>): string {
  // Label names are ASCII: code-unit order is enough, and far cheaper than localeCompare (the fuzz
  // tests key every sample of every scrape).
  return Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** `name{label=value,…}` with labels sorted: one string per series. */
export function seriesKey(sample: Pick<Sample, 'name' | 'labels'>): string {
  return `${sample.name}{${labelPairs(sample.labels)}}`;
}

export function parseMetrics(text: string): ParsedMetrics {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  text.split('\n').forEach((line, i) => {
    const lineNo = i + 1;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (m) (m[1] === 'HELP' ? help : types).set(m[2] ?? '', m[3] ?? '');
      return;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`line ${lineNo}: not a sample: ${line}`);
    samples.push({ name: m[1] ?? '', labels: m[3] ? parseLabels(m[3], lineNo) : {}, value: parseValue(m[4] ?? '', lineNo) });
  });
  return metricsOf(samples, types, help);
}

function metricsOf(samples: readonly Sample[], types: ReadonlyMap<string, string>, help: ReadonlyMap<string, string>): ParsedMetrics {
  const find = (name: string, labels: Readonly<Record<string, string>> = {}): Sample[] =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  const value = (name: string, labels?: Readonly<Record<string, string>>): number | undefined => {
    const found = find(name, labels);
    if (found.length > 1) throw new Error(`${name}${JSON.stringify(labels ?? {})} matches ${found.length} samples`);
    return found[0]?.value;
  };
  let byKey: Map<string, number> | undefined;
  return {
    samples,
    types,
    help,
    find,
    value,
    valueOrZero: (name, labels) => value(name, labels) ?? 0,
    series: (name) => new Map(find(name).filter((s) => s.value !== 0).map((s) => [labelPairs(s.labels), s.value])),
    // Built on first use: most callers never need it.
    get byKey() {
      byKey ??= new Map(samples.map((s) => [seriesKey(s), s.value]));
      return byKey;
    },
    filter: (keep) => metricsOf(samples.filter(keep), types, help),
  };
}
