/**
 * Fault drills on a running stack: warm it up, inject a fault through the simulator, and time how
 * long each receiver stand-in takes to hear about it. Shared by the end-to-end test (which asserts
 * on the results) and `npm run bench` (which records them in bench/RESULTS.md).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { activeAlertmanagers, instantQuery } from './prometheus-api';
import { EXPORTER_JOB } from './prometheus-config';
import { notificationOf, notified, type Channel } from './notifications';
import type { Stack } from './start-stack';
import { waitFor } from './wait';
import { WARM_UP } from './fast-profile';

/** The channels a critical alert pages on (generated routing: PagerDuty + Slack + email). */
export const PAGING_CHANNELS: readonly Channel[] = ['pagerduty', 'slack', 'email'];

/** Alertmanager discovered, a healthy server seen, then the fleet advanced over several scrapes. */
export async function warmUp(stack: Stack): Promise<void> {
  const prom = stack.prometheus.url;
  await waitFor(async () => ((await activeAlertmanagers(prom)).length > 0 ? true : undefined), { what: 'Prometheus to discover Alertmanager', timeoutMs: 15_000 });
  await waitFor(async () => ((await instantQuery(prom, `ufo_up{job="${EXPORTER_JOB}"} == 1`)).length > 0 ? true : undefined), { what: 'ufo_up == 1 in Prometheus', timeoutMs: 15_000 });
  for (let round = 0; round < WARM_UP.rounds; round++) {
    stack.simulator.control.advance(WARM_UP.ticksPerRound);
    await sleep(WARM_UP.pauseMs);
  }
}

export interface Drill {
  /** What is done, e.g. "devices drop". */
  readonly fault: string;
  readonly inject: (stack: Stack) => void;
  readonly alertname: string;
  readonly status: 'firing' | 'resolved';
}

export interface DrillResult {
  readonly drill: Drill;
  /** When the fault was injected (ms since epoch). */
  readonly injectedAt: number;
  /** Channel → milliseconds from injection to the stand-in receiving the notification. */
  readonly latencyMs: ReadonlyMap<Channel, number>;
  /** When the first notification arrived. */
  readonly firstAt: number;
}

/** Injects the fault; resolves once every paging channel got the notification, rejects after `timeoutMs`. */
export async function runDrill(stack: Stack, drill: Drill, timeoutMs: number): Promise<DrillResult> {
  const injectedAt = Date.now();
  drill.inject(stack);
  const arrivals = await Promise.all(
    PAGING_CHANNELS.map(async (channel) => {
      const d = await stack.alerting.receivers.deliveries.waitFor(notified(channel, drill.alertname, drill.status, injectedAt), timeoutMs);
      return [channel, d.at] as const;
    }),
  );
  return {
    drill,
    injectedAt,
    latencyMs: new Map(arrivals.map(([channel, at]) => [channel, at - injectedAt])),
    firstAt: Math.min(...arrivals.map(([, at]) => at)),
  };
}

/** Sessions failing on the connected devices: each started and finished as failed at once. */
export const FAILURE_STORM_SESSIONS = 12;
function failureStorm(stack: Stack): void {
  const control = stack.simulator.control;
  const devices = control.clients().filter((c) => c.type === 'device');
  if (devices.length === 0) throw new Error('failure storm: no device is connected to run sessions on');
  for (let i = 0; i < FAILURE_STORM_SESSIONS; i++) control.finishSession(control.startSession(devices[i % devices.length]!.clientId), 'failed', 1);
}

/** The drills of the stack, in the order they must run (each starts from the previous state). */
export const DRILLS = {
  devicesDrop: { fault: 'devices drop', inject: (s) => s.simulator.control.dropAllDevices(), alertname: 'UfoNoDevicesConnected', status: 'firing' },
  devicesReturn: { fault: 'devices return', inject: (s) => s.simulator.control.restoreDevices(), alertname: 'UfoNoDevicesConnected', status: 'resolved' },
  failureStorm: { fault: 'a failure storm', inject: failureStorm, alertname: 'UfoHighSessionFailureRate', status: 'firing' },
  serverStops: { fault: 'server stops answering', inject: (s) => s.simulator.control.setFault({ kind: 'unresponsive' }), alertname: 'UfoServerDown', status: 'firing' },
} as const satisfies Record<string, Drill>;

/**
 * The pages of the incidents that began since `since`: PagerDuty trigger events grouped by incident
 * (dedup key; Alertmanager's repeats of a page carry the same key, and a page that began earlier is
 * not this incident's), as the alert names they page for.
 */
export function pagesSince(stack: Stack, since: number): string[] {
  const incidents = new Map<string, { readonly firstAt: number; readonly alerts: string }>();
  for (const d of stack.alerting.receivers.deliveries.all) {
    if (d.kind !== 'pagerduty' || d.event.event_action !== 'trigger') continue;
    const key = d.event.dedup_key ?? `${d.at}`;
    if (!incidents.has(key)) incidents.set(key, { firstAt: d.at, alerts: notificationOf(d)?.alertnames.join(',') ?? '(unknown)' });
  }
  return [...incidents.values()].filter((i) => i.firstAt >= since).map((i) => i.alerts);
}

/** Alerts other than `alertname` notified firing (any channel) since `since`: what one incident must not cause. */
export function otherAlertsNotifiedSince(stack: Stack, alertname: string, since: number): string[] {
  const others = new Set<string>();
  for (const d of stack.alerting.receivers.deliveries.all) {
    const n = notificationOf(d);
    if (!n || n.at < since || n.status !== 'firing' || n.channel === 'webhook') continue;
    for (const a of n.alertnames) if (a !== alertname) others.add(a);
  }
  return [...others].sort();
}
