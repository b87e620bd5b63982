/**
 * The hand-written readers of `Session <id> …` and access lines against their regex definitions: for
 * any input (real lines from the fixtures, those lines mutated, random text) the fast path either
 * declines or returns exactly what the regex returns. The parser takes the regex when the fast path
 * declines, so the events and problems are the same. The fast path must also take the real lines.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastAccessLine, fastSessionLine, regexAccessLine, regexSessionLine } from '../../../../exporter/sources/log/fast-lines';

const FIXTURES = ['current-format.txt', 'field-cases.txt', 'error-patterns.txt'].flatMap((f) =>
  readFileSync(new URL(`../../../fixtures/logs/${f}`, import.meta.url), 'utf8').split('\n'),
);
/** `[SessionManager] <emoji> Session …` → the part after the emoji, as session-runs.ts sees it. */
const REAL_SESSION = [
  ...FIXTURES.flatMap((l) => {
    const at = l.indexOf('] ');
    const rest = at < 0 ? '' : l.slice(l.indexOf(' ', at + 2) + 1);
    return rest.startsWith('Session ') ? [rest] : [];
  }),
  'Session 9f1c2d3e-aaaa-bbbb-cccc-1234567890ab execution took 0.00s',
  'Session x was cancelled (reason: )',
  'Session x completed with status TaskStatus.CANCELLED',
];
/** `INFO:     <message>` → the message, as the parser sees it. */
const REAL_ACCESS = [
  ...FIXTURES.flatMap((l) => (l.startsWith('INFO:') && l.includes(' HTTP/') ? [l.replace(/^INFO: +/, '')] : [])),
  '127.0.0.1:1 - "get /ws HTTP/2" 101',
  '127.0.0.1:1 - "GET /api/task_result/t?token=K HTTP/1.0" 200 OK',
];

/** Characters that sit on the readers' decisions: separators, digit/letter edges, other whitespace, non-ASCII. */
const EDGE = fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u2003', ')', '(', '"', '.', 's', 'S', '0', '9', 'A', 'Z', 'a', 'z', '@', '[', '`', '{', '/', '-', '\x00', '\x7f', 'é', '😀', '');
/** A real line with a few edits: a character replaced, inserted or removed, or the line cut. */
function mutated(real: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete', 'cut'), EDGE);
  return fc.tuple(fc.constantFrom(...real), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([line, edits]) => {
    let s = line;
    for (const [pos, op, ch] of edits) {
      const at = pos % (s.length + 1);
      if (op === 'replace') s = s.slice(0, at) + ch + s.slice(at + 1);
      else if (op === 'insert') s = s.slice(0, at) + ch + s.slice(at);
      else if (op === 'delete') s = s.slice(0, at) + s.slice(at + 1);
      else s = s.slice(0, at);
    }
    return s;
  });
}
const RUNS = { numRuns: 20_000 };

describe('fast-lines: Session lines', () => {
  it('reads the real lines itself, as the regex does', () => {
    expect(REAL_SESSION.filter((l) => regexSessionLine(l) !== undefined).length).toBeGreaterThan(10);
    // (some real `Session …` lines are none of these: `cancelled, skipping callback`; both paths say undefined)
    for (const line of REAL_SESSION) expect(fastSessionLine(line), line).toEqual(regexSessionLine(line));
  });

  it('declines or agrees with the regex on mutated and random lines', () => {
    const input = fc.oneof(mutated(REAL_SESSION), fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => `Session ${s}`));
    fc.assert(
      fc.property(input, (line) => {
        const fast = fastSessionLine(line);
        if (fast !== undefined) expect(fast).toEqual(regexSessionLine(line));
      }),
      RUNS,
    );
  });
});

describe('fast-lines: access lines', () => {
  it('reads every real line itself, as the regex does', () => {
    expect(REAL_ACCESS.length).toBeGreaterThan(5);
    for (const line of REAL_ACCESS) {
      expect(regexAccessLine(line), line).toBeDefined();
      expect(fastAccessLine(line), line).toEqual(regexAccessLine(line));
    }
  });

  it('declines or agrees with the regex on mutated and random lines', () => {
    const input = fc.oneof(mutated(REAL_ACCESS), fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => `1.2.3.4:5 - "${s}`));
    fc.assert(
      fc.property(input, (line) => {
        const fast = fastAccessLine(line);
        if (fast !== undefined) expect(fast).toEqual(regexAccessLine(line));
      }),
      RUNS,
    );
  });
});
