/**
 * Builds the status document from the fleet state's read-only view. Lists are cut at the per-client
 * cap (--clients.max-series), so a huge fleet costs the page what it costs /metrics.
 */

import type { FleetView } from '../state';
import type { ServerIdentity } from '../targets/identity';
import type { AlertsSection, ClientRow, SessionRow, StatusDocument, StatusLinks, UpstreamSection } from './document';

export interface StatusDocumentOptions {
  /** The per-client cap: at most this many clients (and sessions) are listed. */
  readonly listLimit: number;
  /** How many recent events to include. Default 50. */
  readonly recentEvents?: number;
  /** How many recent error patterns to include. Default 20. */
  readonly recentErrorPatterns?: number;
  readonly version: string;
  readonly server: ServerIdentity;
  /** Unix seconds. */
  readonly startedAt: number;
  /** Unix seconds. */
  readonly now: number;
  readonly alerts: AlertsSection;
  /** Default: no links. */
  readonly links?: StatusLinks;
}

export const NO_LINKS: StatusLinks = { grafana: null, prometheus: null, alertmanager: null };

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
  for (const probe of view.upstream.probes.entries()) {
    if (probe.count > 0) meanProbeSeconds[probe.labels.endpoint] = probe.sum / probe.count;
  }
  return { ...view.upstream.status(), meanProbeSeconds };
}

/** What the page says when no source feeds session data, or the log stopped feeding it. */
function sessionSourceProblem(view: FleetView, now: number): string | null {
  const { log, push } = view.sources.configured;
  if (!log && !push)
    return 'No session data: sessions, HTTP requests, log levels and rejected registrations come only from the UFO server log or the /events socket, and neither is configured. Enable one: --ufo.log-file=<the server log> (see docs/sources.md), or --events.token-file with the server pushing events.';
  const health = view.sources.logHealth(now);
  if (health.problem === 'missing') return `The UFO server log is missing (${health.missingDetail ?? 'not found'}): session data is not current.`;
  if (health.problem === 'silent')
    return `The UFO server log has written nothing for more than ${Math.round(health.silenceSeconds)} s while clients are connected (--ufo.log-silence): session data is not current. Is --ufo.log-file the file the server writes now?`;
  return null;
}

export function buildStatusDocument(view: FleetView, opts: StatusDocumentOptions): StatusDocument {
  const total = view.clients.connectedCount;
  const list: ClientRow[] = firstN(view.clients.connectedClients(), opts.listLimit).map((c) => ({
    id: c.clientId,
    type: c.clientType,
    platform: c.platform,
    connectedAt: c.connectedAt,
  }));
  const byTypeAndPlatform = view
    .clients.byTypeAndPlatform()
    .map((e) => ({ type: e.labels.client_type, platform: e.labels.platform, count: e.value }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type) || a.platform.localeCompare(b.platform));
  const byType = { device: 0, constellation: 0 };
  for (const row of byTypeAndPlatform) if (row.type === 'device' || row.type === 'constellation') byType[row.type] += row.count;

  const running = view.sessions.running().sort((a, b) => a.startedAt - b.startedAt);
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
    devices: { ...view.devices.counts() },
    clients: { total, byType, byTypeAndPlatform, list, listLimit: opts.listLimit, listCapped: total > list.length },
    sessions: { total: running.length, active: sessions, capped: running.length > sessions.length, sourceProblem: sessionSourceProblem(view, opts.now) },
    // Newest first by when each happened: sources report with their own times (a log line's, a poll's
    // start), so the order they arrived in is not always the order they happened in.
    events: [...view.recentEvents.latest(opts.recentEvents ?? 50)].sort((a, b) => b.at - a.at).map((e) => ({
      at: e.at,
      kind: e.kind,
      clientId: e.clientId ?? null,
      sessionId: e.sessionId ?? null,
      detail: e.detail,
    })),
    alerts: opts.alerts,
    links: opts.links ?? NO_LINKS,
    errorPatterns: {
      recent: view.log.errorPatterns.recent(opts.recentErrorPatterns ?? 20),
      limit: view.log.errorPatterns.maxPatterns,
      folded: view.log.errorPatterns.folded,
    },
  };
}
