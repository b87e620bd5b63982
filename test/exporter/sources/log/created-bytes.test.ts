/**
 * The `Created new …` reader on bytes (created-bytes.ts) and SessionRuns' byte path against the text path,
 * their definition: for any run of session lines (the real `Created new` shapes over a few ids, platforms and
 * owners, those lines with a few edits at the decision characters, random text, `[SessionManager]` lines
 * between them) and any memory bound, a SessionRuns fed the `Created new` lines the reader takes as bytes emits
 * exactly the events of one fed every line as text. The real lines must be taken, and many taken lines must
 * reuse the previous line's entry, owner or platform.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../../exporter/events';
import { CreatedBytes } from '../../../../exporter/sources/log/created-bytes';
import { SessionRuns } from '../../../../exporter/sources/log/session-runs';
import { mutated } from '../../../helpers/line-mutations';

const IDS = ['s-1', 'b5c6a2e4-1f3d-4c1e-9a7b-2d8e0f6a1b3c', 'b5c6a2e4-1f3d-4c1e-9a7b-2d8e0f6a1b3d', 'x?token=K', 'session:'];
const PLATFORMS = ['windows', 'Linux', 'android', 'Weird!Platform', 'a-very-long-platform-name-of-more-than-32-chars'];
const OWNERS = ["'win-1'", "'win-2'", "'task@device'", "''", "'a,b'", "'c)d'", "'x?token=K'"];
/** `Created new` messages as the server writes them, and near shapes the regex reads (or not). */
const CREATED = (id: string, platform: string, owner: string): string[] => [
  `Created new ${platform} session: ${id} (type: ServiceSession, owner: ${owner})`,
  `Created new ${platform} session: ${id} (type: ServiceSession, owner: ${owner}) and more`,
  `Created new ${platform} session: ${id} (type: ServiceSession)`,
  `Created new ${platform} session: ${id} (type: , owner: ${owner})`,
  `Created new ${platform} session: ${id} (type: A, B, owner: ${owner})`,
  `Created new ${platform} session: ${id} (type: ServiceSession, owner: ${owner}x)`,
  `Created new ${platform} session: ${id} (type: ServiceSession, owner: ${owner}`,
  `Created new ${platform} session: ${id} (type: ServiceSession, owner: 'it''s')`,
];
const REAL = IDS.flatMap((id, i) => CREATED(id, PLATFORMS[i % PLATFORMS.length]!, OWNERS[i % OWNERS.length]!));
/** `[SessionManager]` messages after their emoji: the runs' other lines (text on both sides). */
const SESSION = (id: string): string[] => [`Started background task ${id}`, `Session ${id} completed with status TaskStatus.COMPLETED`, `Session ${id} execution took 1.5s`];

type Line = { created: boolean; text: string };

/** Feeds `lines` to a text-only SessionRuns and to one reading `Created new` lines through the byte reader. */
function both(lines: readonly Line[], bound: number): { text: FleetEvent[]; bytes: FleetEvent[]; taken: number; reused: number } {
  const text: FleetEvent[] = [];
  const bytes: FleetEvent[] = [];
  const toText = { emit: (e: FleetEvent) => text.push(e) };
  const toBytes = { emit: (e: FleetEvent) => bytes.push(e) };
  const textRuns = new SessionRuns(bound);
  const byteRuns = new SessionRuns(bound);
  const reader = new CreatedBytes();
  let taken = 0;
  let reused = 0;
  // One pass each, the text first: labelValue's cache of the last platform then sees each path's own sequence.
  lines.forEach((line, i) => (line.created ? textRuns.created(line.text, i, toText) : textRuns.sessionManager(line.text, i, toText)));
  lines.forEach((line, i) => {
    if (!line.created) return byteRuns.sessionManager(line.text, i, toBytes);
    // The message placed after other bytes: a line is a range of a chunk.
    const chunk = Buffer.from(`x\n${line.text}\ny`, 'utf8');
    if (!reader.read(chunk, 2, chunk.length - 2)) return byteRuns.created(line.text, i, toBytes);
    taken++;
    // The line before named this id or this owner: the byte path may reuse what it made.
    const id = chunk.toString('utf8', reader.idStart, reader.idEnd);
    const owner = reader.ownerStart < 0 ? '' : chunk.toString('utf8', reader.ownerStart, reader.ownerEnd);
    if (i > 0 && (lines[i - 1]!.text.includes(` ${id} `) || (owner !== '' && lines[i - 1]!.text.includes(`'${owner}'`)))) reused++;
    byteRuns.createdBytes(reader, chunk, i, toBytes);
  });
  textRuns.flushPending(toText);
  byteRuns.flushPending(toBytes);
  return { text, bytes, taken, reused };
}

describe('created-bytes: the `Created new` reader on bytes holds to the text path', () => {
  it('takes the real lines and reads them as the text path does', () => {
    const reader = new CreatedBytes();
    const line = (id: string, platform: string, owner: string): string => CREATED(id, platform, owner)[0]!;
    for (const id of IDS) for (const platform of PLATFORMS) for (const owner of OWNERS) {
      const text = line(id, platform, owner);
      // Every owner without a quote in it, named or empty, and the same with no owner at all.
      expect(reader.read(Buffer.from(text), 0, text.length)).toBe(true);
      expect(reader.read(Buffer.from(CREATED(id, platform, owner)[2]!), 0, CREATED(id, platform, owner)[2]!.length)).toBe(true);
      expect(reader.ownerStart).toBe(-1);
    }
    const lines: Line[] = REAL.map((text) => ({ created: true, text }));
    const { text, bytes, taken } = both(lines, 50_000);
    expect(taken).toBeGreaterThanOrEqual(IDS.length * 4);
    expect(bytes).toEqual(text);
    expect(text.filter((e) => e.type === 'session_started').length).toBeGreaterThan(0);
  });

  it('for any run of session lines and any bound, the byte path emits what the text path emits', () => {
    const id = fc.constantFrom(...IDS);
    const createdLine = fc.tuple(id, fc.constantFrom(...PLATFORMS), fc.constantFrom(...OWNERS)).chain(([i, p, o]) => fc.constantFrom(...CREATED(i, p, o)));
    const line: fc.Arbitrary<Line> = fc.oneof(
      { weight: 6, arbitrary: createdLine.map((text) => ({ created: true, text })) },
      { weight: 3, arbitrary: mutated(REAL).map((text) => ({ created: true, text })) },
      { weight: 3, arbitrary: id.chain((i) => fc.constantFrom(...SESSION(i))).map((text) => ({ created: false, text })) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => ({ created: true, text: `Created new windows session: s-1 (type: ${s}` })) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((text) => ({ created: true, text })) },
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
    // The property is about lines the reader takes, and about what it reuses from the line before: enough of both.
    expect(taken).toBeGreaterThan(2_000);
    expect(reused).toBeGreaterThan(400);
  });
});
