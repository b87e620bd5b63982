/**
 * The byte scans of a log line's framing against their plain definitions: `separatorAt` (which skips bytes)
 * finds the first ` - ` that `Buffer#indexOf` finds in the same range, for any bytes and any range.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separatorAt } from '../../../../exporter/sources/log/byte-scan';

/** The first ` - ` starting in `bytes[from, end)` and ending by `end`, by the plain search. */
function plainSeparatorAt(bytes: Buffer, from: number, end: number): number {
  const at = bytes.subarray(0, end).indexOf(' - ', from);
  return at < 0 ? -1 : at;
}

describe('byte-scan: separatorAt holds to a plain search', () => {
  it('finds the real framing separators', () => {
    const line = Buffer.from('2026-12-02 03:11:12,501 - SessionManager - INFO - [SessionManager] 🚀 Started');
    expect(separatorAt(line, 23, line.length)).toBe(23);
    expect(separatorAt(line, 26, line.length)).toBe(40);
    expect(separatorAt(line, 43, line.length)).toBe(47);
    expect(separatorAt(line, 50, line.length)).toBe(-1);
  });

  it('for any bytes of spaces, dashes and others, and any range, the first separator is the plain search’s (property)', () => {
    // Spaces and dashes dense enough that separators, near-separators (`--`, ` -- `, `  -`) and runs of them are common.
    const byte = fc.constantFrom(0x20, 0x2d, 0x20, 0x2d, 0x61, 0xe2);
    let found = 0;
    fc.assert(
      fc.property(fc.array(byte, { minLength: 3, maxLength: 40 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), (codes, cutStart, cutEnd) => {
        const bytes = Buffer.from(codes);
        // The whole bytes or a range of them: up to 4 cut off either end.
        const end = Math.max(0, codes.length - cutEnd);
        const from = Math.min(end, cutStart);
        const at = separatorAt(bytes, from, end);
        if (at >= 0) found++;
        expect(at).toBe(plainSeparatorAt(bytes, from, end));
      }),
      { numRuns: 20_000 },
    );
    expect(found).toBeGreaterThan(2_000);
  });
});
