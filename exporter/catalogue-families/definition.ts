/** What one catalogue entry says about a metric, and the histogram buckets the families use. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** The unit of a metric's value; drives Grafana panel units and the docs. */
export type MetricUnit = 'seconds' | 'timestamp_seconds' | 'bytes' | 'ratio' | 'boolean' | 'count' | 'info';

/** Where a metric's data comes from (for the docs and the exporter dashboard). */
export type MetricSource = 'api' | 'log' | 'push' | 'exporter';

export interface MetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly unit: MetricUnit;
  readonly sources: readonly MetricSource[];
  /** Histogram bucket upper bounds, in the metric's unit. */
  readonly buckets?: readonly number[];
  /** Carries a `client_id` label: bounded by `--clients.max-series`, dropped past the cap. */
  readonly perClient?: boolean;
}

/** Probe latencies of the server's HTTP API: 5 ms … 10 s. */
export const API_LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10] as const;
/** Session durations: 1 s … 1 h (docs/design.md, Conventions). */
export const SESSION_DURATION_BUCKETS = [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600] as const;
/** Request latencies reported by the server (pushed events): 5 ms … 30 s. */
export const HTTP_LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;
