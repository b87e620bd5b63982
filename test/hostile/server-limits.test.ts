/**
 * Case 8 of the hardening issue: slowloris was survived only thanks to Node's defaults (60 s for
 * headers, 120 s for a TLS handshake), with no connection cap. The web server now has limits of its own.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExporterBound } from '../../exporter/catalogue';
import { listen, type ListeningServer } from '../../exporter/web/server';
import { waitFor, waitUntil } from '../../scripts/stack/wait';

/** Opens a TCP connection and resolves once it is open; `closed` says when the server hung up. */
async function openSocket(port: number): Promise<{ socket: net.Socket; closed: () => boolean; received: () => string }> {
  const socket = net.connect(port, '127.0.0.1');
  let isClosed = false;
  let data = '';
  socket.on('data', (d: Buffer) => (data += d.toString()));
  socket.on('close', () => (isClosed = true));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, closed: () => isClosed, received: () => data };
}

describe('web server limits', () => {
  let web: ListeningServer | undefined;
  const overflows: ExporterBound[] = [];
  afterEach(async () => {
    web?.server.closeAllConnections();
    await web?.close();
    web = undefined;
    overflows.length = 0;
  });

  const start = async (limits: { maxConnections: number; headersTimeoutMs: number; requestTimeoutMs: number }): Promise<ListeningServer> =>
    (web = await listen((_req, res) => res.end('ok'), { host: '127.0.0.1', port: 0, limits, onOverflow: (b) => void overflows.push(b) }));

  it('answers 408 and hangs up on a client that never finishes its headers (slowloris)', async () => {
    const server = await start({ maxConnections: 10, headersTimeoutMs: 500, requestTimeoutMs: 1000 });
    const slow = await openSocket(server.address.port);
    slow.socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const drip = setInterval(() => slow.socket.writable && slow.socket.write('a'), 100);
    try {
      await waitUntil('the slow client to be cut off', slow.closed, 10_000);
    } finally {
      clearInterval(drip);
    }
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(overflows).toContain('web_slow_requests');
    expect(await (await fetch(server.url)).text()).toBe('ok');
  });

  it('closes connections past the cap at once, and serves again when one is freed', async () => {
    const server = await start({ maxConnections: 3, headersTimeoutMs: 10_000, requestTimeoutMs: 10_000 });
    const held = [];
    for (let i = 0; i < 3; i++) held.push(await openSocket(server.address.port));
    const extra = await openSocket(server.address.port);
    await waitUntil('the connection over the cap to be closed', extra.closed);
    expect(overflows).toEqual(['web_connections']);
    expect(held.some((h) => h.closed())).toBe(false);
    held[0]!.socket.destroy();
    // The server frees the slot once it has seen the close: retry until a request is served.
    const answered = await waitFor(() => fetch(server.url).then((r) => r.text(), () => undefined), { what: 'a request served after a slot freed', timeoutMs: 10_000, intervalMs: 20 });
    expect(answered).toBe('ok');
    for (const h of held) h.socket.destroy();
  });
});
