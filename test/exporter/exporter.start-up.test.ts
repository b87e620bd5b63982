/**
 * Start-up order (issue 15S): the web port is bound first (a scrape that connects early waits for the
 * app: handler-until-ready.ts), then the first poll goes out, and the app is built while the upstream
 * answers. A start that cannot bind its port or read its web config fails before any poll: nothing
 * reaches the upstream. The upstream here is a TCP listener that accepts and never answers (the
 * simulator's `unresponsive` fault, with its connections visible to the test).
 */
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/stack/wait';
import { startTestExporter } from '../helpers/exporter';
import { useTempDir } from '../helpers/temp-dir';

interface SilentUpstream {
  readonly url: string;
  /** Connections accepted so far. */
  readonly accepted: () => number;
  close(): Promise<void>;
}

async function silentUpstream(): Promise<SilentUpstream> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.resume(); // reads and drops what comes
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted: () => accepted,
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

  /**
   * No poll reached the upstream: a connection of the test's own is the only one it accepts (the
   * kernel hands connections over in order, so one the exporter had opened before would come first).
   */
  async function noPollWasSent(upstream: SilentUpstream): Promise<void> {
    const own = connect(Number(new URL(upstream.url).port), '127.0.0.1');
    own.on('error', () => undefined);
    try {
      await waitFor(async () => (upstream.accepted() >= 1 ? true : undefined), { what: "the upstream to accept the test's own connection", timeoutMs: 10_000 });
      expect(upstream.accepted()).toBe(1);
    } finally {
      own.destroy();
    }
  }

  it('goes out after the port is bound: with the port taken, the start fails before any poll', async () => {
    const taken: Server = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    closers.push(async () => {
      taken.close();
      await once(taken, 'close');
    });
    const { upstream, error } = await failedStart(async () => ({ 'web.listen-address': `127.0.0.1:${(taken.address() as AddressInfo).port}` }));
    expect((error as { code?: unknown }).code).toBe('EADDRINUSE');
    await noPollWasSent(upstream);
  });

  it('a bad --web.config.file fails the start before any poll', async () => {
    const { upstream, error } = await failedStart(async () => {
      const file = join(tmp.path, 'web.yml');
      await writeFile(file, 'basic_auth_users: [not, a, map]\n');
      return { 'web.config.file': file };
    });
    expect(String(error)).toContain('web.yml');
    await noPollWasSent(upstream);
  });
});
