/**
 * The dashboards in a shared Prometheus: a real Prometheus scrapes the exporter (fed by the fleet
 * simulator) as the UFO job AND, a second time, as another job — the same process_*, nodejs_*, up
 * and ufo_* series under a foreign job name, the worst case of a Prometheus other teams use. Every
 * panel query, with the dashboards' variables at their defaults, must return only UFO-job series.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBundleConfig } from '../../bundle/defaults';
import { panelQueries, substituteVariables } from '../../grafana/queries';
import { startSimulator } from '../../scripts/simulator/index';
import type { Simulator } from '../../scripts/simulator/contract';
import { startLocalExporter } from '../../scripts/stack/exporter';
import type { ListeningBinary } from '../../scripts/stack/listening-binary';
import { startLocalPrometheus, type LocalPrometheus } from '../../scripts/stack/prometheus';
import { instantQuery, type Sample } from '../../scripts/stack/prometheus-api';
import { generatedRuleFile } from '../../scripts/stack/rule-files';
import { waitFor } from '../../scripts/stack/wait';
import { useTempDir } from '../helpers/temp-dir';

const UFO_JOB = defaultBundleConfig.job;
const FOREIGN_JOB = 'some-other-node-service';
const API_KEY = 'shared-prometheus-test-key';

describe('dashboards on a Prometheus shared with another job exposing the same metrics', () => {
  const dir = useTempDir('ufo-shared-prom-');
  let simulator: Simulator | undefined;
  let exporter: ListeningBinary | undefined;
  let prometheus: LocalPrometheus | undefined;

  beforeAll(async () => {
    const logFile = join(dir.path, 'ufo-server.log');
    simulator = await startSimulator({ devices: 6, constellations: 2, seed: 7, tickMs: 100, apiKey: API_KEY, host: '127.0.0.1', logFile });
    const apiKeyFile = join(dir.path, 'api-key');
    await writeFile(apiKeyFile, `${API_KEY}\n`, { mode: 0o600 });
    exporter = await startLocalExporter({ ufoUrl: simulator.url, apiKeyFile, logFile, timeout: '800ms' });
    prometheus = await startLocalPrometheus({
      workDir: join(dir.path, 'prometheus'),
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      exporterTargets: [exporter.address],
      alertmanagerTargets: [],
      ruleFiles: [generatedRuleFile()],
      // The foreign job: the very same target, so every UFO series also exists under its name.
      extraJobs: [{ job_name: FOREIGN_JOB, scrape_interval: '1s', static_configs: [{ targets: [exporter.address] }] }],
    });
    const url = prometheus.url;
    // Rates over $__rate_interval (1m) need two scrapes of both jobs.
    await waitFor(
      async () => ((await instantQuery(url, `count(rate(process_cpu_seconds_total{job=~"${UFO_JOB}|${FOREIGN_JOB}"}[1m])) == 2`)).length > 0 ? true : undefined),
      { what: 'two scrapes of both jobs', timeoutMs: 60_000, intervalMs: 500 },
    );
  }, 120_000);

  afterAll(async () => {
    await prometheus?.process.stop();
    await exporter?.process.stop();
    await simulator?.close();
  });

  const jobsOf = (samples: readonly Sample[]): string[] => [...new Set(samples.map((s) => s.metric.job ?? '(no job label)'))];

  it('the foreign job really exposes the same series (the check below could fail)', async () => {
    const url = prometheus!.url;
    // Prometheus scrapes itself too ("prometheus" job): a second foreign job with process_* series.
    for (const name of ['up', 'process_resident_memory_bytes', 'ufo_server_info'])
      expect(jobsOf(await instantQuery(url, name)), name).toEqual(expect.arrayContaining([FOREIGN_JOB, UFO_JOB]));
    // A panel query with its job filter removed picks up the foreign job: what the filter prevents.
    const up = panelQueries().find((q) => /\bup\{/.test(q.expr));
    expect(up, 'a panel queries up').toBeDefined();
    const unfiltered = substituteVariables(up!.expr.replace('job=~"$job", ', ''));
    const inner = /up\{[^}]*\}/.exec(unfiltered)?.[0] ?? '';
    expect(jobsOf(await instantQuery(url, inner))).toContain(FOREIGN_JOB);
  });

  it('every panel query returns only series of the UFO job', async () => {
    const url = prometheus!.url;
    let withData = 0;
    const leaks: string[] = [];
    for (const q of panelQueries()) {
      const samples = await instantQuery(url, substituteVariables(q.withoutFallback ?? q.expr));
      if (samples.length > 0) withData += 1;
      const foreign = jobsOf(samples).filter((j) => j !== UFO_JOB && j !== '(no job label)');
      if (foreign.length > 0) leaks.push(`${q.dashboardUid} panel ${q.panelId} "${q.panelTitle}" ${q.refId}: jobs ${foreign.join(', ')}`);
      // A sum over both jobs would double what the UFO job alone reports; the job filter is in every selector.
      expect(q.expr.includes('job=~"$job"') || q.expr.includes('job=~"$job|"'), `${q.dashboardUid} panel ${q.panelId} filters on the job`).toBe(true);
    }
    expect(leaks).toEqual([]);
    expect(withData, 'queries that returned series').toBeGreaterThan(20);
  });

  it('the process panels (CPU, memory) and up show the UFO exporter once, not the foreign job too', async () => {
    const url = prometheus!.url;
    const processQueries = panelQueries().filter((q) => /process_|nodejs_|\bup\{/.test(q.expr));
    expect(processQueries.length).toBeGreaterThan(2);
    for (const q of processQueries) {
      const samples = await instantQuery(url, substituteVariables(q.withoutFallback ?? q.expr));
      expect(samples.length, `${q.panelTitle} ${q.refId} returns the UFO exporter`).toBeGreaterThan(0);
      expect(jobsOf(samples).filter((j) => j === FOREIGN_JOB), q.panelTitle).toEqual([]);
    }
  });
});
