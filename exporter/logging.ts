/**
 * Structured logging: one line per event, JSON or logfmt, filtered by level.
 *
 * Secrets never reach the output: fields whose name looks secret (key, token, password, secret,
 * authorization) are replaced by `[redacted]`, and every secret value registered with
 * `secrets` is masked wherever it appears in a message or field value (e.g. an API key that a
 * URL or an upstream error message happens to echo). As a backstop, the credential of any URL
 * written `scheme://user:password@host` is redacted wherever it appears.
 */

import { redactUrlCredentials } from './url-credentials';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'logfmt'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  readonly level?: LogLevel;
  readonly format?: LogFormat;
  /** Secret values to mask anywhere in the output (API key, event token). Empty strings are ignored. */
  readonly secrets?: readonly string[];
  /** Where lines go; default process.stderr. */
  readonly write?: (line: string) => void;
  /** Fields added to every line (e.g. `component`). */
  readonly base?: LogFields;
  /** Clock, for tests. */
  readonly now?: () => Date;
}

const REDACTED = '[redacted]';
const SECRET_FIELD = /(api[_-]?key|token|secret|password|authorization)/i;
/** Field names that name a file or flag rather than hold a secret (`tokenFile`, `api_key_file`). */
const SECRET_FIELD_EXCEPTION = /(file|path|source|kind)$/i;

function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name) && !SECRET_FIELD_EXCEPTION.test(name);
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.message;
  if (value === undefined) return 'undefined';
  try {
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}

function logfmtValue(value: string): string {
  return /^[^\s"=\\]+$/.test(value) ? value : JSON.stringify(value);
}

function logfmtKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_.-]/g, '_') || '_';
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(opts.level ?? 'info');
  const format = opts.format ?? 'json';
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const now = opts.now ?? (() => new Date());
  // Longest first, so a secret containing another is masked whole.
  const secrets = (opts.secrets ?? []).filter((s) => s.length > 0).sort((a, b) => b.length - a.length);

  const mask = (text: string): string => {
    let out = redactUrlCredentials(text);
    for (const s of secrets) out = out.split(s).join(REDACTED);
    return out;
  };

  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const entries: [string, string | number | boolean][] = [
      ['ts', now().toISOString()],
      ['level', level],
      ['msg', mask(msg)],
    ];
    for (const [key, value] of Object.entries({ ...opts.base, ...fields })) {
      if (isSecretField(key)) entries.push([key, REDACTED]);
      else if (typeof value === 'number' || typeof value === 'boolean') entries.push([key, value]);
      else entries.push([key, mask(stringify(value))]);
    }
    write(
      format === 'json'
        ? JSON.stringify(Object.fromEntries(entries))
        : entries.map(([k, v]) => `${logfmtKey(k)}=${logfmtValue(String(v))}`).join(' '),
    );
  };

  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}

/** A logger that drops everything (tests, benches). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
