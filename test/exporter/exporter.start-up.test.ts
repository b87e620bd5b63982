/**
 * Start-up order (issue 15S): the first poll of the UFO server goes out before the web port is bound
 * (and the app built), so the upstream answers while the exporter finishes its set-up. A start that
 * fails after that (the port taken) ends the poll it began: nothing is left connected. A bad
 * --web.config.file is found before the poll, which then never goes out. The upstream
 * here is a TCP listener that accepts and never answers (the simulator's `unresponsive` fault, with its
 * connections visible to the test).
 */
import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/stack/wait';
import { startTestExporter } from '../helpers/exporter';
import { useTempDir } from '../helpers/temp-dir';

interface SilentUpstream {
  readonly url: string;
  /** Connections accepted so far, and those still open. */
  readonly accepted: () => number;
  readonly open: () => number;
  close(): Promise<void>;
}

async function silentUpstream(): Promise<SilentUpstream> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.resume(); // reads and drops the requests, so that the client's close is seen
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted: () => accepted,
    open: () => sockets.size,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

describe('the first poll at start-up', () => {
  const tmp = useTempDir('ufo-start-up-');
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  async function failedStart(settings: (upstream: SilentUpstream) => Promise<Record<string, string>>): Promise<{ upstream: SilentUpstream; error: unknown }> {
    const upstream = await silentUpstream();
    closers.push(() => upstream.close());
    const error = await startTestExporter({ 'ufo.url': upstream.url, 'ufo.api-key': 'start-up-key', 'ufo.timeout': '60s', ...(await settings(upstream)) }).then(
      async (exporter) => {
        await exporter.close();
        return undefined;
      },
      (err: unknown) => err,
    );
    return { upstream, error };
  }

  /** The poll had reached the upstream before the start failed, and its connections are closed with the start. */
  async function pollWasSentAndEnded(upstream: SilentUpstream): Promise<void> {
    await waitFor(async () => (upstream.accepted() >= 2 ? true : undefined), { what: 'the first poll (/api/health and /api/clients) to connect', timeoutMs: 10_000 });
    await waitFor(async () => (upstream.open() === 0 ? true : undefined), { what: "the failed start to close the poll's connections", timeoutMs: 10_000 });
  }

  it('goes out before the port is bound: with the port taken, the start fails and ends that poll', async () => {
    const taken: Server = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    closers.push(async () => {
      taken.close();
      await once(taken, 'close');
    });
    const { upstream, error } = await failedStart(async () => ({ 'web.listen-address': `127.0.0.1:${(taken.address() as AddressInfo).port}` }));
    expect((error as { code?: unknown }).code).toBe('EADDRINUSE');
    await pollWasSentAndEnded(upstream);
  });

  it('a bad --web.config.file fails the start before the first poll goes out', async () => {
    const { upstream, error } = await failedStart(async () => {
      const file = join(tmp.path, 'web.yml');
      await writeFile(file, 'basic_auth_users: [not, a, map]\n');
      return { 'web.config.file': file };
    });
    expect(String(error)).toContain('web.yml');
    // Our own connection, made after the start failed, is the first the upstream accepts: a poll sent
    // before it would have completed its handshake first (loopback's accept queue is in order).
    const probe = createConnection(Number(new URL(upstream.url).port), '127.0.0.1').on('error', () => undefined);
    closers.push(async () => void probe.destroy());
    await waitFor(async () => (upstream.accepted() >= 1 ? true : undefined), { what: "the upstream to accept the test's own connection", timeoutMs: 10_000 });
    expect(upstream.accepted()).toBe(1);
  });
});
