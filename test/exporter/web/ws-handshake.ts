/** Tries a WebSocket handshake and reports what happened, as a string a test can compare. */
import { WebSocket, type ClientOptions } from 'ws';

/**
 * Resolves 'open:<first message>' (after sending `send`, if given) or
 * 'refused:<status> <www-authenticate>'; rejects on a network error or a 5 s handshake timeout.
 */
export function tryWebSocket(url: string, opts: { headers?: Record<string, string>; ca?: string; send?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const clientOptions: ClientOptions = { headers: opts.headers ?? {}, handshakeTimeout: 5_000, ...(opts.ca && { ca: opts.ca }) };
    const ws = new WebSocket(url, clientOptions);
    ws.on('open', () => {
      if (opts.send !== undefined) ws.send(opts.send);
    });
    ws.on('message', (data) => {
      resolve(`open:${String(data)}`);
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(`refused:${res.statusCode} ${res.headers['www-authenticate']}`);
      res.resume();
    });
    ws.on('error', reject);
  });
}
