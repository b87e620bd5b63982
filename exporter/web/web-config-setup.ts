/**
 * Access control as the exporter runs it: resolves `--web.config.file`, and turns every refused
 * request into a count (`ufo_exporter_auth_failures_total{reason}`, via the fleet state) and — the
 * first time per reason — a warning (a misconfigured scraper would otherwise log every 15 s).
 */

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestHandler } from 'express';
import type { ExporterBound } from '../catalogue';
import type { Logger } from '../logging';
import { DEFAULT_AUTH_QUEUE, type AuthFailureReason } from './auth';
import { DEFAULT_LOGIN_LIMITS, loginLimits } from './login-limiter';
import { authorizeUpgrade, requireAuth, type AuthGuardOptions } from './auth-guard';
import type { TlsCredentials, WebServer } from './tls';
import { resolveWebSecurity } from './web-config-resolve';

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
  /** Stops the password-check worker. */
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
  /** Where bounds are declared and their overflows counted (FleetState). */
  /** --web.max-failed-logins (default 10). */
  readonly maxFailedLogins?: number;
  readonly bounds?: { setBoundLimit(bound: ExporterBound, limit: number): void; recordOverflow(bound: ExporterBound): void };
  readonly logger: Logger;
}

/** Throws WebConfigError (naming the file and field) when the web config is unusable. */
export async function setUpAccessControl(deps: AccessControlDeps): Promise<AccessControl> {
  const limits = deps.maxFailedLogins === undefined ? DEFAULT_LOGIN_LIMITS : loginLimits(deps.maxFailedLogins);
  const security = await resolveWebSecurity(deps.webConfigFile, { loginLimits: limits, onOverflow: (bound) => deps.bounds?.recordOverflow(bound) });
  if (security.authenticator.enabled) {
    deps.bounds?.setBoundLimit('auth_attempts', limits.burst);
    deps.bounds?.setBoundLimit('auth_queue', DEFAULT_AUTH_QUEUE);
  }
  const warned = new Set<AuthFailureReason>();
  const options: AuthGuardOptions = {
    authenticator: security.authenticator,
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
  if (security.authenticator.enabled || security.tls)
    deps.logger.info('web config loaded', {
      web_config_file: deps.webConfigFile ?? '',
      tls: security.tls !== undefined,
      auth: security.authenticator.challenge() || 'none',
    });
  return {
    guard: requireAuth(options),
    authorizeUpgrade: (req, socket) => authorizeUpgrade(options, req, socket),
    recordRefusal: options.onRejected,
    ...(security.tls && { tls: security.tls }),
    secrets: security.secrets,
    close: () => security.authenticator.close(),
  };
}
