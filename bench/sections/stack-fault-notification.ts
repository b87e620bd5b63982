/**
 * Fault → notification through the whole stack (simulator → exporter → Prometheus → Alertmanager →
 * receiver stand-ins), with the fast profile of the end-to-end test, and what the same path takes
 * with the production defaults.
 */
import type { BenchSection } from '../section';
import { startStack } from '../../scripts/stack/start-stack';
import { fastStackOptions, productionLatencies, SCRAPE_INTERVAL, EVALUATION_INTERVAL, TEST_FOR } from '../../scripts/stack/fast-profile';
import { DRILLS, PAGING_CHANNELS, runDrill, warmUp, type DrillResult } from '../../scripts/stack/fault-drills';

const DRILL_TIMEOUT_MS = 60_000;

function seconds(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : (ms / 1000).toFixed(1);
}

function table(results: readonly DrillResult[]): string[] {
  return [
    `| fault | notification | ${PAGING_CHANNELS.join(' s | ')} s |`,
    `| --- | --- | ${PAGING_CHANNELS.map(() => '---:').join(' | ')} |`,
    ...results.map((r) => `| ${r.drill.fault} | ${r.drill.alertname} ${r.drill.status} | ${PAGING_CHANNELS.map((c) => seconds(r.latencyMs.get(c))).join(' | ')} |`),
  ];
}

export const section: BenchSection = {
  name: 'Whole stack: fault → notification',
  async run(log) {
    const stack = await startStack(fastStackOptions);
    const results: DrillResult[] = [];
    try {
      await warmUp(stack);
      for (const drill of [DRILLS.devicesDrop, DRILLS.devicesReturn, DRILLS.serverStops]) {
        const result = await runDrill(stack, drill, DRILL_TIMEOUT_MS);
        log(`${drill.fault} → ${drill.alertname} ${drill.status}: ${[...result.latencyMs].map(([c, ms]) => `${c} ${seconds(ms)} s`).join(', ')}`);
        results.push(result);
      }
    } finally {
      await stack.stop();
    }
    const production = Object.entries(productionLatencies()).map(([alert, b]) => `| ${alert} | ${b.minSeconds} s | ${b.maxSeconds} s |`);
    return [
      `Measured with the end-to-end test's fast profile (scripts/stack/fast-profile.ts): scrape ${SCRAPE_INTERVAL}, evaluation`,
      `${EVALUATION_INTERVAL}, every rule \`for\` ${TEST_FOR}, Alertmanager group_wait 1s / group_interval 2s, generated expressions and`,
      'routing, local receiver stand-ins. Time from the simulator call to the stand-in accepting the notification.',
      'Budget: 30 s (the end-to-end test fails above it).',
      '',
      ...table(results),
      '',
      'With the production defaults (scrape 15s, evaluation 1m, `for` 5m / 1m, critical group_wait 10s) the same path takes',
      'between `for + group_wait` (best case) and `scrape + evaluation + for + evaluation + group_wait` (worst case):',
      '',
      '| alert | best case | worst case |',
      '| --- | ---: | ---: |',
      ...production,
    ].join('\n');
  },
};
