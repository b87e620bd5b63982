/**
 * Issue 16, item 2: the upstream body is capped (--ufo.max-body-bytes). An answer larger than the cap
 * — announced by Content-Length, or streamed without one and never ending — fails the poll at once
 * with `ufo_exporter_errors_total{source="api",kind="body_too_large"}` and a message naming the URL
 * and the limit; nothing past the cap is held, and the next poll of a normal answer succeeds.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../exporter/logging';
import { createStateSink } from '../../exporter/sink';
import { createApiSource, type ApiSource } from '../../exporter/sources/api';
import { FleetState } from '../../exporter/state';
import { startSimulator } from '../../scripts/simulator/index';

const API_KEY = 'body-key';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function watch(url: string, maxBodyBytes: number): { api: ApiSource; state: FleetState } {
  const state = new FleetState();
  const api = createApiSource({ url, apiKey: API_KEY, timeoutMs: 60_000, maxBodyBytes });
  cleanups.push(() => api.stop());
  void api.start(createStateSink({ state, logger: silentLogger, maxSeries: 10 }));
  return { api, state };
}

const bodyTooLarge = (state: FleetState): number =>
  state.exporter.errors.entries().find((e) => e.labels.source === 'api' && e.labels.kind === 'body_too_large')?.value ?? 0;

describe('the upstream body cap', () => {
  it('fails a poll whose Content-Length is past the cap, and recovers when the answer fits again', async () => {
    const sim = await startSimulator({ apiKey: API_KEY, devices: 0, constellations: 0, shape: 'rich', seed: 3 });
    cleanups.push(() => sim.close());
    sim.control.addDevices(100); // ~100 bytes per rich entry: ~10 KB, past a 4 KiB cap
    const { api, state } = watch(sim.url, 4096);
    await api.poll();
    expect(state.upstream.status().up).toBe(false);
    expect(bodyTooLarge(state)).toBe(1);
    expect(state.upstream.status().lastError).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/api\/clients: body larger than the limit of 4096 bytes \(\d+ bytes announced or received\).*--ufo\.max-body-bytes/);
    expect(state.clients.connectedCount).toBe(0);

    for (const c of sim.control.clients().slice(5)) sim.control.disconnect(c.clientId);
    await api.poll();
    expect(state.upstream.status().up).toBe(true);
    expect(state.clients.connectedCount).toBe(5);
    expect(bodyTooLarge(state)).toBe(1);
  });

  it('cuts off an endless streamed answer at the cap instead of holding it until the timeout', async () => {
    let streamed = 0;
    const server: Server = createServer((req, res) => {
      if (req.url?.endsWith('/health')) {
        res.setHeader('content-type', 'application/json').end('{"status":"healthy"}');
        return;
      }
      // No Content-Length: chunks of 16 KiB for as long as the client reads.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      res.write('{"online_clients":[');
      const more = (): void => {
        while (!res.destroyed && res.write(chunk)) streamed += chunk.length;
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const { api, state } = watch(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 256 * 1024);
    await api.poll();
    expect(state.upstream.status().up).toBe(false);
    expect(bodyTooLarge(state)).toBe(1);
    expect(state.upstream.status().lastError).toContain('body larger than the limit of 262144 bytes');
    // The read stopped near the cap (socket buffers aside), long before the 60 s timeout.
    expect(streamed).toBeLessThan(64 * 2 ** 20);
  });
});
