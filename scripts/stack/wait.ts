/** Bounded waits: every wait has a deadline and says what it was waiting for when it gives up. */
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** What is awaited, for the error message ("prometheus ready"). */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Checked before each attempt: a reason to give up at once (e.g. the awaited process exited). */
  readonly giveUpIf?: () => string | undefined;
}

/**
 * Calls `probe` until it returns a value other than undefined, or throws after the deadline with the
 * last reason the probe gave (a thrown error's message, or the string it returned via `notYet`).
 */
export async function waitFor<T>(probe: () => Promise<T | undefined>, opts: WaitOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastReason = 'no attempt finished';
  for (;;) {
    const reason = opts.giveUpIf?.();
    if (reason !== undefined) throw new Error(`gave up waiting for ${opts.what}: ${reason}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
      lastReason = 'condition not met yet';
    } catch (err) {
      lastReason = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}: ${lastReason}`);
    await sleep(opts.intervalMs ?? 200);
  }
}

/** Polls a condition on this process's own state every 10 ms (such changes show up fast). */
export async function waitUntil(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  await waitFor(async () => (check() ? true : undefined), { what, timeoutMs, intervalMs: 10 });
}

/** GET with a per-request timeout; rejects on network errors and timeouts. */
export async function httpGet(url: string, timeoutMs = 2_000): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: await res.text() };
}

/** Waits until `url` answers 200. */
export async function waitForHttpOk(url: string, what: string, timeoutMs: number, giveUpIf?: () => string | undefined): Promise<void> {
  await waitFor(
    async () => {
      const res = await httpGet(url);
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      return true;
    },
    { what, timeoutMs, giveUpIf },
  );
}
