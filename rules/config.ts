/**
 * The rules' config types. Values live in the bundle config (bundle/defaults.ts, overridable with
 * `npm run build:rules -- --config my.yaml`); `buildRules(config)` is a pure function of the
 * `RulesConfig` view of it, and `withRulesConfig({...})` replaces some values (the stack's
 * end-to-end test uses short windows that way).
 */

import { durationSeconds } from '../exporter/duration';
import type { BundleConfig, DashboardKey } from '../bundle/config';
import { defaultBundleConfig } from '../bundle/defaults';
import type { SloName, SloWindow } from './recording-names';

export type { DashboardKey } from '../bundle/config';

/**
 * A Prometheus duration such as `30s`, `5m`, `1h`, `1d` (one unit; what Prometheus 2.x and 3.x accept).
 * @pattern ^[0-9]+(s|m|h|d|w)$
 */
export type Duration = `${number}${'s' | 'm' | 'h' | 'd' | 'w'}`;

/** A warning / critical pair of thresholds for one alert (critical pages). */
export interface SeverityThresholds {
  readonly warning: number;
  readonly critical: number;
}

/** A warning / error pair of thresholds: the worse level reaches Slack and email, but pages nobody. */
export interface TicketThresholds {
  readonly warning: number;
  readonly error: number;
}

export interface SloConfig {
  /** Target share of good events over `window`, e.g. 0.999. */
  readonly objective: number;
  readonly description: string;
  /**
   * Whether the `critical` burn-rate alert exists for this SLO. Off when another alert already pages
   * for the same cause faster (one cause never pages under two names; docs/alerting.md).
   */
  readonly pageOnBurn: boolean;
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

/**
 * The alert rules' own knobs: thresholds, `for` durations, windows, SLOs (the `rules:` section of
 * the bundle config, bundle/config.ts; values in bundle/defaults.ts).
 */
export interface RuleSettings {
  /** Labels alerts keep so Alertmanager can group and inhibit per server (`instance`, `job`). */
  readonly instanceLabels: readonly string[];
  /** Added as a `team` label to every alert when set (Alertmanager routes on it). */
  readonly team?: string;

  /**
   * Evaluation interval of the availability group (UfoServerDown, UfoExporterDown): shorter than
   * `evaluationInterval` so a total outage pages within 2 minutes (scrape + this + serverDownFor).
   */
  readonly availabilityEvaluationInterval: Duration;
  readonly serverDownFor: Duration;
  readonly exporterDownFor: Duration;
  readonly noDevicesFor: Duration;
  /** UfoLowDeviceCount fires below this many connected devices (and above zero). */
  readonly minDevices: number;
  readonly lowDevicesFor: Duration;
  /** Share (0–1) of known devices offline above which UfoDevicesOffline fires. */
  readonly devicesOfflineRatio: number;
  readonly devicesOfflineFor: Duration;
  /**
   * `status` values of `ufo_sessions_finished_total` that count as a failed session (regex), for
   * UfoHighSessionFailureRate and the session_success SLO. Cancellations are not failures by default:
   * UfoHighSessionCancelRate watches them.
   */
  readonly failedSessionStatuses: string;
  readonly sessionFailureRatio: SeverityThresholds;
  readonly sessionFailureFor: Duration;
  /** UfoSessionStuck fires when the oldest running session is older than this many seconds. */
  readonly stuckSessionSeconds: number;
  readonly stuckSessionFor: Duration;
  /** `code` values of `ufo_http_requests_total` that count as server errors (regex). */
  readonly serverErrorCodes: string;
  readonly http5xxRatio: TicketThresholds;
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
  readonly apiLatencyP95Seconds: TicketThresholds;
  readonly apiLatencyFor: Duration;
  /** UfoFlakyClient fires when one client reconnects more than this many times within `flakyClientWindow` (rules/reconnects.ts: how they are counted). */
  readonly flakyClientReconnects: number;
  readonly flakyClientWindow: Duration;
  /** UfoRegistrationsRejected counts rejections (per reason) over this window. */
  readonly registrationsRejectedWindow: Duration;

  // ── The paging policy's knobs (docs/alerting.md). ─────────────────────────────────────────────
  /** Volume guards: a ratio alert needs at least this many finished sessions in its window (the short one of a burn-rate pair). */
  readonly minFinishedSessions: number;
  /** … this many HTTP requests to the server in its window (UfoHighErrorRate). */
  readonly minHttpRequests: number;
  /** … this many log messages in its window (UfoHighLogErrorRate). */
  readonly minLogMessages: number;
  /** … this many failed API probes in the short window of a burn-rate pair (api_availability). */
  readonly minFailedProbes: number;
  /** UfoDevicesOffline needs at least this many offline devices, whatever the ratio. */
  readonly minOfflineDevices: number;
  /**
   * After an outage page (UfoServerDown, UfoExporterDown) device alerts stay quiet this long, so
   * devices have time to reconnect; ratio and burn alerts stay quiet until their windows no longer
   * hold the outage.
   */
  readonly outageReconnectGrace: Duration;
  /** UfoHighSessionCancelRate: share of finished sessions cancelled (any reason) over 15m. */
  readonly cancelledSessionRatio: number;
  readonly cancelledSessionFor: Duration;
  /** UfoRegistrationsRejected: at least this many rejections of one reason in the window… */
  readonly registrationsRejectedMin: number;
  /** …sustained this long (one rejection is nothing; a storm is a warning). */
  readonly registrationsRejectedFor: Duration;
  /** UfoFlakyClient (one alert per server) names at most this many of the worst clients. */
  readonly flakyClientsNamed: number;
  /** UfoApiLatencyAboveBaseline: p95 above this multiple of its own average over the baseline window… */
  readonly apiLatencyBaselineFactor: number;
  readonly apiLatencyBaselineWindow: Duration;
  /** …and above this many seconds (a 5 ms → 8 ms change is no problem)… */
  readonly apiLatencyBaselineMinSeconds: number;
  /** …for this long. */
  readonly apiLatencyBaselineFor: Duration;

  readonly slos: Readonly<Record<SloName, SloConfig>>;
  /** The window the SLO objectives are stated over; the burn-rate factors below assume 30d. */
  readonly sloPeriod: '30d';
  /**
   * Multi-window multi-burn-rate conditions (SRE workbook): an alert of `severity` fires when the burn
   * rate exceeds `factor` over both windows of any pair.
   */
  readonly burnRateAlerts: readonly BurnRateAlertConfig[];

}

/** What the rules take from the rest of the bundle config: selectors, intervals, links, labels. */
export interface RulesContext {
  /**
   * Label matchers of the exporter's scrape job, without braces, e.g. `job="ufo-exporter"`. Use `=`
   * matchers: UfoExporterDown's absent() takes the labels of its alert from them.
   */
  readonly exporterSelector: string;
  /** The exporter's scrape job (the value in `exporterSelector`); the promtool cases' series carry it. */
  readonly job: string;
  /** How often Prometheus scrapes the exporter; every rate window must be at least 4× this. */
  readonly scrapeInterval: Duration;
  /** Evaluation interval of the rule groups. */
  readonly evaluationInterval: Duration;
  /** Base URL of docs/runbooks.md; each alert links `${runbookBaseUrl}#<alert name lower-cased>`. */
  readonly runbookBaseUrl: string;
  /** Grafana's external URL; dashboards are `${grafanaUrl}/d/<uid>`. */
  readonly grafanaUrl: string;
  /** Dashboard uids, for the alerts' `dashboard_url`. */
  readonly dashboardUids: Readonly<Record<DashboardKey, string>>;
  /** Labels added to every alert (e.g. `service: ufo`, which the Alertmanager fragment routes on). */
  readonly alertLabels: Readonly<Record<string, string>>;
  /** metadata of the PrometheusRule resource. */
  readonly prometheusRule: {
    readonly name: string;
    readonly namespace: string | undefined;
    readonly labels: Readonly<Record<string, string>>;
  };
}

/** Everything `buildRules(config)` reads: the rule settings plus what they take from the bundle. */
export type RulesConfig = RuleSettings & RulesContext;

/** The rules' view of a bundle config. */
export function rulesConfigOf(bundle: BundleConfig): RulesConfig {
  return {
    ...bundle.rules,
    // A shared store (remote_write, Thanos, Mimir) holds several clusters: the rules keep the cluster label.
    instanceLabels: bundle.clusterLabel === undefined ? bundle.rules.instanceLabels : [bundle.clusterLabel, ...bundle.rules.instanceLabels],
    exporterSelector: `job="${bundle.job}"`,
    job: bundle.job,
    scrapeInterval: bundle.scrapeInterval,
    evaluationInterval: bundle.evaluationInterval,
    runbookBaseUrl: bundle.runbookBaseUrl,
    grafanaUrl: bundle.grafanaUrl,
    dashboardUids: bundle.grafana.dashboardUids,
    alertLabels: bundle.alertLabels,
    prometheusRule: {
      name: bundle.kubernetes.prometheusRuleName,
      namespace: bundle.kubernetes.namespace,
      labels: { 'app.kubernetes.io/name': 'ufo-monitoring', 'app.kubernetes.io/component': 'rules', ...bundle.kubernetes.labels },
    },
  };
}

export const defaultRulesConfig: RulesConfig = rulesConfigOf(defaultBundleConfig);
/** Values to replace in the defaults; `slos` may name only the SLOs that change. */
export type RulesConfigOverrides = Partial<Omit<RulesConfig, 'slos'>> & { readonly slos?: Partial<Record<SloName, SloConfig>> };

/** The defaults with some values replaced (shallow; `slos` entries are merged per SLO). */
export function withRulesConfig(overrides: RulesConfigOverrides): RulesConfig {
  return { ...defaultRulesConfig, ...overrides, slos: { ...defaultRulesConfig.slos, ...overrides.slos } };
}

/** Seconds in a Prometheus duration (exporter/duration.ts, the one parser); throws naming the text. */
export { durationSeconds };
