/**
 * Serves the status page: `/` (HTML), `/status/app.js` + `/status/app.css` (the page's only
 * assets) and `/api/status` (the JSON document, documented in docs/status-page.md): routes for the
 * exporter's root, behind its access guard. Every response forbids inline script, framing and sniffing.
 */

import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { escapeHtml, send, type Handler, type Routes } from '../web/routes';
import type { FleetView } from '../state';
import type { ServerIdentity } from '../targets/identity';
import { AlertmanagerReader } from './alertmanager';
import { buildStatusDocument } from './build-document';
import type { StatusLinks } from './document';
import { statusPageScript } from './bundle';
import type { StatusPageDeps } from './setup';

export interface StatusRouterDeps {
  readonly view: FleetView;
  /** The per-client cap (--clients.max-series): lists are cut there. */
  readonly listLimit: number;
  readonly version: string;
  readonly server: ServerIdentity;
  /** --web.telemetry-path, linked from the page. */
  readonly telemetryPath: string;
  /** Unix seconds. */
  readonly startedAt: number;
  /**
   * Brings the state up to date before a document is built (the API source's single-flight poll,
   * bounded by --ufo.timeout): the exporter polls on demand, so the page's reads are what keep the
   * page fresh when nothing scrapes.
   */
  readonly refresh?: () => Promise<void>;
  /** Set when --alertmanager.url is given. */
  readonly alertmanager?: AlertmanagerReader;
  /** Where the page links to; none when absent. */
  readonly links?: StatusLinks;
  /** Values that must never be served (API key, bearer token), masked if an upstream error echoes one. */
  readonly secrets?: readonly string[];
  /** Unix seconds; for tests. */
  readonly now?: () => number;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
} as const;

function asset(name: string): string {
  return readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
}

/** Replaces every secret, raw or JSON-escaped, in an already serialised body. */
function maskSecrets(body: string, secrets: readonly string[]): string {
  let out = body;
  for (const secret of secrets.filter((s) => s.length > 0)) {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) out = out.split(form).join('[redacted]');
  }
  return out;
}

export function createStatusRouter(deps: StatusRouterDeps): Routes {
  const html = asset('index.html').replace('{{TELEMETRY_PATH}}', escapeHtml(deps.telemetryPath));
  const css = asset('app.css');
  const icon = asset('favicon.svg');
  const now = deps.now ?? (() => Date.now() / 1000);
  const page = (res: ServerResponse, type: string, body: string, cache: string): void =>
    send(res, 200, `${type}; charset=utf-8`, body, { ...SECURITY_HEADERS, 'Cache-Control': cache });

  const apiStatus: Handler = async (_req, res) => {
    const [alerts] = await Promise.all([
      deps.alertmanager ? deps.alertmanager.read() : ({ configured: false } as const),
      deps.refresh?.(),
    ]);
    const doc = buildStatusDocument(deps.view, {
      listLimit: deps.listLimit,
      version: deps.version,
      server: deps.server,
      startedAt: deps.startedAt,
      now: now(),
      alerts,
      ...(deps.links && { links: deps.links }),
    });
    page(res, 'application/json', maskSecrets(JSON.stringify(doc), deps.secrets ?? []), 'no-store');
  };
  return new Map<string, Handler>([
    ['/', (_req, res) => page(res, 'text/html', html, 'no-cache')],
    ['/status/app.css', (_req, res) => page(res, 'text/css', css, 'no-cache')],
    ['/status/favicon.svg', (_req, res) => page(res, 'image/svg+xml', icon, 'max-age=86400')],
    ['/status/app.js', async (_req, res) => page(res, 'text/javascript', await statusPageScript(), 'no-cache')],
    ['/api/status', apiStatus],
  ]);
}

/** The routes as the exporter runs them (setup.ts loads this module on the page's first request). */
export function statusRoutes(deps: StatusPageDeps, startedAt: number): Routes {
  const alertmanager = deps.alertmanagerUrl ? new AlertmanagerReader({ url: deps.alertmanagerUrl, ...(deps.links.alertmanager !== null && { linkUrl: deps.links.alertmanager }) }) : undefined;
  return createStatusRouter({
    view: deps.view,
    listLimit: deps.listLimit,
    telemetryPath: deps.telemetryPath,
    version: deps.version,
    server: deps.server,
    startedAt,
    refresh: deps.refresh,
    ...(alertmanager && { alertmanager }),
    links: deps.links,
    secrets: deps.secrets.filter((s): s is string => s !== undefined && s !== ''),
  });
}
