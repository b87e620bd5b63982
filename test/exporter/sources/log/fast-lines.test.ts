/**
 * The hand-written readers (`Session <id> …`, access lines, `Created new …`, `Prepared task: …`) against their regex definitions: for
 * any input (real lines from the fixtures, those lines mutated, random text) the fast path either
 * declines or returns exactly what the regex returns. The parser takes the regex when the fast path
 * declines, so the events and problems are the same. The fast path must also take the real lines.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutated } from '../../../helpers/line-mutations';
import {
  fastAccessLine,
  fastBackgroundLine,
  fastCreatedLine,
  fastPreparedLine,
  fastSessionLine,
  namesNoDevice,
  regexAccessLine,
  regexBackgroundLine,
  regexCreatedLine,
  regexPreparedLine,
  regexSessionLine,
} from '../../../../exporter/sources/log/fast-lines';

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

/** The fixture lines' text from `marker` on: `Created new …` messages, `[WS] <emoji> Prepared task: …` after the emoji. */
const fromFixtures = (marker: string): string[] =>
  FIXTURES.flatMap((l) => {
    const at = l.indexOf(marker);
    return at < 0 ? [] : [l.slice(at)];
  });
const REAL_CREATED = [
  ...fromFixtures('Created new '),
  "Created new windows session: b362a53a-e5c6-42d5-8bae-e39720bb4450 (type: ServiceSession, owner: 'win-1')",
  'Created new linux session: s-9 (type: ServiceSession)',
  "Created new x session: s (type: , owner: '')",
];
const REAL_PREPARED = [
  ...fromFixtures('Prepared task: '),
  'Prepared task: session_id=b362a53a-e5c6-42d5-8bae-e39720bb4450, task_name=win-1, client_type=ClientType.DEVICE, target_device=None',
  'Prepared task: session_id=s-1, target_device=target_device=d-2',
];

const RUNS = { numRuns: 20_000 };

/** The fast reader takes the real lines as the regex reads them, and on any other input declines or agrees. */
function holdsToRegex<T>(real: readonly string[], prefix: string, fast: (s: string) => T | undefined, regex: (s: string) => T | undefined): void {
  expect(real.filter((l) => regex(l) !== undefined).length).toBeGreaterThan(2); // the real lines are read, not declined
  for (const line of real) expect(fast(line), line).toEqual(regex(line));
  const input = fc.oneof(mutated(real), fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => prefix + s));
  fc.assert(
    fc.property(input, (line) => {
      const got = fast(line);
      if (got !== undefined) expect(got).toEqual(regex(line));
    }),
    RUNS,
  );
}

describe('fast-lines: the fast readers hold to the regexes', () => {
  // (some real `Session …` lines are none of the shapes, e.g. `cancelled, skipping callback`: both paths say undefined)
  it('Session <id> …', () => holdsToRegex(REAL_SESSION, 'Session ', fastSessionLine, regexSessionLine));
  it('access lines', () => holdsToRegex(REAL_ACCESS, '1.2.3.4:5 - "', fastAccessLine, regexAccessLine));
  it('Created new …', () => holdsToRegex(REAL_CREATED, 'Created new ', fastCreatedLine, regexCreatedLine));
  it('Started background task …', () =>
    holdsToRegex(
      [...fromFixtures('Started background task '), 'Started background task b362a53a-e5c6-42d5-8bae-e39720bb4450', 'Started background task x'],
      'Started background task ',
      fastBackgroundLine,
      regexBackgroundLine,
    ));
  it('Prepared task: …', () => holdsToRegex(REAL_PREPARED, 'Prepared task: session_id=', fastPreparedLine, regexPreparedLine));

  it('Prepared task: … target_device=None is seen on the bytes to name no device', () => {
    /** What SessionRuns.prepared ignores: a message the regex does not read, or one naming the device `None` or nothing. */
    const namesNone = (rest: string): boolean => {
      const device = regexPreparedLine(rest)?.device.trim();
      return device === undefined || device === '' || device === 'None';
    };
    const onBytes = (rest: string): boolean => {
      const bytes = Buffer.from(`[WS] 🎯 ${rest}`, 'utf8');
      return namesNoDevice(bytes, bytes.length - Buffer.byteLength(rest), bytes.length);
    };
    const real = REAL_PREPARED.filter((l) => l.endsWith('target_device=None'));
    expect(real.filter(onBytes).length).toBeGreaterThan(1); // the real lines are taken
    expect(onBytes('Prepared task: session_id=s-1, target_device=d-2, xtarget_device=None')).toBe(false);
    const edges = [...REAL_PREPARED, 'Prepared task: session_id=s-1, target_device=d-2, xtarget_device=None', 'Prepared task: session_id=s-1, target_device=d-2 target_device=None'];
    const input = fc.oneof(mutated(edges), fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => `Prepared task: session_id=${s}target_device=None`));
    fc.assert(
      fc.property(input, (rest) => {
        if (onBytes(rest)) expect(namesNone(rest), rest).toBe(true);
      }),
      RUNS,
    );
  });
});
