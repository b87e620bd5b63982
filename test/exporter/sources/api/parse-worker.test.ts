/**
 * A large changed `/api/clients` answer is parsed in a worker thread (issue 15: never block the event
 * loop). The worker path must give exactly what the main-thread parse gives, fail the same way on a
 * bad answer, and a worker that crashes is reported while its answer is still parsed (on the main
 * thread) and the next parse starts a new worker. Counts and states, not timings; the real simulator.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceError } from '../../../../exporter/events';
import { silentLogger } from '../../../../exporter/logging';
import { createStateSink } from '../../../../exporter/sink';
import { createApiSource, type ApiSource } from '../../../../exporter/sources/api';
import { fromColumnsInSlices, toColumns } from '../../../../exporter/sources/api/client-columns';
import { decodeAnswer } from '../../../../exporter/sources/api/parse-answer';
import { ClientsParseWorker } from '../../../../exporter/sources/api/parse-worker';
import { parseClients } from '../../../../exporter/sources/api/responses';
import { FleetState } from '../../../../exporter/state';
import { startSimulator, type Simulator } from '../../../../scripts/simulator/index';
import { waitUntil } from '../../../../scripts/stack/wait';
import { countLoopTurns } from '../../../helpers/loop-turns';

const API_KEY = 'worker-key';
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function simulator(shape: 'ids' | 'rich'): Promise<Simulator> {
  const sim = await startSimulator({ apiKey: API_KEY, devices: 5, constellations: 2, shape, seed: 11 });
  stops.push(() => sim.close());
  sim.control.connect('odd-1', { platform: 'haiku' });
  return sim;
}

/** An API source feeding its own fleet state; `workerMinBytes` 1: every answer goes to the worker, 0: none. */
async function pollInto(sim: Simulator, workerMinBytes: number, parseWorkerScript?: URL) {
  const state = new FleetState();
  const errors: SourceError[] = [];
  const stateSink = createStateSink({ state, logger: silentLogger, maxSeries: 100 });
  const sink = { ...stateSink, reportError: (e: SourceError) => (errors.push(e), stateSink.reportError(e)) };
  const api: ApiSource = createApiSource({ url: sim.url, apiKey: API_KEY, timeoutMs: 20_000, workerMinBytes, ...(parseWorkerScript && { parseWorkerScript }) });
  stops.push(() => api.stop());
  await api.start(sink);
  await api.poll();
  return { state, api, errors };
}

/** The connected clients; `at` only where the server gives it (the ids shape's is the poll's own time). */
const clientsOf = (state: FleetState, withAt = true) =>
  [...state.clients.connectedClients()]
    .map((c) => ({ id: c.clientId, type: c.clientType, platform: c.platform, ...(withAt && { at: c.connectedAt }) }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe('the worker path and the main-thread path', () => {
  it.each(['rich', 'ids'] as const)('%s shape: the same fleet state, and a change is applied the same way', async (shape) => {
    const sim = await simulator(shape);
    const inWorker = await pollInto(sim, 1);
    const inThread = await pollInto(sim, 0);
    expect(inWorker.api.workerCounts.parsed).toBe(1);
    expect(inThread.api.workerCounts.parsed).toBe(0);
    const rich = shape === 'rich';
    expect(clientsOf(inWorker.state, rich)).toEqual(clientsOf(inThread.state, rich));
    expect(clientsOf(inWorker.state).map((c) => c.id)).toContain('odd-1');

    sim.control.connect('late-1', { platform: 'linux' });
    await Promise.all([inWorker.api.poll(), inThread.api.poll()]);
    expect(inWorker.api.workerCounts.parsed).toBe(2);
    expect(clientsOf(inWorker.state, rich)).toEqual(clientsOf(inThread.state, rich));
    expect(clientsOf(inWorker.state).map((c) => c.id)).toContain('late-1');
    expect([...inWorker.errors, ...inThread.errors]).toEqual([]);
  });

  it('columns give back the entries, whichever fields are present', async () => {
    const entries = [
      { clientId: 'a' },
      { clientId: 'b', clientType: 'device' as const, platform: 'linux', connectedAt: 1.5 },
      { clientId: 'c', clientType: 'constellation' as const, connectedAt: 0 },
      { clientId: 'd', platform: 'linux' },
    ];
    const columns = toColumns(entries);
    expect(columns.platforms).toEqual(['linux']);
    expect(await fromColumnsInSlices(columns)).toStrictEqual(entries);
    expect(await fromColumnsInSlices(columns, 1)).toStrictEqual(entries);
  });

  it('builds the entries in slices, a turn of the event loop between them', async () => {
    const entries = Array.from({ length: 10 }, (_, i) => ({ clientId: `c${i}`, platform: i % 2 ? 'linux' : 'windows' }));
    const loop = countLoopTurns();
    const first = await fromColumnsInSlices(toColumns(entries), 10);
    const oneSliceTurns = loop.turns();
    const sliced = await fromColumnsInSlices(toColumns(entries), 3); // 4 slices: 3 yields
    loop.stop();
    expect(sliced).toStrictEqual(first);
    expect(loop.turns() - oneSliceTurns).toBeGreaterThanOrEqual(3);
  });

  it('a bad answer fails in the worker exactly as on the main thread', async () => {
    const worker = new ClientsParseWorker({ maxHeapMb: 64 });
    stops.push(() => worker.close());
    const url = new URL('http://127.0.0.1:9/api/clients');
    for (const text of ['{"clients": [', '{"clients": [{"client_id": 7}]}', '[1, 2]']) {
      const bytes = Buffer.from(text);
      let expected: unknown;
      try {
        decodeAnswer(bytes, url, parseClients);
      } catch (err) {
        expected = err;
      }
      expect(expected).toBeInstanceOf(Error);
      await expect(worker.parse(bytes, url)).rejects.toMatchObject({ kind: (expected as { kind: string }).kind, message: (expected as Error).message });
    }
    const good = await worker.parse(Buffer.from('{"clients": [{"client_id": "x", "type": "device"}]}'), url);
    expect(good).toEqual([{ clientId: 'x', clientType: 'device' }]);
  });

  it('the compiled build has the worker next to its bundle, and it parses (vitest builds dist/ first)', async () => {
    const script = new URL('../../../../dist/exporter/clients-parse-worker.js', import.meta.url);
    const worker = new ClientsParseWorker({ maxHeapMb: 64, script });
    stops.push(() => worker.close());
    const url = new URL('http://127.0.0.1:9/api/clients');
    const text = '{"clients": [{"client_id": "x", "platform": "linux", "connected_at": 12.5, "uptime_seconds": 3}], "total": 1}';
    expect(await worker.parse(Buffer.from(text), url)).toEqual(decodeAnswer(Buffer.from(text), url, parseClients));
    await expect(worker.parse(Buffer.from('{"clients": 1}'), url)).rejects.toMatchObject({ kind: 'bad_shape' });
  });
});

describe('a parse worker that fails', () => {
  it('an abort (the poll deadline) rejects with its reason at once; the next parse starts another', async () => {
    const worker = new ClientsParseWorker({ maxHeapMb: 64 });
    stops.push(() => worker.close());
    const url = new URL('http://127.0.0.1:9/api/clients');
    const body = Buffer.from('{"clients": [{"client_id": "x"}]}');
    const abort = new AbortController();
    const parsing = worker.parse(body, url, abort.signal);
    await waitUntil('the worker started', () => worker.started === 1);
    abort.abort(new Error('poll deadline'));
    await expect(parsing).rejects.toThrow('poll deadline');
    expect(await worker.parse(body, url)).toEqual([{ clientId: 'x' }]);
    expect(worker.started).toBe(2);
  });

  /** A worker (fixtures/parse-worker/answers-when-told.mjs) working on an aborted parse: it answers once `go` exists in `dir`. */
  async function abortedWhileWorking(stopGraceMs?: number) {
    const dir = mkdtempSync(join(tmpdir(), 'parse-worker-'));
    stops.push(async () => rmSync(dir, { recursive: true, force: true }));
    const script = new URL('../../../fixtures/parse-worker/answers-when-told.mjs', import.meta.url);
    const worker = new ClientsParseWorker({ maxHeapMb: 64, script, ...(stopGraceMs !== undefined && { stopGraceMs }) });
    stops.push(() => worker.close());
    const url = new URL(`http://127.0.0.1:9/api/clients?dir=${encodeURIComponent(dir)}`);
    const abort = new AbortController();
    const aborted = worker.parse(Buffer.from('{}'), url, abort.signal);
    await waitUntil('the worker is working', () => existsSync(join(dir, 'working')));
    abort.abort(new Error('poll deadline'));
    await expect(aborted).rejects.toThrow('poll deadline');
    return { dir, worker, url };
  }

  // Stopping a worker while it works can abort Node 20 (exporter/worker-settle.ts): it is left to answer.
  it('a worker whose parse was aborted is not stopped while it works: it answers, then stops, then the next parse runs', async () => {
    const { dir, worker, url } = await abortedWhileWorking();
    const next = worker.parse(Buffer.from('{}'), url); // waits for the first worker to finish
    writeFileSync(join(dir, 'go'), '');
    expect(await next).toEqual([{ clientId: 'told' }]);
    expect(existsSync(join(dir, 'answered'))).toBe(true); // the first worker was let finish
    expect(worker.started).toBe(2);
  });

  it('a worker that never answers is stopped after the grace, on close and for the next parse', async () => {
    const { dir, worker, url } = await abortedWhileWorking(50);
    const stuck = worker.parse(Buffer.from('{}'), url).catch((err: unknown) => err); // starts once the first is stopped, then hangs too
    await waitUntil('the second worker started', () => worker.started === 2);
    await worker.close();
    expect(await stuck).toMatchObject({ message: 'the parse worker was stopped' });
    expect(existsSync(join(dir, 'answered'))).toBe(false);
  });

  it.each([
    ['exits', /parse worker exited \(code 3\)/],
    ['throws', /parse worker failed: boom in the parse worker/],
  ])('%s: reported, the answer parsed on the main thread, the next parse starts a new worker', async (name, message) => {
    const sim = await simulator('rich');
    const script = new URL(`../../../fixtures/parse-worker/${name}.mjs`, import.meta.url);
    const failing = await pollInto(sim, 1, script);
    const reference = await pollInto(sim, 0);
    expect(failing.state.upstream.status().up).toBe(true);
    expect(clientsOf(failing.state)).toEqual(clientsOf(reference.state));
    expect(failing.errors).toHaveLength(1);
    expect(failing.errors[0]).toMatchObject({ source: 'exporter', kind: 'internal' });
    expect(failing.errors[0]?.message).toMatch(message);
    expect(failing.errors[0]?.message).toContain('parsed on the main thread instead');

    sim.control.connect('late-2');
    await failing.api.poll();
    expect(failing.api.workerCounts.started).toBe(2);
    expect(clientsOf(failing.state).map((c) => c.id)).toContain('late-2');
    expect(failing.errors).toHaveLength(2);
  });
});
