/**
 * A Map (insertion order) that also finds its oldest entry in O(1): what every bounded container needs
 * to evict, and every deadline queue to expire, from the front.
 *
 * Why not `map.keys().next()`: V8 leaves a deleted entry as a hole in the map's table until the next
 * rehash, and a new iterator walks every hole from the table's start. A map that deletes from its front
 * (evictions, expiries, finishes) piles those holes up, so each such lookup cost O(holes): ~18 µs an
 * eviction at a full 50,000-entry LRU, a followed log's per-line cost 2 → 8.6 µs once the session memory
 * filled (bench/NOTES.md, issue 15AH).
 *
 * So one walk is kept from lookup to lookup. A live V8 iterator survives deletes and rehashes and yields
 * what is set after it was made; every entry before its position has been deleted (only the oldest is
 * ever taken, and a re-set entry moves to the end), so its next key is the oldest. The key it yielded
 * stays the answer until it is deleted. But a walk that does not move keeps every table V8 has rehashed
 * away from since (45 MB after a million adds and deletes to a 50,000-entry map): it is let go once the
 * map has taken half its size in new entries without a lookup (V8 rehashes at most about once per that
 * many), and a new one is started at the next lookup.
 */
export class OldestFirstMap<K, V> implements Iterable<[K, V]> {
  private readonly map = new Map<K, V>();
  private walk: IterableIterator<K> | undefined;
  /** The walk's last key while it is still in the map (then it is the oldest). */
  private front: K | undefined;
  private hasFront = false;
  /** New entries since the walk last moved. */
  private addedSinceWalked = 0;

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** A new key goes to the newest end; a present one keeps its place (as with Map). */
  set(key: K, value: V): this {
    const map = this.map;
    const before = map.size;
    map.set(key, value);
    if (map.size !== before && this.walk !== undefined && ++this.addedSinceWalked > map.size >> 1) this.walk = undefined;
    return this;
  }

  delete(key: K): boolean {
    if (this.hasFront && this.front === key) {
      this.hasFront = false;
      this.front = undefined;
    }
    return this.map.delete(key);
  }

  /** The key set longest ago (of those still here), or undefined when empty. */
  oldestKey(): K | undefined {
    if (this.hasFront) return this.front;
    let next = this.walk?.next();
    // None kept, or one at the end (done for good, though keys were set since): a new walk.
    if (next === undefined || next.done) next = (this.walk = this.map.keys()).next();
    this.addedSinceWalked = 0;
    if (next.done) return undefined;
    this.hasFront = true;
    this.front = next.value;
    return next.value;
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.map.entries();
  }
}
