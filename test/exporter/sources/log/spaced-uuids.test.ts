/**
 * The hand scan for UUIDs between whitespace (spaced-uuids.ts) against its regex definition: for texts
 * made of UUIDs (either case, cut, with a wrong digit) among whitespace of every kind `\s` knows, colons,
 * hex letters and digits, dashes and other characters, the scan finds exactly the regex's matches, in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SPACED_UUID, spacedUuids } from '../../../../exporter/sources/log/spaced-uuids';

/** The regex's matches, as where each UUID begins (after the whitespace `$1` took). */
function byRegex(text: string): number[] {
  return [...text.matchAll(SPACED_UUID)].map((m) => m.index + m[1]!.length);
}

function byScan(text: string): number[] {
  const starts: number[] = [];
  return starts.slice(0, spacedUuids(text, starts));
}

const UUID = 'b362a53a-e5c6-42d5-8bae-e39720bb4450';
const piece = fc.oneof(
  fc.constantFrom(UUID, UUID.toUpperCase(), 'B362a53A-E5c6-42D5-8bae-e39720bb4450', UUID.slice(1), UUID + '0', UUID.replace('-', 'x'), UUID.replace('b', 'g')),
  fc.constantFrom(' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u0085', '\u180e'),
  fc.constantFrom(':', '::', '-', 'a', 'F', '0', '9', 'g', 'session ', 'id=', '"', "'", '/', 'é', '😀', 'K'),
  fc.string({ maxLength: 4 }),
);
const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

describe('spaced-uuids: the scan finds the regex matches', () => {
  it('on real messages', () => {
    expect(byScan(`Error in session ${UUID}: TimeoutError`)).toEqual([17]);
    expect(byScan(`${UUID} ${UUID}:`)).toEqual([0, 37]);
    expect(byScan(`id=${UUID} x${UUID}`)).toEqual([]);
  });

  it('for any text', () => {
    let found = 0;
    fc.assert(
      fc.property(text, (t) => {
        const expected = byRegex(t);
        found += expected.length;
        expect(byScan(t)).toEqual(expected);
      }),
      { numRuns: 20_000 },
    );
    expect(found).toBeGreaterThan(1_000); // the texts hold matches, not only misses
  });
});
