import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAnswer } from '../../../../exporter/sources/api/parse-answer';
import { ProbeFailure } from '../../../../exporter/sources/api/probe';
import { parseClients } from '../../../../exporter/sources/api/responses';
import { clientsLayout, decodeClientsAnswer } from '../../../../exporter/sources/api/sliced-clients';

const URL_ = new URL('http://127.0.0.1:8000/api/clients');

/** What an answer decodes to, or the failure it gives: the two paths must agree on it. */
function outcome(decode: () => unknown): unknown {
  try {
    return { value: decode() };
  } catch (err) {
    if (!(err instanceof ProbeFailure)) throw err;
    return { kind: err.kind, message: err.message };
  }
}

const whole = (bytes: Buffer): unknown => outcome(() => decodeAnswer(bytes, URL_, parseClients));
const inParts = (bytes: Buffer): unknown => outcome(() => decodeClientsAnswer(bytes, URL_));

const client = fc.record(
  {
    client_id: fc.oneof(fc.string(), fc.constant('win-"1\\'), fc.integer()),
    type: fc.constantFrom('device', 'constellation', 'phone', null),
    platform: fc.oneof(fc.string(), fc.constant(null), fc.constant('ü中😀')),
    connected_at: fc.oneof(fc.double({ noNaN: true }), fc.constant(null), fc.constant(-1)),
    uptime_seconds: fc.oneof(fc.nat(), fc.constant('x')),
    extra: fc.jsonValue(),
  },
  { requiredKeys: ['client_id'] },
);
const body = fc.record(
  { clients: fc.oneof({ weight: 5, arbitrary: fc.array(client, { maxLength: 6 }) }, fc.jsonValue()), total: fc.oneof(fc.nat(), fc.constant(-1), fc.constant('2')), other: fc.jsonValue() },
  { requiredKeys: [] },
);
/** JSON text with optional whitespace around the structure (what the scan must step over). */
const spaced = (value: unknown, space: string): string => JSON.stringify(value, null, space);

describe('sliced-clients', () => {
  it('finds each element of the top-level clients array', () => {
    const elements = [{ client_id: 'a,]}' }, { client_id: 'b\\"[{', platform: 'x' }, 7, [1, [2]], 'c"'];
    const text = `\uFEFF {"total": 3, "nested": {"clients": [0]}, "clients" : [ ${elements.map((e) => JSON.stringify(e)).join(' ,\n')} ] , "z": "}"}`;
    const bytes = Buffer.from(text);
    const layout = clientsLayout(bytes)!;
    const found: string[] = [];
    for (let i = 0; i < layout.elements.length; i += 2) found.push(bytes.toString('utf8', layout.elements[i], layout.elements[i + 1]));
    expect(found).toEqual(elements.map((e) => JSON.stringify(e)));
    expect(bytes.toString('utf8', layout.arrayStart, layout.arrayEnd).startsWith('[')).toBe(true);
    expect(bytes.toString('utf8', layout.arrayEnd - 1, layout.arrayEnd)).toBe(']');
  });

  it.each([
    ['two clients keys (JSON.parse keeps the last)', '{"clients": [], "clients": [{"client_id": "a"}]}'],
    ['clients not an array', '{"clients": {"0": 1}}'],
    ['the ids shape', '{"online_clients": ["a"]}'],
    ['not an object', '[{"clients": []}]'],
    ['an unterminated string', '{"clients": [{"client_id": "a}]}'],
  ])('leaves %s to the whole-body decode', (_, text) => {
    expect(clientsLayout(Buffer.from(text))).toBeUndefined();
    expect(inParts(Buffer.from(text))).toEqual(whole(Buffer.from(text)));
  });

  it('decodes any answer as the whole-body path does, errors included', () => {
    fc.assert(
      fc.property(body, fc.constantFrom('', ' ', '\t', '\n  '), (value, space) => {
        const bytes = Buffer.from(spaced(value, space));
        expect(inParts(bytes)).toEqual(whole(bytes));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same result or error for damaged answers', () => {
    fc.assert(
      fc.property(body, fc.nat(), fc.constantFrom('', ',', ']', '}', '"', '\\', '{', 'x', '\xff'), fc.nat({ max: 3 }), (value, at, insert, drop) => {
        const text = spaced(value, ' ');
        const cut = at % (text.length + 1);
        const bytes = Buffer.concat([Buffer.from(text.slice(0, cut)), Buffer.from(insert, 'latin1'), Buffer.from(text.slice(cut + drop))]);
        expect(inParts(bytes)).toEqual(whole(bytes));
      }),
      { numRuns: 600 },
    );
  });

  it('decodes a valid rich answer in parts', () => {
    const clients = [
      { client_id: 'win-1', type: 'device', platform: 'windows', connected_at: 1700000000.5, uptime_seconds: 3 },
      { client_id: 'x@win-1', platform: null, connected_at: null },
    ];
    const bytes = Buffer.from(JSON.stringify({ clients, total: 2 }));
    expect(clientsLayout(bytes)?.elements.length).toBe(4);
    expect(decodeClientsAnswer(bytes, URL_)).toEqual([{ clientId: 'win-1', clientType: 'device', platform: 'windows', connectedAt: 1700000000.5 }, { clientId: 'x@win-1' }]);
  });
});
