/** Renders `docs/metrics.md`, the metrics reference, from the catalogue so the docs cannot drift (scripts/build/docs-generator.ts writes it). */
import { metricDefinitions, type MetricDefinition } from './catalogue';

function row(def: MetricDefinition): string {
  const labels = def.labelNames.length > 0 ? def.labelNames.map((l) => `\`${l}\``).join(', ') : '—';
  const notes = [
    def.buckets ? `buckets: ${def.buckets.join(', ')}` : '',
    def.perClient ? 'per client, capped by `--clients.max-series`' : '',
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
    '| name | type | unit | labels | sources | help |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
