/** Runs the local `prometheus` binary (Debian package) with a rendered config, data in the caller's work dir. */
import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startListeningBinary, type ListeningBinary } from './listening-binary';
import { renderPrometheusConfig, type PrometheusConfigOptions } from './prometheus-config';

export interface LocalPrometheusOptions extends Omit<PrometheusConfigOptions, 'selfTarget'> {
  /** Directory for config and TSDB (created if missing); the caller removes it. */
  readonly workDir: string;
  /** More command-line flags, e.g. `--rules.alert.resend-delay=1s` in tests. */
  readonly extraArgs?: readonly string[];
  readonly onLine?: (line: string) => void;
}

export interface LocalPrometheus extends ListeningBinary {
  readonly configFile: string;
}

export async function startLocalPrometheus(opts: LocalPrometheusOptions): Promise<LocalPrometheus> {
  const dir = opts.workDir;
  await mkdir(dir, { recursive: true });
  const configFile = join(dir, 'prometheus.yml');
  // The self-scrape target must name the port Prometheus will bind, so the config is written per attempt.
  const started = await startListeningBinary({
    name: 'prometheus',
    command: 'prometheus',
    args: (address) => {
      writeFileSync(configFile, renderPrometheusConfig({ ...opts, selfTarget: address }));
      return [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=${address}`,
        '--log.level=info',
        ...(opts.extraArgs ?? []),
      ];
    },
    readyPath: '/-/ready',
    readyTimeoutMs: 20_000,
    onLine: opts.onLine,
  });
  return { ...started, configFile };
}
