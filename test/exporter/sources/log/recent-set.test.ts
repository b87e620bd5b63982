/** The parser's bounded memory of finished sessions and counted disconnects. */
import { describe, expect, it } from 'vitest';
import { RecentSet } from '../../../../exporter/sources/log/recent-set';

describe('RecentSet', () => {
  it('refuses a capacity below 1', () => {
    expect(() => new RecentSet(0)).toThrow(/capacity must be >= 1, got 0/);
    expect(() => new RecentSet(Number.NaN)).toThrow(/capacity must be >= 1/);
  });

  it('forgets the oldest member past its capacity; adding a member again does not make it newer', () => {
    const set = new RecentSet(2);
    set.add('a');
    set.add('b');
    set.add('a');
    set.add('c');
    expect(set.size).toBe(2);
    expect(set.has('a')).toBe(false);
    expect(set.has('b')).toBe(true);
    expect(set.has('c')).toBe(true);
  });

  it('take() removes a member once and says whether it was there', () => {
    const set = new RecentSet(3);
    set.add('s1');
    expect(set.take('s1')).toBe(true);
    expect(set.take('s1')).toBe(false);
    expect(set.has('s1')).toBe(false);
    expect(set.size).toBe(0);
  });

  it('stays at its capacity however many members pass through it', () => {
    const set = new RecentSet(100);
    for (let i = 0; i < 10_000; i++) set.add(`session-${i}`);
    expect(set.size).toBe(100);
    expect(set.has('session-9999')).toBe(true);
    expect(set.has('session-9899')).toBe(false);
  });
});
