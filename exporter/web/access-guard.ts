/**
 * Access control as the exporter runs it, in front of every request and every WebSocket upgrade
 * (`/events`): the web config (`--web.config.file`, loaded by web-config.ts; without one everything
 * is open) decides, and every path is protected except an explicit list of open ones (the health
 * endpoints), so a route added later is protected by default. A refused request is answered 401 with
 * the challenge (429 with Retry-After when throttled), counted (`ufo_exporter_auth_failures_total{reason}`,
 * via the fleet state) and — the first time per reason — logged as a warning (a misconfigured scraper
 * would otherwise log every 15 s).
 *
 * The web config and the files it names are re-read when they change (polled every few seconds)
 * and on `reload()` (SIGHUP): users, bearer token, response headers, certificates and the client
 * certificate policy take effect for new requests and connections. A file that fails to load keeps
 * the last good configuration in force, with an error (`ufo_exporter_errors_total{source="config",
 * kind="web_config_reload"}` and a log line). Turning TLS on or off needs a restart.
 */

import type { IncomingMessage } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { ExporterBound } from '../catalogue';
import type { Logger } from '../logging';
import { Authenticator, DEFAULT_AUTH_QUEUE, type AuthenticatorOptions, type AuthFailureReason, type AuthResult } from './auth';
import { DEFAULT_LOGIN_LIMITS, loginLimits } from './login-limiter';
import { requestPath, send, TEXT, type Guard } from './routes';
import { clientCertRequest, enforceClientAuth, secureContextOptions, type TlsCredentials, type WebServer } from './tls';
import { watchFiles } from './file-watch';
import type { WebSecurity } from './web-config';

/** Paths that probes reach without credentials. */
export const OPEN_PATHS: ReadonlySet<string> = new Set(['/-/healthy', '/-/ready']);

type Refusal = Extract<AuthResult, { ok: false }>;

/** Status, headers and body of a refusal: 429 with Retry-After when throttled, else 401 with the challenge. */
function refusal(result: Refusal, challenge: string): { status: 401 | 429; headers: Record<string, string>; body: string } {
  if (result.reason === 'throttled') return { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) }, body: 'Too many failed attempts; try again later\n' };
  return { status: 401, headers: { 'WWW-Authenticate': challenge }, body: 'Unauthorized\n' };
}

/** The web config resolved, or everything open without one. Throws WebConfigError naming the file and field. */
export async function resolveWebSecurity(webConfigFile: string | undefined, opts: AuthenticatorOptions = {}): Promise<WebSecurity> {
  if (webConfigFile === undefined || webConfigFile === '') {
    return { authenticator: new Authenticator({ basicAuthUsers: new Map() }, opts), headers: {}, secrets: [], files: [] };
  }
  // Loaded only with a web config: its schema, yaml and bcrypt checks stay out of a plain start-up.
  const { loadWebSecurity } = await import('./web-config');
  return loadWebSecurity(webConfigFile, opts);
}

export interface AccessControl {
  /** Runs before every route: adds the configured response headers, refuses a request without a valid credential. */
  readonly guard: Guard;
  /** For WebSocket upgrades (`/events`): false means a 401 was written and the socket closed. */
  readonly authorizeUpgrade: (req: IncomingMessage, socket: Duplex) => Promise<boolean>;
  /**
   * Counts and logs a refusal decided elsewhere (the /events socket's own token check), exactly as a
   * refused web credential is: ufo_exporter_auth_failures_total{reason} and one warning per reason.
   */
  readonly recordRefusal: (reason: AuthFailureReason, path: string) => void;
  readonly tls?: TlsCredentials;
  /** Secrets from the web config (the bearer token) to keep out of every output. */
  readonly secrets: readonly string[];
  /** Applies the TLS part of reloads to the listening server (call once it exists). */
  attach(server: WebServer): void;
  /** Re-reads the web config now (SIGHUP); resolves false when it was refused (the last good one stays). */
  reload(): Promise<boolean>;
  /** Stops watching the files and the password-check worker. */
  close(): Promise<void>;
}

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Puts access control in front of every WebSocket upgrade handler already attached to the server
 * (the /events socket, which checks its own token after this): an upgrade without a valid web
 * credential gets 401 and never reaches them. Call it after the handlers are attached.
 */
export function guardUpgrades(server: WebServer, authorize: AccessControl['authorizeUpgrade']): void {
  const handlers = server.listeners('upgrade') as UpgradeListener[];
  if (handlers.length === 0) return;
  server.removeAllListeners('upgrade');
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    authorize(req, socket).then(
      (ok) => {
        if (ok) for (const handler of handlers) handler.call(server, req, socket, head);
      },
      () => socket.destroy(),
    );
  });
}

export interface AccessControlDeps {
  readonly webConfigFile?: string;
  /** Where refusals are counted (FleetState.recordAuthFailure). */
  readonly recordFailure: (reason: AuthFailureReason) => void;
  /** --web.max-failed-logins (default 10). */
  readonly maxFailedLogins?: number;
  /** Where bounds are declared and their overflows counted (FleetState). */
  readonly bounds?: { setBoundLimit(bound: ExporterBound, limit: number): void; recordOverflow(bound: ExporterBound): void };
  /** Counts and logs a reload that was refused (the last good config stays in force). */
  readonly onReloadError?: (message: string) => void;
  /** How often the files are checked for changes. Default 5 s. */
  readonly reloadCheckMs?: number;
  readonly logger: Logger;
}

/** Throws WebConfigError (naming the file and field) when the web config is unusable. */
export async function setUpAccessControl(deps: AccessControlDeps): Promise<AccessControl> {
  const limits = deps.maxFailedLogins === undefined ? DEFAULT_LOGIN_LIMITS : loginLimits(deps.maxFailedLogins);
  const resolve = (): Promise<WebSecurity> =>
    resolveWebSecurity(deps.webConfigFile, { loginLimits: limits, onOverflow: (bound) => deps.bounds?.recordOverflow(bound) });
  let current = await resolve();
  let server: WebServer | undefined;
  const declareBounds = (security: WebSecurity): void => {
    if (!security.authenticator.enabled) return;
    deps.bounds?.setBoundLimit('auth_attempts', limits.burst);
    deps.bounds?.setBoundLimit('auth_queue', DEFAULT_AUTH_QUEUE);
  };
  declareBounds(current);
  const warned = new Set<AuthFailureReason>();
  const onRejected = (reason: AuthFailureReason, path: string): void => {
    deps.recordFailure(reason);
    const fields = { reason, path, metric: 'ufo_exporter_auth_failures_total' };
    if (warned.has(reason)) deps.logger.debug('request refused: credential missing or wrong', fields);
    else {
      warned.add(reason);
      deps.logger.warn('request refused: credential missing or wrong (logged once per reason, then at debug)', fields);
    }
  };
  /** The refusal for a request to `path`, or undefined when it may go on; `onRejected` already called. Read per request: a reload swaps `current`. */
  const check = async (req: IncomingMessage, path: string): Promise<ReturnType<typeof refusal> | undefined> => {
    const { authenticator } = current;
    if (!authenticator.enabled || OPEN_PATHS.has(path)) return undefined;
    const result = await authenticator.check(req.headers.authorization, req.socket.remoteAddress);
    if (result.ok) return undefined;
    onRejected(result.reason, path);
    return refusal(result, authenticator.challenge());
  };
  const describe = (security: WebSecurity): Record<string, string | boolean> => ({
    web_config_file: deps.webConfigFile ?? '',
    tls: security.tls !== undefined,
    client_auth: security.tls?.settings.clientAuthType ?? 'none',
    auth: security.authenticator.challenge() || 'none',
  });
  if (current.authenticator.enabled || current.tls) deps.logger.info('web config loaded', describe(current));

  const applyTls = (tls: TlsCredentials): void => {
    const https = server as HttpsServer;
    https.setSecureContext(secureContextOptions(tls));
    // Read by Node for each new connection.
    Object.assign(https, clientCertRequest(tls.settings.clientAuthType));
  };
  const reload = async (): Promise<boolean> => {
    let next: WebSecurity;
    try {
      next = await resolve();
      if ((next.tls === undefined) !== (current.tls === undefined)) throw new Error(`turning TLS ${next.tls ? 'on' : 'off'} needs a restart`);
      if (server && next.tls) applyTls(next.tls);
    } catch (err) {
      const message = `web config ${deps.webConfigFile ?? ''} not reloaded, the last good one stays in force: ${err instanceof Error ? err.message : String(err)}`;
      if (deps.onReloadError) deps.onReloadError(message);
      else deps.logger.error(message);
      return false;
    }
    const previous = current;
    current = next;
    declareBounds(next);
    // Checks already running on the old authenticator finish first (its worker is then stopped).
    setTimeout(() => void previous.authenticator.close(), 30_000).unref();
    deps.logger.info('web config reloaded', describe(next));
    return true;
  };
  const watch = deps.webConfigFile === undefined ? undefined : watchFiles(() => current.files, async () => void (await reload()), deps.reloadCheckMs ?? 5000);

  return {
    guard: async (req, res) => {
      for (const [name, value] of Object.entries(current.headers)) res.setHeader(name, value);
      // The path as requested, without the query string (which may carry a token: never logged).
      const refused = await check(req, requestPath(req));
      if (refused) send(res, refused.status, TEXT, refused.body, { ...refused.headers, 'Cache-Control': 'no-store' });
      return refused === undefined;
    },
    authorizeUpgrade: async (req, socket) => {
      const refused = await check(req, requestPath(req));
      if (!refused) return true;
      const statusLine = refused.status === 429 ? '429 Too Many Requests' : '401 Unauthorized';
      const headerLines = Object.entries(refused.headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
      socket.end(
        `HTTP/1.1 ${statusLine}\r\n${headerLines}Content-Type: text/plain\r\n` +
          `Content-Length: ${Buffer.byteLength(refused.body)}\r\nConnection: close\r\n\r\n${refused.body}`,
      );
      return false;
    },
    recordRefusal: onRejected,
    ...(current.tls && { tls: current.tls }),
    get secrets() {
      return current.secrets;
    },
    attach(web) {
      server = web;
      if (current.tls)
        enforceClientAuth(web as HttpsServer, () => current.tls?.settings.clientAuthType ?? 'NoClientCert', (socket) =>
          deps.logger.debug('TLS connection refused: client certificate missing or not signed by client_ca_file', { peer: socket.remoteAddress ?? '' }),
        );
    },
    reload,
    close: async () => {
      watch?.stop();
      await current.authenticator.close();
    },
  };
}
