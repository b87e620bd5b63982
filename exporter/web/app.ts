/**
 * The exporter's HTTP surface: the telemetry path, /-/healthy, /-/ready and the landing page (or the
 * status page), on `node:http` routing (routes.ts). The app is built from its dependencies and knows
 * nothing of listening sockets, so access control (`guard`) and TLS (see server.ts) are added around
 * it without changing it.
 */
import type { RequestListener } from 'node:http';
import type { Logger } from '../logging';
import type { BuildInfo } from '../metrics/build-info';
import type { MetricsChunk } from '../metrics/packed-chunk';
import { GzipBody } from './gzip-body';
import { landingPage } from './landing';
import { sendMetrics } from './metrics-response';
import { RouteTable, routeRequests, send, TEXT, type Guard, type Handler, type Routes } from './routes';

export interface AppDeps {
  readonly telemetryPath: string;
  /** Refreshes upstream data before a scrape; resolves within the configured timeout, never rejects. */
  readonly refresh: () => Promise<void>;
  /** The catalogue metrics in the text format, as chunks written in order (the renderer's cached families; the large ones may be kept compressed). */
  readonly renderCatalogue: () => readonly MetricsChunk[];
  /** Node.js process metrics in the text format, served after the catalogue (docs/design.md). */
  readonly processMetrics: () => string;
  /** True once the exporter can answer a scrape meaningfully (first poll attempt done). */
  readonly isReady: () => boolean;
  readonly build: BuildInfo;
  readonly logger: Logger;
  /** Runs before every route, e.g. access control. */
  readonly guard?: Guard;
  /** Another metrics route, e.g. the multi-target `/probe` (exporter/targets/), behind the same guard. */
  readonly probe?: { readonly path: string; readonly handler: Handler };
  /** Replaces the landing page at `/`, e.g. with a status page, which may also serve its own paths (assets, JSON). */
  readonly home?: Routes;
}

export function createApp(deps: AppDeps): RequestListener {
  const gzipBody = new GzipBody();
  const table = new RouteTable()
    .add(deps.telemetryPath, async (req, res) => {
      await deps.refresh();
      const chunks = [...deps.renderCatalogue(), Buffer.from(deps.processMetrics(), 'utf8')];
      await sendMetrics(req, res, chunks, gzipBody);
    })
    .add('/-/healthy', (_req, res) => send(res, 200, TEXT, 'OK\n'))
    .add('/-/ready', (_req, res) => {
      if (deps.isReady()) send(res, 200, TEXT, 'Ready\n');
      else send(res, 503, TEXT, 'Not ready: the first poll of the UFO server has not finished\n');
    });
  if (deps.probe) table.add(deps.probe.path, deps.probe.handler);
  if (deps.home) table.addAll(deps.home);
  else table.add('/', landingPage({ telemetryPath: deps.telemetryPath, build: deps.build }));
  return routeRequests(table, { ...(deps.guard && { guard: deps.guard }), logger: deps.logger });
}
