/**
 * A parser whose output takes `logLine` says exactly what one without it says, in the same order: each
 * record's `log_line` event arrives as its fields instead of as an event, nothing else changes (text
 * and byte paths, every fixture line, and random mixes of them with hostile text).
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogParser } from '../../../../exporter/sources/log/parser';

const DIR = new URL('../../../fixtures/logs/', import.meta.url);
const FIXTURE_LINES = readdirSync(DIR).flatMap((f) => readFileSync(new URL(f, DIR), 'utf8').split('\n'));

/** Everything a parser says about `lines`, with or without the `logLine` output. */
function said(lines: readonly string[], withLogLine: boolean, asBytes: boolean): unknown[] {
  const out: unknown[] = [];
  const logLine = (level: string, at: number): void => void out.push({ source: 'log', at, type: 'log_line', level });
  const parser = new LogParser(
    { event: (e) => out.push(e), malformed: (kind, detail) => out.push({ kind, detail }), ...(withLogLine ? { logLine } : {}) },
    () => 1_800_000_000,
  );
  for (const line of lines) {
    if (asBytes) {
      const bytes = Buffer.from(line, 'utf8');
      parser.parseBytes(bytes, 0, bytes.length);
    } else parser.parseLine(line);
  }
  parser.endOfData();
  return out;
}

describe('LogParser with a logLine output', () => {
  it('says what it says without one, for every fixture line, as text and as bytes', () => {
    for (const asBytes of [false, true]) {
      const plain = said(FIXTURE_LINES, false, asBytes);
      expect(plain.filter((e) => (e as { type?: string }).type === 'log_line').length).toBeGreaterThan(50);
      expect(said(FIXTURE_LINES, true, asBytes)).toEqual(plain);
    }
  });

  it('says what it says without one, for random mixes of fixture lines and hostile text', () => {
    const line = fc.oneof(fc.constantFrom(...FIXTURE_LINES), fc.string(), fc.constantFrom(...FIXTURE_LINES).map((l) => l.replace('INFO', 'WARNING')));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.boolean(), (lines, asBytes) => {
        expect(said(lines, true, asBytes)).toEqual(said(lines, false, asBytes));
      }),
      { numRuns: 300 },
    );
  });
});
