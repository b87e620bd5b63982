/**
 * The exporter's own connections (exporter/own-connections.ts) against real loopback servers: the
 * caller the server sees (its `remoteAddress:remotePort`, what uvicorn writes in the access line) is
 * recognised, through keep-alive reuse, reconnects and IPv6; another caller is not.
 */
import { createServer, get, type Server } from 'node:http';
import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpGetText } from '../../exporter/http-get';
import { OwnConnections, parseCaller } from '../../exporter/own-connections';

const servers: Server[] = [];

/** A server that records each request's caller as uvicorn formats it (`host:port`). */
async function serve(host: string): Promise<{ url: URL; callers: string[]; server: Server }> {
  const callers: string[] = [];
  const server = createServer((req, res) => {
    callers.push(`${req.socket.remoteAddress}:${req.socket.remotePort}`);
    res.end('{}');
  });
  servers.push(server);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}/api/health`), callers, server };
}

async function ipv6Loopback(): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe('parseCaller', () => {
  it.each([
    ['127.0.0.1:56380', '127.0.0.1', 56380],
    ['::1:41001', '::1', 41001],
    ['[::1]:41001', '::1', 41001],
    ['::ffff:127.0.0.1:5000', '127.0.0.1', 5000],
    ['FE80::1:80', 'fe80::1', 80],
  ])('%s → %s port %d', (text, address, port) => expect(parseCaller(text)).toEqual({ address, port }));
  it.each(['127.0.0.1', '127.0.0.1:0', '127.0.0.1:70000', ':80', 'host:x'])('%s is not a caller', (text) => expect(parseCaller(text)).toBeUndefined());
});

describe('OwnConnections', () => {
  it("recognises the caller of each probe over kept-alive and new sockets, and not another client's", async () => {
    const { url, callers, server } = await serve('127.0.0.1');
    const own = new OwnConnections();
    const probe = () => httpGetText(url, { onSocket: (s) => own.track(s) });
    await probe();
    await probe(); // kept alive: the same socket
    server.closeAllConnections(); // the server drops it: the next probe reconnects
    await probe();
    expect(new Set(callers).size).toBe(2);
    for (const caller of callers) expect(own.isOwnCaller(caller)).toBe(true);
    // Another caller of the same server, on its own connection.
    await new Promise<void>((resolve, reject) => get(url, { agent: false }, (res) => res.resume().on('end', resolve)).on('error', reject));
    expect(own.isOwnCaller(callers.at(-1)!)).toBe(false);
  });

  it("keeps a closed socket's port for the grace period, then forgets it", async () => {
    const { url } = await serve('127.0.0.1');
    let now = 1_000;
    const own = new OwnConnections({ graceSeconds: 60, now: () => now });
    const socket = connect(Number(url.port), '127.0.0.1');
    own.track(socket);
    await once(socket, 'connect');
    const caller = `${socket.localAddress}:${socket.localPort}`;
    expect(own.isOwnCaller(caller)).toBe(true);
    now += 3_600; // open sockets never expire
    expect(own.isOwnCaller(caller)).toBe(true);
    socket.destroy();
    await once(socket, 'close');
    now += 59;
    expect(own.isOwnCaller(caller)).toBe(true);
    now += 2;
    expect(own.isOwnCaller(caller)).toBe(false);
  });

  it('forgets the oldest port past its capacity, and a port of ours from another address is not ours', async () => {
    const { url } = await serve('127.0.0.1');
    const own = new OwnConnections({ capacity: 1 });
    const first = connect(Number(url.port), '127.0.0.1');
    own.track(first);
    await once(first, 'connect');
    const firstCaller = `${first.localAddress}:${first.localPort}`;
    expect(own.isOwnCaller(firstCaller)).toBe(true);
    expect(own.isOwnCaller(`10.9.8.7:${first.localPort}`)).toBe(false);
    const second = connect(Number(url.port), '127.0.0.1');
    own.track(second);
    await once(second, 'connect');
    expect(own.isOwnCaller(`${second.localAddress}:${second.localPort}`)).toBe(true);
    expect(own.isOwnCaller(firstCaller)).toBe(false);
    first.destroy();
    second.destroy();
  });

  it('recognises IPv6 callers', async ({ skip }) => {
    if (!(await ipv6Loopback())) skip('no IPv6 loopback here');
    const { url, callers } = await serve('::1');
    const own = new OwnConnections();
    await httpGetText(url, { onSocket: (s) => own.track(s) });
    expect(callers[0]).toMatch(/^::1:\d+$/);
    expect(own.isOwnCaller(callers[0]!)).toBe(true);
    expect(own.isOwnCaller(`[::1]:${callers[0]!.split(':').at(-1)}`)).toBe(true);
  });
});
