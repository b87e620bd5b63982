/**
 * ClientTracker.byTypeAndPlatform counts through nested maps (no key string per client): for any sequence
 * of connects, enrichments and disconnects it answers what one LabelledCounter.inc per connected client gives,
 * in the same order.
 */
import { describe, expect, it } from 'vitest';
import type { ClientType } from '../../../exporter/events';
import { ClientTracker } from '../../../exporter/state/clients';
import { LabelledCounter } from '../../../exporter/state/series';

function tracker(): ClientTracker {
  return new ClientTracker({
    historyLimit: 100,
    maxConnected: 1_000,
    maxPushedUnconfirmed: 1_000,
    maxHeldDisconnects: 10,
    onOverflow: () => undefined,
    knownDevices: [],
    onChange: () => undefined,
    disconnectGraceSeconds: 0,
    now: () => 1,
  });
}

describe('ClientTracker.byTypeAndPlatform', () => {
  it('equals one counter increment per connected client, in first-seen order', () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const types: (ClientType | undefined)[] = [undefined, 'device', 'constellation'];
    const platforms = [undefined, 'linux', 'windows', 'unknown', 'mac os', 'linux\u0001x'];
    for (let run = 0; run < 50; run++) {
      const t = tracker();
      for (let step = 0; step < 200; step++) {
        const id = `c${next(40)}`;
        if (next(4) === 0) t.disconnect(id, step, 'log', 'closed');
        else t.connect(id, step, next(2) === 0 ? 'api' : 'log', types[next(3)], platforms[next(6)]);
      }
      const reference = new LabelledCounter(['client_type', 'platform'] as const);
      for (const c of t.connectedClients()) reference.inc({ client_type: c.clientType, platform: c.platform });
      expect(t.byTypeAndPlatform(), `run ${run}`).toEqual(reference.entries());
    }
  });
});
