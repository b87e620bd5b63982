/**
 * Runs the local `prometheus-alertmanager` binary (Debian package) with a given config file, data in
 * a temp dir, clustering off (Debian's default would bind 0.0.0.0:9094).
 */
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startListeningBinary, type ListeningBinary } from './listening-binary';

export interface LocalAlertmanagerOptions {
  readonly configFile: string;
  readonly workDir?: string;
  readonly onLine?: (line: string) => void;
}

export async function startLocalAlertmanager(opts: LocalAlertmanagerOptions): Promise<ListeningBinary> {
  const dir = opts.workDir ?? (await mkdtemp(join(tmpdir(), 'ufo-alertmanager-')));
  return startListeningBinary({
    name: 'alertmanager',
    command: 'prometheus-alertmanager',
    args: (address) => [
      `--config.file=${opts.configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      // The URL in notifications' "silence" links.
      `--web.external-url=http://${address}`,
      '--cluster.listen-address=',
      '--log.level=info',
    ],
    readyPath: '/-/ready',
    readyTimeoutMs: 15_000,
    onLine: opts.onLine,
  });
}
