import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitAtMost } from '../../exporter/wait-at-most';

/** Whether `promise` has settled once every queued microtask has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('waitAtMost', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves with the work when it is done in time, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    let finish!: () => void;
    const waited = waitAtMost(new Promise<void>((resolve) => (finish = resolve)), 1_000);
    expect(await settled(waited)).toBe(false);
    finish();
    expect(await settled(waited)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves when the time is up though the work is still going', async () => {
    vi.useFakeTimers();
    const waited = waitAtMost(new Promise<void>(() => undefined), 1_000);
    await vi.advanceTimersByTimeAsync(999);
    expect(await settled(waited)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(waited)).toBe(true);
  });

  it('never rejects: a failed work is waited for like a finished one', async () => {
    await expect(waitAtMost(Promise.reject(new Error('unreadable')), 1_000)).resolves.toBeUndefined();
  });
});
