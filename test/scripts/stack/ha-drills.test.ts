/**
 * `npm run stack -- --ha --drills` as a test: two Prometheus replicas (external label `replica`, dropped
 * from alerts) and three Alertmanager peers in one gossip cluster; an outage while a peer is killed and
 * a failure while a replica is killed each reach every paging receiver exactly once.
 */
import { describe, expect, it } from 'vitest';
import { fastStackOptions } from '../../../scripts/stack/fast-profile';
import { describeHaDrill, drillPassed, HA_DRILLS, runHaDrills } from '../../../scripts/stack/ha-drills';

describe('HA drill verdicts', () => {
  it('pass only with exactly one notification per receiver, and say which receiver differs', () => {
    const ok = { name: 'x', counts: new Map([['pagerduty', 1], ['slack', 1], ['email', 1]] as const) };
    const doubled = { name: 'x', counts: new Map([['pagerduty', 2], ['slack', 1], ['email', 1]] as const) };
    const lost = { name: 'x', counts: new Map([['pagerduty', 0], ['slack', 0], ['email', 0]] as const) };
    expect(drillPassed(ok)).toBe(true);
    expect(drillPassed(doubled)).toBe(false);
    expect(drillPassed(lost)).toBe(false);
    expect(describeHaDrill(ok)).toBe('drill x: 1 notification(s) per receiver');
    expect(describeHaDrill(doubled)).toBe('drill x: pagerduty 2, slack 1, email 1 notification(s)');
  });
});

describe('npm run stack -- --ha --drills', () => {
  it('delivers exactly one notification per receiver in every drill', async () => {
    const lines: string[] = [];
    const results = await runHaDrills(fastStackOptions, (line) => lines.push(line));
    expect(lines).toEqual(HA_DRILLS.map((d) => `drill ${d.name}: 1 notification(s) per receiver`));
    expect(results.every(drillPassed)).toBe(true);
  }, 400_000);
});
