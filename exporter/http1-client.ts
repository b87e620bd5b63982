/**
 * A small HTTP/1.1 client for plain-http GETs on node:net; http-get.ts uses it for `http:` URLs.
 *
 * Why: Node's HTTP client copies every body chunk into a new buffer. At 100,000 clients that is 13 MB
 * of new external memory per poll of `/api/clients`, and V8 answers it with full mark-compacts of the
 * whole heap, the pauses behind `/-/healthy`'s p99 (bench/NOTES.md, issue 15h). Here each socket reads
 * into one buffer (`onread`) and body bytes go to the receiver as views of it: nothing is allocated
 * per chunk. A receiver must copy what it keeps during its call (http-get.ts BodyReceiver).
 *
 * Only what the exporter's requests need: GET with the caller's headers plus Host (and Authorization
 * from credentials in the URL, as node:http sends them); answers framed by Content-Length, chunked, or
 * the connection's end; 1xx answers skipped; keep-alive (idle sockets reused last-in first-out, closed
 * after 5 s idle, never keeping the process alive); a request on a reused socket that closes before
 * any byte of the answer is sent once more on a new connection (the server closed it meanwhile); an
 * abort through the signal. Malformed answers fail with an error naming the problem (codes as Node's
 * parser: HPE_*); the head is bounded (64 KiB), the body by the caller's receiver.
 */
import { connect, type Socket } from 'node:net';
import type { BodyReceiver, BodyStart, HttpGetBodyResult } from './http-get';
import { closedEarlyError, ResponseParser, TOKEN } from './http1-response';

export { HttpProtocolError } from './http1-response';

const READ_BUFFER_BYTES = 64 * 1024;
/**
 * Bytes handed to the receiver before the socket pauses until the event loop's next turn. libuv reads a
 * ready socket up to 32 times per wake-up: 2 MB of a large answer (and the receiver's comparison of it)
 * in one go, ~10+ ms during which `/-/healthy` waits (bench/NOTES.md, issue 15h3).
 */
export const READS_BEFORE_YIELD_BYTES = 256 * 1024;
const IDLE_MS = 5000;

export interface Http1Request<R> {
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly receive: (start: BodyStart) => BodyReceiver<R>;
  readonly limitBytes: number;
  readonly onSocket?: (socket: Socket) => void;
}

/** What a connection hands to the request using it. */
interface Exchange {
  bytes(view: Buffer): void;
  closed(err: Error | undefined): void;
}

class Connection {
  readonly socket: Socket;
  exchange: Exchange | undefined;
  /** Bytes read since the socket last let the event loop go on. */
  private sinceYield = 0;

  constructor(
    host: string,
    port: number,
    private readonly pool: Connection[],
  ) {
    this.socket = connect({
      host,
      port,
      onread: { buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES), callback: (n: number, buf: Uint8Array) => this.read(Buffer.from(buf.buffer, buf.byteOffset, n)) },
    });
    this.socket.on('error', (err) => this.end(err));
    this.socket.on('close', () => this.end(undefined));
    // One listener for the connection's life: the timeout runs only while it is idle in the pool (release/take).
    this.socket.on('timeout', () => this.socket.destroy());
  }

  private read(view: Buffer): boolean {
    if (this.exchange) this.exchange.bytes(view);
    else this.socket.destroy(); // bytes nobody asked for: the connection is not trusted again
    this.sinceYield += view.length;
    if (this.sinceYield < READS_BEFORE_YIELD_BYTES || this.socket.destroyed) return true;
    this.sinceYield = 0;
    // false pauses the socket (node:net's onread); reading goes on after what else waits in this turn.
    setImmediate(() => this.socket.resume());
    return false;
  }

  private end(err: Error | undefined): void {
    const exchange = this.exchange;
    this.exchange = undefined;
    const at = this.pool.indexOf(this);
    if (at !== -1) this.pool.splice(at, 1);
    exchange?.closed(err);
  }

  /** Back to the pool, idle. */
  release(): void {
    this.exchange = undefined;
    this.socket.setTimeout(IDLE_MS);
    this.socket.unref();
    this.pool.push(this);
  }

  /** Out of the pool for a request. */
  take(): this {
    this.socket.setTimeout(0);
    this.socket.ref();
    return this;
  }
}

/** Idle connections per host:port. */
const pools = new Map<string, Connection[]>();

function checkHeader(name: string, value: string): void {
  if (!TOKEN.test(name)) throw Object.assign(new TypeError(`invalid HTTP header name ${JSON.stringify(name)}`), { code: 'ERR_INVALID_HTTP_TOKEN' });
  if (/[\r\n\0]/.test(value)) throw Object.assign(new TypeError(`invalid character in the value of HTTP header ${name}`), { code: 'ERR_INVALID_CHAR' });
}

function requestHead(url: URL, headers: Readonly<Record<string, string>>): string {
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  const given = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
  for (const [name, value] of Object.entries(headers)) {
    checkHeader(name, value);
    lines.push(`${name}: ${value}`);
  }
  if ((url.username || url.password) && !given.has('authorization')) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    lines.push(`Authorization: Basic ${Buffer.from(credentials).toString('base64')}`);
  }
  lines.push('Connection: keep-alive');
  return `${lines.join('\r\n')}\r\n\r\n`;
}

const abortReason = (signal: AbortSignal | undefined): Error =>
  signal?.reason instanceof Error ? signal.reason : Object.assign(new Error('the request was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });

/** GETs a plain-http URL. Rejects with the network error, an HttpProtocolError, a receiver's error, or the abort reason. */
export function http1Get<R>(req: Http1Request<R>): Promise<HttpGetBodyResult<R>> {
  const { url, signal } = req;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = Number(url.port || 80);
  const key = `${host}:${port}`;
  let head: string;
  try {
    head = requestHead(url, req.headers ?? {});
  } catch (err) {
    return Promise.reject(err);
  }
  const pool = pools.get(key) ?? [];
  pools.set(key, pool);

  const attempt = (allowReused: boolean): Promise<HttpGetBodyResult<R>> =>
    new Promise((resolve, reject) => {
      const idle = allowReused ? pool.pop() : undefined;
      const conn = idle?.take() ?? new Connection(host, port, pool);
      const reused = idle !== undefined;
      let gotBytes = false;
      let settled = false;
      const finish = (err: unknown, answer?: HttpGetBodyResult<R>): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (answer) resolve(answer);
        else reject(err);
      };
      const fail = (err: unknown): void => {
        conn.exchange = undefined;
        conn.socket.destroy();
        finish(err);
      };
      const onAbort = (): void => fail(abortReason(signal));
      signal?.addEventListener('abort', onAbort, { once: true });

      const parser = new ResponseParser(req.receive, req.limitBytes, (answer, keepAlive) => {
        if (keepAlive) conn.release();
        else {
          conn.exchange = undefined;
          conn.socket.destroy();
        }
        finish(undefined, answer);
      });
      conn.exchange = {
        bytes(view) {
          gotBytes = true;
          try {
            parser.push(view);
          } catch (err) {
            fail(err);
          }
        },
        closed(err) {
          if (settled) return;
          // A kept-alive socket the server closed meanwhile: the request never reached it; once more on a new connection.
          if (reused && !gotBytes && !signal?.aborted) {
            settled = true;
            signal?.removeEventListener('abort', onAbort);
            attempt(false).then(resolve, reject);
            return;
          }
          try {
            if (!err && parser.endOfStream()) return;
          } catch (parseErr) {
            return finish(parseErr);
          }
          finish(err ?? closedEarlyError());
        },
      };
      req.onSocket?.(conn.socket);
      conn.socket.write(head, 'latin1');
    });
  return attempt(true);
}
