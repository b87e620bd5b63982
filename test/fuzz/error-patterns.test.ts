/**
 * Property tests of the error patterns: random and hostile records (current, JSON and traceback
 * framings; random loggers; messages mixing ids, numbers, quotes, paths, garbage and secrets) through
 * the real parser, fleet state and renderer. `ufo_log_errors_total` never holds more than the cap
 * (plus one `other` series per level), no label is longer than its bound, every record counts once,
 * and no secret — a key or token holding a digit anywhere, or any value named as a key, token or
 * password — reaches a pattern, nor (when named) the status page's example line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogueRenderer } from '../../exporter/metrics/renderer';
import { MAX_PATTERN_LENGTH } from '../../exporter/sources/log/error-pattern';
import { LogParser } from '../../exporter/sources/log/parser';
import { FleetState } from '../../exporter/state';
import { parseMetrics } from '../../scripts/stack/metrics-text';

/** A key or token as servers make them: letters, digits, `-` and `_`, at least one digit. */
const digitSecret = fc.stringMatching(/^[A-Za-z_-]{2,12}[0-9][A-Za-z0-9_-]{3,16}$/);
/** Any word, even without a digit: a secret only because a field names it so. */
const namedSecret = fc.stringMatching(/^[A-Za-z]{10,20}$/);
const naming = fc.constantFrom('token=', 'api_key=', 'X-API-Key: ', 'password: ', 'Authorization: Bearer ', '/ws?token=', 'secret=', "'token': ", 'access_token=');

const WORDS = ['Error', 'in', 'session', 'client', 'device', 'failed', 'not', 'connected', 'timeout', '[WS]', '❌', 'None', 'target', 'with', 'of'];
const piece = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.stringMatching(/^[a-z]{1,6}-\d{1,3}$/),
  fc.integer().map(String),
  fc.double({ noNaN: true }).map((n) => `${n}s`),
  fc.string({ maxLength: 7 }).map((s) => `'${s}'`),
  fc.webPath(),
  fc.ipV4().map((ip) => `${ip}:8000`),
  fc.string({ maxLength: 7, unit: 'binary' }),
);
interface Message {
  readonly text: string;
  readonly digitSecrets: readonly string[];
  readonly namedSecrets: readonly string[];
}
const message: fc.Arbitrary<Message> = fc
  .tuple(fc.array(piece, { maxLength: 30 }), fc.array(digitSecret, { maxLength: 2 }), fc.array(fc.tuple(naming, namedSecret), { maxLength: 2 }))
  .chain(([pieces, digits, named]) =>
    fc.shuffledSubarray([...pieces, ...digits, ...named.map(([n, s]) => n + s)], { minLength: pieces.length + digits.length + named.length }).map((parts) => ({
      text: parts.join(' '),
      digitSecrets: digits,
      namedSecrets: named.map(([, s]) => s),
    })),
  );

const level = fc.constantFrom('INFO', 'WARNING', 'ERROR', 'CRITICAL');
const logger = fc.oneof(fc.constantFrom('UFOWebSocketHandler', 'ufo.server.app', 'uvicorn.error'), fc.string({ maxLength: 80 }).filter((s) => !s.includes(' - ')));
const exceptionLine = fc.constantFrom('RuntimeError: boom', "KeyError: 'plan'", 'asyncio.exceptions.CancelledError', 'garbage line', '  File "x.py", line 1');
interface Record {
  readonly lines: readonly string[];
  readonly message: Message;
}
const record: fc.Arbitrary<Record> = fc
  .tuple(fc.constantFrom('python', 'json', 'traceback'), level, logger, message, fc.array(exceptionLine, { maxLength: 3 }))
  .map(([framing, lvl, name, msg, tb]) => {
    const traceback = ['Traceback (most recent call last):', ...tb];
    if (framing === 'json')
      return { message: msg, lines: [JSON.stringify({ timestamp: 1_795_000_000, level: lvl, logger: name, message: msg.text, exc_info: traceback.join('\n') })] };
    const head = `2026-11-21 04:28:27,535 - ${name} - ${lvl} - ${msg.text.replace(/[\r\n]/g, ' ')}`;
    return { message: msg, lines: framing === 'traceback' ? [head, ...traceback] : [head] };
  });

describe('error patterns under fuzzed records', () => {
  it('stay within the cap and the label bounds, count each record once, and never hold a secret', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), fc.integer({ min: 0, max: 12 }), (records, cap) => {
        const state = new FleetState({ maxErrorPatterns: cap, now: () => 1_795_000_000 });
        let errorRecords = 0;
        const parser = new LogParser({ event: (e) => (e.type === 'log_error' && errorRecords++, state.apply(e)), malformed: () => undefined });
        for (const r of records) for (const line of r.lines) parser.parseLine(line);
        parser.endOfData();

        const metrics = parseMetrics(new CatalogueRenderer({ view: state, maxSeries: 10 }).render());
        const series = metrics.find('ufo_log_errors_total');
        expect(series.length).toBeLessThanOrEqual(cap + 3);
        expect(series.reduce((sum, s) => sum + s.value, 0)).toBe(errorRecords);
        // One assertion per property over all series (an `expect` per series and secret was most of the time).
        const secrets = records.flatMap((r) => [...r.message.digitSecrets, ...r.message.namedSecrets]);
        const namedSecrets = records.flatMap((r) => r.message.namedSecrets);
        const patterns = series.map((s) => s.labels['pattern'] ?? '');
        expect(patterns.filter((p) => Array.from(p).length > MAX_PATTERN_LENGTH)).toEqual([]);
        expect(series.map((s) => s.labels['logger'] ?? '').filter((l) => Array.from(l).length > 64)).toEqual([]);
        expect(patterns.filter((p) => secrets.some((secret) => p.includes(secret)))).toEqual([]);
        expect(state.log.errorPatterns.recent(1000).filter((p) => namedSecrets.some((secret) => p.example.includes(secret)))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
