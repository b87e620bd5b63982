/**
 * Skips the decode, JSON.parse and validation of an API answer that did not change.
 *
 * Every scrape polls `/api/health` and `/api/clients`, and almost always the fleet is the same as at
 * the last poll. The bytes are compared with the last answer first: the same bytes give the same
 * result object back (the same identity, so the fleet state can skip its diff too, see
 * ClientTracker.applySnapshot). The rich shape carries a per-request field, `uptime_seconds`, whose
 * value changes every second in every entry; those numbers are skipped in the comparison, since
 * nothing the exporter reads depends on them.
 *
 * The comparison runs in native slices (Buffer.indexOf / Buffer.compare between the skipped values)
 * and yields to the event loop every few thousand of them, so a 100,000-client answer never holds
 * the loop for long.
 */

/** Object keys whose numeric values change per request and are not read by the exporter. */
const PER_REQUEST_KEYS = [Buffer.from('"uptime_seconds":')];
/** Skipped values compared between two yields to the event loop. */
const VALUES_PER_SLICE = 4000;

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

function sameRange(a: Buffer, aStart: number, aEnd: number, b: Buffer, bStart: number, bEnd: number): boolean {
  return aEnd - aStart === bEnd - bStart && a.compare(b, bStart, bEnd, aStart, aEnd) === 0;
}

/**
 * True when `a` and `b` are byte for byte the same except for the numbers after `key`
 * (both sides must have a valid JSON number there). Yields every VALUES_PER_SLICE values.
 */
export async function sameExceptValuesOf(a: Buffer, b: Buffer, key: Buffer): Promise<boolean> {
  let ia = 0;
  let ib = 0;
  for (let n = 1; ; n++) {
    const ka = a.indexOf(key, ia);
    const kb = b.indexOf(key, ib);
    if (ka === -1 || kb === -1) return ka === kb && sameRange(a, ia, a.length, b, ib, b.length);
    if (!sameRange(a, ia, ka + key.length, b, ib, kb + key.length)) return false;
    ia = endOfJsonNumber(a, ka + key.length);
    ib = endOfJsonNumber(b, kb + key.length);
    if (ia === -1 || ib === -1) return false;
    if (n % VALUES_PER_SLICE === 0) await yieldToLoop();
  }
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
  private last: { bytes: Buffer; result: T } | undefined;
  readonly counts: DecodeCounts = { parsed: 0, identical: 0, sameExceptPerRequest: 0 };

  /** The result for `bytes`: the last one when the answer did not change, else `decode(bytes)` (which may throw). */
  async resolve(bytes: Buffer, decode: (bytes: Buffer) => T): Promise<T> {
    const last = this.last;
    if (last) {
      if (last.bytes.equals(bytes)) {
        this.counts.identical++;
        return last.result;
      }
      if (await this.sameExceptPerRequest(last.bytes, bytes)) {
        this.counts.sameExceptPerRequest++;
        // The newest bytes are kept: the next answer differs from them by less.
        this.last = { bytes, result: last.result };
        return last.result;
      }
    }
    // A failed decode forgets the last answer: the next one is decoded again.
    this.last = undefined;
    const result = decode(bytes);
    this.counts.parsed++;
    this.last = { bytes, result };
    return result;
  }

  private async sameExceptPerRequest(a: Buffer, b: Buffer): Promise<boolean> {
    for (const key of PER_REQUEST_KEYS) if (a.indexOf(key) !== -1 && (await sameExceptValuesOf(a, b, key))) return true;
    return false;
  }
}
