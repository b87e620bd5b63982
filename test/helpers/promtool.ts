/** The real promtool, run the way tests need it: exit code and output, never a rejection on exit 1. */

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The unit tests simulate hours (the outage case: 7h20m, so every SLO window lets go of the outage):
 * a few seconds on an idle machine, much longer on a loaded one.
 */
export const PROMTOOL_TIMEOUT_MS = 150_000;

/** Runs promtool; resolves with its exit code and combined output (never rejects on exit 1). */
export async function promtool(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('promtool', args, { cwd, timeout: PROMTOOL_TIMEOUT_MS });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
