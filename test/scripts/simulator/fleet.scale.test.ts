import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from '../../helpers/simulator';

/**
 * The bench drives the simulator to 100,000 clients. How fast it answers there is the bench's to
 * measure (timing limits fail on a busy machine); this checks it works at that size.
 */
describe('simulator at 100,000 clients', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator({ logFile: undefined });
    sim.control.addDevices(100_000);
  });
  afterAll(() => sim.stop());

  it('holds 100,000 devices', () => {
    expect(sim.control.clients()).toHaveLength(100_000);
  });

  for (const shape of ['ids', 'rich'] as const) {
    it(`answers /api/clients (${shape}) with every client`, async () => {
      sim.control.setShape(shape);
      const body = (await (await sim.call('/api/clients')).json()) as { online_clients?: string[]; clients?: unknown[] };
      expect((body.online_clients ?? body.clients)?.length).toBe(100_000);
    });
  }
});
