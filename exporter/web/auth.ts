/**
 * Access control for everything the exporter serves: HTTP basic auth against bcrypt hashes (as
 * Prometheus' web config does) and/or one bearer token.
 *
 * bcrypt is deliberately slow (~50–100 ms at cost 10) and /metrics is scraped every few seconds, so
 * successful verifications are cached briefly, keyed by a SHA-256 of user, password and stored hash
 * — the cache never holds a password. Comparisons of secrets are constant-time.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { AuthFailureReason } from '../catalogue';

/** Why a credential was refused: the `ufo_exporter_auth_failures_total{reason}` values of the catalogue. */
export type { AuthFailureReason };

export type AuthResult = { readonly ok: true } | { readonly ok: false; readonly reason: AuthFailureReason };

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
}

const REALM = 'ufo-exporter';

function sha256(...parts: readonly string[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest();
}

/** Constant-time equality of two strings of any length (compares their digests). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
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
  private readonly verified = new Map<string, number>();
  private readonly decoyHash: string;

  constructor(credentials: Credentials, opts: AuthenticatorOptions = {}) {
    this.users = credentials.basicAuthUsers;
    this.decoyHash = this.users.values().next().value ?? '';
    this.bearerToken = credentials.bearerToken;
    this.ttlMs = opts.cacheTtlMs ?? 60_000;
    this.maxEntries = opts.cacheMaxEntries ?? 1000;
    this.now = opts.now ?? Date.now;
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

  /** Checks a request's Authorization header (undefined when absent). */
  async check(authorization: string | undefined): Promise<AuthResult> {
    if (!this.enabled) return { ok: true };
    if (authorization === undefined || authorization.trim() === '') return { ok: false, reason: 'missing' };
    const parsed = parseAuthorization(authorization.trim());
    if (parsed === undefined) return { ok: false, reason: 'malformed' };
    let accepted = false;
    if (parsed.scheme === 'bearer' && this.bearerToken !== undefined) {
      accepted = secretsEqual(parsed.token, this.bearerToken);
    } else if (parsed.scheme === 'basic' && this.users.size > 0) {
      accepted = await this.verifyBasic(parsed.user, parsed.password);
    }
    return accepted ? { ok: true } : { ok: false, reason: 'wrong' };
  }

  private async verifyBasic(user: string, password: string): Promise<boolean> {
    const hash = this.users.get(user);
    const key = sha256(user, password, hash ?? '').toString('hex');
    const now = this.now();
    const expiry = this.verified.get(key);
    if (expiry !== undefined && expiry > now) return true;
    this.verified.delete(key);
    // An unknown user is still checked against a configured hash (same cost), then refused, so a
    // wrong user name takes as long as a wrong password.
    const ok = (await bcrypt.compare(password, hash ?? this.decoyHash)) && hash !== undefined;
    if (ok) this.remember(key, now + this.ttlMs);
    return ok;
  }

  private remember(key: string, expiry: number): void {
    while (this.verified.size >= this.maxEntries) {
      const oldest = this.verified.keys().next().value;
      if (oldest === undefined) break;
      this.verified.delete(oldest);
    }
    this.verified.set(key, expiry);
  }
}
