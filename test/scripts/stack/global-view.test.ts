/**
 * The global view (`npm run stack -- --sites 3`): three sites, each simulated servers + a multi-target
 * exporter + a Prometheus agent remote-writing with `cluster="site-<n>"` to a central Prometheus that
 * runs the rules with the cluster dimension. On the central store: per-site values, rules that keep
 * `cluster` (and name the server), and every dashboard panel query answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panelQueries, substituteVariables } from '../../../grafana/queries';
import { startGlobalView, type GlobalView } from '../../../scripts/stack/global-view';
import { instantQuery, type Sample } from '../../../scripts/stack/prometheus-api';
import { waitFor } from '../../../scripts/stack/wait';
import { useTempDir } from '../../helpers/temp-dir';

const tmp = useTempDir('ufo-global-');
let view: GlobalView;

const byCluster = (samples: readonly Sample[]): Record<string, string> => Object.fromEntries(samples.map((s) => [s.metric.cluster ?? '', s.value?.[1] ?? '']));

async function centralSeries(expr: string, count: number): Promise<Sample[]> {
  return waitFor(async () => {
    const samples = await instantQuery(view.central.url, expr);
    return samples.length === count ? samples : undefined;
  }, { what: `${count} series of ${expr} on the central store`, timeoutMs: 90_000, intervalMs: 500 });
}

beforeAll(async () => {
  view = await startGlobalView({
    workDir: tmp.path,
    sites: 3,
    serversPerSite: 1,
    simulator: (site) => ({ devices: 2 * site, constellations: 0 }),
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    exporterTimeout: '800ms',
  });
}, 120_000);

afterAll(async () => {
  await view?.stop();
});

describe('the central store of three sites', () => {
  it("holds every site's own values under its cluster label", async () => {
    const online = await centralSeries('sum by (cluster) (ufo_devices{job="ufo-exporter",status="online"})', 3);
    expect(byCluster(online)).toEqual({ 'site-1': '2', 'site-2': '4', 'site-3': '6' });
    const info = await centralSeries('ufo_server_info', 3);
    expect(info.map((s) => [s.metric.cluster, s.metric.instance, s.metric.server]).sort()).toEqual([
      ['site-1', 'site-1-1', 'site-1-1'],
      ['site-2', 'site-2-1', 'site-2-1'],
      ['site-3', 'site-3-1', 'site-3-1'],
    ]);
  });

  it('evaluates the recording rules per cluster', async () => {
    const ratio = await centralSeries('ufo:devices_offline:ratio', 3);
    expect(byCluster(ratio)).toEqual({ 'site-1': '0', 'site-2': '0', 'site-3': '0' });
  });

  it('raises UfoServerDown for the failing site only, naming its cluster and server', async () => {
    view.sites[1]?.fleet.servers[0]?.sim.control.setFault({ kind: 'status', status: 500 });
    const alerts = await centralSeries('ALERTS{alertname="UfoServerDown"}', 1);
    expect(alerts[0]?.metric).toMatchObject({ cluster: 'site-2', instance: 'site-2-1', server: 'site-2-1', job: 'ufo-exporter', severity: 'critical' });
  });

  it('answers every dashboard panel query (unchanged) without error', async () => {
    const queries = panelQueries();
    expect(queries.length).toBeGreaterThan(20);
    let withData = 0;
    for (const q of queries) {
      const samples = await instantQuery(view.central.url, substituteVariables(q.expr)).catch((err: unknown) => {
        throw new Error(`${q.dashboardUid} panel ${q.panelId} "${q.panelTitle}" ${q.refId}: ${String(err)}`);
      });
      if (samples.length > 0) withData++;
    }
    expect(withData).toBeGreaterThan(queries.length / 2);
  });
});
