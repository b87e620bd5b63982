/**
 * One UFO server's pipeline: its fleet state, the sink its sources report to, its API source, its
 * log source (when it has a log file) and its renderer. The single-server exporter runs one; the
 * multi-target exporter (`servers:`, /probe) runs one per server, so servers share no state, sources,
 * caches or polls: a slow server only ever delays the scrapes of its own /probe.
 */
import type { Source, SourceSink } from '../events';
import type { Logger, LogFields } from '../logging';
import type { BuildInfo } from '../metrics/build-info';
import { CatalogueRenderer } from '../metrics/renderer';
import { createLogProblemReporter } from '../log-problem-reporter';
import { createStateSink } from '../sink';
import { createApiSource, type ApiSource } from '../sources/api';
import { pollDeadlineMs } from '../sources/api/deadline';
import type { LogSourceOptions } from '../sources/log';
import { OwnConnections } from '../own-connections';
import { FleetState, type FleetStateOptions } from '../state';
import { waitAtMost } from '../wait-at-most';
import { serverIdentity, type ServerIdentity } from './identity';

export interface ServerSettings {
  /** Empty: the URL's host:port. */
  readonly name?: string;
  readonly url: string;
  readonly apiKey: string;
  readonly logFile?: string;
}

export interface PipelineSettings {
  readonly timeoutMs: number;
  /** --ufo.max-body-bytes */
  readonly maxBodyBytes?: number;
  readonly logFromStart: boolean;
  readonly maxSeries: number;
  readonly disconnectGraceMs: number;
  readonly knownDevices: readonly string[];
  /** The state's bounds (--clients.max-tracked, --clients.max-history, --events.max-unconfirmed-clients); defaults when absent. */
  readonly stateLimits?: Pick<FleetStateOptions, 'maxConnectedClients' | 'clientHistoryLimit' | 'maxPushedUnconfirmed'>;
  /** --errors.max-patterns */
  readonly maxErrorPatterns: number;
  /** True when a source other than the API (the log, or the exporter's /events socket) reports disconnect reasons. */
  readonly reasonSource: boolean;
  /** True when the exporter's /events socket feeds this server's state (the single-server exporter with --events.token). */
  readonly pushSource?: boolean;
  /** --ufo.log-silence, ms. */
  readonly logSilenceMs?: number;
  readonly build: BuildInfo;
}

export interface ServerPipeline {
  readonly server: ServerIdentity;
  readonly state: FleetState;
  readonly api: ApiSource;
  /**
   * Polls the API (or joins the poll in flight) while the log source reads its file to the end, so that a scrape
   * sees every line written before it; then says in the log when the server log stopped or resumed feeding the state.
   * Both are bounded by the poll's share of --ufo.timeout; never rejects.
   */
  refresh(): Promise<void>;
  readonly renderer: CatalogueRenderer;
  /** Where extra sources (the /events socket) deliver. */
  readonly sink: SourceSink;
  /** Starts the sources; on failure stops those already started and rethrows. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A logger whose every line also carries `fields` (e.g. the server's name). */
export function loggerWith(logger: Logger, fields: LogFields): Logger {
  return {
    debug: (msg, f) => logger.debug(msg, { ...fields, ...f }),
    info: (msg, f) => logger.info(msg, { ...fields, ...f }),
    warn: (msg, f) => logger.warn(msg, { ...fields, ...f }),
    error: (msg, f) => logger.error(msg, { ...fields, ...f }),
  };
}

/**
 * The log source, its modules (parser, tailer, line splitter: ~30 KB) imported when it starts: only
 * a server with `--ufo.log-file` has one, so a plain start neither loads nor compiles them.
 */
function logSourceOnDemand(opts: LogSourceOptions): Source & Required<Pick<Source, 'catchUp'>> {
  let source: Source | undefined;
  return {
    name: 'log',
    async start(sink) {
      const { createLogSource } = await import('../sources/log');
      source ??= createLogSource(opts);
      await source.start(sink);
    },
    stop: () => source?.stop() ?? Promise.resolve(),
    catchUp: () => source?.catchUp?.() ?? Promise.resolve(),
  };
}

export function createServerPipeline(server: ServerSettings, settings: PipelineSettings, logger: Logger): ServerPipeline {
  const identity = serverIdentity(server.url, server.name);
  const reasonSource = settings.reasonSource || server.logFile !== undefined;
  const state = new FleetState({
    knownDevices: settings.knownDevices,
    ...settings.stateLimits,
    disconnectGraceSeconds: reasonSource ? settings.disconnectGraceMs / 1000 : 0,
    maxErrorPatterns: settings.maxErrorPatterns,
    onErrorPatternCap: (limit) =>
      logger.warn('error patterns capped: new patterns count as pattern="other" in ufo_log_errors_total', { max_patterns: limit, flag: '--errors.max-patterns' }),
    configuredSources: { log: server.logFile !== undefined, push: settings.pushSource === true },
    ...(settings.logSilenceMs !== undefined && { logSilenceSeconds: settings.logSilenceMs / 1000 }),
  });
  const sink = createStateSink({ state, logger, maxSeries: settings.maxSeries });
  const renderer = new CatalogueRenderer({ view: state, maxSeries: settings.maxSeries, build: settings.build, server: identity });
  // The server logs the exporter's own probes like any request: the log source tells them apart by their sockets.
  const own = new OwnConnections();
  const api = createApiSource({ url: server.url, apiKey: server.apiKey, timeoutMs: settings.timeoutMs, ...(settings.maxBodyBytes !== undefined && { maxBodyBytes: settings.maxBodyBytes }), onSocket: (s) => own.track(s) });
  const logSource =
    server.logFile === undefined ? undefined : logSourceOnDemand({ file: server.logFile, fromStart: settings.logFromStart, logger, isOwnCaller: (caller) => own.isOwnCaller(caller) });
  const sources: Source[] = logSource ? [api, logSource] : [api];
  // A backlog (a log read from its start) never holds a scrape past the poll's deadline: its rest is read on and shows next time.
  const catchUpMs = pollDeadlineMs(settings.timeoutMs);
  const readLog = logSource ? () => waitAtMost(logSource.catchUp(), catchUpMs) : () => undefined;
  const started: Source[] = [];
  const checkLog = server.logFile === undefined ? () => undefined : createLogProblemReporter(state, logger, server.logFile);

  const stop = async (): Promise<void> => {
    await Promise.allSettled(started.splice(0).map((s) => s.stop()));
    sink.close();
  };
  return {
    server: identity,
    state,
    api,
    refresh: () => Promise.all([api.poll(), readLog()]).then(checkLog),
    renderer,
    sink,
    async start() {
      try {
        for (const source of sources) {
          await source.start(sink);
          started.push(source);
        }
      } catch (err) {
        await stop();
        throw err;
      }
    },
    stop,
  };
}
