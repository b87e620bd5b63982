/**
 * The exporter's own counters: events applied by source, problems its sources met, requests its
 * access control rejected, and log lines read (the bounds have their own ledger, bounds.ts).
 */
import type { EventSource, SourceError } from '../events';
import type { ExporterReads } from './fleet-view';
import { LabelledCounter } from './series';
import { RepeatedCellsBy1 } from './series-cells';

export class ExporterCounters implements ExporterReads {
  readonly eventsApplied = new LabelledCounter(['source'] as const);
  /** `eventsApplied` by source: an event makes no labels object. */
  private readonly appliedCells = new RepeatedCellsBy1(this.eventsApplied, (source: EventSource) => ({ source }));
  /** The one place ufo_exporter_errors_total is counted. */
  readonly errors = new LabelledCounter(['source', 'kind'] as const);
  readonly authFailures = new LabelledCounter(['reason'] as const);
  logLinesRead = 0;
  /** Bumped on every change of any of the above. */
  version = 0;

  applied(source: EventSource): void {
    this.appliedCells.get(source).value++;
    this.version++;
  }

  error(error: Pick<SourceError, 'source' | 'kind'>): void {
    this.errors.inc({ source: error.source, kind: error.kind });
    this.version++;
  }

  authFailure(reason: string): void {
    this.authFailures.inc({ reason });
    this.version++;
  }

  linesRead(count: number): void {
    this.logLinesRead += count;
    this.version++;
  }
}
