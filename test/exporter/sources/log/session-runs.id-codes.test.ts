/**
 * SessionRuns compares a byte line's id with the previous session line's id through that id's character codes,
 * kept once per entry (`keepIdCodes`); the definition is the text path, which compares the id strings.
 * Ids whose characters a byte cannot hold (over 255, or an 8-bit twin of an ASCII character) or that are longer
 * than the codes kept must never match a line's ASCII id: for any such `Created new` id followed by byte lines
 * naming it or a twin of it, the events equal the text path's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../../exporter/events';
import { SessionBytes, SessionBytesKind } from '../../../../exporter/sources/log/session-bytes';
import { SessionRuns } from '../../../../exporter/sources/log/session-runs';

const created = (id: string): string => `Created new windows session: ${id} (type: ServiceSession, owner: 'win-1')`;
const BYTE_LINES = (id: string): string[] => [
  `Started background task ${id}`,
  `Session ${id} execution took 2.5s`,
  `Session ${id} completed with status TaskStatus.COMPLETED`,
];

/** An ASCII id, and twins of it that differ in one character: that character + 128, + 256, + 0x169 - 0x69 … */
const idAndTwins = fc
  .tuple(fc.stringMatching(/^[a-z0-9-]{1,70}$/), fc.nat(), fc.constantFrom(0x80, 0x100, 0x180, 0x1000))
  .map(([ascii, at, shift]) => {
    const i = at % ascii.length;
    const twin = ascii.slice(0, i) + String.fromCharCode(ascii.charCodeAt(i) + shift) + ascii.slice(i + 1);
    return { ascii, twin };
  });

function events(lines: readonly { created: boolean; text: string }[], viaBytes: boolean): FleetEvent[] {
  const out: FleetEvent[] = [];
  const sink = { emit: (e: FleetEvent) => void out.push(e) };
  const runs = new SessionRuns();
  const reader = new SessionBytes();
  lines.forEach((line, at) => {
    if (line.created) return runs.created(line.text, at, sink);
    const bytes = Buffer.from(line.text);
    if (viaBytes && reader.read(bytes, 0, bytes.length) !== SessionBytesKind.None) runs.sessionManagerBytes(reader, bytes, at, sink);
    else runs.sessionManager(line.text, at, sink);
  });
  return out;
}

describe('session-runs: the previous id compared on its kept character codes', () => {
  it('an id no byte can spell (or longer than the codes kept) never matches its ASCII twin (property)', () => {
    fc.assert(
      fc.property(idAndTwins, fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), ({ ascii, twin }, order) => {
        // `Created new` names the twin (or the ASCII id); the byte lines name either, in any order.
        const lines = [{ created: true, text: created(order[0] ? twin : ascii) }];
        for (const pick of order) for (const text of BYTE_LINES(pick ? ascii : twin)) lines.push({ created: false, text });
        expect(events(lines, true)).toEqual(events(lines, false));
      }),
      { numRuns: 2_000 },
    );
  });
});
