/**
 * The exporter's HTTP surface as an express app: the telemetry path, /-/healthy, /-/ready and the
 * landing page. The app is built from its dependencies and knows nothing of listening sockets, so
 * access control (`guard`) and TLS (see server.ts) are added around it without changing it.
 */
import express, { type Express, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../logging';
import type { BuildInfo } from '../metrics/build-info';
import { GzipBody } from './gzip-body';
import { landingPage } from './landing';
import { sendMetrics } from './metrics-response';

export interface AppDeps {
  readonly telemetryPath: string;
  /** Refreshes upstream data before a scrape; resolves within the configured timeout, never rejects. */
  readonly refresh: () => Promise<void>;
  /** The catalogue metrics in the text format, as UTF-8 chunks written in order (the renderer's cached families). */
  readonly renderCatalogue: () => readonly Uint8Array[];
  /** Node.js process metrics, served after the catalogue (a separate registry, see docs/design.md). */
  readonly processRegistry: Registry;
  /** True once the exporter can answer a scrape meaningfully (first poll attempt done). */
  readonly isReady: () => boolean;
  readonly build: BuildInfo;
  readonly logger: Logger;
  /** Runs before every route, e.g. access control. */
  readonly guard?: RequestHandler;
  /** Another metrics route, e.g. the multi-target `/probe` (exporter/targets/), behind the same guard. */
  readonly probe?: { readonly path: string; readonly handler: RequestHandler };
  /** Replaces the landing page at `/`, e.g. with a status page: mounted with `app.use`, so a router may also serve its own paths (assets, JSON). */
  readonly home?: RequestHandler;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.guard) app.use(deps.guard);

  const gzipBody = new GzipBody();
  app.get(deps.telemetryPath, async (req, res) => {
    await deps.refresh();
    const chunks = [...deps.renderCatalogue(), Buffer.from(await deps.processRegistry.metrics(), 'utf8')];
    await sendMetrics(req, res, chunks, gzipBody);
  });
  app.get('/-/healthy', (_req, res) => {
    res.type('text/plain').send('OK\n');
  });
  app.get('/-/ready', (_req, res) => {
    if (deps.isReady()) res.type('text/plain').send('Ready\n');
    else res.status(503).type('text/plain').send('Not ready: the first poll of the UFO server has not finished\n');
  });
  if (deps.probe) app.get(deps.probe.path, deps.probe.handler);
  if (deps.home) app.use(deps.home);
  else app.get('/', landingPage({ telemetryPath: deps.telemetryPath, build: deps.build }));

  app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    deps.logger.error('request failed', { path: req.path, error: err instanceof Error ? err.message : String(err) });
    if (!res.headersSent) res.status(500).type('text/plain').send('Internal error\n');
  });
  return app;
}
