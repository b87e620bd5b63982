import { describe, expect, it } from 'vitest';
import { parseMetrics, seriesKey } from '../../../scripts/stack/metrics-text';

const TEXT = [
  '# HELP ufo_sessions_finished_total Sessions that ended.',
  '# TYPE ufo_sessions_finished_total counter',
  'ufo_sessions_finished_total{status="failed",reason="error"} 2',
  'ufo_sessions_finished_total{status="completed",reason="none"} 0',
  'ufo_sessions_finished_total{status="cancelled",reason="device_disconnected"} 1',
  'ufo_up 1',
  'ufo_http_requests_total{method="GET",route="/api/\\"x\\"\\\\y",code="200"} 3 1700000000000',
  'ufo_ratio NaN',
  '',
].join('\n');

describe('parseMetrics', () => {
  const metrics = parseMetrics(TEXT);

  it('reads samples, labels (unescaped), HELP/TYPE, NaN and timestamps', () => {
    expect(metrics.samples).toHaveLength(6);
    expect(metrics.types.get('ufo_sessions_finished_total')).toBe('counter');
    expect(metrics.help.get('ufo_sessions_finished_total')).toBe('Sessions that ended.');
    expect(metrics.value('ufo_http_requests_total', { code: '200' })).toBe(3);
    expect(metrics.find('ufo_http_requests_total')[0]?.labels['route']).toBe('/api/"x"\\y');
    expect(metrics.value('ufo_ratio')).toBeNaN();
  });

  it('value is undefined for no match and throws for several; valueOrZero gives 0 for no match', () => {
    expect(metrics.value('ufo_absent')).toBeUndefined();
    expect(metrics.valueOrZero('ufo_absent', { a: 'b' })).toBe(0);
    expect(metrics.valueOrZero('ufo_up')).toBe(1);
    expect(() => metrics.valueOrZero('ufo_sessions_finished_total')).toThrow(/matches 3 samples/);
  });

  it('series lists non-zero series with sorted labels; byKey keys every sample', () => {
    expect(metrics.series('ufo_sessions_finished_total')).toEqual(
      new Map([
        ['reason=error,status=failed', 2],
        ['reason=device_disconnected,status=cancelled', 1],
      ]),
    );
    expect(metrics.byKey.get('ufo_sessions_finished_total{reason=none,status=completed}')).toBe(0);
    expect(metrics.byKey.get('ufo_up{}')).toBe(1);
    expect(seriesKey({ name: 'm', labels: { b: '2', a: '1' } })).toBe('m{a=1,b=2}');
  });

  it('filter keeps only the accepted samples', () => {
    const withoutFailed = metrics.filter((s) => s.labels['status'] !== 'failed');
    expect(withoutFailed.series('ufo_sessions_finished_total')).toEqual(new Map([['reason=device_disconnected,status=cancelled', 1]]));
    expect(withoutFailed.types.get('ufo_sessions_finished_total')).toBe('counter');
    expect(metrics.samples).toHaveLength(6);
  });

  it('names the line it cannot read', () => {
    expect(() => parseMetrics('ufo_up 1\nufo_up{a=b} 1\n')).toThrow(/^line 2: bad labels \{a=b\}/);
    expect(() => parseMetrics('ufo_up one\n')).toThrow(/^line 1: bad value one/);
    expect(() => parseMetrics('not a sample line at all\n')).toThrow(/^line 1: not a sample/);
  });
});
