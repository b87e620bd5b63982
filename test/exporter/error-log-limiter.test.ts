import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERRORS_LOGGED_PER_WINDOW, ERROR_LOG_WINDOW_MS } from '../../exporter/error-log-limiter';
import type { SourceError } from '../../exporter/events';
import { createLogger } from '../../exporter/logging';
import { createStateSink, type StateSink } from '../../exporter/sink';
import { FleetState } from '../../exporter/state';

const badLine: SourceError = { source: 'log', kind: 'malformed_line', message: 'app.log:12: not a record' };
const badMessage: SourceError = { source: 'push', kind: 'bad_event', message: '/events: field client_id is missing' };

interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly source?: string;
  readonly kind?: string;
  readonly suppressed?: number;
}

describe('source errors: every one counted, the log bounded', () => {
  let lines: LogLine[];
  let state: FleetState;
  let sink: StateSink;

  beforeEach(() => {
    vi.useFakeTimers();
    lines = [];
    state = new FleetState();
    sink = createStateSink({ state, logger: createLogger({ write: (l) => lines.push(JSON.parse(l) as LogLine) }), maxSeries: 10 });
  });
  afterEach(() => vi.useRealTimers());

  const counted = (e: SourceError): number =>
    state.exporter.errors.entries().find((x) => x.labels.source === e.source && x.labels.kind === e.kind)?.value ?? 0;
  const summaries = (): LogLine[] => lines.filter((l) => l.msg.startsWith('suppressed '));

  it('a flood of 10,000 errors logs a few lines per (source, kind), then one summary a minute later', () => {
    for (let i = 0; i < 10_000; i++) sink.reportError(i % 10 === 0 ? badMessage : badLine);
    expect(counted(badLine)).toBe(9_000);
    expect(counted(badMessage)).toBe(1_000);
    expect(lines).toHaveLength(2 * ERRORS_LOGGED_PER_WINDOW);
    expect(lines.filter((l) => l.kind === 'malformed_line').map((l) => l.msg)).toEqual(Array(ERRORS_LOGGED_PER_WINDOW).fill(badLine.message));

    vi.advanceTimersByTime(ERROR_LOG_WINDOW_MS);
    expect(summaries().map((l) => l.msg)).toEqual([
      `suppressed ${9_000 - ERRORS_LOGGED_PER_WINDOW} more log/malformed_line errors in the last minute`,
      `suppressed ${1_000 - ERRORS_LOGGED_PER_WINDOW} more push/bad_event errors in the last minute`,
    ]);
    expect(summaries().map((l) => l.suppressed)).toEqual([9_000 - ERRORS_LOGGED_PER_WINDOW, 1_000 - ERRORS_LOGGED_PER_WINDOW]);
    expect(lines).toHaveLength(2 * ERRORS_LOGGED_PER_WINDOW + 2);

    // A new minute: the next error is logged in full again.
    sink.reportError(badLine);
    expect(lines.at(-1)?.msg).toBe(badLine.message);
    expect(counted(badLine)).toBe(9_001);
  });

  it('a steady flood over ten minutes logs at most a few lines and one summary per minute', () => {
    const perSecond = 100;
    for (let second = 0; second < 600; second++) {
      for (let i = 0; i < perSecond; i++) sink.reportError(badLine);
      vi.advanceTimersByTime(1000);
    }
    expect(counted(badLine)).toBe(600 * perSecond);
    expect(lines.length).toBeLessThanOrEqual(10 * (ERRORS_LOGGED_PER_WINDOW + 1));
    // Every error is either logged in full or in a summary: nothing vanishes.
    const full = lines.filter((l) => l.msg === badLine.message).length;
    const summarised = summaries().reduce((n, l) => n + (l.suppressed ?? 0), 0);
    expect(full + summarised).toBe(600 * perSecond);
  });

  it('few errors are each logged, without a summary; close() writes the summary still pending', () => {
    for (let i = 0; i < ERRORS_LOGGED_PER_WINDOW; i++) sink.reportError(badLine);
    vi.advanceTimersByTime(2 * ERROR_LOG_WINDOW_MS);
    expect(lines).toHaveLength(ERRORS_LOGGED_PER_WINDOW);
    expect(summaries()).toEqual([]);

    for (let i = 0; i < ERRORS_LOGGED_PER_WINDOW + 3; i++) sink.reportError(badLine);
    sink.close();
    expect(summaries().map((l) => l.msg)).toEqual(['suppressed 3 more log/malformed_line errors in the last minute']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
