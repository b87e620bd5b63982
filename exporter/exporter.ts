/**
 * Assembles a running exporter from a validated config: fleet state, the sink every source reports
 * to, the API source, the log source (when --ufo.log-file is set), the /events socket (when
 * --events.token is set), the metric renderer and the web server. Used by the CLI (main.ts), tests, the demo and the bench.
 */
import type { Server as HttpServer } from 'node:http';
import type { ExporterConfig } from './config';
import type { Source } from './events';
import type { Logger } from './logging';
import { buildInfo } from './metrics/build-info';
import { CatalogueRenderer } from './metrics/renderer';
import { createProcessRegistry } from './process-metrics';
import { createStateSink } from './sink';
import { createApiSource } from './sources/api';
import { OwnConnections } from './own-connections';
import { createLogSource } from './sources/log';
import { attachEventSocket, type EventSocket } from './sources/push';
import { FleetState } from './state';
import { redactUrlCredentials } from './url-credentials';
import { statusPage } from './status/setup';
import { createApp } from './web/app';
import { listen } from './web/server';
import { guardUpgrades, setUpAccessControl } from './web/web-config-setup';

/** Where pushed events are accepted (a WebSocket), when --events.token is set. */
export const EVENTS_PATH = '/events';

export interface RunningExporter {
  /** Base URL, e.g. http://127.0.0.1:9877 */
  readonly url: string;
  readonly metricsUrl: string;
  readonly state: FleetState;
  close(): Promise<void>;
}

export async function startExporter(config: ExporterConfig, logger: Logger): Promise<RunningExporter> {
  // Only the log and the event socket know a disconnect's reason: without them nothing is worth waiting for.
  const reasonSource = config.logFile !== undefined || config.eventsToken !== undefined;
  const state = new FleetState({
    knownDevices: config.knownDevices,
    disconnectGraceSeconds: reasonSource ? config.disconnectGraceMs / 1000 : 0,
  });
  const sink = createStateSink({ state, logger, maxSeries: config.maxSeries });
  const build = buildInfo();
  const renderer = new CatalogueRenderer({ view: state, maxSeries: config.maxSeries, build });
  const processRegistry = createProcessRegistry();

  // The server logs the exporter's own probes like any request: the log source tells them apart by their sockets.
  const own = new OwnConnections();
  const api = createApiSource({ url: config.ufoUrl, apiKey: config.apiKey, timeoutMs: config.timeoutMs, onSocket: (s) => own.track(s) });
  const sources: Source[] = [api];
  if (config.logFile)
    sources.push(createLogSource({ file: config.logFile, fromStart: config.logFromStart, logger, isOwnCaller: (caller) => own.isOwnCaller(caller) }));

  const access = await setUpAccessControl({
    webConfigFile: config.webConfigFile,
    recordFailure: (reason) => state.recordAuthFailure(reason),
    logger,
  });
  const app = createApp({
    telemetryPath: config.telemetryPath,
    refresh: () => api.poll(),
    renderCatalogue: () => renderer.renderChunks(),
    processRegistry,
    isReady: () => api.completedPolls > 0,
    build,
    logger,
    guard: access.guard,
    home: statusPage({
      disabled: config.disableStatusPage,
      alertmanagerUrl: config.alertmanagerUrl,
      view: state,
      listLimit: config.maxSeries,
      telemetryPath: config.telemetryPath,
      version: build.version,
      refresh: () => api.poll(),
      secrets: [config.apiKey, config.eventsToken, ...access.secrets],
    }),
  });
  const web = await listen(app, { ...config.listen, tls: access.tls });
  try {
    for (const source of sources) await source.start(sink);
  } catch (err) {
    await web.close();
    throw err;
  }
  // https.Server is an http.Server as far as upgrades go; the push source only listens for 'upgrade'.
  const events: EventSocket | undefined =
    config.eventsToken === undefined
      ? undefined
      : attachEventSocket(
          web.server as HttpServer,
          {
            path: EVENTS_PATH,
            token: config.eventsToken,
            maxMessageBytes: config.eventsMaxMessageBytes,
            logger,
            // A missing or wrong event token counts like a refused web credential.
            onRefused: access.recordRefusal,
          },
          sink,
        );
  // Web access control (--web.config.file) before the event socket's own token check.
  guardUpgrades(web.server, access.authorizeUpgrade);

  logger.info('exporter listening', {
    address: web.url,
    telemetry_path: config.telemetryPath,
    ufo_url: redactUrlCredentials(config.ufoUrl),
    alertmanager_url: config.alertmanagerUrl === undefined ? 'off' : redactUrlCredentials(config.alertmanagerUrl),
    log_file: config.logFile ?? '',
    events_socket: events ? EVENTS_PATH : 'off',
    version: build.version,
    revision: build.revision,
  });

  let closing: Promise<void> | undefined;
  return {
    url: web.url,
    metricsUrl: web.url + config.telemetryPath,
    state,
    close: () =>
      (closing ??= (async () => {
        await Promise.allSettled([...sources.map((s) => s.stop()), events?.close()]);
        sink.close();
        await web.close();
        processRegistry.clear();
      })()),
  };
}
