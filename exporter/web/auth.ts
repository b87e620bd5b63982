/**
 * Access control for everything the exporter serves: HTTP basic auth against bcrypt hashes (as
 * Prometheus' web config does) and/or one bearer token.
 *
 * bcrypt is deliberately slow (~50–100 ms at cost 10) and /metrics is scraped every few seconds, so
 * successful verifications are cached (for `cacheTtlMs` after their last use), keyed by a SHA-256 of
 * user, password and stored hash — the cache never holds a password. Comparisons of secrets are constant-time.
 *
 * So that wrong passwords cannot be turned into a CPU weapon (docs/hardening.md): bcrypt runs in a
 * worker thread behind a bounded queue (bcrypt-pool.ts), and each client address may fail only a
 * few times before its attempts are refused without running bcrypt (login-limiter.ts). Both
 * refusals have reason `throttled` (HTTP 429); the success cache is checked before either.
 */

import { nodeCrypto } from '../node-modules-on-demand';
import { OldestFirstMap } from '../state/oldest-first-map';
import type { AuthFailureReason, ExporterBound } from '../catalogue';
import { BcryptPool, QueueFullError } from './bcrypt-pool';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, type LoginLimiterOptions } from './login-limiter';

/** Why a credential was refused: the `ufo_exporter_auth_failures_total{reason}` values of the catalogue. */
export type { AuthFailureReason };

export type AuthResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: Exclude<AuthFailureReason, 'throttled'> }
  /** Too many failures from this address, or too many password checks queued: try again later. */
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterSeconds: number };

/** Password checks that may wait for the bcrypt worker at once (bound `auth_queue`). */
export const DEFAULT_AUTH_QUEUE = 32;

export interface Credentials {
  /** user → bcrypt hash; empty when basic auth is off. */
  readonly basicAuthUsers: ReadonlyMap<string, string>;
  readonly bearerToken?: string;
}

export interface AuthenticatorOptions {
  /** How long a successful basic-auth verification is remembered. Default 60 s. */
  readonly cacheTtlMs?: number;
  /** Most remembered verifications; the oldest is forgotten first. Default 1000. */
  readonly cacheMaxEntries?: number;
  /** Clock in ms, for tests. */
  readonly now?: () => number;
  /** Failed basic-auth attempts allowed per client address (bound `auth_attempts`). */
  readonly loginLimits?: LoginLimiterOptions;
  /** Password checks queued for the bcrypt worker at most (bound `auth_queue`). */
  readonly maxQueuedChecks?: number;
  /** Counts an attempt refused at one of the two bounds above. */
  readonly onOverflow?: (bound: ExporterBound) => void;
}

const REALM = 'ufo-exporter';

function sha256(...parts: readonly string[]): Buffer {
  const h = nodeCrypto().createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest();
}

/** Constant-time equality of two strings of any length (compares their digests). */
export function secretsEqual(a: string, b: string): boolean {
  return nodeCrypto().timingSafeEqual(sha256(a), sha256(b));
}

type ParsedAuthorization =
  | { readonly scheme: 'basic'; readonly user: string; readonly password: string }
  | { readonly scheme: 'bearer'; readonly token: string }
  | { readonly scheme: 'other' };

/** Parses an Authorization header; undefined when it is malformed. */
function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const match = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) +(\S+) *$/.exec(header);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  const value = match[2]!;
  if (scheme === 'bearer') return { scheme, token: value };
  if (scheme !== 'basic') return { scheme: 'other' };
  if (!/^[A-Za-z0-9+/]+=*$/.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { scheme, user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class Authenticator {
  private readonly users: ReadonlyMap<string, string>;
  private readonly bearerToken: string | undefined;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** SHA-256(user, password, hash) → expiry (ms). Insertion-ordered, so the first key is the oldest. */
  private readonly verified = new OldestFirstMap<string, number>();
  private readonly decoyHash: string;
  private readonly pool: BcryptPool;
  private readonly limiter: LoginLimiter;
  private readonly onOverflow: (bound: ExporterBound) => void;

  constructor(credentials: Credentials, opts: AuthenticatorOptions = {}) {
    this.users = credentials.basicAuthUsers;
    this.decoyHash = this.users.values().next().value ?? '';
    this.bearerToken = credentials.bearerToken;
    this.ttlMs = opts.cacheTtlMs ?? 60_000;
    this.maxEntries = opts.cacheMaxEntries ?? 1000;
    this.now = opts.now ?? Date.now;
    this.pool = new BcryptPool(opts.maxQueuedChecks ?? DEFAULT_AUTH_QUEUE);
    this.limiter = new LoginLimiter({ ...(opts.loginLimits ?? DEFAULT_LOGIN_LIMITS), now: this.now });
    this.onOverflow = opts.onOverflow ?? (() => {});
  }

  /** Stops the bcrypt worker (pending checks fail). */
  close(): Promise<void> {
    return this.pool.close();
  }

  /** False when no credential is configured: every request passes. */
  get enabled(): boolean {
    return this.users.size > 0 || this.bearerToken !== undefined;
  }

  /** The WWW-Authenticate value of a 401: one challenge per configured scheme. */
  challenge(): string {
    const challenges: string[] = [];
    if (this.users.size > 0) challenges.push(`Basic realm="${REALM}", charset="UTF-8"`);
    if (this.bearerToken !== undefined) challenges.push(`Bearer realm="${REALM}"`);
    return challenges.join(', ');
  }

  /** Checks a request's Authorization header (undefined when absent), sent from `address`. */
  async check(authorization: string | undefined, address = 'unknown'): Promise<AuthResult> {
    if (!this.enabled) return { ok: true };
    if (authorization === undefined || authorization.trim() === '') return { ok: false, reason: 'missing' };
    const parsed = parseAuthorization(authorization.trim());
    if (parsed === undefined) return { ok: false, reason: 'malformed' };
    if (parsed.scheme === 'bearer' && this.bearerToken !== undefined)
      return secretsEqual(parsed.token, this.bearerToken) ? { ok: true } : { ok: false, reason: 'wrong' };
    if (parsed.scheme === 'basic' && this.users.size > 0) return this.verifyBasic(parsed.user, parsed.password, address);
    return { ok: false, reason: 'wrong' };
  }

  private async verifyBasic(user: string, password: string, address: string): Promise<AuthResult> {
    const hash = this.users.get(user);
    const key = sha256(user, password, hash ?? '').toString('hex');
    const now = this.now();
    const expiry = this.verified.get(key);
    this.verified.delete(key);
    if (expiry !== undefined && expiry > now) {
      // Sliding: a scraper that keeps using its credential never needs bcrypt again, even while its
      // address is throttled by someone else's wrong passwords (same NAT, same host).
      this.verified.set(key, now + this.ttlMs);
      return { ok: true };
    }
    if (!this.limiter.allows(address)) return this.throttled('auth_attempts', this.limiter.retryAfterMs(address));
    let ok: boolean;
    try {
      // An unknown user is still checked against a configured hash (same cost), then refused, so a
      // wrong user name takes as long as a wrong password.
      ok = (await this.pool.compare(password, hash ?? this.decoyHash)) && hash !== undefined;
    } catch (err) {
      if (err instanceof QueueFullError) return this.throttled('auth_queue', 1000);
      throw err;
    }
    if (!ok) {
      this.limiter.recordFailure(address);
      return { ok: false, reason: 'wrong' };
    }
    this.remember(key, now + this.ttlMs);
    return { ok: true };
  }

  private throttled(bound: ExporterBound, retryAfterMs: number): AuthResult {
    this.onOverflow(bound);
    return { ok: false, reason: 'throttled', retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }

  private remember(key: string, expiry: number): void {
    while (this.verified.size >= this.maxEntries) {
      const oldest = this.verified.oldestKey();
      if (oldest === undefined) break;
      this.verified.delete(oldest);
    }
    this.verified.set(key, expiry);
  }
}
