/** A real Alertmanager (Debian's) whose only receiver notifies nobody: alerts posted to it are just listed. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startLocalAlertmanager } from '../../../scripts/stack/alertmanager';
import type { ListeningBinary } from '../../../scripts/stack/listening-binary';

/** Config and data go into `workDir`, which the caller removes after stopping the process. */
export async function startBlackholeAlertmanager(workDir: string): Promise<ListeningBinary> {
  const configFile = path.join(workDir, 'alertmanager.yml');
  await writeFile(configFile, 'route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n');
  return startLocalAlertmanager({ configFile, workDir });
}
