/**
 * Scans over a log line's bytes (LogParser.parseBytes), so the record's framing — time, logger,
 * level — is found without decoding it. Only ASCII bytes are looked for, and those never occur
 * inside a UTF-8 sequence, so a match is always at a character boundary.
 */
const SPACE = 32;
const DASH = 45;

/** Index of the byte after the first space in `bytes[from, end)`, or -1. */
export function afterSpace(bytes: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) if (bytes[i] === SPACE) return i + 1;
  return -1;
}

/**
 * Index of the next ` - ` in `bytes[from, end)`, or -1. ASCII, so never inside a UTF-8 sequence. Horspool's skip
 * over the window's last byte: a byte that is neither a space nor a dash cannot be in a separator, so the next
 * window starts after it (a logger name is read a third of its bytes at a time); a dash may be a separator's
 * middle (one byte on), a space its start (two on).
 */
export function separatorAt(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i + 2 < end) {
    const last = bytes[i + 2];
    if (last === SPACE) {
      if (bytes[i + 1] === DASH && bytes[i] === SPACE) return i;
      i += 2;
    } else i += last === DASH ? 1 : 3;
  }
  return -1;
}

/**
 * End of the token at `from` (printable ASCII up to a space), or -1 when it is empty, holds anything else
 * or runs to `end`: fast-lines.ts `tokenEnd` on the bytes (the byte readers' ids, callers and paths).
 */
export function tokenEnd(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c === SPACE) break;
    if (c < 33 || c > 126) return -1;
  }
  return i === from || i === end ? -1 : i;
}

/** `bytes[at, end)` begins with `expected`. */
export function bytesAre(bytes: Uint8Array, at: number, end: number, expected: ArrayLike<number>): boolean {
  if (end - at < expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[at + i] !== expected[i]) return false;
  return true;
}

/**
 * `bytes[start, end)` decoded as UTF-8. `toString` without an encoding name goes to the UTF-8 decoder
 * straight away (with one it first looks the name up): ~20 % less per call, and the parser decodes
 * about one part of every line.
 */
export function utf8(bytes: Buffer, start: number, end: number): string {
  return bytes.toString(undefined, start, end);
}
