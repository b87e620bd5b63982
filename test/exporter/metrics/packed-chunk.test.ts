/**
 * A packed chunk (exporter/metrics/packed-chunk.ts) gives back exactly its text before and after it
 * was compressed, compresses once, and its compressed form is a gzip part that decodes to the text.
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chunkBytesSync, PackedChunk } from '../../../exporter/metrics/packed-chunk';
import { GzipBody } from '../../../exporter/web/gzip-body';

const text = Buffer.from(Array.from({ length: 3000 }, (_, i) => `ufo_client_info{client_id="gerät-${i}",platform="linux"} 1\n`).join(''));

describe('PackedChunk', () => {
  it('gives back its text, as it was, before and after it is compressed', async () => {
    const chunk = new PackedChunk(Buffer.from(text));
    expect(chunk.bytesSync().equals(text)).toBe(true);
    expect(chunk.bytesSync()).toBe(chunk.bytesSync()); // the text itself, kept
    const first = await chunk.compressed();
    expect(await chunk.compressed()).toBe(first);
    expect(first.length).toBe(text.byteLength);
    expect(first.deflated.byteLength).toBeLessThan(text.byteLength / 5);
    // Now inflated from the compressed form: equal, but no longer the object it was made from.
    expect(chunk.bytesSync().equals(text)).toBe(true);
    expect(chunk.bytesSync()).not.toBe(chunk.bytesSync()); // the text was let go: inflated at each ask
    expect((await chunk.bytes()).equals(text)).toBe(true);
    expect(chunk.byteLength).toBe(text.byteLength);
    expect(Buffer.from(chunkBytesSync(chunk)).equals(text)).toBe(true);
  });

  it('is one part of a gzip body that decodes to the texts in order', async () => {
    const head = Buffer.from('# HELP x X.\n# TYPE x gauge\nx 1\n');
    const body = await new GzipBody().gzip([head, new PackedChunk(Buffer.from(text)), head]);
    expect(gunzipSync(Buffer.concat(body)).equals(Buffer.concat([head, text, head]))).toBe(true);
  });
});
