/**
 * Bytes in arbitrary chunks → complete lines. Lines are found on the bytes (a `\n` byte never occurs
 * inside a UTF-8 sequence) and each complete line is decoded on its own, so a character split across
 * chunks (emoji are four bytes) is decoded only once whole. Per-line decoding is also ~3× faster than
 * decoding whole chunks, and keeps ASCII-only lines one-byte strings (cheaper to match). A partial
 * last line waits for its newline; `\r\n` is accepted. A line longer than `maxLineBytes` is dropped
 * whole (reported once) instead of growing the buffer without bound.
 */
import { utf8 } from './byte-scan';

export interface LineHandler {
  line(text: string): void;
  /**
   * When present, complete lines are handed over undecoded instead of to `line`: the UTF-8 bytes
   * `bytes[start, end)` (without the newline and a `\r` before it), valid only during the call.
   */
  lineBytes?(bytes: Buffer, start: number, end: number): void;
  /** A line over the limit was dropped. */
  tooLong(): void;
}

const LF = 10;
const CR = 13;
const NO_BYTES = Buffer.alloc(0);

export class LineSplitter {
  /**
   * A copy of the bytes of the unfinished last line (chunks are reused by the caller); empty when none.
   * One Buffer, never an array of them: a new splitter's empty array (small integers as far as V8 knows)
   * deoptimised the push code optimised for an earlier splitter's array of Buffers.
   */
  private carry: Buffer = NO_BYTES;
  /** Inside an over-long line: drop bytes until its newline. */
  private discarding = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly handler: LineHandler,
  ) {}

  /** Feeds a chunk; returns how many lines were completed. The chunk may be reused after return. */
  push(input: Uint8Array): number {
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    let lines = 0;
    let start = 0;
    let nl = chunk.indexOf(LF);
    // `discarding` read first: both are then read on every chunk (V8 had no feedback for a read made only on a file's first chunk).
    if (nl >= 0 && (this.discarding || this.carry.length > 0)) {
      // The first newline completes the carried line.
      if (this.discarding) this.discarding = false;
      else if (this.carry.length + nl > this.maxLineBytes) this.handler.tooLong();
      else this.deliver(Buffer.concat([this.carry, chunk.subarray(0, nl)]), 0, this.carry.length + nl);
      this.carry = NO_BYTES;
      lines++;
      start = nl + 1;
      nl = chunk.indexOf(LF, start);
    }
    for (; nl >= 0; nl = chunk.indexOf(LF, start)) {
      if (nl - start > this.maxLineBytes) this.handler.tooLong();
      else this.deliver(chunk, start, nl);
      lines++;
      start = nl + 1;
    }
    if (start < chunk.length && !this.discarding) this.keep(chunk.subarray(start));
    return lines;
  }

  /** End of a file (it was rotated away): a last line without newline is still a line. Returns 0 or 1. */
  flush(): number {
    const rest = this.carry.length > 0 ? this.carry : undefined;
    this.reset();
    if (!rest) return 0;
    this.deliver(rest, 0, rest.length);
    return 1;
  }

  /** Forget any partial line (the file was truncated under it). */
  reset(): void {
    this.carry = NO_BYTES;
    this.discarding = false;
  }

  private keep(tail: Buffer): void {
    if (this.carry.length + tail.length > this.maxLineBytes) {
      this.carry = NO_BYTES;
      this.discarding = true;
      this.handler.tooLong();
      return;
    }
    // A copy: the caller reuses its buffer. (A line over several chunks is rare: its copies stay under maxLineBytes.)
    this.carry = this.carry.length === 0 ? Buffer.from(tail) : Buffer.concat([this.carry, tail]);
  }

  private deliver(bytes: Buffer, start: number, end: number): void {
    const stop = end > start && bytes[end - 1] === CR ? end - 1 : end;
    if (this.handler.lineBytes) this.handler.lineBytes(bytes, start, stop);
    else this.handler.line(utf8(bytes, start, stop));
  }
}
