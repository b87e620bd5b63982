/**
 * Writes the PromQL patterns the rules (rules/) and the dashboards (grafana/) share, so each is
 * spelt one way. Callers bring their own selectors: rules filter on the bundle's job selector,
 * dashboards on Grafana's `$job`/`$instance` variables, and each side chooses its windows.
 */

/** `rate(selector[window])`. */
export function rate(selector: string, window: string): string {
  return `rate(${selector}[${window}])`;
}

/** `increase(selector[window])`. */
export function increase(selector: string, window: string): string {
  return `increase(${selector}[${window}])`;
}

/** `sum by (labels) (expr)`, or `sum(expr)` without labels. */
export function sumBy(labels: readonly string[], expr: string): string {
  return labels.length > 0 ? `sum by (${labels.join(', ')}) (${expr})` : `sum(${expr})`;
}

/** A per-second rate as per minute (for events too rare to read per second). */
export function perMinute(perSecond: string): string {
  return `${perSecond} * 60`;
}

/**
 * `part / all` (0–1) that reads 0, not "no data", while `part` has no series (no 5xx so far, say):
 * the numerator falls back to `all` times zero, which has exactly `all`'s labels.
 */
export function ratioOrZero(part: string, all: string): string {
  return `(${part} or 0 * ${all}) / ${all}`;
}

/**
 * The q-quantile of a histogram: `histogram_quantile(q, sum by (labels) (rate(buckets[window])))`.
 * `labels` must hold `le` (where it stands in the list is the caller's).
 */
export function histogramQuantile(q: number, labels: readonly string[], buckets: string, window: string): string {
  if (!(q > 0 && q < 1)) throw new Error(`histogramQuantile: quantile ${q} of ${buckets} must be between 0 and 1`);
  if (!labels.includes('le')) throw new Error(`histogramQuantile: the grouping of ${buckets} (${labels.join(', ')}) must keep le`);
  return `histogram_quantile(${q}, ${sumBy(labels, rate(buckets, window))})`;
}
