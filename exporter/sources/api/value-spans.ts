/**
 * Where an API answer's per-request values are, and whether two answers differ only in them.
 *
 * The rich shape carries `uptime_seconds`, whose value changes every second in every entry; nothing
 * the exporter reads depends on it, so two answers that differ only in those numbers are the same
 * fleet (unchanged-body.ts, comparing-receiver.ts).
 */

/** The object key whose numeric values change per request and are not read by the exporter. */
const PER_REQUEST_KEY = Buffer.from('"uptime_seconds":');
/** Values walked between two yields to the event loop (well under 1 ms of work). */
const VALUES_PER_SLICE = 5000;

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
