/**
 * How one log record becomes text: Python logging's
 * `%(asctime)s - %(name)s - %(levelname)s - %(message)s` (asctime in local time, `,mmm` millis),
 * or one JSON object per line. uvicorn's own lines bypass that format (`INFO:     …`).
 */

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface LogRecord {
  /** Python logger name, e.g. `UFOWebSocketHandler`. */
  readonly logger: string;
  readonly level: LogLevel;
  readonly message: string;
  readonly clientId?: string;
  readonly sessionId?: string;
  /** Lines of a Python traceback printed after the message (logger.exception). */
  readonly traceback?: readonly string[];
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Python logging's default asctime: `2026-11-21 04:28:27,535`, local time. */
export function pythonAsctime(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())},${pad(date.getMilliseconds(), 3)}`
  );
}

export function renderPython(record: LogRecord, date: Date): string {
  const head = `${pythonAsctime(date)} - ${record.logger} - ${record.level} - ${record.message}\n`;
  return record.traceback ? head + record.traceback.join('\n') + '\n' : head;
}

export function renderJson(record: LogRecord, date: Date): string {
  const line: Record<string, string> = {
    timestamp: date.toISOString(),
    level: record.level,
    logger: record.logger,
    message: record.message,
  };
  if (record.clientId !== undefined) line.client_id = record.clientId;
  if (record.sessionId !== undefined) line.session_id = record.sessionId;
  if (record.traceback) line.exc_info = record.traceback.join('\n');
  return JSON.stringify(line) + '\n';
}

/** uvicorn prints `INFO:` padded to 9 columns, then its message. */
export function renderUvicorn(message: string): string {
  return `INFO:     ${message}\n`;
}

export function renderUvicornJson(message: string, date: Date): string {
  return JSON.stringify({ timestamp: date.toISOString(), level: 'INFO', logger: 'uvicorn', message }) + '\n';
}
