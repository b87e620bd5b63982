/**
 * Runs the local `prometheus-alertmanager` binary (Debian package) with a given config file, data in
 * the caller's work dir, clustering off (Debian's default would bind 0.0.0.0:9094).
 */
import { join } from 'node:path';
import { startListeningBinary, type ListeningBinary } from './listening-binary';

export interface LocalAlertmanagerOptions {
  readonly configFile: string;
  /** Directory for Alertmanager's data (created by it); the caller removes it. */
  readonly workDir: string;
  readonly onLine?: (line: string) => void;
  /** Gossip cluster flags (--cluster.listen-address, --cluster.peer, …; scripts/stack/ha-alerting.ts); default: clustering off. */
  readonly clusterArgs?: readonly string[];
}

export async function startLocalAlertmanager(opts: LocalAlertmanagerOptions): Promise<ListeningBinary> {
  return startListeningBinary({
    name: 'alertmanager',
    command: 'prometheus-alertmanager',
    args: (address) => [
      `--config.file=${opts.configFile}`,
      `--storage.path=${join(opts.workDir, 'data')}`,
      `--web.listen-address=${address}`,
      // The URL in notifications' "silence" links.
      `--web.external-url=http://${address}`,
      ...(opts.clusterArgs ?? ['--cluster.listen-address=']),
      '--log.level=info',
    ],
    readyPath: '/-/ready',
    readyTimeoutMs: 15_000,
    onLine: opts.onLine,
  });
}
