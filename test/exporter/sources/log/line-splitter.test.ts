import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../../exporter/sources/log/line-splitter';

function splitAll(bytes: Buffer, cuts: number[], maxLineBytes = 1 << 20, asBytes = false): { lines: string[]; tooLong: number; completed: number } {
  const lines: string[] = [];
  let tooLong = 0;
  const splitter = new LineSplitter(maxLineBytes, {
    line: (l) => void lines.push(l),
    // Decoded here only to compare: the bytes are valid only during the call.
    ...(asBytes ? { lineBytes: (b: Buffer, start: number, end: number) => void lines.push(b.toString('utf8', start, end)) } : {}),
    tooLong: () => void tooLong++,
  });
  const reused = Buffer.alloc(bytes.length); // the caller reuses its buffer, as the tailer does
  let completed = 0;
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
    if (cut < at) continue;
    bytes.copy(reused, 0, at, cut);
    completed += splitter.push(reused.subarray(0, cut - at));
    reused.fill(0x78);
    at = cut;
  }
  completed += splitter.flush();
  return { lines, tooLong, completed };
}

describe('LineSplitter', () => {
  it('yields exactly the written lines however the bytes are chunked (UTF-8 split anywhere), as text or as bytes', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ''));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), fc.boolean(), (lines, cuts, crlf, asBytes) => {
        const bytes = Buffer.from(lines.map((l) => l + (crlf ? '\r\n' : '\n')).join(''), 'utf8');
        const out = splitAll(bytes, cuts, 1 << 20, asBytes);
        expect(out.lines).toEqual(lines);
        expect(out.completed).toBe(lines.length);
      }),
      { numRuns: 300 },
    );
  });

  it('delivers a last line without newline only on flush (rotation), and drops over-long lines once each', () => {
    expect(splitAll(Buffer.from('a\nb'), []).lines).toEqual(['a', 'b']);
    const long = 'x'.repeat(50);
    const out = splitAll(Buffer.from(`ok\n${long}\n${long}${long}\nafter\n`), [3, 20, 70, 100], 40);
    expect(out.lines).toEqual(['ok', 'after']);
    expect(out.tooLong).toBe(2);
  });
});
