/**
 * One error message → its pattern: the text with everything that varies between occurrences of the
 * same error replaced by placeholders, so that the pattern can be a label value of
 * `ufo_log_errors_total` (docs/error-patterns.md). A pure function of the text: the same message
 * gives the same pattern in every exporter process, so PromQL over time and across restarts works.
 *
 * Placeholders: `<secret>` (the value after key=, token:, password=, Bearer …), `<url>`, `<str>`
 * (a quoted value), `<path>`, `<addr>` (IP address or host:port), `<uuid>`, `<n>` (a number, with an
 * optional unit: 12.5s, 16GB), `<id>` (any other word holding a digit, and the id after `client`,
 * `session`, `device`, `task`), `<long>` (a word of more than 40 characters). A word that holds a
 * digit is always replaced whole, so a key or token (which holds digits) never reaches a pattern even
 * when nothing names it as one.
 *
 * `exampleLine` keeps the ids (they help a reader) but strips what could be a secret: the values of
 * key/token/password fields, query strings and long random-looking words.
 */

import { spacedUuids, UUID_LENGTH } from './spaced-uuids';

/** Longest pattern, in characters (Unicode code points); longer ones are cut and end in `…`. */
export const MAX_PATTERN_LENGTH = 120;
/** Longest example line, in code points. */
export const MAX_EXAMPLE_LENGTH = 300;
/** Only this much of a message is looked at (keeps the work per line bounded). */
const MAX_INPUT = 2000;

/** `name=value`, `name: value`, `Authorization: Bearer value`; name anywhere in a word (`access_token`). */
const SECRET_FIELD =
  /([A-Za-z0-9_-]*(?:api[_-]?key|token|secret|passw(?:or)?d|pwd|authorization|credentials?|cookie|signature)[A-Za-z0-9_-]*["']?\s*[:=]\s*)(?:(?:bearer|basic|token)\s+)?("[^"]*"?|'[^']*'?|\S+)/gi;
const BEARER = /\b(bearer|basic)\s+[^\s,;]+/gi;
const URL = /\b[a-z][a-z0-9+.-]{1,15}:\/\/\S+/gi;
const QUERY = /\?\S*/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** A quoted value: the quote opens after a separator and closes before one (so `doesn't` is no quote). */
const QUOTED = /(^|[\s(\[{=:,])(?:'[^'\n]{0,500}'|"[^"\n]{0,500}")(?=$|[\s)\]},.:;!?])/g;
const PATH = /(^|[\s(\[=:,])(?:\/[^\s,;:)\]'"]+|[A-Za-z]:\\[^\s,;)\]'"]+)/g;
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g;
const IPV6_WITH_PORT = /\[[0-9a-f:.]+\](?::\d{1,5})?/gi;
const HOST_PORT = /\b[A-Za-z][\w.-]*:\d{2,5}\b/g;
/** The id after a word that names what it identifies. */
const NAMED_ID = /\b(client|session|device|task|constellation|target)(\s+id)?(:?\s+)(?!<)([^\s,;:)\]]*[-_@.\d][^\s,;:)\]]*)/gi;
/** A word: letters, digits and `_ @ + -`, with `. : /` allowed inside it (not at its ends). */
const WORD = /[\w@+-]+(?:[.:/][\w@+-]+)*/g;
const NUMBER = /^[+-]?\d+(?:[.,]\d+)?[A-Za-z%µ]{0,3}$/;
const HAS_DIGIT = /\d/;
const LONG_WORD_LENGTH = 40;
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;
const SPACES = /\s+/g;

/** Cuts `text` to at most `max` code points (never inside a surrogate pair), marking a cut with `…`. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : points.slice(0, max - 1).join('') + '…';
}

/**
 * Cheap necessary conditions checked before the regexes above (most messages hold no secret, URL or
 * query): a replace that cannot match is skipped, so the result is the same.
 */
const SECRET_NAME = /api[_-]?key|token|secret|passw(?:or)?d|pwd|authorization|credential|cookie|signature/i;
const BEARER_NAME = /bearer|basic/i;

/** Replaces secret values, URLs and query strings (both for patterns and example lines). */
function stripSecrets(text: string): string {
  let out = text;
  if (SECRET_NAME.test(out)) out = out.replace(SECRET_FIELD, '$1<secret>');
  if (BEARER_NAME.test(out)) out = out.replace(BEARER, '$1 <secret>');
  if (out.includes('://')) out = out.replace(URL, '<url>');
  return out.includes('?') ? out.replace(QUERY, '?<query>') : out;
}

/** The part of a message that patterns and example lines are made from: bounded, no control characters, no secrets. */
export function cleanMessage(message: string): string {
  return stripSecrets(message.slice(0, MAX_INPUT).replace(CONTROL, ' '));
}

function placeholderFor(word: string): string {
  if (NUMBER.test(word)) return '<n>';
  if (HAS_DIGIT.test(word)) return '<id>';
  return word.length > LONG_WORD_LENGTH ? '<long>' : word;
}

/** The pattern of an error message; `exceptionType` (from a traceback) is appended as `[Type]`. */
export function errorPattern(message: string, exceptionType?: string): string {
  return patternOfClean(cleanMessage(message), exceptionType);
}

/** `errorPattern` of a message already passed through `cleanMessage`. */
export function patternOfClean(clean: string, exceptionType?: string): string {
  const text = clean
    .replace(QUOTED, '$1<str>')
    .replace(PATH, '$1<path>')
    .replace(IPV6_WITH_PORT, '<addr>')
    .replace(IPV4, '<addr>')
    .replace(HOST_PORT, '<addr>')
    // Named ids first, whatever their shape (a session id may be a UUID): one error, one pattern.
    .replace(NAMED_ID, (_m, what: string, id = '', gap: string) => `${what}${id}${gap}<id>`)
    .replace(UUID, '<uuid>')
    .replace(WORD, placeholderFor)
    .replace(SPACES, ' ')
    .trim();
  const suffix = exceptionType === undefined ? '' : ` [${exceptionType}]`;
  const pattern = clip(text === '' ? '<empty>' : text, MAX_PATTERN_LENGTH - Array.from(suffix).length);
  return pattern + suffix;
}

const CANONICAL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * `clean` with every UUID that stands between whitespace replaced by one fixed UUID: a key under which
 * `patternOfClean` can be cached, because its result does not depend on such a UUID's digits and
 * letters (`No running task found for <uuid>`, `Error in session <uuid>: …` never repeat their text).
 * Why the pattern is the same: a UUID between whitespace holds no quote, slash, colon, dot or bracket,
 * and a colon after it is followed by whitespace (no port, no `C:\`), so no quoted value, path,
 * address or host:port can start, end or stop inside it, and a match spanning it (a quoted value) does
 * not look at its characters; no named word (client, session, …) is made of hex letters; a named id
 * takes the whole word and the UUID rule the whole UUID whatever the characters. Same string when
 * there is no such UUID. A test compares the patterns of both for random UUIDs in random contexts.
 */
export function uuidFreeKey(clean: string): string {
  if (clean.length < UUID_LENGTH || !clean.includes('-')) return clean;
  const n = spacedUuids(clean, uuidStarts);
  let out = '';
  let from = 0;
  for (let i = 0; i < n; i++) {
    out += clean.slice(from, uuidStarts[i]) + CANONICAL_UUID;
    from = uuidStarts[i]! + UUID_LENGTH;
  }
  return n === 0 ? clean : out + clean.slice(from);
}
/** Scratch for spacedUuids' answers (read before the next call; nothing is kept in it). */
const uuidStarts: number[] = [];

/**
 * `exampleOfClean(clean)` made from `keyExample`, the example of `uuidFreeKey(clean)` (cached per key):
 * the fixed UUIDs put back in order. Why it is the same: a UUID between whitespace is a whole run of
 * the characters RANDOM_LOOKING takes (whitespace before it, whitespace, a colon or the end after it),
 * so that rule leaves it as it is in both texts (the fixed one has no letter, a real one is a UUID
 * word); the other rules only touch whitespace, which is the same in both; a UUID and its stand-in are
 * both 36 ASCII characters, so the length cut falls at the same place. Undefined (make the example the
 * long way) when the cut may have fallen at all, or when the fixed UUID occurs anywhere but where a
 * UUID was replaced (then the occurrences would not pair up). A test holds it to `exampleOfClean`.
 */
export function exampleFromKey(keyExample: string, clean: string): string | undefined {
  if (keyExample.length >= MAX_EXAMPLE_LENGTH) return undefined;
  let out = '';
  let from = 0;
  const n = clean.length < UUID_LENGTH ? 0 : spacedUuids(clean, uuidStarts);
  for (let i = 0; i < n; i++) {
    const at = keyExample.indexOf(CANONICAL_UUID, from);
    if (at < 0) return undefined;
    out += keyExample.slice(from, at) + clean.slice(uuidStarts[i], uuidStarts[i]! + UUID_LENGTH);
    from = at + CANONICAL_UUID.length;
  }
  return keyExample.includes(CANONICAL_UUID, from) ? undefined : out + keyExample.slice(from);
}

/** Random-looking words (keys, tokens, hashes): long, mixing letters and digits. */
const RANDOM_LOOKING = /\b(?=[\w+/=-]*\d)(?=[\w+/=-]*[A-Za-z])[\w+/=-]{24,}/g;

const UUID_WORD = new RegExp(`^${UUID.source.replace(/\\b/g, '')}$`, 'i');

/** A message as the status page may show it: ids kept, secrets stripped, bounded. */
export function exampleLine(message: string): string {
  return exampleOfClean(cleanMessage(message));
}

/** `exampleLine` of a message already passed through `cleanMessage`. */
export function exampleOfClean(clean: string): string {
  const text = clean
    .replace(RANDOM_LOOKING, (word) => (UUID_WORD.test(word) ? word : '<secret>'))
    .replace(SPACES, ' ')
    .trim();
  return clip(text, MAX_EXAMPLE_LENGTH);
}

const EXCEPTION_LINE = /^([A-Za-z_][\w.]{0,200})(?::|$)/;
const MAX_EXCEPTION_TYPE = 60;

/**
 * The exception type a traceback's last line names (`RuntimeError: boom` → `RuntimeError`,
 * `asyncio.exceptions.CancelledError` → `CancelledError`), or undefined when the line is not one.
 */
export function exceptionTypeOf(line: string): string | undefined {
  const match = EXCEPTION_LINE.exec(line);
  if (!match) return undefined;
  const name = match[1]!.split('.').filter((part) => part !== '').pop();
  return name === undefined ? undefined : clip(name, MAX_EXCEPTION_TYPE);
}
