/**
 * Assembles a running exporter from a validated config: the pipeline of the --ufo.url server (fleet
 * state, sink, API and log sources, renderer; exporter/targets/pipeline.ts) unless only `servers:` is
 * configured, one pipeline per `servers:` entry behind /probe, the /events socket (when --events.token
 * is set) and the web server. Used by the CLI (main.ts), tests, the demo and the bench.
 */
import type { Server as HttpServer } from 'node:http';
import type { ExporterConfig } from './config';
import type { Logger } from './logging';
import { buildInfo } from './metrics/build-info';
import { ProcessMetrics } from './process-metrics';
import type { EventSocket } from './sources/push';
import type { FleetState } from './state';
import { redactUrlCredentials } from './url-credentials';
import { statusPage } from './status/setup';
import { createServerPipeline, type PipelineSettings, type ServerPipeline } from './targets/pipeline';
import { startTargets, type Targets } from './targets';
import { PROBE_PATH } from './targets/probe-route';
import { handlerUntilReady } from './handler-until-ready';
import { createApp, type AppDeps } from './web/app';
import { DEFAULT_SERVER_LIMITS, listen, type ListeningServer } from './web/server';
import { guardUpgrades, setUpAccessControl, type AccessControl } from './web/access-guard';
import type { BuildInfo } from './metrics/build-info';

/** Where pushed events are accepted (a WebSocket), when --events.token is set. */
export const EVENTS_PATH = '/events';

export interface RunningExporter {
  /** Base URL, e.g. http://127.0.0.1:9877 */
  readonly url: string;
  readonly metricsUrl: string;
  /** The --ufo.url server's state (a fresh, never-polled state when only `servers:` is configured). */
  readonly state: FleetState;
  /** Re-reads --web.config.file now (SIGHUP); false when refused (the last good config stays). */
  reloadWebConfig(): Promise<boolean>;
  close(): Promise<void>;
}

/** Starts now, awaited later: until then an early failure must not count as an unhandled rejection. */
function startedEarly(start: Promise<void> | undefined): Promise<void> {
  const started = start ?? Promise.resolve();
  started.catch(() => undefined);
  return started;
}

interface AppParts {
  readonly single: ServerPipeline;
  /** The pipeline /metrics serves: none with --ufo.probe-only. */
  readonly serving: ServerPipeline | undefined;
  readonly targets: Targets | undefined;
  readonly processMetrics: ProcessMetrics;
  readonly access: AccessControl;
  readonly build: BuildInfo;
  readonly logger: Logger;
}

/** The web app's routes and what they read: /metrics, /probe, the status page. */
function appDeps(config: ExporterConfig, { single, serving, targets, processMetrics, access, build, logger }: AppParts): AppDeps {
  return {
    telemetryPath: config.telemetryPath,
    refresh: () => serving?.refresh() ?? Promise.resolve(),
    renderCatalogue: () => serving?.renderer.renderChunks() ?? [],
    processMetrics: () => processMetrics.render(),
    isReady: () => (serving ? serving.api.completedPolls > 0 : true),
    build,
    logger,
    guard: access.guard,
    ...(targets && { probe: { path: PROBE_PATH, handler: targets.handler } }),
    home: statusPage({
      disabled: config.disableStatusPage === true || serving === undefined,
      alertmanagerUrl: config.alertmanagerUrl,
      links: config.statusLinks,
      view: single.state,
      listLimit: config.maxSeries,
      telemetryPath: config.telemetryPath,
      version: build.version,
      server: single.server,
      refresh: () => single.refresh(),
      secrets: [config.apiKey, config.eventsToken, ...access.secrets],
    }),
  };
}

export async function startExporter(config: ExporterConfig, logger: Logger): Promise<RunningExporter> {
  const build = buildInfo();
  const settings: PipelineSettings = {
    timeoutMs: config.timeoutMs,
    maxBodyBytes: config.maxBodyBytes,
    logFromStart: config.logFromStart,
    maxSeries: config.maxSeries,
    disconnectGraceMs: config.disconnectGraceMs,
    knownDevices: config.knownDevices,
    stateLimits: {
      maxConnectedClients: config.maxTrackedClients,
      clientHistoryLimit: config.clientHistoryLimit,
      maxPushedUnconfirmed: config.eventsLimits.maxUnconfirmedClients,
    },
    maxErrorPatterns: config.maxErrorPatterns,
    // Only the log and the event socket know a disconnect's reason: without them nothing is worth waiting for.
    reasonSource: config.eventsToken !== undefined,
    pushSource: config.eventsToken !== undefined,
    logSilenceMs: config.logSilenceMs,
    build,
  };
  const single: ServerPipeline = createServerPipeline(
    { url: config.ufoUrl, apiKey: config.apiKey, ...(config.serverName !== undefined && { name: config.serverName }), ...(config.logFile !== undefined && { logFile: config.logFile }) },
    settings,
    logger,
  );
  const serving = config.probeOnly ? undefined : single;
  // Start-up order, for the first scrape's sake: the web config is read and checked (a bad one fails the
  // start before anything goes out), then the sources start (the first poll goes out), then the port is
  // bound, then the app and the rest are built — the upstream answers meanwhile. A scrape that connects
  // while the app is being built is queued (handler-until-ready.ts), not refused; a scrape before the
  // poll's end joins it (the API source's single flight): the first scrape still waits for the first poll.
  const access = await setUpAccessControl({
    webConfigFile: config.webConfigFile,
    recordFailure: (reason) => single.state.recordAuthFailure(reason),
    bounds: single.state,
    maxFailedLogins: config.maxFailedLogins,
    onReloadError: (message) => single.sink.reportError({ source: 'config', kind: 'web_config_reload', message }),
    logger,
  });
  const servingStarted = startedEarly(serving?.start());
  const handler = handlerUntilReady();
  let web: ListeningServer;
  try {
    web = await listen(handler.listener, {
      ...config.listen,
      tls: access.tls,
      limits: { ...DEFAULT_SERVER_LIMITS, maxConnections: config.maxConnections },
      onOverflow: (bound) => single.state.recordOverflow(bound),
    });
  } catch (err) {
    // The port in use: the poll under way ends with the start.
    await servingStarted.catch(() => undefined);
    await serving?.stop();
    await access.close();
    throw err;
  }
  let started: { processMetrics: ProcessMetrics; targets: Targets | undefined } | undefined;
  try {
    access.attach(web.server);
    single.state.setBoundLimit('web_connections', config.maxConnections);
    single.state.setBoundLimit('web_slow_requests', DEFAULT_SERVER_LIMITS.requestTimeoutMs / 1000);
    const processMetrics = new ProcessMetrics({ eventLoopResolutionMs: config.eventLoopResolutionMs });
    const targets = config.servers && startTargets({ servers: config.servers, settings: { ...settings, reasonSource: false, pushSource: false }, logger, processMetrics });
    started = { processMetrics, targets };
    handler.ready(createApp(appDeps(config, { single, serving, targets, processMetrics, access, build, logger })));
    await servingStarted;
    await targets?.start();
  } catch (err) {
    // Requests still waiting get 503; the server, the sources and the rest are closed.
    handler.fail();
    await servingStarted.catch(() => undefined);
    await Promise.allSettled([serving?.stop(), started?.targets?.stop()]);
    await web.close();
    await access.close();
    started?.processMetrics.close();
    throw err;
  }
  const { processMetrics, targets } = started;
  // https.Server is an http.Server as far as upgrades go; the push source only listens for 'upgrade'.
  const events: EventSocket | undefined =
    config.eventsToken === undefined
      ? undefined
      : // Loaded only when /events is on: ws and the event schema stay out of a plain start-up.
        (await import('./sources/push')).attachEventSocket(
          web.server as HttpServer,
          {
            path: EVENTS_PATH,
            token: config.eventsToken,
            maxMessageBytes: config.eventsMaxMessageBytes,
            logger,
            // A missing or wrong event token counts like a refused web credential.
            onRefused: access.recordRefusal,
            limits: config.eventsLimits,
            onOverflow: (bound) => single.state.recordOverflow(bound),
          },
          single.sink,
        );
  if (events) {
    single.state.setBoundLimit('push_connections', config.eventsLimits.maxConnections);
    single.state.setBoundLimit('push_rate', config.eventsLimits.maxMessagesPerSecond);
    single.state.setBoundLimit('push_buffered_bytes', config.eventsLimits.maxBufferedBytes);
  }
  // Web access control (--web.config.file) before the event socket's own token check.
  guardUpgrades(web.server, access.authorizeUpgrade);

  logger.info('exporter listening', {
    address: web.url,
    telemetry_path: config.telemetryPath,
    ufo_url: serving ? redactUrlCredentials(config.ufoUrl) : 'off',
    server: serving ? single.server.name : '',
    probe_targets: targets ? targets.count : 0,
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
    state: single.state,
    reloadWebConfig: () => access.reload(),
    close: () =>
      (closing ??= (async () => {
        await Promise.allSettled([serving?.stop(), targets?.stop(), events?.close()]);
        await web.close();
        await access.close();
        processMetrics.close();
      })()),
  };
}
