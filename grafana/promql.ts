/**
 * Small typed PromQL builders for panel queries, on the patterns shared with the rules (promql/build.ts). Metric names are typed (catalogue, Prometheus
 * builtins, process metrics, recording rules), so a misspelt name does not compile; every rate and
 * increase uses Grafana's `$__rate_interval`; every selector filters on the `job` and `instance`
 * variables, so in a shared Prometheus other jobs exposing the same metrics (process_*, up) never mix in.
 */
import type { Catalogue, CatalogueKey, ExternalSeriesName, SeriesName } from '../exporter/catalogue';
import type { RecordingRuleName } from '../rules/recording-names';
import * as shared from '../promql/build';

/** Any series name a panel may query. */
export type QueryableSeries = SeriesName | ExternalSeriesName | RecordingRuleName;
type NameOfType<T extends string> = Extract<Catalogue[CatalogueKey], { type: T }>['name'];
export type CounterName = NameOfType<'counter'> | 'process_cpu_seconds_total';
export type HistogramName = NameOfType<'histogram'>;

/** Grafana's rate window: at least four scrape intervals, follows the dashboard's resolution. */
export const RATE_INTERVAL = '$__rate_interval';
/** Grafana's whole selected time range, for instant "over the range" tables. */
export const RANGE = '$__range';

/** Exporter series always carry the scrape's `job`; `$job` is the UFO exporter's job(s) (bundle config `job`). */
const JOB_MATCHER = 'job=~"$job"';
/** Exporter series always carry the scrape's `instance`; `$instance` is a regex (multi-value, All = `.*`). */
const INSTANCE_MATCHER = 'instance=~"$instance"';
/**
 * Recording rules and ALERTS may have aggregated `instance` away: match the chosen instance, or no
 * instance label at all (the empty alternative), so fleet-wide series still show.
 */
const INSTANCE_OR_NONE_MATCHER = 'instance=~"$instance|"';
const JOB_OR_NONE_MATCHER = 'job=~"$job|"';

/** `name{job=~"$job", instance=~"$instance", …}`: a series of the exporter instance(s) chosen on the dashboard. */
export function series(name: QueryableSeries, ...matchers: string[]): string {
  return `${name}{${[JOB_MATCHER, INSTANCE_MATCHER, ...matchers].join(', ')}}`;
}

/** Like `series`, for recording rules and ALERTS, which may carry no `instance` label. */
export function aggregatedSeries(name: RecordingRuleName | 'ALERTS', ...matchers: string[]): string {
  return `${name}{${[JOB_OR_NONE_MATCHER, INSTANCE_OR_NONE_MATCHER, ...matchers].join(', ')}}`;
}

/** `rate(selector[window])`, over `$__rate_interval` unless told. */
export function rate(selector: string, window: string = RATE_INTERVAL): string {
  return shared.rate(selector, window);
}

/** `increase(selector[window])`, over `$__rate_interval` unless told. */
export function increase(selector: string, window: string = RATE_INTERVAL): string {
  return shared.increase(selector, window);
}

/** `sum by (labels) (expr)`, or `sum(expr)` without labels. */
export const sumBy = shared.sumBy;

/** Per-second rate of a counter, summed by `labels`. */
export function ratePerSecond(counter: CounterName, labels: readonly string[] = [], ...matchers: string[]): string {
  return sumBy(labels, rate(series(counter, ...matchers)));
}

/** Per-minute rate of a counter, summed by `labels` (for events too rare to read per second). */
export function ratePerMinute(counter: CounterName, labels: readonly string[] = [], ...matchers: string[]): string {
  return shared.perMinute(ratePerSecond(counter, labels, ...matchers));
}

/** The q-quantile of a histogram over `$__rate_interval`, per `labels`. */
export function histogramQuantile(q: number, histogram: HistogramName, labels: readonly string[] = [], ...matchers: string[]): string {
  return shared.histogramQuantile(q, ['le', ...labels], series(`${histogram}_bucket`, ...matchers), RATE_INTERVAL);
}

/**
 * The share of a counter's rate whose series match `matchers`, per `labels` (0–1); 0 where no
 * series matches yet (`ratioOrZero`).
 */
export function shareOf(counter: CounterName, matchers: readonly string[], labels: readonly string[] = []): string {
  return shared.ratioOrZero(ratePerSecond(counter, labels, ...matchers), ratePerSecond(counter, labels));
}

/** What `zeroWhenAbsent` appends. */
const ZERO_FALLBACK = ' or on() vector(0)';

/**
 * `expr`, or a single 0 while it has no series at all. For counters whose labelled series appear
 * only with the first event (errors, rejections, cancellations): "none so far" reads as 0, not as an
 * empty panel. `on()` keeps the 0 out as soon as any real series exists.
 */
export function zeroWhenAbsent(expr: string): string {
  return `${expr}${ZERO_FALLBACK}`;
}

/**
 * The `expr` a `zeroWhenAbsent(expr)` query was built from, or undefined for a query without that
 * fallback. Stripping the suffix is exact: `or` binds loosest and associates left, so a trailing
 * `or on() vector(0)` is the query's top-level operation and everything before it is its left side.
 */
export function withoutZeroFallback(query: string): string | undefined {
  return query.endsWith(ZERO_FALLBACK) ? query.slice(0, -ZERO_FALLBACK.length) : undefined;
}

/** UFO alerts only: `ALERTS` filtered on the labels every UFO alert carries (bundle config `alertLabels`). */
export function ufoAlerts(alertLabels: Readonly<Record<string, string>>, ...matchers: string[]): string {
  return aggregatedSeries('ALERTS', ...Object.entries(alertLabels).map(([k, v]) => `${k}=${JSON.stringify(v)}`), ...matchers);
}
