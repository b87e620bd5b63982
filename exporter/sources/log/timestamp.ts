/**
 * Python logging's `%(asctime)s` (`2026-11-21 04:28:27,535`) → Unix seconds.
 *
 * The server writes no timezone, so the time is read as the exporter's LOCAL time (run the exporter
 * with the server's TZ). Lines arrive in time order, so the expensive part — turning the date, hour
 * and minute into epoch milliseconds with the local offset — is done once per minute and cached; the
 * seconds and milliseconds are added from the digits. DST moves offsets only on minute boundaries.
 */

/** Length of `YYYY-MM-DD HH:MM:SS,mmm`. */
export const ASCTIME_LENGTH = 23;
const MINUTE_PREFIX_LENGTH = 16;
const ZERO = 48;

function digit(text: string, at: number): number {
  const d = text.charCodeAt(at) - ZERO;
  return d >= 0 && d <= 9 ? d : NaN;
}

function number(text: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) n = n * 10 + digit(text, i);
  return n;
}

/** Cheap shape check: `dddd-dd-dd dd:dd:dd,ddd` punctuation at the right places. */
export function looksLikeAsctime(line: string): boolean {
  return (
    line.length >= ASCTIME_LENGTH &&
    line.charCodeAt(4) === 45 /* - */ &&
    line.charCodeAt(7) === 45 &&
    line.charCodeAt(10) === 32 /* space */ &&
    line.charCodeAt(13) === 58 /* : */ &&
    line.charCodeAt(16) === 58 &&
    (line.charCodeAt(19) === 44 /* , */ || line.charCodeAt(19) === 46) /* . */
  );
}

/** Byte offsets of the digits of `YYYY-MM-DD HH:MM:SS,mmm`; the other bytes are its punctuation. */
const ASCTIME_PUNCTUATION: readonly number[] = [45, 45, 32, 58, 58]; // - - space : :
const ASCTIME_PUNCTUATION_AT: readonly number[] = [4, 7, 10, 13, 16];

function byteDigit(bytes: Uint8Array, at: number): number {
  const d = bytes[at]! - ZERO;
  return d >= 0 && d <= 9 ? d : NaN;
}

function byteNumber(bytes: Uint8Array, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) n = n * 10 + byteDigit(bytes, i);
  return n;
}

/**
 * `bytes[start…]` begins with an asctime written in ASCII: every digit a digit, every separator in
 * place. Stricter than looksLikeAsctime (which checks only the separators): a line that passes this
 * reads the same as text, so the parser may take its record framing from the bytes.
 */
function isAsciiAsctime(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start < ASCTIME_LENGTH) return false;
  for (let i = 0; i < ASCTIME_PUNCTUATION_AT.length; i++) if (bytes[start + ASCTIME_PUNCTUATION_AT[i]!] !== ASCTIME_PUNCTUATION[i]) return false;
  const comma = bytes[start + 19];
  if (comma !== 44 /* , */ && comma !== 46 /* . */) return false;
  for (let i = 0; i < ASCTIME_LENGTH; i++) {
    if (i === 4 || i === 7 || i === 10 || i === 13 || i === 16 || i === 19) continue;
    const d = bytes[start + i]! - ZERO;
    if (d < 0 || d > 9) return false;
  }
  return true;
}

export class AsctimeParser {
  private cachedPrefix = '';
  /** `cachedPrefix` as bytes (its characters are ASCII), compared with a line's bytes. */
  private readonly cachedPrefixBytes = new Uint8Array(MINUTE_PREFIX_LENGTH);
  private cachedMinuteMs = 0;

  /** Unix seconds of the asctime at the start of `line`, or NaN when it is not a valid time. */
  parse(line: string): number {
    if (!line.startsWith(this.cachedPrefix) || this.cachedPrefix === '') {
      const minuteMs = this.minuteMs(line);
      if (Number.isNaN(minuteMs)) return NaN;
      this.cachePrefix(line.slice(0, MINUTE_PREFIX_LENGTH));
      this.cachedMinuteMs = minuteMs;
    }
    const seconds = number(line, 17, 2);
    const millis = number(line, 20, 3);
    if (!(seconds <= 60) || Number.isNaN(millis)) return NaN;
    return (this.cachedMinuteMs + seconds * 1000 + millis) / 1000;
  }

  /** `parse` for an asctime of ASCII bytes at `start` (isAsciiAsctime): the same number, without decoding the line. */
  private parseBytes(bytes: Uint8Array, start: number): number {
    if (!this.cachedPrefixAt(bytes, start)) {
      // Only the 16 ASCII bytes of the minute are decoded, once per minute of log.
      const prefix = Buffer.from(bytes.buffer, bytes.byteOffset + start, MINUTE_PREFIX_LENGTH).toString('latin1');
      const minuteMs = this.minuteMs(prefix);
      if (Number.isNaN(minuteMs)) return NaN;
      this.cachePrefix(prefix);
      this.cachedMinuteMs = minuteMs;
    }
    const seconds = byteNumber(bytes, start + 17, 2);
    const millis = byteNumber(bytes, start + 20, 3);
    if (!(seconds <= 60) || Number.isNaN(millis)) return NaN;
    return (this.cachedMinuteMs + seconds * 1000 + millis) / 1000;
  }

  /**
   * `isAsciiAsctime` and `parseBytes` in one: undefined when `bytes[start, end)` does not begin with an
   * ASCII asctime, else its Unix seconds (NaN when it is not a valid date and time). A line of the cached
   * minute (its 16 bytes already checked when cached) has only `:SS,mmm` left to check.
   */
  readAscii(bytes: Uint8Array, start: number, end: number): number | undefined {
    if (end - start < ASCTIME_LENGTH) return undefined;
    if (!this.cachedPrefixAt(bytes, start)) return isAsciiAsctime(bytes, start, end) ? this.parseBytes(bytes, start) : undefined;
    const comma = bytes[start + 19];
    if (bytes[start + 16] !== 58 /* : */ || (comma !== 44 /* , */ && comma !== 46) /* . */) return undefined;
    const seconds = byteNumber(bytes, start + 17, 2);
    const millis = byteNumber(bytes, start + 20, 3);
    if (Number.isNaN(seconds) || Number.isNaN(millis)) return undefined;
    return seconds <= 60 ? (this.cachedMinuteMs + seconds * 1000 + millis) / 1000 : NaN;
  }

  /** The cached minute's 16 characters (only ever those of a valid ASCII asctime) begin `bytes[start…]`. */
  private cachedPrefixAt(bytes: Uint8Array, start: number): boolean {
    if (this.cachedPrefix === '') return false;
    const prefix = this.cachedPrefixBytes;
    for (let i = MINUTE_PREFIX_LENGTH - 1; i >= 0; i--) if (bytes[start + i] !== prefix[i]) return false;
    return true;
  }

  private cachePrefix(prefix: string): void {
    this.cachedPrefix = prefix;
    for (let i = 0; i < MINUTE_PREFIX_LENGTH; i++) this.cachedPrefixBytes[i] = prefix.charCodeAt(i);
  }

  private minuteMs(line: string): number {
    const year = number(line, 0, 4);
    const month = number(line, 5, 2);
    const day = number(line, 8, 2);
    const hour = number(line, 11, 2);
    const minute = number(line, 14, 2);
    if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59)) return NaN;
    const date = new Date(year, month - 1, day, hour, minute);
    // Reject dates that Date silently rolls over (2026-02-31 → March 3).
    if (date.getDate() !== day || date.getMonth() !== month - 1) return NaN;
    return date.getTime();
  }
}
