/**
 * The message part of one UFO server log record → fleet events. Knows both the current server's
 * messages and the older documented ones (docs/ufo-server.md); the record framing (Python format, JSON lines)
 * is the parser's job.
 *
 * Quirks of the real server handled here, so the fleet state sees each fact once:
 * - A session cancelled by a disconnect is logged `🛑 Cancelling session` / `was cancelled` and then
 *   `completed with status TaskStatus.FAILED`. The FIRST finish line of a session wins and later ones
 *   are dropped here (deduplicated in the parser, not left to the fleet state): cancelled, with the
 *   reason.
 * - `❌ Error in session` / `⚠️ ended with error` make the session `failed`, but the finish event is
 *   held back until that session's `completed with status` line (or the end of the data read so far,
 *   `flushPending`), so an `⏱️ execution took` written between the two still reaches the fleet state
 *   before the finish and the server's own duration is the one observed.
 * - `[WS] {id} disconnected - code=…` is followed by a plain `[WS] {id} disconnected`: one disconnect,
 *   with the code's reason. A plain line with no coded line before it (error path) is a disconnect
 *   with reason `unknown`.
 * - `cancelling N active session(s)`: N is stale and ignored; the per-session lines count.
 * - A rejected registration is followed by `[WS] Error with client None: …`; that line is not a second
 *   rejection. One that arrives with no specific rejection before it is `registration_error`.
 */
import type { FleetEvent, SessionStatus } from '../../events';
import { disconnectReason } from './close-codes';
import { RecentSet } from './recent-set';

/** How many finished sessions / pending disconnects the parser remembers (memory bound). */
const REMEMBERED_SESSIONS = 50_000;
const REMEMBERED_DISCONNECTS = 10_000;
/** Specific rejections still waiting for their `Error with client None` line. */
const MAX_PENDING_REJECTIONS = 1_000;
/** Failures waiting for their `completed with status` line. */
const MAX_PENDING_FAILURES = 10_000;

const WS = '[WS] ';
const SESSION_MANAGER = '[SessionManager] ';
const LEGACY_SESSION = '[Session] ';
const CREATED_NEW = 'Created new ';

/** `[WS]` messages; the emoji before them is optional. */
const CONNECTED = /^(?:\S+ )?(Device|Constellation) client (\S+) connected(?: - Platform: ([^,\s]+))?/;
const LEGACY_REGISTERED = /^(?:\S+ )?Registered (device|constellation) client: (\S+)$/;
const LEGACY_REMOVED = /^(?:\S+ )?Removed client: (\S+)$/;
const CODED_DISCONNECT = /^(\S+) disconnected - code=(\d+)/;
const PLAIN_DISCONNECT = /^(\S+) disconnected$/;
const CREATED_SESSION = /^Created new (\S+) session: (\S+) \(type: [^,)]*(?:, owner: '([^']*)')?\)/;
const LEGACY_CREATED = /^Created session (\S+)/;
const LEGACY_FINISHED = /^Task (completed|failed|cancelled): (\S+?)(?: \(reason: ([^)]*)\))?$/;
/** `[SessionManager]` messages after their emoji: `Session {sid} …`, `Cancelling session {sid} …`, `Error in session {sid}: …`. */
const SM_SESSION = /^Session (\S+) (execution took ([0-9.]+)s|completed with status TaskStatus\.([A-Z]+)|was cancelled \(reason: ([^)]*)\)|ended with error)/;
const SM_CANCELLING = /^Cancelling session (\S+) \(reason: ([^)]*)\)/;
const SM_ERROR_IN = /^Error in session ([^\s:]+):/;

const LABEL_SAFE = /^[a-z0-9_.-]{1,32}$/;
/** Reasons and platforms become label values: keep them short and tame, else `unknown`. */
function labelValue(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const lower = raw.toLowerCase();
  return LABEL_SAFE.test(lower) ? lower : 'unknown';
}

const TASK_STATUS: ReadonlyMap<string, SessionStatus> = new Map([
  ['COMPLETED', 'completed'],
  ['FAILED', 'failed'],
  ['CANCELLED', 'cancelled'],
]);

/** Strips a leading emoji token (`📱 `, `⏱️ `) if there is one: everything up to the first space. */
function afterEmoji(text: string): string {
  if (text.charCodeAt(0) < 128) return text;
  const space = text.indexOf(' ');
  return space < 0 ? text : text.slice(space + 1);
}

export type EmitEvent = (event: FleetEvent) => void;

export class MessageInterpreter {
  private readonly finishedSessions = new RecentSet(REMEMBERED_SESSIONS);
  private readonly codedDisconnects = new RecentSet(REMEMBERED_DISCONNECTS);
  private pendingRejections = 0;
  /** Session id → time of its error line, until the finish is emitted. */
  private readonly pendingFailures = new Map<string, number>();

  /** Interprets one record's message; calls `emit` for each fact in it. */
  interpret(message: string, at: number, emit: EmitEvent): void {
    if (message.startsWith(WS)) this.webSocket(message.slice(WS.length), at, emit);
    else if (message.startsWith(SESSION_MANAGER)) this.sessionManager(afterEmoji(message.slice(SESSION_MANAGER.length)), at, emit);
    else if (message.startsWith(CREATED_NEW)) this.created(message, at, emit);
    else if (message.startsWith(LEGACY_SESSION)) this.legacySession(message.slice(LEGACY_SESSION.length), at, emit);
  }

  private webSocket(rest: string, at: number, emit: EmitEvent): void {
    if (rest.endsWith(' disconnected') || rest.includes(' disconnected - code=')) return this.disconnected(rest, at, emit);
    if (rest.includes('duplicate client_id rejected')) return this.rejected('duplicate_client_id', at, emit);
    if (rest.startsWith('Constellation registration failed')) return this.rejected('constellation_registration_failed', at, emit);
    if (rest.startsWith('Error with client None')) {
      if (this.pendingRejections > 0) this.pendingRejections--;
      else emit({ source: 'log', at, type: 'registration_rejected', reason: 'registration_error' });
      return;
    }
    if (rest.includes(' client ')) {
      const m = CONNECTED.exec(rest);
      if (m) {
        // A new connection: a plain disconnect line still awaited for the old one will not come.
        this.codedDisconnects.take(m[2]!);
        const platform = labelValue(m[3]);
        emit({
          source: 'log',
          at,
          type: 'client_connected',
          clientId: m[2]!,
          clientType: m[1] === 'Device' ? 'device' : 'constellation',
          ...(platform === undefined ? {} : { platform }),
        });
        return;
      }
    }
    if (rest.includes('Registered ')) {
      const m = LEGACY_REGISTERED.exec(rest);
      if (m) emit({ source: 'log', at, type: 'client_connected', clientId: m[2]!, clientType: m[1] === 'device' ? 'device' : 'constellation' });
      return;
    }
    if (rest.includes('Removed client: ')) {
      const m = LEGACY_REMOVED.exec(rest);
      if (m) emit({ source: 'log', at, type: 'client_disconnected', clientId: m[1]!, reason: 'unknown' });
    }
  }

  private disconnected(rest: string, at: number, emit: EmitEvent): void {
    const coded = CODED_DISCONNECT.exec(rest);
    if (coded) {
      const clientId = coded[1]!;
      if (clientId === 'None') return; // a registration that never completed: no client to disconnect
      this.codedDisconnects.add(clientId);
      emit({ source: 'log', at, type: 'client_disconnected', clientId, reason: disconnectReason(Number(coded[2])) });
      return;
    }
    const plain = PLAIN_DISCONNECT.exec(rest);
    if (!plain) return;
    const clientId = plain[1]!;
    if (clientId === 'None' || this.codedDisconnects.take(clientId)) return;
    emit({ source: 'log', at, type: 'client_disconnected', clientId, reason: 'unknown' });
  }

  private rejected(reason: string, at: number, emit: EmitEvent): void {
    if (this.pendingRejections < MAX_PENDING_REJECTIONS) this.pendingRejections++;
    emit({ source: 'log', at, type: 'registration_rejected', reason });
  }

  private created(message: string, at: number, emit: EmitEvent): void {
    const m = CREATED_SESSION.exec(message);
    if (!m) return;
    const platform = labelValue(m[1]);
    emit({
      source: 'log',
      at,
      type: 'session_started',
      sessionId: m[2]!,
      ...(m[3] === undefined || m[3] === '' ? {} : { clientId: m[3] }),
      ...(platform === undefined ? {} : { platform }),
    });
  }

  private sessionManager(rest: string, at: number, emit: EmitEvent): void {
    const m = SM_SESSION.exec(rest);
    if (m) {
      const sessionId = m[1]!;
      if (m[3] !== undefined) {
        const seconds = Number(m[3]);
        if (Number.isFinite(seconds)) emit({ source: 'log', at, type: 'session_duration', sessionId, seconds });
      } else if (m[4] !== undefined) {
        const status = TASK_STATUS.get(m[4]);
        if (status) this.finished(sessionId, status, 'none', at, emit);
      } else if (m[5] !== undefined) {
        this.finished(sessionId, 'cancelled', m[5], at, emit);
      } else {
        this.failed(sessionId, at, emit);
      }
      return;
    }
    const cancelling = SM_CANCELLING.exec(rest);
    if (cancelling) return this.finished(cancelling[1]!, 'cancelled', cancelling[2]!, at, emit);
    const error = SM_ERROR_IN.exec(rest);
    if (error) this.failed(error[1]!, at, emit);
  }

  /** An error line: the session failed; its finish is emitted with the next finish line or at `flushPending`. */
  private failed(sessionId: string, at: number, emit: EmitEvent): void {
    if (this.finishedSessions.has(sessionId) || this.pendingFailures.has(sessionId)) return;
    this.pendingFailures.set(sessionId, at);
    if (this.pendingFailures.size > MAX_PENDING_FAILURES) {
      const oldest = this.pendingFailures.keys().next();
      if (!oldest.done) this.finished(oldest.value, 'failed', 'none', at, emit);
    }
  }

  /** Emits the finish of every failure still waiting for its `completed with status` line. */
  flushPending(emit: EmitEvent): void {
    if (this.pendingFailures.size === 0) return;
    for (const sessionId of [...this.pendingFailures.keys()]) this.finished(sessionId, 'failed', 'none', 0, emit);
  }

  private legacySession(rest: string, at: number, emit: EmitEvent): void {
    const created = LEGACY_CREATED.exec(rest);
    if (created) {
      emit({ source: 'log', at, type: 'session_started', sessionId: created[1]! });
      return;
    }
    const m = LEGACY_FINISHED.exec(rest);
    if (m) this.finished(m[2]!, m[1] as SessionStatus, m[3] ?? 'none', at, emit);
  }

  /** The first finish of a session wins; later ones are the server's duplicates. */
  private finished(sessionId: string, status: SessionStatus, rawReason: string, at: number, emit: EmitEvent): void {
    if (this.finishedSessions.has(sessionId)) return;
    this.finishedSessions.add(sessionId);
    const failedAt = this.pendingFailures.get(sessionId);
    if (failedAt !== undefined) {
      // The error line came first, so the session failed then, whatever the later line says.
      this.pendingFailures.delete(sessionId);
      emit({ source: 'log', at: failedAt, type: 'session_finished', sessionId, status: 'failed', reason: 'none' });
      return;
    }
    const reason = status === 'cancelled' ? (labelValue(rawReason) ?? 'unknown') : 'none';
    emit({ source: 'log', at, type: 'session_finished', sessionId, status, reason });
  }
}
