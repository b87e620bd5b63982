/**
 * Scrape cost proportional to what changed (issue 15): an API answer that did not change is not
 * parsed again and the fleet state skips its diff — but a change the log (or /events) made between
 * two identical polls is still reconciled. Counts, not timings: the API source counts the answers it
 * parsed and reused, the fleet state the snapshot diffs it skipped. Runs against the real simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../exporter/logging';
import { createStateSink } from '../../../../exporter/sink';
import { createApiSource, type ApiSource } from '../../../../exporter/sources/api';
import { UnchangedBodyCache } from '../../../../exporter/sources/api/unchanged-body';
import { FleetState } from '../../../../exporter/state';
import { startSimulator, type Simulator } from '../../../../scripts/simulator/index';

const API_KEY = 'unchanged-key';
const running: { sim: Simulator; api: ApiSource }[] = [];

afterEach(async () => {
  for (const { sim, api } of running.splice(0)) {
    await api.stop();
    await sim.close();
  }
});

async function setUp(shape: 'ids' | 'rich', now?: () => number) {
  const sim = await startSimulator({ apiKey: API_KEY, devices: 3, constellations: 1, shape, seed: 7 });
  const state = new FleetState();
  const sink = createStateSink({ state, logger: silentLogger, maxSeries: 100 });
  const api = createApiSource({ url: sim.url, apiKey: API_KEY, timeoutMs: 10_000, ...(now && { now }) });
  running.push({ sim, api });
  await api.start(sink);
  await api.poll(); // joins the first poll, started by start()
  return { sim, state, sink, api };
}

const connectedIds = (state: FleetState): string[] => [...state.clients.connectedClients()].map((c) => c.clientId).sort();

describe('an unchanged fleet', () => {
  it('rich shape: answers that differ only in uptime_seconds are not parsed again, and the diff is skipped', async () => {
    const { sim, state, api } = await setUp('rich');
    expect(api.decodeCounts.clients.parsed).toBe(1);
    // The simulator's uptimes change every second: poll until an answer differs only in them.
    while (api.decodeCounts.clients.sameExceptPerRequest === 0) await api.poll();
    expect(api.decodeCounts.clients.parsed).toBe(1);
    expect(state.snapshots.skipped).toBeGreaterThan(0);
    expect(state.upstream.status().up).toBe(true);
    expect(connectedIds(state)).toEqual(sim.control.clients().map((c) => c.clientId).sort());

    // A real change is parsed and applied.
    sim.control.connect('late-1', { platform: 'linux' });
    await api.poll();
    expect(api.decodeCounts.clients.parsed).toBe(2);
    expect(connectedIds(state)).toContain('late-1');
  });

  it('ids shape: a log change between two identical polls is still reconciled, without parsing again', async () => {
    let clock = 1_000_000;
    const { sim, state, sink, api } = await setUp('ids', () => clock);
    const listed = sim.control.clients().map((c) => c.clientId).sort();
    const [first] = listed;
    if (first === undefined) throw new Error('the simulator has no clients');
    expect(connectedIds(state)).toEqual(listed);

    // Between two polls, the log reports a disconnect of a listed client and a connect of one the API does not list.
    sink.emit({ type: 'client_disconnected', source: 'log', at: clock + 1, clientId: first, reason: 'normal' });
    sink.emit({ type: 'client_connected', source: 'log', at: clock + 1, clientId: 'log-only' });
    expect(connectedIds(state)).toEqual([...listed.filter((id) => id !== first), 'log-only'].sort());

    // The next poll starts after those log lines and answers the same bytes: the API's list wins again.
    clock += 2;
    const skippedBefore = state.snapshots.skipped;
    await api.poll();
    expect(api.decodeCounts.clients.identical).toBe(1);
    expect(api.decodeCounts.clients.parsed).toBe(1);
    expect(state.snapshots.skipped).toBe(skippedBefore);
    expect(connectedIds(state)).toEqual(listed);

    // Nothing changed since: now the diff is skipped.
    clock += 2;
    await api.poll();
    expect(api.decodeCounts.clients.identical).toBe(2);
    expect(state.snapshots.skipped).toBe(skippedBefore + 1);
    expect(connectedIds(state)).toEqual(listed);
  });
});

describe('the reference answer', () => {
  const answer = (n: number, uptime: number): Buffer => Buffer.from(`{"clients":[{"client_id":"c${n}","uptime_seconds":${uptime}}]}`);
  const decode = (b: Buffer): string => JSON.parse(b.toString('utf8')).clients[0].client_id as string;

  it('is the latest answer: a number that got longer is compared per value once, not at every later poll', async () => {
    const cache = new UnchangedBodyCache<string>();
    const before = answer(1, 99);
    await cache.resolve(before, decode);
    expect(await cache.resolve(answer(1, 100), decode)).toBe('c1'); // another length
    before.fill(0x20); // no longer the reference: the next answer is compared with the one of uptime 100
    expect(await cache.resolve(answer(1, 101), decode)).toBe('c1');
    expect(cache.counts).toEqual({ parsed: 1, identical: 0, sameExceptPerRequest: 2 });
  });
});
