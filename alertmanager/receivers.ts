/**
 * The receivers: one per (owner, severity) plus the default and the dead-man's switch. An owner is
 * the default on-call or a team; each gets `critical` (PagerDuty + Slack + email), `error` (Slack +
 * email, no page), `warning` (Slack) and `info` (low-priority Slack) receivers.
 */
import { SEVERITIES, type Severity } from '../rules/builder';
import type { Destinations, RoutingConfig } from './config';
import type { EmailConfig, PagerdutyConfig, Receiver, SlackConfig, WebhookConfig } from './schema';
import { TEMPLATE, use } from './templates';

/** Gets whatever UFO alert no other route claims: never silent. */
export function defaultReceiver(c: RoutingConfig): string {
  return `${c.receiverPrefix}default`;
}

export function deadMansSwitchReceiver(c: RoutingConfig): string {
  return `${c.receiverPrefix}deadmans-switch`;
}

/** Severities that get their own receiver per owner, in routing order: every severity the rules emit but the watchdog's `none`. */
export type RoutedSeverity = Exclude<Severity, 'none'>;
export const ROUTED_SEVERITIES: readonly RoutedSeverity[] = SEVERITIES.filter((s): s is RoutedSeverity => s !== 'none');

/** `ufo-critical` for the default on-call, `ufo-platform-critical` for team platform. */
export function receiverName(c: RoutingConfig, team: string | undefined, severity: RoutedSeverity): string {
  return `${c.receiverPrefix}${team === undefined ? '' : `${team}-`}${severity}`;
}

function pagerduty(d: Destinations, c: RoutingConfig): PagerdutyConfig {
  return {
    send_resolved: true,
    routing_key_file: d.pagerdutyRoutingKeyFile,
    url: c.pagerduty.url,
    severity: use(TEMPLATE.pagerdutySeverity),
    description: `${use(TEMPLATE.title)}: ${use(TEMPLATE.summary)}`,
    client: c.pagerduty.client,
    client_url: '{{ .ExternalURL }}',
    class: '{{ .CommonLabels.alertname }}',
    component: 'ufo-server',
    group: '{{ .CommonLabels.job }}',
    details: {
      summary: use(TEMPLATE.summary),
      message: use(TEMPLATE.messageText),
      num_firing: '{{ len .Alerts.Firing }}',
      num_resolved: '{{ len .Alerts.Resolved }}',
      server: '{{ .CommonLabels.server }}',
      instance: '{{ .CommonLabels.instance }}',
    },
    links: [
      { href: use(TEMPLATE.runbookUrl), text: 'Runbook' },
      { href: use(TEMPLATE.dashboardUrl), text: 'Dashboard' },
      { href: use(TEMPLATE.silenceUrl), text: 'Silence' },
    ],
  };
}

function slack(channel: string, d: Destinations, c: RoutingConfig): SlackConfig {
  return {
    send_resolved: true,
    api_url_file: d.slackApiUrlFile,
    channel,
    username: c.slackUsername,
    color: use(TEMPLATE.slackColor),
    title: use(TEMPLATE.title),
    title_link: use(TEMPLATE.dashboardUrl),
    text: use(TEMPLATE.messageText),
    fallback: use(TEMPLATE.title),
    actions: [
      { type: 'button', text: 'Runbook', url: use(TEMPLATE.runbookUrl) },
      { type: 'button', text: 'Dashboard', url: use(TEMPLATE.dashboardUrl) },
      { type: 'button', text: 'Silence', url: use(TEMPLATE.silenceUrl), style: 'danger' },
    ],
  };
}

/** From, smarthost and auth come from `global`/the email settings; only the address varies. */
function email(d: Destinations, c: RoutingConfig): EmailConfig {
  return {
    send_resolved: true,
    to: d.email,
    // Per receiver, not only in `global`: the fragment (ufo-route.yml) works in a config whose
    // global section has no SMTP settings, or other ones.
    from: c.email.from,
    smarthost: c.email.smarthost,
    hello: c.email.hello,
    require_tls: c.email.requireTls,
    auth_username: c.email.authUsername,
    auth_password_file: c.email.authPasswordFile,
    headers: { Subject: use(TEMPLATE.title) },
    html: use(TEMPLATE.emailHtml),
    text: use(TEMPLATE.emailText),
  };
}

function deadMansSwitch(c: RoutingConfig): WebhookConfig {
  return {
    send_resolved: false,
    url: c.deadMansSwitch.url,
    max_alerts: 1,
    http_config: { authorization: { type: 'Bearer', credentials_file: c.deadMansSwitch.credentialsFile } },
  };
}

function ownerReceivers(team: string | undefined, d: Destinations, c: RoutingConfig): Receiver[] {
  return [
    {
      name: receiverName(c, team, 'critical'),
      pagerduty_configs: [pagerduty(d, c)],
      slack_configs: [slack(d.slackChannel, d, c)],
      email_configs: [email(d, c)],
    },
    { name: receiverName(c, team, 'error'), slack_configs: [slack(d.slackChannel, d, c)], email_configs: [email(d, c)] },
    { name: receiverName(c, team, 'warning'), slack_configs: [slack(d.slackChannel, d, c)] },
    { name: receiverName(c, team, 'info'), slack_configs: [slack(d.slackLowPriorityChannel, d, c)] },
  ];
}

export function buildReceivers(c: RoutingConfig): Receiver[] {
  return [
    // Never silent: anything no route claims reaches both the on-call channel and the on-call inbox.
    { name: defaultReceiver(c), slack_configs: [slack(c.defaults.slackChannel, c.defaults, c)], email_configs: [email(c.defaults, c)] },
    { name: deadMansSwitchReceiver(c), webhook_configs: [deadMansSwitch(c)] },
    ...ownerReceivers(undefined, c.defaults, c),
    ...c.teams.flatMap((t) => ownerReceivers(t.name, t, c)),
  ];
}
