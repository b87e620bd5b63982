/**
 * Access control as the exporter runs it: resolves `--web.config.file`, and turns every refused
 * request into a count (`ufo_exporter_auth_failures_total{reason}`, via the fleet state) and — the
 * first time per reason — a warning (a misconfigured scraper would otherwise log every 15 s).
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
import type { RequestHandler } from 'express';
import type { ExporterBound } from '../catalogue';
import type { Logger } from '../logging';
import { DEFAULT_AUTH_QUEUE, type AuthFailureReason } from './auth';
import { DEFAULT_LOGIN_LIMITS, loginLimits } from './login-limiter';
import { authorizeUpgrade, requireAuth, type AuthGuardOptions } from './auth-guard';
import { clientCertRequest, enforceClientAuth, secureContextOptions, type TlsCredentials, type WebServer } from './tls';
import { watchFiles } from './file-watch';
import { resolveWebSecurity, type WebSecurity } from './web-config-resolve';

export interface AccessControl {
  /** Express middleware for every route (open when no credential is configured). */
  readonly guard: RequestHandler;
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
  const options: AuthGuardOptions = {
    // Read per request: a reload swaps it.
    get authenticator() {
      return current.authenticator;
    },
    onRejected: (reason, path) => {
      deps.recordFailure(reason);
      const fields = { reason, path, metric: 'ufo_exporter_auth_failures_total' };
      if (warned.has(reason)) deps.logger.debug('request refused: credential missing or wrong', fields);
      else {
        warned.add(reason);
        deps.logger.warn('request refused: credential missing or wrong (logged once per reason, then at debug)', fields);
      }
    },
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

  const guard = requireAuth(options);
  return {
    guard: (req, res, next) => {
      for (const [name, value] of Object.entries(current.headers)) res.setHeader(name, value);
      guard(req, res, next);
    },
    authorizeUpgrade: (req, socket) => authorizeUpgrade(options, req, socket),
    recordRefusal: options.onRejected,
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
