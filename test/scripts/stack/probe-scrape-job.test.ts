/**
 * The shipped probe scrape job (scripts/stack/probe-scrape-job.ts) in a real Prometheus: two
 * simulated servers behind one multi-target exporter come out as two targets whose `instance` is the
 * server's name, each with its own values, and the rules' server join names each one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlert } from '../../../rules/builder';
import { buildRules } from '../../../rules/rules';
import { startMultiTargetFleet, type MultiTargetFleet } from '../../../scripts/stack/multi-target-exporter';
import { probeScrapeJob } from '../../../scripts/stack/probe-scrape-job';
import { startLocalPrometheus, type LocalPrometheus } from '../../../scripts/stack/prometheus';
import { instantQuery, type Sample } from '../../../scripts/stack/prometheus-api';
import { waitFor } from '../../../scripts/stack/wait';
import { useTempDir } from '../../helpers/temp-dir';

const tmp = useTempDir('ufo-probe-prom-');
let fleet: MultiTargetFleet;
let prometheus: LocalPrometheus;

const byInstance = (samples: readonly Sample[]): Record<string, string> =>
  Object.fromEntries(samples.map((s) => [s.metric.instance ?? '', s.value?.[1] ?? '']));

async function waitForSeries(expr: string, count: number): Promise<Sample[]> {
  return waitFor(async () => {
    const samples = await instantQuery(prometheus.url, expr);
    return samples.length === count ? samples : undefined;
  }, { what: `${count} series of ${expr}`, timeoutMs: 60_000, intervalMs: 500 });
}

beforeAll(async () => {
  fleet = await startMultiTargetFleet({ dir: tmp.path, count: 2, prefix: 'lab', timeout: '2s', simulator: (i) => ({ devices: i * 3, constellations: 0 }) });
  prometheus = await startLocalPrometheus({
    workDir: `${tmp.path}/prometheus`,
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    exporterTargets: [fleet.address],
    alertmanagerTargets: [],
    ruleFiles: [],
    extraJobs: [probeScrapeJob({ exporter: fleet.address, servers: fleet.servers.map((s) => s.name), scrapeInterval: '1s', scrapeTimeout: '1s' })],
  });
}, 90_000);

afterAll(async () => {
  await prometheus?.process.stop(5_000);
  await fleet?.close();
});

describe('the probe scrape job in Prometheus', () => {
  it("makes each server a target named after it, with the server's own values", async () => {
    const online = await waitForSeries('ufo_devices{job="ufo-exporter",status="online"}', 2);
    expect(byInstance(online)).toEqual({ 'lab-1': '3', 'lab-2': '6' });
    const info = await waitForSeries('ufo_server_info', 2);
    expect(info.map((s) => [s.metric.instance, s.metric.server]).sort()).toEqual([['lab-1', 'lab-1'], ['lab-2', 'lab-2']]);
    // The exporter's own /metrics is scraped too (job ufo-exporter, instance its address) and holds no server's metrics.
    const up = await waitForSeries('up{job="ufo-exporter"}', 3);
    expect(byInstance(up)).toEqual({ 'lab-1': '1', 'lab-2': '1', [fleet.address]: '1' });
  });

  it("names the failing server in UfoServerDown's labels", async () => {
    const serverDown = buildRules().flatMap((g) => g.rules.filter(isAlert)).find((r) => r.alert === 'UfoServerDown');
    if (!serverDown) throw new Error('no UfoServerDown rule');
    fleet.servers[1]?.sim.control.setFault({ kind: 'status', status: 500 });
    const firing = await waitForSeries(serverDown.expr, 1);
    expect(firing[0]?.metric).toMatchObject({ instance: 'lab-2', server: 'lab-2', job: 'ufo-exporter' });
  });
});
