/**
 * One GET over node:http / node:https, answering the status and the body. The exporter's outbound
 * requests (the UFO API probes, the status page's Alertmanager read) use this rather than the global
 * fetch(): fetch loads Node's bundled undici and its WebAssembly HTTP parser on first use, ~15 MB
 * more RSS (bench/NOTES.md).
 *
 * The body is received into one buffer, sized from Content-Length when the server sends it (else
 * grown by doubling), and never past `maxBodyBytes`: a larger answer is cut off at once and rejects
 * with a BodyTooLargeError. It is not joined from chunks and not decoded here: callers compare the
 * bytes with the last answer before deciding to decode them (exporter/sources/api/unchanged-body.ts).
 * Plain-http sockets read into one reused buffer each (read-buffer-agent.ts): the 'data' listener
 * below copies every chunk at once, as that agent requires.
 *
 * Redirects are never followed (a 3xx is answered like any other status). A network failure rejects
 * with Node's error (its `code`, e.g. ECONNREFUSED); an abort through `signal` rejects too — callers
 * tell a timeout from a network error by `signal.aborted`.
 */
import { get as httpGet, type IncomingMessage } from 'node:http';
import { nodeHttps } from './node-modules-on-demand';
import type { Socket } from 'node:net';
import { ReadBufferAgent } from './read-buffer-agent';

export interface HttpGetResult {
  readonly status: number;
  readonly statusText: string;
  /** UTF-8, without a leading byte-order mark (as fetch's text() decodes). */
  readonly body: string;
}

export interface HttpGetBytesResult {
  readonly status: number;
  readonly statusText: string;
  /** The body as received (a view of exactly its length). */
  readonly bytes: Buffer;
}

export interface HttpGetOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** The largest body accepted; default DEFAULT_MAX_BODY_BYTES. */
  readonly maxBodyBytes?: number;
  /**
   * A buffer the caller no longer needs, to receive the body into when it fits (the answer is then a
   * view of it): polls of a large answer reuse one buffer instead of allocating megabytes each time.
   */
  readonly reuse?: Buffer;
  /** Told every socket a request is sent on (new or kept-alive): own-connections.ts tracks them. */
  readonly onSocket?: (socket: Socket) => void;
}

/** 64 MiB: a rich `/api/clients` answer for 100,000 clients is ~13 MB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 2 ** 20;

/** The answer was larger than the caller accepts; `code` is EBODYTOOLARGE. */
export class BodyTooLargeError extends Error {
  readonly code = 'EBODYTOOLARGE';
  constructor(
    readonly limitBytes: number,
    /** What the server announced (Content-Length) or what had arrived when the read was cut off. */
    readonly seenBytes: number,
  ) {
    super(`body larger than the limit of ${limitBytes} bytes (${seenBytes} bytes announced or received)`);
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Decodes a body the way fetch's text() does: UTF-8, a leading byte-order mark dropped. */
export function decodeUtf8(bytes: Buffer): string {
  const start = bytes.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0;
  return bytes.toString('utf8', start);
}

/** The response body, once complete, in one buffer; rejects past `limit` or when the connection ends early. */
function readBody(res: IncomingMessage, limit: number, reuse: Buffer | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const announced = Number(res.headers['content-length']);
    if (Number.isFinite(announced) && announced > limit) {
      res.destroy();
      reject(new BodyTooLargeError(limit, announced));
      return;
    }
    const expected = Number.isFinite(announced) && announced >= 0 ? announced : 64 * 1024;
    // A new buffer has room for a slightly longer next answer (numbers in it grow), so it can be reused.
    let buffer = reuse !== undefined && reuse.byteLength >= expected ? reuse : Buffer.allocUnsafe(Math.min(limit, expected + (expected >> 6)));
    let length = 0;
    let failed = false;
    res.on('data', (chunk: Buffer) => {
      if (failed) return;
      const needed = length + chunk.byteLength;
      if (needed > limit) {
        failed = true;
        res.destroy();
        reject(new BodyTooLargeError(limit, needed));
        return;
      }
      if (needed > buffer.byteLength) {
        const grown = Buffer.allocUnsafe(Math.min(limit, Math.max(needed, buffer.byteLength * 2)));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      chunk.copy(buffer, length);
      length = needed;
    });
    res.on('end', () => resolve(buffer.subarray(0, length)));
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete && !failed) reject(Object.assign(new Error('connection closed before the response was complete'), { code: 'ECONNRESET' }));
    });
  });
}

/** Plain-http requests: sockets that read into one reused buffer (read-buffer-agent.ts); https keeps Node's agent. */
const httpAgent = new ReadBufferAgent();

/** GETs the URL and answers the status and the body bytes. */
export function httpGetBytes(url: URL, opts: HttpGetOptions = {}): Promise<HttpGetBytesResult> {
  const get = url.protocol === 'https:' ? nodeHttps().get : url.protocol === 'http:' ? httpGet : undefined;
  if (!get) return Promise.reject(new Error(`unsupported protocol ${url.protocol} in ${url.origin} (expected http: or https:)`));
  const limit = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const attempt = (retryOnStaleSocket: boolean): Promise<HttpGetBytesResult> =>
    new Promise((resolve, reject) => {
      let responded = false;
      const req = get(url, { headers: opts.headers, signal: opts.signal, ...(get === httpGet && { agent: httpAgent }) }, (res) => {
        responded = true;
        readBody(res, limit, opts.reuse).then((bytes) => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', bytes }), reject);
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

/** GETs the URL and answers the status and the body as text. */
export async function httpGetText(url: URL, opts: HttpGetOptions = {}): Promise<HttpGetResult> {
  const { status, statusText, bytes } = await httpGetBytes(url, opts);
  return { status, statusText, body: decodeUtf8(bytes) };
}
