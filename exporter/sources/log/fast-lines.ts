/**
 * The commonest line shapes read by hand (indexOf / charCodeAt) instead of by regex:
 * `Session <id> <what>` (a `[SessionManager]` message after its emoji) and uvicorn's access line
 * `<caller> - "<METHOD> <path> HTTP/x" <code> …`. Each `fast…` function returns what its regex twin
 * (`regex…`, the definition) returns, or undefined when the line is not one it recognises for sure;
 * callers then ask the regex (`…Line` does both). A property test holds the two paths to each other.
 */

/** What a `Session <id> …` message says. */
export type SessionLine =
  | { readonly kind: 'took'; readonly sessionId: string; readonly seconds: string }
  | { readonly kind: 'status'; readonly sessionId: string; readonly status: string }
  | { readonly kind: 'cancelled'; readonly sessionId: string; readonly reason: string }
  | { readonly kind: 'ended_with_error'; readonly sessionId: string };

/** An access line's parts, as written (the parser normalises them). */
export interface AccessLine {
  readonly caller: string;
  readonly method: string;
  readonly path: string;
  readonly code: string;
}

const SM_SESSION = /^Session (\S+) (execution took ([0-9.]+)s|completed with status TaskStatus\.([A-Z]+)|was cancelled \(reason: ([^)]*)\)|ended with error)/;
const ACCESS = /^(\S+) - "([A-Za-z]+) (\S+) HTTP\/[0-9.]+" (\d{3})(?: |$)/;
const CREATED_SESSION = /^Created new (\S+) session: (\S+) \(type: [^,)]*(?:, owner: '([^']*)')?\)/;
const PREPARED = /^Prepared task: session_id=([^,\s]+), .*\btarget_device=(.+)$/;
const BACKGROUND = /^Started background task (\S+)$/;

/** `Created new …` as written: platform, session id and owner (if named). */
export interface CreatedLine {
  readonly platform: string;
  readonly sessionId: string;
  readonly owner?: string;
}

/** `Prepared task: …` as written: session id and target device (raw). */
export interface PreparedLine {
  readonly sessionId: string;
  readonly device: string;
}

/** The definition of a `Created new … session` message. */
export function regexCreatedLine(message: string): CreatedLine | undefined {
  const m = CREATED_SESSION.exec(message);
  if (!m) return undefined;
  return m[3] === undefined ? { platform: m[1]!, sessionId: m[2]! } : { platform: m[1]!, sessionId: m[2]!, owner: m[3] };
}

/** The definition of a `Prepared task: …` message (after its emoji). */
export function regexPreparedLine(rest: string): PreparedLine | undefined {
  const m = PREPARED.exec(rest);
  return m ? { sessionId: m[1]!, device: m[2]! } : undefined;
}

/** The definition of a `Started background task <id>` message (after its emoji): the session id. */
export function regexBackgroundLine(rest: string): string | undefined {
  return BACKGROUND.exec(rest)?.[1];
}

/** The definition of a `Session <id> …` message. */
export function regexSessionLine(rest: string): SessionLine | undefined {
  const m = SM_SESSION.exec(rest);
  if (!m) return undefined;
  const sessionId = m[1]!;
  if (m[3] !== undefined) return { kind: 'took', sessionId, seconds: m[3] };
  if (m[4] !== undefined) return { kind: 'status', sessionId, status: m[4] };
  if (m[5] !== undefined) return { kind: 'cancelled', sessionId, reason: m[5] };
  return { kind: 'ended_with_error', sessionId };
}

/** The definition of an access line. */
export function regexAccessLine(message: string): AccessLine | undefined {
  const m = ACCESS.exec(message);
  return m ? { caller: m[1]!, method: m[2]!, path: m[3]!, code: m[4]! } : undefined;
}

const SPACE = 32;
/** The fixed parts of the two shapes. */
const [SESSION, TOOK, STATUS, CANCELLED, ENDED] = ['Session ', 'execution took ', 'completed with status TaskStatus.', 'was cancelled (reason: ', 'ended with error'] as const;
const [HTTP, ACCESS_MARK] = [' HTTP/', ' - "'] as const;

/**
 * End of the token starting at `from`: the index of the first space after it. -1 when the token is
 * empty, or holds anything but printable ASCII (other whitespace, non-ASCII: left to the regex's `\S`).
 */
function tokenEnd(text: string, from: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE) break;
    if (c < 33 || c > 126) return -1;
  }
  return i === from || i === text.length ? -1 : i;
}

/** End of a run of `[0-9.]` (if `dot`) or `[A-Z]` / `[0-9]` characters starting at `from`. */
function runEnd(text: string, from: number, low: number, high: number, dot: boolean): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= low && c <= high) || (dot && c === 46))) break;
  }
  return i;
}

/** `regexSessionLine` by hand, or undefined when unsure. */
export function fastSessionLine(rest: string): SessionLine | undefined {
  if (!rest.startsWith(SESSION)) return undefined;
  const idEnd = tokenEnd(rest, SESSION.length);
  if (idEnd < 0) return undefined;
  const sessionId = rest.slice(SESSION.length, idEnd);
  const what = idEnd + 1;
  if (rest.startsWith(TOOK, what)) {
    const from = what + TOOK.length;
    const end = runEnd(rest, from, 48, 57, true);
    if (end === from || rest.charCodeAt(end) !== 115 /* s */) return undefined;
    return { kind: 'took', sessionId, seconds: rest.slice(from, end) };
  }
  if (rest.startsWith(STATUS, what)) {
    const from = what + STATUS.length;
    const end = runEnd(rest, from, 65, 90, false);
    return end === from ? undefined : { kind: 'status', sessionId, status: rest.slice(from, end) };
  }
  if (rest.startsWith(CANCELLED, what)) {
    const from = what + CANCELLED.length;
    const end = rest.indexOf(')', from);
    return end < 0 ? undefined : { kind: 'cancelled', sessionId, reason: rest.slice(from, end) };
  }
  if (rest.startsWith(ENDED, what)) return { kind: 'ended_with_error', sessionId };
  return undefined;
}

/** `regexAccessLine` by hand, or undefined when unsure. */
export function fastAccessLine(message: string): AccessLine | undefined {
  const callerEnd = tokenEnd(message, 0);
  if (callerEnd < 0 || !message.startsWith(ACCESS_MARK, callerEnd)) return undefined;
  const methodStart = callerEnd + ACCESS_MARK.length;
  let methodEnd = methodStart;
  for (; methodEnd < message.length; methodEnd++) {
    const c = message.charCodeAt(methodEnd) | 0x20; // lower-cases letters
    if (c < 97 || c > 122) break;
  }
  if (methodEnd === methodStart || message.charCodeAt(methodEnd) !== SPACE) return undefined;
  const pathEnd = tokenEnd(message, methodEnd + 1);
  if (pathEnd < 0 || !message.startsWith(HTTP, pathEnd)) return undefined;
  const versionStart = pathEnd + HTTP.length;
  const versionEnd = runEnd(message, versionStart, 48, 57, true);
  if (versionEnd === versionStart || message.charCodeAt(versionEnd) !== 34 /* " */ || message.charCodeAt(versionEnd + 1) !== SPACE) return undefined;
  const codeStart = versionEnd + 2;
  if (runEnd(message, codeStart, 48, 57, false) !== codeStart + 3) return undefined;
  const after = codeStart + 3;
  if (after !== message.length && message.charCodeAt(after) !== SPACE) return undefined;
  return { caller: message.slice(0, callerEnd), method: message.slice(methodStart, methodEnd), path: message.slice(methodEnd + 1, pathEnd), code: message.slice(codeStart, after) };
}

const CREATED = 'Created new ';
const [SESSION_COLON, TYPE, OWNER] = [' session: ', ' (type: ', ", owner: '"] as const;
const [PREPARED_ID, TARGET] = ['Prepared task: session_id=', 'target_device='] as const;

/** `regexCreatedLine` by hand, or undefined when unsure. */
export function fastCreatedLine(message: string): CreatedLine | undefined {
  if (!message.startsWith(CREATED)) return undefined;
  const platformEnd = tokenEnd(message, CREATED.length);
  if (platformEnd < 0 || !message.startsWith(SESSION_COLON, platformEnd)) return undefined;
  const idStart = platformEnd + SESSION_COLON.length;
  const idEnd = tokenEnd(message, idStart);
  if (idEnd < 0 || !message.startsWith(TYPE, idEnd)) return undefined;
  let i = idEnd + TYPE.length;
  for (; i < message.length; i++) {
    const c = message.charCodeAt(i);
    if (c === 44 /* , */ || c === 41 /* ) */) break;
  }
  const platform = message.slice(CREATED.length, platformEnd);
  const sessionId = message.slice(idStart, idEnd);
  if (message.charCodeAt(i) === 41) return { platform, sessionId };
  if (!message.startsWith(OWNER, i)) return undefined;
  const ownerStart = i + OWNER.length;
  const ownerEnd = message.indexOf("'", ownerStart);
  if (ownerEnd < 0 || message.charCodeAt(ownerEnd + 1) !== 41) return undefined;
  return { platform, sessionId, owner: message.slice(ownerStart, ownerEnd) };
}

/** A character that ends a line for a regex's `.`. */
const isLineTerminator = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
/** A regex word character (`\w`). */
const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 95;

const NO_DEVICE = Buffer.from('target_device=None');

/**
 * The `Prepared task: …` message `bytes[start, end)` names no device for sure, judged from its end alone:
 * it ends with a `target_device=None` that starts a word. If the regex reads the message at all, its
 * greedy `.*` takes that last `target_device=` (only `None` follows it, and the `session_id=…, ` before
 * it holds no `, ` that could reach into it), so the device is `None`; a message it does not read names
 * none either. Such a line changes nothing (`SessionRuns.prepared`), so the parser need not decode it.
 */
export function namesNoDevice(bytes: Uint8Array, start: number, end: number): boolean {
  const at = end - NO_DEVICE.length;
  if (at <= start || isWordChar(bytes[at - 1]!)) return false;
  for (let i = 0; i < NO_DEVICE.length; i++) if (bytes[at + i] !== NO_DEVICE[i]) return false;
  return true;
}

/** `regexPreparedLine` by hand, or undefined when unsure. */
export function fastPreparedLine(rest: string): PreparedLine | undefined {
  if (!rest.startsWith(PREPARED_ID)) return undefined;
  let idEnd = PREPARED_ID.length;
  for (; idEnd < rest.length; idEnd++) {
    const c = rest.charCodeAt(idEnd);
    if (c === 44 /* , */) break;
    if (c < 33 || c > 126) return undefined;
  }
  if (idEnd === PREPARED_ID.length || rest.charCodeAt(idEnd + 1) !== SPACE) return undefined;
  for (let i = idEnd + 2; i < rest.length; i++) if (isLineTerminator(rest.charCodeAt(i))) return undefined;
  // `.*` is greedy: the last `target_device=` that starts a word.
  const target = rest.lastIndexOf(TARGET);
  if (target < idEnd + 2 || isWordChar(rest.charCodeAt(target - 1))) return undefined;
  const deviceStart = target + TARGET.length;
  if (deviceStart >= rest.length) return undefined;
  return { sessionId: rest.slice(PREPARED_ID.length, idEnd), device: rest.slice(deviceStart) };
}

const STARTED_BACKGROUND = 'Started background task ';

/** `regexBackgroundLine` by hand, or undefined when unsure. */
export function fastBackgroundLine(rest: string): string | undefined {
  if (!rest.startsWith(STARTED_BACKGROUND)) return undefined;
  // `(\S+)$`: the whole rest of the line; printable ASCII is surely not whitespace (anything else: the regex).
  for (let i = STARTED_BACKGROUND.length; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c < 33 || c > 126) return undefined;
  }
  return rest.length > STARTED_BACKGROUND.length ? rest.slice(STARTED_BACKGROUND.length) : undefined;
}

// The regexes are anchored at the fixed words the fast readers check first: without those words neither reads the line.

/** A `Started background task <id>` message: by hand, else by regex. */
export function backgroundLine(rest: string): string | undefined {
  return rest.startsWith(STARTED_BACKGROUND) ? (fastBackgroundLine(rest) ?? regexBackgroundLine(rest)) : undefined;
}

/** A `Created new … session` message: by hand, else by regex. */
export function createdLine(message: string): CreatedLine | undefined {
  return fastCreatedLine(message) ?? regexCreatedLine(message);
}

/** A `Prepared task: …` message: by hand, else by regex. */
export function preparedLine(rest: string): PreparedLine | undefined {
  return fastPreparedLine(rest) ?? regexPreparedLine(rest);
}

/** A `Session <id> …` message: by hand, else by regex. */
export function sessionLine(rest: string): SessionLine | undefined {
  return rest.startsWith(SESSION) ? (fastSessionLine(rest) ?? regexSessionLine(rest)) : undefined;
}

/** An access line: by hand, else by regex. */
export function accessLine(message: string): AccessLine | undefined {
  return fastAccessLine(message) ?? regexAccessLine(message);
}
