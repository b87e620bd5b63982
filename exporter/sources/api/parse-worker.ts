/**
 * Parses large `/api/clients` answers in a worker thread (clients-parse-worker.ts), so a changed
 * 100,000-client answer (decode, JSON.parse, validation: hundreds of ms) never blocks the event loop
 * that answers scrapes and health checks. The answer is copied to the worker; the list comes back as
 * columns (client-columns.ts) and is turned into entries here.
 *
 * - One answer at a time (the API source polls single-flight); a second call while one is parsed is
 *   refused with a ParseWorkerFailure.
 * - Bounded: the worker's heap is capped (`maxHeapMb`); an answer that needs more is a
 *   ParseOutOfMemory, reported as a failed poll — not retried on the main thread, whose heap it
 *   would exhaust too.
 * - A worker that crashes, exits or cannot start is a ParseWorkerFailure: the caller parses that
 *   answer on the main thread and reports the failure; the next parse starts a new worker.
 * - An abort (the poll's deadline) stops the worker and rejects with the signal's reason.
 * - A worker parses one answer and is stopped before its result is handed over: its heap (several
 *   times the answer's size, mostly garbage) goes back to the OS before the main thread builds its
 *   state from the result, so the two never add up in the exporter's peak memory. Starting a worker
 *   costs a few tens of ms on another thread, once per changed large answer. It never keeps the
 *   process alive.
 */
import type { Worker } from 'node:worker_threads';
import { nodeWorkerThreads } from '../../node-modules-on-demand';
import type { ClientSnapshotEntry } from '../../events';
import { fromColumns } from './client-columns';
import type { ParseReply, ParseRequest } from './parse-answer';
import { ProbeFailure } from './probe';

declare const __UFO_COMPILED__: boolean | undefined;
const compiled = typeof __UFO_COMPILED__ === 'boolean' && __UFO_COMPILED__;

/** The worker could not do the parse (crashed, exited, could not start, busy): parse elsewhere. */
export class ParseWorkerFailure extends Error {}

/** The answer needed more memory than the worker's cap. */
export class ParseOutOfMemory extends Error {}

export interface ParseWorkerOptions {
  /** The worker's heap cap, MiB. */
  readonly maxHeapMb: number;
  /** The worker script (tests give one that fails); default clients-parse-worker, compiled or through tsx. */
  readonly script?: URL;
}

/** The compiled build has clients-parse-worker.js next to the bundle (scripts/build-exporter.ts); the sources run it through tsx. */
function defaultScript(): URL {
  return new URL(compiled ? './clients-parse-worker.js' : './clients-parse-worker.ts', import.meta.url);
}

/** worker_threads is loaded on the first large changed answer, not at start (node-modules-on-demand.ts). */
function startWorker(script: URL, maxHeapMb: number): Worker {
  const { Worker } = nodeWorkerThreads();
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { resourceLimits });
  // TypeScript sources (tests, `tsx exporter/main.ts`): register tsx in the worker first.
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); })`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

interface Pending {
  readonly id: number;
  resolve(entries: ClientSnapshotEntry[]): void;
  reject(err: Error): void;
}

export class ClientsParseWorker {
  private worker: Worker | undefined;
  private pending: Pending | undefined;
  private nextId = 1;
  /** Workers started so far (a failed one is replaced by the next parse); tests read it. */
  started = 0;

  constructor(private readonly opts: ParseWorkerOptions) {}

  /** The answer's client list. Rejects with ProbeFailure (a bad answer), ParseOutOfMemory, ParseWorkerFailure, or the abort reason. */
  parse(bytes: Buffer, url: URL, signal?: AbortSignal): Promise<ClientSnapshotEntry[]> {
    if (this.pending) return Promise.reject(new ParseWorkerFailure('the parse worker is busy with another answer'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    let worker: Worker;
    try {
      worker = this.worker ?? this.start();
    } catch (err) {
      return Promise.reject(new ParseWorkerFailure(`the parse worker did not start: ${String(err)}`));
    }
    const id = this.nextId++;
    return new Promise<ClientSnapshotEntry[]>((resolve, reject) => {
      const onAbort = (): void => this.fail(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.pending = undefined;
      };
      this.pending = {
        id,
        resolve: (entries) => (done(), resolve(entries)),
        reject: (err) => (done(), reject(err)),
      };
      const copy = new Uint8Array(bytes); // the caller keeps its bytes (the reference answer)
      const request: ParseRequest = { id, bytes: copy, url: url.href };
      worker.postMessage(request, [copy.buffer as ArrayBuffer]);
    });
  }

  /** Stops the worker (a parse in progress is rejected). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.pending?.reject(new ParseWorkerFailure('the parse worker was stopped'));
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = startWorker(this.opts.script ?? defaultScript(), this.opts.maxHeapMb);
    this.started++;
    worker.unref();
    worker.on('message', (reply: ParseReply) => {
      const pending = this.pending;
      if (pending?.id !== reply.id) return;
      // Done with this worker: its memory is returned before the result is used (see above).
      this.worker = undefined;
      void worker.terminate().then(() => {
        if (reply.ok) pending.resolve(fromColumns(reply.columns));
        else pending.reject(new ProbeFailure(reply.kind, reply.message));
      });
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY')
        this.fail(new ParseOutOfMemory(`parsing the answer needs more than the parse worker's ${this.opts.maxHeapMb} MiB heap`));
      else this.fail(new ParseWorkerFailure(`the parse worker failed: ${err.message}`));
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(new ParseWorkerFailure(`the parse worker exited (code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  /** Rejects the parse in progress with `err` and drops the worker (the next parse starts another). */
  private fail(err: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    this.pending?.reject(err);
    void worker?.terminate();
  }
}
