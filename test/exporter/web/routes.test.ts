// The exporter's routing on node:http: how paths match, HEAD, OPTIONS, 404 and a failing handler.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../exporter/logging';
import { RouteTable, routeRequests, send, TEXT } from '../../../exporter/web/routes';

let server: Server;
let port = 0;
const failures: string[] = [];

beforeAll(async () => {
  const table = new RouteTable()
    .add('/hello', (_req, res) => send(res, 200, TEXT, 'hi\n'))
    .add('/hello', (_req, res) => send(res, 200, TEXT, 'second\n')) // the first handler for a path wins
    .add('/boom', async () => Promise.reject(new Error('kaput')));
  const logger = { ...silentLogger, error: (message: string) => void failures.push(message) };
  const guard = (req: { headers: Record<string, unknown> }, res: Parameters<typeof send>[0]): boolean => {
    if (req.headers['x-deny'] === undefined) return true;
    send(res, 401, TEXT, 'no\n');
    return false;
  };
  server = createServer(routeRequests(table, { guard, logger }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function call(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('routeRequests', () => {
  it('matches paths case-insensitively, with one optional trailing slash, ignoring the query', async () => {
    for (const path of ['/hello', '/HELLO', '/hello/', '/hello?x=1', 'http://example.org/hello']) expect((await call('GET', path)).body, path).toBe('hi\n');
    for (const path of ['/hello//', '//hello', '/hell', '/%68ello']) expect((await call('GET', path)).status, path).toBe(404);
  });

  it('answers HEAD like GET without the body', async () => {
    const head = await call('HEAD', '/hello');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('3');
    expect(head.headers['content-type']).toBe(TEXT);
    expect(head.body).toBe('');
  });

  it('lists the methods for OPTIONS and answers other methods 404 with a small page naming method and path', async () => {
    const options = await call('OPTIONS', '/hello');
    expect([options.status, options.headers.allow, options.body]).toEqual([200, 'GET, HEAD', 'GET, HEAD']);
    const post = await call('POST', '/hello');
    expect(post.status).toBe(404);
    expect(post.body).toContain('<pre>Cannot POST /hello</pre>');
    const missing = await call('GET', '/no/<such>?q=1');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('<pre>Cannot GET /no/%3Csuch%3E</pre>');
    expect(missing.headers['content-security-policy']).toBe("default-src 'none'");
    expect(missing.headers['x-content-type-options']).toBe('nosniff');
  });

  it('runs the guard first, for every path', async () => {
    for (const path of ['/hello', '/nowhere']) expect(await call('GET', path, { 'x-deny': '1' })).toMatchObject({ status: 401, body: 'no\n' });
  });

  it('answers a failing handler 500 and logs it', async () => {
    expect(await call('GET', '/boom')).toMatchObject({ status: 500, body: 'Internal error\n' });
    expect(failures).toEqual(['request failed']);
  });
});
