/** Renders each part of the status document into its place on the page. */

import type { AlertRow, AlertsSection, ClientsSection, EventRow, SessionsSection, StatusDocument, StatusLinks, UpstreamSection } from '../document';
import { CLIENT_COLUMNS, visibleClients, type ClientSortKey, type ClientTableView } from './client-table';
import { el, fill, show } from './dom';
import { formatAge, formatDuration, formatProbeSeconds, formatSince, formatTimestamp } from './format';

/** Whether the UFO server answered the exporter's last poll, or we cannot tell yet. */
export type UpstreamHealth = 'up' | 'down' | 'unknown';

export function upstreamHealth(upstream: UpstreamSection): UpstreamHealth {
  return upstream.up === null ? 'unknown' : upstream.up ? 'up' : 'down';
}

const HEALTH_LABEL: Record<UpstreamHealth, string> = { up: 'UP', down: 'DOWN', unknown: 'WAITING' };

function stat(label: string, value: string | number, testId: string, className = ''): HTMLElement {
  return el('div', { className: `stat ${className}` }, el('span', { className: 'stat-label' }, label), el('span', { className: 'stat-value', testId }, value));
}

function emptyRow(columns: number, text: string): HTMLTableRowElement {
  return el('tr', {}, el('td', { className: 'empty', attrs: { colspan: String(columns) } }, text));
}

export function renderServer(upstream: UpstreamSection, now: number): void {
  const health = upstreamHealth(upstream);
  fill(
    'server',
    stat('UFO server', HEALTH_LABEL[health], 'upstream-state', `health-${health}`),
    stat('Last successful poll', formatSince(upstream.lastSuccessAt, now), 'last-success'),
    stat('Last poll took', formatDuration(upstream.lastPollSeconds), 'last-poll-duration'),
    stat('API latency, last poll', formatProbeSeconds(upstream.lastProbeSeconds), 'api-latency'),
    stat('Mean API latency since start', formatProbeSeconds(upstream.meanProbeSeconds), 'api-latency-mean'),
  );
  show('upstream-banner', health === 'down');
  fill(
    'upstream-banner',
    el('strong', {}, 'UFO server is DOWN.'),
    ` Last successful poll: ${formatSince(upstream.lastSuccessAt, now)}. Client and session data below is the last known state.`,
    upstream.lastError ? ` Last error: ${upstream.lastError}` : null,
  );
}

export function renderFleet(doc: StatusDocument, now: number): void {
  const oldest = doc.sessions.active[0];
  fill(
    'devices',
    stat('Online', doc.devices.online, 'devices-online', 'ok'),
    stat('Busy', doc.devices.busy, 'devices-busy', 'busy'),
    stat('Offline', doc.devices.offline, 'devices-offline', doc.devices.offline > 0 ? 'bad' : ''),
  );
  fill(
    'clients-summary',
    stat('Connected', doc.clients.total, 'clients-total'),
    stat('Devices', doc.clients.byType.device, 'clients-devices'),
    stat('Constellations', doc.clients.byType.constellation, 'clients-constellations'),
  );
  fill(
    'sessions-summary',
    stat('Active sessions', doc.sessions.total, 'sessions-active'),
    stat('Oldest running', oldest ? formatAge(now - oldest.startedAt) : '–', 'sessions-oldest'),
  );
}

export function renderPlatforms(clients: ClientsSection): void {
  fill(
    'platforms-body',
    ...(clients.byTypeAndPlatform.length === 0
      ? [emptyRow(3, 'No client connected')]
      : clients.byTypeAndPlatform.map((r) => el('tr', {}, el('td', {}, r.type), el('td', {}, r.platform), el('td', { className: 'num' }, r.count)))),
  );
}

export function renderClientTable(clients: ClientsSection, view: ClientTableView, now: number, onSort: (key: ClientSortKey) => void): void {
  const rows = visibleClients(clients.list, view);
  fill(
    'clients-head',
    el(
      'tr',
      {},
      ...CLIENT_COLUMNS.map((col) => {
        const sorted = view.sortKey === col.key;
        const arrow = sorted ? (view.descending ? ' ▼' : ' ▲') : '';
        return el(
          'th',
          { attrs: { 'aria-sort': sorted ? (view.descending ? 'descending' : 'ascending') : 'none', scope: 'col' } },
          el('button', { className: 'sort', testId: `sort-${col.key}`, onClick: () => onSort(col.key) }, col.label + arrow),
        );
      }),
    ),
  );
  fill(
    'clients-body',
    ...(rows.length === 0
      ? [emptyRow(4, clients.list.length === 0 ? 'No client connected' : 'No client matches the filter')]
      : rows.map((r) =>
          el(
            'tr',
            { testId: 'client-row' },
            el('td', { className: 'mono' }, r.id),
            el('td', {}, r.type),
            el('td', {}, r.platform),
            el('td', { title: formatTimestamp(r.connectedAt) }, `${formatTimestamp(r.connectedAt)} (${formatAge(now - r.connectedAt)})`),
          ),
        )),
  );
  const unlisted = clients.total - clients.list.length;
  const capped = clients.listCapped
    ? ` The list is capped at ${clients.listLimit} clients (--clients.max-series); ${unlisted} more ${unlisted === 1 ? 'is' : 'are'} connected but not listed.`
    : '';
  fill('clients-note', `Showing ${rows.length} of ${clients.total} connected clients.${capped}`);
}

export function renderSessions(sessions: SessionsSection, now: number): void {
  fill(
    'sessions-body',
    ...(sessions.active.length === 0
      ? [emptyRow(4, sessions.sourceProblem === null ? 'No session running' : 'No session data')]
      : sessions.active.map((s) =>
          el(
            'tr',
            { testId: 'session-row' },
            el('td', { className: 'mono' }, s.id),
            el('td', { className: 'mono' }, s.clientId ?? '–'),
            el('td', {}, formatTimestamp(s.startedAt)),
            el('td', { className: 'num' }, formatAge(now - s.startedAt)),
          ),
        )),
  );
  fill('sessions-note', sessions.capped ? `Showing the ${sessions.active.length} oldest of ${sessions.total} running sessions.` : '');
  fill('sessions-source', sessions.sourceProblem ?? '');
}

const EVENT_LABEL: Record<string, string> = {
  client_connected: 'connected',
  client_disconnected: 'disconnected',
  session_started: 'session started',
  session_finished: 'session finished',
  registration_rejected: 'registration rejected',
  upstream_up: 'server up',
  upstream_down: 'server down',
};

export function renderEvents(events: readonly EventRow[], now: number): void {
  fill(
    'events-list',
    ...(events.length === 0
      ? [el('li', { className: 'empty' }, 'No event yet')]
      : events.map((e) =>
          el(
            'li',
            { className: `event kind-${e.kind}`, testId: 'event' },
            el('time', { title: formatTimestamp(e.at) }, `${formatAge(now - e.at)} ago`),
            el('span', { className: 'event-kind' }, EVENT_LABEL[e.kind] ?? e.kind),
            e.clientId !== null ? el('span', { className: 'mono' }, e.clientId) : null,
            e.sessionId !== null ? el('span', { className: 'mono' }, e.sessionId) : null,
            el('span', { className: 'detail' }, e.detail),
          ),
        )),
  );
}

/** A link that opens elsewhere; only http(s) URLs reach the document (checked by the exporter). */
function link(href: string, text: string, testId: string): HTMLAnchorElement {
  return el('a', { testId, attrs: { href, target: '_blank', rel: 'noopener noreferrer' } }, text);
}

/** Grafana's UFO dashboards, Prometheus' alerts and Alertmanager, where configured (--status.*-url). */
export function renderLinks(links: StatusLinks): void {
  const base = (url: string) => url.replace(/\/+$/, '');
  const items = [
    links.grafana !== null ? link(`${base(links.grafana)}/dashboards?tag=ufo`, 'Grafana', 'link-grafana') : null,
    links.prometheus !== null ? link(`${base(links.prometheus)}/alerts`, 'Prometheus', 'link-prometheus') : null,
    links.alertmanager !== null ? link(`${base(links.alertmanager)}/`, 'Alertmanager', 'link-alertmanager') : null,
  ].filter((a): a is HTMLAnchorElement => a !== null);
  fill('links', ...items.flatMap((a) => [a, ' · ']));
}

function alertRow(a: AlertRow, now: number): HTMLTableRowElement {
  const labels = Object.entries(a.labels).map(([name, value]) => el('span', { className: 'label mono', testId: 'alert-label' }, `${name}=${value}`));
  return el(
    'tr',
    { testId: 'alert-row', className: `severity-${a.severity}` },
    el('td', {}, a.name),
    el('td', {}, a.severity),
    el('td', {}, el('div', {}, a.summary), labels.length > 0 ? el('div', { className: 'labels' }, ...labels) : null),
    el('td', {}, formatSince(Date.parse(a.startsAt) / 1000, now)),
    el(
      'td',
      { className: 'links' },
      a.runbookUrl !== null ? link(a.runbookUrl, 'Runbook', 'alert-runbook') : null,
      a.runbookUrl !== null && a.silenceUrl !== null ? ' · ' : null,
      a.silenceUrl !== null ? link(a.silenceUrl, 'Silence', 'alert-silence') : null,
    ),
  );
}

export function renderAlerts(alerts: AlertsSection, now: number): void {
  show('alerts', alerts.configured);
  if (!alerts.configured) return;
  fill(
    'alerts-status',
    alerts.error !== null
      ? el('span', { className: 'error', testId: 'alerts-error' }, `Cannot read alerts: ${alerts.error}`)
      : `${alerts.firing.length} firing (read ${formatSince(alerts.fetchedAt, now)})`,
  );
  fill(
    'alerts-body',
    ...(alerts.firing.length === 0 ? [emptyRow(5, alerts.error === null ? 'No alert firing' : 'Alerts unknown')] : alerts.firing.map((a) => alertRow(a, now))),
  );
}
