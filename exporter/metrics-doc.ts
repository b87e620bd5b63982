/** Renders `docs/metrics.md`, the metrics reference, from the catalogue so the docs cannot drift (scripts/build/docs-generator.ts writes it). */
import { metricDefinitions, type MetricDefinition } from './catalogue';

/** When a family is exported at all: one only optional sources feed is absent without them (exporter/metrics/renderer.ts). */
function onlyWith(def: MetricDefinition): string {
  if (def.sources.some((s) => s === 'api' || s === 'exporter')) return '';
  const flags = def.sources.map((s) => (s === 'log' ? '`--ufo.log-file`' : '`--events.token`'));
  return `exported only with ${flags.join(' or ')}`;
}

function row(def: MetricDefinition): string {
  const labels = def.labelNames.length > 0 ? def.labelNames.map((l) => `\`${l}\``).join(', ') : '—';
  const notes = [
    def.buckets ? `buckets: ${def.buckets.join(', ')}` : '',
    def.perClient ? 'per client, capped by `--clients.max-series`' : '',
    onlyWith(def),
  ].filter(Boolean);
  const help = def.help.replace(/\|/g, '\\|') + (notes.length > 0 ? ` (${notes.join('; ')})` : '');
  return `| \`${def.name}\` | ${def.type} | ${def.unit} | ${labels} | ${def.sources.join(', ')} | ${help} |`;
}

export function renderMetricsDoc(): string {
  const rows = [...metricDefinitions].sort((a, b) => a.name.localeCompare(b.name)).map(row);
  return [
    '# Metrics reference',
    '',
    'Every metric `ufo-exporter` serves on `/metrics`, generated from `exporter/catalogue.ts`.',
    'Sources: `api` = polls of the server HTTP API, `log` = the server log file, `push` = events pushed',
    'to `/events`, `exporter` = the exporter itself. Node.js process metrics (`process_*`, `nodejs_*`)',
    'are served too, from a separate registry.',
    '',
    'A family that only the log or `/events` feeds is not exported at all when neither is configured',
    '(`ufo_exporter_source_configured` says which are): absent, not a flat 0. What the log counts for the',
    "real server — busy devices, reused session ids, the exporter's own requests (in",
    '`ufo_exporter_own_requests_total`, never in `ufo_http_requests_total`), platforms across reconnects —',
    'and what a missing or silent log looks like: [sources.md](sources.md).',
    '',
    'The `nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds` gauges describe the event-loop',
    'delay since the previous scrape, sampled every `--runtime.eventloop-resolution` (default 100ms;',
    "prom-client samples every 10ms, which kept an idle exporter at ~0.4 % of a core: every sample wakes",
    'the process). They are the delay *beyond* the schedule (prom-client reports the whole interval, so its',
    'values include its 10ms): an idle loop reads ~0 at any resolution. A stall longer than the resolution',
    'is always seen in max and p99; a shorter one only when it delays a sample. With no sample since the',
    'last scrape (scrapes closer together than the resolution) they read 0. `nodejs_eventloop_lag_seconds`',
    '(how late a callback queued at a scrape ran) is unchanged.',
    '',
    '| name | type | unit | labels | sources | help |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '## Renamed metrics (upgrade notes)',
    '',
    '- `ufo_client_connections_total{client_id}` (every connected client, from 1) became',
    '  `ufo_client_reconnects_total{client_id}`: connections beyond the first since the exporter started,',
    '  exposed only for a client that has reconnected, so a stable fleet sends none (it was a third of the',
    "  per-client bytes on the wire and of UfoFlakyClient's work). UfoFlakyClient and the clients dashboard",
    '  read the new series; the rules setting `flakyClientConnects` is now `flakyClientReconnects` (same',
    '  default; it counts reconnects, as the old rule in effect did). Queries on the old name:',
    '  `ufo_client_connections_total` = `ufo_client_reconnects_total + 1` for clients that reconnected, 1',
    '  for the others (docs/runbooks.md#ufoflakyclient says how the rule counts).',
    '',
  ].join('\n');
}
