/**
 * Property tests: random and hostile log text through the real line splitter, parser, fleet state
 * and renderer (malformed lines reported through the real sink). Nothing may throw, counters never go
 * down, ufo_exporter_errors_total{source="log"} equals the lines reported, and the API key in a URL never becomes a
 * label value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricDefinitions } from '../../exporter/catalogue';
import type { SourceError } from '../../exporter/events';
import { silentLogger } from '../../exporter/logging';
import { CatalogueRenderer } from '../../exporter/metrics/renderer';
import { createStateSink } from '../../exporter/sink';
import { LineSplitter } from '../../exporter/sources/log/line-splitter';
import { LogParser } from '../../exporter/sources/log/parser';
import { FleetState } from '../../exporter/state';
import { parseMetrics, type Sample } from '../../scripts/stack/metrics-text';

export const FUZZ_TOKEN = 'TOPSECRETKEY42';
const MAX_LINE = 4096;

const stamp = fc
  .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 999 }))
  .map(([d, s, ms]) => `2026-11-${String((d % 28) + 1).padStart(2, '0')} 04:28:${String(s).padStart(2, '0')},${String(ms).padStart(3, '0')}`);
const id = fc.oneof(fc.stringMatching(/^[a-z]{1,6}-\d{1,3}$/), fc.constant(`x/ws?token=${FUZZ_TOKEN}`), fc.string({ maxLength: 8 }));
const path = fc.oneof(
  fc.constantFrom('/api/health', '/api/clients', '/api/dispatch', '/ws', '/'),
  id.map((i) => `/api/task_result/${i}`),
  fc.webPath(),
  fc.constant(`/ws?token=${FUZZ_TOKEN}`),
  fc.webPath().map((p) => `${p}?token=${FUZZ_TOKEN}&x=1`),
);
const level = fc.constantFrom('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', 'NOTICE', 'toString', '');
const message = fc.oneof(
  id.map((i) => `[WS] 📱 Device client ${i} connected - Platform: ${i}, CPU: 8`),
  id.map((i) => `[WS] 🌟 Constellation client ${i} connected`),
  fc.tuple(id, fc.integer({ min: -5, max: 70000 })).map(([i, c]) => `[WS] ${i} disconnected - code=${c}, reason=x`),
  id.map((i) => `[WS] ${i} disconnected`),
  id.map((i) => `[WS] 🚨 duplicate client_id rejected: ${i}`),
  fc.constant('[WS] Error with client None: boom'),
  fc.tuple(id, id).map(([s, c]) => `Created new windows session: ${s} (type: ServiceSession, owner: '${c}')`),
  fc.tuple(id, fc.double()).map(([s, x]) => `[SessionManager] ⏱️ Session ${s} execution took ${x}s`),
  fc.tuple(id, fc.constantFrom('COMPLETED', 'FAILED', 'WEIRD')).map(([s, st]) => `[SessionManager] ✅ Session ${s} completed with status TaskStatus.${st}`),
  fc.tuple(id, id).map(([s, r]) => `[SessionManager] 🛑 Session ${s} was cancelled (reason: ${r})`),
  id.map((s) => `[SessionManager] ❌ Error in session ${s}: x`),
  id.map((s) => `[SessionManager] 🚀 Started background task ${s}`),
  fc.tuple(id, id).map(([s, d]) => `[WS] 🎯 Prepared task: session_id=${s}, task_name=t, client_type=ClientType.DEVICE, target_device=${d}`),
  fc.tuple(fc.constantFrom('[WS] ', '[SessionManager] '), fc.string({ unit: 'grapheme', maxLength: 20 })).map(([p, r]) => p + r),
  id.map((s) => `[Session] Task cancelled: ${s} (reason: ${s})`),
  fc.string({ maxLength: 40 }),
);
const pythonLine = fc.tuple(stamp, fc.string({ maxLength: 12 }), level, message).map(([t, n, l, m]) => `${t} - ${n} - ${l} - ${m}`);
const uvicornLine = fc
  .tuple(fc.constantFrom('GET', 'POST', 'BREW', 'get'), path, fc.integer({ min: 0, max: 999 }))
  .map(([m, p, c]) => `INFO:     127.0.0.1:5000 - "${m} ${p} HTTP/1.1" ${c} OK`);
const wsLine = path.map((p) => `INFO:     ('127.0.0.1', 60992) - "WebSocket ${p}" [accepted]`);
const jsonLine = fc.oneof(
  fc.tuple(level, message, fc.oneof(fc.constant(undefined), fc.double(), fc.string(), stamp)).map(([l, m, t]) => JSON.stringify({ timestamp: t, level: l, message: m })),
  fc.json().map((j) => (j.startsWith('{') ? j : `{"x":${j}}`)),
);
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.integer({ min: MAX_LINE, max: MAX_LINE * 3 }).map((n) => 'Z'.repeat(n)),
  fc.tuple(pythonLine, fc.nat()).map(([l, cut]) => l.slice(0, cut % (l.length + 1))),
);
const anyLine = fc.oneof(pythonLine, uvicornLine, wsLine, jsonLine, hostile);

/** Series whose value may never decrease. */
const isCounterSeries = (key: string): boolean => /_total\{|_count\{|_sum\{|_bucket\{/.test(key);
/** Per-client series exist only while their client is connected and under the cap (by design), so they may vanish. */
const PER_CLIENT = new Set(metricDefinitions.filter((d) => d.perClient).map((d) => d.name));
const isPerClient = (key: string): boolean => PER_CLIENT.has(key.slice(0, key.indexOf('{')));

/** One assertion over all series (an `expect` per series was most of this file's time). */
function expectMonotonic(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): void {
  const decreased: string[] = [];
  for (const [key, old] of before) {
    if (!isCounterSeries(key)) continue;
    const now = after.get(key);
    if (now === undefined && isPerClient(key)) continue;
    if (!((now ?? 0) >= old)) decreased.push(`${key}: ${old} → ${now ?? 0}`);
  }
  expect(decreased).toEqual([]);
}

const sumOf = (samples: readonly Sample[]): number => samples.reduce((total, sample) => total + sample.value, 0);

function expectTokenFree(samples: ReadonlyMap<string, number>): void {
  expect([...samples.keys()].filter((key) => key.includes(FUZZ_TOKEN))).toEqual([]);
}

/** Raw line bytes: UTF-8 text, and records whose logger, level or message hold arbitrary bytes (invalid UTF-8 included). */
const lineBytes = fc.oneof(
  anyLine.map((l) => Buffer.from(l, 'utf8')),
  fc
    .tuple(stamp, fc.uint8Array({ maxLength: 12 }), fc.oneof(level.map((l) => Buffer.from(l)), fc.uint8Array({ maxLength: 8 })), fc.uint8Array({ maxLength: 60 }))
    .map(([t, n, l, m]) => Buffer.concat([Buffer.from(`${t} - `), Buffer.from(n), Buffer.from(' - '), Buffer.from(l), Buffer.from(' - '), Buffer.from(m)])),
  fc.tuple(stamp, fc.uint8Array({ maxLength: 30 })).map(([t, rest]) => Buffer.concat([Buffer.from(t.slice(0, 5)), Buffer.from(rest), Buffer.from(t.slice(5))])),
  fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
).map((b) => Buffer.from(b.filter((byte) => byte !== 10)));

/** Everything one parser says about some lines, in order: events and problems. */
function parseAll(lines: readonly Buffer[], asBytes: boolean): unknown[] {
  const said: unknown[] = [];
  const parser = new LogParser({ event: (e) => said.push(e), malformed: (kind, detail) => said.push({ kind, detail }) }, () => 1_800_000_000);
  for (const line of lines) {
    if (asBytes) parser.parseBytes(line, 0, line.length);
    else parser.parseLine(line.toString('utf8'));
  }
  parser.endOfData();
  return said;
}

describe('log lines as bytes (parseBytes) and as text (parseLine)', () => {
  it('give the same events and problems for any bytes', () => {
    fc.assert(
      fc.property(fc.array(lineBytes, { maxLength: 30 }), (lines) => {
        expect(parseAll(lines, true)).toEqual(parseAll(lines, false));
      }),
      { numRuns: 400 },
    );
  });
});

describe('log parsing under random and hostile input (fast-check)', () => {
  it('never throws, keeps counters monotonic, counts every malformed line and never exports the token', () => {
    let reportsSeen = 0;
    fc.assert(
      fc.property(fc.array(fc.array(anyLine, { maxLength: 25 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 64 }), (batches, chunkSize) => {
        const state = new FleetState({ now: () => 1_800_000_000 });
        const errors: SourceError[] = [];
        const sink = createStateSink({ state, logger: silentLogger, maxSeries: 1_000_000 });
        // Reported through the real sink, as the log source does (exporter/sources/log/index.ts), and kept to check.
        const report = (kind: string, message: string): void => {
          const error: SourceError = { source: 'log', kind, message };
          errors.push(error);
          sink.reportError(error);
        };
        const parser = new LogParser({ event: (e) => sink.emit(e), malformed: report }, () => 1_800_000_000);
        // Lines as bytes, as the log source hands them over (exporter/sources/log/index.ts).
        const splitter = new LineSplitter(MAX_LINE, {
          line: (l) => parser.parseLine(l),
          lineBytes: (b, start, end) => parser.parseBytes(b, start, end),
          tooLong: () => report('line_too_long', `line longer than ${MAX_LINE} bytes dropped`),
        });
        const renderer = new CatalogueRenderer({ view: state, maxSeries: 1_000_000, now: () => 1_800_000_000 });
        let previous = parseMetrics(renderer.render()).byKey;
        let previousLogErrors = 0;
        for (const batch of batches) {
          // Bytes in arbitrary chunks: splits UTF-8 sequences (emoji) across reads.
          const bytes = Buffer.from(batch.join('\n') + '\n', 'utf8');
          for (let at = 0; at < bytes.length; at += chunkSize) splitter.push(bytes.subarray(at, at + chunkSize));
          parser.endOfData();
          const scraped = parseMetrics(renderer.render());
          const current = scraped.byKey;
          expectMonotonic(previous, current);
          // Every malformed or over-long line is counted once, by kind, and the counter never goes down.
          const logErrors = sumOf(scraped.find('ufo_exporter_errors_total', { source: 'log' }));
          expect(logErrors).toBe(errors.length);
          expect(logErrors).toBeGreaterThanOrEqual(previousLogErrors);
          for (const kind of new Set(errors.map((e) => e.kind)))
            expect(scraped.valueOrZero('ufo_exporter_errors_total', { source: 'log', kind }), kind).toBe(errors.filter((e) => e.kind === kind).length);
          previousLogErrors = logErrors;
          reportsSeen += logErrors;
          expectTokenFree(current);
          previous = current;
        }
        expect(errors.filter((e) => e.message.includes(FUZZ_TOKEN))).toEqual([]);
        expect(state.recentEvents.latest(1000).filter((entry) => JSON.stringify(entry).includes(FUZZ_TOKEN))).toEqual([]);
      }),
      { numRuns: 150 },
    );
    // The inputs do produce malformed lines, so the error-counter checks above were exercised.
    expect(reportsSeen).toBeGreaterThan(0);
  });
});
