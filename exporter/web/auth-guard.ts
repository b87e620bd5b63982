/**
 * Where access control meets HTTP: an express middleware for ordinary requests and a check for
 * WebSocket upgrade requests (`/events`), which never reach express. Every path is protected except
 * an explicit list of open ones (the health endpoints), so a route added later is protected by default.
 */

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestHandler } from 'express';
import type { AuthFailureReason, AuthResult, Authenticator } from './auth';

/** Paths that probes reach without credentials. */
export const OPEN_PATHS: ReadonlySet<string> = new Set(['/-/healthy', '/-/ready']);

export interface AuthGuardOptions {
  readonly authenticator: Authenticator;
  /** Called once per rejected request: count it (`ufo_exporter_auth_failures_total`) and log it. */
  readonly onRejected: (reason: AuthFailureReason, path: string) => void;
  readonly openPaths?: ReadonlySet<string>;
}

const UNAUTHORIZED_BODY = 'Unauthorized\n';
const THROTTLED_BODY = 'Too many failed attempts; try again later\n';

type Refusal = Extract<AuthResult, { ok: false }>;

/** Status, headers and body of a refusal: 429 with Retry-After when throttled, else 401 with the challenge. */
function refusal(result: Refusal, challenge: string): { status: 401 | 429; headers: Record<string, string>; body: string } {
  if (result.reason === 'throttled') return { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) }, body: THROTTLED_BODY };
  return { status: 401, headers: { 'WWW-Authenticate': challenge }, body: UNAUTHORIZED_BODY };
}

/** The request's path without its query string (the query may carry a token: never log it). */
function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q < 0 ? raw : raw.slice(0, q);
}

/** Express middleware: 401 with a WWW-Authenticate challenge unless the request carries a valid credential. */
export function requireAuth(opts: AuthGuardOptions): RequestHandler {
  const open = opts.openPaths ?? OPEN_PATHS;
  return (req, res, next) => {
    if (!opts.authenticator.enabled || open.has(req.path)) return next();
    opts.authenticator.check(req.headers.authorization, req.socket.remoteAddress).then(
      (result) => {
        if (result.ok) return next();
        opts.onRejected(result.reason, req.path);
        const { status, headers, body } = refusal(result, opts.authenticator.challenge());
        res.status(status).set(headers).set('Cache-Control', 'no-store').type('text/plain').send(body);
      },
      (err: unknown) => next(err),
    );
  };
}

/**
 * Checks a WebSocket upgrade request. On failure writes a 401 with the challenge to the raw socket,
 * closes it and resolves false; the caller must then not complete the upgrade.
 */
export async function authorizeUpgrade(opts: AuthGuardOptions, req: IncomingMessage, socket: Duplex): Promise<boolean> {
  const path = pathOf(req.url);
  if (!opts.authenticator.enabled || (opts.openPaths ?? OPEN_PATHS).has(path)) return true;
  const result = await opts.authenticator.check(req.headers.authorization, req.socket.remoteAddress);
  if (result.ok) return true;
  opts.onRejected(result.reason, path);
  const { status, headers, body } = refusal(result, opts.authenticator.challenge());
  const statusLine = status === 429 ? '429 Too Many Requests' : '401 Unauthorized';
  const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(
    `HTTP/1.1 ${statusLine}\r\n${headerLines}Content-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  return false;
}
