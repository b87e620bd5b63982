/**
 * The global view on loopback (`npm run stack -- --sites N`, docs/multi-server.md): each site is a set
 * of simulated UFO servers behind one multi-target exporter, scraped by a Prometheus in agent mode
 * with the external label `cluster="site-<n>"` that remote-writes everything to a central Prometheus
 * (`--web.enable-remote-write-receiver`, standing in for Thanos Receive / Mimir / VictoriaMetrics).
 * The central store evaluates the rules, built with the bundle's `clusterLabel` so they keep `cluster`.
 */
import { writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { defaultBundleConfig } from '../../bundle/defaults';
import { rulesConfigOf, type Duration } from '../../rules/config';
import { renderRuleFile } from '../../rules/render';
import { buildRules } from '../../rules/rules';
import type { SimulatorOptions } from '../simulator';
import { startListeningBinary, type ListeningBinary } from './listening-binary';
import { startMultiTargetFleet, type MultiTargetFleet } from './multi-target-exporter';
import { probeScrapeJob } from './probe-scrape-job';
import { EXPORTER_JOB } from './prometheus-config';

export const CLUSTER_LABEL = 'cluster';

export interface Site {
  /** `site-<n>`: the value of the `cluster` external label. */
  readonly name: string;
  readonly fleet: MultiTargetFleet;
  readonly agent: ListeningBinary;
}

export interface GlobalView {
  readonly central: ListeningBinary;
  readonly sites: readonly Site[];
  readonly ruleFile: string;
  stop(): Promise<void>;
}

export interface GlobalViewOptions {
  readonly workDir: string;
  readonly sites: number;
  readonly serversPerSite: number;
  /** Simulator options of server `i` (1-based) of site `site` (1-based). */
  readonly simulator?: (site: number, i: number) => Omit<SimulatorOptions, 'apiKey'>;
  readonly scrapeInterval: Duration;
  readonly evaluationInterval: Duration;
  /** The exporter's --ufo.timeout (below the scrape timeout, the scrape interval). */
  readonly exporterTimeout: string;
  readonly maxSeries?: number;
  /** Each site's exporter in its own process (the scale run measures its memory). */
  readonly exporterProcess?: boolean;
  /** Flags for the central Prometheus, e.g. retention. */
  readonly centralArgs?: readonly string[];
  readonly onLine?: (component: string, line: string) => void;
}

/** The rules as the central store runs them: the defaults with the cluster dimension on. */
export function centralRules(opts: Pick<GlobalViewOptions, 'scrapeInterval' | 'evaluationInterval'>): string {
  return renderRuleFile(
    buildRules(rulesConfigOf({ ...defaultBundleConfig, clusterLabel: CLUSTER_LABEL, scrapeInterval: opts.scrapeInterval, evaluationInterval: opts.evaluationInterval })),
  );
}

/** Where a site's agent writes: the receiving store's URL, plus what that store needs (e.g. Mimir's tenant header). */
export interface RemoteWriteTarget {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The central stores docs/multi-server.md describes, as a site agent addresses them. */
export const REMOTE_WRITE_EXAMPLES: Readonly<Record<string, RemoteWriteTarget>> = {
  'prometheus-receiver': { url: 'http://central-prometheus:9090/api/v1/write' },
  'thanos-receive': { url: 'http://thanos-receive:19291/api/v1/receive' },
  mimir: { url: 'http://mimir:8080/api/v1/push', headers: { 'X-Scope-OrgID': 'ufo' } },
  victoriametrics: { url: 'http://victoriametrics:8428/api/v1/write' },
};

export interface AgentConfigOptions {
  readonly site: string;
  /** The site's multi-target exporter, host:port. */
  readonly exporter: string;
  readonly servers: readonly string[];
  readonly scrapeInterval: string;
  readonly remoteWrite: RemoteWriteTarget;
}

/** A site's Prometheus in agent mode: the exporter's own job, its servers through /probe, everything remote-written with `cluster`. */
export function agentConfig(o: AgentConfigOptions): string {
  return stringify(
    {
      global: { scrape_interval: o.scrapeInterval, external_labels: { [CLUSTER_LABEL]: o.site } },
      scrape_configs: [
        { job_name: EXPORTER_JOB, static_configs: [{ targets: [o.exporter] }] },
        probeScrapeJob({ exporter: o.exporter, servers: o.servers, scrapeInterval: o.scrapeInterval }),
      ],
      remote_write: [{ url: o.remoteWrite.url, ...(o.remoteWrite.headers && { headers: { ...o.remoteWrite.headers } }), queue_config: { batch_send_deadline: '1s' } }],
    },
    { lineWidth: 0 },
  );
}

async function startPrometheusWith(name: string, dir: string, config: (address: string) => string, args: readonly string[], onLine?: (line: string) => void): Promise<ListeningBinary> {
  await mkdir(dir, { recursive: true });
  const configFile = join(dir, 'prometheus.yml');
  return startListeningBinary({
    name,
    command: 'prometheus',
    args: (address) => {
      writeFileSync(configFile, config(address));
      return [`--config.file=${configFile}`, `--web.listen-address=${address}`, '--log.level=warn', ...args];
    },
    readyPath: '/-/ready',
    readyTimeoutMs: 30_000,
    ...(onLine && { onLine }),
  });
}

export async function startGlobalView(opts: GlobalViewOptions): Promise<GlobalView> {
  const closers: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };
  try {
    const ruleFile = join(opts.workDir, 'central-rules.yml');
    await writeFile(ruleFile, centralRules(opts));
    const central = await startPrometheusWith(
      'central',
      join(opts.workDir, 'central'),
      () => stringify({ global: { scrape_interval: opts.scrapeInterval, evaluation_interval: opts.evaluationInterval }, rule_files: [ruleFile] }),
      ['--web.enable-remote-write-receiver', `--storage.tsdb.path=${join(opts.workDir, 'central', 'data')}`, ...(opts.centralArgs ?? [])],
      opts.onLine && ((line) => opts.onLine?.('central', line)),
    );
    closers.push(() => central.process.stop());
    const sites: Site[] = [];
    for (let s = 1; s <= opts.sites; s++) {
      const name = `site-${s}`;
      const dir = join(opts.workDir, name);
      await mkdir(dir, { recursive: true });
      const fleet = await startMultiTargetFleet({
        dir,
        count: opts.serversPerSite,
        prefix: name,
        timeout: opts.exporterTimeout,
        ...(opts.maxSeries !== undefined && { maxSeries: opts.maxSeries }),
        ...(opts.exporterProcess && { ownProcess: true }),
        simulator: (i) => ({ ...opts.simulator?.(s, i), seed: s * 1000 + i }),
      });
      closers.push(() => fleet.close());
      const agent = await startPrometheusWith(
        `agent-${name}`,
        join(dir, 'agent'),
        () =>
          agentConfig({
            site: name,
            exporter: fleet.address,
            servers: fleet.servers.map((srv) => srv.name),
            scrapeInterval: opts.scrapeInterval,
            remoteWrite: { url: `${central.url}/api/v1/write` },
          }),
        ['--enable-feature=agent', `--storage.agent.path=${join(dir, 'agent', 'wal')}`],
        opts.onLine && ((line) => opts.onLine?.(`agent-${name}`, line)),
      );
      closers.push(() => agent.process.stop());
      sites.push({ name, fleet, agent });
    }
    return { central, sites, ruleFile, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
