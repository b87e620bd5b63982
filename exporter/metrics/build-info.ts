/** What `ufo_exporter_build_info` reports: package version, git revision, Node.js version. */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BuildInfo {
  readonly version: string;
  readonly revision: string;
  readonly nodejs: string;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** package.json's version, written into the compiled build (scripts/build-exporter.ts): no read and parse at start. */
declare const __UFO_PACKAGE_VERSION__: string | undefined;
/** The revision the compiled build was made from (scripts/build-exporter.ts; 'unknown' without .git): no .git read at start. */
declare const __UFO_GIT_REVISION__: string | undefined;

function packageVersion(): string {
  if (typeof __UFO_PACKAGE_VERSION__ === 'string') return __UFO_PACKAGE_VERSION__;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface GitHead {
  /** The first 12 hex digits of the checked-out commit, or 'unknown' (no .git, unreadable). */
  readonly revision: string;
  /** The files the revision was read from (HEAD, the branch's ref or packed-refs): a commit changes one of them. */
  readonly files: readonly string[];
}

/** `.git` of `root`: the directory, or in a `git worktree` the one its `.git` file points to. */
function gitDirOf(root: string): string {
  const dotGit = join(root, '.git');
  let pointer: string;
  try {
    pointer = readFileSync(dotGit, 'utf8');
  } catch {
    return dotGit; // a directory (EISDIR) or absent: both end in HEAD's read
  }
  const target = /^gitdir: (.+)$/m.exec(pointer)?.[1]?.trim() ?? dotGit;
  return isAbsolute(target) ? target : join(root, target);
}

/**
 * Reads `.git` of `root` directly (no `git` process): HEAD, then the ref it points to (in a worktree,
 * the refs live in the common directory named by `commondir`).
 */
export function readGitHead(root: string): GitHead {
  const files: string[] = [];
  const read = (file: string): string => {
    files.push(file);
    return readFileSync(file, 'utf8');
  };
  try {
    const gitDir = gitDirOf(root);
    const head = read(join(gitDir, 'HEAD')).trim();
    if (!head.startsWith('ref: ')) return { revision: head.slice(0, 12), files };
    const ref = head.slice(5);
    let refsDir = gitDir;
    try {
      refsDir = join(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
    } catch {
      // a plain checkout: the refs are in .git itself
    }
    try {
      return { revision: read(join(refsDir, ref)).trim().slice(0, 12), files };
    } catch {
      const packed = read(join(refsDir, 'packed-refs')).split('\n').find((l) => l.endsWith(` ${ref}`));
      return { revision: packed?.slice(0, 12) || 'unknown', files };
    }
  } catch {
    return { revision: 'unknown', files };
  }
}

function gitRevision(): string {
  // An image or tarball has no .git: UFO_EXPORTER_REVISION lets a build stamp the revision in.
  const stamped = process.env.UFO_EXPORTER_REVISION;
  if (stamped) return stamped;
  if (typeof __UFO_GIT_REVISION__ === 'string') return __UFO_GIT_REVISION__;
  return readGitHead(repoRoot).revision;
}

let cached: BuildInfo | undefined;

export function buildInfo(): BuildInfo {
  cached ??= { version: packageVersion(), revision: gitRevision() || 'unknown', nodejs: process.versions.node };
  return cached;
}
