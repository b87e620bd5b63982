/**
 * One line of the UFO server's log → zero or more fleet events.
 *
 * Record framings recognised (docs/ufo-server.md):
 * - Python logging: `2026-11-21 04:28:27,535 - UFOWebSocketHandler - INFO - <message>` → a
 *   `log_line` event for the level, plus whatever the message means (see messages.ts).
 * - JSON lines: `{"timestamp", "level", "logger", "message", …}`.
 * - In both, records of the `uvicorn*` loggers are treated like uvicorn's own lines.
 * - uvicorn's own lines: `INFO:     127.0.0.1:52036 - "GET /api/health HTTP/1.1" 200 OK` →
 *   `http_request` (route normalised), and the WebSocket handshake
 *   `INFO:     ('127.0.0.1', 60992) - "WebSocket /ws?token=<key>" [accepted]` → `http_request`
 *   `WEBSOCKET /ws 101` (refused: its status, e.g. 403). An access line whose caller is one of the
 *   exporter's own connections (`isOwnCaller`) is marked `byExporter`. uvicorn lines are not counted as log
 *   messages (`ufo_log_messages_total` counts the server's Python logging records).
 *
 * Everything else — traceback lines, continuation lines of multi-line messages, banners — is skipped
 * silently. A line that starts like a record but is not a valid one is reported through
 * `malformed` (counted as `ufo_exporter_errors_total{source="log",kind}`), never thrown. Problem
 * descriptions never quote the line: it may carry the API key.
 *
 * Ids never carry a query string (ids.ts). Times without a timezone are the exporter's local time (see timestamp.ts). uvicorn lines carry no
 * time; they get the time of the last timestamped record, or the clock before the first.
 */
import type { FleetEvent } from '../../events';
import { AccessBytes } from './access-bytes';
import { ERROR_LEVELS, ErrorRecords } from './error-records';
import { afterSpace, bytesAre, separatorAt, utf8 } from './byte-scan';
import { accessLine, namesNoDevice } from './fast-lines';
import { normaliseMethod, normaliseRoute } from './http-labels';
import { scrubIds } from './ids';
import { MessageInterpreter } from './messages';
import type { EventOut } from './session-runs';
import { ASCTIME_LENGTH, AsctimeParser, looksLikeAsctime } from './timestamp';

export interface ParserOutput {
  event(event: FleetEvent): void;
  /** A line that looks like a record but is not one. `kind` is a bounded label; `detail` never quotes the line. */
  malformed(kind: string, detail: string): void;
  /** Optional: records' `log_line` events come here as their fields instead of through `event` (SourceSink.logLine). */
  logLine?(level: string, at: number): void;
}

/** Python level names → `log_line` levels. */
const LEVELS: ReadonlyMap<string, string> = new Map([
  ['DEBUG', 'debug'],
  ['INFO', 'info'],
  ['WARNING', 'warning'],
  ['WARN', 'warning'],
  ['ERROR', 'error'],
  ['CRITICAL', 'critical'],
  ['FATAL', 'critical'],
]);

const FIELD_SEPARATOR = ' - ';
/** Records of the `uvicorn`, `uvicorn.access` and `uvicorn.error` loggers are uvicorn's lines. */
const UVICORN_LOGGER = 'uvicorn';
const WS_HANDSHAKE = /^.+ - "WebSocket (\S+)" (\[accepted\]|\d{3})(?: |$)/;
/** Marks an access-log line; one that has it but does not parse is malformed. */
const ACCESS_MARK = ' - "';
const SWITCHING_PROTOCOLS = 101;
/** The logger uvicorn's own non-access lines come from. */
const UVICORN_ERROR_LOGGER = 'uvicorn.error';

const INFO = 'INFO';
/** Framing read from the bytes (parseBytes). */
const INFO_BYTES = Buffer.from('INFO');
const SEPARATOR_BYTES = Buffer.from(FIELD_SEPARATOR);
/** Where the logger name starts in a Python record (after `<asctime> - `). */
const LOGGER_START = ASCTIME_LENGTH + FIELD_SEPARATOR.length;
const UVICORN_BYTES = Buffer.from(UVICORN_LOGGER);

const SESSION_MANAGER_BYTES = Buffer.from('[SessionManager] ');
const WS_BYTES = Buffer.from('[WS] ');
const PREPARED_TASK_BYTES = Buffer.from('Prepared task: ');

/** The level of `line[start, end)`, a Python level name; `INFO`, most records', is matched in place. */
function levelOf(line: string, start: number, end: number): string | undefined {
  if (end - start === INFO.length && line.startsWith(INFO, start)) return 'info';
  return LEVELS.get(line.slice(start, end));
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
// The defaults are one function each for every parser (a default arrow would be a new call target per parser).
const wallClock = (): number => Date.now() / 1000;
const noCallerIsOwn = (): boolean => false;

export class LogParser implements EventOut {
  private readonly messages = new MessageInterpreter();
  private readonly asctime = new AsctimeParser();
  private readonly access = new AccessBytes();
  private lastAt = Number.NaN;
  /** WARNING-or-worse records → `log_error` events, held for a traceback that may follow. */
  private readonly errors = new ErrorRecords(this);

  constructor(
    private readonly out: ParserOutput,
    private readonly now: () => number = wallClock,
    /** True when an access line's caller (`host:port`) is the exporter itself (own-connections.ts). */
    private readonly isOwnCaller: (caller: string) => boolean = noCallerIsOwn,
  ) {}

  /** An event of the parser or one of its parts (EventOut): ids scrubbed, then out. */
  emit(event: FleetEvent): void {
    const clean = scrubIds(event);
    if (clean) this.out.event(clean);
  }

  parseLine(line: string): void {
    const first = line.charCodeAt(0);
    if (first >= 48 && first <= 57 /* digit */) {
      if (looksLikeAsctime(line)) return this.pythonRecord(line);
    } else if (first === 123 /* { */) {
      if (line.charCodeAt(1) === 34 /* " */) return this.jsonRecord(line);
    } else if (first >= 65 && first <= 90 /* A-Z */) {
      if (this.maybeUvicornLine(line)) return;
    }
    // Anything else (traceback lines, blank lines, banners) is not a record; a traceback joins the error record before it.
    this.errors.otherLine(line, this.fallbackTime());
  }

  /**
   * `parseLine` for the UTF-8 bytes `bytes[start, end)` of one line. A Python-format record (most lines)
   * is framed on the bytes and only its message is decoded: the time, logger and level never become
   * strings, and an emoji in the message makes only the message a two-byte string. uvicorn's access lines
   * are read on their bytes whole (access-bytes.ts): nothing of them is decoded. Any other line, or
   * one whose framing is not plain ASCII, is decoded whole and parsed as text: both paths give the
   * same events and problems for every line (a test checks them against each other).
   */
  parseBytes(bytes: Buffer, start: number, end: number): void {
    // Read first (a pure function of the bytes), reported after the framing as in pythonRecord.
    const at = this.asctime.readAscii(bytes, start, end);
    if (at === undefined) {
      if (this.access.read(bytes, start, end)) return this.accessFromBytes(bytes);
      return this.parseLine(utf8(bytes, start, end));
    }
    const loggerStart = start + LOGGER_START;
    if (!bytesAre(bytes, start + ASCTIME_LENGTH, end, SEPARATOR_BYTES)) {
      return this.out.malformed('malformed_line', "starts with a timestamp but is not '<time> - <logger> - <LEVEL> - <message>'");
    }
    const nameEnd = separatorAt(bytes, loggerStart, end);
    const levelStart = nameEnd + FIELD_SEPARATOR.length;
    const levelEnd = nameEnd < 0 ? -1 : separatorAt(bytes, levelStart, end);
    if (levelEnd < 0) {
      return this.out.malformed('malformed_line', "starts with a timestamp but is not '<time> - <logger> - <LEVEL> - <message>'");
    }
    const level =
      levelEnd - levelStart === INFO_BYTES.length && bytesAre(bytes, levelStart, levelEnd, INFO_BYTES) ? 'info' : LEVELS.get(utf8(bytes, levelStart, levelEnd));
    if (level === undefined) return this.out.malformed('bad_level', 'unknown log level name (want DEBUG, INFO, WARNING, ERROR or CRITICAL)');
    if (Number.isNaN(at)) return this.out.malformed('bad_timestamp', 'timestamp is not a valid date and time');
    this.lastAt = at;
    const messageStart = levelEnd + FIELD_SEPARATOR.length;
    const isUvicorn = nameEnd - loggerStart >= UVICORN_BYTES.length && bytesAre(bytes, loggerStart, nameEnd, UVICORN_BYTES);
    if (!isUvicorn && !ERROR_LEVELS.has(level) && this.emojiMessage(bytes, messageStart, end, at, level)) return;
    const message = utf8(bytes, messageStart, end);
    if (isUvicorn) return this.uvicornMessage(message, at, level, utf8(bytes, loggerStart, nameEnd));
    this.recordMessage(at, level, message, bytes, loggerStart, nameEnd);
  }

  /**
   * The commonest session lines, `[SessionManager] 🚀 …` and `[WS] 🎯 Prepared task: …` below WARNING:
   * the emoji is skipped on the bytes; the rest is read on its bytes (messages.ts) or decoded without it (a
   * one-byte string). What `recordMessage` + `interpret` would do with the whole message; false when not one of these.
   */
  private emojiMessage(bytes: Buffer, start: number, end: number, at: number, level: string): boolean {
    let kind: 'session_manager' | 'prepared';
    let emoji: number;
    if (bytesAre(bytes, start, end, SESSION_MANAGER_BYTES)) {
      kind = 'session_manager';
      emoji = start + SESSION_MANAGER_BYTES.length;
    } else if (bytesAre(bytes, start, end, WS_BYTES)) {
      kind = 'prepared';
      emoji = start + WS_BYTES.length;
    } else return false;
    if (!(emoji < end && bytes[emoji]! >= 0x80)) return false;
    const rest = afterSpace(bytes, emoji, end);
    if (rest < 0 || (kind === 'prepared' && !bytesAre(bytes, rest, end, PREPARED_TASK_BYTES))) return false;
    this.logLine(level, at);
    this.errors.otherRecord();
    // `[SessionManager]` lines go on as bytes; a device's own task (`target_device=None`, most) names no device: nothing to decode.
    if (kind === 'session_manager') this.messages.sessionManagerBytes(bytes, rest, end, at, this);
    else if (!namesNoDevice(bytes, rest, end)) this.messages.preparedAfterEmoji(utf8(bytes, rest, end));
    return true;
  }

  /**
   * The access line `this.access` just read: what `maybeUvicornLine` → `uvicornMessage` does with it
   * (`errors.record` of a record below WARNING is `otherRecord`). The caller is decoded only to ask
   * whether it is the exporter's own connection.
   */
  private accessFromBytes(bytes: Buffer): void {
    const a = this.access;
    const at = this.fallbackTime();
    this.errors.otherRecord();
    const { method, route, code } = a;
    if (this.isOwnCaller !== noCallerIsOwn && this.isOwnCaller(utf8(bytes, a.callerStart, a.callerEnd))) {
      this.emit({ source: 'log', at, type: 'http_request', method, route, code, byExporter: true });
    } else this.emit({ source: 'log', at, type: 'http_request', method, route, code });
  }

  /** A record's `log_line`: as its fields when the output takes them (no event object; scrubIds would pass it unchanged: it holds no id). */
  private logLine(level: string, at: number): void {
    if (this.out.logLine === undefined) this.emit({ source: 'log', at, type: 'log_line', level });
    else this.out.logLine(level, at);
  }

  /** Call when the data read so far is exhausted: emits finishes held back for a following line. */
  endOfData(): void {
    this.errors.endOfData();
    this.messages.flushPending(this);
  }

  private pythonRecord(line: string): void {
    if (!line.startsWith(FIELD_SEPARATOR, ASCTIME_LENGTH)) {
      return this.out.malformed('malformed_line', "starts with a timestamp but is not '<time> - <logger> - <LEVEL> - <message>'");
    }
    const nameEnd = line.indexOf(FIELD_SEPARATOR, ASCTIME_LENGTH + FIELD_SEPARATOR.length);
    const levelEnd = nameEnd < 0 ? -1 : line.indexOf(FIELD_SEPARATOR, nameEnd + FIELD_SEPARATOR.length);
    if (levelEnd < 0) {
      return this.out.malformed('malformed_line', "starts with a timestamp but is not '<time> - <logger> - <LEVEL> - <message>'");
    }
    const level = levelOf(line, nameEnd + FIELD_SEPARATOR.length, levelEnd);
    if (level === undefined) return this.out.malformed('bad_level', 'unknown log level name (want DEBUG, INFO, WARNING, ERROR or CRITICAL)');
    const at = this.asctime.parse(line);
    if (Number.isNaN(at)) return this.out.malformed('bad_timestamp', 'timestamp is not a valid date and time');
    this.lastAt = at;
    const message = line.slice(levelEnd + FIELD_SEPARATOR.length);
    const loggerStart = LOGGER_START;
    // uvicorn configured through Python logging writes its lines in this format too: they stay access lines.
    if (line.startsWith(UVICORN_LOGGER, loggerStart) && nameEnd - loggerStart >= UVICORN_LOGGER.length) {
      return this.uvicornMessage(message, at, level, line.slice(loggerStart, nameEnd));
    }
    this.recordMessage(at, level, message, line, loggerStart, nameEnd);
  }

  /** A Python record of a logger other than uvicorn's; its logger name is `source[loggerStart, nameEnd)` (text or UTF-8 bytes). */
  private recordMessage(at: number, level: string, message: string, source: string | Buffer, loggerStart: number, nameEnd: number): void {
    this.logLine(level, at);
    // The logger name is only kept for warning-or-worse records (their patterns): not cut out of every line.
    if (ERROR_LEVELS.has(level)) {
      const logger = typeof source === 'string' ? source.slice(loggerStart, nameEnd) : utf8(source, loggerStart, nameEnd);
      this.errors.record(at, level, logger, message);
    } else this.errors.otherRecord();
    this.messages.interpret(message, at, this);
  }

  private jsonRecord(line: string): void {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return this.out.malformed('bad_json', 'starts like a JSON record but is not valid JSON');
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      return this.out.malformed('malformed_json_record', 'JSON record is not an object');
    }
    const fields = record as Record<string, unknown>;
    const message = hasOwn(fields, 'message') ? fields.message : undefined;
    if (typeof message !== 'string') return this.out.malformed('malformed_json_record', "JSON record has no string field 'message'");
    const at = this.jsonTime(hasOwn(fields, 'timestamp') ? fields.timestamp : undefined);
    if (Number.isNaN(at)) return this.out.malformed('bad_timestamp', "JSON record's 'timestamp' is not a valid time");
    const logger = hasOwn(fields, 'logger') && typeof fields.logger === 'string' ? fields.logger : undefined;
    const levelName = hasOwn(fields, 'level') ? fields.level : undefined;
    const level = typeof levelName === 'string' ? LEVELS.get(levelName.toUpperCase()) : undefined;
    if (logger?.startsWith(UVICORN_LOGGER)) return this.uvicornMessage(message, at, level, logger);
    if (level === undefined) return this.out.malformed('bad_level', "JSON record's 'level' is not DEBUG, INFO, WARNING, ERROR or CRITICAL");
    this.lastAt = at;
    this.logLine(level, at);
    const traceback = hasOwn(fields, 'exc_info') && typeof fields.exc_info === 'string' ? fields.exc_info : undefined;
    this.errors.completeRecord(at, level, logger, message, traceback);
    this.messages.interpret(message, at, this);
  }

  /** A JSON record's time: ISO 8601 (no zone = local), Python asctime, or Unix seconds/milliseconds. */
  private jsonTime(value: unknown): number {
    if (value === undefined || value === null) return this.fallbackTime();
    if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? (value > 1e11 ? value / 1000 : value) : NaN;
    if (typeof value !== 'string') return NaN;
    if (looksLikeAsctime(value) && value.length === ASCTIME_LENGTH) return this.asctime.parse(value);
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? NaN : ms / 1000;
  }

  private fallbackTime(): number {
    return Number.isNaN(this.lastAt) ? this.now() : this.lastAt;
  }

  /** `INFO:     <message>`: uvicorn prints its level, a colon, and pads to column 10. False: not a uvicorn line. */
  private maybeUvicornLine(line: string): boolean {
    const colon = line.indexOf(':');
    if (colon < 4 || colon > 8 || line.charCodeAt(colon + 1) !== 32) return false;
    const level = LEVELS.get(line.slice(0, colon));
    if (level === undefined) return false;
    let start = colon + 1;
    while (line.charCodeAt(start) === 32) start++;
    this.uvicornMessage(line.slice(start), this.fallbackTime(), level, UVICORN_ERROR_LOGGER);
    return true;
  }

  /** A uvicorn line; one that is not an access line and is WARNING or worse (`Exception in ASGI application`) is an error record. */
  private uvicornMessage(message: string, at: number, level: string | undefined, logger: string): void {
    const isAccess = message.includes(ACCESS_MARK);
    this.errors.record(at, isAccess ? 'info' : (level ?? 'info'), logger, message);
    if (!isAccess) return; // startup banners, "connection open", …
    const access = accessLine(message);
    if (access) {
      const method = normaliseMethod(access.method);
      const route = normaliseRoute(access.path);
      const code = Number(access.code);
      // Two literals, not a spread of `{}` or `{ byExporter }`: no object to copy per access line.
      if (this.isOwnCaller(access.caller)) this.emit({ source: 'log', at, type: 'http_request', method, route, code, byExporter: true });
      else this.emit({ source: 'log', at, type: 'http_request', method, route, code });
      return;
    }
    const ws = WS_HANDSHAKE.exec(message);
    if (ws) {
      const code = ws[2] === '[accepted]' ? SWITCHING_PROTOCOLS : Number(ws[2]);
      this.emit({ source: 'log', at, type: 'http_request', method: 'WEBSOCKET', route: normaliseRoute(ws[1]!), code });
      return;
    }
    this.out.malformed('malformed_access_line', 'uvicorn access line without the \'"METHOD /path HTTP/x" status\' part');
  }
}
