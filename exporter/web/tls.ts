/**
 * HTTPS from `tls_server_config` of the web config. The files are read and checked when the config
 * is loaded (at start-up and on every reload), so a bad set fails there with a message naming the
 * file, not at the first handshake.
 *
 * Client certificates (mutual TLS): the server asks for one unless client_auth_type is NoClientCert,
 * and never lets OpenSSL reject the handshake by itself; each connection is checked against the
 * policy in force when it is established (`enforceClientAuth`), so a reload can change the policy.
 * A connection the policy refuses is closed right after its handshake, before any request is read.
 */

import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type https from 'node:https';
import type { SecureContextOptions, TLSSocket } from 'node:tls';
import { nodeHttps, nodeTls } from '../node-modules-on-demand';
import { sendOwnDate } from './http-date';
import { WebConfigError } from '../config/sources';
import type { ClientAuthType, TlsSettings } from './tls-settings';

export interface TlsCredentials {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly ca?: Buffer;
  readonly settings: TlsSettings;
}

async function readPem(file: string, field: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new WebConfigError(`tls_server_config.${field}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** What Node's secure context takes from the credentials (for the server and setSecureContext). */
export function secureContextOptions(tls: TlsCredentials): SecureContextOptions {
  const s = tls.settings;
  return {
    cert: tls.cert,
    key: tls.key,
    ...(tls.ca && { ca: tls.ca }),
    minVersion: s.minVersion,
    maxVersion: s.maxVersion,
    ...(s.ciphers !== undefined && { ciphers: s.ciphers }),
    honorCipherOrder: s.honorCipherOrder,
    ...(s.ecdhCurve !== undefined && { ecdhCurve: s.ecdhCurve }),
  };
}

/** Reads the certificate, key and client CA and checks that they load and belong together. */
export async function loadTlsCredentials(settings: TlsSettings): Promise<TlsCredentials> {
  const [cert, key, ca] = await Promise.all([
    readPem(settings.certFile, 'cert_file'),
    readPem(settings.keyFile, 'key_file'),
    settings.clientCaFile === undefined ? undefined : readPem(settings.clientCaFile, 'client_ca_file'),
  ]);
  const credentials: TlsCredentials = { cert, key, ...(ca && { ca }), settings };
  try {
    nodeTls().createSecureContext(secureContextOptions(credentials));
  } catch (err) {
    // OpenSSL's message (e.g. "key values mismatch", "no start line") names the problem, never the key.
    const reason = (err as Error).message;
    throw new WebConfigError(`tls_server_config: cannot use cert_file ${settings.certFile} with key_file ${settings.keyFile}: ${reason}`);
  }
  return credentials;
}

export type WebServer = http.Server | https.Server;

/** Node checks header and request timeouts this often (its default, 30 s, would let them overrun by as much). */
const CONNECTIONS_CHECK_MS = 1000;

/** An HTTP server, or an HTTPS one when TLS credentials are given. Not yet listening. */
export function createWebServer(handler: http.RequestListener, tls: TlsCredentials | undefined, handshakeTimeoutMs: number): WebServer {
  const options = { connectionsCheckingInterval: CONNECTIONS_CHECK_MS };
  // Our own Date header: Node's pages ICU's data in (http-date.ts).
  const withDate: http.RequestListener = (req, res) => {
    sendOwnDate(res);
    handler(req, res);
  };
  if (!tls) return http.createServer(options, withDate);
  return nodeHttps().createServer(
    { ...options, ...secureContextOptions(tls), ...clientCertRequest(tls.settings.clientAuthType), handshakeTimeout: handshakeTimeoutMs },
    withDate,
  );
}

/** Whether the handshake asks for a client certificate; verification is decided by enforceClientAuth. */
export function clientCertRequest(type: ClientAuthType): { requestCert: boolean; rejectUnauthorized: false } {
  return { requestCert: type !== 'NoClientCert', rejectUnauthorized: false };
}

/** Whether a connection with this client certificate (or none) may go on under `type`. */
export function clientAuthAllows(type: ClientAuthType, socket: TLSSocket): boolean {
  const presented = Object.keys(socket.getPeerCertificate()).length > 0;
  switch (type) {
    case 'NoClientCert':
    case 'RequestClientCert':
      return true;
    case 'RequireAnyClientCert':
      return presented;
    case 'VerifyClientCertIfGiven':
      return !presented || socket.authorized;
    case 'RequireAndVerifyClientCert':
      return presented && socket.authorized;
  }
}

/** Closes every connection the current policy refuses, right after its handshake. */
export function enforceClientAuth(server: https.Server, policy: () => ClientAuthType, onRefused: (socket: TLSSocket) => void): void {
  server.prependListener('secureConnection', (socket: TLSSocket) => {
    if (clientAuthAllows(policy(), socket)) return;
    onRefused(socket);
    socket.destroy();
  });
}
