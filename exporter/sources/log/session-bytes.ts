/**
 * The commonest `[SessionManager]` messages (after their emoji; ~45 % of a busy server's lines) read on
 * their UTF-8 bytes: `Started background task <id>`, `Session <id> execution took <x>s` and
 * `Session <id> completed with status TaskStatus.<STATUS>`. Nothing of them becomes a string here: the
 * id stays a byte range (SessionRuns compares it with the id its previous line named, and decodes it
 * only when it is another), the seconds are read as a number. The text path (fast-lines.ts
 * `sessionLine` / `backgroundLine`, then `SessionRuns.sessionManager`) is the definition: a line is
 * accepted only when every byte looked at is printable ASCII (so byte and character offsets agree) and
 * the text path surely reads it the same way; anything else is declined and goes the text way.
 * A property test (session-bytes.test.ts) holds it to the text path.
 */
import type { SessionStatus } from '../../events';
import { bytesAre, tokenEnd } from './byte-scan';

/** What the reader took (`SessionBytes.kind`). */
export const SessionBytesKind = { None: 0, Background: 1, Took: 2, Status: 3 } as const;
type Kind = (typeof SessionBytesKind)[keyof typeof SessionBytesKind];

const DOT = 46;
const SESSION = Buffer.from('Session ');
const BACKGROUND = Buffer.from('Started background task ');
const TOOK = Buffer.from('execution took ');
const STATUS = Buffer.from('completed with status TaskStatus.');
/** `TaskStatus.<name>` → status (SessionRuns' TASK_STATUS); another name is declined. */
const STATUSES: readonly (readonly [Buffer, SessionStatus])[] = [
  [Buffer.from('COMPLETED'), 'completed'],
  [Buffer.from('FAILED'), 'failed'],
  [Buffer.from('CANCELLED'), 'cancelled'],
];
/** Powers of ten, exact as doubles up to 1e22. */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);
/** Digits whose integer is exact as a double (< 2^53): `n / 10^k` of two exact doubles is then `Number`'s correctly rounded value. */
const MAX_DIGITS = 15;

/** One reader per parser; its fields hold the last message it accepted (no object per line). */
export class SessionBytes {
  kind: Kind = SessionBytesKind.None;
  /** The session id is `bytes[idStart, idEnd)`: printable ASCII. */
  idStart = 0;
  idEnd = 0;
  /** `Took`: the seconds. */
  seconds = 0;
  /** `Status`: the status. */
  status: SessionStatus = 'completed';

  /** Reads the message `bytes[start, end)` (after its emoji); `kind` says what it is, `None` when declined. */
  read(bytes: Uint8Array, start: number, end: number): Kind {
    this.kind = SessionBytesKind.None;
    if (bytesAre(bytes, start, end, BACKGROUND)) {
      // `(\S+)$`: the rest of the line, printable ASCII throughout (anything else: the text path).
      const idStart = start + BACKGROUND.length;
      if (idStart === end) return this.kind;
      for (let i = idStart; i < end; i++) if (bytes[i]! < 33 || bytes[i]! > 126) return this.kind;
      this.idStart = idStart;
      this.idEnd = end;
      return (this.kind = SessionBytesKind.Background);
    }
    if (!bytesAre(bytes, start, end, SESSION)) return this.kind;
    const idStart = start + SESSION.length;
    const idEnd = tokenEnd(bytes, idStart, end);
    if (idEnd < 0) return this.kind;
    const what = idEnd + 1;
    if (bytesAre(bytes, what, end, TOOK)) {
      if (!this.readSeconds(bytes, what + TOOK.length, end)) return this.kind;
      this.kind = SessionBytesKind.Took;
    } else if (bytesAre(bytes, what, end, STATUS)) {
      const from = what + STATUS.length;
      let to = from;
      while (to < end && bytes[to]! >= 65 && bytes[to]! <= 90) to++;
      const status = STATUSES.find(([name]) => name.length === to - from && bytesAre(bytes, from, to, name));
      if (status === undefined) return this.kind;
      this.status = status[1];
      this.kind = SessionBytesKind.Status;
    } else return this.kind;
    this.idStart = idStart;
    this.idEnd = idEnd;
    return this.kind;
  }

  /** `<digits and dots>s` at `from` with one dot at most and 1–15 digits: `seconds` set, true. */
  private readSeconds(bytes: Uint8Array, from: number, end: number): boolean {
    let whole = 0;
    let digits = 0;
    let dot = -1;
    let i = from;
    for (; i < end; i++) {
      const c = bytes[i]!;
      if (c === DOT) {
        if (dot >= 0) return false; // `Number` says NaN: the text path emits nothing
        dot = i;
      } else if (c >= 48 && c <= 57) {
        whole = whole * 10 + (c - 48);
        digits++;
      } else break;
    }
    if (i === end || bytes[i] !== 115 /* s */ || digits === 0 || digits > MAX_DIGITS) return false;
    this.seconds = dot < 0 ? whole : whole / POW10[i - dot - 1]!;
    return true;
  }

  /**
   * The id just read is the id whose character codes are `codes[0, length)` (each below 256; length -1: an id no
   * bytes spell). ASCII bytes equal their character codes, so this is the id compared character by character.
   */
  idIsCodes(bytes: Uint8Array, codes: Uint8Array, length: number): boolean {
    const start = this.idStart;
    if (this.idEnd - start !== length) return false;
    for (let i = 0; i < length; i++) if (bytes[start + i] !== codes[i]) return false;
    return true;
  }
}
