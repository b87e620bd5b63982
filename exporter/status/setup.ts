/**
 * The status page as the exporter runs it: its routes with its Alertmanager reader, or nothing when
 * `--web.disable-status-page` is set (the plain landing page stays at `/`).
 */

import type { Routes } from '../web/routes';
import type { FleetView } from '../state';
import type { ServerIdentity } from '../targets/identity';
import { AlertmanagerReader } from './alertmanager';
import type { StatusLinks } from './document';
import { createStatusRouter } from './router';

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

export function statusPage(deps: StatusPageDeps): Routes | undefined {
  if (deps.disabled) return undefined;
  const alertmanager = deps.alertmanagerUrl ? new AlertmanagerReader({ url: deps.alertmanagerUrl, ...(deps.links.alertmanager !== null && { linkUrl: deps.links.alertmanager }) }) : undefined;
  return createStatusRouter({
    view: deps.view,
    listLimit: deps.listLimit,
    telemetryPath: deps.telemetryPath,
    version: deps.version,
    server: deps.server,
    startedAt: Date.now() / 1000,
    refresh: deps.refresh,
    ...(alertmanager && { alertmanager }),
    links: deps.links,
    secrets: deps.secrets.filter((s): s is string => s !== undefined && s !== ''),
  });
}
