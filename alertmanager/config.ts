/**
 * The types of the alert-routing policy: channels, teams, timings, quiet hours. The values are the
 * bundle config's `alerting` section (bundle/defaults.ts, or a `--config` YAML file).
 *
 * Secrets are never values here, only paths to files Alertmanager reads at notification time
 * (`routing_key_file`, `api_url_file`, `auth_password_file`, webhook `credentials_file`).
 */
import { defaultBundleConfig } from '../bundle/defaults';
import type { Duration, TimeIntervalSpec } from './schema';

export interface Timing {
  /** How long to wait to batch the first notification of a new group. */
  readonly groupWait: Duration;
  /** How long to wait before notifying about new alerts added to a group already notified. */
  readonly groupInterval: Duration;
  /** How long to wait before re-sending a notification; must be a multiple of groupInterval. */
  readonly repeatInterval: Duration;
}

/** One set of destinations: the channels one owner (the default on-call or a team) is reached on. */
export interface Destinations {
  /** Slack channel for critical, error and warning notifications, e.g. `#ufo-alerts`. */
  readonly slackChannel: string;
  /** Slack channel for info notifications. */
  readonly slackLowPriorityChannel: string;
  /** File holding the Slack incoming-webhook URL (for both channels). */
  readonly slackApiUrlFile: string;
  /** File holding the PagerDuty Events API v2 routing (integration) key. */
  readonly pagerdutyRoutingKeyFile: string;
  /** Address that receives critical and error notifications by email. */
  readonly email: string;
}

export interface Team extends Destinations {
  /** Value of the alerts' `team` label; also prefixes the team's receiver names. */
  readonly name: string;
}

export interface QuietHours {
  /** Off by default: warning and info notifications are sent at any time. */
  readonly enabled: boolean;
  /** When notifications of the muted severities are held back (Alertmanager time intervals). */
  readonly intervals: readonly TimeIntervalSpec[];
  /** Critical is never muted (error may be: it pages nobody). */
  readonly severities: readonly ('error' | 'warning' | 'info')[];
}

export interface RoutingConfig {
  /** Labels that make one notification group: one notification per alert name and instance. */
  readonly groupBy: readonly string[];
  readonly timing: Timing;
  /** Pages re-notify sooner than the default. */
  readonly criticalTiming: Timing;
  /** The dead-man's switch: sent again every few minutes while the pipeline is alive. */
  readonly watchdogTiming: Timing;
  readonly resolveTimeout: Duration;
  /** Name of the always-firing alert that proves the pipeline works. */
  readonly watchdogAlertName: string;
  /** Alerts that mean "the whole instance is unreachable": they silence every other Ufo alert of it. */
  readonly outageAlertNames: readonly string[];
  /** Every alert name this bundle emits starts with this (the outage inhibition's target). */
  readonly alertNamePrefix: string;
  readonly defaults: Destinations;
  readonly teams: readonly Team[];
  readonly quietHours: QuietHours;
  readonly email: {
    readonly from: string;
    readonly smarthost: string;
    readonly hello: string;
    readonly requireTls: boolean;
    readonly authUsername: string;
    readonly authPasswordFile: string;
  };
  readonly pagerduty: {
    /** PagerDuty Events API v2 endpoint. */
    readonly url: string;
    /** Shown in PagerDuty as the event's client. */
    readonly client: string;
  };
  readonly slackUsername: string;
  readonly deadMansSwitch: {
    /** The dead-man's-switch service endpoint; not secret (0.25 webhooks have no url_file). */
    readonly url: string;
    /** File holding the bearer token the endpoint expects. */
    readonly credentialsFile: string;
  };
  /**
   * Prefix of every receiver name (`ufo-critical`, `ufo-platform-warning`, …), so the receivers of
   * the mergeable fragment (ufo-route.yml) do not collide with those of an existing Alertmanager.
   */
  readonly receiverPrefix: string;
  /** Where template files are, relative to the generated config (Alertmanager resolves it so). */
  readonly templatesGlob: string;
}

/** The default routing policy (the bundle config's `alerting` section). */
export const routingConfig: RoutingConfig = defaultBundleConfig.alerting;
