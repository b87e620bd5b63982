/**
 * One map of session ids for the two holders that remember every session: the log source's session runs
 * (sources/log/session-runs.ts, what each id's lines said) and the fleet state's finished-session memory
 * (state/sessions.ts, which ids finished, to ignore a repeated finish). Each holder keeps its own bound and
 * its own least-recently-used order, exactly as an LruMap / LruSet of its own would (state/bounded.ts);
 * only the id → entry lookup is shared.
 *
 * Why: a new session's id missed in two maps of ~50,000 ids, one in the source and one in the state, and each
 * such miss walks cold memory (~0.3–0.45 µs here; issue 15U, 15X, 15AA). With one map the state's lookup comes
 * right after the source's, of the same id: it finds the entry the source just made, in cache.
 *
 * The state makes the map and offers it to its sources (SourceSink.sessionIds); the runs role goes to the
 * first log source that asks (`takeRuns`), so two sources never share their runs. A holder that is not
 * offered one makes its own map.
 */

/** A session id's entry: what each holder keeps of it. Leaves the map when neither holds it. */
class Slot {
  /** The runs holder's value (SessionRuns' facts), set while the id is in the runs role. */
  run: object | undefined = undefined;
  runNode: AgeNode | undefined = undefined;
  finishedNode: AgeNode | undefined = undefined;
  constructor(readonly id: string) {}
}

/** A slot's place in one role's age order. */
class AgeNode {
  prev: AgeNode | undefined = undefined;
  next: AgeNode | undefined = undefined;
  constructor(readonly slot: Slot) {}
}

/** Oldest first; a node moves to the newest end by unlink + append. */
class AgeList {
  oldest: AgeNode | undefined = undefined;
  newest: AgeNode | undefined = undefined;
  size = 0;

  append(node: AgeNode): void {
    node.prev = this.newest;
    node.next = undefined;
    if (this.newest) this.newest.next = node;
    else this.oldest = node;
    this.newest = node;
    this.size++;
  }

  unlink(node: AgeNode): void {
    if (node.prev) node.prev.next = node.next;
    else this.oldest = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.newest = node.prev;
    node.prev = node.next = undefined;
    this.size--;
  }

  /** Moves `node` to the newest end (no-op when it is there). */
  renew(node: AgeNode): void {
    if (node === this.newest) return;
    this.unlink(node);
    this.append(node);
  }
}

function checkCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`session id capacity must be a positive integer, got ${capacity}`);
}

export class SessionIds {
  private readonly slots = new Map<string, Slot>();
  private runsTaken = false;

  /** Ids in the map (either role); at most the two roles' capacities together. */
  get size(): number {
    return this.slots.size;
  }

  /** The runs role for one holder (LruMap semantics over `capacity` ids); undefined once taken. */
  takeRuns(capacity: number): SessionRunIds | undefined {
    if (this.runsTaken) return undefined;
    this.runsTaken = true;
    return new SessionRunIds(this, capacity);
  }

  /** The finished role (LruSet semantics over `capacity` ids); `onEvict` per id the bound drops. */
  finishedRole(capacity: number, onEvict: (id: string) => void): FinishedSessionIds {
    return new FinishedSessionIds(this, capacity, onEvict);
  }

  /** @internal the roles' lookup */
  slot(id: string): Slot | undefined {
    return this.slots.get(id);
  }

  /** @internal an id's slot, made when absent */
  slotFor(id: string): Slot {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = new Slot(id);
      this.slots.set(id, slot);
    }
    return slot;
  }

  /** @internal a slot no role holds any more leaves the map */
  release(slot: Slot): void {
    if (slot.runNode === undefined && slot.finishedNode === undefined) this.slots.delete(slot.id);
  }
}

/** SessionRuns' memory: `LruMap<string, V>` (get, set, touch) on the shared map. */
export class SessionRunIds {
  private readonly ages = new AgeList();

  constructor(
    private readonly ids: SessionIds,
    private readonly capacity: number,
  ) {
    checkCapacity(capacity);
  }

  get size(): number {
    return this.ages.size;
  }

  /** The value kept for `id`. Only the one holder of this role writes values, so they are of its type. */
  get<V extends object>(id: string): V | undefined {
    return this.ids.slot(id)?.run as V | undefined;
  }

  /** Keeps `value` for `id` as its newest id; past the bound the oldest id is forgotten. */
  set(id: string, value: object): void {
    const slot = this.ids.slotFor(id);
    slot.run = value;
    if (slot.runNode !== undefined) return this.ages.renew(slot.runNode);
    slot.runNode = new AgeNode(slot);
    this.ages.append(slot.runNode);
    if (this.ages.size > this.capacity) this.evictOldest();
  }

  /** Marks `id` as recently used. */
  touch(id: string): void {
    const node = this.ids.slot(id)?.runNode;
    if (node !== undefined) this.ages.renew(node);
  }

  private evictOldest(): void {
    const node = this.ages.oldest!;
    this.ages.unlink(node);
    const slot = node.slot;
    slot.runNode = undefined;
    slot.run = undefined;
    this.ids.release(slot);
  }
}

/** The state's finished-session memory: `LruSet<string>` (has, addIfAbsent, delete) on the shared map. */
export class FinishedSessionIds {
  private readonly ages = new AgeList();

  constructor(
    private readonly ids: SessionIds,
    private readonly capacity: number,
    private readonly onEvict: (id: string) => void,
  ) {
    checkCapacity(capacity);
  }

  get size(): number {
    return this.ages.size;
  }

  has(id: string): boolean {
    return this.ids.slot(id)?.finishedNode !== undefined;
  }

  /** `has(id)` then, when absent, `add(id)`: true when it was added, false when it was a member (its age unchanged). */
  addIfAbsent(id: string): boolean {
    const slot = this.ids.slotFor(id);
    if (slot.finishedNode !== undefined) return false;
    this.append(slot);
    return true;
  }

  /** Removes `id`; true when it was present. */
  delete(id: string): boolean {
    const slot = this.ids.slot(id);
    const node = slot?.finishedNode;
    if (slot === undefined || node === undefined) return false;
    this.ages.unlink(node);
    slot.finishedNode = undefined;
    this.ids.release(slot);
    return true;
  }

  private append(slot: Slot): void {
    slot.finishedNode = new AgeNode(slot);
    this.ages.append(slot.finishedNode);
    if (this.ages.size <= this.capacity) return;
    const oldest = this.ages.oldest!;
    this.ages.unlink(oldest);
    oldest.slot.finishedNode = undefined;
    this.ids.release(oldest.slot);
    this.onEvict(oldest.slot.id);
  }
}
