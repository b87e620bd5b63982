/**
 * The exporter's outbound GET (exporter/http-get.ts) against real loopback servers: status and body,
 * no redirect following, a stale keep-alive socket retried once, aborts, truncated, malformed and
 * over-long bodies, a stalled upstream, and the receivers the body is handed to as it arrives.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { BodyTooLargeError, httpGetBody, httpGetText, type BodyReceiver } from '../../exporter/http-get';

const servers: Server[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: URL; requests: () => number }> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`), requests: () => requests };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe('httpGetText', () => {
  it('answers status, status text and the UTF-8 body without a byte-order mark, sending the headers', async () => {
    const { url } = await serve((req, res) => {
      res.writeHead(201, 'Made', { 'content-type': 'application/json' });
      res.end(`\uFEFF{"key":"${String(req.headers['x-api-key'])}","ünï":"çødé"}`);
    });
    const res = await httpGetText(url, { headers: { 'X-API-Key': 'secret' } });
    expect(res.status).toBe(201);
    expect(res.statusText).toBe('Made');
    expect(JSON.parse(res.body)).toEqual({ key: 'secret', ünï: 'çødé' });
  });

  it('does not follow a redirect', async () => {
    const target = await serve((_req, res) => res.end('followed'));
    const { url } = await serve((_req, res) => {
      res.writeHead(302, { location: target.url.href });
      res.end();
    });
    const res = await httpGetText(url);
    expect(res.status).toBe(302);
    expect(target.requests()).toBe(0);
  });

  it('sends the request again once when the kept-alive socket was closed by the server', async () => {
    const first = await serve((_req, res) => res.end('one'));
    expect((await httpGetText(first.url)).body).toBe('one');
    // The server drops its idle keep-alive connection and a new one listens on the same port.
    const port = first.url.port;
    first.server.closeAllConnections();
    await new Promise<void>((resolve) => first.server.close(() => resolve()));
    const second = createServer((_req, res) => res.end('two'));
    servers.push(second);
    await new Promise<void>((resolve) => second.listen(Number(port), '127.0.0.1', resolve));
    expect((await httpGetText(first.url)).body).toBe('two');
  });

  it('rejects with the network error code when nothing listens', async () => {
    const { server, url } = await serve((_req, res) => res.end());
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(httpGetText(url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('rejects when aborted before the answer, leaving the signal aborted', async () => {
    const { url } = await serve(() => undefined); // never answers
    const signal = AbortSignal.timeout(100);
    // The server never answers: only the abort can end this request (else the test times out).
    await expect(httpGetText(url, { signal })).rejects.toBeInstanceOf(Error);
    expect(signal.aborted).toBe(true);
  });

  it('rejects a body cut off before its declared length', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.destroy(), 20);
    });
    await expect(httpGetText(url)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('names an unsupported protocol', async () => {
    await expect(httpGetText(new URL('ftp://127.0.0.1/x'))).rejects.toThrow(/unsupported protocol ftp: .*expected http: or https:/);
  });

  it('rejects a malformed chunked body with the parser error, without hanging', async () => {
    const sockets = new Set<Socket>();
    const tcp: TcpServer = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.end('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\nnot a chunk size\r\n');
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(tcp.address() as AddressInfo).port}/x`);
      await expect(httpGetText(url)).rejects.toMatchObject({ code: 'HPE_INVALID_CHUNK_SIZE' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    }
  });

  it('cuts off a chunked body past maxBodyBytes as it arrives', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200); // no Content-Length: chunked
      res.write(Buffer.alloc(3000, 0x20));
      res.write(Buffer.alloc(3000, 0x20));
    });
    const err: unknown = await httpGetText(url, { maxBodyBytes: 4096 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect(err).toMatchObject({ limitBytes: 4096, seenBytes: 6000 });
  });

  it('ends a body that stalls half-way with the abort signal', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"slow":'); // and nothing more
    });
    const signal = AbortSignal.timeout(100);
    await expect(httpGetText(url, { signal })).rejects.toBeInstanceOf(Error);
    expect(signal.aborted).toBe(true);
  });
});

describe('httpGetBody', () => {
  it('hands the body to the receiver chosen for the status, chunk by chunk at their offsets', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(404);
      res.write('not ');
      setImmediate(() => res.end('found'));
    });
    const seen: string[] = [];
    const receiver: BodyReceiver<string> = {
      write: (chunk, offset) => void seen.push(`${offset}:${chunk.toString()}`),
      end: (length) => `${length} bytes`,
    };
    const res = await httpGetBody(url, (start) => (expect(start).toEqual({ status: 404, announcedBytes: undefined, limitBytes: 100 }), receiver), { maxBodyBytes: 100 });
    expect(res).toEqual({ status: 404, statusText: 'Not Found', body: '9 bytes' });
    expect(seen.join('')).toMatch(/^0:not (4:)?found$/);
  });

  it('rejects with the error of a receiver that throws, and closes the connection', async () => {
    const { url } = await serve((_req, res) => res.end('x'.repeat(1000)));
    const failing: BodyReceiver<never> = {
      write: () => {
        throw new Error('receiver failed');
      },
      end: () => {
        throw new Error('not reached');
      },
    };
    await expect(httpGetBody(url, () => failing)).rejects.toThrow('receiver failed');
  });
});
