/**
 * The listener of a server that listens before its app exists (exporter.ts): a request that comes
 * first waits and is answered by the app once it is ready; after a failed start, 503. A real
 * node:http server and client.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/stack/wait';
import { handlerUntilReady, type HandlerUntilReady } from '../../exporter/handler-until-ready';

describe('handlerUntilReady', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    server?.close();
    if (server) await once(server, 'close');
    server = undefined;
  });

  async function serve(handler: HandlerUntilReady): Promise<{ url: string; arrived: () => number }> {
    let arrived = 0;
    server = createServer((req, res) => {
      arrived++;
      handler.listener(req, res);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrived: () => arrived };
  }

  it('holds the requests that come before the app and hands them all to it when ready', async () => {
    const handler = handlerUntilReady();
    const { url, arrived } = await serve(handler);
    const first = fetch(`${url}/one`);
    const second = fetch(`${url}/two`);
    await waitFor(async () => (arrived() === 2 ? true : undefined), { what: 'both requests to reach the server', timeoutMs: 10_000 });
    const seen: string[] = [];
    handler.ready((req, res) => {
      seen.push(req.url ?? '');
      res.end(`app ${req.url}`);
    });
    expect(seen).toHaveLength(2); // handed over at once, not at their next event
    expect(await (await first).text()).toBe('app /one');
    expect(await (await second).text()).toBe('app /two');
    expect(await (await fetch(`${url}/three`)).text()).toBe('app /three');
    expect(seen.slice(0, 2).sort()).toEqual(['/one', '/two']);
  });

  it('answers 503 to the waiting and the later requests when the start failed', async () => {
    const handler = handlerUntilReady();
    const { url, arrived } = await serve(handler);
    const waiting = fetch(url);
    await waitFor(async () => (arrived() === 1 ? true : undefined), { what: 'the request to reach the server', timeoutMs: 10_000 });
    handler.fail();
    const answer = await waiting;
    expect(answer.status).toBe(503);
    expect(await answer.text()).toContain('failed to start');
    expect((await fetch(url)).status).toBe(503);
  });
});
