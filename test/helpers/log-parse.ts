/** Shared by the log tests: run the parser over text and collect what it emits. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FleetEvent, LogError } from '../../exporter/events';
import { LogParser } from '../../exporter/sources/log/parser';

export const FIXTURES = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
/** The parser's clock in tests: before any record, uvicorn lines get this time. */
export const TEST_NOW = 1_000;

export interface Parsed {
  /** Every event but the `log_error`s (error patterns are tested on their own, test/exporter/sources/log/error-pattern.test.ts). */
  events: FleetEvent[];
  errors: LogError[];
  malformed: { line: number; kind: string; detail: string }[];
}

export function parseText(text: string): Parsed {
  const parsed: Parsed = { events: [], errors: [], malformed: [] };
  let line = 0;
  const parser = new LogParser(
    { event: (e) => (e.type === 'log_error' ? parsed.errors.push(e) : parsed.events.push(e)), malformed: (kind, detail) => parsed.malformed.push({ line, kind, detail }) },
    () => TEST_NOW,
  );
  for (const text_ of text.split('\n')) {
    line++;
    parser.parseLine(text_);
  }
  parser.endOfData();
  return parsed;
}

export function parseFixture(name: string): Parsed {
  return parseText(readFileSync(FIXTURES + name, 'utf8'));
}

/** Unix seconds of a local wall-clock time (the parser reads log times as local). */
export function local(y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number {
  return new Date(y, mo - 1, d, h, mi, s, ms).getTime() / 1000;
}

/** One event as a compact line: seconds after `base`, type, then its fields in order (source omitted). */
export function render(event: FleetEvent, base: number): string {
  const { source: _source, at, type, ...fields } = event;
  // A field left undefined is one the line did not give (the log source builds some events with every field, docs/performance.md).
  const rest = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`);
  return [`${(at - base).toFixed(3)}`, type, ...rest].join(' ');
}
