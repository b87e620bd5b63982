/**
 * `AsctimeParser.readAscii` takes a shortcut for a line of the minute it read last (only `:SS,mmm` is
 * checked and read): for any bytes after that minute, it answers what a parser without the cached
 * minute answers (the full check of every byte, then the full read).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsctimeParser } from '../../../../exporter/sources/log/timestamp';

const minutes = fc.constantFrom('2026-11-21 04:28', '2026-02-28 23:59', '2026-12-31 00:00', '2026-03-29 02:30');
/** Bytes biased to the ones an asctime's tail is made of (digits, `:`, `,`, `.`), with any byte among them. */
const tailByte = fc.oneof(fc.integer({ min: 48, max: 57 }), fc.constantFrom(58, 44, 46, 32, 45, 0x80, 0xd9), fc.integer({ min: 0, max: 255 }));
const tail = fc.oneof(
  fc.array(tailByte, { maxLength: 12 }),
  // A valid tail with one byte changed.
  fc.tuple(fc.integer({ min: 0, max: 6 }), tailByte, fc.constantFrom(':07,535', ':59.999', ':60,000', ':61,000', ':00,000 - x')).map(([at, b, t]) => {
    const bytes = [...Buffer.from(t)];
    bytes[at] = b;
    return bytes;
  }),
);

describe('AsctimeParser.readAscii', () => {
  it('reads a line of the cached minute as a parser without it does, for any bytes after the minute', () => {
    fc.assert(
      fc.property(minutes, tail, fc.boolean(), (minute, rest, warmAsText) => {
        // The minute cached by a line read as bytes, or as text (a JSON record's time).
        const warm = new AsctimeParser();
        const first = Buffer.from(`${minute}:00,000 - x - INFO - y`);
        if (warmAsText) expect(warm.parse(first.toString())).toBe(new AsctimeParser().readAscii(first, 0, first.length));
        else expect(warm.readAscii(first, 0, first.length)).toBe(new AsctimeParser().readAscii(first, 0, first.length));
        const line = Buffer.concat([Buffer.from(`  ${minute}`), Buffer.from(rest)]);
        expect(warm.readAscii(line, 2, line.length)).toBe(new AsctimeParser().readAscii(line, 2, line.length));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the time of an ASCII asctime, NaN for an impossible date, undefined for a line that is not one', () => {
    const parser = new AsctimeParser();
    const read = (text: string): number | undefined => parser.readAscii(Buffer.from(text), 0, Buffer.byteLength(text));
    expect(read('2026-11-21 04:28:27,535')).toBe(new Date(2026, 10, 21, 4, 28, 27, 535).getTime() / 1000);
    expect(read('2026-11-21 04:28:28.001 - x')).toBe(new Date(2026, 10, 21, 4, 28, 28, 1).getTime() / 1000);
    expect(read('2026-11-21 04:28:61,000')).toBeNaN();
    expect(read('2026-02-31 04:28:00,000')).toBeNaN();
    expect(read('2026-11-21 04:28:2x,535')).toBeUndefined();
    expect(read('2026-11-21 04:28;27,535')).toBeUndefined();
    expect(read('2026-11-21 04:28:27,53')).toBeUndefined();
  });
});
