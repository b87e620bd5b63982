/**
 * Turns `--web.config.file` into what the web server runs with: an Authenticator (open when no file
 * or no credentials are given), TLS credentials and response headers, every referenced file read
 * and checked now. Used at start-up and on every reload.
 */

import { Authenticator, type AuthenticatorOptions } from './auth';
import { loadTlsCredentials, type TlsCredentials } from './tls';

export interface WebSecurity {
  readonly authenticator: Authenticator;
  readonly tls?: TlsCredentials;
  /** http_server_config.headers, added to every response. */
  readonly headers: Readonly<Record<string, string>>;
  /** Secret values to mask in logs (the bearer token). */
  readonly secrets: readonly string[];
  /** Every file the config consists of (itself included), for noticing changes. */
  readonly files: readonly string[];
}

/** Throws WebConfigError naming the file and field when anything is wrong. */
export async function resolveWebSecurity(webConfigFile: string | undefined, opts: AuthenticatorOptions = {}): Promise<WebSecurity> {
  if (webConfigFile === undefined || webConfigFile === '') {
    return { authenticator: new Authenticator({ basicAuthUsers: new Map() }, opts), headers: {}, secrets: [], files: [] };
  }
  // Loaded only with a web config: its schema compile and bcrypt checks stay out of a plain start-up.
  const { loadWebConfig, readBearerToken } = await import('./web-config');
  const config = await loadWebConfig(webConfigFile);
  const bearerToken = config.bearerTokenFile === undefined ? undefined : await readBearerToken(config.bearerTokenFile);
  const tls = config.tls && (await loadTlsCredentials(config.tls));
  const named = [config.tls?.certFile, config.tls?.keyFile, config.tls?.clientCaFile, config.bearerTokenFile];
  return {
    authenticator: new Authenticator({ basicAuthUsers: config.basicAuthUsers, ...(bearerToken !== undefined && { bearerToken }) }, opts),
    ...(tls && { tls }),
    headers: config.headers,
    secrets: bearerToken === undefined ? [] : [bearerToken],
    files: [webConfigFile, ...named.filter((f): f is string => f !== undefined)],
  };
}
