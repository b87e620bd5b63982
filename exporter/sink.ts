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

export function createStateSink({ state, logger, maxSeries }: StateSinkOptions): StateSink {
  const errorLog = new ErrorLogLimiter(logger);
  state.setBoundLimit('label_length', MAX_LABEL_CHARS);
  const countShortened = (): void => state.recordOverflow('label_length');
  let overCap = false;
  const watchCap = (): void => {
    const connected = state.clients.connectedCount;
    const nowOver = connected > maxSeries;
    if (nowOver === overCap) return;
    overCap = nowOver;
    if (nowOver)
      logger.warn('per-client series capped: only the oldest connections get client_id series; aggregates stay complete', {
        connected_clients: connected,
        max_series: maxSeries,
        flag: '--clients.max-series',
      });
    else logger.info('per-client series back under the cap', { connected_clients: connected, max_series: maxSeries });
  };

  const emit = (received: FleetEvent): void => {
    const event = boundEventLabels(received, countShortened);
    state.apply(event);
    if (event.type === 'client_connected' || event.type === 'client_disconnected' || event.type === 'clients_snapshot') watchCap();
  };

  return {
    emit,
    logLine(level: string, at: number): void {
      // A level is one of a handful of short names; a longer one takes the general path (label bounds).
      if (level.length > MAX_LABEL_CHARS) emit({ source: 'log', at, type: 'log_line', level });
      else state.applyLogLine(level);
    },
    async prepareSnapshot(snapshot: ClientsSnapshot): Promise<void> {
      // Only a list emit() will pass on as it is (no label too long): a shortened copy would be another list.
      if (boundEventLabels(snapshot, () => undefined) === snapshot) await state.prepareSnapshot(snapshot);
    },
    reportError(error: SourceError): void {
      state.recordError(error);
      errorLog.report(error);
    },
    linesRead(count: number): void {
      state.recordLinesRead(count);
    },
    logFileState(missingDetail: string | null): void {
      state.recordLogFileState(missingDetail);
    },
    close(): void {
      errorLog.close();
    },
  };
}
