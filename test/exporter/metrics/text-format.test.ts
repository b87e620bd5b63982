/**
 * Label values in the text exposition format: client ids and platforms come from clients, so any
 * string must come out as one well-formed label value that reads back as itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MetricDefinition } from '../../../exporter/catalogue';
import { counterLine, escapeLabelValue, formatLabels, formatValue, histogramLines, sampleLine } from '../../../exporter/metrics/text-format';

/** The exposition format's reading of an escaped value: `\\` → `\`, `\"` → `"`, `\n` → newline. */
function unescape(escaped: string): string {
  return escaped.replace(/\\(.)/gs, (_m, c: string) => (c === 'n' ? '\n' : c));
}

describe('label value escaping', () => {
  it('escapes backslash, double quote and newline, and nothing else', () => {
    expect(escapeLabelValue('a\\b')).toBe('a\\\\b');
    expect(escapeLabelValue('say "hi"')).toBe('say \\"hi\\"');
    expect(escapeLabelValue('two\nlines')).toBe('two\\nlines');
    expect(escapeLabelValue('win-1 📱 {x=1}, é\t')).toBe('win-1 📱 {x=1}, é\t');
    // A literal backslash-n stays two characters, distinct from a newline.
    expect(escapeLabelValue('\\n')).toBe('\\\\n');
  });

  it('any string becomes one quoted value without raw newlines that reads back as itself (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const escaped = escapeLabelValue(value);
        expect(escaped).not.toContain('\n');
        // Every quote is escaped: no quote preceded by an even run of backslashes.
        expect(/(^|[^\\])(\\\\)*"/.test(escaped)).toBe(false);
        expect(unescape(escaped)).toBe(value);
      }),
    );
  });

  it('formats labels in the catalogue order, escaped, and a sample line around them', () => {
    expect(formatLabels(['client_id', 'platform'], { platform: 'lin"ux', client_id: 'a\nb' })).toBe('{client_id="a\\nb",platform="lin\\"ux"}');
    expect(formatLabels([], {})).toBe('');
    expect(sampleLine('ufo_client_info', ['client_id'], { client_id: 'x\\' }, 1)).toBe('ufo_client_info{client_id="x\\\\"} 1\n');
  });
});

describe('lines of kept label sets (prefixes made once)', () => {
  const def = (name: string, labelNames: string[], buckets?: number[]): MetricDefinition => ({ name, labelNames, buckets }) as unknown as MetricDefinition;
  /** The histogram lines written out in full, as they were before the prefixes were kept. */
  const expectedHistogram = (d: MetricDefinition, labels: Record<string, string>, cumulative: number[], sum: number, count: number): string =>
    [
      ...(d.buckets ?? []).map((upper, i) => `${d.name}_bucket${formatLabels(d.labelNames, labels, `le="${formatValue(upper)}"`)} ${cumulative[i] ?? 0}\n`),
      `${d.name}_bucket${formatLabels(d.labelNames, labels, 'le="+Inf"')} ${count}\n`,
      `${d.name}_sum${formatLabels(d.labelNames, labels)} ${formatValue(sum)}\n`,
      `${d.name}_count${formatLabels(d.labelNames, labels)} ${count}\n`,
    ].join('');

  it('a histogram series re-rendered with new counts, and its label object used by another family, reads as written out in full (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.uniqueArray(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { maxLength: 6 }),
        fc.array(fc.tuple(fc.array(fc.nat(), { maxLength: 6 }), fc.double(), fc.nat()), { minLength: 1, maxLength: 4 }),
        (value, buckets, rounds) => {
          const labels = { endpoint: value };
          const a = def('a_seconds', ['endpoint'], buckets);
          const b = def('b_seconds', ['endpoint'], [1]);
          for (const [cumulative, sum, count] of rounds) {
            expect(histogramLines(a, { labels, cumulative, sum, count })).toBe(expectedHistogram(a, labels, cumulative, sum, count));
            expect(histogramLines(b, { labels, cumulative, sum, count })).toBe(expectedHistogram(b, labels, cumulative, sum, count));
          }
        },
      ),
    );
  });

  it('a counter line is the sample line, for the same label object under new values and another family', () => {
    const labels = { reason: 'a"b\\c\nd', kind: 'x' };
    const a = def('a_total', ['kind', 'reason']);
    const b = def('b_total', ['reason']);
    for (const value of [0, 1.5, NaN, Infinity, -Infinity, 12345678901234]) {
      expect(counterLine(a, labels, value)).toBe(sampleLine('a_total', ['kind', 'reason'], labels, value));
      expect(counterLine(b, labels, value)).toBe(sampleLine('b_total', ['reason'], labels, value));
    }
  });
});
