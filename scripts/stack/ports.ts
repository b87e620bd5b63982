/**
 * Free loopback ports for binaries that cannot report the port they bound (Prometheus and
 * Alertmanager take `--web.listen-address` and do not log the port chosen for `:0`). The port is
 * released before the binary binds it, so a concurrent test could take it: callers retry a start
 * that fails with "address already in use".
 */
import { createServer } from 'node:net';

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not read the bound port'))));
    });
  });
}
