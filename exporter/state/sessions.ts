/**
 * Sessions: what runs now, what finished, and how long it took.
 *
 * - A run finishes once: the first finish wins. (The real server logs "was cancelled (reason)"
 *   and then "completed with status FAILED" for the same session; that counts once, as cancelled.)
 * - Session ids are reused (a constellation rerunning a task gets the same id): a start of an id
 *   whose last run finished is a new run, counted like any other; a start of a running id is not.
 * - A session runs on a device (`deviceId`): the owner when it is a device, else the target device
 *   the source named or the device part of the `task@device` owner id. That device is busy.
 * - A finish for a session never seen starting still counts: the exporter may start mid-session.
 * - Duration: the server's own "execution took", else the event's durationSeconds, else
 *   finished − started when the start was seen; otherwise no observation.
 * - Memory stays bounded: finished ids (for dedupe) and early durations live in LRUs; sessions whose
 *   owner disconnected without a finish are forgotten after a grace period; the active set is capped.
 */
import { SESSION_DURATION_BUCKETS, type ExporterBound } from '../catalogue';
import type { ClientType, SessionFinished, SessionStatus } from '../events';
import { UNKNOWN } from '../events';
import { LruMap, LruSet } from './bounded';
import { OldestFirstMap } from './oldest-first-map';
import type { SessionReads } from './fleet-view';
import { LabelledCounter, LabelledHistogram } from './series';
import { CellsBy2 } from './series-cells';

export interface ActiveSession {
  readonly sessionId: string;
  /** Unix seconds. */
  readonly startedAt: number;
  readonly ownerId?: string;
  /** The owner's client type, or `unknown` when no owner was reported. */
  readonly ownerType: ClientType | typeof UNKNOWN;
  /** The device the session runs on, when known. */
  readonly deviceId?: string;
  readonly platform?: string;
}

/**
 * A running session as the tracker keeps it: a class whose fields are all set in the constructor, so every
 * record has one shape from the start (an object literal given `serverSeconds` later changed shape per
 * session, and the code reading records saw several shapes).
 */
class ActiveSessionRecord implements ActiveSession {
  /** The server's own execution time, when its "execution took" came before the finish. */
  serverSeconds: number | undefined = undefined;
  /** Set when the owner disconnected while the session was still running. */
  orphanedAt: number | undefined = undefined;

  constructor(
    readonly sessionId: string,
    readonly startedAt: number,
    readonly ownerId: string | undefined,
    readonly ownerType: ClientType | typeof UNKNOWN,
    readonly deviceId: string | undefined,
    readonly platform: string | undefined,
  ) {}
}

export interface SessionOutcome {
  readonly sessionId: string;
  readonly status: SessionStatus;
  readonly reason: string;
  readonly durationSeconds?: number;
  readonly ownerId?: string;
  readonly at: number;
}

export interface SessionTrackerOptions {
  /** Finished ids remembered to ignore repeated finishes. */
  readonly finishedMemory: number;
  /** Running sessions tracked at most; past it the oldest are forgotten. */
  readonly maxActive: number;
  /** Seconds an orphaned session (owner gone, no finish seen) stays active before it is forgotten. */
  readonly orphanGraceSeconds: number;
  readonly onFinished: (outcome: SessionOutcome) => void;
  /** Called for every session start counted (not for repeated starts). */
  readonly onStarted: (session: ActiveSession) => void;
  /** Counts a session forgotten over `maxActive` (`sessions_active`) or an id evicted from the finished memory (`session_memory`). */
  readonly onOverflow: (bound: ExporterBound) => void;
  /** The state's clock, Unix seconds (orphan sweeps, the oldest session's age). */
  readonly now: () => number;
}

/** A client with no running session whose key is kept (see SessionIndex). */
const IDLE = 0;

/**
 * Running session ids by a client id (owner or device): kept in step with the active set. A client
 * mostly runs one session at a time, so its entry is that id until a second one runs (then a set): a
 * session's start and finish make no set and no set operations. A client whose last session finished
 * keeps its key (IDLE) for its next session: deleting and re-adding a key per session made V8 rebuild
 * a small map's table every few sessions. Idle keys are swept once they outnumber the others (and 64),
 * so the map holds at most twice the clients running sessions, plus 64.
 */
export class SessionIndex {
  private readonly ids = new Map<string, string | Set<string> | typeof IDLE>();
  private idle = 0;

  add(clientId: string | undefined, sessionId: string): void {
    if (clientId === undefined) return;
    const entry = this.ids.get(clientId);
    if (entry === IDLE) {
      this.idle--;
      this.ids.set(clientId, sessionId);
    } else if (entry === undefined) this.ids.set(clientId, sessionId);
    else if (typeof entry !== 'string') entry.add(sessionId);
    else if (entry !== sessionId) this.ids.set(clientId, new Set([entry, sessionId]));
  }

  remove(clientId: string | undefined, sessionId: string): void {
    if (clientId === undefined) return;
    const entry = this.ids.get(clientId);
    if (entry === sessionId) this.becameIdle(clientId);
    else if (typeof entry === 'object') {
      entry.delete(sessionId);
      if (entry.size === 0) this.becameIdle(clientId);
    }
  }

  of(clientId: string): Iterable<string> {
    const entry = this.ids.get(clientId);
    return entry === undefined || entry === IDLE ? EMPTY : typeof entry === 'string' ? [entry] : entry;
  }

  count(clientId: string): number {
    const entry = this.ids.get(clientId);
    return entry === undefined || entry === IDLE ? 0 : typeof entry === 'string' ? 1 : entry.size;
  }

  /** Client ids held, idle ones included (at most twice those running sessions, plus 64). */
  get keys(): number {
    return this.ids.size;
  }

  private becameIdle(clientId: string): void {
    this.ids.set(clientId, IDLE);
    if (++this.idle <= 64 || this.idle * 2 <= this.ids.size) return;
    for (const [id, entry] of this.ids) if (entry === IDLE) this.ids.delete(id);
    this.idle = 0;
  }
}
const EMPTY: readonly string[] = [];

export interface SessionStart {
  readonly sessionId: string;
  readonly at: number;
  readonly ownerId?: string;
  readonly ownerType?: ClientType;
  readonly deviceId?: string;
  readonly platform?: string;
}

export class SessionTracker implements SessionReads {
  private readonly active = new OldestFirstMap<string, ActiveSessionRecord>();
  private readonly byOwner = new SessionIndex();
  private readonly byDevice = new SessionIndex();
  private readonly finishedIds: LruSet<string>;
  /** "execution took" seen for sessions that are not active (started before the exporter). */
  private readonly earlyDurations: LruMap<string, number>;
  started = 0;
  /** Active sessions forgotten without a finish (orphaned past the grace period, or over the cap). */
  forgotten = 0;
  readonly finished = new LabelledCounter(['status', 'reason'] as const);
  /** `finished` by status → reason: a finish builds no series key. */
  private readonly finishedCells = new CellsBy2(this.finished, (status: SessionStatus, reason: string) => ({ status, reason }));
  readonly durations = new LabelledHistogram(['status'] as const, SESSION_DURATION_BUCKETS);
  /** Bumped on every change of any of the above. */
  version = 0;
  private lastSweep = -Infinity;

  constructor(private readonly opts: SessionTrackerOptions) {
    this.finishedIds = new LruSet(opts.finishedMemory, () => opts.onOverflow('session_memory'));
    this.earlyDurations = new LruMap(opts.finishedMemory);
  }

  start({ sessionId, at, ownerId, ownerType, deviceId, platform }: SessionStart): void {
    if (this.active.has(sessionId)) return;
    // A finished id starting again is the next run of a reused id.
    this.finishedIds.delete(sessionId);
    const record = new ActiveSessionRecord(sessionId, at, ownerId, ownerType ?? UNKNOWN, deviceId, platform);
    const early = this.earlyDurations.size === 0 ? undefined : this.earlyDurations.get(sessionId);
    if (early !== undefined) {
      record.serverSeconds = early;
      this.earlyDurations.delete(sessionId); // an active session keeps its duration in its record
    }
    this.active.set(sessionId, record);
    this.byOwner.add(ownerId, sessionId);
    this.byDevice.add(deviceId, sessionId);
    this.started++;
    this.version++;
    this.opts.onStarted(record);
    while (this.active.size > this.opts.maxActive) {
      const oldest = this.active.oldestKey();
      if (oldest === undefined) break;
      this.forget(oldest);
      this.opts.onOverflow('sessions_active');
    }
  }

  /** The server's own execution time; kept until the finish arrives. */
  recordDuration(sessionId: string, seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    // An active id is never among the finished ones: start takes it out of them, finish puts it in and ends the run in one call.
    const record = this.active.get(sessionId);
    if (record) record.serverSeconds = seconds;
    else if (!this.finishedIds.has(sessionId)) this.earlyDurations.set(sessionId, seconds);
  }

  finish(event: SessionFinished): void {
    const { sessionId, status, at } = event;
    if (!this.finishedIds.addIfAbsent(sessionId)) return;
    const record = this.active.get(sessionId);
    // Only a session that was not active can have an early duration (start moves it into the record).
    let serverSeconds = record?.serverSeconds;
    if (record === undefined && this.earlyDurations.size > 0) {
      serverSeconds = this.earlyDurations.get(sessionId);
      if (serverSeconds !== undefined) this.earlyDurations.delete(sessionId);
    }
    const measured = serverSeconds ?? event.durationSeconds ?? (record ? at - record.startedAt : undefined);
    const durationSeconds = measured === undefined || !Number.isFinite(measured) ? undefined : Math.max(0, measured);
    if (record) this.remove(sessionId, record);
    const reason = event.reason || 'none';
    this.finishedCells.get(status, reason).value++;
    if (durationSeconds !== undefined) this.durations.observe({ status }, durationSeconds);
    this.version++;
    this.opts.onFinished({ sessionId, status, reason, durationSeconds, ownerId: record?.ownerId, at });
  }

  /** The owner or the device left: its running sessions are orphaned (the server cancels them; the log says so). */
  clientDisconnected(clientId: string, at: number): void {
    for (const index of [this.byOwner, this.byDevice])
      for (const id of index.of(clientId)) {
        const record = this.active.get(id);
        if (record && record.orphanedAt === undefined) record.orphanedAt = at;
      }
  }

  /** Forgets orphaned sessions whose finish never came, at most once a second (no timers: called on reads and every 64th apply). */
  sweepOccasionally(): void {
    const now = this.opts.now();
    if (now - this.lastSweep < 1) return;
    this.lastSweep = now;
    for (const [id, record] of this.active)
      if (record.orphanedAt !== undefined && now - record.orphanedAt > this.opts.orphanGraceSeconds) this.forget(id);
  }

  running(): ActiveSession[] {
    this.sweepOccasionally();
    return [...this.active.values()].map(({ sessionId, startedAt, ownerId, ownerType, deviceId, platform }) => ({
      sessionId,
      startedAt,
      ownerId,
      ownerType,
      deviceId,
      platform,
    }));
  }

  /** Number of running sessions on a device (whichever client started them). */
  runningOn(deviceId: string): number {
    return this.byDevice.count(deviceId);
  }

  activeByOwnerType(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.active.values()) counts.set(r.ownerType, (counts.get(r.ownerType) ?? 0) + 1);
    return counts;
  }

  oldestActiveAge(now: number = this.opts.now()): number {
    let oldest: number | undefined;
    for (const r of this.active.values()) if (oldest === undefined || r.startedAt < oldest) oldest = r.startedAt;
    return oldest === undefined ? 0 : Math.max(0, now - oldest);
  }

  private forget(sessionId: string): void {
    const record = this.active.get(sessionId);
    if (!record) return;
    this.remove(sessionId, record);
    this.forgotten++;
    this.version++;
  }

  private remove(sessionId: string, record: ActiveSessionRecord): void {
    this.active.delete(sessionId);
    this.byOwner.remove(record.ownerId, sessionId);
    this.byDevice.remove(record.deviceId, sessionId);
  }
}
