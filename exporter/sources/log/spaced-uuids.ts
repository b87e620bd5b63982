/**
 * UUIDs that stand between whitespace in an error message (a colon allowed after one: `session <uuid>: …`),
 * found by hand: the error-pattern cache's key replaces them (error-pattern.ts `uuidFreeKey`) and the example
 * puts them back (`exampleFromKey`). `SPACED_UUID` is the definition; the scan finds exactly its matches,
 * in order (a property test holds it to the regex), at a fraction of its cost: the regex tries its
 * `(^|\s)` alternation at every character of every WARNING-or-worse message, twice per message.
 */

/** The definition: a UUID between whitespace (or the ends), a colon allowed after it; `$1` is the whitespace before it. */
export const SPACED_UUID = /(^|\s)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=:?(?:\s|$))/gi;
export const UUID_LENGTH = 36;

/** A character a regex's `\s` matches (ECMAScript WhiteSpace and LineTerminator). */
function isRegexSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `[0-9a-f]` under the `i` flag: digits and ASCII letters a–f of either case (no other character folds onto them). */
function isHex(c: number): boolean {
  const lower = c | 0x20;
  return (c >= 48 && c <= 57) || (lower >= 97 && lower <= 102);
}

/** `text[at, at + 36)` is a UUID in the 8-4-4-4-12 layout. */
function uuidAt(text: string, at: number): boolean {
  for (let k = 0; k < UUID_LENGTH; k++) {
    const c = text.charCodeAt(at + k);
    if (k === 8 || k === 13 || k === 18 || k === 23 ? c !== 45 /* - */ : !isHex(c)) return false;
  }
  return true;
}

/** The lookahead `:?(?:\s|$)` holds at `at`. */
function endsHere(text: string, at: number): boolean {
  if (at === text.length || isRegexSpace(text.charCodeAt(at))) return true;
  return text.charCodeAt(at) === 58 /* : */ && (at + 1 === text.length || isRegexSpace(text.charCodeAt(at + 1)));
}

/**
 * Where `SPACED_UUID`'s matches in `text` begin their UUID (after the whitespace), left to right, written
 * into `starts`; returns how many. The scan resumes after each UUID, as a global regex does.
 */
export function spacedUuids(text: string, starts: number[]): number {
  let n = 0;
  for (let s = 0; s + UUID_LENGTH <= text.length; s++) {
    if (text.charCodeAt(s + 8) !== 45 /* - */) continue; // the cheapest test first
    if (s > 0 && !isRegexSpace(text.charCodeAt(s - 1))) continue;
    if (!uuidAt(text, s) || !endsHere(text, s + UUID_LENGTH)) continue;
    starts[n++] = s;
    s += UUID_LENGTH - 1;
  }
  return n;
}
