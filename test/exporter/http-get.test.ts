/**
 * The exporter's outbound GET (exporter/http-get.ts) against real loopback servers: status and body,
 * no redirect following, a stale keep-alive socket retried once, aborts, truncated bodies.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpGetText } from '../../exporter/http-get';

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
});
