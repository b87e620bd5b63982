/**
 * Where access control meets HTTP: an express middleware for ordinary requests and a check for
 * WebSocket upgrade requests (`/events`), which never reach express. Every path is protected except
 * an explicit list of open ones (the health endpoints), so a route added later is protected by default.
 */

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestHandler } from 'express';
import type { AuthFailureReason, Authenticator } from './auth';

/** Paths that probes reach without credentials. */
export const OPEN_PATHS: ReadonlySet<string> = new Set(['/-/healthy', '/-/ready']);

export interface AuthGuardOptions {
  readonly authenticator: Authenticator;
  /** Called once per rejected request: count it (`ufo_exporter_auth_failures_total`) and log it. */
  readonly onRejected: (reason: AuthFailureReason, path: string) => void;
  readonly openPaths?: ReadonlySet<string>;
}

const UNAUTHORIZED_BODY = 'Unauthorized\n';

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
    opts.authenticator.check(req.headers.authorization).then(
      (result) => {
        if (result.ok) return next();
        opts.onRejected(result.reason, req.path);
        res
          .status(401)
          .set('WWW-Authenticate', opts.authenticator.challenge())
          .set('Cache-Control', 'no-store')
          .type('text/plain')
          .send(UNAUTHORIZED_BODY);
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
  const result = await opts.authenticator.check(req.headers.authorization);
  if (result.ok) return true;
  opts.onRejected(result.reason, path);
  socket.end(
    'HTTP/1.1 401 Unauthorized\r\n' +
      `WWW-Authenticate: ${opts.authenticator.challenge()}\r\n` +
      'Content-Type: text/plain\r\n' +
      `Content-Length: ${Buffer.byteLength(UNAUTHORIZED_BODY)}\r\n` +
      'Connection: close\r\n\r\n' +
      UNAUTHORIZED_BODY,
  );
  return false;
}
