/**
 * Local stand-ins for every channel Alertmanager notifies: Slack incoming webhooks, the PagerDuty
 * Events API v2, an SMTP relay and a generic webhook (the dead-man's switch), all on 127.0.0.1
 * with random free ports. Used by the Alertmanager delivery tests, `npm run stack` and the
 * end-to-end test; `npx tsx scripts/receivers/main.ts` runs them on their own and prints deliveries.
 */
import type { LocalEndpoints } from '../stack/alertmanager-local';
import { Deliveries } from './deliveries';
import { startPagerdutyStandIn } from './pagerduty';
import { startSlackStandIn } from './slack';
import { startSmtpStandIn } from './smtp';
import { startWebhookStandIn } from './webhook';

export * from './deliveries';
export type { EmailMessage } from './mime';

export interface ReceiverOptions {
  /** When set, the SMTP stand-in requires AUTH with this password. */
  readonly smtpPassword?: string;
}

/** Where the stand-ins listen: exactly what the local Alertmanager override points the config at. */
export type ReceiverEndpoints = LocalEndpoints;

export interface Receivers extends ReceiverEndpoints {
  /** Everything the stand-ins received, with `waitFor`. */
  readonly deliveries: Deliveries;
  /** A printable summary: where each stand-in listens. */
  describe(): string;
  close(): Promise<void>;
}

export async function startReceivers(options: ReceiverOptions = {}): Promise<Receivers> {
  const deliveries = new Deliveries();
  const started = await Promise.allSettled([
    startSlackStandIn(deliveries),
    startPagerdutyStandIn(deliveries),
    startWebhookStandIn(deliveries),
    startSmtpStandIn(deliveries, options.smtpPassword),
  ]);
  const closeAll = (): Promise<unknown> =>
    Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
  const [slack, pagerduty, webhook, smtp] = started;
  if (slack?.status !== 'fulfilled' || pagerduty?.status !== 'fulfilled' || webhook?.status !== 'fulfilled' || smtp?.status !== 'fulfilled') {
    await closeAll();
    const reasons = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    throw new Error(`could not start the receiver stand-ins: ${reasons.join('; ')}`);
  }
  const endpoints: ReceiverEndpoints = {
    slackUrl: slack.value.url,
    pagerdutyUrl: `${pagerduty.value.url}/v2/enqueue`,
    webhookUrl: webhook.value.url,
    smtpSmarthost: smtp.value.smarthost,
  };
  return {
    ...endpoints,
    deliveries,
    describe: () =>
      [
        `slack webhooks     ${endpoints.slackUrl}/<any path>`,
        `pagerduty events   ${endpoints.pagerdutyUrl}`,
        `webhook            ${endpoints.webhookUrl}/<any path>`,
        `smtp (no TLS)      ${endpoints.smtpSmarthost}${options.smtpPassword === undefined ? '' : ' (AUTH required)'}`,
      ].join('\n'),
    close: async () => {
      await closeAll();
    },
  };
}
