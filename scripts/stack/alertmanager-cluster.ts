/**
 * An Alertmanager gossip cluster on loopback (`npm run stack -- --ha`): each peer listens for gossip on
 * its own 127.0.0.1 port and names every other peer with --cluster.peer. The peers share silences and
 * the notification log; the peer at position n waits n × --cluster.peer-timeout before sending and
 * skips what another peer has logged as sent — so two Prometheus replicas sending every alert to
 * every peer still make one notification, and a dead peer's turn passes to the next.
 */
import { freeLoopbackPort } from './ports';

/** How long each peer position waits for the ones before it (default 15s; short keeps drills quick). */
export const PEER_TIMEOUT = '2s';

/** Gossip ports for `count` peers (TCP and UDP on the same number, as memberlist uses both). */
export async function clusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freeLoopbackPort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

/** The cluster flags of peer `index`. */
export function clusterArgs(ports: readonly number[], index: number): string[] {
  const own = ports[index];
  if (own === undefined) throw new Error(`alertmanager cluster: no peer ${index} among ${ports.length}`);
  return [
    `--cluster.listen-address=127.0.0.1:${own}`,
    `--cluster.advertise-address=127.0.0.1:${own}`,
    ...ports.filter((_, i) => i !== index).map((p) => `--cluster.peer=127.0.0.1:${p}`),
    `--cluster.peer-timeout=${PEER_TIMEOUT}`,
    '--cluster.gossip-interval=100ms',
    '--cluster.pushpull-interval=2s',
    '--cluster.settle-timeout=2s',
  ];
}
