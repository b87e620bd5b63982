/**
 * Keeps the exporter's own log bounded when a source meets errors in a flood (a log full of bad
 * lines, a pusher sending bad messages): per (source, kind), the first few errors of a minute are
 * logged in full, the rest are only counted, and when that minute is over one summary line says how
 * many were not logged. The error counter (ufo_exporter_errors_total) counts every one regardless;
 * this only decides what reaches the log.
 */
import type { SourceError } from './events';
import type { Logger } from './logging';

/** Errors of one (source, kind) logged in full per window. */
export const ERRORS_LOGGED_PER_WINDOW = 5;
export const ERROR_LOG_WINDOW_MS = 60_000;

interface Window {
  readonly source: string;
  readonly kind: string;
  readonly startedAt: number;
  logged: number;
  suppressed: number;
  /** Set once something was suppressed: writes the summary when the window ends. */
  timer?: NodeJS.Timeout;
}

export class ErrorLogLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly logger: Logger) {}

  /** Logs the error, or counts it for the window's summary line. */
  report(error: SourceError): void {
    const key = `${error.source}\u0001${error.kind}`;
    const now = Date.now();
    let window = this.windows.get(key);
    if (window && now - window.startedAt >= ERROR_LOG_WINDOW_MS) {
      this.end(key, window);
      window = undefined;
    }
    if (!window) {
      window = { source: error.source, kind: error.kind, startedAt: now, logged: 0, suppressed: 0 };
      this.windows.set(key, window);
    }
    if (window.logged < ERRORS_LOGGED_PER_WINDOW) {
      window.logged++;
      const last = window.logged === ERRORS_LOGGED_PER_WINDOW;
      this.logger.warn(error.message, {
        source: error.source,
        kind: error.kind,
        ...(last && { note: `further ${error.source}/${error.kind} errors this minute are counted and summarised, not logged` }),
      });
      return;
    }
    window.suppressed++;
    if (window.timer === undefined) {
      const ended = window;
      window.timer = setTimeout(() => this.end(key, ended), ERROR_LOG_WINDOW_MS - (now - window.startedAt));
      // A pending summary must not keep the process alive.
      window.timer.unref();
    }
  }

  /** Writes the summaries still pending (at shutdown) and cancels their timers. */
  close(): void {
    for (const [key, window] of [...this.windows]) this.end(key, window);
  }

  private end(key: string, window: Window): void {
    if (this.windows.get(key) === window) this.windows.delete(key);
    if (window.timer !== undefined) clearTimeout(window.timer);
    if (window.suppressed === 0) return;
    this.logger.warn(`suppressed ${window.suppressed} more ${window.source}/${window.kind} errors in the last minute`, {
      source: window.source,
      kind: window.kind,
      suppressed: window.suppressed,
      metric: 'ufo_exporter_errors_total',
    });
    window.suppressed = 0;
  }
}
