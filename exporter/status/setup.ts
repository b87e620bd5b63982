/**
 * The status page as the exporter runs it: its routes (router.ts, with the Alertmanager reader), or nothing when
 * `--web.disable-status-page` is set (the plain landing page stays at `/`).
 */

import type { FleetView } from '../state';
import type { ServerIdentity } from '../targets/identity';
import type { Handler, Routes } from '../web/routes';
import type { StatusLinks } from './document';

/** The page's paths, served by router.ts. */
export const STATUS_PATHS = ['/', '/status/app.css', '/status/favicon.svg', '/status/app.js', '/api/status'] as const;

export interface StatusPageDeps {
  readonly disabled?: boolean;
  readonly alertmanagerUrl?: string;
  /** Where the page links to, as a browser reaches them. */
  readonly links: StatusLinks;
  readonly view: FleetView;
  readonly listLimit: number;
  readonly telemetryPath: string;
  readonly version: string;
  readonly server: ServerIdentity;
  /** The API source's poll (single-flight, bounded by --ufo.timeout). */
  readonly refresh: () => Promise<void>;
  /** Every secret the exporter holds (API key, event token, bearer token). */
  readonly secrets: readonly (string | undefined)[];
}

/**
 * The page's routes. Its modules (the router, the document, the Alertmanager reader, the browser
 * script) are loaded on the page's first request: a scrape never needs them, so a start does not
 * load them (docs/performance.md).
 */
export function statusPage(deps: StatusPageDeps): Routes | undefined {
  if (deps.disabled) return undefined;
  const startedAt = Date.now() / 1000;
  let routes: Promise<Routes> | undefined;
  const load = (): Promise<Routes> =>
    (routes ??= import('./router').then(
      ({ statusRoutes }) => statusRoutes(deps, startedAt),
      (err: unknown) => {
        routes = undefined; // retried on the next request
        throw err;
      },
    ));
  const lazy = (path: string): Handler => async (req, res) => {
    const handler = (await load()).get(path);
    if (!handler) throw new Error(`status page: no route for ${path}`);
    await handler(req, res);
  };
  return new Map(STATUS_PATHS.map((path) => [path, lazy(path)]));
}
