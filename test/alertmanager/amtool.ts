/** Runs the real amtool (Debian, 0.25) with a bounded time; returns its exit code and output. */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { AlertmanagerConfig } from '../../alertmanager/schema';
import { withTempDir } from '../helpers/temp-dir';

export interface AmtoolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function amtool(args: readonly string[]): Promise<AmtoolResult> {
  return new Promise((resolve, reject) => {
    execFile('amtool', [...args], { timeout: 10_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') reject(new Error(`amtool ${args.join(' ')}: ${err.message}`));
      else resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

/** Writes a config to a temp dir, runs `fn` with its path, removes the dir. */
export async function withConfigFile<T>(config: AlertmanagerConfig, fn: (path: string) => Promise<T>): Promise<T> {
  return withTempDir('ufo-amtool-', async (dir) => {
    const path = join(dir, 'alertmanager.yml');
    await writeFile(path, stringify(config, { lineWidth: 0 }));
    return fn(path);
  });
}
