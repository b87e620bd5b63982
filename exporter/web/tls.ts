/**
 * HTTPS from a certificate and key file (`tls_server_config` of the web config). The files are read
 * and checked at start-up, so a bad pair fails there with a message naming the file, not at the
 * first handshake.
 */

import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { createSecureContext } from 'node:tls';
import { WebConfigError } from './web-config';

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface TlsCredentials {
  readonly cert: Buffer;
  readonly key: Buffer;
}

async function readPem(file: string, field: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new WebConfigError(`tls_server_config.${field}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** Reads the certificate and key and checks that they load and belong together. */
export async function loadTlsCredentials(files: TlsFiles): Promise<TlsCredentials> {
  const [cert, key] = await Promise.all([readPem(files.certFile, 'cert_file'), readPem(files.keyFile, 'key_file')]);
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    // OpenSSL's message (e.g. "key values mismatch", "no start line") names the problem, never the key.
    const reason = (err as Error).message;
    throw new WebConfigError(
      `tls_server_config: cannot use cert_file ${files.certFile} with key_file ${files.keyFile}: ${reason}`,
    );
  }
  return { cert, key };
}

export type WebServer = http.Server | https.Server;

/** Node checks header and request timeouts this often (its default, 30 s, would let them overrun by as much). */
const CONNECTIONS_CHECK_MS = 1000;

/** An HTTP server, or an HTTPS one when TLS credentials are given. Not yet listening. */
export function createWebServer(handler: http.RequestListener, tls: TlsCredentials | undefined, handshakeTimeoutMs: number): WebServer {
  const options = { connectionsCheckingInterval: CONNECTIONS_CHECK_MS };
  return tls
    ? https.createServer({ ...options, cert: tls.cert, key: tls.key, handshakeTimeout: handshakeTimeoutMs }, handler)
    : http.createServer(options, handler);
}
