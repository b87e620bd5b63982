/**
 * The last API answer, kept small: what the next answer is compared with (comparing-receiver.ts).
 *
 * Keeping the answer's bytes held 1.1 MB at 10,000 rich clients (13 MB at 100,000) for the life of the
 * process. What is kept instead:
 *
 * - the answer cut into blocks of ~16 KB (a block never splits a per-request value from the byte after
 *   it), and per block a 64-bit fingerprint of its bytes with the per-request values masked: two
 *   CRC-32s (zlib's, native), one of the block and one of the block with each 8 bytes reversed
 *   (`Buffer#swap64`: a permutation of the bits that CRC-32 is not invariant under). A changed block
 *   passes only if both collide: odds of about 2^-64 for a random change; a change within 4
 *   consecutive bytes is always caught (CRC-32 detects every burst of up to 32 bits). Blocks sit at
 *   fixed offsets, and a longer or shorter answer never matches;
 * - where the per-request values are (value-spans.ts) and their latest bytes, one after another;
 * - the answer itself deflated, on the thread pool (~1/5 of its size: random ids compress poorly), inflated only when an answer
 *   differs: to give back the prefix that matched (it was not stored as it arrived) and to compare
 *   the whole answer once more (unchanged-body.ts).
 */
import { promisify } from 'node:util';
import { crc32, deflateRaw, inflateRaw, type ZlibOptions } from 'node:zlib';
import type { ValueSpans } from './value-spans';

/** The size a block is cut at (then moved so that no per-request value is split). */
export const BLOCK_BYTES = 16 * 1024;
/** What a per-request value's bytes are replaced with before a block is fingerprinted. */
export const MASK = 0x30;

const DEFLATE: ZlibOptions = { level: 1 };
const deflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(deflateRaw);
const inflateRawAsync = promisify<Buffer, Buffer>(inflateRaw);

/** Where each block ends: cuts near every BLOCK_BYTES, moved so that a value span and the byte after it stay in one block. */
export function blockEnds(length: number, spans: ValueSpans, blockBytes = BLOCK_BYTES): Int32Array {
  const { starts, ends } = spans;
  const cuts: number[] = [];
  let i = 0;
  for (let at = 0; at < length; ) {
    let cut = Math.min(length, at + blockBytes);
    while (i < starts.length && ends[i]! < cut) i++;
    // Span i ends at or after the cut: when it starts before it, the cut moves before the span (or after it, when it opens the block).
    if (cut < length && i < starts.length && starts[i]! < cut) cut = starts[i]! > at ? starts[i]! : Math.min(length, ends[i]! + 1);
    cuts.push(cut);
    at = cut;
  }
  return Int32Array.from(cuts);
}

/**
 * The fingerprint of `scratch`'s first `length` bytes (values already masked) into `out` at `at`:
 * CRC-32 of the bytes, and CRC-32 of them zero-padded to a multiple of 8 with each 8 bytes reversed.
 * `scratch` must have room for the padding; it is given back as it was (but for the padding).
 */
export function fingerprint(scratch: Buffer, length: number, out: Uint32Array, at: number): void {
  const padded = scratch.subarray(0, (length + 7) & ~7);
  padded.fill(0, length);
  out[at] = crc32(scratch.subarray(0, length));
  out[at + 1] = crc32(padded.swap64());
  padded.swap64();
}

export class CompactReference {
  readonly length: number;
  /** Where block b ends (it starts where block b - 1 ends). */
  readonly blockEnds: Int32Array;
  /** The latest bytes of each value span, one after another (a matching answer's are copied in as it is compared). */
  readonly values: Buffer;
  /** A block's bytes as they arrive (with room for the fingerprint's padding); one receiver at a time uses it. */
  readonly scratch: Buffer;
  /** The value bytes of one block as they were before a block was compared (restored when it differs). */
  readonly valuesBefore: Buffer;
  private readonly fingerprints: Uint32Array;
  private readonly deflated: Promise<Buffer>;

  /**
   * Takes the answer's `bytes` (kept only until deflated) and the spans of its per-request values
   * (valueSpans; empty when it has none or they are not all numbers: then only the same bytes match).
   * `blockBytes` is for tests.
   */
  constructor(
    bytes: Buffer,
    readonly spans: ValueSpans,
    blockBytes = BLOCK_BYTES,
  ) {
    this.length = bytes.length;
    this.blockEnds = blockEnds(bytes.length, spans, blockBytes);
    let largest = 0;
    let valueBytes = 0;
    for (let b = 0, from = 0; b < this.blockEnds.length; from = this.blockEnds[b++]!) largest = Math.max(largest, this.blockEnds[b]! - from);
    for (let i = 0; i < spans.starts.length; i++) valueBytes += spans.ends[i]! - spans.starts[i]!;
    this.scratch = Buffer.allocUnsafe((largest + 7) & ~7);
    this.valuesBefore = Buffer.allocUnsafe(largest);
    this.values = Buffer.allocUnsafe(valueBytes);
    this.fingerprints = new Uint32Array(2 * this.blockEnds.length);
    let span = 0;
    let value = 0;
    for (let b = 0, from = 0; b < this.blockEnds.length; from = this.blockEnds[b++]!) {
      const end = this.blockEnds[b]!;
      bytes.copy(this.scratch, 0, from, end);
      for (; span < spans.starts.length && spans.starts[span]! < end; span++) {
        const s = spans.starts[span]! - from;
        const e = spans.ends[span]! - from;
        value += this.scratch.copy(this.values, value, s, e);
        this.scratch.fill(MASK, s, e);
      }
      fingerprint(this.scratch, end - from, this.fingerprints, 2 * b);
    }
    this.deflated = deflateRawAsync(bytes, DEFLATE);
    // Awaited by bytes(); never left unhandled meanwhile.
    this.deflated.catch(() => undefined);
  }

  /** Whether the fingerprint of `scratch`'s first bytes (block `b`, values masked) is block b's. */
  matches(b: number, length: number, work: Uint32Array): boolean {
    fingerprint(this.scratch, length, work, 0);
    return work[0] === this.fingerprints[2 * b] && work[1] === this.fingerprints[2 * b + 1];
  }

  /** The answer, with the latest value bytes in its spans (a fresh buffer the caller may change). */
  async bytes(): Promise<Buffer> {
    const bytes = await inflateRawAsync(await this.deflated);
    const { starts, ends } = this.spans;
    for (let i = 0, value = 0; i < starts.length; i++) value += this.values.copy(bytes, starts[i]!, value, value + ends[i]! - starts[i]!);
    return bytes;
  }
}
