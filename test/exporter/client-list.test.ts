/**
 * A snapshot's client list as objects or as columns (client-list.ts): every accessor answers the same
 * for both forms, and the columns turn back into the same entries (fields absent as the parse leaves them).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientIdAt, clientTypeAt, connectedAtAt, listEntries, listLength, platformAt } from '../../exporter/client-list';
import type { ClientSnapshotEntry } from '../../exporter/events';
import { toColumns } from '../../exporter/sources/api/client-columns';

const entry: fc.Arbitrary<ClientSnapshotEntry> = fc.record(
  {
    clientId: fc.string(),
    clientType: fc.constantFrom('device' as const, 'constellation' as const),
    platform: fc.oneof(fc.constantFrom('linux', 'windows'), fc.string({ minLength: 1 })),
    connectedAt: fc.oneof(fc.double({ noNaN: true }), fc.integer()),
  },
  { requiredKeys: ['clientId'] },
).map((e) => ({ ...e })); // plain objects (fast-check may give null-prototype ones)

describe('a client list as columns', () => {
  it('answers every accessor as the objects do, and turns back into the same entries', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
        const columns = toColumns(entries);
        expect(listLength(columns)).toBe(entries.length);
        for (let i = 0; i < entries.length; i++) {
          expect([clientIdAt(columns, i), clientTypeAt(columns, i), platformAt(columns, i), connectedAtAt(columns, i)]).toStrictEqual([
            clientIdAt(entries, i),
            clientTypeAt(entries, i),
            platformAt(entries, i),
            connectedAtAt(entries, i),
          ]);
        }
        expect(listEntries(columns)).toStrictEqual(entries);
        expect(listEntries(entries)).toBe(entries);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps each distinct platform once', () => {
    const columns = toColumns([{ clientId: 'a', platform: 'linux' }, { clientId: 'b' }, { clientId: 'c', platform: 'linux' }]);
    expect(columns.platforms).toEqual(['linux']);
    expect([...columns.platformIndex]).toEqual([0, -1, 0]);
  });
});
