/**
 * The real exporter CLI (exporter/main.ts, as `npm start` runs it) in a child process, on the real
 * fleet simulator, on loopback port 0. Every output line is kept so tests can grep it for secrets.
 */

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../scripts/simulator';
import { startProcess, type ManagedProcess } from '../../scripts/stack/process';
import { waitFor } from '../../scripts/stack/wait';
import { makeTempDir, removeTempDir } from './temp-dir';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface ExporterHarness {
  readonly sim: Simulator;
  readonly exporter: ManagedProcess;
  /** Base URL of the exporter (http or https). */
  readonly url: string;
  /** A temp dir for the test's files (web config, certificates, logs); close() removes it. */
  readonly dir: string;
  /** Every line the exporter wrote to stdout/stderr so far. */
  readonly output: string[];
  /** Stops the simulator (the "UFO server goes away" case). Safe to call twice. */
  stopSimulator(): Promise<void>;
  /** Stops the exporter and the simulator and removes the temp dir. Safe to call twice. */
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly simulator?: Omit<SimulatorOptions, 'apiKey'>;
  /** Extra exporter flags; `dir` is the temp dir (write config files there first via `prepare`). */
  readonly flags?: (dir: string) => readonly string[];
  /** Writes files into the temp dir before the exporter starts. */
  readonly prepare?: (dir: string) => Promise<void>;
  /** Follow the simulator's log file (sessions, rejected registrations). */
  readonly followLog?: boolean;
}

export const TEST_API_KEY = 'sim-api-key-9f2c1e';

export async function startExporterOnSimulator(opts: HarnessOptions = {}): Promise<ExporterHarness> {
  const dir = await makeTempDir('ufo-status-');
  const logFile = path.join(dir, 'ufo-server.log');
  const sim = await startSimulator({ apiKey: TEST_API_KEY, ...(opts.followLog && { logFile }), ...opts.simulator }).catch(async (err: unknown) => {
    await removeTempDir(dir);
    throw err;
  });
  const output: string[] = [];
  let exporter: ManagedProcess | undefined;
  let simClosing: Promise<void> | undefined;
  const stopSimulator = (): Promise<void> => (simClosing ??= sim.close());
  const close = async (): Promise<void> => {
    await exporter?.stop(5_000);
    await stopSimulator();
    await removeTempDir(dir);
  };
  try {
    await opts.prepare?.(dir);
    const keyFile = path.join(dir, 'api-key');
    await writeFile(keyFile, TEST_API_KEY + '\n');
    exporter = startProcess({
      name: 'exporter',
      command: process.execPath,
      args: [
        '--import',
        'tsx',
        'exporter/main.ts',
        '--web.listen-address=127.0.0.1:0',
        `--ufo.url=${sim.url}`,
        `--ufo.api-key-file=${keyFile}`,
        '--ufo.timeout=1s',
        ...(opts.followLog ? [`--ufo.log-file=${logFile}`, '--ufo.log-from-start'] : []),
        ...(opts.flags?.(dir) ?? []),
      ],
      cwd: REPO,
      onLine: (line) => output.push(line),
    });
    const started = exporter;
    const url = await waitFor(
      async () => {
        for (const line of output) {
          if (!line.includes('exporter listening')) continue;
          const address: unknown = (JSON.parse(line) as Record<string, unknown>)['address'];
          if (typeof address === 'string') return address;
        }
        return undefined;
      },
      { what: 'the exporter to listen', timeoutMs: 15_000, intervalMs: 50, giveUpIf: () => (started.exitStatus() === undefined ? undefined : `exporter ${started.exitStatus()}`) },
    ).catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${output.join('\n')}`);
    });
    return { sim, exporter: started, url, dir, output, stopSimulator, close };
  } catch (err) {
    await close();
    throw err;
  }
}
