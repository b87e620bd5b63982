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
 * - An abort (the poll's deadline) rejects with the signal's reason at once; the worker is stopped when it
 *   answers (a worker is never stopped while it works: worker-settle.ts), or after `stopGraceMs`. The next
 *   parse waits for it, so there is never more than one.
 * - A worker parses one answer and is stopped before its result is handed over: its heap (several
 *   times the answer's size, mostly garbage) goes back to the OS before the main thread builds its
 *   state from the result, so the two never add up in the exporter's peak memory. Starting a worker
 *   costs a few tens of ms on another thread, once per changed large answer. It never keeps the
 *   process alive.
 */
import type { Worker } from 'node:worker_threads';
import { nodeWorkerThreads } from '../../node-modules-on-demand';
import type { ClientSnapshotEntry } from '../../events';
import { bundledWorkerScript } from './bundled-worker-script';
import { fromColumnsInSlices } from './client-columns';
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
  /** The worker script (tests give one that fails); default clients-parse-worker, compiled or bundled from the sources. */
  readonly script?: URL;
  /** How long a worker nobody waits for any more (an abort, close) may take to answer before it is stopped anyway; default 30 s. */
  readonly stopGraceMs?: number;
}

/** The compiled build has clients-parse-worker.js next to the bundle (scripts/build-exporter.ts); the sources bundle the .ts (bundled-worker-script.ts). */
function defaultScript(): URL {
  return new URL(compiled ? './clients-parse-worker.js' : './clients-parse-worker.ts', import.meta.url);
}

/** worker_threads is loaded on the first large changed answer, not at start (node-modules-on-demand.ts). */
function startWorker(script: URL, maxHeapMb: number): Worker {
  const { Worker } = nodeWorkerThreads();
  // TypeScript sources (tests, `tsx exporter/main.ts`) run bundled, without a loader in the worker.
  const runnable = script.pathname.endsWith('.ts') ? bundledWorkerScript(script) : script;
  return new Worker(runnable, { resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
}

interface Pending {
  readonly id: number;
  resolve(entries: ClientSnapshotEntry[]): void;
  reject(err: Error): void;
}

const DEFAULT_STOP_GRACE_MS = 30_000;

export class ClientsParseWorker {
  /** The worker of the parse in progress, or of an aborted one still finishing (it is stopped when it answers). */
  private worker: Worker | undefined;
  /** Settles when `worker` has stopped; a parse waits for it before starting the next worker. */
  private stopped: Promise<void> = Promise.resolve();
  private pending: Pending | undefined;
  private nextId = 1;
  /** Workers started so far (a failed one is replaced by the next parse); tests read it. */
  started = 0;

  constructor(private readonly opts: ParseWorkerOptions) {}

  /** The answer's client list. Rejects with ProbeFailure (a bad answer), ParseOutOfMemory, ParseWorkerFailure, or the abort reason. */
  async parse(bytes: Buffer, url: URL, signal?: AbortSignal): Promise<ClientSnapshotEntry[]> {
    if (this.pending) throw new ParseWorkerFailure('the parse worker is busy with another answer');
    if (signal?.aborted) throw signal.reason;
    // An aborted parse's worker may still be finishing: one worker at a time, so wait (within this parse's deadline).
    await abortable(this.stopped, signal);
    if (this.pending || this.worker) throw new ParseWorkerFailure('the parse worker is busy with another answer');
    let worker: Worker;
    try {
      worker = this.start();
    } catch (err) {
      throw new ParseWorkerFailure(`the parse worker did not start: ${String(err)}`);
    }
    const id = this.nextId++;
    return new Promise<ClientSnapshotEntry[]>((resolve, reject) => {
      // The caller stops waiting; the worker finishes its answer and is stopped then (worker-settle.ts).
      const onAbort = (): void => this.release(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        if (this.pending?.id === id) this.pending = undefined;
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

  /** Stops the worker: a parse in progress is rejected at once, its worker stopped when it answers (or after the grace). */
  async close(): Promise<void> {
    this.release(new ParseWorkerFailure('the parse worker was stopped'));
    await this.stopped;
  }

  private start(): Worker {
    const worker = startWorker(this.opts.script ?? defaultScript(), this.opts.maxHeapMb);
    this.started++;
    worker.unref();
    let markStopped!: () => void;
    this.stopped = new Promise<void>((resolve) => (markStopped = resolve));
    let graceTimer: NodeJS.Timeout | undefined;
    // Once: the answer, an error or the grace; the worker has settled its compiles unless it is forced.
    const stop = (): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      clearTimeout(graceTimer);
      void worker.terminate().then(markStopped, markStopped);
    };
    this.stopWorker = (graceMs) => {
      graceTimer = setTimeout(stop, graceMs);
      graceTimer.unref();
    };
    worker.on('message', (reply: ParseReply) => {
      const pending = this.pending?.id === reply.id ? this.pending : undefined;
      this.pending = undefined;
      // Done with this worker: its memory is returned before the result is used (see above).
      stop();
      void this.stopped.then(async () => {
        if (!pending) return; // aborted meanwhile: nobody waits for this answer
        if (reply.ok) pending.resolve(await fromColumnsInSlices(reply.columns));
        else pending.reject(new ProbeFailure(reply.kind, reply.message));
      });
    });
    // A failure of the worker we still use (not the exit that stopping it causes).
    const failed = (err: Error): void => {
      if (this.worker !== worker) return;
      stop();
      this.pending?.reject(err);
    };
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') failed(new ParseOutOfMemory(`parsing the answer needs more than the parse worker's ${this.opts.maxHeapMb} MiB heap`));
      else failed(new ParseWorkerFailure(`the parse worker failed: ${err.message}`));
    });
    worker.on('exit', (code) => failed(new ParseWorkerFailure(`the parse worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** Set by start(): stops the current worker after `graceMs` unless it answers first. */
  private stopWorker: (graceMs: number) => void = () => undefined;

  /** Rejects the parse in progress with `err`; its worker is left to answer and stopped then, or after the grace. */
  private release(err: Error): void {
    this.pending?.reject(err);
    if (this.worker) this.stopWorker(this.opts.stopGraceMs ?? DEFAULT_STOP_GRACE_MS);
  }
}

/** `promise`, or the signal's reason when it aborts first. */
function abortable(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(() => (signal.removeEventListener('abort', onAbort), resolve()));
  });
}
