/**
 * The HA drills (`npm run stack -- --ha --drills`): an outage while one Alertmanager peer is killed,
 * then a failure while one Prometheus replica is killed, each mid-incident (once the alert is pending
 * or firing). Each drill counts the notifications every paging receiver got for the alert: the HA
 * pair must not double them and the kill must not lose them — exactly one each.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { durationSeconds } from '../../rules/config';
import { PEER_TIMEOUT } from './alertmanager-cluster';
import { DRILLS, PAGING_CHANNELS, warmUp, type Drill } from './fault-drills';
import { notificationOf, notified, type Channel } from './notifications';
import { instantQuery } from './prometheus-api';
import { startStack, type Stack, type StackOptions } from './start-stack';
import { waitFor } from './wait';

export interface HaDrill {
  readonly name: string;
  readonly fault: Drill;
  /** What is killed mid-incident (the drill watches a surviving Prometheus afterwards). */
  readonly kill: (stack: Stack) => Promise<void>;
  /** Puts the fault right again and waits for its resolution, so the next drill starts clean. */
  readonly restore: Drill;
}

export interface HaDrillResult {
  readonly name: string;
  /** Firing notifications of the drill's alert per paging receiver. */
  readonly counts: ReadonlyMap<Channel, number>;
}

const NOTIFY_TIMEOUT_MS = 90_000;

/**
 * After the first notification, how long to keep counting: every peer's turn (position × peer
 * timeout) and a group interval more. A duplicate from the pair or from a peer that missed the gossip
 * would come within it; the repeat interval (a multiple of the group interval) is longer.
 */
export function quietWindowMs(peers: number, groupInterval: string): number {
  return (peers * durationSeconds(PEER_TIMEOUT) + durationSeconds(groupInterval)) * 1000;
}

export const HA_DRILLS: readonly HaDrill[] = [
  {
    name: 'outage-alertmanager-peer-killed',
    fault: DRILLS.serverStops,
    kill: async (stack) => {
      await stack.alerting.peers[0]?.process.stop(0, 'SIGKILL');
    },
    restore: { ...DRILLS.serverStops, fault: 'server answers again', inject: (s) => s.simulator.control.setFault({ kind: 'none' }), status: 'resolved' },
  },
  {
    name: 'failure-prometheus-replica-killed',
    fault: DRILLS.devicesDrop,
    kill: async (stack) => {
      await stack.prometheusReplicas[0]?.process.stop(0, 'SIGKILL');
    },
    restore: DRILLS.devicesReturn,
  },
];

function survivingPrometheus(stack: Stack): string {
  const alive = stack.prometheusReplicas.find((p) => p.process.exitStatus() === undefined);
  if (!alive) throw new Error('every Prometheus replica is gone');
  return alive.url;
}

async function waitForAlertState(stack: Stack, alertname: string, states: string): Promise<void> {
  const expr = `ALERTS{alertname="${alertname}",alertstate=~"${states}"}`;
  await waitFor(async () => ((await instantQuery(survivingPrometheus(stack), expr)).length > 0 ? true : undefined), {
    what: expr,
    timeoutMs: NOTIFY_TIMEOUT_MS,
  });
}

function firingCounts(stack: Stack, alertname: string, since: number): Map<Channel, number> {
  const counts = new Map<Channel, number>(PAGING_CHANNELS.map((c) => [c, 0]));
  for (const d of stack.alerting.receivers.deliveries.all) {
    const n = notificationOf(d);
    if (n && n.status === 'firing' && n.at >= since && n.alertnames.includes(alertname) && counts.has(n.channel)) counts.set(n.channel, (counts.get(n.channel) ?? 0) + 1);
  }
  return counts;
}

async function allChannels(stack: Stack, drill: Drill, since: number): Promise<void> {
  await Promise.all(PAGING_CHANNELS.map((c) => stack.alerting.receivers.deliveries.waitFor(notified(c, drill.alertname, drill.status, since), NOTIFY_TIMEOUT_MS)));
}

/** Runs one drill on a warmed-up HA stack. */
export async function runHaDrill(stack: Stack, drill: HaDrill, groupInterval: string): Promise<HaDrillResult> {
  const since = Date.now();
  drill.fault.inject(stack);
  await waitForAlertState(stack, drill.fault.alertname, 'pending|firing');
  await drill.kill(stack);
  await allChannels(stack, drill.fault, since);
  await sleep(quietWindowMs(stack.alerting.peers.length, groupInterval));
  const counts = firingCounts(stack, drill.fault.alertname, since);
  const restoredSince = Date.now();
  drill.restore.inject(stack);
  await allChannels(stack, drill.restore, restoredSince);
  return { name: drill.name, counts };
}

/** `drill <name>: 1 notification(s) per receiver`, or each receiver's count when they differ. */
export function describeHaDrill(result: HaDrillResult): string {
  const values = [...result.counts.values()];
  const same = values.every((v) => v === values[0]);
  const detail = same ? `${values[0] ?? 0} notification(s) per receiver` : [...result.counts].map(([c, n]) => `${c} ${n}`).join(', ') + ' notification(s)';
  return `drill ${result.name}: ${detail}`;
}

export function drillPassed(result: HaDrillResult): boolean {
  return [...result.counts.values()].every((n) => n === 1);
}

/** Every peer sees all the others: the cluster has formed and will share the notification log. */
export async function waitForCluster(stack: Stack): Promise<void> {
  const peers = stack.alerting.peers;
  for (const peer of peers)
    await waitFor(
      async () => {
        const res = await fetch(`${peer.url}/api/v2/status`, { signal: AbortSignal.timeout(2_000) });
        const status = (await res.json()) as { cluster?: { status?: string; peers?: unknown[] } };
        return status.cluster?.status === 'ready' && status.cluster.peers?.length === peers.length ? true : undefined;
      },
      { what: `Alertmanager ${peer.address} to see ${peers.length} peers`, timeoutMs: 30_000 },
    );
}

/** The HA topology of `--ha`: two Prometheus replicas, three Alertmanager peers. */
export const HA_TOPOLOGY = { prometheusReplicas: 2, alertmanagerPeers: 3 } as const;

/**
 * Starts the fast-profile stack in the HA topology, warms it up, runs every drill and stops it.
 * `report` gets each drill's line as it finishes.
 */
export async function runHaDrills(base: StackOptions, report: (line: string) => void): Promise<HaDrillResult[]> {
  const stack = await startStack({ ...base, ha: HA_TOPOLOGY });
  try {
    await waitForCluster(stack);
    await warmUp(stack);
    const results: HaDrillResult[] = [];
    for (const drill of HA_DRILLS) {
      const result = await runHaDrill(stack, drill, base.alertTiming.groupInterval);
      report(describeHaDrill(result));
      results.push(result);
    }
    return results;
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${stack.failureReport(['prometheus', 'alertmanager', 'receivers'])}`);
  } finally {
    await stack.stop();
  }
}
