/**
 * Drives a ClientTracker through a seeded random sequence of what its callers do (API connects and
 * disconnects, log and push reports, late platforms, held disconnects settling, a small history that
 * evicts) and writes down everything a reader can see: each change event, and after each step the
 * answers about the client touched; at the end the connected set, the counters and the offline count.
 * clients.history.test.ts compares these transcripts with the ones the tracker gave before its
 * connected clients carried their histories (issue 15M).
 */
import type { ClientType, EventSource } from '../../../exporter/events';
import type { ClientTracker, ClientTrackerOptions } from '../../../exporter/state/clients';

type TrackerClass = new (opts: ClientTrackerOptions) => ClientTracker;

const TYPES: (ClientType | undefined)[] = [undefined, 'device', 'constellation'];
const PLATFORMS = [undefined, 'linux', 'windows', 'unknown', ''];
const SOURCES: EventSource[] = ['api', 'api', 'log', 'push'];

export function trackerTranscript(Tracker: TrackerClass, seed: number, steps = 300): string {
  // mulberry32: every bit varies (an LCG's low bits cycle too soon for `% n`).
  let state = seed >>> 0;
  const next = (n: number): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = Math.imul(state ^ (state >>> 15), state | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) % n;
  };
  const lines: string[] = [];
  let now = 0;
  const grace = seed % 3 === 0 ? 0 : 1;
  const t = new Tracker({
    historyLimit: seed % 2 === 0 ? 6 : 40,
    maxConnected: 18,
    maxPushedUnconfirmed: 5,
    maxHeldDisconnects: 3,
    onOverflow: (bound) => lines.push(`overflow ${bound}`),
    knownDevices: ['c1', 'c2', 'd9'],
    onChange: (change) => lines.push(`${change.kind} ${JSON.stringify(change.client)} ${change.at} ${'reason' in change ? change.reason : ''}`),
    disconnectGraceSeconds: grace,
    now: () => now,
  });
  for (let step = 0; step < steps; step++) {
    now += next(2);
    const id = `c${next(24)}`;
    const at = now - next(6);
    const op = next(10);
    if (op < 5) t.connect(id, at, SOURCES[next(4)]!, TYPES[next(3)], PLATFORMS[next(5)]);
    else if (op < 8) t.disconnect(id, at, SOURCES[next(4)]!, next(3) === 0 ? undefined : 'closed');
    else if (op === 8) t.fillPlatform(id, PLATFORMS[next(5)]);
    else t.settle();
    lines.push(`${step} ${id}: n=${t.connectionCount(id)} pushed=${t.lastPushedAt(id)} type=${t.typeOf(id)} listed=${t.listedUnchanged(id, now, TYPES[next(3)], PLATFORMS[next(5)])}`);
  }
  lines.push(JSON.stringify([...t.connectedClients()]), JSON.stringify(t.disconnects()), JSON.stringify(t.connects.entries()));
  lines.push(JSON.stringify(t.byTypeAndPlatform()), `offline=${t.offlineDeviceCount()} connected=${t.connectedCount} mutations=${t.mutations}`);
  return lines.join('\n');
}
