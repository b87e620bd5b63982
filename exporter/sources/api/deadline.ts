/**
 * The poll's share of a scrape. --ufo.timeout bounds the whole scrape, and after the poll the scrape
 * still renders the metrics and sends them, so the poll is aborted a little earlier: the render
 * reserve is 5% of the timeout, at least 50 ms, and never more than half the timeout (so a tiny
 * timeout still leaves the poll some time). 5s → the poll is aborted at 4750 ms; 1s → 950 ms;
 * 400ms → 350 ms; 60ms → 30 ms.
 */

const RESERVE_SHARE = 0.05;
const MIN_RESERVE_MS = 50;

/** Milliseconds of the scrape kept for rendering and sending the answer after the poll. */
export function renderReserveMs(scrapeTimeoutMs: number): number {
  if (!(scrapeTimeoutMs > 0)) throw new Error(`scrape timeout must be a positive number of milliseconds, got ${scrapeTimeoutMs}`);
  return Math.min(scrapeTimeoutMs / 2, Math.max(MIN_RESERVE_MS, scrapeTimeoutMs * RESERVE_SHARE));
}

/** When, after it starts, a poll inside a scrape bounded by `scrapeTimeoutMs` is aborted. */
export function pollDeadlineMs(scrapeTimeoutMs: number): number {
  return scrapeTimeoutMs - renderReserveMs(scrapeTimeoutMs);
}
