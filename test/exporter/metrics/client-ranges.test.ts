/**
 * Per-client families kept as byte ranges (exporter/metrics/client-ranges.ts): after any sequence of
 * fleet changes the cached text is byte for byte what a renderer that never saw the earlier states
 * renders, and a change costs formatting only the lines that changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../exporter/events';
import { ClientRangeFamily, LineSlabs } from '../../../exporter/metrics/client-ranges';
import { chunkBytesSync } from '../../../exporter/metrics/packed-chunk';
import { CatalogueRenderer } from '../../../exporter/metrics/renderer';
import { GzipBody } from '../../../exporter/web/gzip-body';
import { FleetState, type ConnectedClient } from '../../../exporter/state';

const build = { version: '1.2.3', revision: 'abc', nodejs: '20' };
// Ids with multi-byte characters and characters the format escapes: line lengths in bytes differ from string lengths.
const IDS = ['dev1', 'dév-2', 'task3@dev1', 'gerät-4', 'q"5', 'back\\slash6', 'line\nbreak7', '设备8', 'dev9', 'task10@设备8', 'dev11', 'dev12'];
const PLATFORMS = [undefined, 'windows', 'linux', 'ünknown-plätform'];

const event: fc.Arbitrary<FleetEvent> = fc.oneof(
  fc.record({
    type: fc.constant('client_connected' as const),
    source: fc.constantFrom('log' as const, 'push' as const),
    at: fc.integer({ min: 1, max: 10_000 }),
    clientId: fc.constantFrom(...IDS),
    platform: fc.constantFrom(...PLATFORMS),
  }),
  fc.record({
    type: fc.constant('client_disconnected' as const),
    source: fc.constantFrom('log' as const, 'push' as const),
    at: fc.integer({ min: 1, max: 10_000 }),
    clientId: fc.constantFrom(...IDS),
    reason: fc.constantFrom('normal', 'connection_lost'),
  }),
  fc.record({
    type: fc.constant('clients_snapshot' as const),
    source: fc.constant('api' as const),
    at: fc.integer({ min: 1, max: 10_000 }),
    clients: fc.uniqueArray(
      fc.record({ clientId: fc.constantFrom(...IDS), platform: fc.constantFrom(...PLATFORMS), connectedAt: fc.integer({ min: 1, max: 10_000 }) }),
      { selector: (c) => c.clientId, maxLength: IDS.length },
    ),
  }),
  fc.record({ type: fc.constant('upstream_status' as const), source: fc.constant('api' as const), at: fc.integer({ min: 1, max: 10_000 }), up: fc.boolean() }),
);

describe('per-client families as byte ranges', () => {
  it('render after any sequence of changes exactly what a fresh renderer renders (property)', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), fc.constantFrom(0, 1, 3, 7, 1000), (events, maxSeries) => {
        const state = new FleetState({ now: () => 100 });
        const opts = { view: state, maxSeries, build, now: () => 100 };
        const renderer = new CatalogueRenderer(opts);
        for (const e of events) {
          state.apply(e);
          expect(renderer.render()).toBe(new CatalogueRenderer(opts).render());
        }
      }),
      { numRuns: 200 },
    );
  });

  it('after one client left and one connected, formats only the new client’s lines, also once compressed', async () => {
    const state = new FleetState({ now: () => 100 });
    state.apply({ type: 'upstream_status', source: 'api', at: 1, up: true });
    for (let i = 0; i < 2000; i++) state.apply({ type: 'client_connected', source: 'log', at: 1, clientId: `dev${i}`, platform: 'linux' });
    const renderer = new CatalogueRenderer({ view: state, maxSeries: 5000, build, now: () => 100 });
    renderer.render();
    expect(renderer.clientLinesFormatted).toBe(4000); // info and connection start, nobody reconnected
    // A gzip scrape: the large families keep only their compressed form from now on (packed-chunk.ts).
    await new GzipBody().gzip(renderer.renderChunks());
    state.apply({ type: 'client_disconnected', source: 'log', at: 2, clientId: 'dev1000', reason: 'normal' });
    state.apply({ type: 'client_connected', source: 'log', at: 2, clientId: 'dev-new', platform: 'linux' });
    const text = renderer.render();
    expect(renderer.clientLinesFormatted).toBe(4002);
    expect(text).toBe(new CatalogueRenderer({ view: state, maxSeries: 5000, build, now: () => 100 }).render());
    // A reconnect: the client's lines move to the end (a new record), and it gets its reconnects line.
    state.apply({ type: 'client_disconnected', source: 'log', at: 3, clientId: 'dev5', reason: 'normal' });
    state.apply({ type: 'client_connected', source: 'log', at: 3, clientId: 'dev5', platform: 'linux' });
    expect(renderer.render()).toContain('ufo_client_reconnects_total{client_id="dev5"} 1\n');
    expect(renderer.clientLinesFormatted).toBe(4005);
  });
});

describe('ClientRangeFamily', () => {
  const client = (clientId: string): ConnectedClient => ({ clientId, clientType: 'device', platform: 'linux', connectedAt: 1 });

  it('copies unchanged lines, formats new ones and re-formats a line whose version moved', () => {
    const [a, b, c] = [client('a'), client('ä'), client('c')];
    const versions = new Map([
      [a, 1],
      [b, 1],
      [c, 1],
    ]);
    const family = new ClientRangeFamily();
    const source = { version: (x: ConnectedClient) => versions.get(x)!, line: (x: ConnectedClient, v: number) => (v > 1 ? `${x.clientId} ${v}\n` : '') };
    const render = (clients: ConnectedClient[]) => Buffer.from(chunkBytesSync(family.render('# H\n', clients, Infinity, source))).toString('utf8');
    expect(render([a, b, c])).toBe('# H\n');
    versions.set(b, 2);
    expect(render([a, b, c])).toBe('# H\nä 2\n');
    versions.set(a, 3);
    versions.set(c, 2);
    expect(render([a, b, c])).toBe('# H\na 3\nä 2\nc 2\n');
    expect(family.formatted).toBe(3);
    versions.set(b, 5);
    expect(render([a, b, c])).toBe('# H\na 3\nä 5\nc 2\n');
    expect(family.formatted).toBe(4);
    expect(render([c, b])).toBe('# H\nc 2\nä 5\n');
    expect(family.formatted).toBe(4);
  });

  it('formats lines across many slabs (multi-byte text, a line longer than a slab) and copies them back in order', () => {
    const clients = Array.from({ length: 3000 }, (_, i) => client(`клиент-${i}`));
    const big = clients[1234]!;
    const line = (x: ConnectedClient) => (x === big ? `${'é'.repeat(200_000)}\n` : `${x.clientId} ${'ü'.repeat(x.clientId.length * 7)}\n`);
    const family = new ClientRangeFamily();
    const other = new ClientRangeFamily();
    // One scratch for both families in turn, as the renderer does; the other family's first line is larger than a slab.
    const slabs = new LineSlabs();
    const otherLine = (x: ConnectedClient) => (x === clients[0] ? `${'ß'.repeat(150_000)}\n` : `o ${x.clientId}\n`);
    const text = (chunk: ReturnType<ClientRangeFamily['render']>) => Buffer.from(chunkBytesSync(chunk)).toString('utf8');
    const expected = (list: ConnectedClient[], format = line) => `# H\n${list.map(format).join('')}`;
    expect(text(family.render('# H\n', clients, clients.length, { line }, slabs))).toBe(expected(clients));
    expect(text(other.render('# H\n', clients, clients.length, { line: otherLine }, slabs))).toBe(expected(clients, otherLine));
    const changed = [...clients.slice(0, 1000), client('neu'), ...clients.slice(1001)];
    expect(text(family.render('# H\n', changed, 2999, { line }, slabs))).toBe(expected(changed.slice(0, 2999)));
    expect(text(other.render('# H\n', changed, 3000, { line: otherLine }, slabs))).toBe(expected(changed, otherLine));
    expect(family.formatted).toBe(3001);
  });
});
