/**
 * Session lines of the UFO server log → `session_started` / `session_duration` / `session_finished`.
 *
 * What the real server does that this module accounts for (docs/ufo-server.md, "seen live"):
 * - A constellation's session runs on another client: `[WS] 🎯 Prepared task: session_id={sid}, …,
 *   target_device={device}` comes before the session starts; the started event names that device, so
 *   the device (not the constellation) is the one that is busy. A device's own task logs
 *   `target_device=None`: it runs on its owner.
 * - Session ids are reused (a constellation that reruns a task gets the same id). A run starts at
 *   its `Created new … session` or, for a reused id the server does not create again, its
 *   `🚀 Started background task {sid}`; each start after a finish is a new run. Within one run the
 *   first finish line wins (`🛑 Cancelling` / `was cancelled` / `completed with status FAILED` are
 *   one cancellation).
 * - `❌ Error in session` / `⚠️ ended with error` make the run `failed`, but its finish is held until
 *   the run's `completed with status` line (or the end of the data read so far, `flushPending`), so an
 *   `⏱️ execution took` written between the two reaches the fleet state before the finish.
 */
import type { FleetEvent, SessionStarted, SessionStatus } from '../../events';
import { LruMap } from '../../state/bounded';
import { OldestFirstMap } from '../../state/oldest-first-map';
import { backgroundLine, createdLine, preparedLine, sessionLine } from './fast-lines';
import { detached } from './ids';
import { rememberLast } from './remember-last';
import { SessionBytesKind, type SessionBytes } from './session-bytes';
import { utf8 } from './byte-scan';

/**
 * Where the parser's parts send their events: the parser itself, one object whose `emit` method every
 * parser shares. (A closure per parser would be another call target for the optimised code each time
 * another parser starts — another server's pipeline — and V8 would throw that code away.)
 */
export interface EventOut {
  emit(event: FleetEvent): void;
}

/** Session ids remembered (their run's phase, owner, platform and target device): the memory bound. */
const REMEMBERED_SESSIONS = 50_000;
/** Failures waiting for their `completed with status` line. */
const MAX_PENDING_FAILURES = 10_000;
/** Longest id whose character codes are kept for the byte lines' compare (a UUID has 36); a longer one is decoded and looked up. */
const KEPT_ID_CODES = 64;

const LABEL_SAFE = /^[a-z0-9_.-]{1,32}$/;
/** A reason or platform as a label value: short and tame, else `unknown`. */
const safeLabel = rememberLast((raw) => {
  const lower = raw.toLowerCase();
  return LABEL_SAFE.test(lower) ? lower : 'unknown';
});

/** Reasons and platforms become label values: keep them short and tame, else `unknown`. */
export function labelValue(raw: string | undefined): string | undefined {
  return raw === undefined ? undefined : safeLabel(raw);
}

const TASK_STATUS: ReadonlyMap<string, SessionStatus> = new Map([
  ['COMPLETED', 'completed'],
  ['FAILED', 'failed'],
  ['CANCELLED', 'cancelled'],
]);

// `Created new … session` and `[WS] 🎯 Prepared task: …` are read in fast-lines.ts; a Prepared `None` (a device's own task) names no device.

const LEGACY_CREATED = /^Created session (\S+)/;
const LEGACY_FINISHED = /^Task (completed|failed|cancelled): (\S+?)(?: \(reason: ([^)]*)\))?$/;
/** `[SessionManager]` messages after their emoji (`Session <id> …`, `Started background task <id>`: fast-lines.ts). */
const SM_CANCELLING = /^Cancelling session (\S+) \(reason: ([^)]*)\)/;
const SM_ERROR_IN = /^Error in session ([^\s:]+):/;

/** Where a session id's current run is. */
const Phase = {
  /** Named (`Prepared task`, `Created new`) but not started yet. */
  Seen: 0,
  /** Started and not finished. */
  Running: 1,
  /** Finished: later finish lines are this run's duplicates; a start begins the next run. */
  Finished: 2,
} as const;
type Phase = (typeof Phase)[keyof typeof Phase];

/** What one session id's earlier lines said about it. */
interface SessionFacts {
  /** The session id, detached from the line it was read from (ids.ts): it is the map's key and goes into the events. */
  readonly id: string;
  phase: Phase;
  owner?: string;
  platform?: string;
  /** From the run's `Prepared task` line; cleared when the run starts. */
  device?: string;
}

export class SessionRuns {
  /**
   * One entry per session id, so a line costs one lookup. Oldest first: an entry is created at the
   * id's first line and moved to the newest end when a run starts; past the bound the oldest id is
   * forgotten (a finish line of a forgotten id still counts, as for a session that started before us).
   */
  private readonly sessions: LruMap<string, SessionFacts>;
  /** Session id → time of its error line, until the finish is emitted. */
  private readonly pendingFailures = new OldestFirstMap<string, number>();
  /**
   * The entry the last session line looked up or made. Always in the map: every add sets it to the added
   * (newest) entry, and entries leave the map only by eviction of the oldest at an add. A byte line
   * naming the same id (`Started background task` after `Created new`, `execution took`, `completed`)
   * uses it without a string or a lookup.
   */
  private last: SessionFacts | undefined;
  /**
   * `lastIdOf.id`'s character codes, `lastIdLength` of them (-1 when a code is over 255 or the id is longer than
   * KEPT_ID_CODES: no line's bytes equal it). A byte line compares its id with these bytes rather than with the
   * string: a string's characters read one by one in a loop cost 2–3× a typed array's (the id is a sliced string).
   * Written once per `last`, read by the next lines naming it (a session's `Started background task`, `took`, `completed`).
   */
  private readonly lastIdCodes = new Uint8Array(KEPT_ID_CODES);
  private lastIdLength = -1;
  private lastIdOf: SessionFacts | undefined;

  constructor(remembered = REMEMBERED_SESSIONS) {
    this.sessions = new LruMap(remembered);
  }

  /** `Prepared task: …` (the `[WS]` message after its emoji). */
  prepared(rest: string): void {
    const line = preparedLine(rest);
    if (!line) return;
    const device = line.device.trim();
    if (device === '' || device === 'None') return;
    this.factsOf(line.sessionId).device = detached(device);
  }

  /** `Created new {platform} session: {sid} (type: …, owner: '{client}')`. */
  created(message: string, at: number, out: EventOut): void {
    const line = createdLine(message);
    if (!line) return;
    const facts = this.factsOf(line.sessionId);
    if (line.owner) facts.owner = detached(line.owner);
    facts.platform = labelValue(line.platform);
    this.start(facts.id, at, out, facts);
  }

  /** A `[SessionManager]` message, after its emoji. */
  sessionManager(rest: string, at: number, out: EventOut): void {
    const line = sessionLine(rest);
    if (line) {
      const sessionId = line.sessionId;
      if (line.kind === 'took') {
        const seconds = Number(line.seconds);
        if (Number.isFinite(seconds)) out.emit({ source: 'log', at, type: 'session_duration', sessionId, seconds });
      } else if (line.kind === 'status') {
        const status = TASK_STATUS.get(line.status);
        if (status) this.finished(sessionId, status, 'none', at, out);
      } else if (line.kind === 'cancelled') {
        this.finished(sessionId, 'cancelled', line.reason, at, out);
      } else {
        this.failed(sessionId, at, out);
      }
      return;
    }
    const background = backgroundLine(rest);
    if (background !== undefined) return this.start(background, at, out);
    const cancelling = SM_CANCELLING.exec(rest);
    if (cancelling) return this.finished(cancelling[1]!, 'cancelled', cancelling[2]!, at, out);
    const error = SM_ERROR_IN.exec(rest);
    if (error) this.failed(error[1]!, at, out);
  }

  /**
   * A `[SessionManager]` message `reader` took from `bytes` (session-bytes.ts): what `sessionManager`
   * does with its text. The id is decoded only when it is not the previous session line's.
   */
  sessionManagerBytes(reader: SessionBytes, bytes: Buffer, at: number, out: EventOut): void {
    const known = this.lastNamedBy(reader, bytes);
    const sessionId = known === undefined ? utf8(bytes, reader.idStart, reader.idEnd) : known.id;
    if (reader.kind === SessionBytesKind.Took) out.emit({ source: 'log', at, type: 'session_duration', sessionId, seconds: reader.seconds });
    else if (reader.kind === SessionBytesKind.Status) this.finished(sessionId, reader.status, 'none', at, out, known);
    else this.start(sessionId, at, out, known);
  }

  /** The older format's `[Session] …` messages. */
  legacySession(rest: string, at: number, out: EventOut): void {
    const created = LEGACY_CREATED.exec(rest);
    if (created) return this.start(created[1]!, at, out);
    const m = LEGACY_FINISHED.exec(rest);
    if (m) this.finished(m[2]!, m[1] as SessionStatus, m[3] ?? 'none', at, out);
  }

  /** Emits the finish of every failure still waiting for its `completed with status` line. */
  flushPending(out: EventOut): void {
    if (this.pendingFailures.size === 0) return;
    for (const sessionId of [...this.pendingFailures.keys()]) this.finished(sessionId, 'failed', 'none', 0, out);
  }

  /** A run starts, unless this one already did (`Created new` and `Started background task` of one run). */
  private start(lineSessionId: string, at: number, out: EventOut, known?: SessionFacts): void {
    const facts = known ?? this.factsOf(lineSessionId);
    if (facts.phase === Phase.Running) return;
    const sessionId = facts.id;
    // A rerun of a remembered id is recent again (a new id was just added at the newest end).
    if (facts.phase === Phase.Finished) this.sessions.touch(sessionId);
    facts.phase = Phase.Running;
    const deviceId = facts.device;
    facts.device = undefined; // a rerun names its device again in its own Prepared line
    // One literal with every field, unknown ones undefined: one shape whose map V8 keeps (docs/performance.md, "One shape per literal").
    const event: SessionStarted = { source: 'log', at, type: 'session_started', sessionId, clientId: facts.owner, deviceId, platform: facts.platform };
    out.emit(event);
  }

  /** An error line: the run failed; its finish is emitted with the next finish line or at `flushPending`. */
  private failed(sessionId: string, at: number, out: EventOut): void {
    if (this.sessions.get(sessionId)?.phase === Phase.Finished || this.pendingFailures.has(sessionId)) return;
    this.pendingFailures.set(detached(sessionId), at);
    if (this.pendingFailures.size > MAX_PENDING_FAILURES) {
      const oldest = this.pendingFailures.oldestKey();
      if (oldest !== undefined) this.finished(oldest, 'failed', 'none', at, out);
    }
  }

  /** The first finish of a run wins; later ones are the server's duplicates. */
  private finished(lineSessionId: string, status: SessionStatus, rawReason: string, at: number, out: EventOut, known?: SessionFacts): void {
    let facts = known ?? this.sessions.get(lineSessionId);
    if (facts === undefined) {
      facts = { id: detached(lineSessionId), phase: Phase.Finished };
      this.sessions.set(facts.id, facts);
      this.last = facts; // the newest entry (see `last`)
    } else if (facts.phase === Phase.Finished) return;
    else facts.phase = Phase.Finished;
    const sessionId = facts.id;
    const failedAt = this.pendingFailures.get(sessionId);
    if (failedAt !== undefined) {
      // The error line came first, so the run failed then, whatever the later line says.
      this.pendingFailures.delete(sessionId);
      out.emit({ source: 'log', at: failedAt, type: 'session_finished', sessionId, status: 'failed', reason: 'none' });
      return;
    }
    const reason = status === 'cancelled' ? (labelValue(rawReason) ?? 'unknown') : 'none';
    out.emit({ source: 'log', at, type: 'session_finished', sessionId, status, reason });
  }

  private factsOf(sessionId: string): SessionFacts {
    let facts = this.sessions.get(sessionId);
    if (!facts) {
      facts = { id: detached(sessionId), phase: Phase.Seen };
      this.sessions.set(facts.id, facts);
    }
    return (this.last = facts);
  }

  /** `last` when the id `reader` just read is its id, character for character (compared on the kept codes). */
  private lastNamedBy(reader: SessionBytes, bytes: Buffer): SessionFacts | undefined {
    const last = this.last;
    if (last === undefined) return undefined;
    if (this.lastIdOf !== last) this.keepIdCodes(last);
    return reader.idIsCodes(bytes, this.lastIdCodes, this.lastIdLength) ? last : undefined;
  }

  private keepIdCodes(facts: SessionFacts): void {
    this.lastIdOf = facts;
    this.lastIdLength = -1;
    const id = facts.id;
    if (id.length > KEPT_ID_CODES) return;
    for (let i = 0; i < id.length; i++) {
      const code = id.charCodeAt(i);
      if (code > 255) return;
      this.lastIdCodes[i] = code;
    }
    this.lastIdLength = id.length;
  }
}
