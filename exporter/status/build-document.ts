/**
 * Builds the status document from the fleet state's read-only view. Lists are cut at the per-client
 * cap (--clients.max-series), so a huge fleet costs the page what it costs /metrics.
 */

import type { FleetView } from '../state';
import type { ServerIdentity } from '../targets/identity';
import type { AlertsSection, ClientRow, SessionRow, StatusDocument, UpstreamSection } from './document';

export interface StatusDocumentOptions {
  /** The per-client cap: at most this many clients (and sessions) are listed. */
  readonly listLimit: number;
  /** How many recent events to include. Default 50. */
  readonly recentEvents?: number;
  readonly version: string;
  readonly server: ServerIdentity;
  /** Unix seconds. */
  readonly startedAt: number;
  /** Unix seconds. */
  readonly now: number;
  readonly alerts: AlertsSection;
}

function firstN<T>(items: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  if (n <= 0) return out;
  for (const item of items) {
    out.push(item);
    if (out.length >= n) break;
  }
  return out;
}

function upstreamSection(view: FleetView): UpstreamSection {
  const meanProbeSeconds: Record<string, number> = {};
  for (const probe of view.apiRequestDurations()) {
    if (probe.count > 0) meanProbeSeconds[probe.labels.endpoint] = probe.sum / probe.count;
  }
  return { ...view.upstream(), meanProbeSeconds };
}

export function buildStatusDocument(view: FleetView, opts: StatusDocumentOptions): StatusDocument {
  const total = view.connectedCount();
  const list: ClientRow[] = firstN(view.clients(), opts.listLimit).map((c) => ({
    id: c.clientId,
    type: c.clientType,
    platform: c.platform,
    connectedAt: c.connectedAt,
  }));
  const byTypeAndPlatform = view
    .clientsByTypeAndPlatform()
    .map((e) => ({ type: e.labels.client_type, platform: e.labels.platform, count: e.value }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type) || a.platform.localeCompare(b.platform));
  const byType = { device: 0, constellation: 0 };
  for (const row of byTypeAndPlatform) if (row.type === 'device' || row.type === 'constellation') byType[row.type] += row.count;

  const running = view.activeSessions().sort((a, b) => a.startedAt - b.startedAt);
  const sessions: SessionRow[] = running.slice(0, opts.listLimit).map((s) => ({
    id: s.sessionId,
    clientId: s.ownerId ?? null,
    clientType: s.ownerType,
    startedAt: s.startedAt,
    ageSeconds: Math.max(0, opts.now - s.startedAt),
  }));

  return {
    generatedAt: opts.now,
    exporter: { version: opts.version, startedAt: opts.startedAt },
    server: opts.server,
    upstream: upstreamSection(view),
    devices: { ...view.deviceCounts() },
    clients: { total, byType, byTypeAndPlatform, list, listLimit: opts.listLimit, listCapped: total > list.length },
    sessions: { total: running.length, active: sessions, capped: running.length > sessions.length },
    events: view.recentEvents(opts.recentEvents ?? 50).map((e) => ({
      at: e.at,
      kind: e.kind,
      clientId: e.clientId ?? null,
      sessionId: e.sessionId ?? null,
      detail: e.detail,
    })),
    alerts: opts.alerts,
  };
}
