/**
 * Puts the app on a listening socket. HTTPS is used when TLS credentials are given (tls.ts);
 * closing waits for in-flight requests and drops idle keep-alive connections.
 *
 * The server sets limits of its own rather than relying on Node's defaults (docs/hardening.md):
 * request headers within `headersTimeoutMs` and the whole request within `requestTimeoutMs`
 * (checked every second, answered 408 and closed: bound `web_slow_requests`), a TLS handshake
 * within `headersTimeoutMs` as well, and at most `maxConnections` connections at once (past it a
 * new connection is closed at once: bound `web_connections`).
 */
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import type { ExporterBound } from '../catalogue';
import { createWebServer, type TlsCredentials, type WebServer } from './tls';

export interface ServerLimits {
  readonly maxConnections: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = { maxConnections: 512, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 };

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  readonly tls?: TlsCredentials;
  readonly limits?: ServerLimits;
  /** Counts a connection or request cut off at a limit. */
  readonly onOverflow?: (bound: ExporterBound) => void;
}

export interface ListeningServer {
  readonly server: WebServer;
  /** The bound address (useful with port 0). */
  readonly address: AddressInfo;
  readonly url: string;
  close(): Promise<void>;
}

function applyLimits(server: WebServer, limits: ServerLimits, onOverflow: (bound: ExporterBound) => void): void {
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.on('drop', () => onOverflow('web_connections'));
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    if (timedOut) onOverflow('web_slow_requests');
    // Node's own answers (408, 431, else 400), then close; a socket already gone needs nothing.
    const status = timedOut ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
}

export async function listen(handler: RequestListener, opts: ListenOptions): Promise<ListeningServer> {
  const limits = opts.limits ?? DEFAULT_SERVER_LIMITS;
  const server = createWebServer(handler, opts.tls, limits.headersTimeoutMs);
  applyLimits(server, limits, opts.onOverflow ?? (() => {}));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${opts.tls ? 'https' : 'http'}://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  return {
    server,
    address,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
