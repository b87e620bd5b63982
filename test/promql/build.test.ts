/** The PromQL patterns rules and dashboards share: each written one way, and parseable. */

import { describe, expect, it } from 'vitest';
import { histogramQuantile, increase, perMinute, rate, ratioOrZero, sumBy } from '../../promql/build';
import { parsePromql } from '../../promql/parse';

describe('shared PromQL builders', () => {
  it('write rate, increase, sum by and per-minute', () => {
    expect(rate('a{x="1"}', '5m')).toBe('rate(a{x="1"}[5m])');
    expect(increase('a', '$__rate_interval')).toBe('increase(a[$__rate_interval])');
    expect(sumBy(['instance', 'job'], 'a')).toBe('sum by (instance, job) (a)');
    expect(sumBy([], 'a')).toBe('sum(a)');
    expect(perMinute('sum(rate(a[5m]))')).toBe('sum(rate(a[5m])) * 60');
  });

  it('ratioOrZero falls back to zero times the denominator, with its labels', () => {
    expect(ratioOrZero('bad', 'all')).toBe('(bad or 0 * all) / all');
    // `or` binds loosest: the fallback is the whole of `0 * all`, and the ratio parses as one expression.
    parsePromql(ratioOrZero(sumBy(['instance'], rate('a{x="1"}', '5m')), sumBy(['instance'], rate('a', '5m'))));
  });

  it('histogramQuantile keeps the caller\'s label order and refuses a bad quantile or a grouping without le', () => {
    expect(histogramQuantile(0.95, ['instance', 'le'], 'h_bucket', '5m')).toBe('histogram_quantile(0.95, sum by (instance, le) (rate(h_bucket[5m])))');
    expect(histogramQuantile(0.5, ['le', 'endpoint'], 'h_bucket', '1m')).toBe('histogram_quantile(0.5, sum by (le, endpoint) (rate(h_bucket[1m])))');
    expect(() => histogramQuantile(95, ['le'], 'h_bucket', '5m')).toThrow(/quantile 95 of h_bucket must be between 0 and 1/);
    expect(() => histogramQuantile(0.9, ['instance'], 'h_bucket', '5m')).toThrow(/grouping of h_bucket \(instance\) must keep le/);
  });
});
