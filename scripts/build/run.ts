import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BundleConfig } from '../../bundle/config';
import { defaultBundleConfig } from '../../bundle/defaults';
import { withHeader, type Generator } from './generated';
import { generators as allGenerators } from './generators';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Drift {
  readonly path: string;
  readonly problem: 'missing' | 'different' | 'stale';
}

async function listFiles(dir: string, root: string = REPO_ROOT): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const e of entries) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) files.push(...(await listFiles(rel, root)));
    else files.push(rel);
  }
  return files;
}

/** Every generated file with its final content (header included), keyed by repo-relative path. */
export async function renderAll(generators: readonly Generator[] = allGenerators, config: BundleConfig = defaultBundleConfig): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const g of generators) {
    for (const f of await g.generate(config)) {
      if (out.has(f.path)) throw new Error(`build:rules: ${g.name} generates ${f.path}, which another generator already generates`);
      out.set(f.path, f.handWritten ? f.content : withHeader(f.path, f.content, g.sources));
    }
  }
  return out;
}

/** Compares the generated output with the files on disk; empty when nothing drifted. */
export async function findDrift(generators: readonly Generator[] = allGenerators): Promise<Drift[]> {
  const rendered = await renderAll(generators);
  const drift: Drift[] = [];
  for (const [path, content] of rendered) {
    const onDisk = await readFile(join(REPO_ROOT, path), 'utf8').catch(() => undefined);
    if (onDisk === undefined) drift.push({ path, problem: 'missing' });
    else if (onDisk !== content) drift.push({ path, problem: 'different' });
  }
  for (const g of generators)
    for (const dir of g.ownedDirs)
      for (const path of await listFiles(dir)) if (!rendered.has(path)) drift.push({ path, problem: 'stale' });
  return drift;
}

export interface WriteOptions {
  /** The config to build (default: the committed defaults). */
  readonly config?: BundleConfig;
  /** Where the repository-relative paths are written (default: the repository itself). */
  readonly root?: string;
}

/** Writes every generated file under `root`, removing stale files in owned dirs; returns what changed. */
export async function writeAll(generators: readonly Generator[] = allGenerators, options: WriteOptions = {}): Promise<string[]> {
  const root = options.root ?? REPO_ROOT;
  const rendered = await renderAll(generators, options.config);
  const written: string[] = [];
  for (const g of generators)
    for (const dir of g.ownedDirs)
      for (const path of await listFiles(dir, root)) if (!rendered.has(path)) await rm(join(root, path));
  for (const [path, content] of rendered) {
    const abs = join(root, path);
    const onDisk = await readFile(abs, 'utf8').catch(() => undefined);
    if (onDisk === content) continue;
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, content);
    written.push(relative(root, abs));
  }
  return written;
}
