/**
 * Live end-to-end: fleet simulator → exporter → real Prometheus (generated rule expressions, short
 * `for`) → real Alertmanager (generated routing, local receivers) → receiver stand-ins. What differs
 * from production is listed in scripts/stack/fast-profile.ts. Each paging drill counts the pages of its
 * incident (exactly one; printed as pages per incident). Bounded: ~50 s when green, about two
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
import { selectors } from '../../promql/parse';
import { EXPORTER_JOB } from '../../scripts/stack/prometheus-config';
import { fastStackOptions, productionLatencies, SCRAPE_INTERVAL } from '../../scripts/stack/fast-profile';
import { DRILLS, otherAlertsNotifiedSince, pagesSince, runDrill, warmUp, type Drill, type DrillResult } from '../../scripts/stack/fault-drills';
import { activeTargets, alertmanagerAlerts, instantQuery, rangeQuery } from '../../scripts/stack/prometheus-api';

/** The operators' delivery budget: fault → notification. */
const BUDGET_MS = 30_000;

/** Grafana's variables for this stack: $__rate_interval is 4 × the scrape interval; it has run for seconds only. */
const PANEL_VARIABLES = { instance: '.*', __rate_interval: `${4 * Number.parseInt(SCRAPE_INTERVAL, 10)}s`, __interval: SCRAPE_INTERVAL, __range: '5m' };

/**
 * The series behind the zero-fallback panels (`zeroWhenAbsent`), by whether this run makes them
 * count something. A fallback panel shows a series even when its query matches nothing, so the test
 * checks each query without its fallback: every one must match series (the exporter starts these
 * counters at zero for the known label values), and those the run produces must also go above 0.
 */
const FALLBACK_SERIES: Readonly<Record<string, 'counted' | 'zero in a healthy run'>> = {
  ufo_sessions_finished_total: 'counted', // the warm-up cancels sessions; devices dropping cancels more
  ufo_client_disconnects_total: 'counted', // all devices drop
  ALERTS: 'counted', // UfoNoDevicesConnected fires
  ufo_exporter_errors_total: 'counted', // the server stops answering: API probe errors
  ufo_registrations_rejected_total: 'counted', // the seeded warm-up has duplicate-id registrations
  ufo_exporter_auth_failures_total: 'zero in a healthy run', // nobody calls the exporter with a wrong credential
};

let stack: Stack;
/** When the stack was started: the fallback check looks at the whole run. */
let startedAt = 0;
const results: DrillResult[] = [];
/** Alerts Alertmanager held back during the outage (printed with the latencies). */
let inhibitedDuringOutage: string[] = [];
/** Pages (PagerDuty incidents) each incident produced: exactly one each. */
const pagesPerIncident: { readonly incident: string; readonly pages: readonly string[] }[] = [];
/** Alertmanager's group_wait + two group_intervals of the fast profile, and margin: long enough for a wrong page to arrive. */
const SETTLE_MS = 6_000;

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
  startedAt = Date.now();
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
      `inhibited by UfoServerDown during the outage (not delivered): ${inhibitedDuringOutage.join(', ') || '(none)'}\n` +
      `pages per incident: ${pagesPerIncident.map((p) => `${p.incident}: ${p.pages.length} (${p.pages.join(', ') || 'none'})`).join('; ')}`,
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
      const checks = queries.map((q) => {
        const expr = substituteVariables(q.expr, PANEL_VARIABLES);
        return {
          label: `${q.dashboardUid} panel ${q.panelId} "${q.panelTitle}" ${q.refId}: ${expr}`,
          run: () => (q.instant ? instantQuery(stack.prometheus.url, expr) : rangeQuery(stack.prometheus.url, expr, 60, 2)),
        };
      });
      expect(await stillEmptyAfter(checks, 20_000), 'panel queries with no series').toEqual([]);
    });
  }, 25_000);

  it('all devices drop → UfoNoDevicesConnected reaches PagerDuty, Slack and email: one page for the incident', async () => {
    const { injectedAt, firstAt } = await drill(DRILLS.devicesDrop);
    await step(ALERT_PATH, async () => {
      // Cancelled sessions and offline devices may open tickets, but nothing else pages.
      await sleep(SETTLE_MS);
      const pages = pagesSince(stack, injectedAt);
      pagesPerIncident.push({ incident: DRILLS.devicesDrop.fault, pages });
      expect(pages, `pages from ${DRILLS.devicesDrop.fault} (first notification ${firstAt - injectedAt} ms after it)`).toEqual(['UfoNoDevicesConnected']);
    });
  }, 35_000 + SETTLE_MS);

  it('devices return → resolved notifications arrive on the same channels', async () => {
    await drill(DRILLS.devicesReturn);
  }, 35_000);

  it('a failure storm → one page, UfoHighSessionFailureRate (not the session SLO as well)', async () => {
    const { injectedAt } = await drill(DRILLS.failureStorm);
    await step(ALERT_PATH, async () => {
      await sleep(SETTLE_MS);
      const pages = pagesSince(stack, injectedAt);
      pagesPerIncident.push({ incident: DRILLS.failureStorm.fault, pages });
      expect(pages, 'pages from the failure storm').toEqual(['UfoHighSessionFailureRate']);
    });
  }, 35_000 + SETTLE_MS);

  it('the server stops answering → one page, UfoServerDown; no other alert of the instance is notified', async () => {
    const { injectedAt, firstAt } = await drill(DRILLS.serverStops);
    await step(ALERT_PATH, async () => {
      // Burn-rate, latency, session and device alerts are held back by the rules' outage guard (and
      // Alertmanager's inhibition, while UfoServerDown fires). Give Alertmanager group_wait + two
      // group_intervals (and margin) to (wrongly) notify any of them.
      await sleep(SETTLE_MS);
      const pages = pagesSince(stack, injectedAt);
      pagesPerIncident.push({ incident: DRILLS.serverStops.fault, pages });
      expect(pages, 'pages from the outage').toEqual(['UfoServerDown']);
      expect(otherAlertsNotifiedSince(stack, 'UfoServerDown', firstAt), 'alerts notified during the outage besides UfoServerDown').toEqual([]);
      const held = (await alertmanagerAlerts(stack.alerting.alertmanager.url)).filter((a) => a.status.state === 'suppressed' && a.labels['alertname']?.startsWith('Ufo'));
      inhibitedDuringOutage = [...new Set(held.map((a) => a.labels['alertname']!))].sort();
    });
  }, 50_000 + SETTLE_MS);

  // After the drills: they produce the disconnects, firing alerts and probe errors these panels count.
  it('every zero-fallback panel query matches series without its fallback, above 0 where the run counts something', async () => {
    await step(['prometheus', 'exporter', 'simulator'], async () => {
      const fallbacks = panelQueries().filter((q) => q.withoutFallback !== undefined);
      expect(fallbacks.length).toBeGreaterThanOrEqual(6);
      const runSeconds = Math.ceil((Date.now() - startedAt) / 1000) + 10;
      const checks = fallbacks.flatMap((q) => {
        const expr = substituteVariables(q.withoutFallback!, PANEL_VARIABLES);
        const where = `${q.dashboardUid} panel ${q.panelId} "${q.panelTitle}" ${q.refId}`;
        const names = [...new Set(selectors(expr).map((s) => s.name ?? '(no name)'))];
        const unclassified = names.filter((n) => FALLBACK_SERIES[n] === undefined);
        if (unclassified.length > 0) throw new Error(`${where}: add ${unclassified.join(', ')} to FALLBACK_SERIES (does this run count it?)`);
        const run = (e: string) => () => (q.instant ? instantQuery(stack.prometheus.url, e) : rangeQuery(stack.prometheus.url, e, runSeconds, 1));
        const counted = names.every((n) => FALLBACK_SERIES[n] === 'counted');
        return [
          { label: `${where} without its fallback: ${expr}`, run: run(expr) },
          ...(counted ? [{ label: `${where} above 0 during the run: (${expr}) > 0`, run: run(`(${expr}) > 0`) }] : []),
        ];
      });
      expect(await stillEmptyAfter(checks, 10_000), 'zero-fallback queries with no data of their own').toEqual([]);
    });
  }, 15_000);

  it('every fault reached every paging channel within the 30 s budget', () => {
    expect(results.map((r) => r.drill.fault)).toEqual([DRILLS.devicesDrop.fault, DRILLS.devicesReturn.fault, DRILLS.failureStorm.fault, DRILLS.serverStops.fault]);
    for (const r of results) for (const [channel, ms] of r.latencyMs) expect(ms, `${r.drill.fault} via ${channel}`).toBeLessThan(BUDGET_MS);
  });
});
