/**
 * The scale run behind docs/scaling.md: `npx tsx scripts/scale/measure.ts --servers 20 --clients 2000`.
 * Simulated servers behind one multi-target exporter (its own process), a Prometheus agent scraping
 * /probe for each and remote-writing to a central Prometheus that evaluates the rules (the global
 * view's code, scripts/stack/global-view.ts). After a warm-up it reads, from the central store and
 * the processes: head series, samples per second, rule evaluation time, scrape duration and body size
 * per server, and the resident memory of the exporter, the agent and the central Prometheus.
 * Prints a Markdown table. Figures depend on the machine: they are for projection, not assertions.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startGlobalView, type GlobalView } from '../stack/global-view';
import { instantQuery } from '../stack/prometheus-api';
import { waitFor } from '../stack/wait';

const SCRAPE_INTERVAL = '15s';

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

async function scalar(url: string, expr: string): Promise<number> {
  const [first] = await instantQuery(url, expr);
  return Number(first?.value?.[1] ?? NaN);
}

/** Each rule group's last evaluation time, slowest first. */
async function ruleEvaluations(url: string): Promise<{ name: string; seconds: number }[]> {
  const res = await fetch(`${url}/api/v1/rules`);
  const body = (await res.json()) as { data: { groups: { name: string; evaluationTime: number }[] } };
  return body.data.groups.map((g) => ({ name: g.name, seconds: g.evaluationTime })).sort((a, b) => b.seconds - a.seconds);
}

async function headSeries(url: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/status/tsdb`);
  const body = (await res.json()) as { data: { headStats: { numSeries: number } } };
  return body.data.headStats.numSeries;
}

async function probeBytes(view: GlobalView): Promise<number> {
  const site = view.sites[0];
  const server = site?.fleet.servers[0];
  if (!site || !server) return NaN;
  return (await (await fetch(`${site.fleet.url}/probe?target=${server.name}`)).arrayBuffer()).byteLength;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { servers: { type: 'string', default: '20' }, clients: { type: 'string', default: '2000' }, minutes: { type: 'string', default: '3' } } });
  const servers = Number(values.servers);
  const clients = Number(values.clients);
  const workDir = await mkdtemp(join(tmpdir(), 'ufo-scale-'));
  const started = Date.now();
  const view = await startGlobalView({
    workDir,
    sites: 1,
    serversPerSite: servers,
    // ~10% constellations, like the simulator's default mix; the fleet changes every few seconds.
    simulator: () => ({ devices: Math.round(clients * 0.9), constellations: Math.round(clients * 0.1), tickMs: 2000 }),
    scrapeInterval: SCRAPE_INTERVAL,
    evaluationInterval: SCRAPE_INTERVAL,
    exporterTimeout: '10s',
    exporterProcess: true,
  });
  try {
    const site = view.sites[0]!;
    const central = view.central.url;
    await waitFor(async () => ((await instantQuery(central, 'ufo_up == 1')).length === servers ? true : undefined), {
      what: `ufo_up == 1 for ${servers} servers on the central store`,
      timeoutMs: 180_000,
      intervalMs: 2_000,
    });
    await sleep(Number(values.minutes) * 60_000);
    const groups = await ruleEvaluations(central);
    const samplesPerScrape = await scalar(central, 'sum(scrape_samples_scraped{job="ufo-exporter",instance!~".*:.*"})');
    const rows: [string, string][] = [
      ['servers × clients', `${servers} × ${clients}`],
      ['head series (central)', String(await headSeries(central))],
      ['samples per scrape round (all servers)', String(samplesPerScrape)],
      [`samples/s at ${SCRAPE_INTERVAL} scrape interval`, (samplesPerScrape / 15).toFixed(0)],
      ['samples per server scrape', (samplesPerScrape / servers).toFixed(0)],
      ['/probe body per server', `${((await probeBytes(view)) / 1024).toFixed(0)} KiB`],
      ['scrape duration per server, mean', `${((await scalar(central, 'avg(scrape_duration_seconds{job="ufo-exporter",instance!~".*:.*"})')) * 1000).toFixed(0)} ms`],
      ['scrape duration per server, max', `${((await scalar(central, 'max(scrape_duration_seconds{job="ufo-exporter",instance!~".*:.*"})')) * 1000).toFixed(0)} ms`],
      ['rule evaluation, all groups (central)', `${(groups.reduce((sum, g) => sum + g.seconds, 0) * 1000).toFixed(0)} ms`],
      ['slowest rule groups', groups.slice(0, 3).map((g) => `${g.name} ${(g.seconds * 1000).toFixed(0)} ms`).join(', ')],
      ['exporter RSS', mb(rssOf(site.fleet.exporterPid))],
      ['agent RSS', mb(rssOf(site.agent.process.pid))],
      ['central Prometheus RSS', mb(rssOf(view.central.process.pid))],
      ['run length', `${((Date.now() - started) / 60_000).toFixed(1)} min`],
    ];
    console.log('| measure | value |\n| --- | --- |');
    for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  } finally {
    await view.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`scale: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
