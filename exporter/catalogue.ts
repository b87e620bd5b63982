/**
 * The metric catalogue: the single source of truth for every metric the exporter exports.
 *
 * The exporter registers metrics only from here; `rules/` and `grafana/` import the names from here,
 * so a rule or panel naming a metric the exporter does not export fails to compile (typed names) or
 * fails a test (PromQL parsed and checked against `knownSeriesNames`). `docs/metrics.md` is
 * generated from this file by `npm run build:rules`.
 */
import { clientFamilies } from './catalogue-families/clients';
import { exporterFamilies } from './catalogue-families/exporter';
import { logFamilies } from './catalogue-families/log';
import { sessionFamilies } from './catalogue-families/sessions';
import type { MetricDefinition } from './catalogue-families/definition';

export * from './catalogue-families/definition';
export * from './catalogue-families/label-values';

/**
 * Every family, assembled from catalogue-families/ (one file per group). The order is the order of
 * /metrics, docs/metrics.md and the exporter dashboard.
 */
export const catalogue = {
  ...exporterFamilies,
  ...clientFamilies,
  ...sessionFamilies,
  ...logFamilies,
} as const satisfies Record<string, MetricDefinition>;

export type CatalogueKey = keyof typeof catalogue;
export type Catalogue = typeof catalogue;
/** Every metric name the exporter exports, as a literal union. */
export type MetricName = Catalogue[CatalogueKey]['name'];
type HistogramName = Extract<Catalogue[CatalogueKey], { type: 'histogram' }>['name'];
/** Every series name a query may use: metric names plus histograms' `_bucket`, `_sum`, `_count`. */
export type SeriesName = MetricName | `${HistogramName}_${'bucket' | 'sum' | 'count'}`;
/** The label names of one metric, as a literal union. */
export type LabelsOf<K extends CatalogueKey> = Catalogue[K]['labelNames'][number];

export const metricDefinitions: readonly MetricDefinition[] = Object.values(catalogue);

/**
 * Series that exist in Prometheus without this exporter defining them: Prometheus' own synthetic
 * series and the Node.js process metrics (prom-client's default metric families, served after the
 * catalogue by exporter/process-metrics.ts).
 */
export const PROMETHEUS_BUILTIN_SERIES = ['up', 'ALERTS', 'ALERTS_FOR_STATE', 'scrape_duration_seconds', 'scrape_samples_scraped'] as const;
export const PROCESS_SERIES = [
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'process_start_time_seconds',
  'process_open_fds',
  'nodejs_heap_size_used_bytes',
  'nodejs_heap_size_total_bytes',
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_p99_seconds',
] as const;
export type ExternalSeriesName = (typeof PROMETHEUS_BUILTIN_SERIES)[number] | (typeof PROCESS_SERIES)[number];

/** Every series name of the catalogue, histograms expanded. */
export function catalogueSeriesNames(): Set<string> {
  const names = new Set<string>();
  for (const def of metricDefinitions) {
    names.add(def.name);
    if (def.type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(def.name + s);
  }
  return names;
}

/** Series names a rule or panel may use besides recording rules: the catalogue, builtins, process metrics. */
export function knownSeriesNames(): Set<string> {
  const names = catalogueSeriesNames();
  for (const n of [...PROMETHEUS_BUILTIN_SERIES, ...PROCESS_SERIES]) names.add(n);
  return names;
}

/** A typed metric-name reference for PromQL builders: `metric('ufo_up')` fails to compile if misspelt. */
export function metric<N extends SeriesName | ExternalSeriesName>(name: N): N {
  return name;
}
