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

export class AsctimeParser {
  private cachedPrefix = '';
  private cachedMinuteMs = 0;

  /** Unix seconds of the asctime at the start of `line`, or NaN when it is not a valid time. */
  parse(line: string): number {
    if (!line.startsWith(this.cachedPrefix) || this.cachedPrefix === '') {
      const minuteMs = this.minuteMs(line);
      if (Number.isNaN(minuteMs)) return NaN;
      this.cachedPrefix = line.slice(0, MINUTE_PREFIX_LENGTH);
      this.cachedMinuteMs = minuteMs;
    }
    const seconds = number(line, 17, 2);
    const millis = number(line, 20, 3);
    if (!(seconds <= 60) || Number.isNaN(millis)) return NaN;
    return (this.cachedMinuteMs + seconds * 1000 + millis) / 1000;
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
