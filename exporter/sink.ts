/**
 * The one place sources deliver to: events go to the fleet state, errors are counted
 * (`ufo_exporter_errors_total`, every one) and logged — a few per (source, kind) and minute, then one
 * summary line (error-log-limiter.ts) — and crossing the per-client series cap is logged once per
 * crossing (not once per scrape). Every event's label values are capped in length on the way in
 * (label-bounds.ts). The log's `log_line` events may come as their fields (`logLine`): the same counts.
 */
import { ErrorLogLimiter } from './error-log-limiter';
import type { ClientsSnapshot, FleetEvent, SourceError, SourceSink } from './events';
import { boundEventLabels, MAX_LABEL_CHARS } from './label-bounds';
import type { Logger } from './logging';
import type { FleetState } from './state';

export interface StateSinkOptions {
  readonly state: FleetState;
  readonly logger: Logger;
  /** --clients.max-series */
  readonly maxSeries: number;
}

export interface StateSink extends SourceSink {
  /** Logs the error summaries still pending; call after the sources stopped. */
  close(): void;
}

/** What a state sink holds; its methods (below) are the same functions for every sink. */
interface SinkParts {
  readonly state: FleetState;
  readonly logger: Logger;
  readonly maxSeries: number;
  readonly errorLog: ErrorLogLimiter;
  readonly countShortened: () => void;
  /** The connected clients were over the per-client series cap at the last look. */
  overCap: boolean;
}
type SinkObject = SinkParts & StateSink;

/*
 * The methods are module functions shared by every sink, not closures made per sink: each pipeline (one
 * per UFO server; the bench's repeated ingests) then calls the same functions, and V8's optimised code for
 * the log's per-line path, which inlines them, stays valid when another pipeline starts.
 */

function emit(this: SinkObject, received: FleetEvent): void {
  const event = boundEventLabels(received, this.countShortened);
  this.state.apply(event);
  if (event.type === 'client_connected' || event.type === 'client_disconnected' || event.type === 'clients_snapshot') watchCap(this);
}

function logLine(this: SinkObject, level: string, at: number): void {
  // A level is one of a handful of short names; a longer one takes the general path (label bounds).
  if (level.length > MAX_LABEL_CHARS) this.emit({ source: 'log', at, type: 'log_line', level });
  else this.state.applyLogLine(level);
}

async function prepareSnapshot(this: SinkObject, snapshot: ClientsSnapshot): Promise<void> {
  // Only a list emit() will pass on as it is (no label too long): a shortened copy would be another list.
  if (boundEventLabels(snapshot, () => undefined) === snapshot) await this.state.prepareSnapshot(snapshot);
}

function reportError(this: SinkObject, error: SourceError): void {
  this.state.recordError(error);
  this.errorLog.report(error);
}

function linesRead(this: SinkObject, count: number): void {
  this.state.recordLinesRead(count);
}

function logFileState(this: SinkObject, missingDetail: string | null): void {
  this.state.recordLogFileState(missingDetail);
}

function close(this: SinkObject): void {
  this.errorLog.close();
}

function watchCap(sink: SinkObject): void {
  const { state, logger, maxSeries } = sink;
  const connected = state.clients.connectedCount;
  const nowOver = connected > maxSeries;
  if (nowOver === sink.overCap) return;
  sink.overCap = nowOver;
  if (nowOver)
    logger.warn('per-client series capped: only the oldest connections get client_id series; aggregates stay complete', {
      connected_clients: connected,
      max_series: maxSeries,
      flag: '--clients.max-series',
    });
  else logger.info('per-client series back under the cap', { connected_clients: connected, max_series: maxSeries });
}

export function createStateSink({ state, logger, maxSeries }: StateSinkOptions): StateSink {
  state.setBoundLimit('label_length', MAX_LABEL_CHARS);
  const sink: SinkObject = {
    state,
    logger,
    maxSeries,
    errorLog: new ErrorLogLimiter(logger),
    countShortened: (): void => state.recordOverflow('label_length'),
    overCap: false,
    emit,
    logLine,
    prepareSnapshot,
    reportError,
    linesRead,
    logFileState,
    close,
  };
  return sink;
}
