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
import { UnchangedBodyCache, endOfJsonNumber, sameExceptValues, valueSpans } from '../../../../exporter/sources/api/unchanged-body';
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

describe('comparing answers except per-request values', () => {
  const rich = (uptimes: readonly string[], id = 'a'): Buffer =>
    Buffer.from(`{"clients":[{"client_id":"${id}","uptime_seconds":${uptimes[0]}},{"client_id":"b","uptime_seconds":${uptimes[1]}}],"total":2}`);
  const same = async (a: Buffer, b: Buffer): Promise<boolean> => {
    const spans = valueSpans(a);
    if (!spans) throw new Error('no value spans');
    return (await sameExceptValues(a, spans, b)) !== undefined;
  };

  it.each([
    ['other uptimes', ['1', '2'], ['30', '4.5e1'], 'a', true],
    ['other uptimes of the same length', ['1', '20'], ['7', '21'], 'a', true],
    ['a changed id after same-length uptimes', ['1', '2'], ['3', '4'], 'b', false],
    ['a changed client id', ['1', '2'], ['1', '2'], 'z', false],
    ['a value that is not a number', ['1', '2'], ['1', '"2"'], 'a', false],
    ['a malformed number', ['1', '2'], ['1', '-'], 'a', false],
  ] as const)('%s', async (_name, before, after, id, expected) => {
    expect(await same(rich(before), rich(after, id))).toBe(expected);
  });

  it('leaves the reference answer valid JSON of the same structure (its skipped numbers may take the new values)', async () => {
    const reference = rich(['1', '2']);
    expect(await same(reference, rich(['3', '40']))).toBe(true);
    expect(JSON.parse(reference.toString('utf8'))).toEqual({ clients: [{ client_id: 'a', uptime_seconds: 3 }, { client_id: 'b', uptime_seconds: 2 }], total: 2 });
  });

  it('does not skip past a missing or extra entry', async () => {
    const one = Buffer.from('{"clients":[{"client_id":"a","uptime_seconds":1}],"total":1}');
    const two = Buffer.from('{"clients":[{"client_id":"a","uptime_seconds":1},{"client_id":"b","uptime_seconds":1}],"total":1}');
    expect(await same(one, two)).toBe(false);
    expect(await same(two, one)).toBe(false);
    expect(valueSpans(Buffer.from('{"clients":[{"client_id":"a","uptime_seconds":null}]}'))).toBeUndefined();
  });

  it('reads JSON numbers by the grammar', () => {
    const end = (text: string): number => endOfJsonNumber(Buffer.from(text), 0);
    expect([end('12}'), end(' -0.5e+3,'), end('01'), end('1.}'), end('-x'), end('1e}')]).toEqual([2, 8, 1, -1, -1, -1]);
  });
});

describe('the spare buffer of a large answer', () => {
  const answer = (n: number, uptime: number): Buffer => {
    // Owns its ArrayBuffer, like a received body; the same padding after the JSON whatever the uptime's length.
    const bytes = Buffer.allocUnsafe(300_000 + String(uptime).length).fill(0x20);
    bytes.write(`{"clients":[{"client_id":"c${n}","uptime_seconds":${uptime}}]}`);
    return bytes;
  };

  it('is handed back once an answer is reused or replaced, never while the reference answer uses it', async () => {
    const cache = new UnchangedBodyCache<string>();
    const decode = (b: Buffer): string => JSON.parse(b.toString('utf8')).clients[0].client_id as string;
    const first = answer(1, 5);
    expect(await cache.resolve(first, decode)).toBe('c1');
    expect(cache.takeSpare()).toBeUndefined();
    const second = answer(1, 6);
    expect(await cache.resolve(second, decode)).toBe('c1'); // only the uptime changed: reused, and the new reference
    const spare = cache.takeSpare();
    expect(spare?.buffer).toBe(first.buffer);
    expect(cache.takeSpare()).toBeUndefined();
    // The next answer lands in the spare; a changed one replaces the reference, whose buffer becomes the spare.
    answer(2, 6).copy(spare!);
    expect(await cache.resolve(spare!, decode)).toBe('c2');
    expect(cache.takeSpare()?.buffer).toBe(second.buffer);
    expect(cache.counts).toEqual({ parsed: 2, identical: 0, sameExceptPerRequest: 1 });
  });

  it('makes the latest answer the reference: a number that got longer is compared per value once, not at every later poll', async () => {
    const cache = new UnchangedBodyCache<string>();
    const decode = (b: Buffer): string => JSON.parse(b.toString('utf8')).clients[0].client_id as string;
    const before = answer(1, 99);
    await cache.resolve(before, decode);
    const after = answer(1, 100); // another length
    expect(await cache.resolve(after, decode)).toBe('c1');
    expect(cache.takeSpare()?.buffer).toBe(before.buffer); // the reference moved to `after`
    expect(await cache.resolve(answer(1, 101), decode)).toBe('c1');
    expect(cache.counts).toEqual({ parsed: 1, identical: 0, sameExceptPerRequest: 2 });
  });
});
