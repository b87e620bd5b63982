/**
 * Runs the Debian `prometheus-alertmanager` binary on 127.0.0.1 (no clustering, storage in a temp
 * dir) for tests and the no-Docker stack; waits until it is ready, with a bounded wait.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ALERTMANAGER_BINARY = process.env['ALERTMANAGER_BIN'] ?? 'prometheus-alertmanager';

export interface RunningAlertmanager {
  /** `http://127.0.0.1:<port>`, also its external URL (silence links point here). */
  readonly url: string;
  /** Everything it logged so far (for failure messages). */
  output(): string;
  close(): Promise<void>;
}

/** A port that was free a moment ago (Alertmanager takes no port 0). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited with code ${child.exitCode}:\n${output()}`);
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`alertmanager at ${url} not ready within ${timeoutMs} ms:\n${output()}`);
}

export async function startAlertmanager(configFile: string, readyTimeoutMs = 15_000): Promise<RunningAlertmanager> {
  const storage = await mkdtemp(join(tmpdir(), 'ufo-alertmanager-'));
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    ALERTMANAGER_BINARY,
    [
      `--config.file=${configFile}`,
      `--storage.path=${storage}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.external-url=${url}`,
      '--cluster.listen-address=',
      '--log.level=debug',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const append = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-200_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) => reject(new Error(`cannot start ${ALERTMANAGER_BINARY}: ${err.message}`)));
  });
  const close = async (): Promise<void> => {
    await stop(child);
    await rm(storage, { recursive: true, force: true });
  };
  try {
    await spawned;
    await waitUntilReady(url, child, () => log, readyTimeoutMs);
  } catch (err) {
    await close();
    throw err;
  }
  return { url, output: () => log, close };
}
