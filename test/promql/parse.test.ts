/** The PromQL reader: syntax errors, selectors and range windows. */

import { describe, expect, it } from 'vitest';
import { parsePromql, rangeWindows, selectors } from '../../promql/parse';

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
