/**
 * The bundle config: every knob of the rules, Alertmanager routing, dashboards and deployment files
 * in one typed object (a monitoring mixin's `_config`). Defaults are in bundle/defaults.ts; a user
 * overrides any of them without forking with `npm run build:rules -- --config my.yaml --out DIR`
 * (docs/bundle-config.md lists every field). Each area reads only this object: nothing re-declares a
 * value, so a threshold change is one line and the alert, its test, runbook and dashboard follow.
 */
import type { RoutingConfig } from '../alertmanager/config';
import type { Duration, RuleSettings } from '../rules/config';

/** The dashboards, by the key rules and links use. */
export type DashboardKey = 'overview' | 'sessions' | 'clients' | 'api' | 'slo' | 'exporter';

export interface GrafanaSettings {
  /** Stable dashboard uids: alerts' `dashboard_url` and bookmarks link to them. */
  readonly dashboardUids: Readonly<Record<DashboardKey, string>>;
  /** The folder the provisioned dashboards go to, and its uid. */
  readonly folder: string;
  readonly folderUid: string;
  /** Where Grafana's file provider reads the dashboards' JSON (Grafana's image path in the stack). */
  readonly dashboardsPath: string;
  /** The Prometheus datasource the provisioning file adds (never the default datasource). */
  readonly datasource: {
    readonly name: string;
    readonly uid: string;
    readonly url: string;
  };
}

export interface KubernetesSettings {
  /** Namespace of every generated resource (PrometheusRule, ServiceMonitor, dashboard ConfigMaps). */
  readonly namespace: string;
  /**
   * Labels on the PrometheusRule and ServiceMonitor: the operator's Prometheus selects on them
   * (`release: <helm release>` for kube-prometheus-stack, `prometheus: k8s` for kube-prometheus).
   */
  readonly labels: Readonly<Record<string, string>>;
  /** metadata.name of the PrometheusRule. */
  readonly prometheusRuleName: string;
}

export interface BundleConfig {
  /** The exporter's scrape job: every rule and dashboard query selects `job="<job>"`. */
  readonly job: string;
  /** Labels added to every alert; `service: ufo` is what the Alertmanager fragment routes on. */
  readonly alertLabels: Readonly<Record<string, string>>;
  /**
   * The label that tells clusters apart in a shared (federated, Thanos, Mimir) Prometheus, e.g.
   * `cluster`: dashboards get a variable for it and rules keep it. Unset: no cluster label.
   */
  readonly clusterLabel?: string;
  /** Base URL of the runbooks; each alert links `<runbookBaseUrl>#<alert name lower-cased>`. */
  readonly runbookBaseUrl: string;
  /** Grafana's external URL; alerts link dashboards as `<grafanaUrl>/d/<uid>`. */
  readonly grafanaUrl: string;
  /** How often Prometheus scrapes the exporter; every rate window must be at least 4× this. */
  readonly scrapeInterval: Duration;
  /** Evaluation interval of the rule groups. */
  readonly evaluationInterval: Duration;
  /** Alert thresholds, `for` durations, windows, SLO objectives and volume guards. */
  readonly rules: RuleSettings;
  /** Alertmanager routing: teams, receivers, timings, quiet hours. */
  readonly alerting: RoutingConfig;
  readonly grafana: GrafanaSettings;
  readonly kubernetes: KubernetesSettings;
}
