/**
 * The Prometheus configuration of the stack, rendered from one function so that docker-compose
 * (deploy/prometheus/prometheus.yml, generated), `npm run stack` and the end-to-end test scrape the
 * same jobs with the same labels; only addresses and intervals differ.
 */
import { parsePrometheusDurationMs } from '../../exporter/duration';
import { stringify } from 'yaml';
import { defaultBundleConfig } from '../../bundle/defaults';

/** The default scrape job of the exporter (the bundle config's `job`): the rules select on it. */
export const EXPORTER_JOB = defaultBundleConfig.job;

export interface PrometheusConfigOptions {
  /** Scrape interval, e.g. "15s" (production) or "1s" (tests). */
  readonly scrapeInterval: string;
  /** Rule evaluation interval. */
  readonly evaluationInterval: string;
  /** The exporter's job name; the bundle config's default `job` when absent. */
  readonly exporterJob?: string;
  /** Exporter targets, host:port. */
  readonly exporterTargets: readonly string[];
  /** Alertmanager targets, host:port (also scraped, as job "alertmanager"). */
  readonly alertmanagerTargets: readonly string[];
  /** Prometheus' own address, host:port, scraped as job "prometheus". */
  readonly selfTarget: string;
  /** Rule files (paths or globs as Prometheus sees them). */
  readonly ruleFiles: readonly string[];
  /** global.external_labels, e.g. `{ replica: 'a' }` for an HA pair, `{ cluster: 'site-1' }` for a site. */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** Labels removed from alerts before they are sent (alert_relabel_configs), e.g. `replica`. */
  readonly alertDropLabels?: readonly string[];
  /** More scrape jobs, e.g. a multi-target exporter's (probe-scrape-job.ts). */
  readonly extraJobs?: readonly Record<string, unknown>[];
}

function checkDuration(field: string, value: string): void {
  if (parsePrometheusDurationMs(value) === undefined) throw new Error(`prometheus config: ${field} "${value}" is not a Prometheus duration (e.g. 15s, 1m)`);
}

function checkTargets(field: string, targets: readonly string[]): void {
  for (const t of targets)
    if (!/^[\w.-]+:\d{1,5}$/.test(t)) throw new Error(`prometheus config: ${field} target "${t}" is not host:port`);
}

function staticJob(jobName: string, targets: readonly string[], scrapeInterval: string) {
  return { job_name: jobName, scrape_interval: scrapeInterval, static_configs: [{ targets: [...targets] }] };
}

export function renderPrometheusConfig(opts: PrometheusConfigOptions): string {
  checkDuration('scrapeInterval', opts.scrapeInterval);
  checkDuration('evaluationInterval', opts.evaluationInterval);
  checkTargets('exporterTargets', opts.exporterTargets);
  checkTargets('alertmanagerTargets', opts.alertmanagerTargets);
  checkTargets('selfTarget', [opts.selfTarget]);
  if (opts.exporterTargets.length === 0) throw new Error('prometheus config: exporterTargets is empty');
  const config = {
    global: {
      scrape_interval: opts.scrapeInterval,
      evaluation_interval: opts.evaluationInterval,
      ...(opts.externalLabels && { external_labels: { ...opts.externalLabels } }),
    },
    rule_files: [...opts.ruleFiles],
    alerting: {
      ...(opts.alertDropLabels && { alert_relabel_configs: [{ action: 'labeldrop', regex: opts.alertDropLabels.join('|') }] }),
      alertmanagers: [{ static_configs: [{ targets: [...opts.alertmanagerTargets] }] }],
    },
    scrape_configs: [
      staticJob(opts.exporterJob ?? EXPORTER_JOB, opts.exporterTargets, opts.scrapeInterval),
      ...(opts.extraJobs ?? []),
      staticJob('prometheus', [opts.selfTarget], opts.scrapeInterval),
      ...(opts.alertmanagerTargets.length > 0 ? [staticJob('alertmanager', opts.alertmanagerTargets, opts.scrapeInterval)] : []),
    ],
  };
  return stringify(config, { lineWidth: 0 });
}
