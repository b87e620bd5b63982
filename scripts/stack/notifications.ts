/**
 * What a delivery to a receiver stand-in says: which alert, firing or resolved, on which channel.
 * Titles come from the generated templates (`[FIRING:1] UfoX on host (severity)` / `[RESOLVED] UfoX …`);
 * PagerDuty says it with event_action and the same summary.
 */
import type { Delivery } from '../receivers/index';

export type Channel = 'pagerduty' | 'slack' | 'email' | 'webhook';

export interface Notification {
  readonly channel: Channel;
  readonly alertnames: readonly string[];
  readonly status: 'firing' | 'resolved';
  /** When the stand-in received it (ms since epoch). */
  readonly at: number;
}

const TITLE = /^\[(FIRING|RESOLVED)(?::\d+)?\] (\w+)/;

function fromTitle(channel: Channel, title: string | undefined, at: number): Notification | undefined {
  const m = TITLE.exec(title ?? '');
  if (!m) return undefined;
  return { channel, alertnames: [m[2]!], status: m[1] === 'FIRING' ? 'firing' : 'resolved', at };
}

/** The notification a delivery carries; undefined for a delivery whose title the templates did not make. */
export function notificationOf(d: Delivery): Notification | undefined {
  switch (d.kind) {
    case 'slack':
      return fromTitle('slack', d.message.attachments?.[0]?.title ?? d.message.text, d.at);
    case 'email':
      return fromTitle('email', d.email.subject, d.at);
    case 'pagerduty': {
      const parsed = fromTitle('pagerduty', d.event.payload?.summary, d.at);
      const status = d.event.event_action === 'resolve' ? 'resolved' : 'firing';
      return parsed ? { ...parsed, status } : undefined;
    }
    case 'webhook':
      return { channel: 'webhook', alertnames: d.payload.alerts.map((a) => a.labels['alertname'] ?? ''), status: d.payload.status, at: d.at };
  }
}

/** A predicate for `deliveries.waitFor`: `alertname` notified on `channel` with `status`, after `since`. */
export function notified(channel: Channel, alertname: string, status: 'firing' | 'resolved', since: number): (d: Delivery) => boolean {
  return (d) => {
    const n = notificationOf(d);
    return n !== undefined && n.channel === channel && n.status === status && n.at >= since && n.alertnames.includes(alertname);
  };
}
