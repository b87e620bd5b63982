/**
 * Whether the configured sources feed the exporter: which are configured, and whether the log file
 * is there and growing. A log that is configured but missing, or silent while clients are connected
 * (the server logs every API call, the exporter's own probes included, so a live server's log grows
 * at every scrape), means the session, request and log-level figures are not current: the operator
 * must see it rather than flat zeros (`ufo_exporter_log_problem`, the status page, a log line, the
 * UfoExporterLogSilent / UfoExporterLogMissing alerts).
 */
import type { SourceReads } from './fleet-view';

/** The event sources that only some deployments configure (the API poll always runs). */
export interface ConfiguredSources {
  readonly log: boolean;
  readonly push: boolean;
}

export const LOG_PROBLEMS = ['missing', 'silent'] as const;
export type LogProblem = (typeof LOG_PROBLEMS)[number];

export interface LogHealthView {
  readonly configured: boolean;
  /** The current problem, or null when the log is fine (or not configured). */
  readonly problem: LogProblem | null;
  /** Unix seconds of the last read that returned lines (null before any). */
  readonly lastLinesAt: number | null;
  /** Why the file is missing (the tailer's words), when it is. */
  readonly missingDetail: string | null;
  /** --ufo.log-silence, seconds. */
  readonly silenceSeconds: number;
}

export class LogHealth implements SourceReads {
  private lastLinesAt: number | null = null;
  private missingDetail: string | null = null;
  /** Unix seconds the exporter started: silence is measured from here before the first line. */
  private readonly startedAt: number;

  constructor(
    readonly configured: ConfiguredSources,
    private readonly silenceSeconds: number,
    private readonly now: () => number,
    /** Whether clients are known connected now (only while the API answers: a stale list proves nothing). */
    private readonly clientsConnected: () => boolean,
  ) {
    this.startedAt = now();
  }

  linesRead(at: number): void {
    this.lastLinesAt = at;
    this.missingDetail = null;
  }

  /** The tailer found the file (null) or could not (why). */
  fileState(missingDetail: string | null): void {
    this.missingDetail = missingDetail;
  }

  logHealth(now: number = this.now()): LogHealthView {
    return {
      configured: this.configured.log,
      problem: this.problem(now, this.clientsConnected()),
      lastLinesAt: this.lastLinesAt,
      missingDetail: this.missingDetail,
      silenceSeconds: this.silenceSeconds,
    };
  }

  private problem(now: number, clientsConnected: boolean): LogProblem | null {
    if (!this.configured.log) return null;
    if (this.missingDetail !== null) return 'missing';
    const since = Math.max(this.lastLinesAt ?? -Infinity, this.startedAt);
    return clientsConnected && now - since > this.silenceSeconds ? 'silent' : null;
  }
}
