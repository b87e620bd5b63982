/**
 * The event socket's credential: `Authorization: Bearer` or `?token=`, compared in constant time.
 * Both places are tried: when the exporter's web access control (`--web.config.file`) also uses
 * bearer tokens, the header carries the web credential and the event token comes in the query.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type TokenCheck = 'ok' | 'missing' | 'wrong';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The tokens the client offered (header first). The URL's query string is read here and nowhere else. */
export function offeredTokens(req: IncomingMessage, url: URL): string[] {
  const offered: string[] = [];
  const header = req.headers.authorization;
  const bearer = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
  if (bearer !== undefined) offered.push(bearer);
  const query = url.searchParams.get('token');
  if (query !== null && query !== '') offered.push(query);
  return offered;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function checkToken(offered: readonly string[], expected: string): TokenCheck {
  if (offered.length === 0) return 'missing';
  const want = digest(expected);
  // Equal-length digests: timingSafeEqual leaks neither the content nor the length of the token.
  return offered.some((token) => timingSafeEqual(digest(token), want)) ? 'ok' : 'wrong';
}
