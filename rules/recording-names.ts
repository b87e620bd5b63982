/**
 * Names of the recording rules `rules/` defines: the contract between the rules and the dashboards
 * (grafana/ imports these names; a panel naming a recording rule that is not here fails a test).
 * The expressions live in rules/; every name here must be recorded there (a test checks both ways).
 */

/** Windows of the SLO error ratios: the burn-rate alert windows plus the 30-day objective window. */
export const SLO_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];

/** The `slo` label values of the SLO recording rules. */
export const SLO_NAMES = ['api_availability', 'session_success'] as const;
export type SloName = (typeof SLO_NAMES)[number];

export const recording = {
  /** SLI error ratio over a window, one series per `slo` label (0–1). */
  sloErrorRatio: (w: SloWindow) => `ufo:slo_errors:ratio_rate${w}` as const,
  /** Burn rate over a window: error ratio ÷ (1 − objective), per `slo`. */
  sloBurnRate: (w: SloWindow) => `ufo:slo_burn_rate:ratio_rate${w}` as const,
  /** The objective (e.g. 0.999), per `slo`. */
  sloObjective: 'ufo:slo_objective:ratio',
  /** Error budget left over the 30-day window (1 = untouched, ≤ 0 = spent), per `slo`. */
  sloErrorBudgetRemaining: 'ufo:slo_error_budget_remaining:ratio',
  /** Share of finished sessions that failed or were cancelled, over 15m (0–1). */
  sessionsFailedRatio15m: 'ufo:sessions_failed:ratio_rate15m',
  /** Share of the server's HTTP requests answered 5xx, over 5m (0–1). */
  http5xxRatio5m: 'ufo:http_requests_5xx:ratio_rate5m',
  /** Share of ERROR + CRITICAL log messages, over 10m (0–1). */
  logErrorRatio10m: 'ufo:log_messages_error:ratio_rate10m',
  /** p95 of the exporter's API probe latency, per `endpoint`, over 5m (seconds). */
  apiProbeLatencyP95: 'ufo:api_request_duration_seconds:p95_rate5m',
  /** Share of known devices that are offline (0–1). */
  devicesOfflineRatio: 'ufo:devices_offline:ratio',
} as const;

type RecordingValue = (typeof recording)[keyof typeof recording];
/** Every recording-rule name, as a literal union. */
export type RecordingRuleName = RecordingValue extends infer V ? (V extends (w: SloWindow) => infer R ? R : V) : never;

/** Every recording-rule name, listed. */
export function recordingRuleNames(): string[] {
  const names: string[] = [];
  for (const value of Object.values(recording)) {
    if (typeof value === 'function') for (const w of SLO_WINDOWS) names.push(value(w));
    else names.push(value);
  }
  return names;
}
