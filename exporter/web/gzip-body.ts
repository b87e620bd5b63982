/**
 * The /metrics body gzip-compressed, without compressing it again at every scrape.
 *
 * The renderer hands out one chunk per metric family and the same Buffer object for as long as a
 * family is unchanged (metrics/renderer.ts). Each chunk is compressed once, as raw deflate ended with a
 * sync flush (byte-aligned, so compressed chunks can follow one another), and remembered with its
 * CRC-32 in a WeakMap keyed by the chunk: a scrape of an unchanged fleet only compresses the few small
 * families that change at every scrape and stitches one gzip member together — a header, the deflate
 * parts, an empty final block, and the CRC-32 of the whole body combined from the parts' CRCs.
 *
 * Only large chunks (the per-client families, ≥ 16 KiB) are cached, and compressed on the libuv
 * thread pool so the event loop stays free while a changed fleet's 10 MB family is compressed; the
 * per-client families come as packed chunks (metrics/packed-chunk.ts) that keep their compressed form
 * themselves and let their text go once it is compressed. Runs of
 * small chunks (most families, several of which change at every scrape) are compressed together, once
 * per scrape: one small deflate instead of one per family.
 */
import { constants, crc32, deflateRawSync, type ZlibOptions } from 'node:zlib';
import { compressLarge, LARGE_CHUNK_BYTES, PackedChunk, type CompressedChunk, type MetricsChunk } from '../metrics/packed-chunk';

const DEFLATE_SMALL: ZlibOptions = { level: 6, finishFlush: constants.Z_SYNC_FLUSH };

/** gzip header: magic, deflate, no flags, no mtime, no extra flags, OS unknown (RFC 1952). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
/** An empty final deflate block with fixed codes: BFINAL=1, BTYPE=01, end-of-block. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

// CRC-32 combination (as zlib's crc32_combine): polynomial arithmetic modulo the CRC polynomial,
// bit-reflected. crc(A ‖ B) = crc(A) · x^(8·|B|) ⊕ crc(B).
const POLY = 0xedb88320;
const X0 = 0x80000000; // x^0, reflected

export function multModP(a: number, b: number): number {
  let product = 0;
  for (let m = X0; m !== 0; m >>>= 1) {
    if (a & m) product ^= b;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return product >>> 0;
}

/**
 * X2N[k] = x^(2^k) mod P, i.e. X2N[0] = x and X2N[k + 1] = multModP(X2N[k], X2N[k]). Written out, not
 * computed at load: the 1,000-iteration loop made V8 optimise multModP with TurboFan during every
 * start-up, which pages ~3.5 MB of the optimising compiler's code into the idle process (bench/NOTES.md;
 * the test checks the table against its definition).
 */
export const X2N: readonly number[] = [
  0x40000000, 0x20000000, 0x08000000, 0x00800000, 0x00008000, 0xedb88320, 0xb1e6b092, 0xa06a2517, 0xed627dae, 0x88d14467, 0xd7bbfe6a, 0xec447f11, 0x8e7ea170,
  0x6427800e, 0x4d47bae0, 0x09fe548f, 0x83852d0f, 0x30362f1a, 0x7b5a9cc3, 0x31fec169, 0x9fec022a, 0x6c8dedc4, 0x15d6874d, 0x5fde7a4e, 0xbad90e37, 0x2e4e5eef,
  0x4eaba214, 0xa8a472c0, 0x429a969e, 0x148d302a, 0xc40ba6d0, 0xc4e22c3c,
];

/** x^(8·n) mod P. */
function shiftBytes(n: number): number {
  let p = X0;
  for (let k = 3; n > 0; n = Math.floor(n / 2), k++) if (n % 2 === 1) p = multModP(X2N[k % 32]!, p);
  return p;
}

/** The CRC-32 of A ‖ B from crc(A), crc(B) and the length of B. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multModP(shiftBytes(lengthB), crcA) ^ crcB) >>> 0;
}

export class GzipBody {
  private readonly compressed = new WeakMap<Uint8Array, Promise<CompressedChunk>>();

  /** One gzip member holding the chunks in order, as chunks to write. */
  async gzip(chunks: readonly MetricsChunk[]): Promise<Buffer[]> {
    const parts = await Promise.all(
      compressionParts(chunks).map((part) => (part.how === 'packed' ? part.chunk.compressed() : part.how === 'large' ? this.compressLarge(part.chunk) : compressNow(part.chunk))),
    );
    let crc = 0;
    let length = 0;
    const out: Buffer[] = [GZIP_HEADER];
    for (const part of parts) {
      crc = crc32Combine(crc, part.crc, part.length);
      length += part.length;
      out.push(part.deflated);
    }
    const trailer = Buffer.allocUnsafe(8);
    trailer.writeUInt32LE(crc, 0);
    trailer.writeUInt32LE(length % 2 ** 32, 4);
    out.push(FINAL_BLOCK, trailer);
    return out;
  }

  private compressLarge(chunk: Uint8Array): Promise<CompressedChunk> {
    let part = this.compressed.get(chunk);
    if (!part) {
      part = compressLarge(chunk);
      this.compressed.set(chunk, part);
      part.catch(() => this.compressed.delete(chunk));
    }
    return part;
  }
}

function compressNow(chunk: Uint8Array): Promise<CompressedChunk> {
  return Promise.resolve({ deflated: deflateRawSync(chunk, DEFLATE_SMALL), crc: crc32(chunk), length: chunk.byteLength });
}

export type BodyPart = { readonly how: 'packed'; readonly chunk: PackedChunk } | { readonly how: 'large' | 'now'; readonly chunk: Uint8Array };

/**
 * How each part of the body is compressed: a packed chunk keeps its own compressed form, a large chunk
 * is compressed on the thread pool and cached while it is the same object, and each run of adjacent
 * small chunks is joined and compressed now (level 6, on the event loop: small by construction). A run is
 * compressed now even when it adds up past LARGE_CHUNK_BYTES: it is a new buffer at every scrape, so
 * caching it would only cost a thread-pool round trip and a level-9 deflate's set-up per scrape (a 10-client
 * fleet's whole body is one such run of ~18 KB).
 */
export function compressionParts(chunks: readonly MetricsChunk[]): BodyPart[] {
  const out: BodyPart[] = [];
  let run: Uint8Array[] = [];
  const flush = (): void => {
    if (run.length > 0) out.push({ chunk: run.length === 1 ? run[0]! : Buffer.concat(run), how: 'now' });
    run = [];
  };
  for (const chunk of chunks) {
    if (chunk instanceof PackedChunk || chunk.byteLength >= LARGE_CHUNK_BYTES) flush();
    if (chunk instanceof PackedChunk) out.push({ how: 'packed', chunk });
    else if (chunk.byteLength >= LARGE_CHUNK_BYTES) out.push({ how: 'large', chunk });
    else run.push(chunk);
  }
  flush();
  return out;
}
