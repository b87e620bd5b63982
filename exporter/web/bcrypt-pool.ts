/**
 * bcrypt off the main thread: compares run one at a time in a worker thread, so a flood of wrong
 * passwords (each ~80 ms of CPU in bcryptjs) never blocks the event loop that answers scrapes and
 * health checks. The queue in front of the worker is bounded (`maxQueued`): past it a compare is
 * refused at once (the caller answers 429 and counts bound `auth_queue`) instead of piling up.
 * The worker is started on the first compare and does not keep the process alive. It settles its
 * background compiles after each compare, and close() stops it only once it has answered every compare
 * it was sent (or after a grace): stopping a worker mid-work can abort Node 20 (worker-settle.ts).
 */
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { nodeWorkerThreads } from '../node-modules-on-demand';
import { makeCompileSettler } from '../worker-settle';

/** The worker's code (CommonJS, run with eval): bcryptjs' compareSync, one message per compare. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
const settleCompiles = (${makeCompileSettler.toString()})(require('node:v8'));
parentPort.on('message', ({ id, password, hash }) => {
  let ok = false;
  try { ok = bcrypt.compareSync(password, hash); } catch { ok = false; }
  settleCompiles();
  parentPort.postMessage({ id, ok });
});
`;

/** How long close() lets the worker finish the compares it was sent (each ~80 ms) before stopping it anyway. */
const STOP_GRACE_MS = 10_000;

export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
}

interface Pending {
  readonly resolve: (ok: boolean) => void;
  readonly reject: (err: Error) => void;
}

export class BcryptPool {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Compares sent to the worker and not answered yet (close() fails their waiters before they answer). */
  private unanswered = 0;
  /** Called when `unanswered` drops to 0 (set by close() while it waits). */
  private onIdle: (() => void) | undefined;

  constructor(readonly maxQueued: number) {
    if (!Number.isInteger(maxQueued) || maxQueued < 1) throw new Error(`BcryptPool maxQueued must be a positive integer, got ${maxQueued}`);
  }

  /** Compares in the worker; rejects with QueueFullError when `maxQueued` compares already wait. */
  compare(password: string, hash: string): Promise<boolean> {
    if (this.pending.size >= this.maxQueued) return Promise.reject(new QueueFullError(`${this.maxQueued} password checks already queued`));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<boolean>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.unanswered++;
      worker.postMessage({ id, password, hash });
    });
  }

  /** Compares waiting or running now. */
  get queued(): number {
    return this.pending.size;
  }

  /** Fails the waiting compares at once; the worker is stopped when it has answered what it was sent. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('password checks stopped'));
    if (!worker) return;
    if (this.unanswered > 0) {
      await new Promise<void>((resolve) => {
        const grace = setTimeout(resolve, STOP_GRACE_MS);
        grace.unref();
        this.onIdle = () => (clearTimeout(grace), resolve());
      });
    }
    await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const bcryptPath = createRequire(import.meta.url).resolve('bcryptjs');
    const worker = new (nodeWorkerThreads().Worker)(WORKER_SOURCE, { eval: true, workerData: { bcryptPath } });
    worker.unref();
    worker.on('message', ({ id, ok }: { id: number; ok: boolean }) => {
      if (--this.unanswered === 0) this.onIdle?.();
      const waiter = this.pending.get(id);
      this.pending.delete(id);
      waiter?.resolve(ok);
    });
    // A dead worker fails what it held; the next compare starts a new one.
    const lost = (err: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      this.unanswered = 0;
      this.onIdle?.();
      this.failAll(err);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`password check worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private failAll(err: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) w.reject(err);
  }
}
