/**
 * The shared session-id map (session-ids.ts) against its definition: each role behaves exactly as a bounded
 * container of its own (state/bounded.ts) — the runs role as an LruMap, the finished role as an LruSet with its
 * evictions reported in the same order — whatever the other role does with the same ids, and the map holds an id
 * only while a role holds it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SessionIds } from '../../exporter/session-ids';
import { LruMap, LruSet } from '../../exporter/state/bounded';

const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
type Op =
  | { role: 'runs'; kind: 'get' | 'touch'; id: string }
  | { role: 'runs'; kind: 'set'; id: string; value: number }
  | { role: 'finished'; kind: 'has' | 'addIfAbsent' | 'delete'; id: string };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ role: fc.constant('runs' as const), kind: fc.constantFrom('get' as const, 'touch' as const), id }),
  fc.record({ role: fc.constant('runs' as const), kind: fc.constant('set' as const), id, value: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ role: fc.constant('finished' as const), kind: fc.constantFrom('has' as const, 'addIfAbsent' as const, 'delete' as const), id }),
);

describe('session-ids: one map, two roles, each an LRU of its own', () => {
  it('refuses a capacity that is not a positive integer, and gives the runs role once', () => {
    const ids = new SessionIds();
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => ids.finishedRole(bad, () => undefined), String(bad)).toThrow(/capacity must be a positive integer/);
      expect(() => new SessionIds().takeRuns(bad), String(bad)).toThrow(/capacity must be a positive integer/);
    }
    expect(ids.takeRuns(2)).toBeDefined();
    expect(ids.takeRuns(2)).toBeUndefined();
  });

  it('for any interleaving of both roles, each answers as its own LruMap / LruSet, and the map holds only their ids (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 80 }), (runsCapacity, finishedCapacity, ops) => {
        const ids = new SessionIds();
        const evicted: string[] = [];
        const modelEvicted: string[] = [];
        const runs = ids.takeRuns(runsCapacity)!;
        const finished = ids.finishedRole(finishedCapacity, (key) => void evicted.push(key));
        // Values are objects in the runs role (SessionRuns keeps its facts there): a box per value.
        const runsModel = new LruMap<string, { value: number }>(runsCapacity);
        const finishedModel = new LruSet<string>(finishedCapacity, (key) => void modelEvicted.push(key));
        for (const o of ops) {
          if (o.role === 'runs') {
            if (o.kind === 'get') expect(runs.get<{ value: number }>(o.id)).toEqual(runsModel.get(o.id));
            else if (o.kind === 'touch') {
              runs.touch(o.id);
              runsModel.touch(o.id);
            } else if (o.kind === 'set') {
              runs.set(o.id, { value: o.value });
              runsModel.set(o.id, { value: o.value });
            }
          } else if (o.kind === 'has') expect(finished.has(o.id)).toBe(finishedModel.has(o.id));
          else if (o.kind === 'addIfAbsent') expect(finished.addIfAbsent(o.id)).toBe(finishedModel.addIfAbsent(o.id));
          else expect(finished.delete(o.id)).toBe(finishedModel.delete(o.id));
          expect(evicted).toEqual(modelEvicted);
          expect(runs.size).toBe(runsModel.size);
          expect(finished.size).toBe(finishedModel.size);
          // Every id either role holds, in the age order of its model, and nothing else in the map.
          const runsKeys = [...runsModel.entries()].map(([key]) => key);
          for (const key of runsKeys) expect(runs.get(key)).toEqual(runsModel.get(key));
          const held = new Set(runsKeys);
          for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) if (finishedModel.has(key)) held.add(key);
          expect(ids.size).toBe(held.size);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
