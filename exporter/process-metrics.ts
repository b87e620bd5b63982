/**
 * Node.js process metrics (prom-client's default metrics) in a registry of their own, served after
 * the catalogue on /metrics. prom-client registers three gauges whose names end in `_total`
 * (`nodejs_active_{handles,requests,resources}_total`), which `promtool check metrics` rejects
 * ("non-counter metrics should not have _total suffix"). collectDefaultMetrics has no per-metric
 * exclusion, so they are removed from the registry after it: the same counts remain available,
 * split by type, as `nodejs_active_handles{type}`, `nodejs_active_requests{type}` and
 * `nodejs_active_resources{type}` (sum them for the total).
 */
import { Registry, collectDefaultMetrics } from 'prom-client';

/** prom-client default metrics named like counters although they are gauges. */
export const REMOVED_PROCESS_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'] as const;

export function createProcessRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of REMOVED_PROCESS_METRICS) registry.removeSingleMetric(name);
  return registry;
}
