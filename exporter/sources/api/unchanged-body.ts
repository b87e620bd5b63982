/**
 * Skips the decode, JSON.parse and validation of an API answer that did not change.
 *
 * Every scrape polls `/api/health` and `/api/clients`, and almost always the fleet is the same as at
 * the last poll. The bytes are compared with the last answer first: the same bytes give the same
 * result object back (the same identity, so the fleet state can skip its diff too, see
 * exporter/state/client-snapshot.ts). The rich shape carries a per-request field, `uptime_seconds`,
 * whose value changes every second in every entry; those numbers are skipped in the comparison, since
 * nothing the exporter reads depends on them.
 *
 * The comparison runs in native slices (Buffer.indexOf / Buffer.compare between the skipped values)
 * and yields to the event loop every few thousand of them, so a 100,000-client answer never holds
 * the loop for long.
 */

/** The object key whose numeric values change per request and are not read by the exporter. */
const PER_REQUEST_KEY = Buffer.from('"uptime_seconds":');
/** Values walked between two yields to the event loop (well under 1 ms of work). */
const VALUES_PER_SLICE = 5000;
/** Answers smaller than this are not worth keeping a buffer for. */
const SPARE_MIN_BYTES = 256 * 1024;

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** The end of the JSON number at `start` (after optional whitespace), or -1 when there is none. */
export function endOfJsonNumber(bytes: Buffer, start: number): number {
  let i = start;
  while (WHITESPACE.has(bytes[i] ?? -1)) i++;
  if (bytes[i] === 0x2d) i++; // -
  if (bytes[i] === 0x30) i++;
  else if (isDigit(bytes[i])) while (isDigit(bytes[i])) i++;
  else return -1;
  if (bytes[i] === 0x2e) {
    i++;
    if (!isDigit(bytes[i])) return -1;
    while (isDigit(bytes[i])) i++;
  }
  if (bytes[i] === 0x65 || bytes[i] === 0x45) {
    i++;
    if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
    if (!isDigit(bytes[i])) return -1;
    while (isDigit(bytes[i])) i++;
  }
  return i;
}

/** Where the per-request values of one answer are: each starts right after the key and ends at `ends[i]`. */
export interface ValueSpans {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** The spans of the numbers after `key` in `bytes`, or undefined when one is not a number. */
export function valueSpans(bytes: Buffer, key: Buffer = PER_REQUEST_KEY): ValueSpans | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let at = bytes.indexOf(key); at !== -1; at = bytes.indexOf(key, at + key.length)) {
    const end = endOfJsonNumber(bytes, at + key.length);
    if (end === -1) return undefined;
    starts.push(at + key.length);
    ends.push(end);
  }
  return { starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/**
 * When `b` is `a` with other JSON numbers in a's value spans (every byte outside them the same),
 * answers where b's numbers are; else undefined. Walks the spans in JavaScript (finding each of b's
 * numbers where a's layout puts it) and copies b's digits over a's when they have the same length, so
 * the bytes between can be compared natively in a few long runs instead of one call per client. `a`
 * is the reference answer, whose numbers in those spans are never read: overwriting them changes
 * nothing it decoded to. Yields every VALUES_PER_SLICE spans.
 *
 * The caller makes `b` the reference next (with the spans answered): a number that got longer (an
 * uptime passing 99 → 100) costs one run of per-client compares, not one at every later poll.
 */
export async function sameExceptValues(a: Buffer, spans: ValueSpans, b: Buffer): Promise<ValueSpans | undefined> {
  const count = spans.starts.length;
  const bSpans: ValueSpans = { starts: new Int32Array(count), ends: new Int32Array(count) };
  // The run not compared yet starts at ia in a and ib in b; a byte of a at x sits in b at x + shift.
  let ia = 0;
  let ib = 0;
  let shift = 0;
  for (let i = 0; i < count; i++) {
    const start = spans.starts[i]!;
    const end = spans.ends[i]!;
    const bStart = start + shift;
    const bEnd = bStart <= b.length ? endOfJsonNumber(b, bStart) : -1;
    if (bEnd === -1) return undefined;
    bSpans.starts[i] = bStart;
    bSpans.ends[i] = bEnd;
    if (bEnd - bStart === end - start) {
      for (let k = 0; k < end - start; k++) a[start + k] = b[bStart + k]!;
    } else {
      // A number of another length: compare the run up to it, continue after it.
      if (a.compare(b, ib, bStart, ia, start) !== 0) return undefined;
      ia = end;
      ib = bEnd;
      shift += bEnd - bStart - (end - start);
    }
    if ((i + 1) % VALUES_PER_SLICE === 0) await yieldToLoop();
  }
  const same = a.length - ia === b.length - ib && a.compare(b, ib, b.length, ia, a.length) === 0;
  return same ? bSpans : undefined;
}

/** How the answers were handled since start (tests and the bench read these). */
export interface DecodeCounts {
  /** Decoded, parsed and validated. */
  parsed: number;
  /** The same bytes as the last answer. */
  identical: number;
  /** The same except for per-request values (e.g. uptime_seconds). */
  sameExceptPerRequest: number;
}

/** Remembers one endpoint's last answer and what it decoded to. */
export class UnchangedBodyCache<T> {
  /** The last answer received and what it decoded to (the result of the last one decoded, when it differed only in per-request values). */
  private last: { bytes: Buffer; result: T; spans: ValueSpans | undefined | null } | undefined;
  readonly counts: DecodeCounts = { parsed: 0, identical: 0, sameExceptPerRequest: 0 };
  /** A large buffer no answer refers to any more, for the next answer to be received into. */
  private spare: Buffer | undefined;

  /** The spare buffer, handed out once (the caller gives it back by passing its answer to resolve). */
  takeSpare(): Buffer | undefined {
    const spare = this.spare;
    this.spare = undefined;
    return spare;
  }

  /** The result for `bytes`: the last one when the answer did not change, else `decode(bytes)` (which may throw or reject). */
  async resolve(bytes: Buffer, decode: (bytes: Buffer) => T | Promise<T>): Promise<T> {
    const last = this.last;
    if (last) {
      if (last.bytes.equals(bytes)) {
        this.counts.identical++;
        this.keepSpare(bytes);
        return last.result;
      }
      // Found once per reference answer (null: it has no per-request values, or a malformed one).
      if (last.spans === undefined) last.spans = valueSpans(last.bytes) ?? null;
      const spans = last.spans !== null && last.spans.starts.length > 0 ? await sameExceptValues(last.bytes, last.spans, bytes) : undefined;
      if (spans) {
        // The new answer becomes the reference (its numbers are the nearest to the next answer's).
        this.counts.sameExceptPerRequest++;
        this.last = { bytes, result: last.result, spans };
        this.keepSpare(last.bytes);
        return last.result;
      }
    }
    // A failed decode forgets the last answer: the next one is decoded again.
    this.last = undefined;
    if (last) this.keepSpare(last.bytes);
    const result = await decode(bytes);
    this.counts.parsed++;
    this.last = { bytes, result, spans: undefined };
    return result;
  }

  /**
   * Keeps the memory of an answer nothing refers to any more. Only a large buffer that owns its whole
   * ArrayBuffer qualifies (small ones share Node's allocation pool with other data).
   */
  private keepSpare(bytes: Buffer): void {
    const whole = bytes.buffer;
    if (bytes.byteOffset !== 0 || whole.byteLength < SPARE_MIN_BYTES || !(whole instanceof ArrayBuffer)) return;
    if (this.spare === undefined || this.spare.byteLength < whole.byteLength) this.spare = Buffer.from(whole);
  }
}
