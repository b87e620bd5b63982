/**
 * The subset of the Alertmanager 0.25 configuration file this repository generates, as TS types.
 * Field names are Alertmanager's own (snake_case), so the generated YAML is these objects verbatim.
 * Secrets appear only as `*_file` paths: the types have no field that could hold a secret inline.
 * Reference: https://prometheus.io/docs/alerting/0.25/configuration/ (checked with amtool 0.25).
 */

/** A Go duration as Alertmanager parses it, e.g. `30s`, `5m`, `4h`. */
export type Duration = string;

export interface AlertmanagerConfig {
  global: GlobalConfig;
  route: Route;
  inhibit_rules: InhibitRule[];
  receivers: Receiver[];
  templates: string[];
  /** Named time intervals (0.24+), used by routes' `mute_time_intervals`. */
  time_intervals?: TimeInterval[];
}

/**
 * The part of a config the UFO bundle owns, to merge into an existing Alertmanager config: its
 * route goes first under the existing root route, the lists are appended (docs/drop-in.md).
 */
export type AlertmanagerFragment = Omit<AlertmanagerConfig, 'global'>;

export interface GlobalConfig {
  resolve_timeout: Duration;
  smtp_from: string;
  smtp_smarthost: string;
  smtp_hello: string;
  smtp_require_tls: boolean;
  pagerduty_url: string;
}

export interface Route {
  receiver?: string;
  /** Matcher strings in Alertmanager syntax, e.g. `severity="critical"`. */
  matchers?: string[];
  group_by?: string[];
  group_wait?: Duration;
  group_interval?: Duration;
  repeat_interval?: Duration;
  continue?: boolean;
  mute_time_intervals?: string[];
  routes?: Route[];
}

export interface InhibitRule {
  source_matchers: string[];
  target_matchers: string[];
  equal: string[];
}

export interface TimeRange {
  /** `HH:MM`, inclusive. */
  start_time: string;
  /** `HH:MM`, exclusive. */
  end_time: string;
}

export interface TimeIntervalSpec {
  times?: TimeRange[];
  /** e.g. `monday:friday`, `saturday`. */
  weekdays?: string[];
  /** IANA zone name, e.g. `Europe/Berlin` (Alertmanager 0.25 supports `location`). */
  location?: string;
}

export interface TimeInterval {
  name: string;
  time_intervals: TimeIntervalSpec[];
}

export interface PagerdutyLink {
  href: string;
  text: string;
}

export interface PagerdutyConfig {
  send_resolved: boolean;
  routing_key_file: string;
  /** Events API v2 endpoint; defaults to the global `pagerduty_url`. */
  url?: string;
  severity: string;
  description: string;
  client: string;
  client_url: string;
  class: string;
  component: string;
  group: string;
  details: Record<string, string>;
  links: PagerdutyLink[];
}

export interface SlackAction {
  type: 'button';
  text: string;
  url: string;
  style?: 'primary' | 'danger' | 'default';
}

export interface SlackConfig {
  send_resolved: boolean;
  api_url_file: string;
  channel: string;
  username: string;
  color: string;
  title: string;
  title_link: string;
  text: string;
  fallback: string;
  actions: SlackAction[];
}

export interface EmailConfig {
  send_resolved: boolean;
  to: string;
  from?: string;
  smarthost?: string;
  hello?: string;
  require_tls?: boolean;
  auth_username?: string;
  auth_password_file?: string;
  headers: Record<string, string>;
  html: string;
  text: string;
}

/**
 * Alertmanager 0.25 webhooks have no `url_file` (amtool rejects it: it landed in a later release),
 * so the URL is plain config and the secret, if the endpoint needs one, goes in
 * `http_config.authorization.credentials_file` (sent as `Authorization: Bearer <file content>`).
 */
export interface WebhookConfig {
  send_resolved: boolean;
  url: string;
  max_alerts: number;
  http_config?: { authorization: { type: 'Bearer'; credentials_file: string } };
}

export interface Receiver {
  name: string;
  pagerduty_configs?: PagerdutyConfig[];
  slack_configs?: SlackConfig[];
  email_configs?: EmailConfig[];
  webhook_configs?: WebhookConfig[];
}
