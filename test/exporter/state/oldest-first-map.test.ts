/** A Map that finds its oldest entry without walking the holes V8 leaves where entries were deleted. */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LruMap } from '../../../exporter/state/bounded';
import { OldestFirstMap } from '../../../exporter/state/oldest-first-map';

describe('OldestFirstMap', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is a Map in insertion order whose oldestKey is its first key (property: long runs of sets, deletes and lookups)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 12 }), value: fc.integer() }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 12 }) }),
      fc.record({ kind: fc.constant('deleteOldest' as const) }),
      fc.record({ kind: fc.constant('oldest' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const map = new OldestFirstMap<number, number>();
        const model = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            map.set(o.key, o.value);
            model.set(o.key, o.value);
          } else if (o.kind === 'delete') expect(map.delete(o.key)).toBe(model.delete(o.key));
          else {
            const oldest = model.keys().next().value;
            expect(map.oldestKey()).toBe(oldest);
            if (o.kind === 'deleteOldest' && oldest !== undefined) {
              map.delete(oldest);
              model.delete(oldest);
            }
          }
          expect(map.size).toBe(model.size);
        }
        expect([...map]).toEqual([...model]);
      }),
    );
  });

  it('keeps one walk from lookup to lookup while the front is taken, not a new one from the table start each time', () => {
    const map = new OldestFirstMap<number, number>();
    for (let i = 0; i < 1_000; i++) map.set(i, i);
    const walks = vi.spyOn(Map.prototype, 'keys');
    for (let i = 1_000; i < 21_000; i++) {
      map.set(i, i);
      map.delete(map.oldestKey()!);
      if (i % 3 === 0) map.delete(i - 500); // holes in the middle too
    }
    expect(walks).toHaveBeenCalledTimes(1);
  });

  it('lets the walk go once the map took half its size in new entries without a lookup (a walk that does not move keeps the tables V8 rehashed away from)', () => {
    const map = new OldestFirstMap<number, number>();
    for (let i = 0; i < 1_000; i++) map.set(i, i);
    expect(map.oldestKey()).toBe(0); // starts the walk
    const walks = vi.spyOn(Map.prototype, 'keys');
    for (let i = 1_000; i < 3_000; i++) {
      map.delete(i - 1_000);
      map.set(i, i);
    }
    expect(map.oldestKey()).toBe(2_000);
    expect(walks).toHaveBeenCalledTimes(1); // a new walk: the old one was let go
  });
});

describe('LruMap on it', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('evicts past a full map without a new walk per eviction', () => {
    const map = new LruMap<number, number>(1_000);
    for (let i = 0; i < 1_000; i++) map.set(i, i);
    const walks = vi.spyOn(Map.prototype, 'keys');
    for (let i = 1_000; i < 21_000; i++) {
      map.set(i, i);
      if (i % 3 === 0) map.touch(i - 500);
    }
    expect(walks).toHaveBeenCalledTimes(1);
    expect(map.size).toBe(1_000);
  });
});
