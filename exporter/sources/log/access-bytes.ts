/**
 * uvicorn's access line, `INFO:     <caller> - "<METHOD> <path> HTTP/x" <code> …` (a sixth of a busy
 * server's lines), read on its UTF-8 bytes: nothing of it becomes a string unless the caller must be
 * asked about (`isOwnCaller`). The text path (parser.ts `maybeUvicornLine` → `uvicornMessage` →
 * `fastAccessLine`, normaliseMethod, normaliseRoute) is the definition: this reader accepts a line only
 * when every byte it looked at is ASCII and the line is surely the shape `fastAccessLine` reads, and
 * then says what the text path would; anything else is declined and goes the text way. Each field is
 * read as `fastAccessLine` reads it, so byte offsets and character offsets agree up to the code.
 * A property test (access-bytes.test.ts) holds it to the text path.
 */
import { bytesAre, tokenEnd } from './byte-scan';
import { KNOWN_METHODS, KNOWN_ROUTES, OTHER_METHOD, OTHER_ROUTE, TASK_RESULT_PREFIX, type Route } from './http-labels';

const SPACE = 32;
const INFO_COLON = Buffer.from('INFO: ');
const ACCESS_MARK = Buffer.from(' - "');
const HTTP = Buffer.from(' HTTP/');
const TASK_RESULT = Buffer.from(TASK_RESULT_PREFIX);
/** The routes matched whole (normaliseRoute's EXACT_ROUTES), as bytes. */
const EXACT: readonly (readonly [Buffer, Route])[] = KNOWN_ROUTES.filter((r) => !r.includes('{')).map((r) => [Buffer.from(r), r] as const);
const METHODS: readonly (readonly [Buffer, string])[] = KNOWN_METHODS.map((m) => [Buffer.from(m), m] as const);

/** `normaliseMethod` of the ASCII letters `bytes[from, to)`: a known method whatever its case, else `OTHER`. */
function methodOf(bytes: Uint8Array, from: number, to: number): string {
  outer: for (const [name, label] of METHODS) {
    if (name.length !== to - from) continue;
    for (let i = 0; i < name.length; i++) if ((bytes[from + i]! & 0xdf) !== name[i]) continue outer;
    return label;
  }
  return OTHER_METHOD;
}

/** `normaliseRoute` of the printable-ASCII path `bytes[from, to)`. */
function routeOf(bytes: Uint8Array, from: number, to: number): Route {
  let end = from;
  while (end < to && bytes[end] !== 63 /* ? */ && bytes[end] !== 35 /* # */) end++;
  if (end - from > 1 && bytes[end - 1] === 47 /* / */) end--;
  for (const [route, label] of EXACT) if (route.length === end - from && bytesAre(bytes, from, end, route)) return label;
  if (end - from > TASK_RESULT.length && bytesAre(bytes, from, end, TASK_RESULT)) {
    for (let i = from + TASK_RESULT.length; i < end; i++) if (bytes[i] === 47 /* / */) return OTHER_ROUTE;
    return '/api/task_result/{name}';
  }
  return OTHER_ROUTE;
}

/** One reader per parser; its fields hold the last line it accepted (no object per line). */
export class AccessBytes {
  method = '';
  route: Route = OTHER_ROUTE;
  code = 0;
  /** The caller (`host:port`) is `bytes[callerStart, callerEnd)`: printable ASCII. */
  callerStart = 0;
  callerEnd = 0;

  /** True when `bytes[start, end)` is surely an `INFO:` access line; its fields are then set. */
  read(bytes: Uint8Array, start: number, end: number): boolean {
    if (!bytesAre(bytes, start, end, INFO_COLON)) return false;
    let message = start + INFO_COLON.length;
    while (message < end && bytes[message] === SPACE) message++;
    const callerEnd = tokenEnd(bytes, message, end);
    if (callerEnd < 0 || !bytesAre(bytes, callerEnd, end, ACCESS_MARK)) return false;
    const methodStart = callerEnd + ACCESS_MARK.length;
    let methodEnd = methodStart;
    for (; methodEnd < end; methodEnd++) {
      const c = bytes[methodEnd]! | 0x20; // lower-cases letters
      if (c < 97 || c > 122) break;
    }
    if (methodEnd === methodStart || methodEnd >= end || bytes[methodEnd] !== SPACE) return false;
    const pathEnd = tokenEnd(bytes, methodEnd + 1, end);
    if (pathEnd < 0 || !bytesAre(bytes, pathEnd, end, HTTP)) return false;
    let versionEnd = pathEnd + HTTP.length;
    while (versionEnd < end && ((bytes[versionEnd]! >= 48 && bytes[versionEnd]! <= 57) || bytes[versionEnd] === 46)) versionEnd++;
    if (versionEnd === pathEnd + HTTP.length || versionEnd + 1 >= end || bytes[versionEnd] !== 34 /* " */ || bytes[versionEnd + 1] !== SPACE) return false;
    const codeStart = versionEnd + 2;
    let code = 0;
    for (let i = codeStart; i < codeStart + 3; i++) {
      const d = i < end ? bytes[i]! - 48 : -1;
      if (d < 0 || d > 9) return false;
      code = code * 10 + d;
    }
    const after = codeStart + 3;
    if (after !== end && bytes[after] !== SPACE) return false;
    this.method = methodOf(bytes, methodStart, methodEnd);
    this.route = routeOf(bytes, methodEnd + 1, pathEnd);
    this.code = code;
    this.callerStart = message;
    this.callerEnd = callerEnd;
    return true;
  }
}
