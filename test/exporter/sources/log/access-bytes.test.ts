/**
 * The access-line reader on bytes (access-bytes.ts) against the text path, its definition: for any line
 * (the fixtures' access lines, those lines with a few edits at the decision characters, random text), when
 * the reader takes the line's bytes, the parser reading the same line as text says exactly one
 * `http_request` with the reader's method, route and code, and asks about the same caller. The real
 * access lines must be taken.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../../exporter/events';
import { AccessBytes } from '../../../../exporter/sources/log/access-bytes';
import { LogParser } from '../../../../exporter/sources/log/parser';
import { mutated } from '../../../helpers/line-mutations';

const FIXTURES = ['current-format.txt', 'field-cases.txt', 'error-patterns.txt'].flatMap((f) =>
  readFileSync(new URL(`../../../fixtures/logs/${f}`, import.meta.url), 'utf8').split('\n'),
);
const REAL = [
  ...FIXTURES.filter((l) => l.startsWith('INFO:') && l.includes(' HTTP/')),
  'INFO:     127.0.0.1:1 - "get /ws HTTP/2" 101',
  'INFO:     127.0.0.1:1 - "GET /api/task_result/t?token=K HTTP/1.0" 200 OK',
  'INFO:     127.0.0.1:1 - "POST /api/health/ HTTP/1.1" 200',
  'INFO:     127.0.0.1:1 - "DELETE /api/task_result/a/b HTTP/1.1" 404 Not Found',
  'INFO:     [::1]:1 - "OPTIONS /#x HTTP/1.1" 405',
  'INFO: 10.0.0.1:80 - "BREW /coffee HTTP/1.1" 418 I\'m a teapot',
];

/** What the text path says about one line: its events, and the callers it asked about. */
function textPath(line: string): { events: FleetEvent[]; callers: string[] } {
  const events: FleetEvent[] = [];
  const callers: string[] = [];
  const parser = new LogParser({ event: (e) => events.push(e), malformed: () => undefined }, () => 1_000, (caller) => callers.push(caller) > 0 && false);
  parser.parseLine(line);
  parser.endOfData();
  return { events, callers };
}

/** The reader on the line's bytes, placed after other bytes (a line is a range of a chunk). */
function onBytes(reader: AccessBytes, line: string): { bytes: Buffer; taken: boolean } {
  const bytes = Buffer.concat([Buffer.from('x\n'), Buffer.from(line, 'utf8'), Buffer.from('\ny')]);
  return { bytes, taken: reader.read(bytes, 2, bytes.length - 2) };
}

describe('access-bytes: the access-line reader on bytes holds to the text path', () => {
  it('takes the real access lines and says what the text path says', () => {
    const reader = new AccessBytes();
    for (const line of REAL) {
      expect(onBytes(reader, line).taken, line).toBe(true);
      const { events } = textPath(line);
      expect(events, line).toEqual([{ source: 'log', at: 1_000, type: 'http_request', method: reader.method, route: reader.route, code: reader.code }]);
    }
    expect(REAL.length).toBeGreaterThan(8);
  });

  it('for any line it takes, the text path reads the same request from the same caller', () => {
    const reader = new AccessBytes();
    const input = fc.oneof(
      mutated(REAL),
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => 'INFO:     1.2.3.4:5 - "' + s),
      fc.tuple(fc.constantFrom('GET', 'get', 'Post', 'WEBSOCKET', 'X'), fc.string({ unit: 'grapheme', maxLength: 30 })).map(([m, p]) => `INFO:  1.2.3.4:5 - "${m} /${p} HTTP/1.1" 200 OK`),
    );
    let takenLines = 0;
    fc.assert(
      fc.property(input, (line) => {
        const { bytes, taken } = onBytes(reader, line);
        if (!taken) return;
        takenLines++;
        const { events, callers } = textPath(line);
        expect(events).toEqual([{ source: 'log', at: 1_000, type: 'http_request', method: reader.method, route: reader.route, code: reader.code }]);
        expect(callers).toEqual([bytes.toString('utf8', reader.callerStart, reader.callerEnd)]);
      }),
      { numRuns: 20_000 },
    );
    expect(takenLines).toBeGreaterThan(500); // the property is about lines the reader takes: enough of them
  });
});
