/**
 * The fast profile of the stack (end-to-end test and `npm run bench`): the generated rule expressions
 * and Alertmanager routing, with short timings so a fault reaches a receiver in seconds. Exactly what
 * differs from production:
 * - rules: every `*For` duration of the rules config and `outageReconnectGrace` are 2s (production:
 *   1m–30m, 10m); thresholds,
 *   windows and expressions are the generated ones (rendered by `buildRules(config)`);
 * - Prometheus: scrape every 2s, evaluate every 1s (production: 15s / 1m, 30s for the availability group), and
 *   `--rules.alert.resend-delay=1s` (default 1m) so an alert that fired before Prometheus discovered
 *   Alertmanager is not held back for a minute;
 * - Alertmanager: group_wait 1s, group_interval 2s on every route (repeat_interval keeps its multiple
 *   of group_interval), receivers pointed at the local stand-ins (scripts/stack/alertmanager-local.ts);
 * - exporter: --ufo.timeout=1500ms (default 5s), below the 2s scrape timeout.
 */
import { defaultRulesConfig, withRulesConfig, durationSeconds, type RulesConfig } from '../../rules/config';
import { routingConfig } from '../../alertmanager/config';
import type { StackOptions } from './start-stack';

export const TEST_FOR = '2s';
export const SCRAPE_INTERVAL = '2s';
export const EVALUATION_INTERVAL = '1s';

/** Every `…For` duration of the rules config, set to TEST_FOR. */
function shortFors(config: RulesConfig): Partial<RulesConfig> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) if (key.endsWith('For') && typeof value === 'string') out[key] = TEST_FOR;
  return out as Partial<RulesConfig>;
}

export const testRulesConfig: RulesConfig = withRulesConfig({
  ...shortFors(defaultRulesConfig),
  scrapeInterval: SCRAPE_INTERVAL,
  evaluationInterval: EVALUATION_INTERVAL,
  availabilityEvaluationInterval: EVALUATION_INTERVAL,
  // Devices may drop in a drill right after an outage drill: the reconnect grace is a `for` of sorts.
  outageReconnectGrace: TEST_FOR,
});

export const fastStackOptions: StackOptions = {
  scrapeInterval: SCRAPE_INTERVAL,
  evaluationInterval: EVALUATION_INTERVAL,
  rules: { kind: 'config', config: testRulesConfig },
  alertTiming: { groupWait: '1s', groupInterval: '2s' },
  prometheusArgs: ['--rules.alert.resend-delay=1s'],
  // A small, seeded fleet that changes only when the test advances it (WARM_UP): during the warm-up
  // sessions complete, fail and are cancelled so every panel and recording rule has data; during the
  // fault injections it stays still, so only the injected fault changes what the alerts see.
  simulator: { devices: 6, constellations: 2, seed: 42, tickMs: 0 },
  exporterTimeout: '1500ms',
};

/** Warm-up: `rounds` × (advance the fleet `ticksPerRound` ticks, wait `pauseMs`) — several scrapes see changes. */
export const WARM_UP = { rounds: 8, ticksPerRound: 6, pauseMs: 750 } as const;

export interface LatencyBounds {
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

/**
 * Fault → notification with production defaults: the exporter sees the fault at the next scrape
 * (≤ scrape interval), the rule turns pending at the next evaluation (≤ evaluation interval), fires
 * at the first evaluation at least `for` later (≤ for + evaluation interval), Prometheus sends at
 * once, Alertmanager waits group_wait. Best case: for + group_wait.
 */
export function productionLatency(alertFor: string, groupWait: string): LatencyBounds {
  const scrape = durationSeconds(defaultRulesConfig.scrapeInterval);
  const evaluation = durationSeconds(defaultRulesConfig.evaluationInterval);
  const forSeconds = durationSeconds(alertFor);
  const wait = durationSeconds(groupWait);
  return { minSeconds: forSeconds + wait, maxSeconds: scrape + evaluation + forSeconds + evaluation + wait };
}

/** Production bounds of the two alerts the test injects, from the default configs. */
export function productionLatencies(): Record<'UfoNoDevicesConnected' | 'UfoServerDown', LatencyBounds> {
  const criticalWait = routingConfig.criticalTiming.groupWait;
  return {
    UfoNoDevicesConnected: productionLatency(defaultRulesConfig.noDevicesFor, criticalWait),
    UfoServerDown: productionLatency(defaultRulesConfig.serverDownFor, criticalWait),
  };
}
