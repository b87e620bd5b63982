/**
 * A set that forgets its oldest members past a capacity: the parser's memory of which sessions have
 * already finished and which disconnects are already counted, bounded however long the log runs.
 */
export class RecentSet {
  private readonly members = new Set<string>();

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`RecentSet capacity must be >= 1, got ${capacity}`);
  }

  has(key: string): boolean {
    return this.members.has(key);
  }

  add(key: string): void {
    if (this.members.has(key)) return;
    if (this.members.size >= this.capacity) {
      // Sets iterate in insertion order: the first member is the oldest.
      const oldest = this.members.values().next();
      if (!oldest.done) this.members.delete(oldest.value);
    }
    this.members.add(key);
  }

  /** Removes `key`; true when it was present. */
  take(key: string): boolean {
    return this.members.delete(key);
  }

  get size(): number {
    return this.members.size;
  }
}
