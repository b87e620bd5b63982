/**
 * A token bucket: `capacity` tokens, refilled at `perSecond`; taking one fails when it is empty.
 * Used for the /events per-connection message rate and the per-address failed-login limiter.
 * O(1), no timers: the refill is computed from the clock when a token is taken.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(capacity > 0) || !(perSecond > 0)) throw new Error(`TokenBucket needs a positive capacity and rate, got ${capacity} and ${perSecond}`);
    this.tokens = capacity;
    this.last = now();
  }

  /** Takes one token; false (nothing taken) when the bucket is empty. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True when a token could be taken now (takes nothing). */
  get available(): boolean {
    this.refill();
    return this.tokens >= 1;
  }

  /** True when the bucket is full again (nothing to remember about its owner). */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.capacity;
  }

  /** Milliseconds until the next token (0 when one is available). */
  msUntilToken(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
}
