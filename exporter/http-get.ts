/**
 * One GET over node:http / node:https, answering the status and the body as text. The exporter's
 * outbound requests (the UFO API probes, the status page's Alertmanager read) use this rather than
 * the global fetch(): fetch loads Node's bundled undici and its WebAssembly HTTP parser on first use,
 * ~15 MB more RSS for a process whose memory budget is 150 MB at 10,000 clients (bench/RESULTS.md).
 *
 * Redirects are never followed (a 3xx is answered like any other status). A network failure rejects
 * with Node's error (its `code`, e.g. ECONNREFUSED); an abort through `signal` rejects too — callers
 * tell a timeout from a network error by `signal.aborted`.
 */
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { Socket } from 'node:net';

export interface HttpGetResult {
  readonly status: number;
  readonly statusText: string;
  /** UTF-8, without a leading byte-order mark (as fetch's text() decodes). */
  readonly body: string;
}

export interface HttpGetOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Told every socket a request is sent on (new or kept-alive): own-connections.ts tracks them. */
  readonly onSocket?: (socket: Socket) => void;
}

/** The response body, once complete; rejects when the connection ends before it is. */
function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '')));
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(Object.assign(new Error('connection closed before the response was complete'), { code: 'ECONNRESET' }));
    });
  });
}

export function httpGetText(url: URL, opts: HttpGetOptions = {}): Promise<HttpGetResult> {
  const get = url.protocol === 'https:' ? httpsGet : url.protocol === 'http:' ? httpGet : undefined;
  if (!get) return Promise.reject(new Error(`unsupported protocol ${url.protocol} in ${url.origin} (expected http: or https:)`));
  const attempt = (retryOnStaleSocket: boolean): Promise<HttpGetResult> =>
    new Promise((resolve, reject) => {
      let responded = false;
      const req = get(url, { headers: opts.headers, signal: opts.signal }, (res) => {
        responded = true;
        readBody(res).then((body) => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', body }), reject);
      });
      if (opts.onSocket) req.on('socket', opts.onSocket);
      req.on('error', (err: Error & { code?: string }) => {
        // A kept-alive socket the server has closed meanwhile fails at once: the request never
        // reached the server, so it is sent again once on a new connection (as fetch does).
        if (retryOnStaleSocket && !responded && req.reusedSocket && err.code === 'ECONNRESET' && !opts.signal?.aborted) attempt(false).then(resolve, reject);
        else reject(err);
      });
    });
  return attempt(true);
}
