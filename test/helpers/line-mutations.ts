/**
 * Lines mutated at the characters the hand-written log readers decide on (fast-lines.ts, access-bytes.ts):
 * their property tests hold the fast readers to their definitions on real lines with a few such edits.
 */
import fc from 'fast-check';

/** Characters that sit on the readers' decisions: separators, digit/letter edges, other whitespace, non-ASCII. */
export const EDGE = fc.constantFrom(' ', '?', '#', ':', '\t', '\n', '\u00a0', '\u2003', ')', '(', '"', '.', 's', 'S', '0', '9', 'A', 'Z', 'a', 'z', '@', '[', '`', '{', '/', '-', '\x00', '\x7f', 'é', '😀', '');
/** A real line with a few edits: a character replaced, inserted or removed, or the line cut. */
export function mutated(real: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete', 'cut'), EDGE);
  return fc.tuple(fc.constantFrom(...real), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([line, edits]) => {
    let s = line;
    for (const [pos, op, ch] of edits) {
      const at = pos % (s.length + 1);
      if (op === 'replace') s = s.slice(0, at) + ch + s.slice(at + 1);
      else if (op === 'insert') s = s.slice(0, at) + ch + s.slice(at);
      else if (op === 'delete') s = s.slice(0, at) + s.slice(at + 1);
      else s = s.slice(0, at);
    }
    return s;
  });
}
