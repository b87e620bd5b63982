/**
 * The pattern cache's key (`uuidFreeKey`): a message whose only difference is a UUID between
 * whitespace shares its key, so the cache hits for `No running task found for <uuid>`, and the pattern
 * made from the key is the pattern of the message itself, for UUIDs in any context (next to quotes,
 * paths, addresses, named ids, brackets, other UUIDs). The events (pattern and example) are those of
 * the uncached functions; an example made from its key's example (`exampleFromKey`) is the message's own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanMessage, errorPattern, exampleFromKey, exampleLine, exampleOfClean, patternOfClean, uuidFreeKey } from '../../../../exporter/sources/log/error-pattern';
import { logErrorEvent } from '../../../../exporter/sources/log/error-records';

const hex = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: n, maxLength: n });
const uuid = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((parts) => parts.join('-'));
const piece = fc.oneof(
  uuid,
  uuid,
  fc.constantFrom('No', 'running', 'task', 'found', 'for', 'session', 'client', 'device', 'id', 'target', 'Error', 'in', '[WS]', '⚠️', 'None'),
  fc.constantFrom("'", '"', '/', 'C:\\x', ':', '[', ']', '(', ')', '=', ',', '.', '-', '10.0.0.1', 'host:8000', '[::1]:80', '?', 'token=', '12.5s', '<'),
  fc.string({ maxLength: 6 }),
);
const separator = fc.constantFrom(' ', ' ', ' ', '', ':', '/', "'", '"', '\u00a0', '\t', '=', '.', '-', ', ');
const message = fc
  .array(fc.tuple(piece, separator), { maxLength: 14 })
  .map((parts) => parts.map(([p, s]) => p + s).join(''));
const exception = fc.option(fc.constantFrom('RuntimeError', 'KeyError'), { nil: undefined });

describe('uuidFreeKey', () => {
  it('gives the repeating UUID warnings and errors one key', () => {
    const a = cleanMessage('[SessionManager] ⚠️ No running task found for b362a53a-e5c6-42d5-8bae-e39720bb4450');
    const b = cleanMessage('[SessionManager] ⚠️ No running task found for 26f7bdc4-d540-4bce-949a-4ecaa8e6fd1e');
    expect(uuidFreeKey(a)).toBe(uuidFreeKey(b));
    expect(patternOfClean(uuidFreeKey(a))).toBe('[SessionManager] ⚠️ No running task found for <uuid>');
    expect(uuidFreeKey(cleanMessage('Error in session 0a1b2c3d-e5c6-42d5-8bae-e39720bb4450: TimeoutError'))).toBe(uuidFreeKey(cleanMessage('Error in session 26f7bdc4-d540-4bce-949a-4ecaa8e6fd1e: TimeoutError')));
    expect(uuidFreeKey('no uuid here')).toBe('no uuid here');
  });

  it('keys to the same pattern as the message itself, for UUIDs in any context', () => {
    fc.assert(
      fc.property(message, exception, (text, type) => {
        const clean = cleanMessage(text);
        expect(patternOfClean(uuidFreeKey(clean), type)).toBe(patternOfClean(clean, type));
      }),
      { numRuns: 5_000 },
    );
  });

  it('leaves the cached events equal to the uncached functions, examples keeping their own ids', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(message, exception), { minLength: 1, maxLength: 8 }), (records) => {
        for (const [text, type] of records) {
          const event = logErrorEvent('log', 0, 'warning', 'x', text, type);
          expect(event.pattern).toBe(errorPattern(text, type));
          expect(event.example).toBe(exampleLine(text));
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('makes the example from the key\'s example with the UUIDs put back, or declines (long texts, the fixed UUID written out)', () => {
    const canonical = '00000000-0000-0000-0000-000000000000';
    const filler = fc.integer({ min: 0, max: 330 }).map((n) => 'w'.repeat(n));
    const text = fc.oneof(
      message,
      fc.tuple(filler, message).map(([f, m]) => `${f} ${m}`),
      fc.tuple(message, filler, message).map(([a, f, b]) => `${a} ${f}${b}`),
      fc.tuple(message, fc.constantFrom(` ${canonical} `, `x${canonical}`, canonical, ` ${canonical}:`), message).map(([a, c, b]) => a + c + b),
    );
    let taken = 0;
    fc.assert(
      fc.property(text, (t) => {
        const clean = cleanMessage(t);
        const made = exampleFromKey(exampleOfClean(uuidFreeKey(clean)), clean);
        if (made !== undefined) {
          taken++;
          expect(made).toBe(exampleOfClean(clean));
        }
      }),
      { numRuns: 5_000 },
    );
    expect(taken).toBeGreaterThan(1_000);
    // The server's own UUID lines are taken.
    for (const line of [
      '[SessionManager] ⚠️ No running task found for b362a53a-e5c6-42d5-8bae-e39720bb4450',
      '[SessionManager] ❌ Error in session 26f7bdc4-d540-4bce-949a-4ecaa8e6fd1e: TimeoutError: Device did not answer',
    ]) {
      const clean = cleanMessage(line);
      expect(uuidFreeKey(clean)).not.toBe(clean);
      expect(exampleFromKey(exampleOfClean(uuidFreeKey(clean)), clean)).toBe(exampleOfClean(clean));
    }
  });
});
