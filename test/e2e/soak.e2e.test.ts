/**
 * Soak: the whole stack in the fast profile (alerts' `for` 2s, production windows and thresholds)
 * on the default `healthy` fleet, ticking on its own, until SOAK_SESSIONS sessions have finished and
 * Prometheus has scraped them: nobody is paged. 300 sessions over the alerts' 15m–1h windows are what
 * the healthy fleet produces in 2.5 hours at 2 sessions a minute, in about a minute here. Prints
 * what the fleet did and the pages (0) and notifications it caused.
 *
 * UfoServerDown and UfoExporterDown get 30s instead of the fast profile's 2s: on a starved CI machine
 * one slow scrape (2s timeout) would page within 2s, which says nothing about the fleet; the drills of
 * stack.e2e.test.ts cover those two alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../scripts/stack/start-stack';
import { fastStackOptions, testRulesConfig } from '../../scripts/stack/fast-profile';
import { withRulesConfig } from '../../rules/config';
import { pagesSince, warmUp } from '../../scripts/stack/fault-drills';
import { notificationOf } from '../../scripts/stack/notifications';
import { alertmanagerAlerts, instantQuery } from '../../scripts/stack/prometheus-api';
import { EXPORTER_JOB } from '../../scripts/stack/prometheus-config';
import { waitFor } from '../../scripts/stack/wait';

const SOAK_SESSIONS = 300;
/** 10 ticks a second: about 4 sessions a second on the healthy fleet. */
const TICK_MS = 100;
const SOAK_DEADLINE_MS = 240_000;

let stack: Stack;
let startedAt = 0;

beforeAll(async () => {
  const rules = withRulesConfig({ ...testRulesConfig, serverDownFor: '30s', exporterDownFor: '30s' });
  stack = await startStack({
    ...fastStackOptions,
    rules: { kind: 'config', config: rules },
    simulator: { devices: 8, constellations: 2, seed: 7, tickMs: TICK_MS, churn: 'healthy' },
  });
  startedAt = Date.now();
  await warmUp(stack);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
}, 30_000);

describe('soak: the healthy default fleet pages nobody', () => {
  it(`${SOAK_SESSIONS} sessions of the healthy fleet → 0 pages`, async () => {
    const finished = () => {
      const f = stack.simulator.control.truth().sessionsFinished;
      const sum = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);
      return { completed: sum(f.completed), failed: sum(f.failed), cancelled: sum(f.cancelled) };
    };
    try {
      await waitFor(async () => (Object.values(finished()).reduce((a, b) => a + b, 0) >= SOAK_SESSIONS ? true : undefined), {
        what: `${SOAK_SESSIONS} finished sessions in the simulator`,
        timeoutMs: SOAK_DEADLINE_MS,
        intervalMs: 1_000,
      });
      // Prometheus has scraped them and evaluated the rules on them.
      const expr = `sum(ufo_sessions_finished_total{job="${EXPORTER_JOB}"}) >= ${SOAK_SESSIONS}`;
      await waitFor(async () => ((await instantQuery(stack.prometheus.url, expr)).length > 0 ? true : undefined), { what: expr, timeoutMs: 30_000 });
      // Every rule group evaluated past the alerts' `for` (2s) after that: anything pending has fired.
      const evaluated = `min(prometheus_rule_group_last_evaluation_timestamp_seconds) > ${Date.now() / 1000 + 3}`;
      await waitFor(async () => ((await instantQuery(stack.prometheus.url, evaluated)).length > 0 ? true : undefined), { what: evaluated, timeoutMs: 30_000 });
    } catch (err) {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n\n${stack.failureReport(['exporter', 'prometheus', 'alertmanager'])}`);
    }
    const notified = stack.alerting.receivers.deliveries.all
      .map(notificationOf)
      .filter((n) => n !== undefined && n.channel === 'slack' && n.status === 'firing')
      .flatMap((n) => n!.alertnames);
    const pages = pagesSince(stack, startedAt);
    const truth = stack.simulator.control.truth();
    console.log(
      `soak (${((Date.now() - startedAt) / 1000).toFixed(0)} s, healthy fleet): sessions ${JSON.stringify(finished())}, ` +
        `device disconnects ${JSON.stringify(truth.disconnects.device)}, rejected registrations ${JSON.stringify(truth.registrationsRejected)}; ` +
        `pages: ${pages.length} (${pages.join(', ') || 'none'}); other notifications: ${[...new Set(notified)].join(', ') || 'none'}`,
    );
    expect(pages, 'pages during the soak of the healthy fleet').toEqual([]);
    // Nothing paging is on its way either: no critical alert active in Alertmanager.
    const critical = (await alertmanagerAlerts(stack.alerting.alertmanager.url)).filter((a) => a.labels['severity'] === 'critical').map((a) => a.labels['alertname']);
    expect(critical, 'critical alerts active in Alertmanager after the soak').toEqual([]);
  }, SOAK_DEADLINE_MS + 90_000);
});
