/**
 * Live end-to-end: fleet simulator → exporter → real Prometheus (generated rule expressions, short
 * `for`) → real Alertmanager (generated routing, local receivers) → receiver stand-ins. What differs
 * from production is listed in scripts/stack/fast-profile.ts. Bounded: ~35 s when green, about two
 * minutes at worst (every wait has a deadline; after a failed drill the later ones do not wait);
 * a failure prints the logs of the components involved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../../scripts/build/run';
import { startStack, type ComponentName, type Stack } from '../../scripts/stack/start-stack';
import { waitFor } from '../../scripts/stack/wait';
import { recordingRuleNames } from '../../rules/recording-names';
import { panelQueries, substituteVariables } from '../../grafana/queries';
import { EXPORTER_JOB } from '../../scripts/stack/prometheus-config';
import { fastStackOptions, productionLatencies, SCRAPE_INTERVAL } from '../../scripts/stack/fast-profile';
import { DRILLS, runDrill, warmUp, type Drill, type DrillResult } from '../../scripts/stack/fault-drills';
import { notificationOf } from '../../scripts/stack/notifications';
import { activeTargets, alertmanagerAlerts, instantQuery, rangeQuery } from '../../scripts/stack/prometheus-api';

/** The operators' delivery budget: fault → notification. */
const BUDGET_MS = 30_000;

let stack: Stack;
const results: DrillResult[] = [];
/** Alerts Alertmanager held back during the outage (printed with the latencies). */
let inhibitedDuringOutage: string[] = [];

/** Runs a step; on failure, appends the logs of the components that could be at fault. */
async function step<T>(components: readonly ComponentName[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${message}\n\n${stack.failureReport(components)}`);
  }
}

/**
 * Re-runs the queries until all return series or `timeoutMs` passes (data appears over the first
 * scrapes and evaluations); returns the labels of those still empty.
 */
async function stillEmptyAfter(checks: readonly { label: string; run: () => Promise<readonly unknown[]> }[], timeoutMs: number): Promise<string[]> {
  let empty: string[] = [];
  await waitFor(
    async () => {
      empty = [];
      for (const c of checks) if ((await c.run()).length === 0) empty.push(c.label);
      return empty.length === 0 ? true : undefined;
    },
    { what: `all ${checks.length} queries to return series`, timeoutMs, intervalMs: 1_000 },
  ).catch(() => undefined);
  return empty;
}

const ALERT_PATH: readonly ComponentName[] = ['exporter', 'prometheus', 'alertmanager', 'receivers'];

/** Set when a drill fails: the later ones start from its state, so they fail fast instead of waiting. */
let failedDrill: string | undefined;

async function drill(d: Drill): Promise<DrillResult> {
  if (failedDrill !== undefined) throw new Error(`not run: the earlier drill "${failedDrill}" failed (see its report)`);
  try {
    const result = await step(ALERT_PATH, () => runDrill(stack, d, BUDGET_MS));
    results.push(result);
    return result;
  } catch (err) {
    failedDrill = d.fault;
    throw err;
  }
}

beforeAll(async () => {
  stack = await startStack(fastStackOptions);
  await step(['prometheus', 'exporter', 'alertmanager'], () => warmUp(stack));
}, 50_000);

afterAll(async () => {
  await stack?.stop();
  if (results.length === 0) return;
  const rows = results.flatMap((r) => [...r.latencyMs].map(([channel, ms]) => `  ${(ms / 1000).toFixed(1).padStart(5)} s  ${r.drill.fault} → ${r.drill.alertname} ${r.drill.status} via ${channel}`));
  const production = Object.entries(productionLatencies()).map(([alert, b]) => `  ${alert}: ${b.minSeconds}–${b.maxSeconds} s with production defaults`);
  console.log(
    `fault → notification (fast profile, budget ${BUDGET_MS / 1000} s):\n${rows.join('\n')}\n${production.join('\n')}\n` +
      `inhibited by UfoServerDown during the outage (not delivered): ${inhibitedDuringOutage.join(', ') || '(none)'}`,
  );
  mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
  const record = results.map((r) => ({ fault: r.drill.fault, alert: r.drill.alertname, status: r.drill.status, latencyMs: Object.fromEntries(r.latencyMs) }));
  writeFileSync(join(REPO_ROOT, 'test-artifacts', 'e2e-fault-to-notification.json'), JSON.stringify(record, null, 2));
}, 30_000);

describe('the whole stack, live', () => {
  it('after warm-up every scrape target is up', async () => {
    await step(['prometheus', 'exporter', 'alertmanager'], async () => {
      const targets = await waitFor(
        async () => {
          const all = await activeTargets(stack.prometheus.url);
          return all.length === 3 && all.every((t) => t.health === 'up') ? all : undefined;
        },
        { what: 'three healthy targets', timeoutMs: 15_000 },
      );
      expect(targets.map((t) => t.labels['job']).sort()).toEqual(['alertmanager', EXPORTER_JOB, 'prometheus'].sort());
    });
  });

  it('every recording rule returns data', async () => {
    await step(['prometheus', 'exporter', 'simulator'], async () => {
      const names = recordingRuleNames();
      expect(names.length).toBeGreaterThan(10);
      const checks = names.map((name) => ({ label: name, run: () => instantQuery(stack.prometheus.url, name) }));
      expect(await stillEmptyAfter(checks, 20_000), 'recording rules with no data').toEqual([]);
    });
  }, 25_000);

  it('every Grafana panel query returns at least one series (an empty panel fails)', async () => {
    await step(['prometheus', 'exporter', 'simulator'], async () => {
      const queries = panelQueries();
      expect(queries.length).toBeGreaterThan(10);
      // Grafana's $__rate_interval is 4 × the scrape interval; the stack has only run for seconds.
      const variables = { instance: '.*', __rate_interval: `${4 * Number.parseInt(SCRAPE_INTERVAL, 10)}s`, __interval: SCRAPE_INTERVAL, __range: '5m' };
      const checks = queries.map((q) => {
        const expr = substituteVariables(q.expr, variables);
        return {
          label: `${q.dashboardUid} panel ${q.panelId} "${q.panelTitle}" ${q.refId}: ${expr}`,
          run: () => (q.instant ? instantQuery(stack.prometheus.url, expr) : rangeQuery(stack.prometheus.url, expr, 60, 2)),
        };
      });
      expect(await stillEmptyAfter(checks, 20_000), 'panel queries with no series').toEqual([]);
    });
  }, 25_000);

  it('all devices drop → UfoNoDevicesConnected reaches PagerDuty, Slack and email', async () => {
    await drill(DRILLS.devicesDrop);
  }, 35_000);

  it('devices return → resolved notifications arrive on the same channels', async () => {
    await drill(DRILLS.devicesReturn);
  }, 35_000);

  it('the server stops answering → UfoServerDown is delivered, the alerts it inhibits are not', async () => {
    // From the first UfoServerDown notification on, Alertmanager holds the inhibiting alert.
    const { firstAt: inhibitingSince } = await drill(DRILLS.serverStops);
    await step(ALERT_PATH, async () => {
      // Other Ufo alerts of the instance fire during the outage (slow probes, error ratios); device
      // alerts go quiet on their own (the rules need ufo_up == 1). Alertmanager must hold the firing
      // ones back, and no receiver may hear of them.
      const suppressed = await waitFor(
        async () => {
          const held = (await alertmanagerAlerts(stack.alerting.alertmanager.url)).filter(
            (a) => a.status.state === 'suppressed' && a.status.inhibitedBy.length > 0 && a.labels['alertname']?.startsWith('Ufo'),
          );
          return held.length > 0 ? held : undefined;
        },
        { what: 'an alert inhibited by UfoServerDown in Alertmanager', timeoutMs: 10_000, intervalMs: 500 },
      );
      const inhibited = new Set(suppressed.map((a) => a.labels['alertname']!));
      inhibitedDuringOutage = [...inhibited].sort();
      // Give Alertmanager a full group_wait + group_interval (and margin) to (wrongly) notify them.
      await sleep(4_000);
      const leaked = stack.alerting.receivers.deliveries.all
        .map(notificationOf)
        .filter((n) => n !== undefined && n.at >= inhibitingSince && n.status === 'firing')
        .filter((n) => n!.alertnames.some((a) => inhibited.has(a) || /Device/.test(a)));
      expect(leaked, `notifications for alerts inhibited by UfoServerDown (${inhibitedDuringOutage.join(', ')})`).toEqual([]);
    });
  }, 50_000);

  it('every fault reached every paging channel within the 30 s budget', () => {
    expect(results.map((r) => r.drill.fault)).toEqual([DRILLS.devicesDrop.fault, DRILLS.devicesReturn.fault, DRILLS.serverStops.fault]);
    for (const r of results) for (const [channel, ms] of r.latencyMs) expect(ms, `${r.drill.fault} via ${channel}`).toBeLessThan(BUDGET_MS);
  });
});
