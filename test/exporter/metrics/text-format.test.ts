/**
 * Label values in the text exposition format: client ids and platforms come from clients, so any
 * string must come out as one well-formed label value that reads back as itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeLabelValue, formatLabels, sampleLine } from '../../../exporter/metrics/text-format';

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
