/**
 * A small MIME reader for the emails Alertmanager sends: RFC 5322 headers (folded, RFC 2047
 * encoded words), multipart bodies, quoted-printable and base64 parts. Enough to assert on the
 * subject and the text/html bodies; not a general mail parser.
 */

export interface EmailMessage {
  /** Header names lower-cased; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly subject: string;
  /** The text/plain body, decoded; empty when there is none. */
  readonly text: string;
  /** The text/html body, decoded; empty when there is none. */
  readonly html: string;
}

interface Part {
  readonly headers: Record<string, string>;
  readonly body: string;
}

function splitHeaders(raw: string): Part {
  const normalized = raw.replace(/\r\n/g, '\n');
  const end = normalized.indexOf('\n\n');
  const head = end === -1 ? normalized : normalized.slice(0, end);
  const body = end === -1 ? '' : normalized.slice(end + 2);
  const headers: Record<string, string> = {};
  // Unfold: a line starting with whitespace continues the previous header.
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = decodeEncodedWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** RFC 2047 `=?utf-8?q?...?=` / `=?utf-8?b?...?=`; adjacent encoded words join without the space. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([qQbB])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

export function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const unwrapped = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < unwrapped.length; i++) {
    const hex = unwrapped.slice(i + 1, i + 3);
    if (unwrapped[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(unwrapped[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(part: Part): string {
  const encoding = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return part.body;
}

function boundaryOf(contentType: string): string | undefined {
  return /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
}

/** The leaf parts of a (possibly nested) multipart message, in order. */
function leafParts(part: Part, where: string): Part[] {
  const type = part.headers['content-type'] ?? 'text/plain';
  if (!/^multipart\//i.test(type)) return [part];
  const boundary = boundaryOf(type);
  if (!boundary) throw new Error(`${where}: multipart Content-Type without a boundary: "${type}"`);
  const sections = part.body.split(`--${boundary}`);
  // sections[0] is the preamble; the section starting with "--" is the epilogue after the close.
  return sections
    .slice(1)
    .filter((s) => !s.startsWith('--'))
    .flatMap((s, i) => leafParts(splitHeaders(s.replace(/^\n/, '')), `${where} part ${i + 1}`));
}

export function parseEmail(raw: string): EmailMessage {
  const message = splitHeaders(raw);
  const leaves = leafParts(message, 'email');
  const bodyOf = (type: RegExp): string => {
    const part = leaves.find((p) => type.test(p.headers['content-type'] ?? 'text/plain'));
    return part ? decodeBody(part).replace(/\n$/, '') : '';
  };
  return { headers: message.headers, subject: message.headers['subject'] ?? '', text: bodyOf(/^text\/plain/i), html: bodyOf(/^text\/html/i) };
}
