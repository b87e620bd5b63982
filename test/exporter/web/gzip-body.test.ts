/**
 * /metrics content negotiation (issue 15): gzip when the scraper accepts it (Prometheus always sends
 * `Accept-Encoding: gzip`), identity otherwise, and the gzip body decodes to exactly the identity body.
 * The compressed families are cached per chunk: a second scrape of unchanged chunks compresses nothing
 * again. Real HTTP on loopback; Node's gunzip checks the CRC-32 and length in the trailer.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../exporter/logging';
import { buildInfo } from '../../../exporter/metrics/build-info';
import { PackedChunk } from '../../../exporter/metrics/packed-chunk';
import { createApp } from '../../../exporter/web/app';
import { GzipBody, X2N, compressionParts, crc32Combine, multModP } from '../../../exporter/web/gzip-body';
import { LARGE_CHUNK_BYTES } from '../../../exporter/metrics/packed-chunk';

// A small family, a large one (compressed on the thread pool), an empty one, non-ASCII text, and a
// large one kept compressed once compressed (a per-client family: metrics/packed-chunk.ts).
const chunks = [
  Buffer.from('# HELP a_total A.\n# TYPE a_total counter\na_total 1\n'),
  Buffer.from(Array.from({ length: 5000 }, (_, i) => `b{client_id="client-${i}",platform="wïndows"} 1\n`).join('')),
  Buffer.alloc(0),
  Buffer.from('c 3\n'),
];
const packedText = Buffer.from(Array.from({ length: 4000 }, (_, i) => `d{client_id="клиент-${i}"} ${i}\n`).join(''));
const served = [...chunks, new PackedChunk(Buffer.from(packedText))];
const processMetrics = '# HELP p A process metric.\n# TYPE p gauge\np 1\n';
const identityBody = Buffer.concat([...chunks, packedText]).toString('utf8');

let server: Server;
let port = 0;
beforeAll(async () => {
  const app = createApp({
    telemetryPath: '/metrics',
    refresh: async () => undefined,
    renderCatalogue: () => served,
    processMetrics: () => processMetrics,
    isReady: () => true,
    build: buildInfo(),
    logger: silentLogger,
  });
  server = createServer(app).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function scrape(acceptEncoding: string | undefined): Promise<{ encoding: string | undefined; vary: string | undefined; length: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    request({ host: '127.0.0.1', port, path: '/metrics', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({ encoding: res.headers['content-encoding'], vary: res.headers.vary, length: Number(res.headers['content-length']), body: Buffer.concat(parts) }),
      );
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('/metrics encoding', () => {
  it.each([
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'gzip'],
    ['*', 'gzip'],
    [undefined, undefined],
    ['identity', undefined],
    ['gzip;q=0', undefined],
    ['deflate', undefined],
  ])('Accept-Encoding %s → Content-Encoding %s', async (accept, expected) => {
    const res = await scrape(accept);
    expect(res.encoding).toBe(expected);
    expect(res.vary).toBe('Accept-Encoding');
    expect(res.length).toBe(res.body.length);
    const text = (expected === 'gzip' ? gunzipSync(res.body) : res.body).toString('utf8');
    expect(text).toBe(identityBody + processMetrics);
  });

  it('the gzip body is smaller than the identity body', async () => {
    const [gzip, identity] = [await scrape('gzip'), await scrape(undefined)];
    expect(gzip.body.length).toBeLessThan(identity.body.length / 5);
  });
});

describe('GzipBody', () => {
  it('compresses a large chunk once and reuses it while the chunk is the same object; small ones are grouped', async () => {
    const body = new GzipBody();
    const first = await body.gzip(chunks);
    const changed = Buffer.from('c 4\n');
    const second = await body.gzip([chunks[0]!, chunks[1]!, chunks[2]!, changed]);
    // header, the small first chunk, the large chunk, the small ones after it, final block, trailer
    expect(second).toHaveLength(6);
    expect(second[2]).toBe(first[2]);
    expect(second[3]).not.toBe(first[3]);
    expect(gunzipSync(Buffer.concat(second)).toString('utf8')).toBe(Buffer.concat([...chunks.slice(0, 3), changed]).toString('utf8'));
    const otherLarge = Buffer.from(chunks[1]!);
    expect((await body.gzip([otherLarge]))[1]).not.toBe(first[2]);
  });

  it('compresses a run of small chunks now, even when it adds up past the large-chunk size (a small fleet\'s whole body)', async () => {
    const small = Array.from({ length: 3 }, (_, i) => Buffer.alloc(LARGE_CHUNK_BYTES / 2, `s${i} 1\n`));
    const parts = compressionParts([...small, chunks[1]!, chunks[0]!, new PackedChunk(Buffer.from(packedText))]);
    expect(parts.map((p) => [p.how, p.chunk.byteLength])).toEqual([
      ['now', 3 * (LARGE_CHUNK_BYTES / 2)],
      ['large', chunks[1]!.byteLength],
      ['now', chunks[0]!.byteLength],
      ['packed', packedText.byteLength],
    ]);
    const body = await new GzipBody().gzip(small);
    expect(gunzipSync(Buffer.concat(body)).equals(Buffer.concat(small))).toBe(true);
  });

  it('combines CRC-32s as the CRC-32 of the concatenation', () => {
    for (const [a, b] of [
      [randomBytes(1000), randomBytes(3)],
      [randomBytes(0), randomBytes(70_000)],
      [randomBytes(5), randomBytes(0)],
      [Buffer.from('hello '), Buffer.from('world')],
    ] as const)
      expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])));
  });

  it('has the table of x^(2^k) mod P it is defined by (x, then each entry squared)', () => {
    const expected = [0x40000000];
    while (expected.length < 32) expected.push(multModP(expected.at(-1)!, expected.at(-1)!));
    expect(X2N).toEqual(expected);
    // multModP against a plain shift-and-reduce multiplication by x: x · p = p shifted once.
    for (const p of [0x80000000, 0x12345678, 0xedb88320]) expect(multModP(0x40000000, p)).toBe(p & 1 ? ((p >>> 1) ^ 0xedb88320) >>> 0 : p >>> 1);
  });
});
