/**
 * Error patterns: the normaliser (exporter/sources/log/error-pattern.ts), records joined with their
 * tracebacks (error-records.ts) in every log format, and the capped counting in the fleet state.
 */
import { describe, expect, it } from 'vitest';
import type { LogError } from '../../../../exporter/events';
import { errorPattern, exampleLine, exceptionTypeOf, MAX_PATTERN_LENGTH } from '../../../../exporter/sources/log/error-pattern';
import { LogParser } from '../../../../exporter/sources/log/parser';
import { FleetState } from '../../../../exporter/state';
import { parseFixture, parseText } from '../../../helpers/log-parse';

const patternsOf = (errors: readonly LogError[]): string[] => errors.map((e) => e.pattern);

describe('errorPattern', () => {
  it('makes the issue\'s five messages four patterns', () => {
    const patterns = [
      "[SessionManager] ❌ Error in session fx-sess-fail-1: 'NoneType' object is not iterable",
      "[SessionManager] ❌ Error in session fx-sess-fail-2: 'NoneType' object is not iterable",
      "[WS] Error with client None: Client 'win-1' is already registered; duplicate registrations are not allowed",
      "[WS] Error with client None: Target device 'mac-1' is not connected",
      'Client win-9 not online',
    ].map((m) => errorPattern(m));
    expect(patterns).toEqual([
      '[SessionManager] ❌ Error in session <id>: <str> object is not iterable',
      '[SessionManager] ❌ Error in session <id>: <str> object is not iterable',
      '[WS] Error with client None: Client <str> is already registered; duplicate registrations are not allowed',
      '[WS] Error with client None: Target device <str> is not connected',
      'Client <id> not online',
    ]);
  });

  it.each([
    ['timeout after 12.5s on 10.0.0.7:8000', 'timeout after <n> on <addr>'],
    ['cannot open /var/lib/ufo/state.json: denied', 'cannot open <path>: denied'],
    ['fetch http://user:pw@host:8000/api?x=1 failed', 'fetch <url> failed'],
    ['bad request id 3f2b8c1e-1d2e-4f5a-9b8c-7d6e5f4a3b2c', 'bad request id <uuid>'],
    ['session alpha_beta ended', 'session <id> ended'],
    ['the session manager is busy', 'the session manager is busy'],
    ["client doesn't answer", "client doesn't answer"],
    ['peer ("127.0.0.1", 60992) gone', 'peer (<str>, <n>) gone'],
    ['', '<empty>'],
  ])('%j → %j', (message, pattern) => {
    expect(errorPattern(message)).toBe(pattern);
  });

  it.each([
    'auth failed: api_key=sk-abc, retrying',
    'auth failed: X-API-Key: hunterhunter',
    'Authorization: Bearer eyJhbGciOi.payload.sig',
    'login password="correct horse battery staple" rejected',
    'GET /ws?token=letmein failed',
    'connect to wss://srv/ws?token=letmein refused',
    "settings {'token': 'letmein'} invalid",
  ])('never keeps a secret: %j', (message) => {
    const pattern = errorPattern(message);
    for (const secret of ['sk-abc', 'hunterhunter', 'eyJhbGciOi', 'payload', 'horse', 'letmein']) expect(pattern).not.toContain(secret);
    for (const secret of ['sk-abc', 'hunterhunter', 'eyJhbGciOi', 'horse', 'letmein']) expect(exampleLine(message)).not.toContain(secret);
  });

  it('keeps ids and UUIDs in the example line, masks long random-looking words', () => {
    expect(exampleLine('session ff8d085b-8cf8-4d6a-a843-00fda099bf4f on win-1: key abcdefghijklmnop1234567890xyz')).toBe(
      'session ff8d085b-8cf8-4d6a-a843-00fda099bf4f on win-1: key <secret>',
    );
    expect(errorPattern('session ff8d085b-8cf8-4d6a-a843-00fda099bf4f failed')).toBe('session <id> failed');
  });

  it('bounds the length, whole code points only, the exception type kept', () => {
    const long = 'word '.repeat(100) + '😀'.repeat(200);
    const pattern = errorPattern(long, 'TimeoutError');
    expect(Array.from(pattern).length).toBeLessThanOrEqual(MAX_PATTERN_LENGTH);
    expect(pattern.endsWith('… [TimeoutError]')).toBe(true);
    expect(pattern).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no lone surrogate
  });

  it('reads exception lines', () => {
    expect(exceptionTypeOf('RuntimeError: boom')).toBe('RuntimeError');
    expect(exceptionTypeOf('asyncio.exceptions.CancelledError')).toBe('CancelledError');
    expect(exceptionTypeOf('During handling of the above exception, another exception occurred:')).toBeUndefined();
  });
});

describe('error records in the log', () => {
  it('counts each WARNING+ record of the current format once, a traceback with its exception type', () => {
    const { errors } = parseFixture('error-patterns.txt');
    expect(errors.map((e) => `${e.level} ${e.logger} ${e.pattern}`)).toEqual([
      'error ufo.server.services.session_manager [SessionManager] ❌ Error in session <id>: <str> object is not iterable [TypeError]',
      'error ufo.server.services.session_manager [SessionManager] ❌ Error in session <id>: <str> object is not iterable [TypeError]',
      'error UFOWebSocketHandler [WS] Error with client None: Client <str> is already registered; duplicate registrations are not allowed',
      'error UFOWebSocketHandler [WS] Error with client None: Target device <str> is not connected',
      'error ufo.server.app Client <id> not online',
    ]);
    expect(errors[1]!.example).toBe("[SessionManager] ❌ Error in session fx-sess-fail-2: 'NoneType' object is not iterable");
  });

  it('reads the JSON format (exc_info) and the older format', () => {
    expect(patternsOf(parseFixture('json-lines.txt').errors)).toEqual([
      '[SessionManager] ❌ Error in session <id>: boom [RuntimeError]',
      '[WS] <id> disconnected - code=<n>, reason=bye',
    ]);
    expect(patternsOf(parseFixture('legacy-format.txt').errors)).toEqual([
      '[Session] Task cancelled: <id> (reason: device_disconnected)',
      '[Session] Task failed: <id>',
    ]);
  });

  it('makes a traceback without a record one error record; chained tracebacks take the last exception', () => {
    const { errors } = parseText(
      [
        '2026-11-21 04:28:00,000 - app - INFO - starting',
        'Traceback (most recent call last):',
        '  File "/app/x.py", line 3, in <module>',
        "KeyError: 'plan'",
        '',
        'During handling of the above exception, another exception occurred:',
        '',
        'Traceback (most recent call last):',
        '  File "/app/x.py", line 5, in <module>',
        'ValueError: bad plan 42',
        'ERROR:    Exception in ASGI application',
        'Traceback (most recent call last):',
        'ConnectionResetError: [Errno 104] Connection reset by peer',
      ].join('\n'),
    );
    expect(errors.map((e) => `${e.level} ${e.logger} ${e.pattern}`)).toEqual([
      'error traceback ValueError: bad plan <n>',
      'error uvicorn.error Exception in ASGI application [ConnectionResetError]',
    ]);
  });

  it('waits for the exception line of a traceback cut by the end of the data read so far', () => {
    const errors: LogError[] = [];
    const parser = new LogParser({ event: (e) => e.type === 'log_error' && errors.push(e), malformed: () => undefined });
    parser.parseLine('2026-11-21 04:28:00,000 - app - ERROR - failed');
    parser.parseLine('Traceback (most recent call last):');
    parser.endOfData();
    expect(errors).toEqual([]);
    parser.parseLine('OSError: disk full');
    parser.endOfData();
    expect(patternsOf(errors)).toEqual(['failed [OSError]']);
  });
});

const errorEvent = (pattern: string, at: number, level: LogError['level'] = 'error'): LogError => ({
  source: 'log',
  at,
  type: 'log_error',
  level,
  logger: 'app',
  pattern,
  example: `${pattern} example`,
});

describe('error patterns in the fleet state', () => {
  it('keeps at most the cap; later patterns count as other, and the folded ones are counted', () => {
    const state = new FleetState({ maxErrorPatterns: 2, now: () => 100 });
    for (const [i, p] of ['a', 'b', 'a', 'c', 'd', 'c'].entries()) state.apply(errorEvent(p, i));
    const values = Object.fromEntries(state.log.errorPatterns.entries().map((e) => [`${e.labels.logger}/${e.labels.pattern}`, e.value]));
    expect(values).toEqual({ 'app/a': 2, 'app/b': 1, 'other/other': 3 });
    expect(state.log.errorPatterns.folded).toBe(2);
    expect(state.log.errorPatterns.recent(2).map((p) => [p.pattern, p.count, p.lastSeen, p.example])).toEqual([
      ['other', 3, 5, ''],
      ['a', 2, 2, 'a example'],
    ]);
  });

  it('calls back once when the cap is first crossed', () => {
    const crossings: number[] = [];
    const state = new FleetState({ maxErrorPatterns: 1, onErrorPatternCap: (limit) => crossings.push(limit) });
    for (const p of ['a', 'b', 'c', 'b']) state.apply(errorEvent(p, 1));
    expect(crossings).toEqual([1]);
  });
});
