/**
 * The plain-http client (exporter/http1-client.ts) against raw TCP servers that answer exactly the
 * bytes a test gives: framings (Content-Length, chunked with extensions and trailers, until close),
 * 1xx answers, keep-alive reuse and when a connection is not reused, malformed answers, credentials
 * and header checks, and body chunks handed over as views of one read buffer.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OneBufferReceiver, type BodyReceiver } from '../../exporter/http-get';
import { http1Get, READS_BEFORE_YIELD_BYTES } from '../../exporter/http1-client';
import { countLoopTurns } from '../helpers/loop-turns';

const servers: { server: Server; sockets: Set<Socket> }[] = [];

afterEach(async () => {
  for (const { server, sockets } of servers.splice(0)) {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A TCP server answering each request (one per "\r\n\r\n"-ended head) with `answer(n)`; counts connections and heads. */
async function rawServer(answer: (n: number, socket: Socket) => string | Buffer | undefined): Promise<{ url: URL; connections: () => number; heads: string[] }> {
  const sockets = new Set<Socket>();
  const heads: string[] = [];
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    let pending = '';
    socket.on('data', (d) => {
      pending += d.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        heads.push(pending.slice(0, end));
        pending = pending.slice(end + 4);
        const out = answer(heads.length, socket);
        if (out !== undefined) socket.write(out);
      }
    });
  });
  servers.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/x?y=1`), connections: () => connections, heads };
}

const text = (url: URL, headers?: Record<string, string>) =>
  http1Get({ url, headers, receive: (start) => new OneBufferReceiver(start), limitBytes: 1 << 20 }).then((a) => ({ ...a, body: a.body.toString() }));

describe('http1Get', () => {
  it('reads a Content-Length answer and reuses the kept-alive connection for the next request', async () => {
    const { url, connections, heads } = await rawServer(() => 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello');
    expect(await text(url, { 'X-API-Key': 'k' })).toEqual({ status: 200, statusText: 'OK', body: 'hello' });
    expect(await text(url)).toMatchObject({ body: 'hello' });
    expect(connections()).toBe(1);
    expect(heads[0]).toBe(`GET /api/x?y=1 HTTP/1.1\r\nHost: ${url.host}\r\nX-API-Key: k\r\nConnection: keep-alive`);
  });

  it('a connection reused for many requests keeps one idle-timeout listener (none added per request)', async () => {
    const { url, connections } = await rawServer(() => 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    let socket: Socket | undefined;
    for (let i = 0; i < 20; i++) await http1Get({ url, receive: (start) => new OneBufferReceiver(start), limitBytes: 1 << 20, onSocket: (s) => (socket = s) });
    expect(connections()).toBe(1);
    expect(socket?.listenerCount('timeout')).toBe(1);
  });

  it('reads a chunked answer with extensions and trailers, split anywhere', async () => {
    const body = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n';
    const { url, connections } = await rawServer((_n, socket) => {
      // One byte per write, each flushed on its own: every state boundary falls between reads.
      void (async () => {
        for (const ch of body) {
          socket.write(ch);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      return undefined;
    });
    expect((await text(url)).body).toBe('hello world');
    expect((await text(url)).body).toBe('hello world');
    expect(connections()).toBe(1);
  });

  it('skips a 100 Continue, and reads an answer without framing until the connection ends (not reused)', async () => {
    const { url, connections } = await rawServer((_n, socket) => {
      socket.end('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 203 Partial\r\n\r\nuntil the end');
      return undefined;
    });
    expect(await text(url)).toEqual({ status: 203, statusText: 'Partial', body: 'until the end' });
    await text(url);
    expect(connections()).toBe(2);
  });

  it('does not reuse a connection the server closes (Connection: close) or sends more on than the answer', async () => {
    const close = await rawServer(() => 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
    await text(close.url);
    await text(close.url);
    expect(close.connections()).toBe(2);
    const extra = await rawServer(() => 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA');
    expect((await text(extra.url)).body).toBe('ok');
    await text(extra.url);
    expect(extra.connections()).toBe(2);
  });

  it.each([
    ['a status line that is not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n', 'HPE_INVALID_CONSTANT'],
    ['an invalid Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\n', 'HPE_INVALID_CONTENT_LENGTH'],
    ['a malformed header line', 'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['chunk data longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['a head past 64 KiB', `HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70_000)}`, 'HPE_HEADER_OVERFLOW'],
    ['a switch of protocols', 'HTTP/1.1 101 Switching Protocols\r\n\r\n', 'HPE_UNEXPECTED_UPGRADE'],
  ])('rejects %s with %s', async (_name, answer, code) => {
    const { url } = await rawServer(() => answer);
    await expect(text(url)).rejects.toMatchObject({ code });
  });

  it('rejects an answer cut short, and a connection closed before any answer', async () => {
    const short = await rawServer((_n, socket) => (socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'), undefined));
    await expect(text(short.url)).rejects.toMatchObject({ code: 'ECONNRESET' });
    const none = await rawServer((_n, socket) => (socket.destroy(), undefined));
    await expect(text(none.url)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('sends credentials in the URL as Basic authorization, and refuses a header value with a line break', async () => {
    const { url, heads } = await rawServer(() => 'HTTP/1.1 204 No Content\r\n\r\n');
    const withCredentials = new URL(url.href);
    withCredentials.username = 'us%20er';
    withCredentials.password = 'p:w';
    expect((await text(withCredentials)).status).toBe(204);
    expect(heads[0]).toContain(`Authorization: Basic ${Buffer.from('us er:p:w').toString('base64')}`);
    await expect(text(url, { 'X-API-Key': 'k\r\nX-Injected: 1' })).rejects.toMatchObject({ code: 'ERR_INVALID_CHAR' });
    expect(heads).toHaveLength(1);
  });

  it('hands the body over as views of one read buffer, not a new buffer per chunk', async () => {
    const body = Buffer.alloc(300_000, 0x61);
    const { url } = await rawServer((_n, socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
      socket.write(body);
      return undefined;
    });
    const seen = new Set<ArrayBufferLike>();
    let writes = 0;
    const receiver: BodyReceiver<number> = {
      write: (chunk) => {
        writes++;
        seen.add(chunk.buffer);
      },
      end: (length) => length,
    };
    const answer = await http1Get({ url, receive: () => receiver, limitBytes: 1 << 20 });
    expect(answer.body).toBe(body.length);
    expect(writes).toBeGreaterThan(1);
    expect(seen.size).toBe(1);
  });

  it('lets the event loop go on after every few hundred KB of a large answer', async () => {
    const body = Buffer.alloc(6 * 2 ** 20, 0x62);
    const { url } = await rawServer((_n, socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
      socket.write(body);
      return undefined;
    });
    // Bytes handed over per turn of the event loop.
    const loop = countLoopTurns();
    const perTurn = new Map<number, number>();
    const receiver: BodyReceiver<number> = {
      write: (chunk) => void perTurn.set(loop.turns(), (perTurn.get(loop.turns()) ?? 0) + chunk.length),
      end: (length) => length,
    };
    const answer = await http1Get({ url, receive: () => receiver, limitBytes: 8 * 2 ** 20 });
    loop.stop();
    expect(answer.body).toBe(body.length);
    // At most one read (64 KiB) past the threshold before the socket pauses.
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(READS_BEFORE_YIELD_BYTES + 64 * 1024);
    // And the connection is reused after the pause.
    expect(await text(url)).toMatchObject({ status: 200 });
  });

  it('ends a request with the abort signal when the answer stalls', async () => {
    const { url } = await rawServer(() => 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab');
    const signal = AbortSignal.timeout(100);
    await expect(http1Get({ url, signal, receive: (s) => new OneBufferReceiver(s), limitBytes: 100 })).rejects.toBeInstanceOf(Error);
    expect(signal.aborted).toBe(true);
  });
});
