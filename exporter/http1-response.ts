/**
 * One HTTP/1.x response's bytes, as http1-client.ts reads them off a socket, → the request's body
 * receiver: the head (status line and the framing fields), then the body framed by Content-Length,
 * chunked coding or the connection's end. Malformed input throws an HttpProtocolError naming the
 * problem (codes as Node's parser: HPE_*); the head and chunk-size lines are bounded.
 */
import type { BodyReceiver, BodyStart, HttpGetBodyResult } from './http-get';

const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk-size line longer than this (with extensions) is malformed. */
const MAX_CHUNK_LINE_BYTES = 1024;
const CRLF_CRLF = Buffer.from('\r\n\r\n');
/** An HTTP token (RFC 9110): header names. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The connection ended before the whole answer arrived (both transports reject with this; `code` as Node's). */
export function closedEarlyError(): Error {
  return Object.assign(new Error('connection closed before the response was complete'), { code: 'ECONNRESET' });
}

export class HttpProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
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

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close' | 'done';

/** One response's bytes → a receiver. push() throws on malformed input. */
export class ResponseParser<R> {
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
    private readonly done: (answer: HttpGetBodyResult<R>, keepAlive: boolean) => void,
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
