/** `npm run build:rules -- ARGS` as a user runs it (the tests of --config and --out). */

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../scripts/build/run';

export function build(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)('npx', ['tsx', join(REPO_ROOT, 'scripts/build-rules.ts'), ...args], { cwd: REPO_ROOT, timeout: 300_000 });
}
