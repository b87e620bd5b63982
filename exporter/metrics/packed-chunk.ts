/**
 * A large part of the /metrics body (a per-client family: megabytes at 100,000 clients) that, once
 * compressed, keeps only its compressed form.
 *
 * Prometheus always asks for gzip, so between fleet changes the text itself is needed only for a
 * scrape without gzip and for rebuilding the family after a change (client-ranges.ts); both inflate
 * it again (a few ms per MB). Kept as text, the two per-client families were ~22 MB of the exporter's
 * memory at 100,000 clients; compressed they are ~0.5 MB (bench/NOTES.md, issue 15r).
 *
 * The compressed form is raw deflate ended with a sync flush (byte-aligned, no final block), so parts
 * can follow one another in one gzip member (web/gzip-body.ts), with the CRC-32 and length of the text.
 */
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, inflateRaw, inflateRawSync, type ZlibOptions } from 'node:zlib';

/** One part of a gzip member: its deflate stream and the CRC-32 and length of its text. */
export interface CompressedChunk {
  readonly deflated: Buffer;
  readonly crc: number;
  readonly length: number;
}

/** Chunks this large are compressed alone (on the thread pool) and kept compressed; smaller ones are grouped per scrape. */
export const LARGE_CHUNK_BYTES = 16 * 1024;

// Large chunks are compressed once per change, off the event loop: the best ratio is worth it there.
const DEFLATE_LARGE: ZlibOptions = { level: 9, memLevel: 9, finishFlush: constants.Z_SYNC_FLUSH };
// The parts end with a sync flush, not a final block: inflating one alone must not expect the end of a stream.
const INFLATE_PART: ZlibOptions = { finishFlush: constants.Z_SYNC_FLUSH };

const deflateRawAsync = promisify<Buffer | Uint8Array, ZlibOptions, Buffer>(deflateRaw);
const inflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(inflateRaw);

/** Compresses a large chunk on the thread pool. */
export async function compressLarge(text: Uint8Array): Promise<CompressedChunk> {
  const crc = crc32(text);
  return { deflated: await deflateRawAsync(text, DEFLATE_LARGE), crc, length: text.byteLength };
}

export class PackedChunk {
  /** The text, until its compressed form is ready. */
  private text: Buffer | undefined;
  private compressing: Promise<CompressedChunk> | undefined;
  private packed: CompressedChunk | undefined;
  readonly byteLength: number;

  constructor(text: Buffer) {
    this.text = text;
    this.byteLength = text.byteLength;
  }

  /** The compressed form; compressing it (once) lets the text go. */
  compressed(): Promise<CompressedChunk> {
    if (this.packed) return Promise.resolve(this.packed);
    if (!this.compressing && this.text) {
      this.compressing = compressLarge(this.text).then(
        (packed) => {
          this.packed = packed;
          this.text = undefined;
          return packed;
        },
        (err: unknown) => {
          this.compressing = undefined; // the text is kept: the next scrape tries again
          throw err;
        },
      );
    }
    return this.compressing!;
  }

  /** The text, inflated on the thread pool when only the compressed form is kept (a scrape without gzip). */
  async bytes(): Promise<Buffer> {
    return this.text ?? this.checked(await inflateRawAsync(this.packed!.deflated, INFLATE_PART));
  }

  /** The text, now (rebuilding the family after a change: a few ms per MB on the event loop). */
  bytesSync(): Buffer {
    return this.text ?? this.checked(inflateRawSync(this.packed!.deflated, INFLATE_PART));
  }

  private checked(text: Buffer): Buffer {
    if (text.byteLength !== this.byteLength) throw new Error(`packed metrics chunk: inflated ${text.byteLength} bytes, expected ${this.byteLength}`);
    return text;
  }
}

/** What a scrape writes, in order: text, or a large part that may be kept compressed. */
export type MetricsChunk = Uint8Array | PackedChunk;

/** The text of a chunk (inflated if it is kept compressed). */
export function chunkBytesSync(chunk: MetricsChunk): Uint8Array {
  return chunk instanceof PackedChunk ? chunk.bytesSync() : chunk;
}
