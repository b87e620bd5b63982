/**
 * Generates the docker-compose stack's derived files (`npm run build:rules`):
 * - deploy/prometheus/prometheus.yml — the scrape config (same renderer as `npm run stack`);
 * - deploy/secrets/example/* — one placeholder file per secret the stack reads: every `*File` path of
 *   the Alertmanager routing config under its secrets dir, plus the exporter's API key and Grafana's
 *   admin password. Placeholders are obviously not secrets; real values live outside git.
 */
import type { GeneratedFile, Generator } from '../build/generated';
import { basename } from 'node:path';
import { routingConfig } from '../../alertmanager/config';
import { RULE_FILE } from '../../rules/generator';
import { renderPrometheusConfig } from './prometheus-config';
import { probeScrapeJob } from './probe-scrape-job';
import { COMPOSE, GRAFANA_ADMIN_PASSWORD_SECRET, UFO_API_KEY_SECRET } from './compose-names';

/** Production intervals (rules/config.ts defaults: scrape 15s, evaluation 1m). */
const SCRAPE_INTERVAL = '15s';
const EVALUATION_INTERVAL = '1m';

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
export function alertmanagerSecretNames(): string[] {
  const prefix = `${COMPOSE.alertmanager.secretsDir}/`;
  return secretFilePaths(routingConfig).map((path) => {
    if (!path.startsWith(prefix)) throw new Error(`alertmanager/config.ts: secret file ${path} is not under ${prefix}, where docker-compose mounts the secrets`);
    return path.slice(prefix.length);
  });
}

function placeholder(name: string): string {
  return `replace-me: placeholder for ${name}; see deploy/secrets/README.md\n`;
}

function composeOptions(): Parameters<typeof renderPrometheusConfig>[0] {
  const { exporter, alertmanager, prometheus } = COMPOSE;
  return {
    scrapeInterval: SCRAPE_INTERVAL,
    evaluationInterval: EVALUATION_INTERVAL,
    exporterTargets: [`${exporter.service}:${exporter.port}`],
    alertmanagerTargets: [`${alertmanager.service}:${alertmanager.port}`],
    selfTarget: `localhost:${prometheus.port}`,
    // Named, not globbed: rules/generated also holds promtool's unit-test file.
    ruleFiles: [`${prometheus.rulesDir}/${basename(RULE_FILE)}`],
  };
}

export function renderComposePrometheusConfig(): string {
  return renderPrometheusConfig(composeOptions());
}

/** Example servers of the multi-target variant (docs/multi-server.md shows the exporter's matching `servers:`). */
export const EXAMPLE_PROBE_SERVERS = ['lab-a', 'lab-b'] as const;

/**
 * The compose scrape config with a multi-target exporter: its own metrics as the usual job, and its
 * servers through /probe (docs/multi-server.md).
 */
export function renderMultiTargetPrometheusConfig(): string {
  const { exporter } = COMPOSE;
  const address = `${exporter.service}:${exporter.port}`;
  return renderPrometheusConfig({
    ...composeOptions(),
    extraJobs: [probeScrapeJob({ exporter: address, servers: EXAMPLE_PROBE_SERVERS, scrapeInterval: SCRAPE_INTERVAL, scrapeTimeout: '10s' })],
  });
}

export const deployGenerator: Generator = {
  name: 'deploy',
  sources: 'scripts/stack/deploy-generator.ts, scripts/stack/prometheus-config.ts, alertmanager/config.ts, rules/generator.ts',
  ownedDirs: ['deploy/prometheus', COMPOSE.exampleSecretsDir],
  generate(): GeneratedFile[] {
    const secrets = [...alertmanagerSecretNames(), UFO_API_KEY_SECRET, GRAFANA_ADMIN_PASSWORD_SECRET];
    return [
      { path: 'deploy/prometheus/prometheus.yml', content: renderComposePrometheusConfig() },
      { path: 'deploy/prometheus/prometheus-multi-target.yml', content: renderMultiTargetPrometheusConfig() },
      ...secrets.map((name) => ({ path: `${COMPOSE.exampleSecretsDir}/${name}`, content: placeholder(name) })),
    ];
  },
};
