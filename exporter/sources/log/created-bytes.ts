/**
 * `Created new <platform> session: <id> (type: <type>, owner: '<owner>')` (~15 % of a busy server's
 * lines) read on its UTF-8 bytes: platform, id and owner stay byte ranges, and SessionRuns makes only the
 * strings the state needs (the id when it is not the previous line's; the owner and platform when they
 * differ from the last ones). The text path (fast-lines.ts `createdLine`, then `SessionRuns.created`) is
 * the definition: a line is accepted only when every byte looked at is printable ASCII (byte and
 * character offsets agree) and `fastCreatedLine` surely reads it the same way; anything else is declined
 * and goes the text way. A property test (created-bytes.test.ts) holds it to the text path.
 */
import { bytesAre } from './byte-scan';

const SPACE = 32;
const CREATED = Buffer.from('Created new ');
const SESSION_COLON = Buffer.from(' session: ');
const TYPE = Buffer.from(' (type: ');
const OWNER = Buffer.from(", owner: '");

/** One reader per parser; its fields hold the last line it accepted (no object per line). */
export class CreatedBytes {
  platformStart = 0;
  platformEnd = 0;
  idStart = 0;
  idEnd = 0;
  /** The owner is `bytes[ownerStart, ownerEnd)`; both -1 when the line names none. */
  ownerStart = -1;
  ownerEnd = -1;

  /** Reads the message `bytes[start, end)`; false when declined (the fields are then meaningless). */
  read(bytes: Uint8Array, start: number, end: number): boolean {
    if (!bytesAre(bytes, start, end, CREATED)) return false;
    const platformStart = start + CREATED.length;
    const platformEnd = tokenEnd(bytes, platformStart, end);
    if (platformEnd < 0 || !bytesAre(bytes, platformEnd, end, SESSION_COLON)) return false;
    const idStart = platformEnd + SESSION_COLON.length;
    const idEnd = tokenEnd(bytes, idStart, end);
    if (idEnd < 0 || !bytesAre(bytes, idEnd, end, TYPE)) return false;
    // `[^,)]*`: printable ASCII up to the first `,` or `)` (anything else: the text path).
    let i = idEnd + TYPE.length;
    for (; i < end; i++) {
      const c = bytes[i]!;
      if (c === 44 /* , */ || c === 41 /* ) */) break;
      if (c < 32 || c > 126) return false;
    }
    if (i === end) return false;
    if (bytes[i] === 41) {
      this.ownerStart = this.ownerEnd = -1;
    } else {
      if (!bytesAre(bytes, i, end, OWNER)) return false;
      const ownerStart = i + OWNER.length;
      let ownerEnd = ownerStart;
      for (; ownerEnd < end && bytes[ownerEnd] !== 39 /* ' */; ownerEnd++) if (bytes[ownerEnd]! < 32 || bytes[ownerEnd]! > 126) return false;
      if (ownerEnd + 1 >= end || bytes[ownerEnd + 1] !== 41) return false;
      this.ownerStart = ownerStart;
      this.ownerEnd = ownerEnd;
    }
    this.platformStart = platformStart;
    this.platformEnd = platformEnd;
    this.idStart = idStart;
    this.idEnd = idEnd;
    return true;
  }
}

/** End of the printable-ASCII token at `from` (the index of the space after it); -1 when empty, unended or not printable ASCII. */
function tokenEnd(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  for (; i < end && bytes[i] !== SPACE; i++) if (bytes[i]! < 33 || bytes[i]! > 126) return -1;
  return i === from || i === end ? -1 : i;
}
