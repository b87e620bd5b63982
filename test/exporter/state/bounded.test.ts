/** The bounded containers behind the fleet state: they never hold more than their capacity, and evict oldest first. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LruMap, LruSet, RingBuffer } from '../../../exporter/state/bounded';

describe('LruMap', () => {
  it('refuses a capacity that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new LruMap(bad), String(bad)).toThrow(/capacity must be a positive integer/);
  });

  it('evicts the least recently set or touched entry past its capacity', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.touch('a'); // b is now the oldest
    map.set('c', 3);
    expect([...map.entries()]).toEqual([['a', 1], ['c', 3]]);
    map.set('a', 10); // setting again refreshes too: c is the oldest
    map.set('d', 4);
    expect([...map.entries()]).toEqual([['a', 10], ['d', 4]]);
    expect(map.get('c')).toBeUndefined();
    expect(map.has('d')).toBe(true);
  });

  it('evicts exactly one entry per set past its capacity, reporting it to onEvict (no pinning, no scan)', () => {
    const evicted: [string, number][] = [];
    const map = new LruMap<string, number>(2, (key, value) => void evicted.push([key, value]));
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 10); // an update is not an overflow
    expect(evicted).toEqual([]);
    map.set('c', 3);
    map.set('d', 4);
    expect(evicted).toEqual([
      ['b', 2],
      ['a', 10],
    ]);
    expect(map.size).toBe(2);
  });

  it('touch and delete of an absent key change nothing', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.touch('zzz');
    expect(map.delete('zzz')).toBe(false);
    expect(map.delete('a')).toBe(true);
    expect(map.size).toBe(0);
  });

  it('behaves like a model map cut to its most recent keys (property)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 9 }), value: fc.integer() }),
      fc.record({ kind: fc.constant('touch' as const), key: fc.integer({ min: 0, max: 9 }) }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 9 }) }),
      fc.record({ kind: fc.constant('setKeepingAge' as const), key: fc.integer({ min: 0, max: 9 }), value: fc.integer() }),
    );
    fc.assert(
      // Long runs: the map's one eviction iterator must stay right across many deletes, rehashes and ends.
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 300 }), (capacity, ops) => {
        const evicted: [number, number][] = [];
        const map = new LruMap<number, number>(capacity, (key, value) => void evicted.push([key, value]));
        const model: [number, number][] = []; // oldest first
        const modelEvicted: [number, number][] = [];
        const cut = (): void => {
          if (model.length > capacity) modelEvicted.push(model.shift()!);
        };
        for (const o of ops) {
          const at = model.findIndex(([k]) => k === o.key);
          if (o.kind === 'set') {
            if (at >= 0) model.splice(at, 1);
            model.push([o.key, o.value]);
            cut();
            map.set(o.key, o.value);
          } else if (o.kind === 'setKeepingAge') {
            // A present key gets the value in its place; a new one goes to the newest end.
            if (at >= 0) model[at] = [o.key, o.value];
            else {
              model.push([o.key, o.value]);
              cut();
            }
            expect(map.setKeepingAge(o.key, o.value)).toBe(at < 0);
          } else if (o.kind === 'touch') {
            if (at >= 0) model.push(...model.splice(at, 1));
            map.touch(o.key);
          } else {
            if (at >= 0) model.splice(at, 1);
            map.delete(o.key);
          }
          expect(map.size).toBeLessThanOrEqual(capacity);
        }
        expect([...map.entries()]).toEqual(model);
        expect(evicted).toEqual(modelEvicted);
      }),
    );
  });
});

describe('LruSet', () => {
  it('holds at most its capacity, forgetting the least recently added', () => {
    const set = new LruSet<string>(2);
    set.add('a');
    set.add('b');
    set.add('a'); // re-adding refreshes: b is the oldest
    set.add('c');
    expect(set.size).toBe(2);
    expect(set.has('a')).toBe(true);
    expect(set.has('b')).toBe(false);
    expect(set.has('c')).toBe(true);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new LruSet(0)).toThrow(/capacity must be a positive integer, got 0/);
    expect(() => new LruSet(Number.NaN)).toThrow(/capacity must be a positive integer/);
  });

  it('delete() removes a member once and says whether it was there (the log parser takes counted disconnects out this way)', () => {
    const set = new LruSet<string>(3);
    set.add('s1');
    expect(set.delete('s1')).toBe(true);
    expect(set.delete('s1')).toBe(false);
    expect(set.has('s1')).toBe(false);
    expect(set.size).toBe(0);
  });

  it('addIfAbsent() adds a new member at the newest end and leaves a present one where it is', () => {
    const evicted: string[] = [];
    const set = new LruSet<string>(2, (key) => evicted.push(key));
    expect(set.addIfAbsent('a')).toBe(true);
    expect(set.addIfAbsent('b')).toBe(true);
    expect(set.addIfAbsent('a')).toBe(false); // not refreshed: a stays the oldest
    expect(evicted).toEqual([]);
    expect(set.addIfAbsent('c')).toBe(true);
    expect(evicted).toEqual(['a']);
    expect(set.has('b') && set.has('c')).toBe(true);
    expect(set.size).toBe(2);
  });

  it('stays at its capacity however many members pass through it, reporting each one evicted', () => {
    const evicted: string[] = [];
    const set = new LruSet<string>(100, (key) => evicted.push(key));
    for (let i = 0; i < 10_000; i++) set.add(`session-${i}`);
    expect(set.size).toBe(100);
    expect(set.has('session-9999')).toBe(true);
    expect(set.has('session-9899')).toBe(false);
    expect(evicted).toHaveLength(9_900);
    expect(evicted[0]).toBe('session-0');
  });
});

describe('RingBuffer', () => {
  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(/capacity must be a positive integer/);
  });

  it('returns the latest items newest first, at most its capacity', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.latest()).toEqual([]);
    ring.push(1);
    ring.push(2);
    expect(ring.latest()).toEqual([2, 1]);
    ring.push(3);
    ring.push(4);
    ring.push(5);
    expect(ring.latest()).toEqual([5, 4, 3]);
    expect(ring.latest(2)).toEqual([5, 4]);
  });

  it('treats odd counts sensibly: negative as none, fractions rounded down, more than held as all', () => {
    const ring = new RingBuffer<string>(4);
    ring.push('a');
    ring.push('b');
    expect(ring.latest(-1)).toEqual([]);
    expect(ring.latest(1.9)).toEqual(['b']);
    expect(ring.latest(100)).toEqual(['b', 'a']);
  });
});
