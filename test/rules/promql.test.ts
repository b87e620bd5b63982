/** The PromQL reader: syntax errors, selectors, range windows, and which labels survive an expression. */

import { describe, expect, it } from 'vitest';
import { durationSeconds } from '../../rules/config';
import { parsePromql, rangeWindows, selectors } from '../../rules/promql';
import { resultLabels } from '../../rules/promql-labels';

const labels: Record<string, string[]> = {
  a: ['instance', 'job', 'x', 'y'],
  b: ['instance', 'job', 'z'],
  h_bucket: ['instance', 'job', 'endpoint', 'le'],
};
const lookup = (name: string) => (labels[name] ? new Set(labels[name]) : undefined);
const result = (expr: string) => [...resultLabels(expr, lookup)].sort();

describe('resultLabels', () => {
  it.each([
    ['a', ['instance', 'job', 'x', 'y']],
    ['sum(a)', []],
    ['sum by (instance, x) (rate(a[5m]))', ['instance', 'x']],
    ['sum by (nothere) (a)', []],
    ['max without (x) (a)', ['instance', 'job', 'y']],
    ['topk(3, a)', ['instance', 'job', 'x', 'y']],
    ['count_values("v", a)', ['v']],
    ['a / on (instance) b', ['instance']],
    ['a / ignoring (x, y) b', ['instance', 'job']],
    ['a * on (instance) group_left (z) b', ['instance', 'job', 'x', 'y', 'z']],
    ['b * on (instance) group_right a', ['instance', 'job', 'x', 'y']],
    ['a and b', ['instance', 'job', 'x', 'y']],
    ['sum by (job) (a) or sum by (instance) (b)', ['instance', 'job']],
    ['1 - avg_over_time(a[1h])', ['instance', 'job', 'x', 'y']],
    ['(a > 2) * 0', ['instance', 'job', 'x', 'y']],
    ['absent(a{job="j", x=~"r"})', ['job']],
    ['vector(1)', []],
    ['histogram_quantile(0.95, sum by (endpoint, le) (rate(h_bucket[5m])))', ['endpoint']],
    ['label_replace(a, "dst", "$1", "x", "(.*)")', ['dst', 'instance', 'job', 'x', 'y']],
    ['{job="j", q="1"}', ['job', 'q']],
  ])('%s keeps %j', (expr, expected) => {
    expect(result(expr)).toEqual(expected);
  });

  it('throws naming an unknown series', () => {
    expect(() => result('sum(rate(nope[5m]))')).toThrow(/unknown series "nope"/);
  });
});

describe('parsePromql, selectors, rangeWindows', () => {
  it('reports a syntax error with its offset and the expression', () => {
    expect(() => parsePromql('sum by (job (up)')).toThrow(/syntax error at offset \d+.*sum by \(job \(up\)/);
  });

  it('lists selectors with decoded matchers', () => {
    expect(selectors('rate(a{x="1",y!~"a|b"}[5m]) / b')).toEqual([
      { name: 'a', matchers: [{ label: 'x', op: '=', value: '1' }, { label: 'y', op: '!~', value: 'a|b' }] },
      { name: 'b', matchers: [] },
    ]);
  });

  it('lists range and subquery windows', () => {
    expect(rangeWindows('rate(a[5m]) + max_over_time(b[1h:1m])').sort()).toEqual(['1h', '5m']);
  });
});

describe('durationSeconds', () => {
  it.each([
    ['15s', 15],
    ['5m', 300],
    ['1h30m', 5400],
    ['30d', 2_592_000],
    ['500ms', 0.5],
  ])('%s = %d s', (text, seconds) => expect(durationSeconds(text)).toBe(seconds));

  it('rejects what is not a duration', () => {
    expect(() => durationSeconds('5 minutes')).toThrow(/not a Prometheus duration: "5 minutes"/);
  });
});
