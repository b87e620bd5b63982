/**
 * The message part of one UFO server log record → fleet events. Knows both the current server's
 * messages and the older documented ones (docs/ufo-server.md); the record framing (Python format, JSON lines)
 * is the parser's job.
 *
 * Quirks of the real server handled here, so the fleet state sees each fact once (session lines —
 * reused ids, the device a constellation's session runs on, duplicate finish lines — in
 * session-runs.ts):
 * - `[WS] {id} disconnected - code=…` is followed by a plain `[WS] {id} disconnected`: one disconnect,
 *   with the code's reason. A plain line with no coded line before it (error path) is a disconnect
 *   with reason `unknown`. Client ids may hold spaces: an id is everything before ` connected` /
 *   ` disconnected`.
 * - `cancelling N active session(s)`: N is stale and ignored; the per-session lines count.
 * - A rejected registration is followed by `[WS] Error with client None: …`; that line is not a second
 *   rejection. One that arrives with no specific rejection before it is `registration_error`.
 */
import { disconnectReason } from './close-codes';
import { LruSet } from '../../state/bounded';
import { detached } from './ids';
import { SessionRuns, labelValue, type EventOut } from './session-runs';
import { SessionBytes, SessionBytesKind } from './session-bytes';
import { utf8 } from './byte-scan';

/** How many pending disconnects the parser remembers (memory bound). */
const REMEMBERED_DISCONNECTS = 10_000;
/** Specific rejections still waiting for their `Error with client None` line. */
const MAX_PENDING_REJECTIONS = 1_000;

const WS = '[WS] ';
const SESSION_MANAGER = '[SessionManager] ';
const LEGACY_SESSION = '[Session] ';
const CREATED_NEW = 'Created new ';
const PREPARED_TASK = 'Prepared task: ';

/** `[WS]` messages; the emoji before them is optional. Ids may hold spaces (not a leading emoji's). */
const CONNECTED = /^(?:[^\x00-\x7f]\S* )?(Device|Constellation) client (.+?) connected(?: - Platform: ([^,\s]+))?(?=[, ]|$)/;
/** A message that starts with an emoji (`📱 Device {id} disconnected, …`) is the server's notice, never `{id} disconnected`. */
const SERVER_NOTICE = /^[^\x00-\x7f]/;
const LEGACY_REGISTERED = /^(?:\S+ )?Registered (device|constellation) client: (.+)$/;
const LEGACY_REMOVED = /^(?:\S+ )?Removed client: (.+)$/;
const CODED_DISCONNECT = /^(.+?) disconnected - code=(\d+)/;
const PLAIN_DISCONNECT = /^(.+) disconnected$/;

/** Strips a leading emoji token (`📱 `, `⏱️ `) if there is one: everything up to the first space. */
function afterEmoji(text: string): string {
  if (text.charCodeAt(0) < 128) return text;
  const space = text.indexOf(' ');
  return space < 0 ? text : text.slice(space + 1);
}

export class MessageInterpreter {
  private readonly sessions = new SessionRuns();
  private readonly sessionBytes = new SessionBytes();
  private readonly codedDisconnects = new LruSet<string>(REMEMBERED_DISCONNECTS);
  private pendingRejections = 0;

  /** Interprets one record's message; calls `out.emit` for each fact in it. */
  interpret(message: string, at: number, out: EventOut): void {
    if (message.startsWith(WS)) this.webSocket(message.slice(WS.length), at, out);
    else if (message.startsWith(SESSION_MANAGER)) this.sessions.sessionManager(afterEmoji(message.slice(SESSION_MANAGER.length)), at, out);
    else if (message.startsWith(CREATED_NEW)) this.sessions.created(message, at, out);
    else if (message.startsWith(LEGACY_SESSION)) this.sessions.legacySession(message.slice(LEGACY_SESSION.length), at, out);
  }

  /**
   * `interpret` for `[WS] <emoji> <rest>` where rest starts with `Prepared task: ` and the caller (parser.ts,
   * on the bytes) already cut the emoji off, so the rest stays a one-byte string. Same result as interpret.
   */
  preparedAfterEmoji(rest: string): void {
    this.sessions.prepared(rest);
  }

  /**
   * `interpret` for `[SessionManager] <emoji> <rest>`, given the rest `bytes[start, end)` after the emoji: its
   * commonest lines are read on the bytes (session-bytes.ts), any other is decoded and read as text.
   */
  sessionManagerBytes(bytes: Buffer, start: number, end: number, at: number, out: EventOut): void {
    if (this.sessionBytes.read(bytes, start, end) !== SessionBytesKind.None) this.sessions.sessionManagerBytes(this.sessionBytes, bytes, at, out);
    else this.sessions.sessionManager(utf8(bytes, start, end), at, out);
  }

  /** Emits the finish of every failure still waiting for its `completed with status` line. */
  flushPending(out: EventOut): void {
    this.sessions.flushPending(out);
  }

  private webSocket(rest: string, at: number, out: EventOut): void {
    if (rest.includes(PREPARED_TASK)) return this.sessions.prepared(afterEmoji(rest));
    if (rest.endsWith(' disconnected') || rest.includes(' disconnected - code=')) {
      // `📱 Device {id} disconnected, cancelling …` and the like are the server's notices, not a client's disconnect.
      if (SERVER_NOTICE.test(rest)) return;
      return this.disconnected(rest, at, out);
    }
    if (rest.includes('duplicate client_id rejected')) return this.rejected('duplicate_client_id', at, out);
    if (rest.startsWith('Constellation registration failed')) return this.rejected('constellation_registration_failed', at, out);
    if (rest.startsWith('Error with client None')) {
      if (this.pendingRejections > 0) this.pendingRejections--;
      else out.emit({ source: 'log', at, type: 'registration_rejected', reason: 'registration_error' });
      return;
    }
    if (rest.includes(' client ')) {
      const m = CONNECTED.exec(rest);
      if (m) {
        // A new connection: a plain disconnect line still awaited for the old one will not come.
        this.codedDisconnects.delete(m[2]!);
        out.emit({
          source: 'log',
          at,
          type: 'client_connected',
          clientId: detached(m[2]!), // kept by the client tracker: not a view of this line
          clientType: m[1] === 'Device' ? 'device' : 'constellation',
          platform: labelValue(m[3]), // undefined when the line names none: one shape either way (docs/performance.md, "One shape per literal")
        });
        return;
      }
    }
    if (rest.includes('Registered ')) {
      const m = LEGACY_REGISTERED.exec(rest);
      if (m) out.emit({ source: 'log', at, type: 'client_connected', clientId: m[2]!, clientType: m[1] === 'device' ? 'device' : 'constellation' });
      return;
    }
    if (rest.includes('Removed client: ')) {
      const m = LEGACY_REMOVED.exec(rest);
      if (m) out.emit({ source: 'log', at, type: 'client_disconnected', clientId: m[1]!, reason: 'unknown' });
    }
  }

  private disconnected(rest: string, at: number, out: EventOut): void {
    const coded = CODED_DISCONNECT.exec(rest);
    if (coded) {
      const clientId = detached(coded[1]!); // remembered until its plain line: not a view of this line
      if (clientId === 'None') return; // a registration that never completed: no client to disconnect
      this.codedDisconnects.add(clientId);
      out.emit({ source: 'log', at, type: 'client_disconnected', clientId, reason: disconnectReason(Number(coded[2])) });
      return;
    }
    const plain = PLAIN_DISCONNECT.exec(rest);
    if (!plain) return;
    const clientId = plain[1]!;
    if (clientId === 'None' || this.codedDisconnects.delete(clientId)) return;
    out.emit({ source: 'log', at, type: 'client_disconnected', clientId, reason: 'unknown' });
  }

  private rejected(reason: string, at: number, out: EventOut): void {
    if (this.pendingRejections < MAX_PENDING_REJECTIONS) this.pendingRejections++;
    out.emit({ source: 'log', at, type: 'registration_rejected', reason });
  }
}
