/** What `ufo_exporter_build_info` reports: package version, git revision, Node.js version. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BuildInfo {
  readonly version: string;
  readonly revision: string;
  readonly nodejs: string;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** package.json's version, written into the compiled build (scripts/build-exporter.ts): no read and parse at start. */
declare const __UFO_PACKAGE_VERSION__: string | undefined;

function packageVersion(): string {
  if (typeof __UFO_PACKAGE_VERSION__ === 'string') return __UFO_PACKAGE_VERSION__;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Reads .git directly (no `git` process: start-up time matters): HEAD, then the ref it points to. */
function gitRevision(): string {
  // An image or tarball has no .git: UFO_EXPORTER_REVISION lets a build stamp the revision in.
  const stamped = process.env.UFO_EXPORTER_REVISION;
  if (stamped) return stamped;
  try {
    const gitDir = join(repoRoot, '.git');
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 12);
    const ref = head.slice(5);
    try {
      return readFileSync(join(gitDir, ref), 'utf8').trim().slice(0, 12);
    } catch {
      const packed = readFileSync(join(gitDir, 'packed-refs'), 'utf8').split('\n').find((l) => l.endsWith(` ${ref}`));
      return packed?.slice(0, 12) ?? 'unknown';
    }
  } catch {
    return 'unknown';
  }
}

let cached: BuildInfo | undefined;

export function buildInfo(): BuildInfo {
  cached ??= { version: packageVersion(), revision: gitRevision() || 'unknown', nodejs: process.versions.node };
  return cached;
}
