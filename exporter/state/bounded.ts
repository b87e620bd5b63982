/**
 * Bounded containers that keep the fleet state's memory flat however long the exporter runs.
 * Both evict in least-recently-used order (a JS Map iterates in insertion order; touching an entry
 * re-inserts it at the end).
 */
import { OldestFirstMap } from './oldest-first-map';

/**
 * A map holding at most `capacity` entries; setting past it evicts the least recently set/touched
 * one. Every entry may be evicted, so an overflow costs O(1) — a caller with entries that must stay
 * (e.g. connected clients) keeps them outside the map (a pinned entry would make each overflow a scan).
 */
export class LruMap<K, V> {
  /** Finds the oldest entry without walking V8's holes (oldest-first-map.ts). */
  private readonly store = new OldestFirstMap<K, V>();

  constructor(
    private readonly capacity: number,
    /** Called once per entry evicted by the bound (counting it). */
    private readonly onEvict: (key: K, value: V) => void = () => {},
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`LruMap capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.store.size;
  }

  get(key: K): V | undefined {
    return this.store.get(key);
  }

  has(key: K): boolean {
    return this.store.has(key);
  }

  /** Marks an entry as recently used. */
  touch(key: K): void {
    const value = this.store.get(key);
    if (value === undefined) return;
    this.store.delete(key);
    this.store.set(key, value);
  }

  set(key: K, value: V): void {
    const store = this.store;
    const before = store.size;
    store.set(key, value);
    if (store.size === before) {
      // The key was there: move it to the newest end (a new key costs one lookup, not a delete and a set).
      store.delete(key);
      store.set(key, value);
      return;
    }
    this.evictOver();
  }

  /** Sets `key` to `value`: a new key goes to the newest end (true), a present one keeps its place (false). */
  setKeepingAge(key: K, value: V): boolean {
    const before = this.store.size;
    this.store.set(key, value);
    if (this.store.size === before) return false;
    this.evictOver();
    return true;
  }

  delete(key: K): boolean {
    return this.store.delete(key);
  }

  /** At most one entry over the bound after an add: one eviction, the oldest (first in insertion order). */
  private evictOver(): void {
    if (this.store.size <= this.capacity) return;
    const oldest = this.store.oldestKey() as K; // the map holds more than its capacity (≥ 1) entries
    const value = this.store.get(oldest) as V;
    this.store.delete(oldest);
    this.onEvict(oldest, value);
  }

  values(): IterableIterator<V> {
    return this.store.values();
  }

  entries(): IterableIterator<[K, V]> {
    return this.store.entries();
  }
}

/** A set holding at most `capacity` members, forgetting the oldest first. */
export class LruSet<K> {
  private readonly map: LruMap<K, true>;

  constructor(capacity: number, onEvict: (key: K) => void = () => {}) {
    this.map = new LruMap<K, true>(capacity, onEvict);
  }

  get size(): number {
    return this.map.size;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  add(key: K): void {
    this.map.set(key, true);
  }

  /** `has(key)` then, when absent, `add(key)`, in one lookup: true when it was added, false when it was already a member (its age unchanged). */
  addIfAbsent(key: K): boolean {
    return this.map.setKeepingAge(key, true);
  }

  /** Removes `key`; true when it was present. */
  delete(key: K): boolean {
    return this.map.delete(key);
  }
}

/** A fixed-size ring buffer of the most recent items. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    // Filled, so the array holds objects from the start: a new ring does not meet the push code (optimised for
    // an earlier ring's array of objects) with an array of small integers, which deoptimised it.
    this.items = new Array<T | undefined>(capacity).fill(undefined);
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** The last `n` items, newest first. */
  latest(n: number = this.capacity): T[] {
    const out: T[] = [];
    const take = Math.min(Math.max(0, Math.floor(n)), this.count);
    for (let i = 1; i <= take; i++) {
      const item = this.items[(this.next - i + this.capacity) % this.capacity];
      if (item !== undefined) out.push(item);
    }
    return out;
  }
}
