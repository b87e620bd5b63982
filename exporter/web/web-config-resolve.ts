/**
 * Turns `--web.config.file` into what the web server runs with: an Authenticator (open when no file
 * or no credentials are given) and TLS credentials, every referenced file read and checked now.
 */

import { Authenticator, type AuthenticatorOptions } from './auth';
import { loadTlsCredentials, type TlsCredentials } from './tls';
import { loadWebConfig, readBearerToken } from './web-config';

export interface WebSecurity {
  readonly authenticator: Authenticator;
  readonly tls?: TlsCredentials;
  /** Secret values to mask in logs (the bearer token). */
  readonly secrets: readonly string[];
}

/** Throws WebConfigError naming the file and field when anything is wrong. */
export async function resolveWebSecurity(webConfigFile: string | undefined, opts: AuthenticatorOptions = {}): Promise<WebSecurity> {
  if (webConfigFile === undefined || webConfigFile === '') {
    return { authenticator: new Authenticator({ basicAuthUsers: new Map() }, opts), secrets: [] };
  }
  const config = await loadWebConfig(webConfigFile);
  const bearerToken = config.bearerTokenFile === undefined ? undefined : await readBearerToken(config.bearerTokenFile);
  const tls = config.tls && (await loadTlsCredentials(config.tls));
  return {
    authenticator: new Authenticator({ basicAuthUsers: config.basicAuthUsers, ...(bearerToken !== undefined && { bearerToken }) }, opts),
    ...(tls && { tls }),
    secrets: bearerToken === undefined ? [] : [bearerToken],
  };
}
