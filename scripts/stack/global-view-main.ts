/** `npm run stack -- --sites N`: starts the global view (global-view.ts), prints its URLs, runs until Ctrl-C. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGlobalView } from './global-view';

export async function runGlobalView(sites: number, devices: number, onLine?: (component: string, line: string) => void): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'ufo-sites-'));
  console.log(`starting the global view: ${sites} site(s), each a simulator + multi-target exporter + Prometheus agent, and a central Prometheus…`);
  const view = await startGlobalView({
    workDir,
    sites,
    serversPerSite: 1,
    simulator: () => ({ devices, constellations: 2, tickMs: 1000 }),
    scrapeInterval: '5s',
    evaluationInterval: '5s',
    exporterTimeout: '2s',
    ...(onLine && { onLine }),
  }).catch(async (err: unknown) => {
    await rm(workDir, { recursive: true, force: true });
    throw err;
  });
  console.log(`\ncentral Prometheus (rules with the cluster label): ${view.central.url}`);
  for (const site of view.sites)
    console.log(`  ${site.name}: agent ${site.agent.url}, exporter ${site.fleet.url}/probe?target=${site.fleet.servers[0]?.name ?? ''}, simulator ${site.fleet.servers[0]?.sim.url ?? ''}`);
  console.log('try: sum by (cluster) (ufo_devices{status="online"}) on the central Prometheus. Ctrl-C stops everything.');
  const stop = (): void => {
    void view
      .stop()
      .then(() => rm(workDir, { recursive: true, force: true }))
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
