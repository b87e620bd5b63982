/**
 * Reads docker-compose.yml the way docker-compose does (`docker-compose config`, Debian's v1, no
 * engine needed), and the Dockerfile / .dockerignore, for the stack tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../scripts/build/run';

export const COMPOSE_FILE = join(REPO_ROOT, 'docker-compose.yml');

export interface ComposeService {
  build?: { context: string; target?: string };
  image?: string;
  command?: string[];
  /** docker-compose v1 prints the short syntax (`/abs/src:/target:ro`); long syntax is accepted too. */
  volumes?: (string | VolumeMount)[];
  env_file?: string[];
  secrets?: { source: string }[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  profiles?: string[];
}

export interface VolumeMount {
  type: string;
  source?: string;
  target: string;
}

/** A service's mounts in long form; a short-syntax source that is a path is a bind mount. */
export function volumeMounts(svc: ComposeService): VolumeMount[] {
  return (svc.volumes ?? []).map((v) => {
    if (typeof v !== 'string') return v;
    const [source = '', target = ''] = v.split(':');
    return { type: /^[./~]/.test(source) ? 'bind' : 'volume', source, target };
  });
}

export interface ResolvedCompose {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file?: string }>;
}

/** Environment without the stack's overrides, so the defaults (committed files) are what is resolved. */
function defaultEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.UFO_SECRETS_DIR;
  delete env.UFO_URL;
  delete env.UFO_LOG_DIR;
  delete env.UFO_LOG_FILE;
  return env;
}

/** `docker-compose config` output (interpolated, paths absolute), parsed. Throws with compose's message. */
export function resolvedCompose(file = COMPOSE_FILE, profiles: readonly string[] = ['demo'], env: NodeJS.ProcessEnv = {}): ResolvedCompose {
  const args = [...profiles.flatMap((p) => ['--profile', p]), '-f', file, 'config'];
  const out = execFileSync('docker-compose', args, { cwd: dirname(file), env: { ...defaultEnv(), ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  return parse(out) as ResolvedCompose;
}

/** Every host path the resolved compose file reads: bind mounts, env files, secret files, build contexts. */
export function hostPaths(config: ResolvedCompose): { service: string; path: string }[] {
  const paths: { service: string; path: string }[] = [];
  for (const [name, svc] of Object.entries(config.services)) {
    for (const v of volumeMounts(svc)) if (v.type === 'bind' && v.source) paths.push({ service: name, path: v.source });
    for (const f of svc.env_file ?? []) paths.push({ service: name, path: f });
    if (svc.build) paths.push({ service: name, path: svc.build.context });
  }
  for (const [name, s] of Object.entries(config.secrets ?? {})) if (s.file) paths.push({ service: `secret ${name}`, path: s.file });
  return paths;
}

/** Repo-relative path of an absolute path, or undefined when it is outside the repository. */
export function insideRepo(path: string): string | undefined {
  const rel = relative(REPO_ROOT, resolve(path));
  return rel.startsWith('..') ? undefined : rel === '' ? '.' : rel;
}

export interface CopyInstruction {
  readonly line: number;
  readonly stage: string;
  readonly sources: string[];
}

/** COPY instructions from the build context (not `--from=` another stage), with their stage name. */
export function dockerfileCopies(text: string): CopyInstruction[] {
  const copies: CopyInstruction[] = [];
  let stage = '';
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stage = from[1] ?? '';
    const copy = /^COPY\s+(.*)$/i.exec(line);
    if (!copy || /--from=/.test(copy[1]!)) return;
    const parts = copy[1]!.split(/\s+/).filter((p) => !p.startsWith('--'));
    copies.push({ line: i + 1, stage, sources: parts.slice(0, -1) });
  });
  return copies;
}

/**
 * Whether .dockerignore lets `path` into the build context. Supports what this repo's file uses:
 * `**`, exact paths and `dir/` prefixes, `!` exceptions, last match wins (Docker's rule).
 */
export function dockerignoreAllows(ignoreText: string, path: string): boolean {
  let allowed = true;
  for (const raw of ignoreText.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    const pattern = (negate ? line.slice(1) : line).replace(/\/\*\*$/, '/').replace(/^\.\//, '');
    const matches = pattern === '**' || path === pattern.replace(/\/$/, '') || (pattern.endsWith('/') && path.startsWith(pattern));
    if (matches) allowed = negate;
  }
  return allowed;
}

const IMPORT_PATTERNS = [
  /(?:^|\n)\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g,
  /(?:^|\n)\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/g,
  /import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  /new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
];

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function resolveLocal(fromFile: string, spec: string): string | undefined {
  const base = resolve(dirname(fromFile), spec);
  const candidates = [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/**
 * Repo files a program loads at run time, following relative value imports (type-only imports are
 * erased), dynamic imports and `new URL('../stack/x', import.meta.url)` file references from `entry`.
 * Files under `builtDirs` are listed but not followed (they are build output).
 */
export function localRuntimeFiles(entry: string, builtDirs: readonly string[] = []): string[] {
  const seen = new Set<string>();
  const queue = [resolve(REPO_ROOT, entry)];
  const built = builtDirs.map((dir) => resolve(REPO_ROOT, dir) + '/');
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    // Build output (e.g. dist/, made in the image's build stage): listed, not followed.
    if (built.some((dir) => file.startsWith(dir))) continue;
    if (!/\.(ts|js|mjs)$/.test(file)) continue;
    const text = readFileSync(file, 'utf8');
    for (const pattern of IMPORT_PATTERNS)
      for (const m of text.matchAll(pattern)) {
        const target = resolveLocal(file, m[1]!);
        // A directory without index.ts (e.g. `new URL('../..', import.meta.url)`, the app root) is no file to copy.
        if (target === undefined && isDirectory(resolve(dirname(file), m[1]!))) continue;
        if (target === undefined) throw new Error(`${relative(REPO_ROOT, file)}: cannot resolve "${m[1]}"`);
        queue.push(target);
      }
  }
  return [...seen].map((f) => relative(REPO_ROOT, f)).sort();
}
