/**
 * What the server's log records say (besides connects, sessions and requests): records by level,
 * registrations the server rejected, and its error records by pattern (error-patterns.ts). Fed by
 * the log source and the event socket.
 */
import type { LogError } from '../events';
import { ErrorPatterns } from './error-patterns';
import type { ServerLogReads } from './fleet-view';
import { LabelledCounter } from './series';
import { RepeatedCellsBy1 } from './series-cells';

export class ServerLog implements ServerLogReads {
  readonly levels = new LabelledCounter(['level'] as const);
  readonly registrationsRejected = new LabelledCounter(['reason'] as const);
  readonly errorPatterns: ErrorPatterns;
  /** `levels` by level: a record (most log lines) makes no labels object. */
  private readonly levelCells = new RepeatedCellsBy1(this.levels, (level: string) => ({ level }));
  /** Bumped on every record counted. */
  version = 0;

  constructor(
    maxErrorPatterns: number,
    /** Called once, when the first error pattern is folded into `other` (for a log line). */
    private readonly onErrorPatternCap: ((limit: number) => void) | undefined,
  ) {
    this.errorPatterns = new ErrorPatterns(maxErrorPatterns);
  }

  line(level: string): void {
    this.levelCells.get(level).value++;
    this.version++;
  }

  registrationRejected(reason: string): void {
    this.registrationsRejected.inc({ reason });
    this.version++;
  }

  error(event: LogError): void {
    if (this.errorPatterns.record(event)) this.onErrorPatternCap?.(this.errorPatterns.maxPatterns);
    this.version++;
  }
}
