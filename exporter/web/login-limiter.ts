/**
 * The failed-login limiter: each client address may fail basic auth `burst` times, then one more
 * time per `refillSeconds`; while its allowance is used up, its basic-auth attempts are refused at
 * once (429, no bcrypt run), unless the credential is one that succeeded recently (the success
 * cache is checked first, so a legitimate scraper behind the same address keeps scraping).
 * Addresses are remembered in a bounded LRU (`maxAddresses`); one whose allowance is full again is
 * forgotten.
 */
import { LruMap } from '../state/bounded';
import { TokenBucket } from '../token-bucket';

export interface LoginLimiterOptions {
  readonly burst: number;
  readonly refillSeconds: number;
  readonly maxAddresses: number;
  /** Clock in ms, for tests. */
  readonly now?: () => number;
}

/** `perMinute` failures per address per minute, a burst of as many (--web.max-failed-logins). */
export function loginLimits(perMinute: number): LoginLimiterOptions {
  return { burst: perMinute, refillSeconds: 60 / perMinute, maxAddresses: 10_000 };
}

export const DEFAULT_LOGIN_LIMITS: LoginLimiterOptions = loginLimits(10);

export class LoginLimiter {
  private readonly buckets: LruMap<string, TokenBucket>;

  constructor(private readonly opts: LoginLimiterOptions = DEFAULT_LOGIN_LIMITS) {
    this.buckets = new LruMap(opts.maxAddresses);
  }

  /** False while `address` has used up its failed attempts. */
  allows(address: string): boolean {
    const bucket = this.buckets.get(address);
    if (bucket === undefined) return true;
    if (bucket.full) {
      this.buckets.delete(address);
      return true;
    }
    return bucket.available;
  }

  /** Milliseconds until `address` may try again (for Retry-After). */
  retryAfterMs(address: string): number {
    return this.buckets.get(address)?.msUntilToken() ?? 0;
  }

  recordFailure(address: string): void {
    let bucket = this.buckets.get(address);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.opts.burst, 1 / this.opts.refillSeconds, this.opts.now);
      this.buckets.set(address, bucket);
    } else this.buckets.touch(address);
    bucket.take();
  }
}
