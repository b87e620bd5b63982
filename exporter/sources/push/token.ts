/** The event socket's credential: `?token=` or `Authorization: Bearer`, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type TokenCheck = 'ok' | 'missing' | 'wrong';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The token the client offered, or undefined. The URL's query string is read here and nowhere else. */
export function offeredToken(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = BEARER.exec(header);
    if (m) return m[1];
  }
  const query = url.searchParams.get('token');
  return query === null || query === '' ? undefined : query;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function checkToken(offered: string | undefined, expected: string): TokenCheck {
  if (offered === undefined) return 'missing';
  // Equal-length digests: timingSafeEqual leaks neither the content nor the length of the token.
  return timingSafeEqual(digest(offered), digest(expected)) ? 'ok' : 'wrong';
}
