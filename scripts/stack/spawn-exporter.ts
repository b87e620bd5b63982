/**
 * Runs the real `ufo-exporter` command (node bin/ufo-exporter.js) as a child process on a free
 * port, for tests and the bench. The URL comes from its "exporter listening" log line.
 */
import { fileURLToPath } from 'node:url';
import { startProcess, type ManagedProcess } from './process';
import { waitFor } from './wait';

export const EXPORTER_BIN = fileURLToPath(new URL('../../bin/ufo-exporter.js', import.meta.url));

export interface SpawnedExporter {
  readonly process: ManagedProcess;
  readonly url: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null if killed). */
  stop(graceMs?: number): Promise<number | null>;
}

export async function spawnExporter(args: readonly string[], env: NodeJS.ProcessEnv = {}, startTimeoutMs = 30_000): Promise<SpawnedExporter> {
  let url: string | undefined;
  const proc = startProcess({
    name: 'exporter',
    command: process.execPath,
    args: [EXPORTER_BIN, '--web.listen-address=127.0.0.1:0', ...args],
    env: { ...process.env, ...env },
    onLine: (line) => {
      if (url === undefined && line.includes('exporter listening')) url = (JSON.parse(line) as { address: string }).address;
    },
  });
  try {
    url = await waitFor(async () => url, {
      what: 'the exporter\'s "exporter listening" line',
      timeoutMs: startTimeoutMs,
      intervalMs: 10,
      giveUpIf: () => proc.exitStatus(),
    });
  } catch (err) {
    await proc.stop(0, 'SIGKILL');
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${proc.logs().slice(-2000)}`);
  }
  return {
    process: proc,
    url,
    async stop(graceMs = 5000) {
      await proc.stop(graceMs);
      return proc.exitCode() ?? null;
    },
  };
}
