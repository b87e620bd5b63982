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
import type { BodyReceiver, BodyStart } from './http-get';

const READ_BUFFER_BYTES = 64 * 1024;
const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk-size line longer than this (with extensions) is malformed. */
const MAX_CHUNK_LINE_BYTES = 1024;
const IDLE_MS = 5000;
const CRLF_CRLF = Buffer.from('\r\n\r\n');
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export class HttpProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Http1Answer<R> {
  readonly status: number;
  readonly statusText: string;
  readonly body: R;
}

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
  }

  private read(view: Buffer): boolean {
    if (this.exchange) this.exchange.bytes(view);
    else this.socket.destroy(); // bytes nobody asked for: the connection is not trusted again
    return true;
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
    this.socket.setTimeout(IDLE_MS, () => this.socket.destroy());
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

interface Head {
  readonly status: number;
  readonly statusText: string;
  /** Content-Length; undefined when absent. */
  readonly length: number | undefined;
  readonly chunked: boolean;
  readonly keepAlive: boolean;
}

function parseHead(text: string): Head {
  const [statusLine = '', ...fields] = text.split('\r\n');
  const m = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!m) throw new HttpProtocolError('HPE_INVALID_CONSTANT', `not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 80))}`);
  let length: number | undefined;
  let encoding: string | undefined;
  let connection = '';
  for (const field of fields) {
    const colon = field.indexOf(':');
    const name = field.slice(0, colon).toLowerCase();
    if (colon <= 0 || !TOKEN.test(name)) throw new HttpProtocolError('HPE_INVALID_HEADER_TOKEN', `malformed header line ${JSON.stringify(field.slice(0, 80))}`);
    const value = field.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d{1,15}$/.test(value) || (length !== undefined && length !== Number(value)))
        throw new HttpProtocolError('HPE_INVALID_CONTENT_LENGTH', `invalid Content-Length ${JSON.stringify(value.slice(0, 40))}`);
      length = Number(value);
    } else if (name === 'transfer-encoding') encoding = encoding === undefined ? value : `${encoding}, ${value}`;
    else if (name === 'connection') connection = value.toLowerCase();
  }
  const chunked = encoding !== undefined && /(?:^|,)\s*chunked\s*$/i.test(encoding);
  const http11 = m[1] === '1';
  return {
    status: Number(m[2]),
    statusText: m[3] ?? '',
    // Transfer-Encoding wins over Content-Length; another coding than chunked: read until the end.
    length: encoding !== undefined ? undefined : length,
    chunked,
    keepAlive: (http11 ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection)) && (chunked || (encoding === undefined && length !== undefined)),
  };
}

const abortReason = (signal: AbortSignal | undefined): Error =>
  signal?.reason instanceof Error ? signal.reason : Object.assign(new Error('the request was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });

/** GETs a plain-http URL. Rejects with the network error, an HttpProtocolError, a receiver's error, or the abort reason. */
export function http1Get<R>(req: Http1Request<R>): Promise<Http1Answer<R>> {
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

  const attempt = (allowReused: boolean): Promise<Http1Answer<R>> =>
    new Promise((resolve, reject) => {
      const idle = allowReused ? pool.pop() : undefined;
      const conn = idle?.take() ?? new Connection(host, port, pool);
      const reused = idle !== undefined;
      let gotBytes = false;
      let settled = false;
      const finish = (err: unknown, answer?: Http1Answer<R>): void => {
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
          finish(err ?? Object.assign(new Error('connection closed before the response was complete'), { code: 'ECONNRESET' }));
        },
      };
      req.onSocket?.(conn.socket);
      conn.socket.write(head, 'latin1');
    });
  return attempt(true);
}

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close' | 'done';

/** One response's bytes → a receiver. push() throws on malformed input. */
class ResponseParser<R> {
  private state: State = 'head';
  private pending = Buffer.alloc(0); // head or a chunk-size / trailer line, copied (the views are reused)
  private head: Head | undefined;
  private receiver: BodyReceiver<R> | undefined;
  private received = 0;
  /** Body bytes still to come in this chunk (or of the Content-Length). */
  private remaining = 0;
  /** Complete and not reported yet. */
  private finished = false;
  private keepAlive = false;

  constructor(
    private readonly receive: (start: BodyStart) => BodyReceiver<R>,
    private readonly limitBytes: number,
    private readonly done: (answer: Http1Answer<R>, keepAlive: boolean) => void,
  ) {}

  push(view: Buffer): void {
    let at = 0;
    while (at < view.length && this.state !== 'done') {
      switch (this.state) {
        case 'head':
          at = this.readHead(view, at);
          break;
        case 'length':
        case 'chunk-data':
        case 'until-close': {
          const n = this.state === 'until-close' ? view.length - at : Math.min(this.remaining, view.length - at);
          this.deliver(view.subarray(at, at + n));
          at += n;
          this.remaining -= n;
          if (this.state === 'length' && this.remaining === 0) this.complete(true);
          else if (this.state === 'chunk-data' && this.remaining === 0) this.state = 'chunk-end';
          break;
        }
        default: // chunk-size, chunk-end, trailers
          at = this.readLine(view, at);
      }
    }
    // Bytes after the answer: it is complete, but the connection is not reused.
    if (at < view.length) this.keepAlive = false;
    this.report();
  }

  /** The connection ended: true when that ends the answer (no framing: read until the end). */
  endOfStream(): boolean {
    if (this.state !== 'until-close') return false;
    this.complete(false);
    this.report();
    return true;
  }

  private readHead(view: Buffer, at: number): number {
    const before = this.pending.length;
    this.pending = Buffer.concat([this.pending, view.subarray(at, Math.min(view.length, at + MAX_HEAD_BYTES + 4 - before))]);
    const end = this.pending.indexOf(CRLF_CRLF, Math.max(0, before - 3));
    if (end === -1) {
      if (this.pending.length > MAX_HEAD_BYTES) throw new HttpProtocolError('HPE_HEADER_OVERFLOW', `response head longer than ${MAX_HEAD_BYTES} bytes`);
      return view.length;
    }
    const consumed = at + end + 4 - before;
    const head = parseHead(this.pending.toString('latin1', 0, end));
    this.pending = Buffer.alloc(0);
    if (head.status >= 100 && head.status < 200) {
      if (head.status === 101) throw new HttpProtocolError('HPE_UNEXPECTED_UPGRADE', 'the server switched protocols');
      return consumed; // an informational answer: the real one follows
    }
    this.head = head;
    const noBody = head.status === 204 || head.status === 304;
    this.receiver = this.receive({ status: head.status, announcedBytes: noBody ? 0 : head.length, limitBytes: this.limitBytes });
    if (noBody) this.complete(true);
    else if (head.chunked) this.state = 'chunk-size';
    else if (head.length !== undefined) {
      this.remaining = head.length;
      this.state = 'length';
      if (head.length === 0) this.complete(true);
    } else this.state = 'until-close';
    return consumed;
  }

  /** A CRLF-terminated line of the chunked framing. */
  private readLine(view: Buffer, at: number): number {
    const lf = view.indexOf(0x0a, at);
    const upTo = lf === -1 ? view.length : lf + 1;
    if (this.pending.length + upTo - at > MAX_CHUNK_LINE_BYTES) throw new HttpProtocolError('HPE_INVALID_CHUNK_SIZE', 'chunk-size or trailer line too long');
    this.pending = Buffer.concat([this.pending, view.subarray(at, upTo)]);
    if (lf === -1) return upTo;
    const line = this.pending.toString('latin1');
    this.pending = Buffer.alloc(0);
    if (!line.endsWith('\r\n')) throw new HttpProtocolError('HPE_LF_EXPECTED', 'a line of the chunked body does not end with CRLF');
    const text = line.slice(0, -2);
    if (this.state === 'chunk-end') {
      if (text !== '') throw new HttpProtocolError('HPE_INVALID_CHUNK_SIZE', 'chunk data longer than its size');
      this.state = 'chunk-size';
    } else if (this.state === 'chunk-size') {
      const m = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(text);
      if (!m) throw new HttpProtocolError('HPE_INVALID_CHUNK_SIZE', `invalid chunk size line ${JSON.stringify(text.slice(0, 40))}`);
      this.remaining = parseInt(m[1]!, 16);
      this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
    } else if (text === '') this.complete(this.head?.keepAlive ?? false); // the empty line after the trailers
    return upTo;
  }

  private deliver(view: Buffer): void {
    if (view.length === 0) return;
    this.receiver!.write(view, this.received);
    this.received += view.length;
  }

  private complete(keepAlive: boolean): void {
    this.state = 'done';
    this.keepAlive = keepAlive && (this.head?.keepAlive ?? false);
    this.finished = true;
  }

  private report(): void {
    if (!this.finished || !this.head || !this.receiver) return;
    this.finished = false;
    this.done({ status: this.head.status, statusText: this.head.statusText, body: this.receiver.end(this.received) }, this.keepAlive);
  }
}
