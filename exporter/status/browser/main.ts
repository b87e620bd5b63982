/**
 * The status page's script: polls /api/status every few seconds (`?refresh=N` overrides, 1–60),
 * re-renders, and says plainly when what it shows is old — the exporter unreachable, or the UFO
 * server down. Ages tick every second against the exporter's clock, not the browser's.
 */

import type { StatusDocument } from '../document';
import { toggleSort, type ClientTableView } from './client-table';
import { fill, show } from './dom';
import { renderErrorPatterns } from './error-patterns';
import { formatAge, formatTimestamp } from './format';
import { renderAlerts, renderClientTable, renderLinks, renderEvents, renderFleet, renderPlatforms, renderServer, renderSessions, upstreamHealth } from './sections';

const DEFAULT_REFRESH_SECONDS = 5;

function refreshSeconds(): number {
  const requested = Number(new URLSearchParams(location.search).get('refresh'));
  return Number.isFinite(requested) && requested >= 1 ? Math.min(60, requested) : DEFAULT_REFRESH_SECONDS;
}

interface PageState {
  doc: StatusDocument | null;
  /** performance.now() when `doc` arrived. */
  receivedAt: number;
  /** Why the last poll failed; null when it succeeded. */
  pollError: string | null;
  table: ClientTableView;
}

const refresh = refreshSeconds();
const state: PageState = { doc: null, receivedAt: 0, pollError: null, table: { filter: '', sortKey: 'connectedAt', descending: false } };

/** The exporter's current time, extrapolated from the last document. */
function serverNow(doc: StatusDocument): number {
  return doc.generatedAt + (performance.now() - state.receivedAt) / 1000;
}

function render(): void {
  const { doc } = state;
  const dataAge = doc ? (performance.now() - state.receivedAt) / 1000 : 0;
  const exporterStale = state.pollError !== null || dataAge > 3 * refresh;
  show('exporter-banner', exporterStale);
  fill(
    'exporter-banner',
    `Cannot reach the exporter${state.pollError ? ` (${state.pollError})` : ''}. `,
    doc ? `Showing data from ${formatTimestamp(doc.generatedAt)}, ${formatAge(dataAge)} old.` : 'No data yet.',
  );
  document.body.classList.toggle('stale', exporterStale);
  if (!doc) return;
  const now = serverNow(doc);
  const health = upstreamHealth(doc.upstream);
  document.body.classList.toggle('upstream-down', health === 'down');
  fill('updated', `Data ${formatAge(dataAge)} old · exporter ${doc.exporter.version}, up ${formatAge(now - doc.exporter.startedAt)}`);
  const pill = document.getElementById('overall');
  if (pill) {
    pill.textContent = exporterStale ? 'EXPORTER UNREACHABLE' : `UFO server ${doc.server.name} ${health.toUpperCase()}`;
    pill.className = `pill health-${exporterStale ? 'stale' : health}`;
  }
  renderServer(doc.upstream, now);
  renderFleet(doc, now);
  renderPlatforms(doc.clients);
  renderClientTable(doc.clients, state.table, now, (key) => {
    state.table = toggleSort(state.table, key);
    render();
  });
  renderSessions(doc.sessions, now);
  renderEvents(doc.events, now);
  renderErrorPatterns(doc.errorPatterns, now);
  renderAlerts(doc.alerts, now);
  renderLinks(doc.links);
}

async function poll(): Promise<void> {
  try {
    const response = await fetch('api/status', { cache: 'no-store', headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    state.doc = (await response.json()) as StatusDocument;
    state.receivedAt = performance.now();
    state.pollError = null;
  } catch (err) {
    state.pollError = err instanceof Error ? err.message : String(err);
  }
  render();
}

async function pollForever(): Promise<never> {
  for (;;) {
    await poll();
    await new Promise((resolve) => setTimeout(resolve, refresh * 1000));
  }
}

const filterInput = document.getElementById('clients-filter');
if (filterInput instanceof HTMLInputElement) {
  filterInput.addEventListener('input', () => {
    state.table = { ...state.table, filter: filterInput.value };
    render();
  });
}
setInterval(render, 1000);
void pollForever();
