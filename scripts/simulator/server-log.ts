/**
 * The simulated server's log, message by message, in the real server's wording (docs/ufo-server.md) — or the
 * older documented wording (`legacy`), or JSON lines carrying the current wording plus
 * `client_id` / `session_id` fields (`json`). Knows nothing of the fleet; the fleet calls it.
 */
import type { LogSink } from './log-file';
import { renderJson, renderPython, renderUvicorn, renderUvicornJson, type LogLevel, type LogRecord } from './log-records';
import type { ClientKind } from './truth';

export type LogFormat = 'current' | 'legacy' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['current', 'legacy', 'json'];

const WS = 'UFOWebSocketHandler';
const SESSIONS = 'SessionManager';
const FACTORY = 'SessionFactory';

export class ServerLog {
  constructor(
    private readonly sink: LogSink,
    private readonly format: LogFormat,
    /** Called for every Python-logging record written (ground truth of `ufo_log_messages_total`). */
    private readonly onRecord: (level: LogLevel) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get legacy(): boolean {
    return this.format === 'legacy';
  }

  private record(
    logger: string,
    level: LogLevel,
    message: string,
    ids: { clientId?: string; sessionId?: string } = {},
    traceback?: readonly string[],
  ): void {
    const record: LogRecord = { logger, level, message, ...ids, ...(traceback ? { traceback } : {}) };
    const date = this.now();
    this.sink.write(this.format === 'json' ? renderJson(record, date) : renderPython(record, date));
    this.onRecord(level);
  }

  private uvicorn(message: string): void {
    this.sink.write(this.format === 'json' ? renderUvicornJson(message, this.now()) : renderUvicorn(message));
  }

  // --- uvicorn ---------------------------------------------------------------------------------

  /** An access line for an HTTP request the server answered; `target` keeps its query string, as uvicorn does. */
  httpAccess(peer: string, method: string, target: string, status: number, reason: string): void {
    this.uvicorn(`${peer} - "${method} ${target} HTTP/1.1" ${status} ${reason}`);
  }
  /** uvicorn writes the WebSocket target with its query string — the API key ends up in the log. */
  wsAccepted(peer: [string, number], target: string): void {
    this.uvicorn(`('${peer[0]}', ${peer[1]}) - "WebSocket ${target}" [accepted]`);
    this.uvicorn('connection open');
  }
  wsForbidden(peer: [string, number], target: string): void {
    this.uvicorn(`('${peer[0]}', ${peer[1]}) - "WebSocket ${target}" 403`);
    this.uvicorn('connection rejected (403 Forbidden)');
  }
  wsClosed(): void {
    this.uvicorn('connection closed');
  }

  // --- registration ----------------------------------------------------------------------------

  clientConnected(clientId: string, type: ClientKind, platform: string): void {
    const ids = { clientId };
    if (this.legacy) this.record(WS, 'INFO', `[WS] ✅ Registered ${type} client: ${clientId}`, ids);
    else if (type === 'device') this.record(WS, 'INFO', `[WS] 📱 Device client ${clientId} connected - Platform: ${platform}`, ids);
    else this.record(WS, 'INFO', `[WS] 🌟 Constellation client ${clientId} connected`, ids);
  }

  duplicateRejected(clientId: string): void {
    this.record(WS, 'WARNING', `[WS] 🚨 duplicate client_id rejected: '${clientId}' is already connected`, { clientId });
    this.registrationError(`Client ID '${clientId}' is already connected`);
  }

  constellationRejected(clientId: string, targetId: string): void {
    const detail = `Target device '${targetId}' is not connected`;
    this.record(WS, 'WARNING', `[WS] Constellation registration failed: ${detail}`, { clientId });
    this.registrationError(detail);
  }

  /** The real server never learned the client's id, hence `None`. */
  registrationError(detail: string): void {
    this.record(WS, 'ERROR', `[WS] Error with client None: ${detail}`);
  }

  // --- disconnection ---------------------------------------------------------------------------

  disconnectStarted(clientId: string, code: number, reason: string): void {
    if (!this.legacy) this.record(WS, 'INFO', `[WS] ${clientId} disconnected - code=${code}, reason=${reason}`, { clientId });
  }
  /** `count` is the server's stale count: every session the client ever ran on this connection. */
  cancellingSessions(clientId: string, type: ClientKind, count: number): void {
    if (this.legacy) return;
    const who = type === 'device' ? '📱 Device' : '🌟 Constellation';
    this.record(WS, 'INFO', `[WS] ${who} ${clientId} disconnected, cancelling ${count} active session(s)`, { clientId });
  }
  noRunningTask(sessionId: string): void {
    if (!this.legacy) this.record(SESSIONS, 'WARNING', `[SessionManager] ⚠️ No running task found for ${sessionId}`, { sessionId });
  }
  disconnectFinished(clientId: string): void {
    if (this.legacy) this.record(WS, 'INFO', `[WS] 🔌 Removed client: ${clientId}`, { clientId });
    else this.record(WS, 'INFO', `[WS] ${clientId} disconnected`, { clientId });
  }

  // --- sessions --------------------------------------------------------------------------------

  /** The WebSocket handler's line before a task runs: a constellation's names the device it runs on. */
  taskPrepared(sessionId: string, taskName: string, requester: ClientKind, targetDevice: string | undefined): void {
    if (this.legacy) return;
    const clientType = requester === 'constellation' ? 'CONSTELLATION' : 'DEVICE';
    this.record(WS, 'INFO', `[WS] 🎯 Prepared task: session_id=${sessionId}, task_name=${taskName}, client_type=ClientType.${clientType}, target_device=${targetDevice ?? 'None'}`, { sessionId });
  }

  /**
   * A run of a session starts. The current server creates a session id once (`Created new …`) and
   * starts every run (`🚀 Started background task`), so a reused id's rerun has only the latter; the
   * older format logs `[Session] Created session` for every run.
   */
  sessionStarted(sessionId: string, platform: string, owner: string, firstRun: boolean): void {
    const ids = { clientId: owner, sessionId };
    if (this.legacy) return this.record(SESSIONS, 'INFO', `[Session] Created session ${sessionId}`, ids);
    if (firstRun) this.record(FACTORY, 'INFO', `Created new ${platform} session: ${sessionId} (type: ServiceSession, owner: '${owner}')`, ids);
    this.record(SESSIONS, 'INFO', `[SessionManager] 🚀 Started background task ${sessionId}`, { sessionId });
  }

  sessionExecutionTook(sessionId: string, seconds: number): void {
    if (!this.legacy) this.record(SESSIONS, 'INFO', `[SessionManager] ⏱️ Session ${sessionId} execution took ${seconds.toFixed(2)}s`, { sessionId });
  }

  sessionError(sessionId: string, error: string, traceback?: readonly string[]): void {
    if (!this.legacy) this.record(SESSIONS, 'ERROR', `[SessionManager] ❌ Error in session ${sessionId}: ${error}`, { sessionId }, traceback);
  }

  sessionCompleted(sessionId: string, status: 'completed' | 'failed'): void {
    const ids = { sessionId };
    if (this.legacy) {
      this.record(SESSIONS, status === 'completed' ? 'INFO' : 'WARNING', `[Session] Task ${status}: ${sessionId}`, ids);
      return;
    }
    const taskStatus = status === 'completed' ? 'COMPLETED' : 'FAILED';
    this.record(SESSIONS, 'INFO', `[SessionManager] ✅ Session ${sessionId} completed with status TaskStatus.${taskStatus}`, ids);
  }

  /** The real server's sequence for a session cut off by a disconnect — including the spurious FAILED. */
  sessionCancelled(sessionId: string, reason: string): void {
    const ids = { sessionId };
    if (this.legacy) {
      this.record(SESSIONS, 'INFO', `[Session] Task cancelled: ${sessionId} (reason: ${reason})`, ids);
      return;
    }
    this.record(SESSIONS, 'INFO', `[SessionManager] 🛑 Cancelling session ${sessionId} (reason: ${reason})`, ids);
    this.record(SESSIONS, 'INFO', `[SessionManager] 🛑 Session ${sessionId} was cancelled (reason: ${reason})`, ids);
    this.sessionCompleted(sessionId, 'failed');
  }
}
