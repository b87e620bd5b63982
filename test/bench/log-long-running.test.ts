/** The long-running log bench's copies: the same lines with sessions of their own, so a state reading them all keeps growing. */
import { describe, expect, it } from 'vitest';
import { distinctCopy } from '../../bench/log-long-running';

const LINES = [
  '2026-12-02 17:07:50,648 - SessionFactory - INFO - Created new windows session: b362a53a-e5c6-42d5-8bae-e39720bb4450 (type: ServiceSession, owner: \'win-1\')',
  '2026-12-02 17:07:50,648 - SessionManager - INFO - [SessionManager] 🚀 Started background task b362a53a-e5c6-42d5-8bae-e39720bb4450',
  'INFO:     connection open',
  '2026-12-02 17:07:50,649 - SessionManager - INFO - [SessionManager] ⏱️ Session f0000000-0000-4000-8000-000000000000 execution took 0.00s',
];
const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

describe('distinctCopy', () => {
  it('is the lines themselves for copy 0', () => {
    expect(distinctCopy(LINES, 0)).toEqual(LINES);
  });

  it('gives every copy up to 15 session ids of its own, one per original id, and leaves the rest of each line as it was', () => {
    const idsOf = (lines: readonly string[]): string[] => lines.flatMap((l) => l.match(UUIDS) ?? []);
    const seen = new Set<string>();
    for (let k = 0; k < 16; k++) {
      const copy = distinctCopy(LINES, k);
      expect(copy.map((l) => l.replace(UUIDS, 'ID'))).toEqual(LINES.map((l) => l.replace(UUIDS, 'ID')));
      const ids = idsOf(copy);
      expect(new Set(ids).size).toBe(2); // a line's session keeps one id across its lines
      for (const id of new Set(ids)) {
        expect(seen.has(id), `copy ${k}: ${id}`).toBe(false);
        seen.add(id);
      }
    }
    expect(distinctCopy(LINES, 1)[3]).toContain('Session 00000000-0000-4000-8000-000000000000 execution');
  });
});
