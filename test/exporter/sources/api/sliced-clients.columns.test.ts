/**
 * decodeClientsList (sliced-clients.ts) hands the API source the list as columns when the answer is
 * decoded in parts: the same clients, and the same failure, as decodeClientsAnswer's entries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listEntries } from '../../../../exporter/client-list';
import { ProbeFailure } from '../../../../exporter/sources/api/probe';
import { decodeClientsAnswer, decodeClientsList } from '../../../../exporter/sources/api/sliced-clients';

const API = new URL('http://127.0.0.1:8000/api/clients');

function result(decode: () => unknown): unknown {
  try {
    return { ok: decode() };
  } catch (err) {
    if (err instanceof ProbeFailure) return { failed: err.kind, message: err.message };
    throw err;
  }
}

const richClient = fc.record(
  {
    client_id: fc.oneof(fc.string(), fc.integer()),
    type: fc.constantFrom('device', 'constellation', null, 'robot'),
    platform: fc.oneof(fc.constantFrom('linux', '', null, 'mac os'), fc.string()),
    connected_at: fc.oneof(fc.double({ noNaN: true }), fc.constant(null), fc.constant('x')),
    uptime_seconds: fc.nat(),
  },
  { requiredKeys: ['client_id', 'uptime_seconds'] },
);
const answer = fc.record({ clients: fc.array(richClient, { maxLength: 8 }), total: fc.nat() }).map((a) => Buffer.from(JSON.stringify(a)));

describe('decodeClientsList', () => {
  it('gives the clients decodeClientsAnswer gives, or its failure', () => {
    fc.assert(
      fc.property(answer, (bytes) => {
        const asList = result(() => listEntries(decodeClientsList(bytes, API)));
        expect(asList).toStrictEqual(result(() => decodeClientsAnswer(bytes, API)));
      }),
      { numRuns: 500 },
    );
  });

  it('is columns for a rich answer decoded in parts, entries for the ids-only shape', () => {
    const rich = Buffer.from(JSON.stringify({ clients: [{ client_id: 'a', type: 'device', platform: 'linux', connected_at: 1.5, uptime_seconds: 3 }], total: 1 }));
    const list = decodeClientsList(rich, API);
    expect(Array.isArray(list)).toBe(false);
    expect(listEntries(list)).toStrictEqual([{ clientId: 'a', clientType: 'device', platform: 'linux', connectedAt: 1.5 }]);
    expect(decodeClientsList(Buffer.from('{"online_clients":["a"]}'), API)).toStrictEqual([{ clientId: 'a' }]);
  });
});
