/** What `ufo_exporter_build_info` reports: package version, git revision, Node.js version. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BuildInfo {
  readonly version: string;
  readonly revision: string;
  readonly nodejs: string;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function gitRevision(): string {
  // An image or tarball has no .git: UFO_EXPORTER_REVISION lets a build stamp the revision in.
  const stamped = process.env.UFO_EXPORTER_REVISION;
  if (stamped) return stamped;
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: repoRoot, timeout: 1000, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

let cached: BuildInfo | undefined;

export function buildInfo(): BuildInfo {
  cached ??= { version: packageVersion(), revision: gitRevision() || 'unknown', nodejs: process.versions.node };
  return cached;
}
