import { describe, expect, it } from 'vitest';
import { pollDeadlineMs, renderReserveMs } from '../../../../exporter/sources/api/deadline';

describe('the poll deadline inside a scrape', () => {
  it.each([
    [5000, 250, 4750],
    [60_000, 3000, 57_000],
    [1000, 50, 950],
    [400, 50, 350],
    [60, 30, 30],
    [1, 0.5, 0.5],
  ])('--ufo.timeout %i ms: reserve %d ms, poll aborted at %d ms', (timeout, reserve, deadline) => {
    expect(renderReserveMs(timeout)).toBe(reserve);
    expect(pollDeadlineMs(timeout)).toBe(deadline);
  });

  it('always leaves the poll a positive share below the timeout', () => {
    for (let timeout = 1; timeout <= 120_000; timeout += 37) {
      const deadline = pollDeadlineMs(timeout);
      expect(deadline).toBeGreaterThan(0);
      expect(deadline).toBeLessThan(timeout);
    }
  });

  it('rejects a timeout that is not positive, naming it', () => {
    expect(() => renderReserveMs(0)).toThrow('scrape timeout must be a positive number of milliseconds, got 0');
    expect(() => renderReserveMs(Number.NaN)).toThrow('got NaN');
  });
});
