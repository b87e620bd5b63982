/**
 * Decodes a rich `/api/clients` answer in parts instead of as one string, for the main thread's
 * parse (answers below the parse worker's size, e.g. 10,000 clients).
 *
 * Decoded whole, a 10,000-client answer is a 1.1 MB string (a large object, freed only by a full GC)
 * and 0.9 MB of parsed objects that all live until the last one is mapped: both were promoted to the
 * old generation at the first poll, and were part of the exporter's start-up memory peak
 * (bench/NOTES.md, issue 15p3). Here the bytes are scanned once for where the `clients` elements
 * are; each element is decoded, parsed, checked and mapped alone (its garbage dies young), then the
 * rest of the body (with `clients` as `[]`) is parsed and checked.
 *
 * The result and every error are the same as decodeAnswer(bytes, url, parseClients): a body without
 * one plain top-level `clients` array, an element the scan cannot place, a part that is not JSON or
 * a field of the wrong shape sends the answer through that path, which decodes it whole (a bad
 * answer is rare; its error is then exactly the whole-body one).
 */
import type { ClientList } from '../../client-list';
import type { ClientSnapshotEntry } from '../../events';
import { textStart } from '../../http-get';
import { ColumnsBuilder } from './client-columns';
import { decodeAnswer } from './parse-answer';
import { checkRichRest, parseClients, parseRichClient, ShapeError } from './responses';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const CLIENTS_KEY = Buffer.from('"clients"');

const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Where the top-level `clients` array is, and its elements (`[start, end)` pairs); undefined: decode whole. */
export interface ClientsLayout {
  /** The body's first byte (after a BOM). */
  readonly bodyStart: number;
  /** The array's `[` and one past its `]`. */
  readonly arrayStart: number;
  readonly arrayEnd: number;
  /** Element i is bytes[elements[2i], elements[2i+1]). */
  readonly elements: Int32Array;
}

/** One past the string starting at `i` (a quote), or -1 when it does not end. */
function endOfString(bytes: Buffer, i: number): number {
  for (let q = bytes.indexOf(QUOTE, i + 1); q !== -1; q = bytes.indexOf(QUOTE, q + 1)) {
    let slashes = 0;
    while (bytes[q - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q + 1;
  }
  return -1;
}

/** One past the JSON value starting at `i` (only its extent: JSON.parse checks it), or -1. */
function endOfValue(bytes: Buffer, i: number): number {
  const c = bytes[i];
  if (c === QUOTE) return endOfString(bytes, i);
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
    let depth = 0;
    for (let k = i; k < bytes.length; k++) {
      const b = bytes[k]!;
      if (b === QUOTE) {
        k = endOfString(bytes, k) - 1;
        if (k < 0) return -1;
      } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++;
      else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) if (--depth === 0) return k + 1;
    }
    return -1;
  }
  // A number or a literal: up to the next delimiter.
  let k = i;
  while (k < bytes.length && !isSpace(bytes[k]) && bytes[k] !== COMMA && bytes[k] !== CLOSE_OBJECT && bytes[k] !== CLOSE_ARRAY) k++;
  return k > i ? k : -1;
}

function skipSpace(bytes: Buffer, i: number): number {
  while (isSpace(bytes[i])) i++;
  return i;
}

/** The elements of the body's one top-level `"clients": [...]`, or undefined (none, two, or not laid out plainly). */
export function clientsLayout(bytes: Buffer): ClientsLayout | undefined {
  const bodyStart = textStart(bytes);
  let i = skipSpace(bytes, bodyStart);
  if (bytes[i] !== OPEN_OBJECT) return undefined;
  let found: ClientsLayout | undefined;
  i = skipSpace(bytes, i + 1);
  if (bytes[i] === CLOSE_OBJECT) return undefined;
  for (;;) {
    if (bytes[i] !== QUOTE) return undefined;
    const keyEnd = endOfString(bytes, i);
    if (keyEnd === -1) return undefined;
    const isClients = keyEnd - i === CLIENTS_KEY.length && bytes.compare(CLIENTS_KEY, 0, CLIENTS_KEY.length, i, keyEnd) === 0;
    i = skipSpace(bytes, keyEnd);
    if (bytes[i] !== COLON) return undefined;
    i = skipSpace(bytes, i + 1);
    if (isClients) {
      // A second `clients` key: JSON.parse keeps the last one; the whole-body path handles that.
      if (found || bytes[i] !== OPEN_ARRAY) return undefined;
      const arrayStart = i;
      const spans: number[] = [];
      i = skipSpace(bytes, i + 1);
      if (bytes[i] !== CLOSE_ARRAY)
        for (;;) {
          const end = endOfValue(bytes, i);
          if (end === -1) return undefined;
          spans.push(i, end);
          i = skipSpace(bytes, end);
          if (bytes[i] === CLOSE_ARRAY) break;
          if (bytes[i] !== COMMA) return undefined;
          i = skipSpace(bytes, i + 1);
        }
      found = { bodyStart, arrayStart, arrayEnd: i + 1, elements: Int32Array.from(spans) };
      i = skipSpace(bytes, i + 1);
    } else {
      const end = endOfValue(bytes, i);
      if (end === -1) return undefined;
      i = skipSpace(bytes, end);
    }
    if (bytes[i] === CLOSE_OBJECT) return found;
    if (bytes[i] !== COMMA) return undefined;
    i = skipSpace(bytes, i + 1);
  }
}

/** JSON.parse of a part, or undefined when it is not JSON (the whole body is decoded then, for its error). */
function parsePart(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** `/api/clients` decoded: as decodeAnswer(bytes, url, parseClients), the rich shape in parts. */
export function decodeClientsAnswer(bytes: Buffer, url: URL): ClientSnapshotEntry[] {
  const layout = clientsLayout(bytes);
  if (layout) {
    const entries = new Array<ClientSnapshotEntry>(layout.elements.length / 2);
    if (eachPart(bytes, layout, (k, entry) => (entries[k] = entry))) return entries;
  }
  return decodeAnswer(bytes, url, parseClients);
}

/**
 * The same list as decodeClientsAnswer, as columns when decoded in parts (client-list.ts: no object per
 * client is kept; the API source keeps its last list between polls), else the entries.
 */
export function decodeClientsList(bytes: Buffer, url: URL): ClientList {
  const layout = clientsLayout(bytes);
  if (layout) {
    const columns = new ColumnsBuilder(layout.elements.length / 2);
    if (eachPart(bytes, layout, (k, entry) => columns.set(k, entry))) return columns.columns;
  }
  return decodeAnswer(bytes, url, parseClients);
}

/** Hands each element of a rich answer's `clients`, decoded and checked alone, to `take`; false when that does not apply or finds a problem (decoded whole then, for the same result or error). */
function eachPart(bytes: Buffer, layout: ClientsLayout, take: (k: number, entry: ClientSnapshotEntry) => void): boolean {
  const rest = parsePart(bytes.toString('utf8', layout.bodyStart, layout.arrayStart) + '[]' + bytes.toString('utf8', layout.arrayEnd));
  if (!rest) return false;
  const { elements } = layout;
  try {
    for (let k = 0; k < elements.length / 2; k++) {
      const element = parsePart(bytes.toString('utf8', elements[2 * k]!, elements[2 * k + 1]!));
      if (!element) return false;
      take(k, parseRichClient(element.value, k));
    }
    checkRichRest(rest.value);
  } catch (err) {
    // A wrong field: the whole-body path names it (or a syntax error elsewhere, which comes first there).
    if (err instanceof ShapeError) return false;
    throw err;
  }
  return true;
}
