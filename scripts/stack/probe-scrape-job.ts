/**
 * The scrape job of a multi-target exporter (`servers:`, `/probe?target=<name>`), as blackbox_exporter
 * and json_exporter are scraped: the targets are server names, and relabelling turns each into the
 * `target` parameter and the `instance` label, then points the scrape at the exporter. The job label
 * is the exporter job's, so the rules (`job="ufo-exporter"`) see sidecar and multi-target servers alike.
 */
import { EXPORTER_JOB } from './prometheus-config';

export const PROBE_JOB = 'ufo-exporter-probe';

export interface ProbeJobOptions {
  /** The multi-target exporter, host:port. */
  readonly exporter: string;
  /** The job label the rules select on (default the stack's EXPORTER_JOB). */
  readonly job?: string;
  /** Server names, as the exporter's `servers:` section lists them. */
  readonly servers: readonly string[];
  readonly scrapeInterval: string;
  /** The per-scrape budget; keep it above the exporter's --ufo.timeout. */
  readonly scrapeTimeout?: string;
}

export function probeScrapeJob(opts: ProbeJobOptions): Record<string, unknown> {
  if (opts.servers.length === 0) throw new Error('probe scrape job: servers is empty');
  return {
    job_name: PROBE_JOB,
    scrape_interval: opts.scrapeInterval,
    ...(opts.scrapeTimeout !== undefined && { scrape_timeout: opts.scrapeTimeout }),
    metrics_path: '/probe',
    static_configs: [{ targets: [...opts.servers] }],
    relabel_configs: [
      // The listed "address" is the server's name: it becomes ?target=<name> and the instance label …
      { source_labels: ['__address__'], target_label: '__param_target' },
      { source_labels: ['__param_target'], target_label: 'instance' },
      // … and the scrape goes to the exporter.
      { target_label: '__address__', replacement: opts.exporter },
      { target_label: 'job', replacement: opts.job ?? EXPORTER_JOB },
    ],
  };
}
