/**
 * Puts the app on a listening socket. HTTPS is used when TLS credentials are given (tls.ts);
 * closing waits for in-flight requests and drops idle keep-alive connections.
 */
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import { createWebServer, type TlsCredentials, type WebServer } from './tls';

export interface ListeningServer {
  readonly server: WebServer;
  /** The bound address (useful with port 0). */
  readonly address: AddressInfo;
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(handler: RequestListener, opts: { host: string; port: number; tls?: TlsCredentials }): Promise<ListeningServer> {
  const server = createWebServer(handler, opts.tls);
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
