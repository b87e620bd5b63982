/**
 * One GET over plain http (http1-client.ts) or node:https, answering the status and the body. The exporter's outbound
 * requests (the UFO API probes, the status page's Alertmanager read) use this rather than the global
 * fetch(): fetch loads Node's bundled undici and its WebAssembly HTTP parser on first use, ~15 MB
 * more RSS (bench/NOTES.md).
 *
 * The body is handed chunk by chunk to a receiver, never past `maxBodyBytes`: a larger answer is cut
 * off at once and rejects with a BodyTooLargeError. OneBufferReceiver receives it into one buffer, sized
 * from Content-Length when the server sends it (else grown by doubling), not joined from chunks and
 * not decoded; the API source's receiver compares it with the last answer as it arrives and keeps no
 * copy of an unchanged one (exporter/sources/api/unchanged-body.ts). Plain http goes through
 * http1-client.ts, whose sockets read into one reused buffer: a receiver must copy what it keeps during the call.
 *
 * Redirects are never followed (a 3xx is answered like any other status). A network failure rejects
 * with Node's error (its `code`, e.g. ECONNREFUSED); an abort through `signal` rejects too — callers
 * tell a timeout from a network error by `signal.aborted`.
 */
import type { IncomingMessage } from 'node:http';
import { nodeHttps } from './node-modules-on-demand';
import type { Socket } from 'node:net';
import { http1Get } from './http1-client';
import { closedEarlyError } from './http1-response';

/** The body as text: UTF-8, without a leading byte-order mark (as fetch's text() decodes). */
export type HttpGetResult = HttpGetBodyResult<string>;

export interface HttpGetOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** The largest body accepted; default DEFAULT_MAX_BODY_BYTES. */
  readonly maxBodyBytes?: number;
  /** Told every socket a request is sent on (new or kept-alive): own-connections.ts tracks them. */
  readonly onSocket?: (socket: Socket) => void;
}

/** What is known of a response when its body starts. */
export interface BodyStart {
  readonly status: number;
  /** Content-Length, when the server sent one (never past `limitBytes`: such an answer is refused first). */
  readonly announcedBytes: number | undefined;
  /** The largest body accepted: no chunk is handed to a receiver past it. */
  readonly limitBytes: number;
}

/**
 * Takes a body's bytes as they arrive. A chunk is valid only during the call (the socket's read
 * buffer is reused, http1-client.ts): copy what must be kept.
 */
export interface BodyReceiver<R> {
  /** The next chunk; `offset` is where it starts in the body (the bytes received before it). */
  write(chunk: Buffer, offset: number): void;
  /** The body is complete, `length` bytes: its result. */
  end(length: number): R;
}

/** Receives a body into one buffer, sized from Content-Length (with 1/64 of room) or grown by doubling, never past the limit. */
export class OneBufferReceiver implements BodyReceiver<Buffer> {
  private buffer: Buffer;

  constructor(private readonly start: BodyStart) {
    const expected = start.announcedBytes ?? 64 * 1024;
    // Room for a slightly longer next answer (numbers in it grow) than the one announced.
    this.buffer = Buffer.allocUnsafe(Math.min(start.limitBytes, expected + (expected >> 6)));
  }

  write(chunk: Buffer, offset: number): void {
    const needed = offset + chunk.byteLength;
    if (needed > this.buffer.byteLength) {
      const grown = Buffer.allocUnsafe(Math.min(this.start.limitBytes, Math.max(needed, this.buffer.byteLength * 2)));
      this.buffer.copy(grown, 0, 0, offset);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, offset);
  }

  end(length: number): Buffer {
    return this.buffer.subarray(0, length);
  }
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

/** Where a body's text starts: after a leading UTF-8 byte-order mark, as fetch's text() drops it. */
export function textStart(bytes: Buffer): number {
  return bytes.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0;
}

/** Decodes a body the way fetch's text() does: UTF-8, a leading byte-order mark dropped. */
export function decodeUtf8(bytes: Buffer): string {
  return bytes.toString('utf8', textStart(bytes));
}

/** `receive` with the body limit enforced: a larger announced length or more bytes throw a BodyTooLargeError. */
function bounded<R>(receive: (start: BodyStart) => BodyReceiver<R>, limit: number): (start: BodyStart) => BodyReceiver<R> {
  return (start) => {
    if (start.announcedBytes !== undefined && start.announcedBytes > limit) throw new BodyTooLargeError(limit, start.announcedBytes);
    const receiver = receive({ ...start, limitBytes: limit });
    return {
      write(chunk, offset) {
        if (offset + chunk.byteLength > limit) throw new BodyTooLargeError(limit, offset + chunk.byteLength);
        receiver.write(chunk, offset);
      },
      end: (length) => receiver.end(length),
    };
  };
}

/** An https response's body, handed to the receiver as it arrives; rejects on the receiver's error or when the connection ends early. */
function readBody<R>(res: IncomingMessage, receive: (start: BodyStart) => BodyReceiver<R>): Promise<R> {
  return new Promise((resolve, reject) => {
    let length = 0;
    let failed = false;
    const fail = (err: unknown): void => {
      failed = true;
      res.destroy();
      reject(err);
    };
    const announced = Number(res.headers['content-length']);
    let receiver: BodyReceiver<R>;
    try {
      receiver = receive({ status: res.statusCode ?? 0, announcedBytes: Number.isFinite(announced) && announced >= 0 ? announced : undefined, limitBytes: Infinity });
    } catch (err) {
      return fail(err);
    }
    res.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        receiver.write(chunk, length);
      } catch (err) {
        return fail(err);
      }
      length += chunk.byteLength;
    });
    res.on('end', () => {
      if (failed) return;
      try {
        resolve(receiver.end(length));
      } catch (err) {
        reject(err);
      }
    });
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete && !failed) reject(closedEarlyError());
    });
  });
}

export interface HttpGetBodyResult<R> {
  readonly status: number;
  readonly statusText: string;
  /** What the receiver made of the body. */
  readonly body: R;
}

/** GETs the URL and answers the status and what `receive`'s receiver made of the body (chosen once the status is known). */
export function httpGetBody<R>(url: URL, receive: (start: BodyStart) => BodyReceiver<R>, opts: HttpGetOptions = {}): Promise<HttpGetBodyResult<R>> {
  const limit = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const receiveBounded = bounded(receive, limit);
  // Plain http: the small client that hands the body over without a copy per chunk (http1-client.ts).
  if (url.protocol === 'http:') return http1Get({ url, receive: receiveBounded, limitBytes: limit, ...opts });
  if (url.protocol !== 'https:') return Promise.reject(new Error(`unsupported protocol ${url.protocol} in ${url.origin} (expected http: or https:)`));
  const { get } = nodeHttps();
  const attempt = (retryOnStaleSocket: boolean): Promise<HttpGetBodyResult<R>> =>
    new Promise((resolve, reject) => {
      let responded = false;
      const req = get(url, { headers: opts.headers, signal: opts.signal }, (res) => {
        responded = true;
        readBody(res, receiveBounded).then((body) => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', body }), reject);
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
  const { status, statusText, body } = await httpGetBody(url, (start) => new OneBufferReceiver(start), opts);
  return { status, statusText, body: decodeUtf8(body) };
}
