/**
 * Fault drills on a running stack: warm it up, inject a fault through the simulator, and time how
 * long each receiver stand-in takes to hear about it. Shared by the end-to-end test (which asserts
 * on the results) and `npm run bench` (which records them in bench/RESULTS.md).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { activeAlertmanagers, instantQuery } from './prometheus-api';
import { EXPORTER_JOB } from './prometheus-config';
import { notified, type Channel } from './notifications';
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

/** The three drills of the stack, in the order they must run (each starts from the previous state). */
export const DRILLS = {
  devicesDrop: { fault: 'devices drop', inject: (s) => s.simulator.control.dropAllDevices(), alertname: 'UfoNoDevicesConnected', status: 'firing' },
  devicesReturn: { fault: 'devices return', inject: (s) => s.simulator.control.restoreDevices(), alertname: 'UfoNoDevicesConnected', status: 'resolved' },
  serverStops: { fault: 'server stops answering', inject: (s) => s.simulator.control.setFault({ kind: 'unresponsive' }), alertname: 'UfoServerDown', status: 'firing' },
} as const satisfies Record<string, Drill>;
