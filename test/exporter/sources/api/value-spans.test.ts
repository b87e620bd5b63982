/** Where the per-request values of an answer are, and whether two answers differ only in them. */
import { describe, expect, it } from 'vitest';
import { endOfJsonNumber, sameExceptValues, valueSpans } from '../../../../exporter/sources/api/value-spans';

describe('comparing answers except per-request values', () => {
  const rich = (uptimes: readonly string[], id = 'a'): Buffer =>
    Buffer.from(`{"clients":[{"client_id":"${id}","uptime_seconds":${uptimes[0]}},{"client_id":"b","uptime_seconds":${uptimes[1]}}],"total":2}`);
  const same = async (a: Buffer, b: Buffer): Promise<boolean> => {
    const spans = valueSpans(a);
    if (!spans) throw new Error('no value spans');
    return (await sameExceptValues(a, spans, b)) !== undefined;
  };

  it.each([
    ['other uptimes', ['1', '2'], ['30', '4.5e1'], 'a', true],
    ['other uptimes of the same length', ['1', '20'], ['7', '21'], 'a', true],
    ['a changed id after same-length uptimes', ['1', '2'], ['3', '4'], 'b', false],
    ['a changed client id', ['1', '2'], ['1', '2'], 'z', false],
    ['a value that is not a number', ['1', '2'], ['1', '"2"'], 'a', false],
    ['a malformed number', ['1', '2'], ['1', '-'], 'a', false],
  ] as const)('%s', async (_name, before, after, id, expected) => {
    expect(await same(rich(before), rich(after, id))).toBe(expected);
  });

  it('leaves the reference answer valid JSON of the same structure (its skipped numbers may take the new values)', async () => {
    const reference = rich(['1', '2']);
    expect(await same(reference, rich(['3', '40']))).toBe(true);
    expect(JSON.parse(reference.toString('utf8'))).toEqual({ clients: [{ client_id: 'a', uptime_seconds: 3 }, { client_id: 'b', uptime_seconds: 2 }], total: 2 });
  });

  it('does not skip past a missing or extra entry', async () => {
    const one = Buffer.from('{"clients":[{"client_id":"a","uptime_seconds":1}],"total":1}');
    const two = Buffer.from('{"clients":[{"client_id":"a","uptime_seconds":1},{"client_id":"b","uptime_seconds":1}],"total":1}');
    expect(await same(one, two)).toBe(false);
    expect(await same(two, one)).toBe(false);
    expect(valueSpans(Buffer.from('{"clients":[{"client_id":"a","uptime_seconds":null}]}'))).toBeUndefined();
  });

  it('reads JSON numbers by the grammar', () => {
    const end = (text: string): number => endOfJsonNumber(Buffer.from(text), 0);
    expect([end('12}'), end(' -0.5e+3,'), end('01'), end('1.}'), end('-x'), end('1e}')]).toEqual([2, 8, 1, -1, -1, -1]);
  });
});
