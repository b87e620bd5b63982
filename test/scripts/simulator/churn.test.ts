/** The ticker's churn profiles: `busy` keeps the original bands, `healthy` is a fleet nobody is paged for. */
import { describe, expect, it } from 'vitest';
import { CHURN_PROFILES, changeFor, churnProfile } from '../../../scripts/simulator/churn';
import { startSimulator } from '../../../scripts/simulator/index';

const always = () => true;

describe('churn profiles', () => {
  it('busy keeps the original bands: session < 0.3 ≤ disconnect < 0.42 ≤ reconnect < 0.6 ≤ reject < 0.64 ≤ request < 0.72 ≤ nothing', () => {
    const at = (roll: number) => changeFor(CHURN_PROFILES.busy, roll, always);
    expect([0, 0.2999, 0.3, 0.4199, 0.42, 0.5999, 0.6, 0.6399, 0.64, 0.7199, 0.72, 0.99].map(at)).toEqual([
      'startSession', 'startSession', 'disconnect', 'disconnect', 'reconnect', 'reconnect', 'rejectDuplicate', 'rejectDuplicate', 'foreignRequest', 'foreignRequest', undefined, undefined,
    ]);
  });

  it('busy: a roll in the band of an impossible change falls through to the next band; healthy: nothing happens', () => {
    expect(changeFor(CHURN_PROFILES.busy, 0.35, (c) => c !== 'disconnect')).toBe('reconnect');
    expect(changeFor(CHURN_PROFILES.busy, 0.5, (c) => c !== 'reconnect')).toBe('rejectDuplicate');
    expect(changeFor(CHURN_PROFILES.healthy, 0.5, (c) => c !== 'reconnect')).toBeUndefined();
    expect(changeFor(CHURN_PROFILES.healthy, 0.5, always)).toBe('reconnect');
  });

  it('an unknown profile is an error naming the choices', () => {
    expect(() => churnProfile('wild')).toThrow(/churn: expected one of busy, healthy, got "wild"/);
  });

  it('healthy: an hour of ticks at 1/s has a few percent failed sessions, fewer than 3 disconnects per client and few rejections', async () => {
    const sim = await startSimulator({ apiKey: 'k', host: '127.0.0.1', devices: 8, constellations: 2, seed: 3, tickMs: 0, churn: 'healthy' });
    try {
      sim.control.advance(3600);
      const t = sim.control.truth();
      const sum = (c: Readonly<Record<string, number>>) => Object.values(c).reduce((a, b) => a + b, 0);
      const failed = sum(t.sessionsFinished.failed);
      const finished = failed + sum(t.sessionsFinished.completed) + sum(t.sessionsFinished.cancelled);
      expect(finished).toBeGreaterThan(1000);
      expect(failed / finished).toBeGreaterThan(0.01);
      expect(failed / finished).toBeLessThan(0.06);
      expect(sum(t.disconnects.device) + sum(t.disconnects.constellation)).toBeLessThan(3 * 10);
      expect(sum(t.registrationsRejected)).toBeLessThan(10);
    } finally {
      await sim.close();
    }
  });
});
