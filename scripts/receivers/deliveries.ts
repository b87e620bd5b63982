/**
 * What the receiver stand-ins got: a typed, append-only record with a bounded `waitFor`, and a
 * one-line printable form of each delivery (for `npm run stack` output and test failure messages).
 */
import type { EmailMessage } from './mime';

/** Slack incoming-webhook payload, the fields Alertmanager 0.25 sends. */
export interface SlackAttachment {
  readonly title?: string;
  readonly title_link?: string;
  readonly text?: string;
  readonly fallback?: string;
  readonly color?: string;
  readonly actions?: readonly { readonly type: string; readonly text: string; readonly url: string; readonly style?: string }[];
}
export interface SlackMessage {
  readonly channel?: string;
  readonly username?: string;
  readonly text?: string;
  readonly attachments?: readonly SlackAttachment[];
}

/** PagerDuty Events API v2 event. */
export interface PagerdutyEvent {
  readonly routing_key: string;
  readonly event_action: 'trigger' | 'acknowledge' | 'resolve';
  readonly dedup_key?: string;
  readonly payload?: {
    readonly summary: string;
    readonly source: string;
    readonly severity: 'critical' | 'error' | 'warning' | 'info';
    readonly class?: string;
    readonly component?: string;
    readonly group?: string;
    readonly custom_details?: Readonly<Record<string, unknown>>;
  };
  readonly links?: readonly { readonly href: string; readonly text: string }[];
  readonly client?: string;
  readonly client_url?: string;
}

/** Alertmanager's generic webhook payload (version 4). */
export interface WebhookAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly fingerprint: string;
}
export interface WebhookPayload {
  readonly version: string;
  readonly groupKey: string;
  readonly status: 'firing' | 'resolved';
  readonly receiver: string;
  readonly groupLabels: Readonly<Record<string, string>>;
  readonly commonLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly alerts: readonly WebhookAlert[];
}

interface Base {
  /** Milliseconds since the epoch when the stand-in accepted it. */
  readonly at: number;
}
export interface SlackDelivery extends Base {
  readonly kind: 'slack';
  /** Path of the webhook URL it was posted to (tells which secret file's URL was used). */
  readonly path: string;
  readonly message: SlackMessage;
}
export interface PagerdutyDelivery extends Base {
  readonly kind: 'pagerduty';
  readonly event: PagerdutyEvent;
}
export interface EmailDelivery extends Base {
  readonly kind: 'email';
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  /** The user name the client authenticated as, if it did. */
  readonly authenticatedAs?: string;
  readonly email: EmailMessage;
}
export interface WebhookDelivery extends Base {
  readonly kind: 'webhook';
  readonly path: string;
  readonly authorization?: string;
  readonly payload: WebhookPayload;
}
export type Delivery = SlackDelivery | PagerdutyDelivery | EmailDelivery | WebhookDelivery;
export type DeliveryKind = Delivery['kind'];

/** One line per delivery, e.g. `slack #ufo-alerts [FIRING:1] UfoServerDown on a:1 (critical)`. */
export function describeDelivery(d: Delivery): string {
  const time = new Date(d.at).toISOString().slice(11, 23);
  switch (d.kind) {
    case 'slack':
      return `${time} slack ${d.message.channel ?? '(no channel)'} ${d.message.attachments?.[0]?.title ?? d.message.text ?? ''}`;
    case 'pagerduty':
      return `${time} pagerduty ${d.event.event_action} dedup_key=${d.event.dedup_key ?? '-'} ${d.event.payload?.summary ?? ''}`;
    case 'email':
      return `${time} email to ${d.envelopeTo.join(',')}: ${d.email.subject}`;
    case 'webhook':
      return `${time} webhook ${d.path} ${d.payload.status} ${d.payload.alerts.map((a) => a.labels['alertname']).join(',')}`;
  }
}

type Waiter = { readonly matches: (d: Delivery) => boolean; readonly resolve: (d: Delivery) => void };

export class Deliveries {
  private readonly items: Delivery[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly listeners = new Set<(d: Delivery) => void>();

  /** Everything received so far, oldest first. */
  get all(): readonly Delivery[] {
    return this.items;
  }

  of<K extends DeliveryKind>(kind: K): Extract<Delivery, { kind: K }>[] {
    return this.items.filter((d): d is Extract<Delivery, { kind: K }> => d.kind === kind);
  }

  record(d: Delivery): void {
    this.items.push(d);
    for (const l of this.listeners) l(d);
    for (const w of [...this.waiters])
      if (w.matches(d)) {
        this.waiters.delete(w);
        w.resolve(d);
      }
  }

  /** Calls `listener` for every later delivery; returns the unsubscribe function. */
  subscribe(listener: (d: Delivery) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The first delivery (already received or arriving within `timeoutMs`) that matches. Rejects on
   * timeout with everything received so far, so a failing test shows what did arrive.
   */
  waitFor<D extends Delivery>(predicate: (d: Delivery) => d is D, timeoutMs: number): Promise<D>;
  waitFor(predicate: (d: Delivery) => boolean, timeoutMs: number): Promise<Delivery>;
  waitFor(predicate: (d: Delivery) => boolean, timeoutMs: number): Promise<Delivery> {
    const found = this.items.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches: predicate,
        resolve: (d) => {
          clearTimeout(timer);
          resolve(d);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching delivery within ${timeoutMs} ms; received:\n${this.describe()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Resolves once `count` deliveries match (e.g. a repeated notification). */
  async waitForCount(predicate: (d: Delivery) => boolean, count: number, timeoutMs: number): Promise<Delivery[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.items.filter(predicate);
      if (matching.length >= count) return matching;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`only ${matching.length} of ${count} matching deliveries within ${timeoutMs} ms; received:\n${this.describe()}`);
      const seen = new Set(matching);
      await this.waitFor((d) => predicate(d) && !seen.has(d), left).catch(() => undefined);
    }
  }

  describe(): string {
    return this.items.length === 0 ? '  (nothing)' : this.items.map((d) => `  ${describeDelivery(d)}`).join('\n');
  }
}

export const isSlack = (d: Delivery): d is SlackDelivery => d.kind === 'slack';
export const isPagerduty = (d: Delivery): d is PagerdutyDelivery => d.kind === 'pagerduty';
export const isEmail = (d: Delivery): d is EmailDelivery => d.kind === 'email';
export const isWebhook = (d: Delivery): d is WebhookDelivery => d.kind === 'webhook';
