/**
 * Generates the docker-compose stack's derived files (`npm run build:rules`):
 * - deploy/prometheus/prometheus.yml — the scrape config (same renderer as `npm run stack`);
 * - deploy/secrets/example/* — one placeholder file per secret the stack reads: every `*File` path of
 *   the Alertmanager routing config under its secrets dir, plus the exporter's API key and Grafana's
 *   admin password. Placeholders are obviously not secrets; real values live outside git.
 */
import type { GeneratedFile, Generator } from '../build/generated';
import { basename } from 'node:path';
import type { RoutingConfig } from '../../alertmanager/config';
import type { BundleConfig } from '../../bundle/config';
import { RULE_FILE } from '../../rules/generator';
import { renderPrometheusConfig } from './prometheus-config';
import { probeScrapeJob } from './probe-scrape-job';
import { agentConfig, REMOTE_WRITE_EXAMPLES } from './global-view';
import { COMPOSE, GRAFANA_ADMIN_PASSWORD_SECRET, UFO_API_KEY_SECRET } from './compose-names';

/** Every string under a key ending in "File" anywhere in a config object. */
export function secretFilePaths(config: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object')
      for (const [key, v] of Object.entries(value)) {
        if (/File$/.test(key) && typeof v === 'string') found.add(v);
        else walk(v);
      }
  };
  walk(config);
  return [...found].sort();
}

/** Secret file names under Alertmanager's secrets dir; a path elsewhere cannot be mounted from the dir. */
export function alertmanagerSecretNames(routing: RoutingConfig): string[] {
  const prefix = `${COMPOSE.alertmanager.secretsDir}/`;
  return secretFilePaths(routing).map((path) => {
    if (!path.startsWith(prefix)) throw new Error(`alerting config: secret file ${path} is not under ${prefix}, where docker-compose mounts the secrets`);
    return path.slice(prefix.length);
  });
}

function placeholder(name: string): string {
  return `replace-me: placeholder for ${name}; see deploy/secrets/README.md\n`;
}

/** The stack's prometheus.yml options, at the bundle config's scrape and evaluation intervals. */
function composeOptions(config: BundleConfig): Parameters<typeof renderPrometheusConfig>[0] {
  const { exporter, alertmanager, prometheus } = COMPOSE;
  return {
    scrapeInterval: config.scrapeInterval,
    evaluationInterval: config.evaluationInterval,
    exporterJob: config.job,
    exporterTargets: [`${exporter.service}:${exporter.port}`],
    alertmanagerTargets: [`${alertmanager.service}:${alertmanager.port}`],
    selfTarget: `localhost:${prometheus.port}`,
    // Named, not globbed: rules/generated also holds promtool's unit-test file.
    ruleFiles: [`${prometheus.rulesDir}/${basename(RULE_FILE)}`],
  };
}

export function renderComposePrometheusConfig(config: BundleConfig): string {
  return renderPrometheusConfig(composeOptions(config));
}

/** Example servers of the multi-target variant (docs/multi-server.md shows the exporter's matching `servers:`). */
export const EXAMPLE_PROBE_SERVERS = ['lab-a', 'lab-b'] as const;

/**
 * The compose scrape config with a multi-target exporter: its own metrics as the usual job, and its
 * servers through /probe (docs/multi-server.md).
 */
export function renderMultiTargetPrometheusConfig(config: BundleConfig): string {
  const { exporter } = COMPOSE;
  const address = `${exporter.service}:${exporter.port}`;
  return renderPrometheusConfig({
    ...composeOptions(config),
    extraJobs: [probeScrapeJob({ exporter: address, job: config.job, servers: EXAMPLE_PROBE_SERVERS, scrapeInterval: config.scrapeInterval, scrapeTimeout: '10s' })],
  });
}

export const deployGenerator: Generator = {
  name: 'deploy',
  sources: 'scripts/stack/deploy-generator.ts, scripts/stack/prometheus-config.ts, scripts/stack/probe-scrape-job.ts, scripts/stack/global-view.ts, bundle/defaults.ts, rules/generator.ts',
  ownedDirs: ['deploy/prometheus', COMPOSE.exampleSecretsDir],
  generate(config): GeneratedFile[] {
    const secrets = [...alertmanagerSecretNames(config.alerting), UFO_API_KEY_SECRET, GRAFANA_ADMIN_PASSWORD_SECRET];
    return [
      { path: 'deploy/prometheus/prometheus.yml', content: renderComposePrometheusConfig(config) },
      { path: 'deploy/prometheus/prometheus-multi-target.yml', content: renderMultiTargetPrometheusConfig(config) },
      // A site's agent (docs/multi-server.md, "A global view"), one per kind of central store.
      ...Object.entries(REMOTE_WRITE_EXAMPLES).map(([store, remoteWrite]) => ({
        path: `deploy/prometheus/agent-${store}.yml`,
        content: agentConfig({ site: 'site-1', exporter: `${COMPOSE.exporter.service}:${COMPOSE.exporter.port}`, servers: EXAMPLE_PROBE_SERVERS, scrapeInterval: config.scrapeInterval, remoteWrite }),
      })),
      ...secrets.map((name) => ({ path: `${COMPOSE.exampleSecretsDir}/${name}`, content: placeholder(name) })),
    ];
  },
};
