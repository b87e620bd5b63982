/** Shared set-up for the simulator tests: a simulator on a random loopback port with a temp log. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSimulator } from '../../scripts/simulator/index';
import type { Simulator, SimulatorOptions } from '../../scripts/simulator/contract';
import { makeTempDir, removeTempDir } from './temp-dir';

export const API_KEY = 'test-key-123';

export interface TestSimulator extends Simulator {
  readonly logFile: string;
  /** Every line written so far (flushed first). */
  logLines(): Promise<string[]>;
  /** GET/POST an /api or /_sim path with the right key unless headers say otherwise. */
  call(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestSimulator(opts: Partial<SimulatorOptions> = {}): Promise<TestSimulator> {
  const dir = await makeTempDir('ufo-sim-');
  const logFile = join(dir, 'ufo-server.log');
  const sim = await startSimulator({ apiKey: API_KEY, logFile, ...opts }).catch(async (err: unknown) => {
    await removeTempDir(dir);
    throw err;
  });
  return {
    ...sim,
    logFile,
    close: () => sim.close(),
    async logLines() {
      await sim.control.flushLog();
      const text = await readFile(logFile, 'utf8').catch(() => '');
      return text.split('\n').filter((line) => line.length > 0);
    },
    call(path, init = {}) {
      const headers: Record<string, string> = { 'X-API-Key': API_KEY, ...init.headers };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      return fetch(sim.url + path, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(5000),
      });
    },
    async stop() {
      await sim.close();
      await removeTempDir(dir);
    },
  };
}

/** Drops what depends on the wall clock (Python asctime, JSON timestamp): the rest must repeat for a seed. */
export function withoutTimestamps(line: string): string {
  return line.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - /, '').replace(/"timestamp":"[^"]+",/, '');
}
