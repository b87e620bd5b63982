/**
 * The `[SessionManager]` reader on bytes (session-bytes.ts) and SessionRuns' byte path against the text
 * path, their definition: for any run of session lines (the real shapes over a few ids, those lines with a
 * few edits at the decision characters, random text) and any memory bound, a SessionRuns fed the lines the
 * reader takes as bytes emits exactly the events of one fed every line as text. The real lines must be
 * taken, and many taken lines must name the id the line before them named (the entry reused).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../../exporter/events';
import { SessionBytes, SessionBytesKind } from '../../../../exporter/sources/log/session-bytes';
import { SessionRuns } from '../../../../exporter/sources/log/session-runs';
import { mutated } from '../../../helpers/line-mutations';

const IDS = ['s-1', 'b5c6a2e4-1f3d-4c1e-9a7b-2d8e0f6a1b3c', 'b5c6a2e4-1f3d-4c1e-9a7b-2d8e0f6a1b3d', 'x?token=K', 'Session'];
/** `[SessionManager]` messages after their emoji, and `Created new` messages (`created`). */
const SHAPES = (id: string): string[] => [
  `Started background task ${id}`,
  `Session ${id} execution took 12.24s`,
  `Session ${id} execution took 0.5s`,
  `Session ${id} execution took 7s`,
  `Session ${id} execution took 123456789012.345s`,
  `Session ${id} execution took .25s trailing`,
  `Session ${id} completed with status TaskStatus.COMPLETED`,
  `Session ${id} completed with status TaskStatus.FAILED`,
  `Session ${id} completed with status TaskStatus.CANCELLED`,
  `Session ${id} completed with status TaskStatus.FAILEDX`,
  `Session ${id} completed with status TaskStatus.PENDING`,
  `Session ${id} was cancelled (reason: device_disconnected)`,
  `Session ${id} ended with error`,
  `Error in session ${id}: boom`,
  `Cancelling session ${id} (reason: constellation_disconnected)`,
];
const REAL = IDS.flatMap(SHAPES);
const created = (id: string): string => `Created new windows session: ${id} (type: ServiceSession, owner: 'win-1')`;

/** One line: a `Created new` message (text on both sides) or a `[SessionManager]` rest. */
type Line = { created: true; text: string } | { created: false; text: string };

/** Feeds `lines` to a text-only SessionRuns and to one reading through the byte reader; returns both event lists and how many were taken. */
function both(lines: readonly Line[], bound: number): { text: FleetEvent[]; bytes: FleetEvent[]; taken: number; reused: number } {
  const text: FleetEvent[] = [];
  const bytes: FleetEvent[] = [];
  const textRuns = new SessionRuns(bound);
  const byteRuns = new SessionRuns(bound);
  const reader = new SessionBytes();
  let taken = 0;
  let reused = 0;
  lines.forEach((line, i) => {
    const toText = { emit: (e: FleetEvent) => text.push(e) };
    const toBytes = { emit: (e: FleetEvent) => bytes.push(e) };
    if (line.created) {
      textRuns.created(line.text, i, toText);
      byteRuns.created(line.text, i, toBytes);
      return;
    }
    textRuns.sessionManager(line.text, i, toText);
    // The rest placed after other bytes: a line is a range of a chunk.
    const chunk = Buffer.from(`x\n${line.text}\ny`, 'utf8');
    if (reader.read(chunk, 2, chunk.length - 2) === SessionBytesKind.None) return byteRuns.sessionManager(line.text, i, toBytes);
    taken++;
    // The line before named this id: the byte path may reuse that line's entry.
    if (i > 0 && lines[i - 1]!.text.includes(chunk.toString('utf8', reader.idStart, reader.idEnd))) reused++;
    byteRuns.sessionManagerBytes(reader, chunk, i, toBytes);
  });
  textRuns.flushPending({ emit: (e) => text.push(e) });
  byteRuns.flushPending({ emit: (e) => bytes.push(e) });
  return { text, bytes, taken, reused };
}

describe('session-bytes: the [SessionManager] reader on bytes holds to the text path', () => {
  it('takes the real lines and reads them as the text path does', () => {
    const reader = new SessionBytes();
    const takes = REAL.filter((line) => reader.read(Buffer.from(line), 0, Buffer.byteLength(line)) !== SessionBytesKind.None);
    // Background, the five took lines with one dot at most and the three statuses, for every id (none holds a space).
    expect(takes.length).toBe(IDS.length * 9);
    const lines: Line[] = IDS.flatMap((id) => [{ created: true, text: created(id) }, ...SHAPES(id).map((text) => ({ created: false, text }))]);
    const { text, bytes, taken } = both(lines, 50_000);
    expect(taken).toBe(IDS.length * 9);
    expect(bytes).toEqual(text);
    expect(text.filter((e) => e.type === 'session_duration').map((e) => (e as { seconds: number }).seconds)).toContain(123456789012.345);
  });

  it('for any run of session lines and any bound, the byte path emits what the text path emits', () => {
    const id = fc.constantFrom(...IDS);
    const line: fc.Arbitrary<Line> = fc.oneof(
      { weight: 2, arbitrary: id.map((i) => ({ created: true as const, text: created(i) })) },
      { weight: 6, arbitrary: id.chain((i) => fc.constantFrom(...SHAPES(i))).map((text) => ({ created: false as const, text })) },
      { weight: 3, arbitrary: mutated(REAL).map((text) => ({ created: false as const, text })) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => ({ created: false as const, text: `Session s-1 execution took ${s}` })) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((text) => ({ created: false as const, text })) },
    );
    let taken = 0;
    let reused = 0;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.integer({ min: 1, max: 6 }), (lines, bound) => {
        const run = both(lines, bound);
        taken += run.taken;
        reused += run.reused;
        expect(run.bytes).toEqual(run.text);
      }),
      { numRuns: 3_000 },
    );
    // The property is about lines the reader takes, and about ids reused from the line before: enough of both.
    expect(taken).toBeGreaterThan(3_000);
    expect(reused).toBeGreaterThan(500);
  });
});
