/**
 * `ClientTracker.sessionOwnerType` (one lookup when a device runs its own session) answers and changes the
 * tracker exactly as `fillPlatform(device, platform)` then `typeOf(owner)` do: for any connected set and any
 * owner, device and platform (the device the owner itself, an equal string made apart, another client, none).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClientType, EventSource } from '../../../exporter/events';
import { ClientTracker } from '../../../exporter/state/clients';

const ids = ['win-1', 'win-2', 'task@win-1', 'linux-3'];
const id = fc.constantFrom(...ids);
const platform = fc.constantFrom(undefined, 'linux', 'windows', 'unknown', '');
const connect = fc.record({ id, source: fc.constantFrom<EventSource>('api', 'log', 'push'), type: fc.constantFrom<ClientType | undefined>(undefined, 'device', 'constellation'), platform });
const start = fc.record({ owner: id, device: fc.oneof(fc.constant('owner' as const), fc.constant('copy' as const), id, fc.constant(undefined)), platform });

function tracker(): ClientTracker {
  const quiet = (): void => undefined;
  return new ClientTracker({ historyLimit: 10, maxConnected: 10, maxPushedUnconfirmed: 10, maxHeldDisconnects: 10, onOverflow: quiet, onChange: quiet, knownDevices: [], disconnectGraceSeconds: 0, now: () => 100 });
}

describe('ClientTracker.sessionOwnerType', () => {
  it('is fillPlatform(device) then typeOf(owner)', () => {
    fc.assert(
      fc.property(fc.array(connect, { maxLength: 8 }), fc.array(start, { minLength: 1, maxLength: 4 }), (connects, starts) => {
        const one = tracker();
        const two = tracker();
        for (const c of connects)
          for (const t of [one, two]) t.connect(c.id, 1, c.source, c.type, c.platform);
        for (const s of starts) {
          const device = s.device === 'owner' ? s.owner : s.device === 'copy' ? [...s.owner].join('') : s.device;
          const type = one.sessionOwnerType(s.owner, device, s.platform);
          if (device !== undefined) two.fillPlatform(device, s.platform);
          expect(type).toBe(two.typeOf(s.owner));
          expect([...one.connectedClients()]).toEqual([...two.connectedClients()]);
          expect([one.mutations, one.presenceVersion]).toEqual([two.mutations, two.presenceVersion]);
        }
      }),
      { numRuns: 500 },
    );
  });
});
