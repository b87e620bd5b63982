/**
 * Every threshold, window, selector and link the rules use, in one typed object (a monitoring
 * mixin's `_config`). `buildRules(config)` is a pure function of it: change a threshold here, or pass
 * `withRulesConfig({...})` overrides (the stack's end-to-end test uses short windows that way).
 */

import type { SloName, SloWindow } from './recording-names';

/** A Prometheus duration such as `30s`, `5m`, `1h`, `1d` (one unit; what Prometheus 2.x and 3.x accept). */
export type Duration = `${number}${'s' | 'm' | 'h' | 'd' | 'w'}`;

/** Grafana dashboard uids, shared by convention with grafana/ (`${grafanaUrl}/d/<uid>`). */
export const DASHBOARD_UIDS = {
  overview: 'ufo-overview',
  sessions: 'ufo-sessions',
  clients: 'ufo-clients',
  api: 'ufo-api',
  slo: 'ufo-slo',
  exporter: 'ufo-exporter',
} as const;
export type DashboardKey = keyof typeof DASHBOARD_UIDS;

/** A warning / critical pair of thresholds for one alert. */
export interface SeverityThresholds {
  readonly warning: number;
  readonly critical: number;
}

export interface SloConfig {
  /** Target share of good events over `window`, e.g. 0.999. */
  readonly objective: number;
  readonly description: string;
}

export interface BurnRateWindowPair {
  readonly long: SloWindow;
  readonly short: SloWindow;
  /** Burn rate (multiple of the sustainable error rate) both windows must exceed. */
  readonly factor: number;
}

export interface BurnRateAlertConfig {
  /** `critical` pages, `warning` opens a ticket. */
  readonly severity: 'critical' | 'warning';
  readonly for: Duration;
  readonly pairs: readonly BurnRateWindowPair[];
}

export interface RulesConfig {
  /**
   * Label matchers of the exporter's scrape job, without braces, e.g. `job="ufo-exporter"`. Use `=`
   * matchers: UfoExporterDown's absent() takes the labels of its alert from them.
   */
  readonly exporterSelector: string;
  /** How often Prometheus scrapes the exporter; every rate window must be at least 4× this. */
  readonly scrapeInterval: Duration;
  /** Evaluation interval of the rule groups. */
  readonly evaluationInterval: Duration;
  /** Labels alerts keep so Alertmanager can group and inhibit per server (`instance`, `job`). */
  readonly instanceLabels: readonly string[];
  /** Added as a `team` label to every alert when set (Alertmanager routes on it). */
  readonly team: string | undefined;
  /** Base URL of docs/runbooks.md; each alert links `${runbookBaseUrl}#<alert name lower-cased>`. */
  readonly runbookBaseUrl: string;
  /** Grafana's external URL; dashboards are `${grafanaUrl}/d/<uid>`. */
  readonly grafanaUrl: string;

  readonly serverDownFor: Duration;
  readonly exporterDownFor: Duration;
  readonly noDevicesFor: Duration;
  /** UfoLowDeviceCount fires below this many connected devices (and above zero). */
  readonly minDevices: number;
  readonly lowDevicesFor: Duration;
  /** Share (0–1) of known devices offline above which UfoDevicesOffline fires. */
  readonly devicesOfflineRatio: number;
  readonly devicesOfflineFor: Duration;
  /** `status` values of `ufo_sessions_finished_total` that count as a failed session (regex). */
  readonly failedSessionStatuses: string;
  readonly sessionFailureRatio: SeverityThresholds;
  readonly sessionFailureFor: Duration;
  /** UfoSessionStuck fires when the oldest running session is older than this many seconds. */
  readonly stuckSessionSeconds: number;
  readonly stuckSessionFor: Duration;
  /** `code` values of `ufo_http_requests_total` that count as server errors (regex). */
  readonly serverErrorCodes: string;
  readonly http5xxRatio: SeverityThresholds;
  readonly http5xxFor: Duration;
  /** `level` values of `ufo_log_messages_total` that count as errors (regex; levels are lower-case). */
  readonly errorLogLevels: string;
  readonly logErrorRatio: number;
  readonly logErrorFor: Duration;
  /** UfoNewErrorPattern: a pattern absent from `newErrorPatternHistory` (before the last hour) logged at least this often per minute… */
  readonly newErrorPatternPerMinute: number;
  /** …for this long. */
  readonly newErrorPatternFor: Duration;
  /** How far back "seen before" looks (ending an hour ago, so the new pattern's own samples are not in it). */
  readonly newErrorPatternHistory: Duration;
  /** p95 of the API probe latency, seconds. */
  readonly apiLatencyP95Seconds: SeverityThresholds;
  readonly apiLatencyFor: Duration;
  /** UfoFlakyClient fires when one client connects more than this many times in `flakyClientWindow`. */
  readonly flakyClientConnects: number;
  readonly flakyClientWindow: Duration;
  /** UfoRegistrationsRejected looks for any rejection in this window. */
  readonly registrationsRejectedWindow: Duration;

  readonly slos: Readonly<Record<SloName, SloConfig>>;
  /** The window the SLO objectives are stated over; the burn-rate factors below assume 30d. */
  readonly sloPeriod: '30d';
  /**
   * Multi-window multi-burn-rate conditions (SRE workbook): an alert of `severity` fires when the burn
   * rate exceeds `factor` over both windows of any pair.
   */
  readonly burnRateAlerts: readonly BurnRateAlertConfig[];

  /** metadata of the PrometheusRule resource. */
  readonly prometheusRule: {
    readonly name: string;
    readonly namespace: string | undefined;
    readonly labels: Readonly<Record<string, string>>;
  };
}

export const defaultRulesConfig: RulesConfig = {
  exporterSelector: 'job="ufo-exporter"',
  scrapeInterval: '15s',
  evaluationInterval: '1m',
  instanceLabels: ['instance', 'job'],
  team: undefined,
  runbookBaseUrl: 'https://github.com/ufo-monitoring/ufo-monitoring/blob/main/docs/runbooks.md',
  grafanaUrl: 'http://localhost:3000',

  serverDownFor: '1m',
  exporterDownFor: '2m',
  noDevicesFor: '5m',
  minDevices: 3,
  lowDevicesFor: '10m',
  devicesOfflineRatio: 0.2,
  devicesOfflineFor: '10m',
  failedSessionStatuses: 'failed|cancelled',
  sessionFailureRatio: { warning: 0.2, critical: 0.5 },
  sessionFailureFor: '5m',
  stuckSessionSeconds: 3600,
  stuckSessionFor: '1m',
  serverErrorCodes: '5..',
  http5xxRatio: { warning: 0.05, critical: 0.1 },
  http5xxFor: '5m',
  errorLogLevels: 'error|critical',
  logErrorRatio: 0.1,
  logErrorFor: '10m',
  newErrorPatternPerMinute: 0.2,
  newErrorPatternFor: '10m',
  newErrorPatternHistory: '1d',
  apiLatencyP95Seconds: { warning: 1, critical: 2 },
  apiLatencyFor: '5m',
  flakyClientConnects: 3,
  flakyClientWindow: '1h',
  registrationsRejectedWindow: '15m',

  slos: {
    api_availability: {
      objective: 0.999,
      description: 'share of API probes of the UFO server that succeed (ufo_up)',
    },
    session_success: {
      objective: 0.98,
      description: 'share of finished sessions that complete (not failed, not cancelled)',
    },
  },
  sloPeriod: '30d',
  burnRateAlerts: [
    {
      severity: 'critical',
      for: '2m',
      pairs: [
        { long: '1h', short: '5m', factor: 14.4 },
        { long: '6h', short: '30m', factor: 6 },
      ],
    },
    {
      severity: 'warning',
      for: '15m',
      pairs: [
        { long: '1d', short: '2h', factor: 3 },
        { long: '3d', short: '6h', factor: 1 },
      ],
    },
  ],

  prometheusRule: {
    name: 'ufo-monitoring-rules',
    namespace: undefined,
    labels: { 'app.kubernetes.io/name': 'ufo-monitoring', 'app.kubernetes.io/component': 'rules', role: 'alert-rules' },
  },
};

/** Values to replace in the defaults; `slos` may name only the SLOs that change. */
export type RulesConfigOverrides = Partial<Omit<RulesConfig, 'slos'>> & { readonly slos?: Partial<Record<SloName, SloConfig>> };

/** The defaults with some values replaced (shallow; `slos` entries are merged per SLO). */
export function withRulesConfig(overrides: RulesConfigOverrides): RulesConfig {
  return { ...defaultRulesConfig, ...overrides, slos: { ...defaultRulesConfig.slos, ...overrides.slos } };
}

const DURATION_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 } as const;

/**
 * Seconds in a Prometheus duration. Accepts compound durations (`1h30m`) and `ms` too, since it also
 * reads durations out of parsed expressions; throws naming the text when it is not a duration.
 */
export function durationSeconds(text: string): number {
  const parts = /^(?:\d+(?:y|w|d|h|ms|m|s))+$/.test(text) ? text.match(/\d+(?:y|w|d|h|ms|m|s)/g) : null;
  if (!parts) throw new Error(`not a Prometheus duration: "${text}" (expected e.g. 30s, 5m, 1h30m)`);
  let total = 0;
  for (const part of parts) {
    const unit = part.replace(/^\d+/, '');
    const n = Number(part.slice(0, part.length - unit.length));
    total += unit === 'ms' ? n / 1000 : n * DURATION_SECONDS[unit as keyof typeof DURATION_SECONDS];
  }
  return total;
}
