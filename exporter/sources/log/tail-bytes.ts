/**
 * The last bytes the tailer read from a file (up to TAIL_BYTES), kept across chunks. When they are no
 * longer the bytes just before its position, the file was rewritten under it (copytruncate refilled
 * past that position): tailer.ts.
 */
export const TAIL_BYTES = 64;

export class TailBytes {
  private readonly bytes = Buffer.alloc(TAIL_BYTES);
  private kept = 0;

  /** How many bytes are kept (0 before anything was read). */
  get length(): number {
    return this.kept;
  }

  clear(): void {
    this.kept = 0;
  }

  /** Remembers the end of `chunk`, the bytes just read (with the earlier ones when the chunk is short). */
  remember(chunk: Buffer): void {
    const keep = Math.min(TAIL_BYTES, chunk.length);
    if (keep === TAIL_BYTES || this.kept === 0) {
      chunk.copy(this.bytes, 0, chunk.length - keep);
      this.kept = keep;
      return;
    }
    // A short chunk: shift the old tail left and append, keeping at most TAIL_BYTES.
    const total = Math.min(TAIL_BYTES, this.kept + keep);
    const fromOld = total - keep;
    this.bytes.copy(this.bytes, 0, this.kept - fromOld, this.kept);
    chunk.copy(this.bytes, fromOld, chunk.length - keep);
    this.kept = total;
  }

  /** `other` begins with the kept bytes. */
  beginsWith(other: Buffer): boolean {
    return other.length >= this.kept && other.compare(this.bytes, 0, this.kept, 0, this.kept) === 0;
  }

  /** A copy of the kept bytes (to remember a file left behind). */
  copy(): Buffer {
    return Buffer.from(this.bytes.subarray(0, this.kept));
  }

  /** Takes `tail` (from `copy`) as the kept bytes. */
  restore(tail: Buffer): void {
    tail.copy(this.bytes);
    this.kept = Math.min(tail.length, TAIL_BYTES);
  }
}
