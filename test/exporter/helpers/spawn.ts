/**
 * Runs the real `ufo-exporter` command (node bin/ufo-exporter.js) as a child process on a free
 * port, for tests and the bench. The URL comes from its "exporter listening" log line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const EXPORTER_BIN = fileURLToPath(new URL('../../../bin/ufo-exporter.js', import.meta.url));

export interface SpawnedExporter {
  readonly child: ChildProcess;
  readonly url: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null if killed). */
  stop(graceMs?: number): Promise<number | null>;
}

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => reject(new Error(`exporter did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

export async function spawnExporter(args: readonly string[], env: NodeJS.ProcessEnv = {}, startTimeoutMs = 10_000): Promise<SpawnedExporter> {
  const child = spawn(process.execPath, [EXPORTER_BIN, '--web.listen-address=127.0.0.1:0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}: ${buffered.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`no "exporter listening" line within ${startTimeoutMs} ms`), startTimeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.includes('exporter listening'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { address: string }).address);
      }
    });
    child.once('exit', (code) => fail(`exited with ${code} before listening`));
  });
  return {
    child,
    url,
    async stop(graceMs = 5000) {
      child.kill('SIGTERM');
      try {
        return await waitForExit(child, graceMs);
      } catch {
        child.kill('SIGKILL');
        return waitForExit(child, 2000);
      }
    },
  };
}
