/**
 * The bcrypt worker is stopped only once it has answered every compare it was sent: stopping a worker
 * mid-work can abort Node 20 (exporter/worker-settle.ts). The waiters themselves are failed at once.
 */
import bcrypt from 'bcryptjs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { BcryptPool, QueueFullError } from '../../../exporter/web/bcrypt-pool';

describe('BcryptPool', () => {
  it('close() fails the waiting compares at once and stops the worker after it answered what it was sent', async () => {
    const pool = new BcryptPool(8);
    const hash = bcrypt.hashSync('pw', 8);
    expect(await pool.compare('pw', hash)).toBe(true); // the worker is up
    const sentAtStop: number[] = [];
    const terminate = vi.spyOn(Worker.prototype, 'terminate').mockImplementation(function (this: Worker) {
      sentAtStop.push((pool as unknown as { unanswered: number }).unanswered);
      terminate.mockRestore();
      return this.terminate();
    });
    try {
      const waiting = [1, 2, 3].map(() => pool.compare('wrong', hash).catch((err: unknown) => err));
      await pool.close();
      for (const result of await Promise.all(waiting)) expect(result).toMatchObject({ message: 'password checks stopped' });
      expect(sentAtStop).toEqual([0]);
    } finally {
      terminate.mockRestore();
    }
  });

  it('refuses past its queue bound, and a closed pool starts a new worker on the next compare', async () => {
    const pool = new BcryptPool(1);
    const hash = bcrypt.hashSync('pw', 4);
    const first = pool.compare('pw', hash);
    await expect(pool.compare('pw', hash)).rejects.toBeInstanceOf(QueueFullError);
    expect(await first).toBe(true);
    await pool.close();
    expect(await pool.compare('pw', hash)).toBe(true);
    await pool.close();
  });
});
