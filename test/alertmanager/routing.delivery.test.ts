/**
 * Real deliveries: the Debian Alertmanager runs the committed generated config (through the local
 * override, which only redirects endpoints/secrets and shortens waits) and notifies the local
 * stand-ins for Slack, PagerDuty, SMTP and the dead-man's-switch webhook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routingConfig } from '../../alertmanager/config';
import { localRoutingKey } from '../../scripts/stack/alertmanager-local';
import { deadMansSwitchReceiver } from '../../alertmanager/receivers';
import { startAlerting, type Alerting } from '../../scripts/stack/alerting';
import type { ListeningBinary } from '../../scripts/stack/listening-binary';
import {
  isEmail,
  isPagerduty,
  isSlack,
  isWebhook,
  type Delivery,
  type Receivers,
  type SlackDelivery,
} from '../../scripts/receivers/index';
import { useTempDir } from '../helpers/temp-dir';
import { DASHBOARDS, RUNBOOKS, alert, committedConfig, getAlerts, postAlerts, resolved, sleep } from './alerts';

const WAIT_MS = 10_000;
/** After a matching delivery, how long a delivery that should NOT happen is given to show up. */
const SETTLE_MS = 2_500;
const SECRETS = '/etc/alertmanager/secrets';

const tmp = useTempDir('ufo-am-delivery-');
let alerting: Alerting;
let receivers: Receivers;
let am: ListeningBinary;

beforeAll(async () => {
  alerting = await startAlerting({ workDir: tmp.path, timing: { groupWait: '1s', groupInterval: '1s' }, config: await committedConfig() });
  ({ receivers, alertmanager: am } = alerting);
  // Posted first so its repeats accrue while the other cases run (the last case checks them).
  await postAlerts(am.url, [alert('UfoWatchdog', 'none', 'prometheus:9090')]);
});

afterAll(async () => {
  await alerting?.close();
});

const about = (instance: string) => (d: Delivery): boolean => JSON.stringify(d).includes(instance);
const slackAbout = (instance: string, titlePart: string) => (d: Delivery): d is SlackDelivery =>
  isSlack(d) && (d.message.attachments?.[0]?.title ?? '').includes(instance) && (d.message.attachments?.[0]?.title ?? '').includes(titlePart);

/**
 * Waits for the Slack notifications that must arrive (instance, title part), then gives the ones
 * that must not arrive time to show up: they were posted together, so they would be as fast.
 */
async function slackArrivedThenSettle(expected: readonly (readonly [string, string])[]): Promise<void> {
  for (const [instance, titlePart] of expected) await receivers.deliveries.waitFor(slackAbout(instance, titlePart), WAIT_MS);
  await sleep(SETTLE_MS);
}

describe('Alertmanager delivers the generated routing to real receivers', () => {
  it('a critical alert pages (PagerDuty), posts to Slack and emails, with all links; then resolves', async () => {
    const instance = 'srv-critical:9100';
    const firing = alert('UfoSlowApiResponse', 'critical', instance);
    await postAlerts(am.url, [firing]);

    const page = await receivers.deliveries.waitFor((d) => isPagerduty(d) && about(instance)(d), WAIT_MS);
    if (!isPagerduty(page)) throw new Error('unreachable');
    const { event } = page;
    expect(event.event_action).toBe('trigger');
    expect(event.routing_key).toBe(localRoutingKey(`${SECRETS}/pagerduty_routing_key_oncall`));
    expect(event.dedup_key).toMatch(/^[0-9a-f]{64}$/);
    expect(event.payload?.severity).toBe('critical');
    expect(event.payload?.summary).toBe(`[FIRING:1] UfoSlowApiResponse on ${instance} (critical): UfoSlowApiResponse summary`);
    expect(event.payload?.class).toBe('UfoSlowApiResponse');
    expect(event.payload?.custom_details?.['num_firing']).toBe('1');
    expect(event.links).toEqual([
      { href: `${RUNBOOKS}#ufoslowapiresponse`, text: 'Runbook' },
      { href: `${DASHBOARDS}?var-instance=${instance}`, text: 'Dashboard' },
      {
        href: `${am.url}/#/silences/new?filter=%7Balertname%3D%22UfoSlowApiResponse%22%2Cinstance%3D%22srv-critical%3A9100%22%2Cjob%3D%22ufo%22%7D`,
        text: 'Silence',
      },
    ]);
    expect(event.client_url).toBe(am.url);

    const slack = await receivers.deliveries.waitFor(slackAbout(instance, 'FIRING'), WAIT_MS);
    expect(slack.path).toBe('/services/slack_api_url_oncall');
    expect(slack.message.channel).toBe('#ufo-alerts');
    const attachment = slack.message.attachments?.[0];
    expect(attachment?.title).toBe(`[FIRING:1] UfoSlowApiResponse on ${instance} (critical)`);
    expect(attachment?.color).toBe('danger');
    expect(attachment?.text).toContain('1 firing.');
    expect(attachment?.text).toContain('FIRING critical: UfoSlowApiResponse summary');
    expect(attachment?.text).toContain(`UfoSlowApiResponse on ${instance}: the value that matters is 42.`);
    expect(attachment?.text).toContain(`Runbook: ${RUNBOOKS}#ufoslowapiresponse`);
    expect(attachment?.text).toContain(`Dashboard: ${DASHBOARDS}?var-instance=${instance}`);
    expect(attachment?.text).toContain(`Silence: ${am.url}/#/silences/new?filter=%7Balertname%3D%22UfoSlowApiResponse%22`);
    expect(attachment?.actions?.map((a) => a.text)).toEqual(['Runbook', 'Dashboard', 'Silence']);

    const mail = await receivers.deliveries.waitFor((d) => isEmail(d) && about(instance)(d), WAIT_MS);
    if (!isEmail(mail)) throw new Error('unreachable');
    expect(mail.envelopeTo).toEqual(['ufo-oncall@example.com']);
    expect(mail.authenticatedAs).toBe('alertmanager@example.com');
    expect(mail.email.subject).toBe(`[FIRING:1] UfoSlowApiResponse on ${instance} (critical)`);
    expect(mail.email.text).toContain(`UfoSlowApiResponse on ${instance}: the value that matters is 42.`);
    expect(mail.email.text).toContain(`Runbook: ${RUNBOOKS}#ufoslowapiresponse`);
    expect(mail.email.html).toContain(`<a href="${RUNBOOKS}#ufoslowapiresponse">Runbook</a>`);
    expect(mail.email.html).toContain('Silence this group</a>');

    await postAlerts(am.url, [resolved(firing)]);
    const resolve = await receivers.deliveries.waitFor((d) => isPagerduty(d) && d.event.event_action === 'resolve' && about(instance)(d), WAIT_MS);
    if (!isPagerduty(resolve)) throw new Error('unreachable');
    expect(resolve.event.dedup_key).toBe(event.dedup_key);
    const slackResolved = await receivers.deliveries.waitFor(slackAbout(instance, 'RESOLVED'), WAIT_MS);
    expect(slackResolved.message.attachments?.[0]?.title).toBe(`[RESOLVED] UfoSlowApiResponse on ${instance} (critical)`);
    expect(slackResolved.message.attachments?.[0]?.color).toBe('good');
    expect(slackResolved.message.attachments?.[0]?.text).toContain('Resolved: 1 alert stopped firing.');
    const mailResolved = await receivers.deliveries.waitFor((d) => isEmail(d) && d.email.subject.startsWith('[RESOLVED]') && about(instance)(d), WAIT_MS);
    if (!isEmail(mailResolved)) throw new Error('unreachable');
    expect(mailResolved.email.text).not.toContain('Silence:');
  });

  it('UfoServerDown inhibits every other Ufo alert of the same instance, not of other instances', async () => {
    await postAlerts(am.url, [
      alert('UfoServerDown', 'critical', 'srv-down:9100'),
      alert('UfoNoDevicesConnected', 'critical', 'srv-down:9100'),
      alert('UfoLowDeviceCount', 'warning', 'srv-down:9100'),
      alert('UfoNoDevicesConnected', 'critical', 'srv-up:9100'),
    ]);
    await slackArrivedThenSettle([['srv-down:9100', 'UfoServerDown'], ['srv-up:9100', 'UfoNoDevicesConnected']]);
    const storm = receivers.deliveries.all.filter((d) => about('srv-down:9100')(d) && !JSON.stringify(d).includes('UfoServerDown'));
    expect(storm).toEqual([]);
    const states = (await getAlerts(am.url)).filter((a) => a.labels['instance'] === 'srv-down:9100');
    const stateOf = (name: string) => states.find((a) => a.labels['alertname'] === name)?.status;
    expect(stateOf('UfoNoDevicesConnected')?.state).toBe('suppressed');
    expect(stateOf('UfoNoDevicesConnected')?.inhibitedBy).toHaveLength(1);
    expect(stateOf('UfoLowDeviceCount')?.state).toBe('suppressed');
    expect(stateOf('UfoServerDown')?.state).toBe('active');
  });

  it('a critical alert inhibits the warning of the same alert and instance only', async () => {
    await postAlerts(am.url, [
      alert('UfoHighErrorRate', 'critical', 'srv-errors:9100'),
      alert('UfoHighErrorRate', 'warning', 'srv-errors:9100'),
      alert('UfoHighErrorRate', 'warning', 'srv-errors-2:9100'),
    ]);
    await slackArrivedThenSettle([['srv-errors:9100', '(critical)'], ['srv-errors-2:9100', '(warning)']]);
    expect(receivers.deliveries.all.filter(slackAbout('srv-errors:9100', '(warning)'))).toEqual([]);
    const warning = (await getAlerts(am.url)).find((a) => a.labels['instance'] === 'srv-errors:9100' && a.labels['severity'] === 'warning');
    expect(warning?.status.state).toBe('suppressed');
  });

  it('groups two alerts of one alertname and instance into one notification', async () => {
    const instance = 'srv-grouped:9100';
    await postAlerts(am.url, [
      alert('UfoHighErrorRate', 'warning', instance, { source: 'requests' }),
      alert('UfoHighErrorRate', 'warning', instance, { source: 'logs' }),
    ]);
    const slack = await receivers.deliveries.waitFor(slackAbout(instance, 'FIRING'), WAIT_MS);
    expect(slack.message.attachments?.[0]?.title).toBe(`[FIRING:2] UfoHighErrorRate on ${instance} (warning)`);
    expect(slack.message.attachments?.[0]?.text).toContain('2 firing.');
    expect(slack.message.attachments?.[0]?.text).toContain('source=logs');
    expect(slack.message.attachments?.[0]?.text).toContain('source=requests');
    await sleep(SETTLE_MS);
    expect(receivers.deliveries.all.filter(about(instance))).toHaveLength(1);
    expect(receivers.deliveries.all.filter((d) => isEmail(d) || isPagerduty(d)).filter(about(instance))).toEqual([]);
  });

  it('routes by team and severity to the team channels and PagerDuty service', async () => {
    await postAlerts(am.url, [
      alert('UfoLowDeviceCount', 'warning', 'srv-team-w:9100', { team: 'devices' }),
      alert('UfoSessionStuck', 'critical', 'srv-team-c:9100', { team: 'platform' }),
      alert('UfoFlakyClient', 'info', 'srv-info:9100'),
    ]);
    const teamWarning = await receivers.deliveries.waitFor(slackAbout('srv-team-w:9100', 'FIRING'), WAIT_MS);
    expect(teamWarning.message.channel).toBe('#ufo-devices-alerts');
    expect(teamWarning.path).toBe('/services/slack_api_url_devices');
    const teamPage = await receivers.deliveries.waitFor((d) => isPagerduty(d) && about('srv-team-c:9100')(d), WAIT_MS);
    if (!isPagerduty(teamPage)) throw new Error('unreachable');
    expect(teamPage.event.routing_key).toBe(localRoutingKey(`${SECRETS}/pagerduty_routing_key_platform`));
    const teamMail = await receivers.deliveries.waitFor((d) => isEmail(d) && about('srv-team-c:9100')(d), WAIT_MS);
    if (!isEmail(teamMail)) throw new Error('unreachable');
    expect(teamMail.envelopeTo).toEqual(['ufo-platform@example.com']);
    const info = await receivers.deliveries.waitFor(slackAbout('srv-info:9100', 'FIRING'), WAIT_MS);
    expect(info.message.channel).toBe('#ufo-alerts-low');
  });

  it('an alert without a known severity reaches the never-silent default receiver', async () => {
    const instance = 'srv-unrouted:9100';
    await postAlerts(am.url, [{ ...alert('UfoSomethingNew', 'page-me', instance) }]);
    const slack = await receivers.deliveries.waitFor(slackAbout(instance, 'FIRING'), WAIT_MS);
    expect(slack.message.channel).toBe('#ufo-alerts');
    const mail = await receivers.deliveries.waitFor((d) => isEmail(d) && about(instance)(d), WAIT_MS);
    if (!isEmail(mail)) throw new Error('unreachable');
    expect(mail.envelopeTo).toEqual(['ufo-oncall@example.com']);
  });

  it('UfoWatchdog reaches the dead-man\'s-switch webhook with its bearer token, repeatedly', async () => {
    const pings = await receivers.deliveries.waitForCount((d) => isWebhook(d) && about('UfoWatchdog')(d), 2, 15_000);
    for (const ping of pings) {
      if (!isWebhook(ping)) throw new Error('unreachable');
      expect(ping.path).toBe('/ping/ufo');
      expect(ping.authorization).toBe('Bearer local-token-deadmans_switch_token');
      expect(ping.payload.receiver).toBe(deadMansSwitchReceiver(routingConfig));
      expect(ping.payload.status).toBe('firing');
    }
    expect(receivers.deliveries.all.filter((d) => !isWebhook(d) && about('UfoWatchdog')(d))).toEqual([]);
  }, 25_000);
});
