import bcrypt from 'bcryptjs';
import { describe, expect, it, vi } from 'vitest';
import { Authenticator, secretsEqual } from '../../../exporter/web/auth';
import { BcryptPool } from '../../../exporter/web/bcrypt-pool';

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
const users = new Map([['alice', bcrypt.hashSync('wonder:land', 4)]]);

describe('Authenticator', () => {
  it('is open when nothing is configured', async () => {
    const auth = new Authenticator({ basicAuthUsers: new Map() });
    expect(auth.enabled).toBe(false);
    expect(await auth.check(undefined)).toEqual({ ok: true });
  });

  it('checks basic auth against bcrypt hashes (passwords may contain colons)', async () => {
    const auth = new Authenticator({ basicAuthUsers: users });
    expect(await auth.check(basic('alice', 'wonder:land'))).toEqual({ ok: true });
    expect(await auth.check(basic('alice', 'wonder'))).toEqual({ ok: false, reason: 'wrong' });
    expect(await auth.check(basic('mallory', 'wonder:land'))).toEqual({ ok: false, reason: 'wrong' });
    expect(await auth.check('bAsIc ' + basic('alice', 'wonder:land').slice(6))).toEqual({ ok: true });
  });

  it('classifies missing and malformed headers', async () => {
    const auth = new Authenticator({ basicAuthUsers: users, bearerToken: 'tok' });
    expect(await auth.check(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(await auth.check('   ')).toEqual({ ok: false, reason: 'missing' });
    expect(await auth.check('Basic')).toEqual({ ok: false, reason: 'malformed' });
    expect(await auth.check('Basic !!!not-base64')).toEqual({ ok: false, reason: 'malformed' });
    expect(await auth.check('Basic ' + Buffer.from('no-colon').toString('base64'))).toEqual({ ok: false, reason: 'malformed' });
    expect(await auth.check('Digest abc')).toEqual({ ok: false, reason: 'wrong' });
  });

  it('checks the bearer token, and refuses a scheme that is not configured', async () => {
    const auth = new Authenticator({ basicAuthUsers: new Map(), bearerToken: 'tok-1' });
    expect(await auth.check('Bearer tok-1')).toEqual({ ok: true });
    expect(await auth.check('bearer tok-1')).toEqual({ ok: true });
    expect(await auth.check('Bearer tok-2')).toEqual({ ok: false, reason: 'wrong' });
    expect(await auth.check('Bearer tok-1x')).toEqual({ ok: false, reason: 'wrong' });
    expect(await auth.check(basic('alice', 'wonder:land'))).toEqual({ ok: false, reason: 'wrong' });
  });

  it('challenges with every configured scheme', () => {
    expect(new Authenticator({ basicAuthUsers: users }).challenge()).toBe('Basic realm="ufo-exporter", charset="UTF-8"');
    expect(new Authenticator({ basicAuthUsers: new Map(), bearerToken: 't' }).challenge()).toBe('Bearer realm="ufo-exporter"');
    expect(new Authenticator({ basicAuthUsers: users, bearerToken: 't' }).challenge()).toMatch(/^Basic .*, Bearer /);
  });

  it('caches successful verifications for the TTL only, and never a failure', async () => {
    // Counted, not timed: a cached success runs no bcrypt compare, every failure and an expired
    // success run one each.
    const compares = vi.spyOn(BcryptPool.prototype, 'compare');
    try {
      let now = 0;
      const auth = new Authenticator({ basicAuthUsers: new Map([['bob', bcrypt.hashSync('pw', 4)]]) }, { cacheTtlMs: 1000, now: () => now });
      expect((await auth.check(basic('bob', 'pw'))).ok).toBe(true);
      expect(compares).toHaveBeenCalledTimes(1);
      expect((await auth.check(basic('bob', 'pw'))).ok).toBe(true);
      expect(compares).toHaveBeenCalledTimes(1);
      expect((await auth.check(basic('bob', 'nope'))).ok).toBe(false);
      expect((await auth.check(basic('bob', 'nope'))).ok).toBe(false);
      expect(compares).toHaveBeenCalledTimes(3);
      now = 1001;
      expect((await auth.check(basic('bob', 'pw'))).ok).toBe(true);
      expect(compares).toHaveBeenCalledTimes(4);
      await auth.close();
    } finally {
      compares.mockRestore();
    }
  });

  it('bounds the cache', async () => {
    const many = new Map(['a', 'b', 'c'].map((u) => [u, bcrypt.hashSync(u, 4)] as const));
    const auth = new Authenticator({ basicAuthUsers: many }, { cacheMaxEntries: 2 });
    for (const u of ['a', 'b', 'c']) expect((await auth.check(basic(u, u))).ok).toBe(true);
    // 'a' was evicted: still accepted (re-verified), i.e. eviction never turns into a wrong answer.
    expect((await auth.check(basic('a', 'a'))).ok).toBe(true);
    expect((auth as unknown as { verified: Map<string, number> }).verified.size).toBe(2);
  });

  it('compares secrets of different lengths safely', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', 'a')).toBe(false);
  });
});
