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

/** A holder's index into a slot's links: 0 the runs, 1 the finished memory. */
type Role = 0 | 1;
const RUNS: Role = 0;
const FINISHED: Role = 1;

/**
 * A session id's entry: what each holder keeps of it, and its place in each holder's age order (links kept in
 * the slot itself: no node object per id and holder). Leaves the map when neither holds it.
 */
class Slot {
  /** The runs holder's value (SessionRuns' facts), set while the id is in the runs role. */
  run: object | undefined = undefined;
  in0 = false;
  prev0: Slot | undefined = undefined;
  next0: Slot | undefined = undefined;
  in1 = false;
  prev1: Slot | undefined = undefined;
  next1: Slot | undefined = undefined;
  constructor(readonly id: string) {}

  holds(role: Role): boolean {
    return role === RUNS ? this.in0 : this.in1;
  }
  prev(role: Role): Slot | undefined {
    return role === RUNS ? this.prev0 : this.prev1;
  }
  next(role: Role): Slot | undefined {
    return role === RUNS ? this.next0 : this.next1;
  }
  link(role: Role, holds: boolean, prev: Slot | undefined, next: Slot | undefined): void {
    if (role === RUNS) {
      this.in0 = holds;
      this.prev0 = prev;
      this.next0 = next;
    } else {
      this.in1 = holds;
      this.prev1 = prev;
      this.next1 = next;
    }
  }
  setPrev(role: Role, prev: Slot | undefined): void {
    if (role === RUNS) this.prev0 = prev;
    else this.prev1 = prev;
  }
  setNext(role: Role, next: Slot | undefined): void {
    if (role === RUNS) this.next0 = next;
    else this.next1 = next;
  }
}

/** One holder's slots, oldest first; a slot moves to the newest end by unlink + append. */
class AgeList {
  oldest: Slot | undefined = undefined;
  newest: Slot | undefined = undefined;
  size = 0;

  constructor(private readonly role: Role) {}

  append(slot: Slot): void {
    const newest = this.newest;
    slot.link(this.role, true, newest, undefined);
    if (newest) newest.setNext(this.role, slot);
    else this.oldest = slot;
    this.newest = slot;
    this.size++;
  }

  unlink(slot: Slot): void {
    const role = this.role;
    const prev = slot.prev(role);
    const next = slot.next(role);
    if (prev) prev.setNext(role, next);
    else this.oldest = next;
    if (next) next.setPrev(role, prev);
    else this.newest = prev;
    slot.link(role, false, undefined, undefined);
    this.size--;
  }

  /** Moves `slot` to the newest end (no-op when it is there). */
  renew(slot: Slot): void {
    if (slot === this.newest) return;
    this.unlink(slot);
    this.append(slot);
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
    if (!slot.in0 && !slot.in1) this.slots.delete(slot.id);
  }
}

/** SessionRuns' memory: `LruMap<string, V>` (get, set, touch) on the shared map. */
export class SessionRunIds {
  private readonly ages = new AgeList(RUNS);

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
    if (slot.in0) return this.ages.renew(slot);
    this.ages.append(slot);
    if (this.ages.size > this.capacity) this.evictOldest();
  }

  /** Marks `id` as recently used. */
  touch(id: string): void {
    const slot = this.ids.slot(id);
    if (slot?.in0) this.ages.renew(slot);
  }

  private evictOldest(): void {
    const slot = this.ages.oldest!;
    this.ages.unlink(slot);
    slot.run = undefined;
    this.ids.release(slot);
  }
}

/** The state's finished-session memory: `LruSet<string>` (has, addIfAbsent, delete) on the shared map. */
export class FinishedSessionIds {
  private readonly ages = new AgeList(FINISHED);

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
    return this.ids.slot(id)?.in1 === true;
  }

  /** `has(id)` then, when absent, `add(id)`: true when it was added, false when it was a member (its age unchanged). */
  addIfAbsent(id: string): boolean {
    const slot = this.ids.slotFor(id);
    if (slot.in1) return false;
    this.append(slot);
    return true;
  }

  /** Removes `id`; true when it was present. */
  delete(id: string): boolean {
    const slot = this.ids.slot(id);
    if (slot === undefined || !slot.in1) return false;
    this.ages.unlink(slot);
    this.ids.release(slot);
    return true;
  }

  private append(slot: Slot): void {
    this.ages.append(slot);
    if (this.ages.size <= this.capacity) return;
    const oldest = this.ages.oldest!;
    this.ages.unlink(oldest);
    this.ids.release(oldest);
    this.onEvict(oldest.id);
  }
}
