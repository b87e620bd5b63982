/**
 * The API source: polls `/api/health` and `/api/clients` of the UFO server and emits the client list
 * (`clients_snapshot`) and the poll outcome (`upstream_status`, with probe and poll timings).
 * It never calls `/api/task_result` (that can deadlock the server).
 *
 * Polling model: a scrape asks for a poll (`poll()`); concurrent callers share the one in flight
 * (single-flight), and a scrape never waits longer than --ufo.timeout: an AbortController cancels both
 * requests at the poll's deadline, the timeout less a reserve for rendering (deadline.ts). There is no
 * timer of its own.
 *
 * An answer that did not change since the last poll is not parsed again (unchanged-body.ts): the
 * snapshot then carries the same client list object, and the fleet state skips its diff. A large
 * answer that changed is parsed in a worker thread (parse-worker.ts), off the event loop; a smaller one
 * here, in parts, into columns (sliced-clients.ts, client-list.ts): the list is kept until the next change.
 */
import type { Socket } from 'node:net';
import type { ClientList } from '../../client-list';
import type { ApiProbe, ClientsSnapshot, Source, SourceSink } from '../../events';
import { DEFAULT_MAX_BODY_BYTES } from '../../http-get';
import { displayUrl } from '../../url-credentials';
import { pollDeadlineMs } from './deadline';
import { decodeAnswer } from './parse-answer';
import { decodeClientsList } from './sliced-clients';
import { ClientsParseWorker, ParseOutOfMemory, ParseWorkerFailure } from './parse-worker';
import { ProbeFailure, probeBody } from './probe';
import { parseHealth } from './responses';
import { UnchangedBodyCache, type DecodeCounts } from './unchanged-body';

/**
 * `/api/clients` answers from this size on are parsed in the worker (~30,000 rich clients). Below it
 * the parse takes tens of ms, not worth a thread start and a second heap.
 */
const DEFAULT_WORKER_MIN_BYTES = 4 * 2 ** 20;

export interface ApiSourceOptions {
  /** Base URL of the UFO server, e.g. http://127.0.0.1:8000 */
  readonly url: string;
  readonly apiKey: string;
  /** --ufo.timeout: the longest a scrape may wait; the poll is aborted at pollDeadlineMs() of it. */
  readonly timeoutMs: number;
  /** --ufo.max-body-bytes: the largest answer accepted (default 64 MiB). */
  readonly maxBodyBytes?: number;
  /** Unix seconds; injectable for tests. */
  readonly now?: () => number;
  /** Told each socket a probe is sent on, so the log source can tell the exporter's own requests. */
  readonly onSocket?: (socket: Socket) => void;
  /** `/api/clients` answers at least this large are parsed in a worker thread; 0: never (default 4 MiB). */
  readonly workerMinBytes?: number;
  /** The parse worker's script (tests give a failing one); default parse-worker.ts's. */
  readonly parseWorkerScript?: URL;
}

export interface ApiSource extends Source {
  /** Polls now, or joins the poll in flight. Never rejects; resolves by pollDeadlineMs(timeoutMs). */
  poll(): Promise<void>;
  /** Polls completed (successfully or not) since start. */
  readonly completedPolls: number;
  /** Per endpoint: answers parsed, and answers reused because they had not changed. */
  readonly decodeCounts: Readonly<Record<Endpoint, Readonly<DecodeCounts>>>;
  /** `/api/clients` answers parsed by the worker, and parse workers started (a failed one is replaced). */
  readonly workerCounts: { readonly parsed: number; readonly started: number };
}

type Endpoint = ApiProbe['endpoint'];

export function createApiSource(opts: ApiSourceOptions): ApiSource {
  const base = new URL(opts.url);
  const endpointUrl = (endpoint: Endpoint): URL => new URL(`api/${endpoint}`, base.href.endsWith('/') ? base : `${base.href}/`);
  const urls: Record<Endpoint, URL> = { health: endpointUrl('health'), clients: endpointUrl('clients') };
  const now = opts.now ?? (() => Date.now() / 1000);
  const deadlineMs = pollDeadlineMs(opts.timeoutMs);
  let sink: SourceSink | undefined;
  let inFlight: Promise<void> | undefined;
  let controller: AbortController | undefined;
  let completed = 0;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const caches = { health: new UnchangedBodyCache<void>(), clients: new UnchangedBodyCache<ClientList>() };

  const workerMinBytes = opts.workerMinBytes ?? DEFAULT_WORKER_MIN_BYTES;
  // Parsing needs several times the answer's size; the cap keeps a hostile answer inside the worker.
  const parseWorker = new ClientsParseWorker({ maxHeapMb: Math.max(256, 8 * Math.ceil(maxBodyBytes / 2 ** 20)), ...(opts.parseWorkerScript && { script: opts.parseWorkerScript }) });
  let workerParsed = 0;

  /** A changed `/api/clients` answer: in the worker when large, else (or when the worker failed) here. */
  async function decodeClients(bytes: Buffer, signal: AbortSignal): Promise<ClientList> {
    const url = urls.clients;
    if (workerMinBytes <= 0 || bytes.length < workerMinBytes) return decodeClientsList(bytes, url);
    try {
      const entries = await parseWorker.parse(bytes, url, signal);
      workerParsed++;
      return entries;
    } catch (err) {
      if (err instanceof ProbeFailure) throw err;
      if (signal.aborted) throw new ProbeFailure('timeout', `GET ${displayUrl(url)}: the answer was not parsed within ${deadlineMs} ms (the poll's share of --ufo.timeout)`);
      if (err instanceof ParseOutOfMemory) throw new ProbeFailure('body_too_large', `GET ${displayUrl(url)}: ${err.message}; the answer was dropped`);
      if (!(err instanceof ParseWorkerFailure)) throw err;
      sink?.reportError({ source: 'exporter', kind: 'internal', message: `${err.message}; the /api/clients answer was parsed on the main thread instead` });
      return decodeClientsList(bytes, url);
    }
  }

  async function timedProbe<T>(endpoint: Endpoint, signal: AbortSignal, cache: UnchangedBodyCache<T>, decode: (bytes: Buffer) => T | Promise<T>, probes: ApiProbe[]): Promise<T> {
    const started = performance.now();
    const url = urls[endpoint];
    try {
      const received = await probeBody({ url, apiKey: opts.apiKey, signal, timeoutMs: deadlineMs, maxBodyBytes, onSocket: opts.onSocket, receive: (start) => cache.receiver(start) });
      return await cache.settle(received, decode);
    } finally {
      probes.push({ endpoint, seconds: (performance.now() - started) / 1000 });
    }
  }

  async function runPoll(out: SourceSink): Promise<void> {
    const at = now();
    const started = performance.now();
    const abort = new AbortController();
    controller = abort;
    const timer = setTimeout(() => abort.abort(), deadlineMs);
    const probes: ApiProbe[] = [];
    // allSettled: both probes finish (or are aborted) before the poll is reported, so timings are complete.
    const [health, clients] = await Promise.allSettled([
      timedProbe('health', abort.signal, caches.health, (bytes) => decodeAnswer(bytes, urls.health, parseHealth), probes),
      timedProbe('clients', abort.signal, caches.clients, (bytes) => decodeClients(bytes, abort.signal), probes),
    ]);
    clearTimeout(timer);
    const pollSeconds = (performance.now() - started) / 1000;
    if (health.status === 'fulfilled' && clients.status === 'fulfilled') {
      const snapshot: ClientsSnapshot = { type: 'clients_snapshot', source: 'api', at, clients: clients.value };
      // The diff's read-only part in slices (health checks answered meanwhile); the state changes at emit, in one step.
      await out.prepareSnapshot?.(snapshot);
      completed++;
      out.emit(snapshot);
      out.emit({ type: 'upstream_status', source: 'api', at, up: true, pollSeconds, probes });
      return;
    }
    completed++;
    // One failure reported per poll: the health probe's if both failed (usually the same cause).
    const reason = health.status === 'rejected' ? health.reason : (clients as PromiseRejectedResult).reason;
    const failure = reason instanceof ProbeFailure ? reason : new ProbeFailure('network', `poll of ${base.host}: ${String(reason)}`);
    out.reportError({ source: 'api', kind: failure.kind, message: failure.message });
    out.emit({ type: 'upstream_status', source: 'api', at, up: false, error: failure.message, pollSeconds, probes });
  }

  return {
    name: 'api',
    get completedPolls() {
      return completed;
    },
    decodeCounts: { health: caches.health.counts, clients: caches.clients.counts },
    get workerCounts() {
      return { parsed: workerParsed, started: parseWorker.started };
    },
    async start(s: SourceSink): Promise<void> {
      sink = s;
      // The first poll runs in the background: start-up does not wait for a slow server.
      void this.poll();
    },
    async stop(): Promise<void> {
      const pending = inFlight;
      controller?.abort();
      sink = undefined;
      await pending;
      await parseWorker.close();
    },
    poll(): Promise<void> {
      if (inFlight) return inFlight;
      const out = sink;
      if (!out) return Promise.resolve();
      inFlight = runPoll(out)
        .catch((err: unknown) => out.reportError({ source: 'exporter', kind: 'internal', message: `API poll failed unexpectedly: ${String(err)}` }))
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    },
  };
}
