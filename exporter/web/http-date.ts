/**
 * The `Date` header of every answer, written here instead of by Node.
 *
 * Node formats it with `Date.prototype.toUTCString()`, which in V8 goes through ICU's time-zone code
 * and pages ~0.6 MB of ICU's data (part of the node binary) into the process at the first answer: part
 * of the exporter's peak RSS for nothing (bench/NOTES.md, issue 15M). The same IMF-fixdate text
 * (RFC 9110 §5.6.7, e.g. `Tue, 01 Dec 2026 21:40:00 GMT`) is built from the UTC fields, which V8
 * computes without ICU; like Node, it is made at most once a second.
 */
import type { ServerResponse } from 'node:http';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** IMF-fixdate of `ms` (Unix milliseconds), as `new Date(ms).toUTCString()` for years 1000–9999. */
export function imfFixdate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

let cachedSecond = Number.NaN;
let cachedText = '';

/** The header's value now (made once per second). */
export function httpDateNow(now = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedText = imfFixdate(second * 1000);
  }
  return cachedText;
}

/** Has `res` carry our `Date` header instead of Node's (call before anything is written). */
export function sendOwnDate(res: ServerResponse): void {
  res.sendDate = false;
  res.setHeader('Date', httpDateNow());
}
