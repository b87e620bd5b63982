/**
 * Plain data holders for labelled counters and histograms. The fleet state keeps its numbers in
 * these; collectors render them. No Prometheus client involved: values are read at scrape time.
 */

export type Labels<L extends string> = Readonly<Record<L, string>>;

export interface CounterEntry<L extends string> {
  readonly labels: Labels<L>;
  readonly value: number;
}

/** One series of a counter family, for the state to add to. */
export interface CounterCell<L extends string> {
  readonly labels: Labels<L>;
  value: number;
}

/** A counter family as readers see it (the view's parts hand these out; only the state increments). */
export interface CounterReads<L extends string> {
  entries(): CounterEntry<L>[];
}

/** A histogram family as readers see it. */
export interface HistogramReads<L extends string> {
  entries(): HistogramEntry<L>[];
}

/** A map key for one label set of a family (label values in `labelNames` order). */
export function seriesKey(labelNames: readonly string[], labels: Readonly<Record<string, string>>): string {
  // \u0001 cannot appear in a sane label value; it only has to keep distinct label sets distinct.
  // Built by concatenation, not map + join: this runs for every event (no array per call).
  if (labelNames.length === 1) return labels[labelNames[0]!] ?? '';
  let key = '';
  for (let i = 0; i < labelNames.length; i++) key += (i === 0 ? '' : '\u0001') + (labels[labelNames[i]!] ?? '');
  return key;
}

/** A counter (or gauge) family keyed by label values. */
export class LabelledCounter<L extends string> {
  private readonly series = new Map<string, CounterCell<L>>();

  constructor(readonly labelNames: readonly L[]) {}

  inc(labels: Labels<L>, by = 1): void {
    this.cell(labels).value += by;
  }

  /**
   * The series of one label set, created at 0 if new. A caller that counts the same label sets over and
   * over may keep it (nested maps by label value, series-cells.ts) and add to `value` itself: no key built per count.
   */
  cell(labels: Labels<L>): CounterCell<L> {
    const key = seriesKey(this.labelNames, labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels: { ...labels }, value: 0 };
      this.series.set(key, entry);
    }
    return entry;
  }

  get(labels: Labels<L>): number {
    return this.series.get(seriesKey(this.labelNames, labels))?.value ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const e of this.series.values()) sum += e.value;
    return sum;
  }

  entries(): CounterEntry<L>[] {
    return [...this.series.values()].map((e) => ({ labels: e.labels, value: e.value }));
  }
}

export interface HistogramEntry<L extends string> {
  readonly labels: Labels<L>;
  /** Cumulative counts, one per bucket upper bound (the +Inf bucket is `count`). */
  readonly cumulative: readonly number[];
  readonly sum: number;
  readonly count: number;
}

/** A histogram family keyed by label values, with fixed bucket upper bounds. */
export class LabelledHistogram<L extends string> {
  private readonly series = new Map<string, { labels: Labels<L>; perBucket: number[]; sum: number; count: number }>();

  constructor(
    readonly labelNames: readonly L[],
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels<L>, value: number): void {
    if (!Number.isFinite(value)) return;
    const key = seriesKey(this.labelNames, labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels: { ...labels }, perBucket: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    // The first bucket whose upper bound holds the value (a loop: this runs for every finished session and request).
    const buckets = this.buckets;
    for (let i = 0; i < buckets.length; i++)
      if (value <= buckets[i]!) {
        entry.perBucket[i] = (entry.perBucket[i] ?? 0) + 1;
        break;
      }
    entry.sum += value;
    entry.count += 1;
  }

  entries(): HistogramEntry<L>[] {
    return [...this.series.values()].map((e) => {
      let running = 0;
      const cumulative = e.perBucket.map((c) => (running += c));
      return { labels: e.labels, cumulative, sum: e.sum, count: e.count };
    });
  }
}
