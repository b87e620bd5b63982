/** Which labels survive a PromQL expression. */

import { describe, expect, it } from 'vitest';
import { resultLabels } from '../../promql/labels';

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
